"""One outlet, one name: however its pages spell it, and never two outlets merged silently.

An article's outlet is, in this order:

1. its ``outlet`` field (from the page's metadata, a byline or the input record),
   normalised as credit lines are (``clean.credits.canonical_outlet``: "RT NEWS" -> "RT")
   and looked up in the aliases ("Radio Free Europe/Radio Liberty" -> "RFE/RL"). Names
   that differ only in case, spaces or punctuation are one outlet, spelled as most of
   its pages spell it (ties: the first in code-point order, so "PolitiFact" over
   "Politifact"). An ``outlet`` that is a URL or a bare domain is read as a domain (step 2);
2. else the domain of its ``url`` (``www.`` dropped): named by the user's aliases, else
   by the cleaner's well-known domains (``clean.metadata.known_outlet``, then the aliases:
   "bbc.co.uk" -> "BBC" -> "BBC News"), else by the name that the corpus's other pages
   of that domain carry, when they all carry one; else it stays the domain;
3. else it is unknown: each such article is its own outlet, ``unknown:<article id>``
   (shown as "unknown"), so two articles of unknown origin are never counted as one
   outlet copying itself.

Aliases are ``ALIASES`` (names of outlets the seeds and the evaluation sets spell two
ways) plus the user's (names or domains): a JSON object ``{"spelling": "Outlet name", ...}`` in
the file that ``RETOLD_OUTLET_ALIASES`` names (or passed as ``aliases``). Keys are
matched case-insensitively; a user's key wins over a built-in one.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Mapping, Sequence

from retold.clean.credits import canonical_outlet
from retold.clean.metadata import known_outlet, registered_domain, url_host
from retold.model import Article

UNKNOWN_PREFIX = "unknown:"
ALIASES_ENV = "RETOLD_OUTLET_ALIASES"

# Spellings -> one name (keys case-folded). Domains are named by the cleaner's table of
# well-known domains first (``clean.metadata.DOMAIN_OUTLETS``), whose names meet these.
ALIASES: dict[str, str] = {
    "radio free europe/radio liberty": "RFE/RL", "radio free europe": "RFE/RL",
    "russia today": "RT", "itar-tass": "TASS", "sputnikint": "Sputnik", "the guardian": "The Guardian",
    "bbc": "BBC News", "bbc news": "BBC News", "ap": "Associated Press",
    "press association": "PA", "pa media": "PA", "pa news": "PA",
    "the new york times": "NYTimes", "new york times": "NYTimes",
}
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
_BARE_DOMAIN = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}$", re.I)


def load_aliases(path: str | Path | None = None) -> dict[str, str]:
    """``ALIASES`` with the user's file on top (``path``, else ``$RETOLD_OUTLET_ALIASES``).

    Raises ValueError with the file's name when it is not a JSON object of strings."""
    aliases = dict(ALIASES)
    path = path or os.environ.get(ALIASES_ENV)
    if not path:
        return aliases
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"outlet aliases {path}: {exc}") from exc
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise ValueError(f"outlet aliases {path}: expected a JSON object of \"spelling\": \"Outlet name\" strings")
    aliases.update({k.strip().casefold(): v.strip() for k, v in data.items()})
    return aliases


def domain_of(value: str | None) -> str | None:
    """The host of a URL or bare domain, lower-case, without ``www.``; None for anything else."""
    if not value:
        return None
    value = value.strip()
    if _SCHEME.match(value):
        host = url_host(value)
    elif _BARE_DOMAIN.match(value):
        host = value
    else:
        return None
    host = host.lower().removeprefix("www.")
    return host or None


def outlet_names(articles: Sequence[Article], aliases: Mapping[str, str] | None = None) -> dict[str, str]:
    """Article id -> its outlet's name (see the module rules)."""
    aliases = fold_aliases(aliases)
    named: dict[str, str] = {}
    domains: dict[str, str] = {}
    for a in articles:
        name = _named_outlet(a.outlet, aliases)
        if name is not None:
            named[a.id] = name
        domain = domain_of(a.url) or domain_of(a.outlet)
        if domain:
            domains[a.id] = domain
    named = _one_spelling(named)
    names_of_domain: dict[str, set[str]] = defaultdict(set)
    for article_id, domain in domains.items():
        if article_id in named:
            names_of_domain[domain].add(named[article_id])
    out = {}
    for a in articles:
        if a.id in named:
            out[a.id] = named[a.id]
        elif a.id in domains:
            domain = domains[a.id]
            spelled = names_of_domain.get(domain, set())
            known = known_outlet(domain)
            out[a.id] = (aliases.get(domain) or (known and aliases.get(known.casefold(), known))
                         or (next(iter(spelled)) if len(spelled) == 1 else domain))
        else:
            out[a.id] = UNKNOWN_PREFIX + a.id
    return out


def _one_spelling(named: dict[str, str]) -> dict[str, str]:
    """``named`` with names that differ only in case, spaces or punctuation spelled one
    way ("Inexhibit magazine" and "Inexhibitmagazine", one site's pages on the crawl):
    the most common spelling, ties broken by code-point order (not by which page came
    first)."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for name in named.values():
        spellings[spelling_key(name)][name] += 1
    chosen = {key: min(counts, key=lambda n: (-counts[n], n)) for key, counts in spellings.items()}
    return {article_id: chosen[spelling_key(name)] for article_id, name in named.items()}


def spelling_key(name: str) -> str:
    """What two spellings of one name share: its letters and digits, case-folded ("RFE/RL"
    and "rfe rl" meet); a name without any is its case-folded self."""
    return "".join(re.findall(r"[^\W_]", name.casefold())) or name.casefold()


def _named_outlet(outlet: str | None, aliases: Mapping[str, str]) -> str | None:
    """An ``outlet`` field as a name (aliases applied), or None when it is empty or a domain."""
    if not outlet or not outlet.strip() or domain_of(outlet):
        return None
    name = outlet.strip()
    if name.casefold() in aliases:
        return aliases[name.casefold()]
    canonical = canonical_outlet(name) or name
    return aliases.get(canonical.casefold(), canonical)


def fold_aliases(aliases: Mapping[str, str] | None = None) -> dict[str, str]:
    """``aliases`` (default ``ALIASES``) with case-folded keys, as the lookups here expect."""
    return {k.casefold(): v for k, v in (ALIASES if aliases is None else aliases).items()}


def canonical_name(name: str, aliases: Mapping[str, str] | None = None, folded: bool = False) -> str:
    """A credited outlet's name as ``outlet_names`` spells outlets ("RT NEWS" -> "RT");
    ``folded``: ``aliases`` already went through ``fold_aliases`` (a caller's loop folds once)."""
    aliases = aliases if folded and aliases is not None else fold_aliases(aliases)
    domain = domain_of(name)
    if domain:
        known = known_outlet(domain)
        return aliases.get(domain) or (known and aliases.get(known.casefold(), known)) or domain
    return _named_outlet(name, aliases) or name.strip()


def same_outlet(credited: str, own: str) -> bool:
    """Whether a credited name is the crediting page's own outlet: the same name however
    spelt (``spelling_key``), or the
    name of the outlet whose domain the page goes by ("Live Science" on livescience.com:
    its domain's name with spaces and punctuation dropped). A page crediting its own outlet
    ("Originally published on Live Science.", "SOURCE: Al Jazeera News") credits no one."""
    if spelling_key(credited) == spelling_key(own):
        return True
    domain = domain_of(own)
    label = (registered_domain(domain) or "").split(".")[0] if domain else ""
    return bool(label) and label == spelling_key(credited)


def is_unknown(outlet: str) -> bool:
    return outlet.startswith(UNKNOWN_PREFIX)


def display_name(outlet: str) -> str:
    """What a reader sees: "unknown" for an article of unknown outlet."""
    return "unknown" if is_unknown(outlet) else outlet
