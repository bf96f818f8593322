"""What kind of indicator a label names, however a table words it: 「产出指标(50分)」, 「数量」, 「经济成本指标」."""

from __future__ import annotations

import re
from functools import lru_cache

from auditor.parsing.text import normalize_text

_WEIGHT_IN_LABEL = re.compile(r"[\(（]\s*\d+(\.\d+)?\s*分?\s*[\)）]$")
#: Cost kinds of the 2021+ framework, all read as the cost family (成本指标).
COST_KINDS = ("经济成本指标", "社会成本指标", "生态环境成本指标")


@lru_cache(maxsize=4096)  # a few dozen labels recur in every table
def indicator_kind(text: str | None) -> str | None:
    """``产出指标(50分)`` → ``产出指标``; ``数量`` → ``数量指标``; 2021+ cost kinds → ``成本指标``."""
    if text is None:
        return None
    word = _WEIGHT_IN_LABEL.sub("", "".join(normalize_text(text).split()))
    if word and not word.endswith("指标"):
        word += "指标"
    return "成本指标" if word in COST_KINDS else word
