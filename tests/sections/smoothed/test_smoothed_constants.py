"""Section 2: the constants of the bounds and the certified thresholds, tested by value.

Each constant is recomputed here from its definition, independently of the code that uses it
(mpmath on the sigmoids of eq. (12), or the certificate's polynomial read afresh), so that a
changed constant fails a test even where the changed bound would still hold.
"""

import math
import re
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from scipy.special import expit

from aptheory.sections.smoothed import claims as cc
from aptheory.sections.smoothed.certificates import (
    RIGHT_X0,
    TRAP_A0,
    TRAP_B0,
    ceil_log,
    certify_box,
    certify_dtheta2,
    right_threshold,
)
from aptheory.sections.smoothed.dynamics import STALL, classify

CLAIMS = {c.id: c for c in cc.CLAIMS.claims()}


def _s(x):
    return 1 / (1 + mpmath.exp(-x))  # eq. (12)


def _log_ratio_dtheta2(u, v):
    """ln(positive part / negative part) of dF/dtheta2, from the sigmoids of eq. (14)."""
    p, q, r1, r2 = _s(-u), _s(v - 4 * u), _s(3 * u - v), _s(4 * u - v)
    pos = r1 * r2 * q / (1 + r1 + r2) ** 2
    neg = p * q * r2 / (1 + p + q) ** 2 + r1 * (1 - r1) * (1 + r2) / (1 + r1 + r2) ** 2
    return mpmath.log(pos / neg)


@pytest.fixture(scope="module")
def touch():
    """(theta1*, theta2*) where max over theta2 of dF/dtheta2 is 0: mpmath.findroot on the
    sigmoids (not on the sign polynomials the certificates use), at 60 digits."""
    with mpmath.workdps(60):
        h = _log_ratio_dtheta2
        sol = mpmath.findroot(
            lambda a, b: [h(a, b), mpmath.diff(lambda v: h(a, v), b)],
            (mpmath.mpf(-3.9), mpmath.mpf(-14.9)),
        )
        return sol[0], sol[1]


def test_right_threshold_is_the_infimum(touch):
    t1, t2 = touch
    with mpmath.workdps(60):
        gap = mpmath.log(mpmath.mpf(RIGHT_X0.numerator) / RIGHT_X0.denominator) - t1
        assert 0 < gap < mpmath.mpf("5e-19")  # x0 - X* < 1e-20
        # T_RIGHT is the smallest float above theta1*
        assert mpmath.mpf(cc.T_RIGHT) > t1 > mpmath.mpf(math.nextafter(cc.T_RIGHT, -math.inf))
        # just below theta1* the derivative is positive at theta2*: no smaller threshold works
        assert _log_ratio_dtheta2(t1 - mpmath.mpf("1e-6"), t2) > 0
        assert _log_ratio_dtheta2(t1, t2) == pytest.approx(0, abs=1e-40)


def test_right_threshold_agrees_with_the_exact_one(touch, polynomials):
    rt = right_threshold(polynomials=polynomials)
    with mpmath.workdps(60):
        assert abs(mpmath.mpf(rt.theta1) - touch[0]) < mpmath.mpf("1e-35")
        assert abs(mpmath.mpf(rt.theta2) - touch[1]) < mpmath.mpf("1e-30")
    assert 0 < rt.x_upper - rt.x_lower < Fraction(1, 10**40)
    assert rt.x_lower < RIGHT_X0 and rt.above.certified and rt.below_positive_roots > 0
    lo, hi = cc.RIGHT_TOUCH_SLOPE
    assert lo < float(touch[1] / touch[0]) < hi  # the search branch aims at (theta1*, theta2*)


def test_chain_right_ratio_reaches_one_at_the_touch_point(touch):
    ratio, one = cc.chain_right((cc.T_RIGHT, float(touch[1])))
    assert one == 1.0 and ratio == pytest.approx(1.0, abs=1e-9) and ratio <= 1.0


def test_taylor_shift_reaches_the_root_of_its_middle_coefficient(polynomials):
    # the Y^2 coefficient of R is X^7 (21X^3 + 70X^2 + 52X - 5); the Taylor shift certifies
    # exactly when it is >= 0 there
    root = mpmath.findroot(lambda x: 21 * x**3 + 70 * x**2 + 52 * x - 5, 0.08)
    above = Fraction(math.ceil(root * 10**6), 10**6)
    below = Fraction(math.floor(root * 10**6), 10**6)
    assert certify_dtheta2(above, polynomials=polynomials).certified
    assert not certify_dtheta2(below, polynomials=polynomials).certified


def test_cone_threshold_from_its_definition(polynomials):
    # the cone certificate's bound beta(a0) = c_00 + sum of negative c_ij a0^(i + j); 379/1000
    # is its root rounded down to three decimals
    terms = polynomials.left_ab.items()
    const = sum(c for (i, j), c in terms if i + j == 0)
    neg = [(c, i + j) for (i, j), c in terms if c < 0 and i + j > 0]

    def beta(a):
        return const + sum(c * a**d for c, d in neg)

    with mpmath.workdps(40):
        a_star = mpmath.findroot(beta, (mpmath.mpf("0.3"), mpmath.mpf("0.5")), solver="anderson")
        assert beta(a_star - mpmath.mpf("1e-6")) > 0 > beta(a_star + mpmath.mpf("1e-6"))
        assert Fraction(math.floor(a_star * 1000), 1000) == Fraction(379, 1000)
        exact = mpmath.log(mpmath.mpf(1000) / 379)
        assert 0 <= mpmath.mpf(cc.T_CONE) - exact <= 2 * mpmath.mpf(2.0**-52)


def test_trap_is_ln10_and_slope_2(polynomials):
    with mpmath.workdps(40):
        ln10 = mpmath.log(10)
        u0 = float(ln10)
        if mpmath.mpf(u0) < ln10:
            u0 = math.nextafter(u0, math.inf)  # the smallest float >= ln 10
    # the trap's edge is rounded up by at most one more ulp (ceil_log), never below ln 10
    prev, u1 = math.nextafter(u0, -math.inf), math.nextafter(u0, math.inf)
    ends = np.array([[u1, 2 * u1], [prev, 2 * prev], [u1, 2 * u1 + 1e-9], [50.0, 100.0]])
    fates = classify(ends, np.full(4, 0.5))
    assert fates[0] == STALL and fates[3] == STALL
    assert fates[1] != STALL and fates[2] != STALL
    assert certify_box("trap", TRAP_A0, TRAP_B0, polynomials=polynomials).certified


def test_upper_bound_constant_is_one_third():
    # on theta2 = 4 theta1 the ratio F / ((S(-t1) + S(3 t1 - t2)) / 3) is 3 / (3 + 2 S(-t1))
    for t in (5.0, 20.0, 30.0):
        with mpmath.workdps(40):
            expected = float(3 / (3 + 2 * _s(-mpmath.mpf(t))))
        ratio, one = cc.upper_bound((t, 4 * t))
        assert one == 1.0 and ratio == pytest.approx(expected, rel=1e-12)


def test_lower_bound_constant_is_one_sixth():
    # on theta2 = 0, theta1 -> -inf: 1 - ratio = e^theta1 / 3 + O(e^(2 theta1))
    for t in (10.0, 20.0):
        ratio, one = cc.lower_bound((-t, 0.0))
        assert one == 1.0 and (1 - ratio) == pytest.approx(math.exp(-t) / 3, rel=1e-3)


def test_stall_constant_is_one_half():
    # 1 - ratio = 2 e^-theta1 + O(e^-2 theta1) on theta2 = 0
    for t in (10.0, 20.0):
        ratio, _ = cc.stall_value((t, 0.0))
        assert (1 - ratio) == pytest.approx(2 * math.exp(-t), rel=1e-3)


def test_sigmoid_note_states_the_right_subnormal():
    note = CLAIMS["eq12-sigmoid-stable"].note
    stated = re.search(r"S\(-710\.2\) = ([0-9.]+e-[0-9]+)", note).group(1)
    with mpmath.workdps(30):
        exact = 1 / (1 + mpmath.exp(mpmath.mpf(710.2)))
        assert mpmath.nstr(exact, 3) == stated
        assert exact < mpmath.mpf(2) ** -1022  # subnormal in float64
    assert expit(-710.2) == 0.0  # the finding the note reports


def test_claim_texts_state_the_new_thresholds():
    right = CLAIMS["eq15-chain-right"]
    assert "2026526765736018217 / 10^20" in right.condition
    assert Fraction(2026526765736018217, 10**20) == RIGHT_X0
    assert "4 theta1 < theta2 < 3.5 theta1" in right.note
    assert "found on a grid" not in CLAIMS["eq14-upper-bound"].note
    assert ceil_log(RIGHT_X0) == cc.T_RIGHT
