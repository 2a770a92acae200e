"""Who said what in one article: attributions from spaCy's parse plus quotation marks.

A quote is a report of what a person or organisation said, wrote, announced or stated, so
the candidate cues are the speech verbs and nouns of ``retold.quotes.cues`` (``is_speech``:
"said", "wrote", "his claim that"), never a verb inside quotation marks (“We keep saying
that ...” is the quoted speaker's own words). A cascade finds a cue's content, each step
running only when the one before found none (as in trafilatura):

1. the clausal complement (``ccomp``: "Shoigu said [that] relations were degrading",
   "“Relations are bad,” he said"); of a noun or adjective, its "that" clause or the object
   of its preposition ("his claim that ...", "confident that ...", "support for ...");
2. the clause the cue hangs off as an aside ("Relations are bad, he said", "The industry,
   she said, is doing better");
3. a colon right after the cue ("Trump said: ...");
4. the object with the rest of its verb phrase ("slammed Cruz [for failing to act]"), or an
   infinitive complement ("urged Congress to act");
5. (lexicon cues only) quoted words inside the cue's own phrase ("called the claims
   “unfounded”", ``mixed``), then a quotation right before or after the cue clause.

A logistic gate fitted on PolNeAR train (``retold.quotes.gate``) then keeps the candidates
of steps 1-4 that are attributions; step 5's quotations pass without it (the marks are the
evidence of speech, and PolNeAR's weights would drop one-word mixed quotes). A closing
aside after a comma (", which ...", ", drawing boos") is cut from a content. "according
to X" takes the rest of its sentence. Every content that touches a quotation is widened to
the whole quotation, so multi-sentence quotes and split quotes ("“A,” he said, “B”")
become one quote. A quoted sentence with no cue of its own is said by the person named
right next to it ('“...,” Benioff weighed in'), else continues the last speaker: inside the
same paragraph it joins that quote's fragments ("“A,” Trump said. “B.”" is one quote, as
PolNeAR annotates it); in the next paragraphs it is a new quote.

Left out, for precision on real pages (judged sample: ``tests/quotes/data``): a speaker that
is no one ("we confirmed", "we’ll explain", "he" unresolved, "This warns", "Tuesday reported",
"Alexandria Ocasio-CortezSanders"), a finding or a text ("another study found", "a blog post
said", "Chapter 1 explains"), a thing ("the deals promise"); a cue
negated, modal or passive without its agent ("did not say", "will ask", "was said to"); an
object that is an act rather than words ("posted a video"); a short title in quotation marks
("a script called “Wild Rose”"); a colon label that is not a transcript's speaker ("Portion
Fix Containers: 1 Purple", "DEAR ABBY:"); an article in a language the parser does not read.
Known limits: pronoun and role resolution is a rule cascade (speakers.py), so "she" after a
list of names, or "the governor" where the article names him elsewhere, can be wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from spacy.tokens import Doc, Span, Token

from retold.model import Article, Quote, QuotePiece
from retold.nlp import SPACY_LANGUAGES, parse_in_pieces, spacy_pipeline
from retold.quotes.cues import cue_phrase, is_cue, is_speech
from retold.quotes.gate import candidate_features, keep, length_bucket
from retold.quotes.marks import QuotedSpan, find_quoted_spans
from retold.quotes.speakers import NameIndex, index_names, is_personlike, resolve_speaker

# Characters trimmed from both ends of a content span: punctuation that frames a clause.
_TRIM = " \t\n\u00a0,;:.—–-\"“”‘’«»„‹›‚…'"  # ' for the NYT's '' marks
_LEADING_WORDS = ("that ", "That ", "whether ", "if ")
# A quoted span shorter than this many words with no cue of its own is a scare quote or a
# title ("a security “threat”"), not a continued quotation.
MIN_CONTINUATION_WORDS = 4
# A bare quotation continues the last speaker only this many characters after that quote
# ended: the next sentence or paragraph, never across unrelated prose.
CONTINUATION_REACH_CHARS = 400
# A speaker who is the writer or the reader ("we can say that", "you will wonder") reports
# nothing: the quotation marks, when any, are the writer's own.
AUTHOR_PRONOUNS = frozenset({"i", "we", "you", "me", "us"})
# A negation or a modal on the cue: the speech did not happen, or has not yet ("would say").
NOT_SAID_WORDS = frozenset({"not", "n't", "never", "will", "would", "could", "can", "may", "might", "should",
                            "must", "ca", "wo", "shall"})
# A title-case quotation of at most this many words is a title, not speech.
TITLE_MAX_WORDS = 5
UNRESOLVED_PRONOUNS = frozenset({"he", "she", "they", "it", "him", "her", "them", "who", "which", "that", "their",
                                 "its", "his", "our", "some", "many", "others", "this", "these", "those"})
# Entity types that never name who spoke ("Chapter 1 explains how ...", read as LAW). Not
# a list of those that may: the small NER model calls people and outlets works of art,
# products or events ("Gary Johnson", "Zero Hedge" on PolNeAR dev), and numbers speak for
# people ("one of the family's attorneys", "63 percent said").
NOT_SPEAKER_ENTITY_TYPES = frozenset({"DATE", "TIME", "MONEY", "QUANTITY", "ORDINAL", "LAW", "LANGUAGE"})
# A contraction the tokenizer left whole ("we’ll", "I'm") is its pronoun.
_APOSTROPHE = re.compile("[’']")
# Names run together by page extraction ("Alexandria Ocasio-CortezAlexandria Ocasio-CortezSanders").
_RUN_TOGETHER = re.compile(r"[a-z]{3}[A-Z]")
# Common nouns that name people or organisations who speak ("officials said", "the company says");
# any other common-noun speaker is a thing ("the Black Friday deals promise", "a script called").
SPEAKER_NOUNS = frozenset("""
official spokesman spokeswoman spokesperson minister president governor mayor senator lawmaker legislator
congressman congresswoman representative analyst expert economist researcher scientist doctor physician
nurse police officer detective sheriff prosecutor lawyer attorney judge witness source people person man
woman resident user critic supporter opponent leader executive ceo chief director manager coach player
author writer reporter journalist editor agency company firm government ministry department authority group
organization organisation party campaign administration committee commission council team union board
court family investor trader student teacher parent voter member aide adviser advisor staff employee
worker activist protester demonstrator commenter commentator professor founder chairman chairwoman
secretary ambassador envoy diplomat general commander military army brokerage automaker maker manufacturer
retailer bank carrier airline network newspaper outlet broadcaster regulator investigator inspector
observer owner operator developer designer engineer partner candidate nominee challenger incumbent
delegate prime premier chancellor king queen prince princess pope bishop cleric priest rabbi imam
spokesmen officials fan customer client patient victim survivor suspect defendant plaintiff accuser
neighbor neighbour friend relative brother sister mother father son daughter wife husband child
student inmate guard soldier veteran pilot driver farmer owner tenant landlord actor actress singer
artist musician director producer host anchor presenter panel jury manufacturer insurer lender
university school college hospital clinic institute foundation association federation league club
ministry embassy consulate parliament senate congress house white kremlin pentagon
""".split())
# Speaker heads that are findings or texts, not a person or organisation who spoke.
NOT_SPEAKERS = frozenset({"study", "research", "survey", "analysis", "data", "finding", "paper", "figure",
                          "chart", "evidence", "result", "experiment", "model", "review", "trial", "test",
                          "article", "goal", "post", "page", "video", "footage", "photo", "image", "map",
                          "graph", "table", "list", "guide", "book", "website", "site", "app", "product",
                          "report", "statement", "word", "guidance", "document", "release", "letter", "filing",
                          "memo", "poll", "message", "email", "tweet", "comment", "record", "headline", "story"})
# Reporting verbs whose direct object is the listener or the topic, not what was said.
ADDRESSEE_LEMMAS = frozenset({"tell", "ask", "warn", "urge", "remind", "assure", "address", "inform", "say",
                              "call", "describe", "label", "dub", "quote", "accuse", "thank", "answer"})
# Verbs that are speech only when they govern a clause ("..., he continued"), never through a
# nearby quotation ("NATO “continues to work ...”").
CLAUSE_ONLY_LEMMAS = frozenset({"continue", "complete", "add", "seek", "want", "plan", "hope"})
# Prepositions that introduce what a noun or adjective cue is about ("support for", "worried about").
NOMINAL_PREPS = frozenset({"about", "for", "on", "of", "over", "against", "with", "to"})
# Phrases after a reporting verb's object that still belong to what was said ("criticized
# Rubio [for failing ...]"); read off PolNeAR train content spans.
OBJECT_COMPLEMENT_DEPS = frozenset({"prep", "oprd", "advcl", "xcomp", "ccomp", "npadvmod", "dative", "acomp"})
# Participle clauses after a comma that close a content as the reporter's aside (", throwing a
# wrench in ..."), checked on PolNeAR train content ends.
TRAILING_ASIDE_DEPS = frozenset({"advcl", "xcomp", "conj", "acl"})
_QUOTE_CHARS = frozenset('"“”«»„‹›') | {"''", "``"}
# A split quote's cue clause ("”, Shoigu told Rossiya 1 on Sunday, “") is at most this long.
GLUE_GAP_MAX_CHARS = 80
# A quotation followed this closely by a cue verb has its own attribution ("“B,” Lavrov said").
OWN_CUE_REACH_CHARS = 40
# At most this much text (punctuation, spaces) may sit between a cue clause and a quote to glue.
GLUE_GAP_CHARS = 3


_SENTENCE_ENDS = tuple('.!?"”’')
# A label's content ("WALLACE: Let's start") is a sentence, not a count or a name ("Red: 1").
MIN_LABEL_CONTENT_WORDS = 3
# "Pence: Gennifer Flowers Won't Be at Debate" / "\"WALLACE: Let's start ...": a label of one to
# four capitalised words, then a colon, at the start of a paragraph.
_COLON_LABEL = re.compile(r"^[\"“]?(?P<label>[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3}): +(?P<content>\S.*)$")
# "“...” ― Sonya Herridge" at the end of a paragraph.
_DASH_SIGNATURE = re.compile(r"(?<=[”\"»])\s*[―—–]\s*(?P<label>[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3})\s*$")
# Labels that head a paragraph but name no speaker.
_NOT_LABELS = frozenset({"note", "update", "editor's note", "editor’s note", "photo", "watch", "related",
                         "read more", "source", "sources", "correction", "disclaimer", "video", "image"})


@dataclass(slots=True)
class Attribution:
    """An attribution being built: content fragments as body offsets, cue and speaker."""

    fragments: list[tuple[int, int]]
    cue: str | None
    cue_at: int
    speaker: str | None
    speaker_span: tuple[int, int] | None
    paragraph: int
    sentence_end: int
    kind: str = "indirect"
    extra: dict = field(default_factory=dict)

    @property
    def start(self) -> int:
        return min(s for s, _ in self.fragments)

    @property
    def end(self) -> int:
        return max(e for _, e in self.fragments)


def _trim(body: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past framing punctuation and a leading complementiser."""
    while start < end and body[start] in _TRIM:
        start += 1
    while end > start and body[end - 1] in _TRIM:
        end -= 1
    for word in _LEADING_WORDS:
        if body.startswith(word, start) and end - start > len(word) + 3:
            return _trim(body, start + len(word), end)
    return start, end


def _tokens_span(tokens: Iterable[Token]) -> tuple[int, int] | None:
    toks = list(tokens)
    if not toks:
        return None
    return min(t.idx for t in toks), max(t.idx + len(t.text) for t in toks)


def _subtree_without(token: Token, skip: Token | None = None) -> list[Token]:
    if skip is None:
        return list(token.subtree)
    dropped = {t.i for t in skip.subtree}
    return [t for t in token.subtree if t.i not in dropped]


def _inverted_subject(cue: Token) -> Token | None:
    """"..., said Vice Admiral Aleksandr Moiseev" / "warned Defense Minister Sergei Shoigu"."""
    prev = cue.doc[cue.i - 1].text if cue.i > 0 else ""
    aside = prev in (",", "”", '"', "»", "—", "–")
    for child in cue.children:
        if child.i > cue.i and child.pos_ == "PROPN" and (
                child.dep_ in ("nsubj", "npadvmod", "appos") or (aside and child.dep_ in ("dobj", "attr", "dep"))):
            return child
    return None


def _speaker_token(cue: Token) -> Token | None:
    """The grammatical speaker of a cue verb, climbing through participles and conjuncts; of
    a noun or adjective cue, its possessor ("his claim") or its verb's subject ("X is confident")."""
    if cue.pos_ in ("NOUN", "ADJ"):
        poss = next((c for c in cue.children if c.dep_ == "poss"), None)
        if poss is not None:
            return poss
        head = cue.head.head if cue.head.dep_ == "prep" else cue.head
        return None if head is cue else next((c for c in head.children if c.dep_ == "nsubj"), None)
    agent = next((g for c in cue.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
    if agent is not None:
        return agent  # "it was reported by the Times"
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in cue.children):
        return None  # "She was said to ...": the subject is who it is about, the speaker unnamed
    verb = cue
    for _ in range(4):
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "csubj")), None)
        if subj is not None and verb is not cue and verb.dep_ == "ccomp" and not subj.ent_type_ \
                and subj.pos_ == "NOUN" and is_cue(verb.head):
            verb = verb.head  # "X suggested relations are bad, citing ...": X cites, not "relations"
            continue
        if subj is not None:
            return subj
        if verb is cue and (inverted := _inverted_subject(cue)) is not None:
            return inverted
        if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return verb.head
        participle = verb.tag_ in ("VBG", "VB", "VBN")
        if (verb.dep_ == "conj" or (participle and verb.dep_ in ("advcl", "xcomp", "pcomp", "dep"))) \
                and verb.head is not verb:
            verb = verb.head
            continue
        break
    root = cue.sent.root
    if verb is not root and cue.tag_ in ("VBG", "VB", "VBN"):
        # "Trump spoke for an hour, slamming ...", "Criticizing X, she said": a participle's
        # speaker is the sentence's subject
        found = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if found is not None:
            return found
    # The parser lost the subject ("Jay DiPietro, the club's president, suggested"): the last
    # person or organisation named before the cue in its sentence.
    named = [e for e in cue.sent.ents if e.end <= cue.i and e.label_ in ("PERSON", "ORG")]
    return named[-1].root if named else None


def _is_title(text: str) -> bool:
    """A short quotation whose words are all capitalised ("Wild Rose", "Master Builder Series",
    "The One I Love"): the name of a work or a thing, not words someone said."""
    words = [w for w in re.findall(r"[\w’']+", text) if w.lower() not in ("of", "the", "a", "an", "and", "in", "on", "to", "for")]
    return 1 < len(words) <= TITLE_MAX_WORDS and all(w[:1].isupper() or w[:1].isdigit() for w in words)


def _can_speak(who: Token) -> bool:
    """Whether a speaker head may name who spoke: a name, a pronoun, an entity, or a common
    noun of ``SPEAKER_NOUNS`` (never a finding or a text: ``NOT_SPEAKERS``)."""
    lemma = who.lemma_.lower()
    if lemma in NOT_SPEAKERS:
        return False
    if who.ent_type_ in NOT_SPEAKER_ENTITY_TYPES:
        return False
    if who.pos_ in ("PROPN", "PRON") or who.ent_type_ or who.tag_ == "NNP":
        return True
    return lemma in SPEAKER_NOUNS or who.lower_ in SPEAKER_NOUNS


def _mention(head: Token) -> Span:
    """The speaker's noun phrase without its relative clauses ("the ambassador, who met X")."""
    dropped = set()
    for child in head.children:
        if child.dep_ in ("relcl", "acl", "advcl") and child.i > head.i:
            dropped |= {t.i for t in child.subtree}
    keep = [t for t in head.subtree if t.i not in dropped and not t.is_punct]
    if not keep:
        return head.doc[head.i : head.i + 1]
    return head.doc[min(t.i for t in keep) : max(t.i for t in keep) + 1]


def _is_aside(cue: Token) -> bool:
    """A cue clause after a comma at the end of the clause it reports ("..., he said"), or
    between commas inside it ("The industry, she said, is doing better")."""
    if cue.dep_ not in ("parataxis", "ccomp", "conj"):
        return False
    doc = cue.doc
    words = [t.i for t in cue.subtree if not t.is_punct]  # the parser hangs the commas on the cue
    left = doc[min(words) - 1] if min(words) > 0 else None
    if cue.head.i > cue.i:
        between_commas = min(words) > 0 and doc[min(words) - 1].text == "," \
            and max(words) + 1 < len(doc) and doc[max(words) + 1].text == ","
        if not between_commas or not any(c.dep_ == "nsubj" for c in cue.children):
            return False
        return not any(c.dep_ in ("ccomp", "dobj") for c in cue.children)
    before_cue = cue.doc[cue.i - 1] if cue.i > 0 else None
    comma = any(t is not None and t.text in (",", "—", "–", "”", '"', "''") for t in (left, before_cue))
    has_subject = any(c.dep_ == "nsubj" for c in cue.children) or _inverted_subject(cue) is not None
    own_content = any(c.dep_ in ("ccomp", "dobj") and c.i > cue.i for c in cue.children)
    return comma and has_subject and not own_content


def _object_complements(cue: Token, obj: Token) -> list[Token]:
    """The cue's phrases after its object up to a comma ("slammed X [for failing ...]",
    "mocked Rubio [as a neophyte]"): PolNeAR's content runs to the end of the verb phrase."""
    out: list[Token] = []
    for child in cue.children:
        if child.i <= obj.i:
            continue
        if child.dep_ not in OBJECT_COMPLEMENT_DEPS or cue.doc[child.left_edge.i - 1].text in (",", "—", "–", ";"):
            break
        out.extend(child.subtree)
    return out


def _without_trailing_aside(tokens: list[Token]) -> list[Token]:
    """Content tokens without a closing aside after a comma (", which raised concerns",
    ", throwing a wrench in ..."): PolNeAR ends the content before it. Quoted tokens stay."""
    if not tokens:
        return tokens
    first, last = min(t.i for t in tokens), max(t.i for t in tokens)
    doc = tokens[0].doc
    for t in sorted(tokens, key=lambda t: t.i):
        edge = t.left_edge.i
        if edge <= first + 2 or doc[edge - 1].text != "," or t.right_edge.i < last:
            continue
        aside = (t.dep_ in ("relcl", "acl") and doc[edge].lower_ in ("which", "who", "whose")) or (
            t.dep_ in TRAILING_ASIDE_DEPS and t.tag_ in ("VBG", "VBN") and edge == t.i)
        # ... unless the comma sits inside a quotation (an odd number of marks before it)
        if aside and sum(u.text in _QUOTE_CHARS for u in tokens if u.i < edge) % 2 == 0:
            return [u for u in tokens if u.i < edge - 1]
    return tokens


def _is_candidate_verb(token: Token) -> bool:
    """A speech verb or noun may introduce a quote ("said", "his claim that ..."); the gate
    decides which of its candidates are attributions. Attitudes ("wants to ...", "confident
    that ...") are PolNeAR attributions but not quotes."""
    return token.is_alpha and is_speech(token)


def _nominal_content(cue: Token) -> tuple[list[Token], str] | None:
    """Content of a noun or adjective cue: its clause ("the claim that X", "confident that X")
    or the object of its preposition ("support for X", "worried about X")."""
    clauses = [c for c in cue.children if c.dep_ in ("acl", "ccomp") and c.i > cue.i
               and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]
    if clauses:
        return list(clauses[0].subtree), "noun_clause"
    for prep in (c for c in cue.children if c.dep_ == "prep" and c.lower_ in NOMINAL_PREPS and c.i > cue.i):
        objs = [g for g in prep.children if g.dep_ in ("pobj", "pcomp")]
        if objs:
            return list(objs[0].subtree), "noun_prep"
    return None


def _content_tokens(cue: Token, sent: Span) -> tuple[list[Token], str] | None:
    """Steps 1-3 of the cascade: content tokens of a cue verb and the step's name."""
    if cue.pos_ in ("NOUN", "ADJ"):
        return _nominal_content(cue)
    # A complement clause, or an adverbial clause before the cue ("NATO “continues ...,” he
    # continued": the parser often files a fronted quote as ``advcl``).
    comps = [c for c in cue.children if c.dep_ == "ccomp" or (
        c.dep_ == "advcl" and c.i < cue.i and c.pos_ in ("VERB", "AUX")
        and any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children))]  # not "Criticizing X, she said"
    if comps:
        return [t for c in comps for t in c.subtree], "ccomp"
    if _is_aside(cue):
        return _subtree_without(cue.head, cue), "aside"
    after = [t for t in sent if t.i > cue.i and not t.is_space]
    for t in after[:6]:
        if t.text == ":":
            rest = [u for u in sent if u.i > t.i]
            return (rest, "colon") if rest else None
        if t.dep_ in ("ccomp", "nsubj") or t.pos_ == "VERB":
            break
    objects = [c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i and c.pos_ in ("NOUN", "PROPN")]
    if objects and cue.lemma_.lower() not in ADDRESSEE_LEMMAS and not any(
            c.dep_ in ("xcomp", "oprd") for c in cue.children):
        # "Wilson praised Rubio’s positions", "Obama announced a series of steps": PolNeAR counts
        # the object of a reporting verb as what was said.
        return list(objects[0].subtree) + _object_complements(cue, objects[0]), "object"
    for prep in (c for c in cue.children if c.dep_ == "prep" and c.lower_ in ("for", "on") and c.i > cue.i):
        if cue.lemma_.lower() == "call" and any(g.dep_ == "pobj" for g in prep.children):
            return [t for g in prep.children if g.dep_ == "pobj" for t in g.subtree], "object"  # "called for X"
    xcomps = [c for c in cue.children if c.dep_ == "xcomp" and c.i > cue.i]
    if xcomps:
        objs = [c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i]
        return [t for c in objs + xcomps for t in c.subtree], "xcomp"
    return None


def _according_to(sent: Span) -> list[tuple[Token, Token]]:
    """(``according``, speaker head) pairs in a sentence."""
    out = []
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
            objs = [c for c in t.doc[t.i + 1].children if c.dep_ == "pobj"]
            if objs:
                out.append((t, objs[0]))
    return out


class _ArticleExtractor:
    """Builds attributions for one article from its paragraph docs (offset, doc)."""

    def __init__(self, article: Article, docs: list[tuple[int, Doc]], gate: bool = True):
        self.article = article
        self.gate = gate  # False keeps every verb candidate (to collect training data)
        self.candidates: list[tuple[dict[str, float], list[tuple[int, int]]]] = []
        self.body = article.body
        self.docs = docs
        self.index: NameIndex = index_names(docs)
        self.quoted: list[QuotedSpan] = find_quoted_spans(article.body)
        self.out: list[Attribution] = []
        self.cue_offsets = sorted(off + t.idx for off, doc in docs for t in doc if is_cue(t))
        self.sentence_starts = sorted(off + sent.start_char for off, doc in docs for sent in doc.sents)
        self.previous: list[tuple[int, int, str]] = []

    def run(self) -> list[Attribution]:
        for paragraph, (offset, doc) in enumerate(self.docs):
            doc.user_data["paragraph"] = paragraph
            doc.user_data["offset"] = offset
            for sent in doc.sents:
                self._sentence(sent, offset, paragraph)
        self._label_forms()
        self._continuations()
        self._first_person_in_quotes()
        self._drop_echoes()
        self.out.sort(key=lambda a: (a.start, a.end))
        return self.out

    # -- per sentence -------------------------------------------------------------------------
    def _sentence(self, sent: Span, offset: int, paragraph: int) -> None:
        for according, who in _according_to(sent):
            if self._inside_quotation(according.idx + offset):
                continue
            dropped = {t.i for t in according.subtree}
            before = [t for t in sent if t.i < according.i and t.i not in dropped]
            after = [t for t in sent if t.i > according.i and t.i not in dropped]
            frags = [(s + offset, e + offset) for s, e in filter(None, (_tokens_span(before), _tokens_span(after)))]
            self._add(frags, "according to", according, who, offset, paragraph, sent)
        for tok in sent:
            lexicon = is_cue(tok)
            if not _is_candidate_verb(tok):
                continue
            if self._inside_quotation(tok.idx + offset):
                continue  # the quoted speaker's own words ("“We keep saying that ...”"), never the cue
            found = _content_tokens(tok, sent)
            frags: list[tuple[int, int]] = []
            content: list[Token] = []
            if found:
                content = [t for t in _without_trailing_aside(found[0]) if not t.is_space]
                span = _tokens_span(content)
                frags = [(span[0] + offset, span[1] + offset)] if span else []
            step = found[1] if frags else None
            if not frags and (not lexicon or tok.lemma_.lower() in CLAUSE_ONLY_LEMMAS):
                continue
            if not frags:
                frags, step = self._quotes_in_phrase(tok, offset), "phrase"
            if not frags:
                frags, step = self._adjacent_quote(tok, sent, offset), "adjacent"
            if frags and tok.lemma_.lower() in CLAUSE_ONLY_LEMMAS and step not in ("ccomp", "aside"):
                continue  # "continues to give mixed signals": speech only as "..., he continued"
            if frags and step == "object" and self._kind_of(frags) == "indirect":
                continue  # "posted a video", "announced a series of steps": an act, unless it quotes words
            if frags and (tok.head.lower_ == "let" or any(c.dep_ in ("neg", "aux") and c.lower_ in NOT_SAID_WORDS
                                                           for c in tok.children)):
                continue  # "did not say", "will ask", "cannot describe", "let's say": nothing was said
            if frags:
                who = _speaker_token(tok)
                features = candidate_features(tok, step, content, who, lexicon)
                self._add(frags, cue_phrase(tok), tok, who, offset, paragraph, sent, step, features)

    def _kind_of(self, frags: list[tuple[int, int]]) -> str:
        return self._kind(Attribution(frags, None, 0, None, None, 0, 0))

    def _content_features(self, frags: list[tuple[int, int]]) -> dict[str, float]:
        """Gate features of the final content: its length in words, its kind (how much of it
        is quoted) and whether it is split."""
        words = sum(len(self.body[s:e].split()) for s, e in frags)
        kind = self._kind(Attribution(frags, None, 0, None, None, 0, 0))
        return {f"len={length_bucket(words)}": 1.0, f"kind={kind}": 1.0, f"split={len(frags) > 1}": 1.0}

    def _inside_quotation(self, at: int) -> bool:
        return any(q.start <= at < q.end for q in self.quoted)

    def _quotes_in_phrase(self, cue: Token, offset: int) -> list[tuple[int, int]]:
        """Quotations inside the cue's own objects ("called the claims “unfounded”")."""
        subj = {t.i for c in cue.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
        toks = [t for t in cue.subtree if t.i not in subj and t.i > cue.i]
        span = _tokens_span(toks)
        if span is None:
            return []
        start, end = span[0] + offset, span[1] + offset
        return [(q.start, q.end) for q in self.quoted if q.start >= start - 1 and q.end <= end + 1
                and not _is_title(self.body[q.start:q.end])]

    def _adjacent_quote(self, cue: Token, sent: Span, offset: int) -> list[tuple[int, int]]:
        """A quotation ending just before the cue clause (preferred) or starting just after it.
        The clause is the cue with its subject and modifiers, not its objects (the parser
        often files a short quote as the object: "“A,” Shoigu said")."""
        toks = [cue] + [t for c in cue.children if c.dep_ in ("nsubj", "aux", "neg", "prt", "advmod")
                        for t in c.subtree]
        c_start = min(t.idx for t in toks) + offset
        c_end = max(t.idx + len(t.text) for t in toks) + offset
        quoted = [q for q in self.quoted if not _is_title(self.body[q.start:q.end])]
        before = [q for q in quoted if q.end <= c_start and self._glued(q.end, c_start)]
        if before:
            return [(before[-1].start, before[-1].end)]
        after = [q for q in quoted if q.start >= c_end and self._glued(c_end, q.start)]
        return [(after[0].start, after[0].end)] if after else []

    def _glued(self, start: int, end: int) -> bool:
        gap = self.body[start:end]
        return "\n" not in gap and not gap.strip(_TRIM) and len(gap) <= GLUE_GAP_CHARS + 2

    def _add(self, frags: list[tuple[int, int]], cue: str, cue_tok: Token, who: Token | None,
             offset: int, paragraph: int, sent: Span, step: str = "according",
             features: dict[str, float] | None = None) -> None:
        """Record an attribution whose content ``frags`` are body offsets; a verb candidate
        (with ``features``) only when the gate keeps it."""
        if not frags:
            return
        body_frags = self._widen_to_quotes(frags, cue_tok.idx + offset)
        body_frags = [f for f in (_trim(self.body, s, e) for s, e in body_frags) if f[1] > f[0]]
        if not body_frags:
            return
        cue_at = cue_tok.idx + offset
        if any(s <= cue_at < e for s, e in body_frags) and len(body_frags) == 1 and cue != "according to":
            body_frags = self._cut_out(body_frags[0], cue_tok, who, offset)
            if not body_frags:
                return
        if features is not None:
            features = {**features, **self._content_features(body_frags)}
            self.candidates.append((features, body_frags))
            quoted_speech = step in ("phrase", "adjacent")
            if self.gate and not keep(features) and not quoted_speech:
                return  # a reporting verb with quoted words stays: "called the claims “unfounded”"
        if who is None or _APOSTROPHE.split(who.lower_)[0] in AUTHOR_PRONOUNS or who.lemma_.lower() in NOT_SPEAKERS:
            return  # no one, the writer ("we confirmed that"), or a finding ("another study found")
        speaker, speaker_span, personlike = None, None, False
        relative = None
        if who is not None and who.lower_ in ("who", "which", "that") and who.head.dep_ == "relcl":
            relative = who
            who = who.head.head  # "Shoigu, who said ...": the speaker is the noun the clause modifies
        if who is not None:
            mention = _mention(who)
            speaker_span = (mention.start_char + offset, mention.end_char + offset)
            if relative is not None:  # the mention in the text is "Shoigu, who"
                speaker_span = (min(speaker_span[0], relative.idx + offset),
                                max(speaker_span[1], relative.idx + len(relative.text) + offset))
            speaker = self._inside_quote_speaker(who, cue_at) or resolve_speaker(
                mention, who, cue_at, self.index, self.previous)
            personlike = is_personlike(mention, who) or who.lower_ in ("he", "she", "i")
            if not _can_speak(who) or self._inside_quotation(speaker_span[0]) \
                    or speaker.lower() in UNRESOLVED_PRONOUNS or _RUN_TOGETHER.search(speaker):
                return  # "a blog post that said", words of the quotation itself, "he" unresolved, "CortezSanders"
        attr = Attribution(body_frags, cue, cue_at, speaker, speaker_span, paragraph,
                           sent.end_char + offset,
                           extra={"step": step, "pronoun": who.lower_ if who is not None else None})
        if any(a.fragments == attr.fragments for a in self.out):
            return
        attr.kind = self._kind(attr)
        if step in ("phrase", "object") and attr.kind == "direct":
            attr.kind = "mixed"  # quoted words inside the reporter's own clause: "called it “unfounded”"
        self.out.append(attr)
        if speaker:
            self.previous.append((cue_at, paragraph, speaker, personlike))

    def _first_person_in_quotes(self) -> None:
        """"I"/"we" speaking inside another speaker's quotation is that speaker ("“I think X,”
        Berkman said"): the outer attribution is often found after the inner one."""
        for a in self.out:
            if a.extra.get("pronoun") not in ("i", "we"):
                continue
            outer = next((b for b in self.out if b is not a and b.kind != "indirect" and b.speaker
                          and b.extra.get("pronoun") not in ("i", "we")
                          and any(s <= a.cue_at < e for s, e in b.fragments)), None)
            if outer is not None:
                a.speaker = outer.speaker

    def _inside_quote_speaker(self, who: Token, cue_at: int) -> str | None:
        """"I"/"we" inside someone's quotation is that speaker ("“We keep saying ...,” he said")."""
        if who.lower_ not in ("i", "we"):
            return None
        for a in self.out:
            if a.kind == "direct" and a.speaker and any(s <= cue_at < e for s, e in a.fragments):
                return a.speaker
        return None

    def _cut_out(self, frag: tuple[int, int], cue_tok: Token, who: Token | None,
                 offset: int) -> list[tuple[int, int]]:
        """Split a content span around its own cue clause (a split quote "“A,” he said, “B”")."""
        toks = [cue_tok] + ([t for t in who.subtree] if who is not None else [])
        toks += [c for c in cue_tok.children if c.dep_ in ("prt", "aux", "advmod", "dobj", "npadvmod")
                 and abs(c.i - cue_tok.i) <= 3]
        lo = min(t.idx for t in toks) + offset
        hi = max(t.idx + len(t.text) for t in toks) + offset
        parts = [_trim(self.body, frag[0], lo), _trim(self.body, hi, frag[1])]
        return [p for p in parts if p[1] - p[0] > 1]

    def _widen_to_quotes(self, frags: list[tuple[int, int]], cue_at: int) -> list[tuple[int, int]]:
        """Grow each fragment to cover every quotation it touches, and glue split quotes."""
        out = []
        for s, e in frags:
            for q in self.quoted:
                if q.start < e and s < q.end and not (q.start <= cue_at < q.end):
                    s, e = min(s, q.start), max(e, q.end)
            out.append(self._mixed_sentence_start(s, e) if e <= cue_at else (s, e))
        # A quotation right after the cue clause completes a split quote ("“A,” he said, “B”"),
        # but only when the first part was itself quoted: an indirect report followed by a quote
        # is two attributions, the second a continuation.
        last_end = max(e for _, e in out)
        ends_quoted = any(q.end == last_end for q in self.quoted)
        if ends_quoted and last_end <= cue_at:
            for q in self.quoted:
                if q.start > last_end:
                    gap = self.body[last_end:q.start]
                    own_cue = any(q.end < c <= q.end + OWN_CUE_REACH_CHARS for c in self.cue_offsets)
                    if "\n" not in gap and len(gap) < GLUE_GAP_MAX_CHARS and not own_cue:
                        out.append((q.start, q.end))
                    break
        return out

    def _mixed_sentence_start(self, s: int, e: int) -> tuple[int, int]:
        """Reach back to the sentence start when the content begins with a quotation that follows
        another quotation in the same sentence ("There was “active cooperation” ..., but “now ...”")."""
        if not any(q.start == s for q in self.quoted):
            return s, e
        sent_start = max((x for x in self.sentence_starts if x <= s), default=0)
        if any(sent_start <= q.start and q.end < s for q in self.quoted) and "\n" not in self.body[sent_start:s]:
            return sent_start, e
        return s, e

    def _kind(self, attr: Attribution) -> str:
        total = sum(e - s for s, e in attr.fragments)
        inside = 0
        for s, e in attr.fragments:
            for q in self.quoted:
                inside += max(0, min(e, q.end) - max(s, q.start))
        if total and inside >= 0.9 * total:
            return "direct"
        return "mixed" if inside else "indirect"

    def _drop_echoes(self) -> None:
        """Drop quotes found only through quotation marks (cascade steps 4-5) that lie inside
        another attribution's content: "predicted Russia would seek “a partnership”" is one
        attribution (by the predictor), not a second one by the "seeker"."""
        def inside(a: Attribution, b: Attribution) -> bool:
            return a is not b and all(any(bs <= s and e <= be for bs, be in b.fragments) for s, e in a.fragments)

        self.out = [a for a in self.out if a.extra.get("step") not in ("phrase", "adjacent")
                    or not any(inside(a, b) for b in self.out)]

    # -- label forms: "PENCE: ...", "Poll: ...", "“...” ― Sonya Herridge" ----------------------
    def _label_forms(self) -> None:
        """Headline and transcript labels ("Pence: Flowers won't be at debate", "WALLACE: ...")
        and signed quotes ("“...” ― Sonya Herridge"): the label names the speaker."""
        taken = [(a.start, a.end) for a in self.out]
        pos = 0
        for para in self.body.split("\n"):
            for match, cue in ((_COLON_LABEL.match(para), ":"), (_DASH_SIGNATURE.search(para), "―")):
                if match is None:
                    continue
                label = match.group("label").strip().rstrip(".")
                known = self.index.person(label.split()[-1].lower())
                content = match.group("content") if cue == ":" else ""
                if cue == ":" and self.body.count(f"{label}: {' '.join(content.split()[:2])}") > 1:
                    continue  # "Star Wars Jedi: Fallen Order ...": a title the article repeats
                # "WALLACE:", never "Q:" nor an advice column's "DEAR ABBY:" (the addressee)
                transcript = cue == ":" and label.isupper() and len(label) > 1 and not label.startswith("DEAR")
                if not (transcript or (cue != ":" and known)) or (cue == ":" and not content.rstrip().endswith(_SENTENCE_ENDS)):
                    continue  # "Portion Fix Containers: 1 Purple": a heading or a list line, not a speaker
                if cue == ":":
                    s, e = pos + match.start("content"), pos + match.end("content")
                else:  # the signed quotation: from the paragraph start to the closing mark
                    s, e = pos, pos + match.start()
                s, e = _trim(self.body, s, e)
                if len(self.body[s:e].split()) < MIN_LABEL_CONTENT_WORDS or label.lower() in _NOT_LABELS \
                        or any(a < e and s < b for a, b in taken):
                    continue
                lpos = pos + match.start("label")
                speaker = known or label.title()
                attr = Attribution([(s, e)], cue, lpos + len(label), speaker, (lpos, lpos + len(label)),
                                   0, e, extra={"step": "label"})
                attr.kind = self._kind(attr)
                self.out.append(attr)
                taken.append((s, e))
            pos += len(para) + 1

    # -- quotations with no cue of their own ---------------------------------------------------
    def _continuations(self) -> None:
        """A quoted sentence right after an attribution, with no cue, continues that speaker."""
        covered = [(a.start, a.end) for a in self.out]
        for q in self.quoted:
            if any(s < q.end and q.start < e for s, e in covered):
                continue
            if len(self.body[q.start:q.end].split()) < MIN_CONTINUATION_WORDS:
                continue
            before = self.body[: q.start].rstrip("\"“„«‹'‘").rstrip()
            if before and before[-1] not in ".!?:\"”»\n" and "\n" not in self.body[q.start - 2:q.start]:
                continue  # the quote sits inside a sentence: a title or scare quote, not speech
            named = self._named_next_to(q)
            if named is not None:  # '“We all miss Steve,” Benioff weighed in': not the last speaker
                self.out.append(Attribution([_trim(self.body, q.start, q.end)], None, q.start, named, None,
                                            0, q.end, kind="direct", extra={"step": "named"}))
                covered.append((q.start, q.end))
                continue
            prior = [a for a in self.out if a.end <= q.start and q.start - a.end <= CONTINUATION_REACH_CHARS
                     and a.speaker]
            if not prior:
                continue
            last = max(prior, key=lambda a: a.end)
            if last.kind != "indirect" and "\n" not in self.body[last.end:q.start]:
                # "“A,” Trump said. “B.”": PolNeAR annotates the quotes of one paragraph after
                # one cue as one attribution, so B joins A's fragments.
                last.fragments.append(_trim(self.body, q.start, q.end))
                covered.append((q.start, q.end))
                continue
            attr = Attribution([_trim(self.body, q.start, q.end)], None, q.start, last.speaker, None,
                               last.paragraph, q.end, kind="direct")
            self.out.append(attr)
            covered.append((q.start, q.end))


    def _named_next_to(self, q: QuotedSpan) -> str | None:
        """The person named right after a quotation's closing mark ('”, Benioff weighed in') or
        right before its opening one in the same sentence ('Benioff added: “'), if any."""
        # the quotation ends on a comma, question or exclamation, not on a full stop ('.” Martha
        # added that ...' starts a new sentence), and the lead-in ends on a colon or comma
        ends_open = self.body[q.start:q.end].rstrip()[-1:] in (",", "?", "!")
        lead_in = self.body[:q.start].rstrip(" “\"‘'«„").endswith((":", ","))
        for at, key in self.index.mentions:
            after = ends_open and q.end <= at <= q.end + OWN_CUE_REACH_CHARS \
                and not re.search(r"[\n.!?]", self.body[q.end:at])
            before = lead_in and q.start - OWN_CUE_REACH_CHARS <= at < q.start \
                and not re.search(r"[\n.!?”\"]", self.body[at:q.start])
            if after or before:
                return self.index.person(key)
        return None


def _paragraphs(body: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for para in body.split("\n"):
        if para.strip():
            out.append((pos, para))
        pos += len(para) + 1
    return out


def _to_quotes(article: Article, attrs: list[Attribution]) -> list[Quote]:
    body = article.body
    quotes = []
    for n, a in enumerate(attrs, start=1):
        frags = sorted(set(a.fragments))
        text = " ".join(body[s:e] for s, e in frags)
        # the fragments as pieces: the clustering step cuts them into sentences
        pieces = tuple(QuotePiece((s, e), body[s:e]) for s, e in frags)
        quotes.append(Quote(id=f"q-{article.id}-{n}", article=article.id, speaker=a.speaker, cue=a.cue,
                            text=text, kind=a.kind, span=(a.start, a.end), pieces=pieces))
    return quotes


def parse_articles(articles: Sequence[Article], batch_size: int = 64) -> list[list[tuple[int, Doc]]]:
    """Each article's non-empty paragraphs as ``(body offset, spaCy Doc)``, parsed with ``nlp.pipe``."""
    nlp = spacy_pipeline()
    paras = [(i, off, text) for i, a in enumerate(articles) for off, text in _paragraphs(a.body)]
    per_article: list[list[tuple[int, Doc]]] = [[] for _ in articles]
    for (i, off, _), pieces in zip(paras, parse_in_pieces(nlp, (t for _, _, t in paras), batch_size=batch_size)):
        per_article[i].extend((off + start, doc) for start, doc in pieces)  # a run-on paragraph comes in pieces
    return per_article


def verb_candidates(article: Article,
                    docs: list[tuple[int, Doc]]) -> list[tuple[dict[str, float], list[tuple[int, int]]]]:
    """Every verb candidate of one parsed article, ungated: ``(features, content fragments)``.
    Used to fit the gate; no article gives ``[]``."""
    extractor = _ArticleExtractor(article, docs, gate=False)
    extractor.run()
    return extractor.candidates


def parsable(article: Article) -> bool:
    """Whether the English parse may read ``article``: its language is English or unknown. An
    English parser reads other languages' words as verbs of speech ("그것은 | 최근")."""
    return article.language is None or article.language in SPACY_LANGUAGES


def attributions_batch(articles: Sequence[Article], batch_size: int = 64) -> list[list[Attribution]]:
    """Attributions (with speaker mention offsets) for each article; none for an article in a
    language the parser does not read (``parsable``), even when called directly."""
    readable = [a for a in articles if parsable(a)]
    found = {id(a): _ArticleExtractor(a, docs).run() for a, docs in zip(readable, parse_articles(readable, batch_size))}
    return [found.get(id(a), []) for a in articles]


def extract_quotes_batch(articles: Sequence[Article]) -> list[Quote]:
    """Quotes of every article, in article order then body order, parsed with ``nlp.pipe``.

    ``cluster`` is None. Empty input (or articles with empty bodies) gives ``[]``.
    """
    return [q for a, attrs in zip(articles, attributions_batch(articles)) for q in _to_quotes(a, attrs)]


def extract_quotes(article: Article) -> list[Quote]:
    """Quotes of one article in body order: ids ``q-<article id>-<n>``, ``cluster`` None.

    ``span`` runs from the first content character to the last; for a split quote it covers
    the cue in between, and ``text`` joins the fragments with a space. An empty body gives ``[]``.
    """
    return extract_quotes_batch([article])
