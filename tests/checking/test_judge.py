"""checking.judge: how one (lhs, rhs) is judged, and that the search judges the same way."""

import math
from fractions import Fraction

import pytest
from hypothesis import strategies as st

from aptheory.checking import Claim
from aptheory.checking.judge import Tightness, judge_options, lhs_rhs_gap, lhs_rhs_ratio, violates
from aptheory.checking.search import run_claim

FLOAT = judge_options(kind="le", exact=False, tolerance=1e-9)


def test_exact_claims_compare_exactly_and_refuse_floats():
    opts = judge_options(kind="eq", exact=True, tolerance=0.0)
    assert not violates(Fraction(1, 3), Fraction(2, 6), **opts)
    assert violates(Fraction(1, 3), Fraction(1, 3) + Fraction(1, 10**30), **opts)
    with pytest.raises(TypeError, match="exact claim must return int or Fraction"):
        violates(1 / 3, Fraction(1, 3), **opts)
    with pytest.raises(TypeError, match="exact claim"):
        violates(True, 1, **opts)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_a_nan_or_infinite_side_is_always_a_violation(bad):
    assert violates(bad, 1.0, **FLOAT) and violates(0.0, bad, **FLOAT)


def test_the_float_slack_is_relative_to_the_larger_side():
    assert not violates(1e6 + 1e-4, 1e6, **FLOAT)  # 1e-4 < 1e-9 * 1e6
    assert violates(1e6 + 1e-2, 1e6, **FLOAT)
    eq = judge_options(kind="eq", exact=False, tolerance=1e-9)
    assert not violates(1.0, 1.0 + 5e-10, **eq) and violates(1.0, 1.0 + 5e-9, **eq)


def test_ratio_and_gap():
    assert lhs_rhs_ratio(1, 4) == 0.25 and lhs_rhs_ratio(1, 0) is None
    assert lhs_rhs_gap(Fraction(1, 3), Fraction(1, 2), "le") == pytest.approx(-1 / 6)
    assert lhs_rhs_gap(2.0, 1.0, "eq") == lhs_rhs_gap(1.0, 2.0, "eq") == 1.0
    t = Tightness()
    for lhs, rhs in [(1, 2), (3, 4), (math.nan, 1), (1, -1)]:
        t.add(lhs, rhs, "le")
    assert (t.ratio, t.gap) == (0.75, 2.0)


def test_the_search_reports_what_tightness_gives_on_its_examples():
    """The search keeps its own copy of the bookkeeping (see search.py): same numbers."""
    claim = Claim(
        id="x2-le-x",
        equation="(0)",
        statement="x^2 <= x on [0, 1]",
        check=lambda x: (x * x, x),
        twin=lambda x: (x, x * x),
        twin_statement="x <= x^2",
        strategy=lambda: st.floats(0.001, 1.0),
        exact=False,
        tolerance=1e-12,
        tolerance_reason="one float product",
    )
    seen = Tightness()

    def recording(x):
        lhs, rhs = claim.check(x)
        seen.add(lhs, rhs, claim.kind)
        return lhs, rhs

    result = run_claim(claim, 40)
    again = Claim(**{**_fields(claim), "id": "x2-le-x-again", "check": recording})
    assert run_claim(again, 40).tightness == result.tightness == seen.ratio
    assert result.max_gap == seen.gap


def _fields(claim):
    keys = ("equation", "statement", "twin", "twin_statement", "strategy", "exact", "tolerance")
    return {k: getattr(claim, k) for k in keys} | {"tolerance_reason": claim.tolerance_reason}
