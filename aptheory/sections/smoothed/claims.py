"""Claims of Section 2: the smoothed AP-loss (11)-(12) on the three points (13)-(14) and (15).

Exactness: eq. (13) is checked exactly with fractions; every other claim compares floats (or
mpmath numbers converted to floats) with the tolerance stated in the claim.
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
from hypothesis import strategies as st

from aptheory.sections.smoothed import model as ce
from aptheory.checking.claim import Claim
from aptheory.core.ranking import ap_loss, sigmoid, smoothed_ap_loss
from aptheory.strategies import ranking_instances

__all__ = ["T_CONE", "T_RIGHT", "claims", "thetas", "thetas_with_tau"]

# Thresholds of ce.certify_chain_cone(379/1000) and ce.certify_dtheta2(9/100) (tests check
# that both certificates hold), as floats rounded up.
T_CONE = ce._ceil_log(Fraction(1000, 379))  # about 0.97022
T_RIGHT = ce._ceil_log(Fraction(9, 100))  # about -2.4079

_FIN = {"allow_nan": False, "allow_infinity": False, "allow_subnormal": False}
_U = 2.0**-53  # unit roundoff of float64
_TINY = 2.0**-1022  # smallest normal float64
_SIGMOID_ULPS = 4  # expit: exp (<= 1 ulp = 2u), one addition (u), one division (u)


def _floats(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.floats(lo, hi, **_FIN)


def _coord() -> st.SearchStrategy[float]:
    return st.one_of(_floats(-20.0, 20.0), _floats(-1e6, 1e6))


def thetas() -> st.SearchStrategy[tuple[float, float]]:
    """(theta1, theta2): |theta| <= 20 or anywhere in [-1e6, 1e6], plus points of the valley
    theta2 = s theta1 (s in [2.5, 5], theta1 in [0, 60]) where F approaches its infimum 0."""
    valley = _ray(_floats(0.0, 60.0), _floats(2.5, 5.0))
    return st.one_of(st.tuples(_coord(), _coord()), valley)


def thetas_with_tau() -> st.SearchStrategy[tuple[float, float, float]]:
    """(theta1, theta2, tau) with tau in [0.01, 100]."""
    return st.tuples(_coord(), _coord(), _floats(0.01, 100.0))


def _ray(t: st.SearchStrategy[float], r: st.SearchStrategy[float]):
    return st.tuples(t, r).map(lambda tr: (tr[0], tr[0] * tr[1]))


def _paper_region() -> st.SearchStrategy[tuple[float, float]]:
    """theta1 >= T_CONE and 0 < theta2 < theta1 (theta2 = r theta1, 0 < r < 1)."""
    t = st.one_of(_floats(T_CONE, 3.0), _floats(T_CONE, 1e6))
    r = st.floats(0.0, 1.0, exclude_min=True, exclude_max=True, **_FIN)
    return _ray(t, r).filter(lambda th: 0 < th[1] < th[0])


def _paper_region_any_theta1() -> st.SearchStrategy[tuple[float, float]]:
    """theta1 > theta2 > 0 without "theta1 sufficiently large"."""
    t = st.one_of(_floats(1e-3, 3.0), _floats(1e-3, 1e6))
    r = st.floats(0.0, 1.0, exclude_min=True, exclude_max=True, **_FIN)
    return _ray(t, r).filter(lambda th: 0 < th[1] < th[0])


def _right_region() -> st.SearchStrategy[tuple[float, float]]:
    return st.tuples(st.one_of(_floats(T_RIGHT, 20.0), _floats(T_RIGHT, 1e6)), _coord())


def _right_unconditioned() -> st.SearchStrategy[tuple[float, float]]:
    """theta1 in [-40, 5] (the condition on theta1 dropped) on the rays theta2 = s theta1,
    s in [3, 4.5], which cross the wedge where dF/dtheta2 > 0 (see the claim's note)."""
    return _ray(_floats(-40.0, 5.0), _floats(3.0, 4.5))


def _stall_region() -> st.SearchStrategy[tuple[float, float]]:
    t = st.one_of(_floats(0.0, 5.0), _floats(0.0, 1e3))
    return st.tuples(t, _coord()).map(lambda tv: (tv[0], min(tv[1], tv[0])))


# ------------------------------------------------------------------------------- checks


def _sharp_limit(inst, at_zero=0.5):
    s, p = inst
    return smoothed_ap_loss(s, p, tau=1e-3), ap_loss(s, p, at_zero=at_zero)


def _sigmoid_error(x: float, value: float) -> tuple[float, float]:
    """(|value - S(x)| / bound, 1): bound = 4 u S(x) (relative) where S(x) is a normal
    float64, 2^-1022 (the underflow threshold) where it is not; S(x) in 40-digit mpmath."""
    with mpmath.workdps(40):
        ref = ce._mp_pieces(x, 0)[1]  # S(x)
        bound = _SIGMOID_ULPS * _U * ref if ref >= _TINY else mpmath.mpf(_TINY)
        return float(abs(mpmath.mpf(value) - ref) / bound), 1.0


def _sigmoid_check(x: float):
    return _sigmoid_error(x, float(sigmoid(np.array([x]))[0]))


def _sigmoid_naive(x: float):
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(np.float64(x))
        naive = float(e / (1.0 + e))
    return _sigmoid_error(x, naive)


def _sigmoid_args() -> st.SearchStrategy[float]:
    """x in [-20, 20], [-1e6, 1e6] and [-800, 40] (tiny values, the underflow range)."""
    return st.one_of(_coord(), _floats(-800.0, 40.0))


def _separable(th: tuple[Fraction, Fraction]) -> bool:
    s = [int(f1) * th[0] + int(f2) * th[1] for f1, f2 in ce.FEATURES]
    return all(s[i] > s[j] for i in (1, 2) for j in (0,))


def _sep_check(th):
    return int(_separable(th)), int(0 < th[0] < th[1] / 3)


def _sep_twin(th):
    return int(_separable(th)), int(0 < th[0] < th[1] / 2)


def _eq14_check(ex):
    t1, t2, tau = ex
    ref = smoothed_ap_loss(ce.scores(t1, t2), ce.POSITIVE, tau=tau)
    return ce.F(t1, t2, tau), ref


def _eq14_flipped(ex):
    t1, t2, tau = ex
    ref = smoothed_ap_loss(ce.scores(t1, t2), ce.POSITIVE, tau=tau)
    return ce.F(-t1, -t2, tau), ref  # x_ij = s_i - s_j instead of s_j - s_i


def _tau_check(ex):
    t1, t2, tau = ex
    return ce.F(t1, t2, tau), ce.F(t1 / tau, t2 / tau)


def _tau_twin(ex):
    t1, t2, tau = ex
    return ce.F(t1, t2, tau), ce.F(t1 * tau, t2 * tau)


def _bound_terms(th) -> tuple[mpmath.mpf, mpmath.mpf]:
    """(S(-theta1) + S(3 theta1 - theta2), F) in 30-digit mpmath (both positive, no
    cancellation)."""
    t1, t2 = th
    p, _, _, _, r1, _ = ce._mp_pieces(t1, t2)
    return p + r1, ce.F_mp(t1, t2, dps=30)


def _lower(th, c=Fraction(1, 6)):
    with mpmath.workdps(30):
        s, f = _bound_terms(th)
        return float(c.numerator * s / (c.denominator * f)), 1.0  # c (S(-t1) + S(3t1 - t2)) <= F


def _upper(th, c=Fraction(1, 3)):
    with mpmath.workdps(30):
        s, f = _bound_terms(th)
        return float(c.denominator * f / (c.numerator * s)), 1.0  # F <= c (S(-t1) + S(3t1 - t2))


def _chain(th, factor=1):
    g1, g2 = ce.grad_F_mp(th[0], th[1], dps=30)
    scale = abs(g1)
    return float(-factor * g2 / scale), float(-g1 / scale)  # -c dF/dt2 <= -dF/dt1


def _right(th, factor=1):
    """F_v < 0 as 'positive part <= negative part' of dF/dtheta2 (see grad_F)."""
    with mpmath.workdps(30):
        p, _, q, r2, r1, omr1 = ce._mp_pieces(*th)
        omq, omr2 = r2, q  # S(4u - v) = 1 - S(v - 4u)
        d1, d2 = (1 + p + q) ** 2, (1 + r1 + r2) ** 2
        pos = r1 * r2 * omr2 / d2
        neg = p * q * omq / d1 + r1 * omr1 * (1 + r2) / d2
        return float(factor * pos / neg), 1.0


def _stall_dps(theta1: float) -> int:
    """Digits that resolve |F - 1/6| ~ e^-theta1 to 30 significant digits."""
    return 30 + math.ceil(max(theta1, 0.0) / math.log(10))


def _stall(th, rate=1.0):
    t1, t2 = th
    dps = _stall_dps(t1)
    with mpmath.workdps(dps):
        gap = abs(ce.F_mp(t1, t2, dps=dps) - mpmath.mpf(1) / 6)
        return float(gap * mpmath.exp(rate * mpmath.mpf(t1))), 1.0


# ------------------------------------------------------------------------------- claims


def claims() -> tuple[Claim, ...]:
    """The claims of eqs. (11)-(15)."""
    flt = "float64 sums of a few sigmoids in [0, 1]; evaluation error ~1e-16"
    return (
        Claim(
            id="eq11-sharp-limit-half",
            equation="(11), (3), (17)",
            statement="as tau -> 0, the smoothed loss (11) tends to the AP-loss (17) with "
            "H(0) = S(0) = 1/2: F_tau(s) == L_AP(s; H(0) = 1/2) at tau = 1e-3",
            check=_sharp_limit,
            strategy=lambda: ranking_instances(max_size=8, ties=True),
            twin=lambda inst: _sharp_limit(inst, at_zero=1.0),
            twin_statement="the same limit with the default H(0) = 1 (refuted by any tie)",
            kind="eq",
            tolerance=1e-12,
            tolerance_reason="score gaps are >= 1/2, so |S(x/tau) - H(x)| <= e^-500 off ties; "
            "the rest is float64 rounding",
            note="Beyond the paper: the sigmoid's tie value is S(0) = 1/2, so (11) smooths the "
            "AP-loss with H(0) = 1/2, not the H(0) = 1 Proposition 1 uses.",
        ),
        Claim(
            id="eq12-sigmoid-stable",
            equation="(12)",
            statement="|ranking.sigmoid(x) - S(x)| <= 4u S(x) (relative error, u = 2^-53) "
            "where S(x) = e^x / (1 + e^x) >= 2^-1022, and <= 2^-1022 where S(x) is subnormal "
            "(x < -708.4); S(x) in 40-digit mpmath, |x| <= 1e6 (checked as error / bound <= 1)",
            check=_sigmoid_check,
            strategy=_sigmoid_args,
            twin=_sigmoid_naive,
            twin_statement="the naive float64 formula e^x / (1 + e^x) (NaN once e^x overflows)",
            tolerance=1e-12,
            tolerance_reason="the ratio error / bound is formed in 40-digit mpmath and rounded "
            "once; the bound itself is the float64 error analysis of expit (exp within 1 ulp, "
            "one addition, one division: 4 roundings)",
            note="Relative, not absolute: a sigmoid that returned 0 for small S(x) would fail. "
            "Found: scipy's expit returns 0 for x < -709.78, where S(x) is a subnormal number "
            "(e.g. S(-710.2) = 3.5e-309); that is why the bound is absolute (2^-1022) there.",
        ),
        Claim(
            id="eq13-separable-iff",
            equation="(13)",
            statement="the three points are separated (s2 > s1 and s3 > s1) iff "
            "0 < theta1 < theta2 / 3",
            check=_sep_check,
            strategy=lambda: st.tuples(
                st.fractions(-6, 6, max_denominator=6), st.fractions(-6, 6, max_denominator=6)
            ),
            twin=_sep_twin,
            twin_statement="... iff 0 < theta1 < theta2 / 2",
            kind="eq",
            exact=True,
            note="The supplement states only 'if'; the converse also holds (exactly).",
        ),
        Claim(
            id="eq14-from-eq11",
            equation="(11), (13), (14)",
            statement="eq. (14) equals eq. (11) applied to the three points of (13), with "
            "S(x / tau), for |theta| <= 1e6 and tau in [0.01, 100]",
            check=_eq14_check,
            strategy=thetas_with_tau,
            twin=_eq14_flipped,
            twin_statement="eq. (14) with the opposite sign convention x_ij = s_i - s_j",
            kind="eq",
            tolerance=1e-13,
            tolerance_reason=flt,
            note="derive_symbolic() proves the identity exactly for any S (sympy cancel).",
        ),
        Claim(
            id="eq14-tau-rescales",
            equation="(14)",
            statement="F_tau(theta) == F_1(theta / tau): the temperature only rescales the "
            "plane (so the stall and the value 1/6 persist for every tau > 0)",
            check=_tau_check,
            strategy=thetas_with_tau,
            twin=_tau_twin,
            twin_statement="F_tau(theta) == F_1(theta * tau)",
            kind="eq",
            tolerance=1e-9,
            tolerance_reason="theta/tau is rounded before the linear combinations; for "
            "|theta| ~ 1e6 the sigmoid arguments move by ~1e-10, F by at most a quarter of that",
            note="Beyond the paper; proved exactly by derive_symbolic().tau_scaling.",
        ),
        Claim(
            id="eq14-lower-bound",
            equation="(14)",
            statement="(S(-theta1) + S(3 theta1 - theta2)) / 6 <= F (each denominator <= 3): "
            "F -> 0 forces theta1 -> inf and theta2 - 3 theta1 -> inf",
            check=_lower,
            strategy=thetas,
            twin=lambda th: _lower(th, Fraction(1, 5)),
            twin_statement="the same with 1/5 instead of 1/6",
            tolerance=1e-12,
            tolerance_reason="30-digit mpmath, then one float rounding of a ratio <= 1",
        ),
        Claim(
            id="eq14-upper-bound",
            equation="(14)",
            statement="F <= (S(-theta1) + S(3 theta1 - theta2)) / 3: theta1 -> inf and "
            "theta2 - 3 theta1 -> inf force F -> 0 = inf F",
            check=_upper,
            strategy=thetas,
            twin=lambda th: _upper(th, Fraction(1, 4)),
            twin_statement="the same with 1/4 instead of 1/3",
            tolerance=1e-12,
            tolerance_reason="30-digit mpmath, then one float rounding of a ratio <= 1",
            note="With eq14-lower-bound: inf F = 0 (not attained), approached iff theta1 -> inf "
            "and theta2 - 3 theta1 -> inf, as the supplement says. The obvious constant is 1/2 "
            "(denominators >= 1); since S(theta2 - 4 theta1) + S(4 theta1 - theta2) = 1 the "
            "denominators cannot both be near 1, and 1/3 is sharp (approached along "
            "theta2 = 4 theta1 -> inf; found on a grid, checked here, not proved).",
        ),
        Claim(
            id="eq15-chain-left",
            equation="(15)",
            statement="dF/dtheta1 < dF/dtheta2 for theta1 >= ln(1000/379) ~ 0.9702 and "
            "0 < theta2 < theta1 (checked as -dF/dtheta2 <= -dF/dtheta1, scaled by |dF/dtheta1|)",
            check=_chain,
            strategy=_paper_region,
            twin=lambda th: _chain(th, factor=10),
            twin_statement="dF/dtheta1 < 10 dF/dtheta2 (false near the threshold)",
            tolerance=1e-12,
            tolerance_reason="30-digit mpmath gradient, then float rounding of ratios",
            condition="theta1 >= ln(1000/379) ~ 0.97022 (certified) and theta1 > theta2 > 0",
            unconditioned=_paper_region_any_theta1,
            expected="conditional",
            note="'Sufficiently large' is needed and small: on theta2 = r theta1 the inequality "
            "holds iff theta1 > theta1*(r), with theta1*(0+) ~ 0.6665 rising to theta1*(1-) ~ "
            "0.96868; certify_chain_cone proves it exactly for theta1 >= ln(1000/379), every "
            "theta2 <= theta1. It never fails for large theta1 in theta1 > theta2 > 0.",
        ),
        Claim(
            id="eq15-chain-right",
            equation="(15)",
            statement="dF/dtheta2 < 0 for every theta2 once theta1 >= ln(9/100) ~ -2.408 "
            "(checked as positive part <= negative part of dF/dtheta2)",
            check=_right,
            strategy=_right_region,
            twin=lambda th: _right(th, factor=10),
            twin_statement="10 x positive part <= negative part",
            tolerance=1e-12,
            tolerance_reason="30-digit mpmath, then one float rounding of a ratio",
            condition="theta1 >= ln(9/100) (certify_dtheta2; the supplement assumes "
            "theta1 > theta2 > 0, theta1 large)",
            unconditioned=_right_unconditioned,
            expected="conditional",
            note="Stronger than the paper: no condition on theta2 is needed. Without a bound on "
            "theta1 it fails: dF/dtheta2 > 0 at some points inside the wedge "
            "3.5 theta1 < theta2 < 4 theta1, theta1 < -3.9 (only in part of it), e.g. at "
            "(-4, -15).",
        ),
        Claim(
            id="eq15-stall-value",
            equation="(15)",
            statement="|F - 1/6| <= e^-theta1 for theta1 >= 0 and theta2 <= theta1: F -> 1/6 "
            "along every trajectory that keeps theta1 > theta2 and theta1 -> inf",
            check=_stall,
            strategy=_stall_region,
            twin=lambda th: _stall(th, rate=2.0),
            twin_statement="|F - 1/6| <= e^(-2 theta1)",
            tolerance=1e-12,
            tolerance_reason="F and 1/6 in mpmath at 30 + ceil(theta1 / ln 10) digits, so the "
            "gap (~e^-theta1) keeps 30 significant digits for every theta1 in the strategy "
            "(up to 1e3); then one float rounding of a ratio",
        ),
    )
