"""Score the ``outlets`` and ``outlet_links`` tables against the seed answer key:
``score_seeds_outlets(outlets, outlet_links, articles, gold) -> dict``.

Expectations come from the key, not from the tables: for each pair the key says shares
copied prose, the outlet a member's credit line names is the source of both members
(the key's credit lines name it; the tables must find it):

- a member whose credit line names that outlet must be a copier of it, credited
  (247 City News from RT, "Source: RT NEWS");
- a member with no credit line must be a copier of it, not credited (the unnamed
  rewrite site);
- an outlet whose credit lines name outlets but whose articles are in no copying pair
  must show those credits and derive nothing (RFE/RL: "Based on reporting by Interfax
  and TASS", no prose copied).
"""

from __future__ import annotations

from typing import Sequence

from retold.clean.credits import parse_credits
from retold.eval.seeds_reuse import INDEPENDENT
from retold.model import Article, Outlet, OutletLink
from retold.outlets.identity import canonical_name, outlet_names


def score_seeds_outlets(outlets: Sequence[Outlet], links: Sequence[OutletLink], articles: Sequence[Article],
                        gold: dict) -> dict:
    """``outlet_checks_right`` of ``outlet_checks`` (see the module), with the failed ones named."""
    outlet_of = outlet_names(articles)
    rows = {o.name: o for o in outlets}
    by_pair = {(lk.source, lk.copier): lk for lk in links}
    credited = {doc: [canonical_name(n) for n in (parse_credits(d.get("credit") or "") or ())]
                for doc, d in gold["docs"].items()}
    copying = [entry["docs"] for entry in gold.get("reuse", []) if entry["kind"] != INDEPENDENT]
    in_copying = {doc for docs in copying for doc in docs}
    checks: list[tuple[str, bool]] = []
    for docs in copying:
        sources = [n for doc in docs for n in credited[doc]]
        for source in dict.fromkeys(sources):
            for doc in docs:
                if doc not in outlet_of:
                    checks.append((f"{doc} not read", False))
                    continue
                link = by_pair.get((source, outlet_of[doc]))
                want_credit = source in credited[doc]
                ok = link is not None and any(copy == doc for _, copy in link.pairs) and \
                    (link.credited > 0) == want_credit
                checks.append((f"{source} -> {outlet_of[doc]} ({'credited' if want_credit else 'not credited'})", ok))
    for doc, names in credited.items():
        if not names or doc in in_copying or doc not in outlet_of:
            continue
        row = rows.get(outlet_of[doc])
        ok = row is not None and all(n in row.credits for n in names) and row.derived == 0
        checks.append((f"{outlet_of[doc]} credits {', '.join(names)}, copies nothing", ok))
    return {"outlet_checks": len(checks), "outlet_checks_right": sum(ok for _, ok in checks),
            "outlet_checks_failed": "; ".join(name for name, ok in checks if not ok)}
