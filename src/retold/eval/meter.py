"""Evaluate provenance on METER: what British newspapers took from the Press Association wire.

``path`` holds ``docs.jsonl`` (PA wire copy as sent, with ``published``; newspaper
articles, undated) and ``gold.json``: ``labels`` (newspaper article ->
``wholly_derived`` | ``partially_derived`` | ``non_derived``, judged against ALL the
PA copy of its story together), ``pa_copy`` (article -> that story's PA files).

The documents go through ``retold.pipeline.analyze`` (the path a user runs, reuse
stage) and the exported reuse links are scored, as METER's authors score
derivation (Gaizauskas et al. 2001; Clough et al. 2002): an article is *predicted
derived* when the export links it to at least one PA file of its story (the label
is against the story's PA copy as a whole, so one link to any version suffices).
Links to PA files of other stories count against nothing here: stories are
separate events, and such links are printed as ``links outside the story``.

Figures: macro F1 of derived vs non-derived; derived precision/recall; the share
of wholly-derived articles linked; the kind of each derived article's strongest
link against its label (confusion table); direction (share of newspaper–PA links
whose ``source`` is the PA side, with the ``basis`` counts); and, per newspaper,
the share of its articles found derived against the share labelled derived.

Run: ``retold eval meter [../shared/eval/reuse/meter-dev]``
"""

from __future__ import annotations

import json
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

# Order used to pick an article's strongest link (a verbatim copy says more than a partial one).
_KIND_ORDER = ("verbatim", "rewrite", "partial", "translation")
_LABELS = ("wholly_derived", "partially_derived", "non_derived")
# The outlets issue asks, per newspaper with at least this many labelled articles, that the
# share found derived from PA lies within this of the share by the labels.
PER_OUTLET_MIN_ARTICLES = 30
PER_OUTLET_TOLERANCE = 0.10


def evaluate(path: str | Path, db: str | Path | None = None) -> dict:
    """Run the reuse stage on the METER split at ``path`` and score the exported links."""
    from retold.pipeline import analyze

    path = Path(path)
    gold = json.loads((path / "gold.json").read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = analyze([path / "docs.jsonl"], db=db or Path(tmp) / "meter.db", stages=["reuse"])
    seconds = time.perf_counter() - t0
    export = corpus.to_dict()
    figures = score(export, gold)
    figures["seconds"] = seconds
    return figures


def score(export: dict, gold: dict) -> dict:
    """The figures of the module docstring from an export dict and METER's ``gold``."""
    labels: dict[str, str] = gold["labels"]
    pa_copy: dict[str, list[str]] = gold["pa_copy"]
    pa_ids = {pid for files in pa_copy.values() for pid in files} | {
        a["id"] for a in export["articles"] if a["id"].startswith("PA/")}
    links_of: dict[str, list[dict]] = defaultdict(list)
    outside = 0
    for link in export["reuse"]:
        for paper, other in ((link["a"], link["b"]), (link["b"], link["a"])):
            if paper in labels and other in pa_ids:
                if other in pa_copy.get(paper, ()):
                    links_of[paper].append(link)
                else:
                    outside += 1
    truth = {a: lab != "non_derived" for a, lab in labels.items()}
    predicted = {a: bool(links_of.get(a)) for a in labels}
    figures = {
        "articles": len(labels), "pa_files": len(pa_ids),
        "derived": _binary(truth, predicted),
        "wholly_linked": _share([predicted[a] for a, lab in labels.items() if lab == "wholly_derived"]),
        "confusion": _confusion(labels, links_of),
        "direction": _direction(export["reuse"], labels, pa_ids),
        "per_outlet": _per_outlet(export, labels, pa_ids),
        "links_outside_story": outside,
        # a link a reader cannot check: nothing shown side by side
        "links": len(export["reuse"]),
        "links_without_passages": sum(1 for link in export["reuse"] if not link.get("passages")),
    }
    return figures


def _binary(truth: dict[str, bool], predicted: dict[str, bool]) -> dict:
    tp = sum(truth[a] and predicted[a] for a in truth)
    fp = sum(not truth[a] and predicted[a] for a in truth)
    fn = sum(truth[a] and not predicted[a] for a in truth)
    tn = sum(not truth[a] and not predicted[a] for a in truth)
    p, r = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    p_neg, r_neg = _ratio(tn, tn + fn), _ratio(tn, tn + fp)
    f1, f1_neg = _f1(p, r), _f1(p_neg, r_neg)
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": p, "recall": r, "f1": f1,
            "non_derived_f1": f1_neg, "macro_f1": (f1 + f1_neg) / 2}


def _confusion(labels: dict[str, str], links_of: dict[str, list[dict]]) -> dict[str, Counter]:
    """Label -> counts of the kind of the article's strongest link to its PA copy ("none" when unlinked)."""
    table: dict[str, Counter] = {lab: Counter() for lab in _LABELS}
    for article, lab in labels.items():
        kinds = {link["kind"] for link in links_of.get(article, ())}
        table[lab][next((k for k in _KIND_ORDER if k in kinds), "none")] += 1
    return table


def _direction(reuse: list[dict], labels: dict[str, str], pa_ids: set[str]) -> dict:
    """Among links between a newspaper article and a PA file: how often PA is the source, and on what basis."""
    pairs = [link for link in reuse
             if (link["a"] in labels and link["b"] in pa_ids) or (link["b"] in labels and link["a"] in pa_ids)]
    pa_source = sum(1 for link in pairs if link.get("source") in pa_ids)
    return {"links": len(pairs), "pa_source": pa_source, "share": _ratio(pa_source, len(pairs)),
            "basis": Counter(str(link.get("basis")) for link in pairs)}


def _per_outlet(export: dict, labels: dict[str, str], pa_ids: set[str]) -> dict:
    """Per newspaper (as the export's ``outlets`` name it): its labelled articles, the share
    derived (wholly or partially) by the labels, and the share the export's ``outlet_links``
    show derived from PA (copies in a link whose source outlet is PA's)."""
    from retold.model import Article
    from retold.outlets.identity import outlet_names

    outlet_of = outlet_names([Article(id=a["id"], body="", outlet=a.get("outlet"), url=a.get("url"))
                              for a in export["articles"]])
    pa_outlets = {outlet_of[a] for a in pa_ids if a in outlet_of}
    from_pa = {copy for link in export["outlet_links"] if link["source"] in pa_outlets for _, copy in link["pairs"]}
    rows: dict[str, dict] = {}
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for article in labels:
        by_outlet[outlet_of.get(article, "unknown")].append(article)
    for name, articles in sorted(by_outlet.items()):
        gold_share = _share([labels[a] != "non_derived" for a in articles])
        found_share = _share([a in from_pa for a in articles])
        rows[name] = {"articles": len(articles), "gold_share": gold_share, "found_share": found_share,
                      "within": abs(found_share - gold_share) <= PER_OUTLET_TOLERANCE}
    return rows


def _ratio(x: int, n: int) -> float:
    return x / n if n else 0.0


def _share(flags: list[bool]) -> float:
    return _ratio(sum(flags), len(flags))


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def format_report(f: dict) -> str:
    d = f["derived"]
    lines = [
        f"METER: {f['articles']} labelled newspaper articles, {f['pa_files']} PA files "
        f"({f.get('seconds', 0):.0f} s through analyze, reuse stage)",
        f"derived vs non-derived: macro F1 {d['macro_f1']:.3f} (derived P {d['precision']:.3f}, "
        f"R {d['recall']:.3f}, F1 {d['f1']:.3f}; non-derived F1 {d['non_derived_f1']:.3f}) "
        f"tp {d['tp']} fp {d['fp']} fn {d['fn']} tn {d['tn']}",
        f"wholly-derived articles linked to their PA copy: {f['wholly_linked']:.3f}",
        "label -> kind of the strongest link to its PA copy:",
        "  " + f"{'':19}" + "".join(f"{k:>12}" for k in (*_KIND_ORDER, "none")),
    ]
    for lab in _LABELS:
        row = f["confusion"][lab]
        lines.append("  " + f"{lab:19}" + "".join(f"{row.get(k, 0):>12}" for k in (*_KIND_ORDER, "none")))
    dr = f["direction"]
    basis = ", ".join(f"{k} {v}" for k, v in dr["basis"].most_common())
    lines.append(f"direction: PA named as the source of {dr['pa_source']} of {dr['links']} newspaper-PA links "
                 f"({dr['share']:.3f}); basis: {basis}")
    lines.append(f"links from a newspaper article to PA copy of another story: {f['links_outside_story']}")
    lines.append(f"links without passages: {f['links_without_passages']} of {f['links']}")
    lines.append("per newspaper (export's outlets): articles, share derived by the labels, share the outlet_links "
                 f"show derived from PA (within ±{PER_OUTLET_TOLERANCE:.2f} asked from {PER_OUTLET_MIN_ARTICLES} articles)")
    for name, row in f["per_outlet"].items():
        mark = ("ok" if row["within"] else "OFF") if row["articles"] >= PER_OUTLET_MIN_ARTICLES else ""
        lines.append(f"  {name:24} {row['articles']:>4}  {row['gold_share']:.2f}  {row['found_share']:.2f}"
                     f"  ({row['found_share'] - row['gold_share']:+.2f}) {mark}")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    import sys

    print(format_report(evaluate(sys.argv[1] if len(sys.argv) > 1 else "../shared/eval/reuse/meter-dev",
                                 db=sys.argv[2] if len(sys.argv) > 2 else None)))
