"""Credit lines: "Source: RT NEWS", "Based on reporting by Interfax and TASS", ...

A credit line says where an article's facts or text came from. We return the
*outlets* it names, because that is what a reader tracing provenance wants
(who did this outlet copy or rely on?).

Decision on wire-style staff credits such as "(Reporting by Jane Doe;
Editing by John Roe)": they are credit lines (so they are kept out of the
body), but they name reporters and editors, not outlets, so they credit no
source: ``parse_credits`` returns ``()`` for them. A name counts as an
outlet when it is a known news agency or outlet, an acronym ("TASS",
"RFE/RL"), carries an outlet word ("News", "Press", "Times", "Agency",
...), or is a web domain; a plain personal name ("Jane Doe") does not.

Bylines that name the writer's outlet ("By Stephen Howard, PA News") are read by
:func:`parse_byline`; the hard-wrapped (wire copy) path uses it
(:mod:`retold.clean.wrapped`), so a byline in other text stays where it was.
"""

from __future__ import annotations

import re

# Credit cues, anchored at the start of the line (after an optional dash or
# bracket). Each captures the list of names that follows.
_CUES = re.compile(
    r"^[\s(\[—–-]*(?:"
    # a label and a colon: "Source: RT NEWS", "Via: BBC", "Contributing: AP"
    r"(?:sources?|via|credits?|courtesy|contributing|reporting|additional reporting|text|material)\s*:|"
    # phrases that need no colon
    r"(?:(?:compiled|written|produced)\s+by\s+[^,;]+?\s+)?(?:based|drawing)\s+on\s+(?:reporting|reports|material|information)\s+(?:by|from)|"
    r"(?:with\s+)?(?:additional\s+|wire\s+)?reporting\s+(?:by|from)|"
    r"(?P<published>(?:this\s+(?:article|story|report)\s+)?(?:was\s+)?(?:originally|first)\s+(?:published|appeared)\s+(?:by|in|on))|"
    r"courtesy\s+of|editing\s+by"
    r")\s*(?P<names>.+?)[\s.)\]]*$",
    re.I,
)
# "The Associated Press contributed to this report." / "Reuters contributed reporting."
_CONTRIBUTED = re.compile(
    r"^[\s(\[—–-]*(?P<names>.+?)\s+contributed\s+(?:to\s+this\s+(?:report|story|article)|reporting)[\s.)\]]*$",
    re.I,
)
MAX_CREDIT_WORDS = 25  # credit lines are short; longer lines are prose that mentions sources

_SPLIT = re.compile(r"\s*(?:,\s*(?:and|&)\s+|,|;|\s+and\s+|\s+&\s+)\s*", re.I)
# After a name, wire credits add roles or places: "Interfax in Moscow", "X; Editing by Y".
_TAIL = re.compile(r"\s+(?:in|from|at|for|on)\s+[A-Z].*$|\s*\(.*$")

KNOWN_OUTLETS = {
    # Agencies and outlets commonly credited; keys lower-case, values as users write them.
    "ap": "AP", "associated press": "Associated Press", "the associated press": "Associated Press",
    "afp": "AFP", "agence france-presse": "AFP", "agence france presse": "AFP", "reuters": "Reuters",
    "tass": "TASS", "itar-tass": "TASS", "interfax": "Interfax", "ria novosti": "RIA Novosti", "ria": "RIA Novosti",
    "rt": "RT", "rt news": "RT", "rt.com": "RT", "sputnik": "Sputnik", "xinhua": "Xinhua", "dpa": "dpa",
    "efe": "EFE", "ansa": "ANSA", "upi": "UPI", "bloomberg": "Bloomberg", "fars": "Fars", "irna": "IRNA",
    "tasnim": "Tasnim", "anadolu": "Anadolu", "anadolu agency": "Anadolu", "kyodo": "Kyodo", "yonhap": "Yonhap",
    "bbc": "BBC", "cnn": "CNN", "al jazeera": "Al Jazeera", "rfe/rl": "RFE/RL", "bernama": "Bernama",
    "pti": "PTI", "ians": "IANS", "aap": "AAP", "cp": "CP", "the canadian press": "The Canadian Press",
    "wire services": "wire services", "news agencies": "news agencies", "agencies": "agencies",
}
_OUTLET_WORD = re.compile(
    r"\b(news|press|times|post|journal|agency|agencies|tribune|herald|gazette|daily|radio|tv|television|"
    r"media|wire|wires|telegraph|guardian|independent|network|broadcasting|service|services)\b",
    re.I,
)
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9/&.-]{1,9}$")
# A credit that names people of an outlet: "Associated Press writers Alan Fram", "Fox News’
# Jessica Napoli", "Reuters correspondent Jane Doe". The outlet is what precedes the role
# or the possessive; the people are not outlets.
_OUTLETS_PEOPLE = re.compile(
    r"^(?P<outlet>.+?)(?:['’]s?|\s+(?:staff\s+)?(?:writers?|reporters?|correspondents?|photographers?|editors?|"
    r"contributors?|staff))\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*$")
_GENERIC_SUFFIX = {"NEWS", "TV", "ONLINE"}
# The end of the credit's first sentence ("Futurism. Read the original article."); not the
# period of an abbreviation such as "U.S." (a capital letter before it).
_SENTENCE_END = re.compile(r"(?<![A-Z])\.\s+")
_DOMAIN = re.compile(r"^[\w-]+(\.[\w-]+)*\.(com|org|net|ru|co\.uk|info|news|tv)$", re.I)


def canonical_outlet(name: str) -> str | None:
    """The outlet ``name`` refers to, normalised ("RT NEWS" -> "RT"), or None if it is not an outlet."""
    name = name.strip(" .:;\"'“”‘’")
    if not name:
        return None
    known = KNOWN_OUTLETS.get(name.lower())
    if known:
        return known
    people = _OUTLETS_PEOPLE.match(name)
    if people:
        return canonical_outlet(people.group("outlet"))
    words = name.split()
    # "Al Jazeera News", "BBC Online": a known outlet and a generic word
    if len(words) > 1 and words[-1].upper() in _GENERIC_SUFFIX and " ".join(words[:-1]).lower() in KNOWN_OUTLETS:
        return KNOWN_OUTLETS[" ".join(words[:-1]).lower()]
    # "RT NEWS", "BBC NEWS": an acronym followed by a generic word in capitals.
    if len(words) == 2 and _ACRONYM.match(words[0]) and words[1].upper() in _GENERIC_SUFFIX:
        return KNOWN_OUTLETS.get(words[0].lower(), words[0])
    if len(words) == 1 and _ACRONYM.match(name):
        return name
    if _DOMAIN.match(name):
        return name
    if len(words) <= 6 and _OUTLET_WORD.search(name) and words[0][:1].isupper():
        return name
    return None


def _names(listing: str) -> list[str]:
    listing = listing.split(";")[0]  # "X; Editing by Y": what follows the semicolon is staff
    parts = [_TAIL.sub("", p).strip() for p in _SPLIT.split(listing)]
    return [p for p in parts if p]


def parse_credits(line: str) -> tuple[str, ...] | None:
    """The outlets a credit line names, in order, without duplicates.

    Returns None when ``line`` is not a credit line, and ``()`` for a credit
    line that names only people ("(Reporting by Jane Doe; Editing by John
    Roe)"). Empty input gives None. Never raises.
    """
    text = " ".join((line or "").split())
    if not text or len(text.split()) > MAX_CREDIT_WORDS:
        return None
    match = _CUES.match(text) or _CONTRIBUTED.match(text)
    if not match:
        return None
    published = bool(match.groupdict().get("published"))
    outlets: list[str] = []
    for name in _names(_SENTENCE_END.split(match.group("names"))[0]):
        # what published the article first is an outlet whatever its name ("Futurism")
        outlet = canonical_outlet(name) or (name if published and _publisher_name(name) else None)
        if outlet and outlet not in outlets:
            outlets.append(outlet)
    return tuple(outlets)


def _publisher_name(name: str) -> bool:
    """A name that can be a publication's: capitalised, at most six words."""
    words = name.split()
    return 0 < len(words) <= 6 and words[0][:1].isupper()


# A wire or newspaper byline that names the writer's outlet: "By Stephen Howard, PA
# News", "By Jo Butler, Legal Affairs Correspondent, PA News, in Zeist", "By PA News
# Reporter". The writer part is one or more capitalised names joined by "and".
_BYLINE = re.compile(r"^by\s+(?P<writers>[^,]+?)(?P<rest>(?:,\s*[^,]+)*)[\s.]*$", re.I)
_WRITER = re.compile(r"^[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|&|de|van|von|da|le|la))*$")
_PLACE = re.compile(r"^(?:in|at)\s+[A-Z]")
# "PA News Reporter": an outlet's staff credited by role.
_STAFF = re.compile(r"\s+(?:staff\s+)?(?:reporter|reporters|correspondent|staff|writer)s?$", re.I)


def parse_byline(line: str) -> tuple[str, ...] | None:
    """The outlet a byline names ("By Stephen Howard, PA News" -> ("PA",)), or None.

    Only bylines that name an outlet count: "By Jane Doe" alone, or prose
    that starts with "By" ("By day, Smith was ...", "By next May, ..."),
    gives None. Never raises.
    """
    text = " ".join((line or "").split())
    match = _BYLINE.match(text)
    if not match or len(text.split()) > MAX_CREDIT_WORDS:
        return None
    writers = match.group("writers")
    staff = canonical_outlet(_STAFF.sub("", writers)) if _STAFF.search(writers) else None
    if staff:
        return (staff,)
    if not _WRITER.match(writers) or canonical_outlet(writers):
        return None
    # After the writers: optional roles ("Chief Reporter"), the outlet, then optionally a place.
    parts = [p.strip() for p in match.group("rest").split(",") if p.strip()]
    place = next((i for i, p in enumerate(parts) if _PLACE.match(p)), len(parts))
    parts = parts[:place]
    outlet = canonical_outlet(parts[-1]) if parts else None
    return (outlet,) if outlet else None
