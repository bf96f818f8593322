"""Share-claim facts (P rules): a claimed percentage against its counts, compared exactly.

With a = 100 × 分子 / 分母 and the claim X written with d decimals, every comparison
of a with X is made on integers: num = 100·p·10^d − x·w (p, w the counts and x the
claim scaled to integers), whose sign is the sign of a − X and whose size against w
and w·10^d decides the "half a unit of the last digit" and "within 1 point" tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from auditor.facts.base import (
    ENGINE_INTEGER_LIMIT,
    FactKind,
    FactRow,
    Params,
    SubmissionView,
    cited,
    on_one_scale,
)
from auditor.model import Claim
from auditor.parsing.comparators import WORDS_BY_MEANING, worded
from auditor.parsing.numbers import decimals_written, format_decimal
from auditor.parsing.text import normalize_text


def comparator_class(word: str | None, classes: dict[str, list[str]]) -> str:
    """The class (plain, approx, at_least, …) of a comparator word; ``unknown`` if not listed.

    Compared in normal form, so that a full-width 「～」 or 「＞」 is the listed 「~」 or 「>」.
    """
    word = normalize_text(word or "")
    return next((name for name, words in classes.items() if word in {normalize_text(w) for w in words}), "unknown")


CLAIM_CELLS = ("statement", "part", "whole", "claimed_percent")




def _claim_cells(claim: Claim) -> dict[str, list[str]]:
    return cited(**{role: claim.source(role) for role in CLAIM_CELLS})


def _labels(claim: Claim) -> dict[str, tuple[str, str]]:
    word = claim.comparator or ""
    return {"statement": (claim.statement, claim.statement), "comparator": (word, word)}


def _count_labels(claim: Claim) -> dict[str, tuple[str, str]]:
    shown = {"part": claim.part, "whole": claim.whole}
    return {k: (format_decimal(v, 0), format_decimal(v, 0)) for k, v in shown.items() if v is not None}


def _share_claims(view: SubmissionView, params: Params) -> Iterator[FactRow]:
    classes: dict[str, list[str]] = {k: list(v) for k, v in params["comparators"].items()}
    for claim in view.submission.claims:
        if claim.part is None or claim.whole is None or claim.claimed_percent is None:
            continue
        if claim.whole <= 0 or claim.part < 0 or claim.part > claim.whole:
            continue  # no meaningful share: P002 reports the counts, once, at the root cause
        counts = on_one_scale(claim.part, claim.whole)
        if counts is None:
            continue
        part, whole = counts
        d = decimals_written(claim.claimed_percent)
        claimed = int(claim.claimed_percent * Decimal(10) ** d)
        excess = 100 * part * 10**d - claimed * whole
        denominator = whole * 10**d
        if max(abs(excess) * 2, denominator) >= ENGINE_INTEGER_LIMIT:
            continue
        share = Decimal(100) * claim.part / claim.whole
        labels = _labels(claim)
        labels["share"] = (format_decimal(share.quantize(Decimal("0.01"))), format_decimal(share.quantize(Decimal("0.01"))))
        labels["claimed"] = (format_decimal(claim.claimed_percent, 0), format_decimal(claim.claimed_percent, 0))
        worded_text = worded(format_decimal(claim.claimed_percent, 0), claim.comparator or "")
        labels["claim"] = (worded_text, worded_text)
        labels.update(_count_labels(claim))
        yield FactRow(
            project=claim.project,
            values={
                "comparator_class": comparator_class(claim.comparator, classes),
                "excess": excess,
                "abs_excess": abs(excess),
                "twice_shortfall": -2 * excess,
                "whole_units": whole,
                "denominator": denominator,
            },
            cells=_claim_cells(claim),
            labels=labels,
        )


def _share_counts(view: SubmissionView, params: Params) -> Iterator[FactRow]:
    for claim in view.submission.claims:
        if claim.part is None or claim.whole is None:
            continue
        counts = on_one_scale(claim.part, claim.whole)
        if counts is None:
            continue
        labels = _labels(claim) | _count_labels(claim)
        yield FactRow(
            project=claim.project,
            values={"part": counts[0], "whole": counts[1]},
            cells=_claim_cells(claim),
            labels=labels,
        )


CLAIM_KINDS = (
    FactKind(
        name="share_claim",
        doc="One per claim with 0 ≤ 分子 ≤ 分母, 分母 > 0 and 声称比例: excess = 100·p·10^d − x·w (sign of a − X), "
        "twice_shortfall = −2·excess, whole_units = w, denominator = w·10^d, comparator_class from the comparators "
        "parameter (plain, approx, at_least, more_than, at_most, less_than or unknown). A plain X holds when "
        "X − ½·10^−d ≤ a < X + 10^−d (rounded or truncated), i.e. twice_shortfall ≤ w and excess < w.",
        attributes={
            "comparator_class": "word",
            "excess": "integer",
            "abs_excess": "integer",
            "twice_shortfall": "integer",
            "whole_units": "integer",
            "denominator": "integer",
        },
        labels=("statement", "comparator", "share", "claimed", "claim", "part", "whole"),
        cell_roles=CLAIM_CELLS,
        params={"comparators": WORDS_BY_MEANING},
        derive=_share_claims,
    ),
    FactKind(
        name="share_counts",
        doc="One per 数据声明 row with 分子 and 分母: both on one integer scale.",
        attributes={"part": "integer", "whole": "integer"},
        labels=("statement", "comparator", "part", "whole"),
        cell_roles=CLAIM_CELLS,
        derive=_share_counts,
    ),
)
