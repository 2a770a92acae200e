"""Benchmark corpora with injected reuse: units of shared eval articles plus copies of four kinds.

One unit holds:

- ``background`` ECB+ news articles (no injected links; ECB+ has real wire copies
  among them, which are found but not scored);
- VERBATIM pairs: an ECB+ article and a copy with its last line dropped and a
  line of furniture added;
- PARTIAL pairs: an ECB+ article, and another ECB+ article with its two
  longest lines spliced in (copied paragraphs, not a title and a date line);
- REWORDED pairs: MSRP paraphrase pairs (label 1), the ``a`` sentences as one
  article and their ``b`` sentences, in the same order, as the other;
- TRANSLATED pairs: a MEANTIME article and one of its translations, each
  document used once.

ECB+ material is reused across units under a per-unit word cipher (every word
mapped to another vocabulary word by a seeded hash), so units never share
wording. MSRP and MEANTIME material is drawn without replacement (recycling it
would plant verbatim copies across units): MSRP lasts 172 units, MEANTIME 120.
Once a pool is spent, a unit fills those slots with more ciphered ECB+ pairs
(rewrite slots become partial pairs, translation slots verbatim pairs), so every
unit keeps its size and every size keeps its share of injected links; the
rewrite and translation recall of a large corpus is then measured on the pairs
there are, among all the others. ECB+ articles are cut to LINES_PER_ARTICLE lines.

``with_shared_lines`` adds what a real crawl shares and these units do not: a wire
disclaimer that survives cleaning in 30% of the articles, and in every unit one long
article that repeats one sentence (``bench_reuse.py --shared``).

Used by ``bench_reuse.py`` (units of 58) and ``bench_engines.py`` (units of 50,
so 1x is 1,000 articles).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import replace
from pathlib import Path

from retold.model import Article

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
LINES_PER_ARTICLE = 6
BACKGROUND, VERBATIM, PARTIAL, REWORDED, TRANSLATED = 30, 4, 4, 4, 2
MSRP_SENTENCES = 4
WORD = re.compile(r"\w+")
# ``with_shared_lines``: the disclaimer, the share of articles that carry it (picked by a
# hash of the id), and how often each unit's long article repeats its sentence (~150 KB).
DISCLAIMER = ("This material may not be published, broadcast, rewritten or redistributed "
              "without the written permission of the publisher.")
DISCLAIMER_SHARE = 0.3
REPEATS = 2500
REPEATED = "Sign up for our morning newsletter to get the latest news from around the region."


def unit_size(background: int = BACKGROUND) -> int:
    """Articles in one unit."""
    return background + 2 * (VERBATIM + PARTIAL + REWORDED + TRANSLATED)


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()][:LINES_PER_ARTICLE]


class _Cipher:
    """Maps each word to a vocabulary word by a seeded hash: same unit, same mapping."""

    def __init__(self, vocabulary: list[str], unit: int) -> None:
        self.vocabulary, self.unit = vocabulary, unit

    def __call__(self, text: str) -> str:
        if self.unit == 0:
            return text
        return WORD.sub(self._word, text)

    def _word(self, m: re.Match) -> str:
        h = int.from_bytes(hashlib.blake2b(f"{self.unit}:{m.group().lower()}".encode(), digest_size=8).digest(), "big")
        return self.vocabulary[h % len(self.vocabulary)]


def build_corpus(units: int, seed: int = 0, background: int = BACKGROUND
                 ) -> tuple[list[Article], set[tuple[str, str, str]]]:
    """``units`` units of articles and the injected links ``(a, b, kind)`` with ``a < b``.

    ``units=0`` gives no articles and no links. Article ids name their unit and
    role (``u3-vc1`` is unit 3's second verbatim copy).
    """
    rng = random.Random(seed)
    ecb = [d for d in _jsonl(SHARED / "eval/stories/ecbplus-dev/docs.jsonl") if len(_lines(d["text"])) >= 4]
    vocabulary = sorted({w for d in ecb for w in WORD.findall(d["text"].lower()) if w.isalpha()})
    msrp = [r for r in _jsonl(SHARED / "eval/paraphrase/msrp-train.jsonl") if r["label"] == 1]
    meantime = {d["id"]: d for d in _jsonl(SHARED / "eval/reuse/meantime/docs.jsonl")}
    sets = json.loads((SHARED / "eval/reuse/meantime/gold.json").read_text(encoding="utf-8"))["translations"]
    translation_pairs = [(s[0], s[1]) for s in sets] + [(s[2], s[3]) for s in sets]
    rng.shuffle(msrp)
    rng.shuffle(translation_pairs)
    articles: list[Article] = []
    gold: set[tuple[str, str, str]] = set()

    def add(id: str, lines: list[str], language: str = "en") -> str:
        articles.append(Article(id=id, body="\n".join(lines), language=language))
        return id

    def link(a: str, b: str, kind: str) -> None:
        gold.add((min(a, b), max(a, b), kind))

    def verbatim(original_id: str, copy_id: str, original: list[str]) -> None:
        link(add(original_id, original), add(copy_id, original[:-1] + ["Share this article"]), "verbatim")

    def partial(donor_id: str, host_id: str, donor: list[str], host: list[str]) -> None:
        copied = sorted(donor, key=len)[-2:]
        link(add(donor_id, donor), add(host_id, host[:2] + copied + host[2:]), "partial")

    for u in range(units):
        cipher = _Cipher(vocabulary, u)
        docs = rng.sample(ecb, background + 2 * VERBATIM + 3 * PARTIAL)
        text = [[cipher(line) for line in _lines(d["text"])] for d in docs]
        for k in range(background):
            add(f"u{u}-bg{k}", text[k])
        pos = background
        for k in range(VERBATIM):
            verbatim(f"u{u}-vo{k}", f"u{u}-vc{k}", text[pos + k])
        pos += VERBATIM
        for k in range(PARTIAL):
            partial(f"u{u}-pd{k}", f"u{u}-ph{k}", text[pos + 2 * k], text[pos + 2 * k + 1])
        # A separate generator for the fill-ins, so the units before a pool runs out are
        # the same whatever the size (bench_reuse's figures stay comparable across versions).
        spare = random.Random(f"{seed}:{u}:spare")
        for k in range(REWORDED):
            if len(msrp) >= MSRP_SENTENCES:
                rows = [msrp.pop() for _ in range(MSRP_SENTENCES)]
                link(add(f"u{u}-ra{k}", [r["a"] for r in rows]), add(f"u{u}-rb{k}", [r["b"] for r in rows]), "rewrite")
            else:
                donor, host = ([cipher(line) for line in _lines(d["text"])] for d in spare.sample(ecb, 2))
                partial(f"u{u}-xd{k}", f"u{u}-xh{k}", donor, host)
        for k in range(TRANSLATED):
            if translation_pairs:
                x, y = translation_pairs.pop()
                # Whole documents: line breaks differ between a MEANTIME article and its
                # translation, so cutting both at N lines would leave them different texts.
                link(add(f"u{u}-t{k}-{x}", meantime[x]["text"].split("\n"), x[:2]),
                     add(f"u{u}-t{k}-{y}", meantime[y]["text"].split("\n"), y[:2]), "translation")
            else:
                verbatim(f"u{u}-xo{k}", f"u{u}-xc{k}", [cipher(line) for line in _lines(spare.choice(ecb)["text"])])
    return articles, gold


def with_shared_lines(articles: list[Article], units: int) -> list[Article]:
    """``articles`` with ``DISCLAIMER`` as the last line of ``DISCLAIMER_SHARE`` of them, plus
    one article per unit (``u<n>-long``) that repeats one sentence ``REPEATS`` times. The
    sentence is ciphered per unit, so two units' long articles are not copies of each other
    (a crawl's one site repeating a line is what is measured, not a thousand identical pages).
    """
    vocabulary = sorted({w for a in articles for w in WORD.findall(a.body.lower()) if w.isalpha()})
    out = [replace(a, body=f"{a.body}\n{DISCLAIMER}") if _share(a.id) < DISCLAIMER_SHARE else a for a in articles]
    for u in range(units):
        out.append(Article(id=f"u{u}-long", body=" ".join([_Cipher(vocabulary, u)(REPEATED)] * REPEATS), language="en"))
    return out


def unit_firsts(articles: list[Article], units: int) -> list[tuple[int, Article]]:
    """``(unit, its first article)`` for each unit that has one (ids ``u<n>-...``)."""
    found = ((u, next((a for a in articles if a.id.startswith(f"u{u}-")), None)) for u in range(units))
    return [(u, first) for u, first in found if first is not None]


def with_saved_copies(articles: list[Article], units: int, copies: int) -> list[Article]:
    """``articles`` plus, in each unit, its first article saved ``copies`` more times under
    ids of their own (``u<n>-saved<k>``): a page a crawl fetched under several addresses,
    or a site's redirect or anti-bot page, word for word. Every two of them are a verbatim
    link, so a unit gains ``copies * (copies + 1) / 2`` links."""
    out = list(articles)
    for u, first in unit_firsts(articles, units):
        out.extend(replace(first, id=f"u{u}-saved{k}") for k in range(copies))
    return out


def with_reposts(articles: list[Article], units: int, copies: int) -> list[Article]:
    """``articles`` plus, in each unit, its first article reposted ``copies`` times by sites of
    their own (``u<n>-repost<k>``, each on its own domain): the text under the site's
    masthead and above its sign-off, as a crawl finds one wire story on many sites. Each of
    its sentences is then in ``copies + 1`` articles (boilerplate to the masking), yet every
    two of them are a verbatim link: a unit gains ``copies * (copies + 1) / 2`` links."""
    out = list(articles)
    for u, first in unit_firsts(articles, units):
        out.extend(replace(first, id=f"u{u}-repost{k}", outlet=f"Site {k} News", url=f"https://www.site{k}news.com/u{u}",
                           body=f"Site {k} News, your local paper for district {k} since {1900 + k}.\n{first.body}\n"
                                f"More from Site {k}: weather, school board minutes and obituaries for district {k}.")
                   for k in range(copies))
    return out


def _share(article_id: str) -> float:
    return int(hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:8], 16) / 0x1_0000_0000
