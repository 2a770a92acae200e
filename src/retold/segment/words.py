"""Words of any script, as the stages that compare texts count them (reuse, lists)."""

from __future__ import annotations

import re

# Ideographs and kana are tokens one character each (scripts written without spaces,
# where a ``\w+`` run is a whole clause), as sacrebleu's zh tokenizer and MinHash
# dedup of CJK text do; every other script keeps its ``\w+`` words.
IDEOGRAPHIC = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
WORD = re.compile(f"[{IDEOGRAPHIC}]|[^\\W{IDEOGRAPHIC}]+")
IDEOGRAPH = re.compile(f"[{IDEOGRAPHIC}]")
