"""``blocking.key_edges``: the local engine's key blocks above ``cluster.EXACT_LIMIT``."""

from __future__ import annotations

import numpy as np

from retold.stories import blocking
from retold.stories.features import ArticleFeatures
from retold.stories.similarity import build_evidence, score_pairs

TEXTS = [
    "Wladimir Klitschko stopped Hasim Rahman in the seventh round in Mannheim, Germany.",
    "Klitschko retained his titles against Rahman in Mannheim on Saturday night.",
    "Wladimir Klitschko stopped Tony Thompson in the sixth round in Bern, Switzerland.",
    "A magnitude 6.1 earthquake struck Qeshm island off southern Iran on Sunday.",
]


def _evidence():
    feats = [ArticleFeatures(str(i), (), None, t[:60]) for i, t in enumerate(TEXTS)]
    return build_evidence(TEXTS, feats, TEXTS, [f.lede for f in feats])


def test_key_edges_pair_only_rows_sharing_a_key_and_scoring_enough():
    ev = _evidence()
    keys = [["n:klitschko", "t:mannheim"], ["n:klitschko", "t:mannheim"], ["n:klitschko"], ["n:iran"]]
    edges = blocking.key_edges(ev, keys, [0, 1, 2, 3])
    sharing = [(0, 1), (0, 2), (1, 2)]
    scores = score_pairs(ev, np.array([p[0] for p in sharing]), np.array([p[1] for p in sharing]))
    assert set(edges) == {p for p, s in zip(sharing, scores) if s >= blocking.COMPONENT_LINK}
    assert (0, 1) in edges  # one event, two reports


def test_key_edges_window_a_block_over_the_exact_size(monkeypatch):
    monkeypatch.setattr(blocking, "MAX_EXACT_BLOCK", 2)
    monkeypatch.setattr(blocking, "BLOCK_WINDOW", 1)
    monkeypatch.setattr(blocking, "COMPONENT_LINK", -1.0)  # keep every scored pair
    edges = blocking.key_edges(_evidence(), [["t:x"]] * 4, [3, 0, 1, 2])
    assert set(edges) == {(0, 3), (0, 1), (1, 2)}  # each row with its next one in block order
