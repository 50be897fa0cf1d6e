"""Claims of Section 2: the smoothed AP-loss (11)-(12) on the three points (13)-(14) and (15).

One decorated check per claim, its twin right below it. Exactness: eq. (13) is checked
exactly with fractions; every other claim compares floats (or mpmath numbers converted to
floats) with the tolerance named in the claim.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
from hypothesis import strategies as st

from aptheory.checking.claim import EXACT, ClaimSet, Tolerance
from aptheory.core.ranking import ap_loss, sigmoid, smoothed_ap_loss
from aptheory.sections.smoothed.certificates import RIGHT_X0, ceil_log
from aptheory.sections.smoothed.numerics import (
    FEATURES,
    POSITIVE,
    F,
    F_mp,
    grad_F_mp,
    scores,
    sigmoid_terms_mp,
)
from aptheory.sections.smoothed.tightness import known_suprema
from aptheory.strategies import ranking_instances

__all__ = [
    "CLAIMS",
    "RIGHT_TOUCH_SLOPE",
    "T_CONE",
    "T_RIGHT",
    "sigmoid_error",
    "thetas",
    "thetas_with_tau",
]

CLAIMS = ClaimSet("smoothed")

# Thresholds of certify_chain_cone(379/1000) and certify_dtheta2_sturm(RIGHT_X0) (tests check
# that both certificates hold and recompute both thresholds from their definitions), as floats
# rounded up. T_RIGHT is the smallest float above the sharp threshold theta1* = ln X*.
T_CONE = ceil_log(Fraction(1000, 379))  # about 0.97022
T_RIGHT = ceil_log(RIGHT_X0)  # about -3.8988468111
# theta2* / theta1* ~ 3.81842 at the point where dF/dtheta2 = 0 on theta1 = theta1*
# (right_threshold(); a test checks that it lies in this range): the worst case of (15), right.
RIGHT_TOUCH_SLOPE = (3.818, 3.819)

# --------------------------------------------------------------------------- tolerances

FLOAT_SIGMOIDS = Tolerance(
    1e-13, "float64 sums of a few sigmoids in [0, 1]; evaluation error ~1e-16"
)
SHARP_LIMIT = Tolerance(
    1e-12,
    "score gaps are >= 1/2, so |S(x/tau) - H(x)| <= e^-500 off ties; the rest is float64 rounding",
)
SIGMOID_BOUND = Tolerance(
    1e-12,
    "the ratio error / bound is formed in 40-digit mpmath and rounded once; the bound itself "
    "is the float64 error analysis of expit (exp within 1 ulp, one addition, one division: "
    "4 roundings)",
)
TAU_RESCALING = Tolerance(
    1e-9,
    "theta/tau is rounded before the linear combinations; for |theta| ~ 1e6 the sigmoid "
    "arguments move by ~1e-10, F by at most a quarter of that",
)
MP30_RATIO_LE1 = Tolerance(1e-12, "30-digit mpmath, then one float rounding of a ratio <= 1")
MP30_GRADIENT = Tolerance(1e-12, "30-digit mpmath gradient, then float rounding of ratios")
MP30_RATIO = Tolerance(1e-12, "30-digit mpmath, then one float rounding of a ratio")
STALL_DIGITS = Tolerance(
    1e-12,
    "F and 1/6 in mpmath at 30 + ceil(theta1 / ln 10) digits, so the gap (~e^-theta1) keeps "
    "30 significant digits for every theta1 in the strategy (up to 1e3); then one float "
    "rounding of a ratio",
)

# --------------------------------------------------------------------------- strategies

_FIN: dict[str, Any] = {"allow_nan": False, "allow_infinity": False, "allow_subnormal": False}
_U = 2.0**-53  # unit roundoff of float64
_TINY = 2.0**-1022  # smallest normal float64
_SIGMOID_ULPS = 4  # expit: exp (<= 1 ulp = 2u), one addition (u), one division (u)


def _floats(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.floats(lo, hi, **_FIN)


def _coord() -> st.SearchStrategy[float]:
    return st.one_of(_floats(-20.0, 20.0), _floats(-1e6, 1e6))


def _ray(t: st.SearchStrategy[float], r: st.SearchStrategy[float]):
    return st.tuples(t, r).map(lambda tr: (tr[0], tr[0] * tr[1]))


def thetas() -> st.SearchStrategy[tuple[float, float]]:
    """(theta1, theta2): |theta| <= 20 or anywhere in [-1e6, 1e6], plus points of the valley
    theta2 = s theta1 (s in [2.5, 5], theta1 in [0, 60]) where F approaches its infimum 0."""
    valley = _ray(_floats(0.0, 60.0), _floats(2.5, 5.0))
    return st.one_of(st.tuples(_coord(), _coord()), valley)


def thetas_with_tau() -> st.SearchStrategy[tuple[float, float, float]]:
    """(theta1, theta2, tau) with tau in [0.01, 100]."""
    return st.tuples(_coord(), _coord(), _floats(0.01, 100.0))


def _lower_worst() -> st.SearchStrategy[tuple[float, float]]:
    """theta1 in [-60, -5], theta2 in [-5, 5]: where (S(-theta1) + S(3 theta1 - theta2)) / 6
    / F tends to its supremum 1 (theta1 -> -inf, theta2 - 3 theta1 -> inf)."""
    return st.tuples(_floats(-60.0, -5.0), _floats(-5.0, 5.0))


def _upper_worst() -> st.SearchStrategy[tuple[float, float]]:
    """theta2 = 4 theta1 + d, theta1 in [5, 60], |d| <= 1/2: where F / bound tends to its
    supremum 1 (on theta2 = 4 theta1, 1 - ratio ~ (2/3) e^-theta1)."""
    return st.tuples(_floats(5.0, 60.0), _floats(-0.5, 0.5)).map(
        lambda td: (td[0], 4 * td[0] + td[1])
    )


def _paper_region() -> st.SearchStrategy[tuple[float, float]]:
    """theta1 >= T_CONE and 0 < theta2 < theta1 (theta2 = r theta1, 0 < r < 1), with a branch
    at the corner theta1 = theta2 = T_CONE, where the checked ratio is largest."""
    t = st.one_of(_floats(T_CONE, 3.0), _floats(T_CONE, 1e6))
    r = st.floats(0.0, 1.0, exclude_min=True, exclude_max=True, **_FIN)
    corner = _ray(
        _floats(T_CONE, T_CONE + 1e-3),
        st.floats(1.0 - 1e-6, 1.0, exclude_max=True, **_FIN),
    )
    return st.one_of(_ray(t, r), corner).filter(lambda th: 0 < th[1] < th[0])


def _paper_region_any_theta1() -> st.SearchStrategy[tuple[float, float]]:
    """theta1 > theta2 > 0 without "theta1 sufficiently large"."""
    t = st.one_of(_floats(1e-3, 3.0), _floats(1e-3, 1e6))
    r = st.floats(0.0, 1.0, exclude_min=True, exclude_max=True, **_FIN)
    return _ray(t, r).filter(lambda th: 0 < th[1] < th[0])


def _right_region() -> st.SearchStrategy[tuple[float, float]]:
    """theta1 >= T_RIGHT, any theta2, with a branch near (theta1*, theta2*), where
    dF/dtheta2 = 0 and the checked ratio tends to its supremum 1."""
    touch = _ray(_floats(T_RIGHT, T_RIGHT + 1e-3), _floats(*RIGHT_TOUCH_SLOPE))
    return st.one_of(
        st.tuples(st.one_of(_floats(T_RIGHT, 20.0), _floats(T_RIGHT, 1e6)), _coord()), touch
    )


def _right_unconditioned() -> st.SearchStrategy[tuple[float, float]]:
    """theta1 in [-40, 5] (the condition on theta1 dropped) on the rays theta2 = s theta1,
    s in [3, 4.5], which cross the wedge where dF/dtheta2 > 0 (see the claim's note)."""
    return _ray(_floats(-40.0, 5.0), _floats(3.0, 4.5))


def _stall_region() -> st.SearchStrategy[tuple[float, float]]:
    t = st.one_of(_floats(0.0, 5.0), _floats(0.0, 1e3))
    return st.tuples(t, _coord()).map(lambda tv: (tv[0], min(tv[1], tv[0])))


def _sigmoid_args() -> st.SearchStrategy[float]:
    """x in [-20, 20], [-1e6, 1e6] and [-800, 40] (tiny values, the underflow range)."""
    return st.one_of(_coord(), _floats(-800.0, 40.0))


def _small_fractions() -> st.SearchStrategy[tuple[Fraction, Fraction]]:
    return st.tuples(st.fractions(-6, 6, max_denominator=6), st.fractions(-6, 6, max_denominator=6))


# theta1 / theta2 on both sides of the boundary 1/3 of eq. (13): a mistaken constant (1/2,
# 1/4) moves the boundary into [1/4, 1/2], where a uniform draw in [-6, 6]^2 lands 2% of the time
_BOUNDARY_SLOPES = tuple(
    Fraction(a, b) for a, b in ((1, 3), (2, 5), (3, 7), (1, 4), (2, 7), (1, 2))
)


def _boundary_fractions() -> st.SearchStrategy[tuple[Fraction, Fraction]]:
    """(theta1, theta2) = (r theta2, theta2), theta2 in (0, 6], r near the boundary 1/3 of
    eq. (13) (on it, in the wedges [1/4, 1/3) and (1/3, 1/2], or any r in [0, 1])."""
    r = st.one_of(st.sampled_from(_BOUNDARY_SLOPES), st.fractions(0, 1, max_denominator=12))
    t2 = st.fractions(0, 6, max_denominator=6).filter(lambda v: v > 0)
    return st.tuples(r, t2).map(lambda rt: (rt[0] * rt[1], rt[1]))


def _iff_cases() -> st.SearchStrategy[tuple[Fraction, Fraction]]:
    """:func:`_small_fractions` or (half of the draws) :func:`_boundary_fractions`."""
    return st.one_of(_small_fractions(), _boundary_fractions())


# ------------------------------------------------------------------------------ helpers


def sigmoid_error(x: float, value: float) -> tuple[float, float]:
    """(|value - S(x)| / bound, 1) for S of eq. (12): bound = 4 u S(x) (relative) where S(x)
    is a normal float64, 2^-1022 (the underflow threshold) where it is not; S(x) in 40-digit
    mpmath."""
    with mpmath.workdps(40):
        ref = sigmoid_terms_mp(x, 0)[1]  # S(x)
        bound = _SIGMOID_ULPS * _U * ref if ref >= _TINY else mpmath.mpf(_TINY)
        return float(abs(mpmath.mpf(value) - ref) / bound), 1.0


def _separated(th: tuple[Fraction, Fraction]) -> int:
    """1 if both positives of eq. (13) outscore the negative at theta (exact), else 0."""
    s = [int(f1) * th[0] + int(f2) * th[1] for f1, f2 in FEATURES]
    return int(all(s[i] > s[j] for i in (1, 2) for j in (0,)))


def _bound_terms(th: tuple[float, float]) -> tuple[mpmath.mpf, mpmath.mpf]:
    """(S(-theta1) + S(3 theta1 - theta2), F) in 30-digit mpmath (both positive, no
    cancellation); call inside ``mpmath.workdps(30)``."""
    t1, t2 = th
    p, _, _, _, r1, _ = sigmoid_terms_mp(t1, t2)
    return p + r1, F_mp(t1, t2, dps=30)


def _lower_ratio(th: tuple[float, float], c: Fraction) -> tuple[float, float]:
    """c (S(-theta1) + S(3 theta1 - theta2)) <= F, as a ratio against 1."""
    with mpmath.workdps(30):
        s, f = _bound_terms(th)
        return float(c.numerator * s / (c.denominator * f)), 1.0


def _upper_ratio(th: tuple[float, float], c: Fraction) -> tuple[float, float]:
    """F <= c (S(-theta1) + S(3 theta1 - theta2)), as a ratio against 1."""
    with mpmath.workdps(30):
        s, f = _bound_terms(th)
        return float(c.denominator * f / (c.numerator * s)), 1.0


def _chain_sides(th: tuple[float, float], factor: int) -> tuple[float, float]:
    """-factor dF/dtheta2 <= -dF/dtheta1, both scaled by |dF/dtheta1| (30-digit gradient)."""
    g1, g2 = grad_F_mp(th[0], th[1], dps=30)
    scale = abs(g1)
    return float(-factor * g2 / scale), float(-g1 / scale)


def _right_ratio(th: tuple[float, float], factor: int) -> tuple[float, float]:
    """dF/dtheta2 < 0 as factor x positive part <= negative part (the formula of grad_F)."""
    with mpmath.workdps(30):
        p, _, q, r2, r1, omr1 = sigmoid_terms_mp(*th)
        omq, omr2 = r2, q  # S(4u - v) = 1 - S(v - 4u)
        d1, d2 = (1 + p + q) ** 2, (1 + r1 + r2) ** 2
        pos = r1 * r2 * omr2 / d2
        neg = p * q * omq / d1 + r1 * omr1 * (1 + r2) / d2
        return float(factor * pos / neg), 1.0


def _stall_ratio(th: tuple[float, float], c: Fraction) -> tuple[float, float]:
    """|F - 1/6| <= c e^-theta1 as |F - 1/6| e^theta1 / c against 1, at 30 + ceil(theta1 /
    ln 10) digits."""
    t1, t2 = th
    dps = 30 + math.ceil(max(t1, 0.0) / math.log(10))
    with mpmath.workdps(dps):
        gap = abs(F_mp(t1, t2, dps=dps) - mpmath.mpf(1) / 6)
        return float(gap * mpmath.exp(mpmath.mpf(t1)) * c.denominator / c.numerator), 1.0


# ------------------------------------------------------------------------------- claims


@CLAIMS.claim(
    "eq11-sharp-limit-half",
    "(11), (3), (17)",
    "as tau -> 0, the smoothed loss (11) tends to the AP-loss (17) with H(0) = S(0) = 1/2: "
    "F_tau(s) == L_AP(s; H(0) = 1/2) at tau = 1e-3",
    strategy=lambda: ranking_instances(max_size=8, ties=True),
    tol=SHARP_LIMIT,
    kind="eq",
    note="Beyond the paper: the sigmoid's tie value is S(0) = 1/2, so (11) smooths the "
    "AP-loss with H(0) = 1/2, not the H(0) = 1 Proposition 1 uses.",
)
def sharp_limit_half(inst):
    s, p = inst
    return smoothed_ap_loss(s, p, tau=1e-3), ap_loss(s, p, at_zero=0.5)


@sharp_limit_half.twin("the same limit with the default H(0) = 1 (refuted by any tie)")
def _(inst):
    s, p = inst
    return smoothed_ap_loss(s, p, tau=1e-3), ap_loss(s, p, at_zero=1.0)


@CLAIMS.claim(
    "eq12-sigmoid-stable",
    "(12)",
    "|ranking.sigmoid(x) - S(x)| <= 4u S(x) (relative error, u = 2^-53) where "
    "S(x) = e^x / (1 + e^x) >= 2^-1022, and <= 2^-1022 where S(x) is subnormal "
    "(x < -708.4); S(x) in 40-digit mpmath, |x| <= 1e6 (checked as error / bound <= 1)",
    strategy=_sigmoid_args,
    tol=SIGMOID_BOUND,
    note="Relative, not absolute: a sigmoid that returned 0 for small S(x) would fail. "
    "Found: scipy's expit returns 0 for x < -709.78, where S(x) is a subnormal number "
    "(e.g. S(-710.2) = 3.66e-309); that is why the bound is absolute (2^-1022) there.",
)
def sigmoid_stable(x):
    return sigmoid_error(x, float(sigmoid(np.array([x]))[0]))


@sigmoid_stable.twin("the naive float64 formula e^x / (1 + e^x) (NaN once e^x overflows)")
def _(x):
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(np.float64(x))
        naive = float(e / (1.0 + e))
    return sigmoid_error(x, naive)


@CLAIMS.claim(
    "eq13-separable-iff",
    "(13)",
    "the three points are separated (s2 > s1 and s3 > s1) iff 0 < theta1 < theta2 / 3",
    strategy=_iff_cases,
    tol=EXACT,
    kind="eq",
    note="The supplement states only 'if'; the converse also holds (exactly). Half of the "
    "draws lie on rays theta1 = r theta2 with r at or near the boundary 1/3.",
)
def separable_iff(th):
    return _separated(th), int(0 < th[0] < th[1] / 3)


@separable_iff.twin("... iff 0 < theta1 < theta2 / 2")
def _(th):
    return _separated(th), int(0 < th[0] < th[1] / 2)


@CLAIMS.claim(
    "eq14-from-eq11",
    "(11), (13), (14)",
    "eq. (14) equals eq. (11) applied to the three points of (13), with S(x / tau), for "
    "|theta| <= 1e6 and tau in [0.01, 100]",
    strategy=thetas_with_tau,
    tol=FLOAT_SIGMOIDS,
    kind="eq",
    note="derive_symbolic() proves the identity exactly for any S (sympy cancel).",
)
def eq14_from_eq11(ex):
    t1, t2, tau = ex
    return F(t1, t2, tau), smoothed_ap_loss(scores(t1, t2), POSITIVE, tau=tau)


@eq14_from_eq11.twin("eq. (14) with the opposite sign convention x_ij = s_i - s_j")
def _(ex):
    t1, t2, tau = ex
    return F(-t1, -t2, tau), smoothed_ap_loss(scores(t1, t2), POSITIVE, tau=tau)


@CLAIMS.claim(
    "eq14-tau-rescales",
    "(14)",
    "F_tau(theta) == F_1(theta / tau): the temperature only rescales the plane (so the stall "
    "and the value 1/6 persist for every tau > 0)",
    strategy=thetas_with_tau,
    tol=TAU_RESCALING,
    kind="eq",
    note="Beyond the paper; proved exactly by derive_symbolic().tau_scaling.",
)
def tau_rescales(ex):
    t1, t2, tau = ex
    return F(t1, t2, tau), F(t1 / tau, t2 / tau)


@tau_rescales.twin("F_tau(theta) == F_1(theta * tau)")
def _(ex):
    t1, t2, tau = ex
    return F(t1, t2, tau), F(t1 * tau, t2 * tau)


@CLAIMS.claim(
    "eq14-lower-bound",
    "(14)",
    "(S(-theta1) + S(3 theta1 - theta2)) / 6 <= F (each denominator <= 3): F -> 0 forces "
    "theta1 -> inf and theta2 - 3 theta1 -> inf",
    strategy=lambda: st.one_of(thetas(), _lower_worst()),
    tol=MP30_RATIO_LE1,
    note="Proved exactly on the whole plane, strictly (bounds.prove_eq14_bound('lower', 1/6): "
    "every coefficient of the numerator of F - (.)/6 in X = e^theta1, Y = e^theta2 is > 0). "
    "1/6 is sharp: the ratio tends to 1 as theta1 -> -inf with theta2 - 3 theta1 -> inf "
    "(1 - ratio ~ e^theta1 / 3 on theta2 = 0), where the first denominator tends to 3 and the "
    "second term vanishes.",
)
def lower_bound(th):
    return _lower_ratio(th, Fraction(1, 6))


@lower_bound.twin("the same with 1/5 instead of 1/6")
def _(th):
    return _lower_ratio(th, Fraction(1, 5))


@CLAIMS.claim(
    "eq14-upper-bound",
    "(14)",
    "F <= (S(-theta1) + S(3 theta1 - theta2)) / 3: theta1 -> inf and theta2 - 3 theta1 -> inf "
    "force F -> 0 = inf F",
    strategy=lambda: st.one_of(thetas(), _upper_worst()),
    tol=MP30_RATIO_LE1,
    note="Proved exactly on the whole plane, strictly (bounds.prove_eq14_bound('upper', 1/3)): "
    "in X = e^theta1, w = e^(theta2 - 4 theta1) the numerator of (.)/3 - F is "
    "X^14 [X^3 w (1 - w)^2 (1 + w) + X^2 (w^2 + w + 1)(3w^2 + 2w + 3) + 2X (w + 1)(w + 3)"
    "(3w + 1) + 9w^2 + 22w + 9] > 0. With eq14-lower-bound: inf F = 0 (not attained), "
    "approached iff theta1 -> inf and theta2 - 3 theta1 -> inf, as the supplement says. The "
    "obvious constant is 1/2 (denominators >= 1); since S(theta2 - 4 theta1) + "
    "S(4 theta1 - theta2) = 1 the denominators cannot both be near 1, and 1/3 is sharp: on "
    "theta2 = 4 theta1 (w = 1) the ratio F / bound is 1 - (2/3) e^-theta1 + O(e^-2 theta1).",
)
def upper_bound(th):
    return _upper_ratio(th, Fraction(1, 3))


@upper_bound.twin("the same with 1/4 instead of 1/3")
def _(th):
    return _upper_ratio(th, Fraction(1, 4))


@CLAIMS.claim(
    "eq15-chain-left",
    "(15)",
    "dF/dtheta1 < dF/dtheta2 for theta1 >= ln(1000/379) ~ 0.9702 and 0 < theta2 < theta1 "
    "(checked as -dF/dtheta2 <= -dF/dtheta1, scaled by |dF/dtheta1|)",
    strategy=_paper_region,
    tol=MP30_GRADIENT,
    condition="theta1 >= ln(1000/379) ~ 0.97022 (certified) and theta1 > theta2 > 0",
    unconditioned=_paper_region_any_theta1,
    expected="conditional",
    note="'Sufficiently large' is needed and small: on theta2 = r theta1 the inequality holds "
    "iff theta1 > theta1*(r), with theta1*(0+) ~ 0.6665 rising to theta1*(1-) ~ 0.96868; "
    "certify_chain_cone proves it exactly for theta1 >= ln(1000/379), every theta2 <= "
    "theta1. It never fails for large theta1 in theta1 > theta2 > 0. The checked ratio is "
    "largest at the corner theta1 = theta2 = ln(1000/379): 0.98894 (numerical, not proved).",
)
def chain_left(th):
    return _chain_sides(th, 1)


@chain_left.twin("dF/dtheta1 < 10 dF/dtheta2 (false near the threshold)")
def _(th):
    return _chain_sides(th, 10)


@CLAIMS.claim(
    "eq15-chain-right",
    "(15)",
    "dF/dtheta2 < 0 for every theta2 once theta1 >= ln(x0) ~ -3.8988468111, x0 = "
    "2026526765736018217 / 10^20 (checked as positive part <= negative part of dF/dtheta2)",
    strategy=_right_region,
    tol=MP30_RATIO,
    condition="theta1 >= ln(x0), x0 = 2026526765736018217 / 10^20 (certify_dtheta2_sturm; "
    "sharp: the infimum of the valid thresholds is theta1* = ln X* = -3.89884681112527466817..., "
    "x0 - X* < 1e-20; the supplement assumes theta1 > theta2 > 0, theta1 large)",
    unconditioned=_right_unconditioned,
    expected="conditional",
    note="Stronger than the paper: no condition on theta2 is needed, and the condition on "
    "theta1 is sharp. X* ~ 0.0202652677 is the root of 486X^9 + 2106X^8 + 4617X^7 + 2971X^6 "
    "- 9024X^5 - 16122X^4 - 1136X^3 + 12030X^2 + 5925X - 125, a factor of the discriminant in "
    "Y of the sign polynomial (right_threshold); at (theta1*, theta2*) ~ (-3.8988468, "
    "-14.8874242) dF/dtheta2 = 0 (the supremum 1 of the checked ratio), and for every "
    "theta1 < theta1* dF/dtheta2 > 0 on an interval of theta2. That happens only inside the "
    "wedge 4 theta1 < theta2 < 3.5 theta1 (certify_dtheta2_wedge: dF/dtheta2 < 0 wherever "
    "theta2 <= 4 theta1 or theta2 >= 3.5 theta1, every theta1), which it fills as "
    "theta1 -> -inf; e.g. (-4, -15). The Taylor-shift certificate certify_dtheta2 reaches "
    "only x0 > 0.085952 (theta1 >= -2.4539).",
)
def chain_right(th):
    return _right_ratio(th, 1)


@chain_right.twin("10 x positive part <= negative part")
def _(th):
    return _right_ratio(th, 10)


@CLAIMS.claim(
    "eq15-stall-value",
    "(15)",
    "|F - 1/6| <= e^-theta1 / 2 for theta1 >= 0 and theta2 <= theta1: F -> 1/6 along every "
    "trajectory that keeps theta1 > theta2 and theta1 -> inf",
    strategy=_stall_region,
    tol=STALL_DIGITS,
    note="Proved exactly, strictly: 0 < F - 1/6 < e^-theta1 / 2 on the region "
    "(bounds.prove_stall_gap; the upper side holds on the whole plane). 1/2 is sharp: "
    "F - 1/6 = e^-theta1 / 2 + O(e^-2 theta1) there, so the checked ratio tends to 1 as "
    "theta1 -> inf.",
)
def stall_value(th):
    return _stall_ratio(th, Fraction(1, 2))


@stall_value.twin("|F - 1/6| <= e^-theta1 / 4 (the constant halved)")
def _(th):
    return _stall_ratio(th, Fraction(1, 4))


# --------------------------------------------------------------------- derived suprema

CLAIMS.suprema(known_suprema())  # sup lhs/rhs of each inequality that has one: the audit's "known"
