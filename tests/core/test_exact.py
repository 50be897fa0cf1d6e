"""The exact core: H, H~, Q, ranks and L_ij in Fractions against the float reference."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aptheory.core.exact import (
    as_fraction,
    heaviside_exact,
    piecewise_step_exact,
    piecewise_step_integral_exact,
    worst_eq,
    worst_le,
)
from aptheory.core.ranking import heaviside, piecewise_step, piecewise_step_integral
from aptheory.strategies import ranking_instances

DELTAS = (0.25, 0.5, 1.0, 2.0)
HALF_GRID = st.integers(-16, 16).map(lambda k: Fraction(k, 4))  # hits 0, +-delta exactly


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    x=st.one_of(HALF_GRID, st.floats(-10, 10, allow_nan=False)),
    delta=st.sampled_from(DELTAS),
    at_zero=st.sampled_from([0.0, 0.5, 1.0]),
)
def test_exact_steps_agree_with_the_float_versions(x, delta, at_zero):
    xf = float(x)
    assert float(heaviside_exact(x, at_zero)) == heaviside(xf, at_zero)
    # Power-of-two delta: x / (2 delta) + 1/2 and the clip are exact in float64 too.
    assert float(piecewise_step_exact(x, delta)) == piecewise_step(xf, delta)
    q_float = float(piecewise_step_integral(xf, delta))
    assert float(piecewise_step_integral_exact(x, delta)) == pytest.approx(q_float, rel=4e-16)


def test_exact_values_at_the_kinks():
    d = Fraction(1, 2)
    assert heaviside_exact(0, Fraction(1, 2)) == Fraction(1, 2)
    assert heaviside_exact(Fraction(-1, 3), 1) == 0 and heaviside_exact(Fraction(1, 3), 0) == 1
    assert piecewise_step_exact(-d, d) == 0 and piecewise_step_exact(d, d) == 1
    assert piecewise_step_exact(0, d) == Fraction(1, 2)
    assert piecewise_step_integral_exact(-d, d) == 0
    assert piecewise_step_integral_exact(0, d) == d / 4  # Q(0) = delta / 4, eq. (19)
    assert piecewise_step_integral_exact(d, d) == d  # C^1 join with Q(x) = x
    assert piecewise_step_integral_exact(3, d) == 3


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: heaviside_exact(float("nan"), 1), ValueError, "x"),
        (lambda: heaviside_exact(0, float("nan")), ValueError, "at_zero"),
        (lambda: heaviside_exact(0, 2), ValueError, "at_zero"),
        (lambda: heaviside_exact("0", 1), TypeError, "x"),
        (lambda: heaviside_exact(True, 1), TypeError, "x"),
        (lambda: piecewise_step_exact(0, 0), ValueError, "delta"),
        (lambda: piecewise_step_exact(0, float("inf")), ValueError, "delta"),
        (lambda: piecewise_step_integral_exact(float("inf"), 1), ValueError, "x"),
        (lambda: piecewise_step_integral_exact(0, -1), ValueError, "delta"),
        (lambda: as_fraction(None, "scores"), TypeError, "scores"),
    ],
)
def test_bad_input_names_the_argument(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_as_fraction_is_exact():
    assert as_fraction(0.1, "x") == Fraction(0.1)
    assert as_fraction(np.int64(3), "x") == 3 and as_fraction(np.float32(0.5), "x") == 0.5


def test_worst_le_reports_a_violation_first_then_the_largest_ratio():
    assert worst_le([1.0, 3.0, 2.0], [2.0, 2.0, 4.0], 1e-9) == (1, True)
    assert worst_le([1.0, 1.5], [2.0, 2.0], 1e-9) == (1, False)
    assert worst_le([1.0 + 1e-12], [1.0], 1e-9) == (0, False)  # within the tolerance
    assert worst_le([0.0, float("inf")], [1.0, 1.0], 1e-9) == (1, True)
    assert worst_le([-1.0, 0.0], [-2.0, -0.5], 0.0) == (0, True)
    assert worst_le([-3.0, -0.5], [-2.0, 0.0], 0.0) == (1, False)  # no rhs > 0: max lhs - rhs
    assert worst_le([], [], 1e-9) is None
    with pytest.raises(ValueError, match="rhs"):
        worst_le([1.0], [1.0, 2.0], 1e-9)


def test_worst_eq_reports_the_largest_relative_gap():
    assert worst_eq([1.0, 2.0], [1.0, 2.5], 1e-9) == (1, True)
    assert worst_eq([100.0, 1.0], [101.0, 1.5], 0.3) == (1, True)  # 0.5 / 1.5 > 1 / 101
    assert worst_eq([1.0], [1.0 + 1e-12], 1e-9) == (0, False)
    assert worst_eq([float("nan")], [1.0], 1e-9) == (0, True)
    assert worst_eq([], [], 1e-9) is None


# ------------------------------------------------------------------ ranks and L_ij, exactly


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    inst=ranking_instances(ties=True),
    at_zero=st.sampled_from([0.0, 0.5, 1.0]),
    delta=st.sampled_from(DELTAS),
)
def test_exact_primary_terms_equal_the_float_reference(inst, at_zero, delta):
    """Grid scores and power-of-two delta: every float L_ij is the correctly rounded exact one."""
    from aptheory.core.exact import exact_primary_terms, exact_ranks
    from aptheory.core.ranking import primary_terms, rank, rank_plus

    s, p = inst
    exact = exact_primary_terms(s, p, at_zero=at_zero)
    floats = primary_terms(s, p, at_zero=at_zero)
    assert [[float(x) for x in row] for row in exact] == floats.tolist()
    ht = exact_primary_terms(s, p, at_zero=at_zero, numerator="piecewise", delta=delta)
    ht_float = primary_terms(s, p, at_zero=at_zero, step="piecewise-numerator", delta=delta)
    np.testing.assert_allclose([[float(x) for x in r] for r in ht], ht_float, rtol=1e-15)
    r = exact_ranks(s, p, at_zero)
    assert [float(x) for x in r.rank] == rank(s, p, at_zero=at_zero).tolist()
    assert [float(x) for x in r.rank_plus] == rank_plus(s, p, at_zero=at_zero).tolist()
    assert all(a + b == c for a, b, c in zip(r.rank_plus, r.neg_ahead, r.rank, strict=True))


def test_exact_core_validates_its_input():
    from aptheory.core.exact import exact_primary_terms, exact_ranks

    with pytest.raises(ValueError, match="empty"):
        exact_ranks([], [])
    with pytest.raises(ValueError, match="scores"):
        exact_ranks([float("nan")], [True])
    with pytest.raises(ValueError, match=r"\|P\|"):
        exact_ranks([1, 2], [0, 0])
    with pytest.raises(ValueError, match="numerator"):
        exact_primary_terms([1, 2], [1, 0], numerator="sigmoid")
    with pytest.raises(ValueError, match="at_zero"):
        exact_ranks([1, 2], [1, 0], 2)
    assert exact_primary_terms([Fraction(1, 3), 0], [1, 0]) == ((Fraction(0),),)
    assert exact_primary_terms([0, 0], [1, 0], at_zero=Fraction(1, 2)) == (
        (Fraction(1, 2) / Fraction(3, 2),),
    )
