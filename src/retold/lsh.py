"""MinHash LSH bands as plain keys, so a join (Spark) or a dict (local) buckets exactly
as datasketch's ``MinHashLSH`` does: two signatures share a key when they agree on
every row of one band. Used by reuse (copied sentences) and stories (near copies)."""

from __future__ import annotations

from functools import cache

import numpy as np
from datasketch import MinHashLSH


@cache
def lsh_bands(threshold: float, num_perm: int) -> tuple[tuple[int, int], ...]:
    """datasketch's (start, end) row ranges of each band for ``threshold`` and ``num_perm``."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return tuple((int(s), int(e)) for s, e in lsh.hashranges)


def band_keys(signature: np.ndarray, threshold: float) -> list[bytes]:
    """The band keys of one MinHash signature (uint64 hash values): the band's number
    and its values, as bytes (datasketch's own bucket key, prefixed by the band)."""
    values = np.asarray(signature, dtype=np.uint64)
    return [bytes([b]) + bytes(values[s:e].byteswap().data)
            for b, (s, e) in enumerate(lsh_bands(threshold, len(values)))]
