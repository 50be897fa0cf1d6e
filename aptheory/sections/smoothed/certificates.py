"""Certificates of the chain (15) on whole regions: exact rational and interval bounds.

Every inequality of (15) is the sign of a polynomial
(:func:`~aptheory.sections.smoothed.symbolic.gradient_polynomials`); in a = e^-theta1,
b = e^(theta2 - 2 theta1) it has a positive constant term, which yields *exact* certificates
on unbounded regions:

- :func:`certify_chain_cone` - the left inequality on {theta1 >= ln(1/a0), theta2 <= theta1};
- :func:`certify_box` - the left inequality, or the trap invariant dF/dtheta2 - 2 dF/dtheta1
  > 0, on {theta1 >= ln(1/a0), theta2 <= 2 theta1 + ln(b0)};
- :func:`certify_dtheta2` - the right inequality dF/dtheta2 < 0 on {theta1 >= ln(x0)}
  (Taylor shift, x0 >= 0.08596);
- :func:`certify_dtheta2_sturm` - the same down to the sharp threshold (root counting: the
  discriminant in Y and Sturm sequences), :func:`right_threshold` - that threshold theta1* =
  ln X*, bracketed by a certified and a refuted rational, and :func:`certify_dtheta2_wedge` -
  dF/dtheta2 < 0 outside the wedge 4 theta1 < theta2 < 3.5 theta1, for every theta1;
- :func:`certify_threshold_staircase` - the left inequality above a staircase hugging the
  threshold curve theta1*(r), by outward-rounded interval bounds (:func:`box_lower_bound`).

:data:`TRAP_A0`, :data:`TRAP_B0` fix the certified trap of the stall basin used by
:func:`aptheory.sections.smoothed.dynamics.classify`; :data:`RIGHT_X0` is the x0 of the sharp
certificate of the right inequality.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
import sympy as sp
from numpy.typing import NDArray

from aptheory.core.exact import as_fraction
from aptheory.core.validation import check_choice, check_int, check_positive, check_real
from aptheory.sections.smoothed.symbolic import GradientPolynomials, ensure_polynomials
from aptheory.sections.smoothed.threshold import chain_threshold

__all__ = [
    "TRAP_A0",
    "TRAP_B0",
    "RIGHT_X0",
    "Certificate",
    "RightThreshold",
    "RootCountCertificate",
    "StaircaseCertificate",
    "box_lower_bound",
    "ceil_log",
    "certify_box",
    "certify_chain_cone",
    "certify_dtheta2",
    "certify_dtheta2_sturm",
    "certify_dtheta2_wedge",
    "certify_threshold_staircase",
    "mpf_to_fraction",
    "right_threshold",
]

TRAP_A0 = Fraction(1, 10)
TRAP_B0 = Fraction(1)
"""The certified trap of the stall basin: {theta1 >= ln(1/TRAP_A0), theta2 <= 2 theta1 +
ln(TRAP_B0)} = {theta1 >= ln 10, theta2 <= 2 theta1}."""

RIGHT_X0 = Fraction(2026526765736018217, 10**20)
"""x0 of the sharp certificate of dF/dtheta2 < 0 (:func:`certify_dtheta2_sturm`): X* =
e^theta1* = 0.02026526765736018216251... (:func:`right_threshold`) rounded *up* at 20
decimals, so ln(RIGHT_X0) exceeds the infimum theta1* = -3.89884681112527466817... by less
than 1e-20 / X* < 5e-19."""

TAYLOR_X1 = Fraction(9, 100)
"""Where :func:`certify_dtheta2_sturm` hands over to the Taylor-shift certificate."""


@dataclass(frozen=True)
class Certificate:
    """An exact certificate that a sign polynomial is positive on a whole (unbounded) region.

    ``lower_bound`` is a rational lower bound of the polynomial (in the a, b variables of
    :class:`~aptheory.sections.smoothed.symbolic.GradientPolynomials`) over the region;
    ``certified`` is ``lower_bound > 0``. ``theta1_min`` is a float rounded *up* from the
    exact threshold ``theta1_min_exact``.
    """

    statement: str
    region: str
    method: str
    theta1_min_exact: str
    theta1_min: float
    lower_bound: Fraction
    certified: bool


def _ceil_log(value: Fraction) -> float:
    with mpmath.workdps(40):
        exact = mpmath.log(mpmath.mpf(value.numerator) / value.denominator)
    return math.nextafter(float(exact), math.inf)


def ceil_log(value: Any) -> float:
    """A float >= ln(value) (rounded up by one ulp after a correctly rounded mpmath log).

    ``value`` is an exact positive rational (int, Fraction or float): the thresholds
    theta1 >= ln(1/a0) of the certificates, rounded so that the float region lies inside the
    certified one.
    """
    v = as_fraction(value, "value")
    if v <= 0:
        raise ValueError(f"value must be > 0, got {value!r}")
    return _ceil_log(v)


def certify_chain_cone(
    a0: Any = Fraction(379, 1000), *, polynomials: GradientPolynomials | None = None
) -> Certificate:
    """Certify the left inequality of (15) on {theta1 >= ln(1/a0), theta2 <= theta1}.

    On that region a = e^-theta1 <= a0 and b = e^(theta2 - 2 theta1) = a c with c in (0, 1].
    Substituting b = a c, every monomial of ``left_ab`` becomes coef * a^(i + j) c^j; the
    constant term is 9 > 0; positive terms are dropped (they are >= 0) and every negative term
    is at least coef * a0^(i + j) (its magnitude grows with a and c). The sum of the constant
    and these bounds is an exact rational lower bound.
    """
    a0 = as_fraction(a0, "a0")
    if not 0 < a0 < 1:
        raise ValueError(f"a0 must lie in (0, 1), got {a0}")
    polys = ensure_polynomials(polynomials)
    bound = Fraction(0)
    for (i, j), c in polys.left_ab.items():
        if i + j == 0:
            bound += c
        elif c < 0:
            bound += c * a0 ** (i + j)
    return Certificate(
        statement="dF/dtheta1 < dF/dtheta2 (left inequality of (15))",
        region=f"theta1 >= ln({1 / a0}) and theta2 <= theta1 (any sign of theta2)",
        method="exact rational bound of the sign polynomial in a = e^-theta1, b = a c",
        theta1_min_exact=f"ln({1 / a0})",
        theta1_min=_ceil_log(1 / a0),
        lower_bound=bound,
        certified=bound > 0,
    )


_BOX_STATEMENTS = {
    "left": "dF/dtheta1 < dF/dtheta2 (left inequality of (15))",
    "trap": "dF/dtheta2 - 2 dF/dtheta1 > 0 (2 theta1 - theta2 grows under gradient descent)",
}


def _table(polys: GradientPolynomials, which: str) -> Mapping[tuple[int, int], int]:
    return {"left": polys.left_ab, "trap": polys.trap_ab}[which]


def certify_box(
    which: str, a0: Any, b0: Any, *, polynomials: GradientPolynomials | None = None
) -> Certificate:
    """Certify ``left`` (eq. 15, left) or ``trap`` > 0 on {a <= a0, b <= b0}.

    The region is {theta1 >= ln(1/a0), theta2 <= 2 theta1 + ln(b0)}. Lower bound: the
    constant term plus every negative coefficient times a0^i b0^j.
    """
    which = check_choice(which, "which", tuple(_BOX_STATEMENTS))
    a0, b0 = as_fraction(a0, "a0"), as_fraction(b0, "b0")
    if not (0 < a0 < 1 and b0 > 0):
        raise ValueError(f"need 0 < a0 < 1 and b0 > 0, got a0={a0}, b0={b0}")
    table = _table(ensure_polynomials(polynomials), which)
    bound = Fraction(0)
    for (i, j), c in table.items():
        if i == 0 and j == 0:
            bound += c
        elif c < 0:
            bound += c * a0**i * b0**j
    return Certificate(
        statement=_BOX_STATEMENTS[which],
        region=f"theta1 >= ln({1 / a0}) and theta2 <= 2 theta1 + ln({b0})",
        method="exact rational bound of the sign polynomial in a = e^-theta1, "
        "b = e^(theta2 - 2 theta1)",
        theta1_min_exact=f"ln({1 / a0})",
        theta1_min=_ceil_log(1 / a0),
        lower_bound=bound,
        certified=bound > 0,
    )


def certify_dtheta2(
    x0: Any = Fraction(9, 100), *, polynomials: GradientPolynomials | None = None
) -> Certificate:
    """Certify dF/dtheta2 < 0 (eq. 15, right) for every theta2 and every theta1 >= ln(x0).

    Taylor shift: with X = x0 + z, the polynomial ``right``(X, Y) / (X^3 Y) has only
    non-negative coefficients in (z, Y) and a positive constant term, hence is > 0 for z >= 0,
    Y > 0. ``lower_bound`` is the smallest coefficient (>= 0 certifies) when the constant term
    is positive.
    """
    x0 = as_fraction(x0, "x0")
    if x0 <= 0:
        raise ValueError(f"x0 must be > 0, got {x0}")
    polys = ensure_polynomials(polynomials)
    x, y = polys.x, polys.y
    z = sp.Symbol("z", nonnegative=True)
    reduced = _reduced_right(polys).as_expr()
    shifted = sp.Poly(sp.expand(reduced.subs(x, _rational(x0) + z)), z, y)
    coeffs = [Fraction(int(c.p), int(c.q)) for c in shifted.coeffs()]
    const = Fraction(shifted.coeff_monomial(1))
    lower = min(coeffs)
    return Certificate(
        statement="dF/dtheta2 < 0 (right inequality of (15))",
        region=f"theta1 >= ln({x0}), every theta2",
        method="Taylor shift X = x0 + z: all coefficients in (z, Y) are >= 0, constant > 0",
        theta1_min_exact=f"ln({x0})",
        theta1_min=_ceil_log(x0),
        lower_bound=lower,
        certified=lower >= 0 and const > 0,
    )


def _rational(value: Fraction) -> sp.Rational:
    return sp.Rational(value.numerator, value.denominator)


def _reduced_right(polys: GradientPolynomials) -> sp.Poly:
    """R(X, Y) = ``right`` / (X^3 Y): a polynomial with the sign of -dF/dtheta2 (X, Y > 0)."""
    x, y = polys.x, polys.y
    return sp.Poly(sp.cancel(polys.right.as_expr() / (x**3 * y)), x, y)


def _positive_for_positive_x(poly: sp.Poly) -> bool:
    """Whether a polynomial in X alone is > 0 for every X > 0 (coefficients >= 0, not all 0)."""
    coeffs = poly.all_coeffs()
    return all(c >= 0 for c in coeffs) and any(c > 0 for c in coeffs)


def _positive_roots(poly_y: sp.Poly) -> int:
    """The number of distinct roots in (0, inf) of a univariate rational polynomial (Sturm)."""
    at_zero = 1 if poly_y.eval(0) == 0 else 0
    return int(poly_y.count_roots(0, None)) - at_zero


@dataclass(frozen=True)
class RootCountCertificate:
    """An exact certificate of dF/dtheta2 < 0 on {theta1 >= ln(x0)} by counting roots.

    ``discriminant_roots`` is the number of roots of disc_Y R in [x0, x1] and
    ``positive_roots`` the number of positive roots Y of R(x1, Y) (both Sturm counts, exact);
    ``ends_positive`` records that the leading and constant coefficients of R in Y are > 0
    for X > 0; ``taylor`` is the Taylor-shift certificate for theta1 >= ln(x1).
    ``theta1_min`` is a float rounded *up* from ``theta1_min_exact``.
    """

    statement: str
    region: str
    method: str
    theta1_min_exact: str
    theta1_min: float
    discriminant_roots: int
    positive_roots: int
    ends_positive: bool
    taylor: Certificate
    certified: bool


def certify_dtheta2_sturm(
    x0: Any = RIGHT_X0,
    x1: Any = TAYLOR_X1,
    *,
    polynomials: GradientPolynomials | None = None,
) -> RootCountCertificate:
    """Certify dF/dtheta2 < 0 (eq. 15, right) for every theta2 and every theta1 >= ln(x0).

    Proof. R(X, Y) = ``right`` / (X^3 Y) has the sign of -dF/dtheta2 (X = e^theta1, Y =
    e^theta2). In Y it has degree 4, with leading coefficient 5X^2 + 13X + 9 and constant
    coefficient X^15 (2X + 1)(X^2 + 3X + 5), both > 0 for X > 0 (checked: non-negative
    coefficients). As X moves in [x0, x1] the four roots of R(X, .) move continuously; the
    number of positive ones can change only if a root crosses Y = 0 (impossible, R(X, 0) > 0),
    escapes to infinity (impossible, the degree stays 4) or two roots meet (X is a root of the
    discriminant disc_Y R). If disc_Y R has no root in [x0, x1] and R(x1, .) has no positive
    root (two Sturm counts, exact rational arithmetic), then R(X, Y) > 0 for X in [x0, x1],
    Y > 0; for X >= x1 :func:`certify_dtheta2` (Taylor shift) applies.

    With x1 = 9/100 this decides the question exactly: certified iff x0 > X* ~ 0.0202653,
    the only root of disc_Y R in (0, 9/100) (:func:`right_threshold`).
    """
    x0, x1 = as_fraction(x0, "x0"), as_fraction(x1, "x1")
    if not 0 < x0 <= x1:
        raise ValueError(f"x0 must satisfy 0 < x0 <= x1, got x0={x0}, x1={x1}")
    polys = ensure_polynomials(polynomials)
    x, y = polys.x, polys.y
    in_y = sp.Poly(_reduced_right(polys).as_expr(), y)
    ends = _positive_for_positive_x(sp.Poly(in_y.LC(), x)) and _positive_for_positive_x(
        sp.Poly(in_y.coeff_monomial(1), x)
    )
    disc = sp.Poly(sp.discriminant(in_y.as_expr(), y), x)
    n_disc = int(disc.count_roots(_rational(x0), _rational(x1)))
    n_pos = _positive_roots(sp.Poly(in_y.as_expr().subs(x, _rational(x1)), y))
    taylor = certify_dtheta2(x1, polynomials=polys)
    return RootCountCertificate(
        statement="dF/dtheta2 < 0 (right inequality of (15))",
        region=f"theta1 >= ln({x0}), every theta2",
        method=f"no root of disc_Y R in [x0, {x1}], none of R(x1, .) in Y > 0 (Sturm), "
        f"Taylor shift beyond ln({x1})",
        theta1_min_exact=f"ln({x0})",
        theta1_min=_ceil_log(x0),
        discriminant_roots=n_disc,
        positive_roots=n_pos,
        ends_positive=ends,
        taylor=taylor,
        certified=ends and n_disc == 0 and n_pos == 0 and taylor.certified,
    )


@dataclass(frozen=True)
class RightThreshold:
    """The sharp threshold theta1* of dF/dtheta2 < 0 for every theta2 (eq. 15, right).

    X* = e^theta1* is the root in [``x_lower``, ``x_upper``] (rationals, width below
    10^-digits) of ``factor``, an irreducible factor of disc_Y R.
    ``below_positive_roots`` > 0 is the number of positive roots Y of R(x_lower, .): there
    dF/dtheta2 > 0 somewhere, so no threshold <= ln(x_lower) works; ``above`` certifies
    theta1 >= ln(x_upper). ``theta1`` = ln X* and ``theta2`` = ln Y* (the double root of
    R(X*, .), where dF/dtheta2 = 0) are decimal strings of ``digits`` significant digits.
    """

    factor: str
    x_lower: Fraction
    x_upper: Fraction
    below_positive_roots: int
    above: RootCountCertificate
    theta1: str
    theta2: str
    digits: int


def _touch_y(in_y: sp.Poly, x: sp.Symbol, x_star: mpmath.mpf) -> mpmath.mpf:
    """Y* > 0: the root of dR/dY (X*, .) where |R(X*, .)| is smallest (the double root)."""
    coeffs = [mpmath.mpf(c.evalf(mpmath.mp.dps, subs={x: x_star})) for c in in_y.all_coeffs()]
    d_coeffs = [c * (len(coeffs) - 1 - k) for k, c in enumerate(coeffs[:-1])]
    roots = mpmath.polyroots(d_coeffs, maxsteps=200, extraprec=4 * mpmath.mp.prec)
    real = [mpmath.re(r) for r in roots if abs(mpmath.im(r)) < mpmath.mpf(10) ** -20]
    positive = [r for r in real if r > 0]
    return min(
        positive,
        key=lambda r: abs(mpmath.polyval(coeffs, r)) / mpmath.polyval([abs(c) for c in coeffs], r),
    )


def right_threshold(
    digits: int = 40, *, polynomials: GradientPolynomials | None = None
) -> RightThreshold:
    """The infimum theta1* of the thresholds t with dF/dtheta2 < 0 on {theta1 >= t} (eq. 15).

    theta1* = ln X* ~ -3.8988468111, X* the largest root of disc_Y R in (0, 9/100) (found by
    exact real-root isolation). It is the infimum and it is not attained: for x_lower < X*
    the polynomial R(x_lower, .) has positive roots (dF/dtheta2 > 0 between them; as
    disc_Y R has no other root in (0, X*), so has R(X, .) for every X in (0, X*)), for
    x_upper > X* :func:`certify_dtheta2_sturm` certifies; at X* itself R(X*, .) has a double
    root Y* > 0, where dF/dtheta2 = 0 (theta2* = ln Y* ~ -14.887424). Both brackets are exact
    rationals less than 10^-digits apart.
    """
    digits = check_int(digits, "digits", 5)
    polys = ensure_polynomials(polynomials)
    x, y = polys.x, polys.y
    in_y = sp.Poly(_reduced_right(polys).as_expr(), y)
    disc = sp.Poly(sp.discriminant(in_y.as_expr(), y), x)
    eps = sp.Rational(1, 10 ** (digits + 2))
    candidates = []
    for factor, _ in disc.factor_list()[1]:
        for (lo, hi), _ in factor.intervals(eps=eps, inf=0, sup=_rational(TAYLOR_X1)):
            if lo > 0:
                candidates.append((hi, lo, factor))
    if not candidates:  # pragma: no cover - the polynomials are fixed
        raise ValueError("disc_Y R has no root in (0, 9/100)")
    hi, lo, factor = max(candidates, key=lambda c: c[0])
    x_lower, x_upper = Fraction(int(lo.p), int(lo.q)), Fraction(int(hi.p), int(hi.q))
    below = _positive_roots(sp.Poly(in_y.as_expr().subs(x, lo), y))
    above = certify_dtheta2_sturm(x_upper, polynomials=polys)
    with mpmath.workdps(digits + 20):
        x_star = (mpmath.mpf(lo.p) / lo.q + mpmath.mpf(hi.p) / hi.q) / 2
        theta1 = mpmath.nstr(mpmath.log(x_star), digits)
        theta2 = mpmath.nstr(mpmath.log(_touch_y(in_y, x, x_star)), digits)
    return RightThreshold(
        factor=str(factor.as_expr()),
        x_lower=x_lower,
        x_upper=x_upper,
        below_positive_roots=below,
        above=above,
        theta1=theta1,
        theta2=theta2,
        digits=digits,
    )


def certify_dtheta2_wedge(*, polynomials: GradientPolynomials | None = None) -> Certificate:
    """Certify dF/dtheta2 < 0 (eq. 15, right) wherever theta2 <= 4 theta1 or theta2 >= 3.5
    theta1, for every theta1: dF/dtheta2 >= 0 only inside the wedge 4 theta1 < theta2 <
    3.5 theta1 (non-empty only for theta1 < 0).

    Proof. With Y = X^4 / (1 + k) (theta2 <= 4 theta1 iff k >= 0), (1 + k)^4 R is a polynomial
    in (X, k); with X = Z^2, Y = Z^7 (1 + k) (theta2 >= 3.5 theta1 iff k >= 0), R is one in
    (Z, k). Both have only non-negative coefficients and a positive k-free term, so they are
    > 0 for X, Z > 0, k >= 0. ``lower_bound`` is the smallest coefficient of the two.
    """
    polys = ensure_polynomials(polynomials)
    x, y = polys.x, polys.y
    k, z = sp.symbols("k Z", positive=True)
    reduced = _reduced_right(polys).as_expr()
    below = sp.Poly(sp.cancel(reduced.subs(y, x**4 / (1 + k)) * (1 + k) ** 4), x, k)
    above = sp.Poly(sp.expand(reduced.subs({y: z**7 * (1 + k), x: z**2})), z, k)
    coeffs = [Fraction(int(c.p), int(c.q)) for p in (below, above) for c in p.coeffs()]
    k_free = all(any(c > 0 for (_, j), c in p.terms() if j == 0) for p in (below, above))
    lower = min(coeffs)
    return Certificate(
        statement="dF/dtheta2 < 0 (right inequality of (15))",
        region="theta2 <= 4 theta1 or theta2 >= 3.5 theta1, every theta1",
        method="Y = X^4 / (1 + k) and X = Z^2, Y = Z^7 (1 + k): all coefficients >= 0",
        theta1_min_exact="-inf",
        theta1_min=-math.inf,
        lower_bound=lower,
        certified=lower >= 0 and k_free,
    )


# ------------------------------------------------------------------ interval staircase


@dataclass(frozen=True)
class StaircaseCertificate:
    """A rigorous staircase above the threshold curve theta1*(r) of the left inequality.

    For every k and every r in [r_edges[k], r_edges[k + 1]] (a sub-interval of [0, 1]), the
    left inequality of (15) holds at (theta1, r theta1) for every theta1 >= thresholds[k]:
    on [thresholds[k], T_cone] by interval bounds on ``boxes`` boxes (outward-rounded
    mpmath.iv exponentials, then exact rational arithmetic), beyond T_cone by
    :func:`certify_chain_cone`. ``certified`` is False if some box could not be certified
    within ``max_boxes``.
    """

    r_edges: NDArray[np.float64]
    thresholds: NDArray[np.float64]
    t_cone: float
    boxes: int
    certified: bool


def mpf_to_fraction(x: Any) -> Fraction:
    """A finite mpmath ``mpf`` (a binary rational) as the exact Fraction it is."""
    if not isinstance(x, mpmath.mpf):
        raise TypeError(f"x must be an mpmath mpf, got {type(x).__name__}")
    if not mpmath.isfinite(x):
        raise ValueError(f"x must be finite, got {x!r}")
    sign, man, exp, _ = x._mpf_
    value = Fraction(int(man)) * (Fraction(2) ** int(exp))
    return -value if sign else value


def _box_lower_bound(
    table: Mapping[tuple[int, int], int], t0: float, t1: float, r0: float, r1: float
) -> Fraction:
    iv = mpmath.iv
    a_lo = mpf_to_fraction(mpmath.mpf(iv.exp(-iv.mpf(t1)).a))
    a_hi = mpf_to_fraction(mpmath.mpf(iv.exp(-iv.mpf(t0)).b))
    b_lo = mpf_to_fraction(mpmath.mpf(iv.exp((iv.mpf(r0) - 2) * iv.mpf(t1)).a))
    b_hi = mpf_to_fraction(mpmath.mpf(iv.exp((iv.mpf(r1) - 2) * iv.mpf(t0)).b))
    bound = Fraction(0)
    for (i, j), c in table.items():
        if c > 0:
            bound += c * a_lo**i * b_lo**j
        else:
            bound += c * a_hi**i * b_hi**j
    return bound


def box_lower_bound(
    theta1_range: tuple[float, float],
    r_range: tuple[float, float],
    *,
    which: str = "left",
    polynomials: GradientPolynomials | None = None,
) -> Fraction:
    """A rigorous lower bound of a sign polynomial of (15) on a box of the (theta1, r) plane.

    The box is theta1 in [t0, t1] (0 < t0 <= t1), r = theta2 / theta1 in [r0, r1] (r1 < 2);
    ``which`` is ``"left"`` (the left inequality of (15)) or ``"trap"``. There a = e^-theta1
    lies in [e^-t1, e^-t0] and b = e^((r - 2) theta1) in [e^((r0 - 2) t1), e^((r1 - 2) t0)]
    (outward-rounded mpmath.iv exponentials, then exact Fractions); each monomial is monotone
    in a, b >= 0, so positive terms are bounded below at the lower corner and negative terms
    at the upper corner. A bound > 0 proves the inequality on the whole box.
    """
    t0, t1 = (check_real(v, f"theta1_range[{k}]") for k, v in enumerate(theta1_range))
    r0, r1 = (check_real(v, f"r_range[{k}]") for k, v in enumerate(r_range))
    if not 0 < t0 <= t1:
        raise ValueError(f"theta1_range must be (t0, t1) with 0 < t0 <= t1, got {theta1_range}")
    if not r0 <= r1 < 2:
        raise ValueError(f"r_range must be (r0, r1) with r0 <= r1 < 2, got {r_range}")
    which = check_choice(which, "which", tuple(_BOX_STATEMENTS))
    return _box_lower_bound(_table(ensure_polynomials(polynomials), which), t0, t1, r0, r1)


def certify_threshold_staircase(
    n_slabs: int = 50,
    margin: float = 0.002,
    max_boxes: int = 4000,
    *,
    polynomials: GradientPolynomials | None = None,
) -> StaircaseCertificate:
    """Certify the left inequality of (15) above a staircase that hugs theta1*(r), r in [0, 1].

    Slab k = [k/n, (k+1)/n] gets the candidate threshold theta1*((k+1)/n) + ``margin`` (the
    numerical threshold only *proposes* it); the rectangle [threshold, T_cone] x slab is then
    certified by bisection into boxes with :func:`box_lower_bound` > 0.
    """
    n_slabs = check_int(n_slabs, "n_slabs", 1)
    max_boxes = check_int(max_boxes, "max_boxes", 1)
    margin = check_positive(margin, "margin")
    polys = ensure_polynomials(polynomials)
    table = polys.left_ab
    cone = certify_chain_cone(polynomials=polys)
    t_cone = cone.theta1_min
    edges = np.linspace(0.0, 1.0, n_slabs + 1)
    proposed = np.asarray(chain_threshold(edges[1:], polynomials=polys))
    thresholds = np.minimum(proposed + margin, t_cone)
    boxes = 0
    ok = cone.certified
    for k in range(n_slabs):
        work = [(float(thresholds[k]), t_cone, float(edges[k]), float(edges[k + 1]))]
        while work and ok:
            t0, t1, r0, r1 = work.pop()
            boxes += 1
            if boxes > max_boxes:
                ok = False
                break
            if t1 <= t0 or _box_lower_bound(table, t0, t1, r0, r1) > 0:
                continue
            tm, rm = (t0 + t1) / 2, (r0 + r1) / 2
            if t1 - t0 >= 4 * (r1 - r0):
                work += [(t0, tm, r0, r1), (tm, t1, r0, r1)]
            else:
                work += [(t0, t1, r0, rm), (t0, t1, rm, r1)]
    return StaircaseCertificate(
        r_edges=edges, thresholds=thresholds, t_cone=t_cone, boxes=boxes, certified=bool(ok)
    )
