"""Article metadata read off a page: headline, outlet, dateline, published date.

Pure functions over strings and lists of lines; shared by the plain-text and
the HTML paths.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from rapidfuzz import fuzz

from retold.clean.credits import KNOWN_OUTLETS

# " – 247 City News", " - WSJ", " | Reuters": a title separator with spaces
# around it, then a short site name. Only the *last* such part is a suffix.
_SUFFIX = re.compile(r"^(?P<head>.+?)\s+(?:[|–—-]|::|»)\s+(?P<site>[^|–—]{2,60}?)\s*$")
MAX_SITE_WORDS = 5  # site names are short; a longer tail is part of the headline
LOOSE_SITE_WORDS = 3  # up to this length any casing passes ("pv magazine International")

# Well-known domains whose registered name is not what readers call them.
DOMAIN_OUTLETS = {
    "rferl.org": "RFE/RL", "tass.com": "TASS", "tass.ru": "TASS", "rt.com": "RT", "reuters.com": "Reuters",
    "apnews.com": "AP", "ap.org": "AP", "bbc.co.uk": "BBC", "bbc.com": "BBC", "cnn.com": "CNN", "nytimes.com": "The New York Times",
    "washingtonpost.com": "The Washington Post", "wsj.com": "The Wall Street Journal",
    "theguardian.com": "The Guardian", "aljazeera.com": "Al Jazeera", "interfax.ru": "Interfax",
    "interfax.com": "Interfax", "ria.ru": "RIA Novosti", "sputniknews.com": "Sputnik", "xinhuanet.com": "Xinhua",
    "bloomberg.com": "Bloomberg", "ft.com": "Financial Times", "foxnews.com": "Fox News", "nbcnews.com": "NBC News",
    "cbsnews.com": "CBS News", "abcnews.go.com": "ABC News", "npr.org": "NPR", "politico.com": "Politico",
    "afp.com": "AFP", "dw.com": "DW", "france24.com": "France 24", "euronews.com": "Euronews",
    "themoscowtimes.com": "The Moscow Times", "kyivindependent.com": "The Kyiv Independent",
}
# Second-level labels under which registrations sit ("bbc.co.uk", "abc.net.au").
_SECOND_LEVEL = {"co", "com", "net", "org", "gov", "ac", "edu", "go", "or", "ne"}

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_MONTH = r"(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_PATTERNS = (
    re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b"),
    re.compile(rf"\b{_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
)
# A line that is a date stamp, not prose: short, or introduced by a date word.
_DATE_LINE_WORDS = re.compile(r"^\s*(published|posted|updated|last updated|date|first published|on)\b", re.I)
MAX_DATE_LINE_WORDS = 12

_DATELINE_PATTERNS = (
    # "MOSCOW, April 27. /TASS/." (agency style: place, date, agency in slashes)
    re.compile(r"^(?P<dl>[A-Z][A-Z .'-]{1,40}(?:,\s*[A-Z][a-z]+\.?\s+\d{1,2})?\.?\s*/(?P<agency>[A-Za-z-]{2,15})/\.?)"),
    # "WASHINGTON (Reuters) -", "LONDON, England (CNN) --", "MOSCOW –"
    re.compile(r"^(?P<dl>[A-Z][A-Z .'-]{1,40}(?:,\s*[A-Z][A-Za-z. ]{1,30})?\s*(?:\((?P<agency>[^)]{1,30})\)\s*)?(?:--|[-–—]))\s"),
)


_SITE_CONNECTORS = {"of", "the", "and", "&", "de", "la", "le", "du", "des", "for", "on", "in", "at", "y", "e", "-"}


def _site_like(name: str) -> bool:
    """Whether ``name`` reads as a site name: short, and if over three words, every word capitalised."""
    words = name.split()
    if not 0 < len(words) <= MAX_SITE_WORDS or name[-1:] in ".!?:,;":
        return False
    return len(words) <= LOOSE_SITE_WORDS or all(
        w[:1].isupper() or w[:1].isdigit() or w.lower() in _SITE_CONNECTORS or "." in w for w in words)


def split_site_suffix(title: str) -> tuple[str, str | None]:
    """("Headline", "Site") for "Headline – Site"; (title, None) when there is no suffix.

    Only a short, capitalised last part counts as a site name. With " | "
    separators ("Headline | Section | Site") the longest other part is the
    headline; with dashes only the last part is cut, since dashes also
    occur inside headlines. Empty input gives ("", None).
    """
    title = " ".join((title or "").split())
    parts = [x.strip() for x in title.split(" | ")]
    if len(parts) > 1 and all(parts) and _site_like(parts[-1]):
        return max(parts[:-1], key=len), parts[-1]
    match = _SUFFIX.match(title)
    if not match or not _site_like(match.group("site")):
        return title, None
    return match.group("head").strip(), match.group("site").strip()


def url_host(url: str) -> str:
    """The lower-case host of a URL or of a bare "host/path"; "" when there is none, or
    when the URL is malformed (urlsplit raises on an unclosed IPv6 bracket)."""
    try:
        return (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    except ValueError:
        return ""


def registered_domain(url: str | None) -> str | None:
    """"example.co.uk" for "https://www.news.example.co.uk/a", None for no or odd URLs.

    A small rule instead of the public-suffix list: two labels, three when the
    second-to-last is a generic second level ("co", "com", ...).
    """
    if not url:
        return None
    host = url_host(url).strip(".")
    labels = [x for x in host.split(".") if x]
    if len(labels) < 2:
        return None
    keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


def outlet_words(name: str | None) -> list[str]:
    """An outlet name as lower-case words ("RT News" -> ["rt", "news"]): how names are compared."""
    return re.findall(r"\w+", (name or "").casefold())


def site_of(article) -> tuple[str | None, tuple[str, ...] | None]:
    """Where an article was published, for telling one site's pages apart: (its registered
    domain, its outlet name as words); each None when unknown."""
    return registered_domain(article.url), None if article.outlet is None else tuple(outlet_words(article.outlet))


def same_site(a, b) -> bool:
    """Whether two articles come from one site: the same registered domain, or (without
    URLs) the same outlet name. Reuse (a site's furniture is no copy) and stories (a site's
    beat is no event) both ask it."""
    (domain_a, outlet_a), (domain_b, outlet_b) = site_of(a), site_of(b)
    if domain_a and domain_b:
        return domain_a == domain_b
    return outlet_a is not None and outlet_b is not None and outlet_a == outlet_b


def known_outlet(url: str | None) -> str | None:
    """The name readers use for a well-known domain (``DOMAIN_OUTLETS``), else None."""
    if not registered_domain(url):
        return None
    host = url_host(url)
    for known, name in DOMAIN_OUTLETS.items():
        if host == known or host.endswith("." + known):
            return name
    return None


def outlet_from_url(url: str | None) -> str | None:
    """The outlet a URL belongs to: a known name for well-known domains, else the registered domain."""
    return known_outlet(url) or registered_domain(url)


def choose_outlet(url: str | None, *from_page: str | None) -> str | None:
    """Who published the page, in order: a well-known domain's name; what the page calls
    itself (``from_page``, best evidence first: "Example News" reads better than
    "example.com"; each read by ``site_name``); the registered domain. A page that calls
    itself by an address ("https://www.hawaiinewsnow.com") is named as its URL would be."""
    names = [name for name in map(site_name, from_page) if name]
    # A name that does not read as a site's (a tagline: "Expert how-to for English Riders",
    # "Kabar tentang Dunia Islam") gives way to the page's domain; without one it still
    # tells that site's pages apart.
    named = next((name for name in names if _site_like(name) or _ADDRESS.fullmatch(name)), None)
    if named is None and not registered_domain(url):
        named = next(iter(names), None)
    if named and _ADDRESS.fullmatch(named):
        named = outlet_from_url(named)
    return known_outlet(url) or named or registered_domain(url)


# A site's name for itself followed by its tagline: "LinkNaija | Nigeria's popular news
# platform", "Remember 80/90 - Memorabilia anni 80/90", "Autoracing | F1 | Indy | MotoGP"
# (og:site_name on the 181 crawl pages). Where a page title puts the site last
# ("Headline | Site": ``split_site_suffix``), a site name puts itself first.
_TAGLINE_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|·|•|::)\s+")
_COPYRIGHT_START = re.compile(r"(?i)^\s*(?:©|\(c\)|copyright\b)")


def site_name(name: str | None) -> str | None:
    """What a page calls itself, as an outlet's name: spaces collapsed and stray
    underscores trimmed ("Wday_"); its first part when a short, capitalised name is
    followed by a tagline ("LinkNaija | Nigeria's popular news platform" -> "LinkNaija");
    the owner a copyright notice names ("© 2019 Reuters" -> "Reuters"), or None for a
    notice that names none ("Copyright 2014"); None for an empty name."""
    name = " ".join((name or "").split()).strip("_ ")
    if _COPYRIGHT_START.match(name):
        owner = outlet_from_copyright([name])
        return site_name(owner) if owner and not _COPYRIGHT_START.match(owner) else None
    first = _TAGLINE_SEPARATOR.split(name, maxsplit=1)[0].strip("_ ")
    if first != name and _site_like(first) and re.search(r"[^\W\d_]", first):
        return first
    return name or None


# A site name that is a web address: a scheme, or "www." before a dotted host.
_ADDRESS = re.compile(r"(?i)(?:https?://|www\.)[\w.-]+\.[a-z]{2,}/?")


_COPYRIGHT = re.compile(
    r"(?i:©|\(c\)|\bcopyright(?:ed)?\b)\s*(?:©\s*)?(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?\s*)?(?i:by\s+)?"
    r"(?P<name>[A-Z0-9](?:[\w&'/-]|\.(?=\w))*(?:\s+(?:of\s+)?[A-Z0-9](?:[\w&'/-]|\.(?=\w))*){0,5})"
)
_NOT_OUTLET = {"all", "all rights reserved", "copyright", "the", "this", "technical"}
# "RFE/RL journalists report ...", "RFE/RL has been declared ...": a page talking about itself.
_SELF_REFERENCE = re.compile(
    r"^\s*(?P<name>[A-Z][A-Za-z]*[/&-][A-Z][A-Za-z]*|[A-Z]{2,8})\s+"
    r"(?:journalists|reporters|correspondents|is\s+an?|has\s+been|was\s+founded|provides|publishes)\b"
)


def outlet_from_copyright(lines: list[str]) -> str | None:
    """The owner named in the last copyright line that names one ("© 2019-2020 by 247 City News")."""
    for line in reversed(lines):
        for match in _COPYRIGHT.finditer(line):
            name = re.sub(r"[.,;]+$", "", match.group("name")).strip()
            if (name.lower() not in _NOT_OUTLET and not name.lower().startswith("all ")
                    and re.search(r"[^\W\d_]{2}", name)):
                return name
    return None


def outlet_from_self_reference(lines: list[str]) -> str | None:
    """An acronym the footer uses as its own subject ("RFE/RL journalists report ..."), else None."""
    for line in lines:
        match = _SELF_REFERENCE.match(line)
        if match:
            return match.group("name")
    return None


def match_dateline(paragraph: str) -> tuple[str | None, str | None]:
    """(dateline, agency) at the start of the body's first paragraph, or (None, None).

    "MOSCOW, April 27. /TASS/. The ..." gives ("MOSCOW, April 27. /TASS/.", "TASS");
    "WASHINGTON (Reuters) - ..." gives ("WASHINGTON (Reuters) -", "Reuters");
    "MOSCOW – Russia ..." gives ("MOSCOW –", None).
    """
    text = (paragraph or "").lstrip()
    for pattern in _DATELINE_PATTERNS:
        match = pattern.match(text)
        if match:
            agency = match.group("agency")
            return match.group("dl").strip(), agency.strip() if agency else None
    return None, None


def find_dateline(body: str) -> str | None:
    """The agency-style dateline opening ``body`` ("MOSCOW, April 27. /TASS/."), or None."""
    return match_dateline(body)[0]


def date_in(line: str) -> str | None:
    """The ISO date (YYYY-MM-DD) a date-stamp line states, or None (no full date, or not a stamp)."""
    text = " ".join((line or "").split())
    if not text or (len(text.split()) > MAX_DATE_LINE_WORDS and not _DATE_LINE_WORDS.match(text)):
        return None
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        groups = match.groupdict()
        month = int(groups["m"]) if groups.get("m") else _MONTHS[groups["mon"][:3].lower()]
        try:
            return date(int(groups["y"]), month, int(groups["d"])).isoformat()
        except ValueError:
            continue
    return None


def same_headline(a: str, b: str) -> bool:
    """Whether two lines give the same headline (case and spacing aside, small edits allowed)."""
    a, b = " ".join(a.split()).lower(), " ".join(b.split()).lower()
    return bool(a and b) and (a == b or fuzz.ratio(a, b) >= HEADLINE_MATCH)


HEADLINE_MATCH = 90  # rapidfuzz ratio; titles differ from on-page headlines by punctuation or a word
