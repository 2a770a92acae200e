"""Which tokens introduce an attribution (cues), and how a cue is printed.

The lexicon is the union of lemmas fitted on PolNeAR's training split
(``_cue_lexicon.py``) and a short list of reporting verbs common in wire copy that
US political news under-uses ("stress", "point out", "complete"), so that international
news (TASS, RT, RFE/RL) is covered too.
"""

from __future__ import annotations

from spacy.tokens import Token

from retold.quotes._cue_lexicon import FITTED_CUE_LEMMAS

WIRE_CUE_LEMMAS = frozenset({
    "say", "tell", "stress", "add", "warn", "note", "explain", "state", "declare", "insist",
    "emphasise", "emphasize", "underline", "complete", "continue", "conclude", "remark", "reply",
    "respond", "answer", "recall", "suggest", "claim", "argue", "announce", "write", "tweet",
    "comment", "admit", "acknowledge", "confirm", "deny", "assert", "report", "describe", "call",
    "point", "quote", "predict", "promise", "vow", "urge", "ask", "observe", "estimate",
})
CUE_LEMMAS = FITTED_CUE_LEMMAS | WIRE_CUE_LEMMAS
# What the stage reports is speech: what a person or organisation said, wrote, announced or
# stated. These are the lexicon's lemmas that report an utterance; the others the fit found
# (attitudes and perceptions: "expect", "fear", "seem", "show", "recognize") are PolNeAR
# attributions of belief, which a reader does not take for a quote.
SPEECH_LEMMAS = WIRE_CUE_LEMMAS | frozenset({
    "accuse", "acknowledge", "add", "admit", "advise", "allege", "announce", "answer", "apologize",
    "argue", "assert", "assure", "blame", "blast", "boast", "brag", "caution", "chant", "charge",
    "cite", "claim", "clarify", "comment", "complain", "concede", "condemn", "confirm", "contend",
    "counter", "criticize", "criticise", "cry", "declare", "decry", "deny", "denounce", "describe",
    "detail", "disclose", "dismiss", "dispute", "echo", "elaborate", "email", "emphasize",
    "emphasise", "explain", "express", "hail", "hint", "inform", "insist", "interject", "joke",
    "lament", "lash", "mention", "mock", "note", "object", "outline", "plead", "pledge", "post",
    "praise", "proclaim", "promise", "pronounce", "propose", "protest", "question", "quip",
    "reaffirm", "rebut", "recall", "recount", "reiterate", "remark", "remind", "repeat", "reply",
    "report", "respond", "retort", "reveal", "say", "scoff", "shout", "slam", "speculate", "state",
    "stress", "suggest", "tell", "testify", "threaten", "tout", "tweet", "underscore", "urge",
    "voice", "vow", "warn", "whisper", "write", "yell", "concur", "recommend", "demand",
})
# Nouns that name an utterance ("his claim that ...", "a statement on ...").
SPEECH_NOUNS = frozenset({"claim", "statement", "remark", "comment", "announcement", "assertion", "accusation",
                          "warning", "promise", "pledge", "testimony", "tweet", "insistence", "argument",
                          "allegation", "declaration", "admission", "denial", "suggestion", "message"})
# Lemmas that are cues only with a particle ("point out", "spell out"), not alone ("point at").
_NEEDS_PARTICLE = {"point": ("out",), "spell": ("out",)}
# Lemmas that are cues only when they govern a clause, a quote or a colon (checked by the
# extractor's cascade): "continue" and "complete" are speech only in "..., he continued".
_VERB_TAGS = ("VERB",)


def is_cue(token: Token) -> bool:
    """True when ``token`` is a reporting verb of the lexicon (``said``, ``pointed out``)."""
    if token.pos_ not in _VERB_TAGS:
        return False
    lemma = token.lemma_.lower()
    if lemma not in CUE_LEMMAS or lemma == "accord":  # "according to" is handled on its own
        return False
    particles = _NEEDS_PARTICLE.get(lemma)
    if particles and not any(c.dep_ == "prt" and c.lower_ in particles for c in token.children):
        return lemma == "point" and any(c.dep_ == "prep" and c.lower_ == "to" for c in token.children)
    return True


def is_speech(token: Token) -> bool:
    """True when ``token`` reports an utterance: a speech verb of the lexicon or a speech noun."""
    lemma = token.lemma_.lower()
    if token.pos_ == "NOUN":
        return lemma in SPEECH_NOUNS
    return is_cue(token) and lemma in SPEECH_LEMMAS


def cue_phrase(token: Token) -> str:
    """The cue as printed: the verb with its particle ("pointed out", "called for")."""
    parts = [token] + [c for c in token.children if c.dep_ == "prt"]
    parts.sort(key=lambda t: t.i)
    return " ".join(t.text for t in parts)
