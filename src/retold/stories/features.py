"""Per-article evidence for telling events apart: who and where (salient named
entities), when (an anchor date), and the lede (headline and first lines).

Page furniture at the head of a text (a site's "Sign up to FREE daily email alerts", a
consent notice, an audio player's error: ``segment.furniture.head_furniture``) is left
out of the text the stage reads (``article_text`` with the article's features): the
pages of one site that all open with it read as one lede. On SemEval dev, whose texts
carry no address to tell one site by, Reach's regional papers opened with the same
newsletter line and their reports of different events were joined (a coronavirus study
in Germany, Coventry's Easter lockdown, New Year's Day laundry lore). A page that is a
site's notice and nothing else (an anti-bot or paywall page, a consent wall under a
headline: ``segment.furniture.notice_pages``) is marked ``notice`` and read by its
headline alone, the notice being furniture: nine Polish anti-bot pages saved as SemEval
articles were one story, while a paywall page under "Two hurt when snowmobile crashed
into tree" belongs with that report.
Bare lists (``segment.lists``: eight or more short items on a line, as a site's
keyword line "Türkiye, haber, haberler, gaziosmanşa, ...") are not read either: they
are no one event's evidence, as they are no copy's (SemEval dev: very dissimilar pairs
joined 0.098 -> 0.095, ar 0.353 -> 0.294; ECB+, METER, the crawl and very similar pairs
unchanged).

Computed once per article with spaCy NER (batched, every other component off)
and kept in the optional ``Cache``, keyed by article id and body hash, so a
later incremental run pays nothing for articles it has already seen.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Sequence

from retold.fingerprint import code_digest
from retold.model import Article, Cache
from retold.nlp import parse, spacy_pipeline
from retold.segment.furniture import closing_lines, merged_spans, read_furniture
from retold.segment.lists import list_spans
from retold.stories.dates import anchor_date

CACHE_NAMESPACE = "stories.features.v6"  # v3: anchor date from metadata only; v4: notice pages; v5: lists; v6: closing

# NER runs on the opening of each article only: the event (who, where, when) is
# told in the first paragraphs, and NER cost grows with length (~25 docs/s at
# 5,000 characters on one core).
NER_CHARS = 4000
# The lede: headline plus the first lines. ~600 characters holds the headline,
# a dateline and the first sentence or two in ECB+ and in the seeds.
LEDE_CHARS = 600
# An entity is salient when it is in the lede or named at least this often.
SALIENT_MIN_COUNT = 2
# Entity kinds that name who/what/where; numbers and dates are handled apart.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})
_PIPE_DISABLE = ("parser", "lemmatizer")
_NER_BATCH = 32
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    """What ``assign_stories`` knows about one article besides its wording."""

    article_id: str
    salient: tuple[str, ...]  # normalised entity keys (see ``entity_key``), sorted
    anchor: str | None  # ISO date the article reports from, or None when unknown
    lede: str  # headline and first lines, for lede-to-lede similarity
    # character spans of the article's raw ``article_text`` the stage does not read: page
    # furniture at its head (of a notice page: all but its headline) and bare lists
    # anywhere (``segment.lists``: a site's keyword line, a cast list)
    furniture: tuple[tuple[int, int], ...] = ()
    # the page is a site's notice and no report (``segment.furniture.notice_pages``)
    notice: bool = False
    # the text's closing line when it reads as page furniture (``segment.furniture.closing_lines``):
    # pages that end with the same one are one site's pages, when nothing else tells their site
    closing: str | None = None

    def to_bytes(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> ArticleFeatures:
        d = json.loads(data.decode("utf-8"))
        return cls(d["article_id"], tuple(d["salient"]), d["anchor"], d["lede"],
                   tuple(tuple(span) for span in d.get("furniture", ())), bool(d.get("notice", False)),
                   d.get("closing"))


def article_text(article: Article, features: ArticleFeatures | None = None) -> str:
    """Headline and body as one text (headline first unless the body already opens with
    it); with the article's ``features``, without the furniture they found at its head
    (the text the stories stage reads; near-copy signatures read the raw text)."""
    head = (article.headline or "").strip()
    text = f"{head}\n{article.body}" if head and not article.body.lstrip().startswith(head) else article.body
    return text if features is None else without_spans(text, features.furniture)


def without_spans(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with the character ``spans`` (in order, not overlapping) left out, each
    replaced by one space."""
    if not spans:
        return text
    pieces, pos = [], 0
    for start, end in spans:
        pieces.append(text[pos:start])
        pos = end
    pieces.append(text[pos:])
    return " ".join(pieces)


def entity_key(label: str, text: str) -> str:
    """A mention normalised so that mentions of one referent meet: lower-cased word
    tokens, and a person by surname ("Sergei Shoigu" and "Shoigu" both give "shoigu")."""
    tokens = _TOKEN.findall(text.lower())
    if tokens and tokens[-1] == "s" and len(tokens) > 1:  # possessive "Reid's" -> "reid"
        tokens = tokens[:-1]
    if label == "PERSON" and tokens:
        tokens = tokens[-1:]
    return " ".join(tokens)


def text_ngrams(text: str, max_n: int = 4) -> set[str]:
    """Every run of 1..``max_n`` lower-cased word tokens in ``text`` (the vocabulary
    ``entity_key`` builds keys from), so "is this entity named there?" is a set lookup."""
    tokens = _TOKEN.findall(text.lower())
    return {" ".join(tokens[i : i + n]) for n in range(1, max_n + 1) for i in range(len(tokens) - n + 1)}


def mentioned_keys(text: str, keys: set[str], first_tokens: set[str], max_n: int = 4) -> set[str]:
    """The members of ``keys`` (entity keys, ``first_tokens`` their first words) that ``text`` names.

    Same result as ``keys & text_ngrams(text)``, but only builds n-grams that start
    with a key's first word, which is most of the cost on a large store.
    """
    tokens = _TOKEN.findall(text.lower())
    found = set()
    for i, token in enumerate(tokens):
        if token in first_tokens:
            for n in range(1, min(max_n, len(tokens) - i) + 1):
                gram = " ".join(tokens[i : i + n])
                if gram in keys:
                    found.add(gram)
    return found


def cache_key(article: Article) -> str:
    """The cache key of an article's features (its id, text hash and publication date)."""
    return _cache_key(article)


def _cache_key(article: Article) -> str:
    digest = hashlib.sha1(article_text(article).encode("utf-8")).hexdigest()[:16]
    # the code digest follows this module's imports: segment.furniture's examples included
    return f"{CACHE_NAMESPACE}:{code_digest((__name__,))}:{article.id}:{digest}:{article.published or ''}"


def _salient_keys(doc) -> tuple[str, ...]:
    counts: Counter[str] = Counter()
    in_lede: set[str] = set()
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS:
            continue
        key = entity_key(ent.label_, ent.text)
        if len(key) < 3:  # initials and stray tokens match too much text by chance
            continue
        counts[key] += 1
        if ent.start_char < LEDE_CHARS:
            in_lede.add(key)
    return tuple(sorted(k for k, c in counts.items() if k in in_lede or c >= SALIENT_MIN_COUNT))


def ner_only(nlp) -> list[str]:
    """The components of ``nlp`` to skip when only its entities are read: all but the NER
    and the components whose output it listens to (its shared ``tok2vec``/``transformer``).

    In en_core_web_sm the NER has its own embedding layer and reads no tag, POS or lemma,
    so tok2vec, tagger and attribute ruler are skipped too: identical entities on 1,000
    ECB+/MEANTIME articles at ~60% of the CPU time. A pipeline without NER gives all names.
    """
    if "ner" not in nlp.pipe_names:
        return list(nlp.pipe_names)
    upstream = {getattr(node, "upstream_name", None) for node in nlp.get_pipe("ner").model.walk()}
    if "*" in upstream:  # a listener of whichever embedding component comes first: keep them all
        upstream |= {name for name in nlp.pipe_names if nlp.get_pipe_meta(name).factory in ("tok2vec", "transformer")}
    return [name for name in nlp.pipe_names if name != "ner" and name not in upstream]


def _compute(articles: Sequence[Article]) -> list[ArticleFeatures]:
    nlp = spacy_pipeline(disable=_PIPE_DISABLE)
    raw = [article_text(a) for a in articles]
    furniture = [(merged_spans(spans + tuple(list_spans(text))), notice) for text, (spans, notice)
                 in zip(raw, read_furniture(raw))]
    texts = [without_spans(text, spans)[:NER_CHARS] for text, (spans, _) in zip(raw, furniture)]
    out = []
    docs = parse(nlp, texts, batch_size=_NER_BATCH, disable=ner_only(nlp))
    for article, text, doc, (spans, notice), closing in zip(articles, texts, docs, furniture, closing_lines(raw)):
        lede = text[:LEDE_CHARS]
        out.append(ArticleFeatures(article.id, _salient_keys(doc), anchor_date(article.published), lede, spans,
                                   notice, closing))
    return out


def article_features(articles: Sequence[Article], cache: Cache | None = None) -> list[ArticleFeatures]:
    """Features of each article, in input order; cached per article id and text hash.

    Empty input gives ``[]``.
    """
    found: dict[int, ArticleFeatures] = {}
    missing: list[int] = []
    for i, article in enumerate(articles):
        data = cache.get(_cache_key(article)) if cache is not None else None
        if data is None:
            missing.append(i)
        else:
            found[i] = ArticleFeatures.from_bytes(data)
    for i, feats in zip(missing, _compute([articles[i] for i in missing])):
        found[i] = feats
        if cache is not None:
            cache.put(_cache_key(articles[i]), feats.to_bytes())
    return [found[i] for i in range(len(articles))]
