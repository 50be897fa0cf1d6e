"""Section 2, exact proofs of the bounds of eq. (14) and of the stall gap."""

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

from aptheory.sections.smoothed.bounds import prove_eq14_bound, prove_stall_gap, rational_F
from aptheory.sections.smoothed.numerics import F


def test_rational_F_is_eq14():
    x, y = sp.symbols("X Y", positive=True)
    f = sp.lambdify((x, y), rational_F(x, y))
    rng = np.random.default_rng(0)
    for t1, t2 in rng.uniform(-6, 6, size=(50, 2)):
        assert f(np.exp(t1), np.exp(t2)) == pytest.approx(F(t1, t2), rel=1e-12)


@pytest.mark.parametrize(
    ("which", "c", "proved"),
    [
        ("upper", Fraction(1, 3), True),
        ("upper", Fraction(1, 2), True),
        ("upper", Fraction(334, 1000), True),
        ("upper", Fraction(333, 1000), False),  # false: the ratio tends to 1 > 333/1000 * 3
        ("upper", Fraction(1, 4), False),
        ("lower", Fraction(1, 6), True),
        ("lower", Fraction(1, 7), True),
        ("lower", Fraction(167, 1000), False),
        ("lower", Fraction(1, 5), False),
    ],
)
def test_eq14_bounds_are_proved_exactly_where_they_hold(which, c, proved):
    assert prove_eq14_bound(which, c).certified is proved


def test_the_refused_constants_are_false_bounds():
    # the proof fails only where the bound is false: F > (1/3 - 1/1000)(p + r1) on
    # theta2 = 4 theta1, F < (1/6 + 1/1000)(p + r1) far out at theta1 -> -inf
    def p_r1(t1, t2):
        return 1 / (1 + np.exp(t1)) + 1 / (1 + np.exp(t2 - 3 * t1))

    assert F(20.0, 80.0) > (1 / 3 - 1e-3) * p_r1(20.0, 80.0)
    assert F(-20.0, 0.0) < (1 / 6 + 1e-3) * p_r1(-20.0, 0.0)


def test_upper_bound_proof_blocks():
    proof = prove_eq14_bound("upper", Fraction(1, 3))
    assert proof.region == "every (theta1, theta2) in R^2"
    w = sp.Symbol("w", positive=True)
    top = sp.sympify(proof.blocks[0], locals={"w": w})
    assert sp.expand(top - w * (1 - w) ** 2 * (1 + w)) == 0  # zero at w = 1: 1/3 is sharp


@pytest.mark.parametrize(
    ("c", "proved"), [(Fraction(1, 2), True), (Fraction(1), True), (Fraction(49, 100), False)]
)
def test_stall_gap(c, proved):
    assert prove_stall_gap(c).certified is proved


def test_stall_gap_is_positive_only_on_its_region():
    # F - 1/6 > 0 needs theta2 <= theta1: in the escape valley theta2 > 3 theta1 it is < 0
    assert F(2.0, 1.0) > 1 / 6 and F(5.0, 30.0) < 1 / 6


@pytest.mark.parametrize(
    ("call", "exc", "name"),
    [
        (lambda: prove_eq14_bound("middle", Fraction(1, 3)), ValueError, "which"),
        (lambda: prove_eq14_bound("upper", 0), ValueError, "c"),
        (lambda: prove_eq14_bound("upper", "1/3"), TypeError, "c"),
        (lambda: prove_stall_gap(-1), ValueError, "c"),
    ],
)
def test_bad_input(call, exc, name):
    with pytest.raises(exc, match=name):
        call()


def test_the_decomposition_in_the_claim_note_is_exact():
    # the note of eq14-upper-bound: (p + r1)/3 - F = X^14 [...] / D with Y = X^4 w and D the
    # product of the (positive) denominators of eq. (14) and of p, r1
    x, w = sp.symbols("X w", positive=True)
    y = x**4 * w
    p, r1 = 1 / (1 + x), x**3 / (x**3 + y)
    bracket = (
        x**3 * w * (1 - w) ** 2 * (1 + w)
        + x**2 * (w**2 + w + 1) * (3 * w**2 + 2 * w + 3)
        + 2 * x * (w + 1) * (w + 3) * (3 * w + 1)
        + 9 * w**2
        + 22 * w
        + 9
    )
    den = (
        6
        * (x + 1)
        * (x**3 + y)
        * (x**5 + 2 * x**4 + 2 * x * y + 3 * y)
        * (3 * x**7 + 2 * x**4 * y + 2 * x**3 * y + y**2)
    )
    diff = sp.together((p + r1) / 3 - rational_F(x, y) - x**14 * bracket / den)
    assert sp.expand(sp.fraction(diff)[0]) == 0
