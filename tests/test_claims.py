"""P rules: a claimed share against its counts, at the exact boundary of each comparator word."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from auditor.model import Claim, Submission
from tests.strategies import COMPARATOR_WORDS, satisfying_percent

PROPERTY = settings(max_examples=300, deadline=None)


def submission_with(claim: Claim) -> Submission:
    return Submission(path="x.xlsx", department={"name": "某厅", "year": 2023}, claims=[claim])


def claim(part: int, whole: int, percent: Decimal, word: str) -> Claim:
    return Claim(statement=f"共{whole}人，其中{part}人，占比{percent}%{word}", part=Decimal(part), whole=Decimal(whole), claimed_percent=percent, comparator=word)


def p001(check, part, whole, percent, word) -> bool:
    return any(f.rule == "P001" for f in check(submission_with(claim(part, whole, percent, word))).findings)


def effective_decimals(value: Fraction) -> int:
    """Decimals of the shortest way to write a grid value (trailing zeros do not count)."""
    d = 0
    while (value * 10**d).denominator != 1:
        d += 1
    return d


def first_failing_percent(share: Fraction, comparator_class: str, d: int) -> Fraction | None:
    """The claim just past the comparator's boundary: the nearest grid value that must fire."""
    step = Fraction(1, 10**d)
    floor = Fraction((share * 10**d).numerator // (share * 10**d).denominator, 10**d)
    ceil = floor if floor == share else floor + step
    if comparator_class == "at_least":  # fires when a < X
        return floor + step
    if comparator_class == "more_than":  # fires when a <= X
        return ceil
    if comparator_class == "at_most":  # fires when a > X
        return ceil - step
    if comparator_class == "less_than":  # fires when a >= X
        return floor
    bound = Fraction(1, 2) * step if comparator_class == "plain" else Fraction(1)
    candidate = floor
    while not (candidate - share > bound or (comparator_class == "approx" and candidate - share >= bound)):
        candidate += step
    return candidate


shares = st.integers(1, 2000).flatmap(lambda whole: st.tuples(st.integers(0, whole), st.just(whole)))


@PROPERTY
@given(shares, st.sampled_from(sorted(COMPARATOR_WORDS)), st.integers(0, 2), st.data())
def test_a_claim_built_to_hold_never_fires_and_one_just_past_always_does(check, counts, comparator_class, d, data):
    part, whole = counts
    share = Fraction(100 * part, whole)
    word = data.draw(st.sampled_from(COMPARATOR_WORDS[comparator_class]))
    holding = satisfying_percent(share, comparator_class, d)
    assume(holding is not None)
    assert not p001(check, part, whole, Decimal(holding.numerator) / holding.denominator, word)
    failing = first_failing_percent(share, comparator_class, d)
    assume(failing is not None and failing >= 0 and effective_decimals(failing) == d)
    assert p001(check, part, whole, (Decimal(failing.numerator) / failing.denominator).quantize(Decimal(1).scaleb(-d)), word)


def test_yi_shang_at_exactly_the_number_holds_and_chao_guo_fires(check):
    assert not p001(check, 20, 100, Decimal(20), "以上")
    assert p001(check, 20, 100, Decimal(20), "超过")
    assert not p001(check, 20, 100, Decimal(20), "以下")
    assert p001(check, 20, 100, Decimal(20), "不足")


def test_the_seed_claims_hold(check):
    assert not p001(check, 73, 99, Decimal(70), "以上")
    assert not p001(check, 20, 99, Decimal(20), "以上")


def test_trailing_zeros_do_not_narrow_the_precision(check):
    """70, 70.0 and 70.00 all stand for 69.5%–70.5%: 69.6% is a plain 70% in each form."""
    for written in ("70", "70.0", "70.00"):
        assert not p001(check, 696, 1000, Decimal(written), "")
    assert p001(check, 694, 1000, Decimal("70"), "")


def test_yue_allows_less_than_one_point(check):
    assert not p001(check, 709, 1000, Decimal(70), "约")  # 70.9
    assert p001(check, 710, 1000, Decimal(70), "约")  # exactly 1 point off


def test_an_unknown_comparator_word_is_not_guessed(check):
    assert not p001(check, 10, 100, Decimal(70), "差不多")


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 1000), st.integers(1, 1000))
def test_p002_fires_exactly_when_the_part_exceeds_the_whole(check, part, whole):
    result = check(submission_with(claim(part, whole, Decimal(50), "以上")))
    assert any(f.rule == "P002" for f in result.findings) == (part > whole)


def test_p002_fires_on_a_zero_whole_and_a_negative_part(check):
    for part, whole in ((0, 0), (-1, 10)):
        result = check(submission_with(claim(part, whole, Decimal(0), "")))
        assert [f.rule for f in result.findings] == ["P002"]
