"""Who copies whom across the corpus, per outlet, from the stored reuse links.

A reuse link whose ``source`` is judged (``reuse.provenance``) says which side was
copied:

- ``source`` is one of the pair's article ids: the other article is *derived* from it,
  and the link's ``credited`` says whether the copy names the source's outlet;
- ``source`` is an outlet named in a credit line and absent from the pair (RT for two
  reposts of an RT report): both articles are derived from that outlet, and each one is
  credited when it names it itself (``provenance.names_outlet``);
- no ``source``: the pair shares prose but who copied whom cannot be told, so neither
  article is counted as derived (its outlet row counts it under ``undirected``).

Links between two articles of one outlet (a wire's own updated versions) are not
copying between outlets and are left out. An article is derived when at least one link
makes it a copy of another outlet; it is counted once, under the strongest kind it was
taken by (``KIND_ORDER``: verbatim, then rewrite, translation, partial), and as credited
when it names the source of every link it was derived through. An *original* is an
article derived from nothing.

Outlets named in credit lines and absent from the corpus (``Source: RT``, "With
reporting by Interfax") are rows too, marked ``credited_only``, with what the corpus
took from them and who credits them: "credits TASS, copies nothing" and "copies RT,
credits nothing" both show. Pure functions of articles and links: the store's query
layer (``store.query.outlets``) calls them, so the CLI, the exports, the report and the
web UI read one set of numbers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Mapping, Sequence

from retold.model import Article, Outlet, OutletLink, ReuseLink
from retold.outlets.identity import canonical_name, fold_aliases, is_unknown, outlet_names, same_outlet
from retold.reuse.provenance import is_agency, names_outlet

KIND_ORDER = ("verbatim", "rewrite", "translation", "partial")
# Sources and copiers listed in an outlet's row, most articles first.
TOP_PARTNERS = 10


@dataclass
class _Taking:
    """One derived article: what it took from whom."""

    kinds: set[str] = field(default_factory=set)
    sources: dict[str, bool] = field(default_factory=dict)  # source outlet -> credited


def outlet_tables(articles: Sequence[Article], links: Sequence[ReuseLink],
                  aliases: Mapping[str, str] | None = None) -> tuple[list[Outlet], list[OutletLink]]:
    """The ``outlets`` and ``outlet_links`` tables of a corpus (see the module rules)."""
    aliases = fold_aliases(aliases)  # once: canonical_name is called per credit and per link
    by_id = {a.id: a for a in articles}
    outlet_of = outlet_names(articles, aliases)
    taken: dict[str, _Taking] = defaultdict(_Taking)
    pairs: dict[tuple[str, str], list[tuple[str | None, str, str, bool]]] = defaultdict(list)
    undirected: Counter[str] = Counter()
    for link in links:
        if link.a not in by_id or link.b not in by_id:
            continue
        for copy, source_article, source_outlet, credited in _takings(link, by_id, outlet_of, aliases):
            if source_outlet == outlet_of[copy]:
                continue  # an outlet's own versions of its story
            taking = taken[copy]
            taking.kinds.add(link.kind)
            taking.sources[source_outlet] = taking.sources.get(source_outlet, True) and credited
            pairs[(source_outlet, outlet_of[copy])].append((source_article, copy, link.kind, credited))
        if link.source is None and outlet_of[link.a] != outlet_of[link.b]:
            undirected.update({outlet_of[link.a], outlet_of[link.b]})
    links_out = [_outlet_link(s, c, rows) for (s, c), rows in sorted(pairs.items())]
    return _outlet_rows(articles, outlet_of, taken, links_out, undirected, aliases), links_out


def _takings(link: ReuseLink, by_id: Mapping[str, Article], outlet_of: Mapping[str, str],
             aliases) -> list[tuple[str, str | None, str, bool]]:
    """``(copy article, source article or None, source outlet, credited)`` per copy in the link."""
    if link.source is None:
        return []
    if link.source in (link.a, link.b):
        copy = link.b if link.source == link.a else link.a
        return [(copy, link.source, outlet_of[link.source], bool(link.credited))]
    outside = canonical_name(link.source, aliases, folded=True)
    return [(art, None, outside, names_outlet(by_id[art], link.source)) for art in (link.a, link.b)]


def _outlet_link(source: str, copier: str, rows: list[tuple[str | None, str, str, bool]]) -> OutletLink:
    strongest: dict[str, str] = {}
    credited: dict[str, bool] = {}
    for _, copy, kind, ok in rows:
        if copy not in strongest or KIND_ORDER.index(kind) < KIND_ORDER.index(strongest[copy]):
            strongest[copy] = kind
        credited[copy] = credited.get(copy, True) and ok
    kinds = Counter(strongest.values())
    unique = sorted({(s, c) for s, c, _, _ in rows}, key=lambda p: (p[0] or "", p[1]))
    return OutletLink(source=source, copier=copier, articles=len(strongest),
                      by_kind={k: kinds[k] for k in KIND_ORDER if kinds[k]},
                      credited=sum(credited.values()), pairs=tuple(unique))


def _outlet_rows(articles, outlet_of, taken, links_out, undirected, aliases) -> list[Outlet]:
    members: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        members[outlet_of[a.id]].append(a)
    credits_named: dict[str, Counter[str]] = defaultdict(Counter)
    for a in articles:
        own = outlet_of[a.id]
        for name in dict.fromkeys(canonical_name(n, aliases, folded=True) for n in a.credited_sources):
            if not same_outlet(name, own):
                credits_named[own][name] += 1
    named_anywhere = {n for c in credits_named.values() for n in c} | {link.source for link in links_out}
    as_copier: dict[str, list[OutletLink]] = defaultdict(list)
    as_source: dict[str, list[OutletLink]] = defaultdict(list)
    for link in links_out:
        as_copier[link.copier].append(link)
        as_source[link.source].append(link)
    rows = []
    for name in sorted(set(members) | named_anywhere, key=lambda n: (n not in members, n.casefold(), n)):
        own = members.get(name, [])
        derived = [taken[a.id] for a in own if a.id in taken]
        kinds = Counter(min(t.kinds, key=KIND_ORDER.index) for t in derived)
        credited = sum(all(t.sources.values()) for t in derived)
        rows.append(Outlet(
            name=name, credited_only=not own, agency=is_agency(name), unknown=is_unknown(name),
            articles=len(own), originals=len(own) - len(derived), derived=len(derived),
            derived_by_kind={k: kinds[k] for k in KIND_ORDER if kinds[k]},
            share_derived=len(derived) / len(own) if own else None,
            credited_share=credited / len(derived) if derived else None,
            undirected=undirected.get(name, 0),
            sources=_partners(as_copier[name], "source"), copiers=_partners(as_source[name], "copier"),
            credits=dict(sorted(credits_named.get(name, {}).items(), key=lambda kv: (-kv[1], kv[0]))),
        ))
    return rows


def articles_given(outlet: Outlet) -> int:
    """The articles other outlets took from ``outlet`` (what sizes a credited-only outlet)."""
    return sum(c["articles"] for c in outlet.copiers)


def _partners(links: list[OutletLink], side: str) -> tuple[dict, ...]:
    ranked = sorted(links, key=lambda lk: (-lk.articles, getattr(lk, side)))[:TOP_PARTNERS]
    return tuple({"outlet": getattr(lk, side), "articles": lk.articles,
                  "credited_share": lk.credited / lk.articles if lk.articles else None} for lk in ranked)

