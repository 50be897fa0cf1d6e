"""Section 2: gradient descent on the sigmoid-smoothed AP-loss stalls at 1/6.

The supplement applies the smoothed loss F of eq. (11) (H replaced by the sigmoid S of
eq. (12)) to three points of a linear model s = f1 theta1 + f2 theta2 (eq. (13)): the negative
(0, 0) and the positives (1, 0) and (-3, 1). This module

- derives F(theta1, theta2) *symbolically* by applying eq. (11) to eq. (13) and proves that it
  equals the printed eq. (14) (:func:`derive_symbolic`);
- evaluates F and its gradient stably for |theta| up to 1e6 (:func:`F`, :func:`grad_F`), and
  to any precision with mpmath (:func:`F_mp`, :func:`grad_F_mp`);
- turns the sign of the partial derivatives into polynomials (:func:`gradient_polynomials`):
  with X = e^theta1, Y = e^theta2, F is a rational function and every inequality of eq. (15) is
  the sign of one polynomial; in a = e^-theta1, b = e^(theta2 - 2 theta1) the polynomials have
  a positive constant term, which yields *exact* certificates on unbounded regions
  (:func:`certify_chain_cone`, :func:`certify_box`, :func:`certify_dtheta2`), and interval
  bounds certify a staircase just above the threshold curve
  (:func:`certify_threshold_staircase`);
- locates the threshold theta1*(r) of "theta1 sufficiently large" on the rays
  theta2 = r theta1 (:func:`chain_threshold`);
- runs gradient descent (vectorised over many starts), maps the basins of attraction
  (:func:`basin_map`), runs Proposition 1's error-driven algorithm on the same points
  (:func:`error_driven`) and sweeps the temperature tau of S(x / tau) (:func:`tau_sweep`).

Temperature. Every x_ij is linear in theta, so F_tau(theta) = F_1(theta / tau) exactly
(:func:`derive_symbolic` proves it): the temperature only rescales the plane.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType

import mpmath
import numpy as np
import sympy as sp
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import brentq
from scipy.special import expit

from aptheory.core.ranking import check_at_zero, check_tau

__all__ = [
    "FEATURES",
    "POSITIVE",
    "STALL_VALUE",
    "BasinMap",
    "Certificate",
    "DescentRun",
    "ErrorDrivenPath",
    "GradientPolynomials",
    "SymbolicF",
    "TauSweep",
    "F",
    "F_mp",
    "basin_map",
    "certify_box",
    "certify_chain_cone",
    "certify_dtheta2",
    "certify_threshold_staircase",
    "classify",
    "ESCAPE",
    "STALL",
    "StaircaseCertificate",
    "TRAP_A0",
    "TRAP_B0",
    "UNDECIDED",
    "chain_holds",
    "chain_threshold",
    "derive_symbolic",
    "error_driven",
    "gradient_descent",
    "gradient_polynomials",
    "grad_F",
    "grad_F_mp",
    "scores",
    "smoothed_ap_loss_symbolic",
    "stall_boundary",
    "tau_sweep",
]

FEATURES: NDArray[np.float64] = np.array([[0.0, 0.0], [1.0, 0.0], [-3.0, 1.0]])
"""Feature vectors of eq. (13): the negative (0, 0), the positives (1, 0) and (-3, 1)."""
FEATURES.setflags(write=False)
POSITIVE: NDArray[np.bool_] = np.array([False, True, True])
POSITIVE.setflags(write=False)
STALL_VALUE = Fraction(1, 6)
"""The value F approaches along the stalled trajectories (Section 2)."""


# ----------------------------------------------------------------------------- validation


def _theta_arrays(theta1: ArrayLike, theta2: ArrayLike) -> tuple[NDArray, NDArray]:
    out = []
    for name, value in (("theta1", theta1), ("theta2", theta2)):
        arr = np.asarray(value)
        if arr.dtype == bool or not (
            np.issubdtype(arr.dtype, np.floating) or np.issubdtype(arr.dtype, np.integer)
        ):
            raise TypeError(f"{name} must be real-valued, got dtype {arr.dtype}")
        arr = arr.astype(np.float64)
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} must be finite (no NaN or inf)")
        out.append(arr)
    try:
        t1, t2 = np.broadcast_arrays(*out)
    except ValueError as err:
        raise ValueError(
            f"theta1 (shape {out[0].shape}) and theta2 (shape {out[1].shape}) do not broadcast"
        ) from err
    return t1, t2


def _out(x: NDArray[np.float64]) -> NDArray[np.float64] | float:
    return float(x) if x.ndim == 0 else x


def _check_positive_int(value: int, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < 1:
        raise ValueError(f"{name} must be >= 1, got {value}")
    return int(value)


def _check_real(value: float, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return value


# ------------------------------------------------------------------------------ numerics


def scores(theta1: ArrayLike, theta2: ArrayLike) -> NDArray[np.float64]:
    """Scores s^(1), s^(2), s^(3) of the three points, eq. (13); shape (..., 3)."""
    t1, t2 = _theta_arrays(theta1, theta2)
    return t1[..., None] * FEATURES[:, 0] + t2[..., None] * FEATURES[:, 1]


def _scaled(u: NDArray, v: NDArray, tau: float) -> tuple[NDArray, NDArray]:
    """theta / tau, refusing magnitudes where 4 theta1 / tau - theta2 / tau could overflow."""
    limit = 1e300 * tau  # a Python float: inf for huge tau, without a warning
    if np.any(np.abs(u) > limit) or np.any(np.abs(v) > limit):
        raise ValueError("|theta| / tau must be <= 1e300 (the sigmoid arguments would overflow)")
    return u / tau, v / tau


def _pieces(u: NDArray, v: NDArray) -> tuple[NDArray, ...]:
    """S(-u), S(u), S(v - 4u), S(4u - v), S(3u - v), S(v - 3u): every sigmoid of eq. (14)."""
    return (
        expit(-u),
        expit(u),
        expit(v - 4 * u),
        expit(4 * u - v),
        expit(3 * u - v),
        expit(v - 3 * u),
    )


def F(theta1: ArrayLike, theta2: ArrayLike, tau: float = 1.0) -> NDArray[np.float64] | float:
    """Smoothed AP-loss of the three points, eq. (14), with S(x / tau); vectorised.

    F = 1/2 [ S(-t1) / (1 + S(-t1) + S(t2 - 4 t1))
            + S(3 t1 - t2) / (1 + S(4 t1 - t2) + S(3 t1 - t2)) ],   t = theta / tau.

    Every sigmoid is evaluated by ``scipy.special.expit`` and every denominator is >= 1, so
    no overflow, division by zero or NaN occurs while |theta| / tau <= 1e300 (larger values
    raise ValueError); tiny terms underflow to 0, which is their correctly rounded value.
    """
    tau = check_tau(tau)
    u, v = _theta_arrays(theta1, theta2)
    u, v = _scaled(u, v, tau)
    p, _, q, r2, r1, _ = _pieces(u, v)
    return _out(0.5 * (p / (1.0 + p + q) + r1 / (1.0 + r1 + r2)))


def grad_F(
    theta1: ArrayLike, theta2: ArrayLike, tau: float = 1.0
) -> tuple[NDArray[np.float64] | float, NDArray[np.float64] | float]:
    """Partial derivatives (dF/dtheta1, dF/dtheta2) of eq. (14), vectorised and overflow-free.

    With p = S(-u), q = S(v - 4u), r1 = S(3u - v), r2 = S(4u - v), u = theta1/tau,
    v = theta2/tau, D1 = 1 + p + q, D2 = 1 + r1 + r2 and S' = S (1 - S):

        2 tau dF/dtheta1 = [-p(1-p)(1+q) + 4pq(1-q)] / D1^2
                           + [3 r1(1-r1)(1+r2) - 4 r1 r2(1-r2)] / D2^2
        2 tau dF/dtheta2 = -p q (1-q) / D1^2 + [r1 r2 (1-r2) - r1(1-r1)(1+r2)] / D2^2

    where every 1 - S(x) is evaluated as S(-x) (no cancellation). :func:`derive_symbolic`
    proves these equal sympy's derivatives of eq. (11).
    """
    tau = check_tau(tau)
    u, v = _theta_arrays(theta1, theta2)
    u, v = _scaled(u, v, tau)
    p, omp, q, omq, r1, omr1 = _pieces(u, v)
    r2, omr2 = omq, q  # S(4u - v) = 1 - S(v - 4u)
    d1 = (1.0 + p + q) ** 2
    d2 = (1.0 + r1 + r2) ** 2
    a_u = (-p * omp * (1.0 + q) + 4.0 * p * q * omq) / d1
    a_v = -p * q * omq / d1
    b_u = (3.0 * r1 * omr1 * (1.0 + r2) - 4.0 * r1 * r2 * omr2) / d2
    b_v = (r1 * r2 * omr2 - r1 * omr1 * (1.0 + r2)) / d2
    scale = 0.5 / tau
    return _out(scale * (a_u + b_u)), _out(scale * (a_v + b_v))


def _check_mp_real(value, name: str):
    """A finite real number (int, float or mpmath mpf) or raise."""
    if isinstance(value, mpmath.mpf):
        if not mpmath.isfinite(value):
            raise ValueError(f"{name} must be finite, got {value!r}")
        return value
    return _check_real(value, name)


def _mp_pieces(theta1, theta2, tau=1):
    """S(-u), S(u), S(v - 4u), S(4u - v), S(3u - v), S(v - 3u) in mpmath at the working
    precision (u = theta1 / tau, v = theta2 / tau; every product and sum done in mpmath).
    Call it inside ``mpmath.workdps``."""
    u, v = mpmath.mpf(theta1) / tau, mpmath.mpf(theta2) / tau

    def s(x):
        return 1 / (1 + mpmath.exp(-x))

    return s(-u), s(u), s(v - 4 * u), s(4 * u - v), s(3 * u - v), s(v - 3 * u)


def F_mp(theta1: float, theta2: float, tau: float = 1.0, dps: int = 50) -> mpmath.mpf:
    """Eq. (14) evaluated with mpmath at ``dps`` decimal digits (any exponent range)."""
    tau = check_tau(tau)
    _check_mp_real(theta1, "theta1")
    _check_mp_real(theta2, "theta2")
    with mpmath.workdps(_check_positive_int(dps, "dps")):
        p, _, q, omq, r1, _ = _mp_pieces(theta1, theta2, tau)
        return (p / (1 + p + q) + r1 / (1 + r1 + omq)) / 2


def grad_F_mp(
    theta1: float, theta2: float, tau: float = 1.0, dps: int = 50
) -> tuple[mpmath.mpf, mpmath.mpf]:
    """The gradient of :func:`grad_F` evaluated with mpmath at ``dps`` digits."""
    tau = check_tau(tau)
    _check_mp_real(theta1, "theta1")
    _check_mp_real(theta2, "theta2")
    with mpmath.workdps(_check_positive_int(dps, "dps")):
        p, omp, q, omq, r1, omr1 = _mp_pieces(theta1, theta2, tau)
        r2, omr2 = omq, q
        d1 = (1 + p + q) ** 2
        d2 = (1 + r1 + r2) ** 2
        g1 = (-p * omp * (1 + q) + 4 * p * q * omq) / d1 + (
            3 * r1 * omr1 * (1 + r2) - 4 * r1 * r2 * omr2
        ) / d2
        g2 = -p * q * omq / d1 + (r1 * r2 * omr2 - r1 * omr1 * (1 + r2)) / d2
        return g1 / (2 * tau), g2 / (2 * tau)


# ------------------------------------------------------------------------------- symbolic


def smoothed_ap_loss_symbolic(
    score_exprs: list[sp.Expr], positive: ArrayLike, step: Callable[[sp.Expr], sp.Expr]
) -> sp.Expr:
    """Eq. (11) for symbolic scores: (1/|P|) sum_i sum_j S(x_ij) / (1 + sum_{k != i} S(x_ik)).

    ``step`` is the smoothing S (a sympy function or any callable); x_ij = s_j - s_i; the
    denominator runs over every other box, positive or negative.
    """
    pos = [bool(b) for b in np.asarray(positive, dtype=bool)]
    if len(pos) != len(score_exprs):
        raise ValueError(f"positive has {len(pos)} entries but there are {len(score_exprs)} scores")
    if not any(pos):
        raise ValueError("positive must mark at least one box (|P| >= 1)")
    terms = []
    for i, s_i in enumerate(score_exprs):
        if not pos[i]:
            continue
        num = sum((step(s_j - s_i) for j, s_j in enumerate(score_exprs) if not pos[j]), sp.S(0))
        den = 1 + sum((step(s_k - s_i) for k, s_k in enumerate(score_exprs) if k != i), sp.S(0))
        terms.append(num / den)
    return sp.Rational(1, sum(pos)) * sp.Add(*terms)


@dataclass(frozen=True)
class SymbolicF:
    """The symbolic derivation of eq. (14) from eq. (11) and its proof.

    ``general`` is eq. (11) applied to eq. (13) with an *abstract* S; ``printed`` is eq. (14)
    as typed from the supplement; ``equals_printed`` records that their difference cancels to
    0 as a rational function of the S-values (so the identity holds for *any* S);
    ``flipped_equals_printed`` is the same test with the opposite convention x_ij = s_i - s_j
    (it must be False: the proof discriminates conventions). ``sigmoid`` is ``general`` with
    S(x) = e^x / (1 + e^x); ``d_theta1``/``d_theta2`` are sympy's partial derivatives of it;
    ``gradient_matches`` records that they equal the closed forms of :func:`grad_F`;
    ``tau_scaling`` records F_tau(theta) = F(theta / tau) as a sympy identity.
    """

    theta1: sp.Symbol
    theta2: sp.Symbol
    general: sp.Expr
    printed: sp.Expr
    sigmoid: sp.Expr
    d_theta1: sp.Expr
    d_theta2: sp.Expr
    equals_printed: bool
    flipped_equals_printed: bool
    gradient_matches: bool
    tau_scaling: bool


def _exp_to_xy(expr: sp.Expr, t1: sp.Symbol, t2: sp.Symbol, x: sp.Symbol, y: sp.Symbol):
    """Replace every exp(c1 t1 + c2 t2) (c integer, tau-free) by X^c1 Y^c2."""

    def monomial(arg: sp.Expr) -> sp.Expr:
        poly = sp.Poly(sp.expand(arg), t1, t2)
        if poly.total_degree() > 1 or poly.coeff_monomial(1) != 0:
            raise ValueError(f"exponent {arg} is not linear and homogeneous in theta")
        return x ** poly.coeff_monomial(t1) * y ** poly.coeff_monomial(t2)

    return expr.replace(lambda e: isinstance(e, sp.exp), lambda e: monomial(e.args[0]))


def derive_symbolic() -> SymbolicF:
    """Derive F from eq. (11) and eq. (13), prove eq. (14) and the gradient formulas.

    All identities are decided by exact rational-function arithmetic (``sympy.cancel``),
    after the substitution X = e^theta1, Y = e^theta2 where exponentials occur.
    """
    t1, t2 = sp.symbols("theta1 theta2", real=True)
    x, y = sp.symbols("X Y", positive=True)
    s_fn = sp.Function("S")
    feats = [[int(c) for c in row] for row in FEATURES]
    score_exprs = [f1 * t1 + f2 * t2 for f1, f2 in feats]
    general = smoothed_ap_loss_symbolic(score_exprs, POSITIVE, s_fn)
    printed = sp.Rational(1, 2) * (
        s_fn(-t1) / (1 + s_fn(-t1) + s_fn(t2 - 4 * t1))
        + s_fn(3 * t1 - t2) / (1 + s_fn(4 * t1 - t2) + s_fn(3 * t1 - t2))
    )
    equals_printed = sp.cancel(sp.together(general - printed)) == 0
    flipped = smoothed_ap_loss_symbolic(score_exprs, POSITIVE, lambda z: s_fn(-z))
    flipped_equals = sp.cancel(sp.together(flipped - printed)) == 0

    def sig(z):
        return sp.exp(z) / (1 + sp.exp(z))  # eq. (12)

    sigmoid = general.replace(s_fn, sig)
    d1 = sp.diff(sigmoid, t1)
    d2 = sp.diff(sigmoid, t2)
    # closed forms of grad_F in terms of the S-values
    p, q, r1, r2 = sig(-t1), sig(t2 - 4 * t1), sig(3 * t1 - t2), sig(4 * t1 - t2)
    dd1 = (-p * (1 - p) * (1 + q) + 4 * p * q * (1 - q)) / (1 + p + q) ** 2 + (
        3 * r1 * (1 - r1) * (1 + r2) - 4 * r1 * r2 * (1 - r2)
    ) / (1 + r1 + r2) ** 2
    dd2 = (
        -p * q * (1 - q) / (1 + p + q) ** 2
        + (r1 * r2 * (1 - r2) - r1 * (1 - r1) * (1 + r2)) / (1 + r1 + r2) ** 2
    )
    gradient_matches = all(
        sp.cancel(_exp_to_xy(sp.together(lhs - rhs / 2), t1, t2, x, y)) == 0
        for lhs, rhs in ((d1, dd1), (d2, dd2))
    )
    tau = sp.symbols("tau", positive=True)
    with_tau = smoothed_ap_loss_symbolic(score_exprs, POSITIVE, lambda z: s_fn(z / tau))
    tau_scaling = sp.simplify(with_tau - general.subs({t1: t1 / tau, t2: t2 / tau})) == 0
    return SymbolicF(
        theta1=t1,
        theta2=t2,
        general=general,
        printed=printed,
        sigmoid=sigmoid,
        d_theta1=d1,
        d_theta2=d2,
        equals_printed=bool(equals_printed),
        flipped_equals_printed=bool(flipped_equals),
        gradient_matches=bool(gradient_matches),
        tau_scaling=bool(tau_scaling),
    )


# ------------------------------------------------------------------- polynomial signs (15)


@dataclass(frozen=True)
class GradientPolynomials:
    """Eq. (14) as a rational function of X = e^theta1, Y = e^theta2, and the sign polynomials.

    F = (1/2) [N_A / D_A + N_B / D_B] with N_A = X^4 + Y, D_A = X^5 + 2X^4 + 2XY + 3Y,
    N_B = X^3 (X^4 + Y), D_B = 3X^7 + 2X^4 Y + 2X^3 Y + Y^2 (all positive). With the positive
    common denominator 2 D_A^2 D_B^2:

    - ``left`` = numerator of dF/dtheta2 - dF/dtheta1 (the left inequality of (15) holds
      iff ``left > 0``);
    - ``right`` = numerator of -dF/dtheta2 (the right inequality holds iff ``right > 0``);
    - ``trap`` = numerator of dF/dtheta2 - 2 dF/dtheta1 (> 0 makes 2 theta1 - theta2 grow
      under gradient descent: the stall basin's invariant, see :func:`certify_box`).

    ``*_ab`` are the same polynomials in a = e^-theta1 = 1/X and b = e^(theta2 - 2 theta1)
    = Y / X^2 after dividing by the positive power X^D (so they have the same sign), as
    ``{(i, j): coefficient}`` for the monomial a^i b^j. ``verified`` records that
    ``left / (2 D_A^2 D_B^2)`` equals Y dF/dY - X dF/dX of the rational F (exact cancel).
    """

    x: sp.Symbol
    y: sp.Symbol
    rational: sp.Expr
    denominator: sp.Expr
    left: sp.Poly
    right: sp.Poly
    trap: sp.Poly
    left_ab: dict[tuple[int, int], int]
    right_ab: dict[tuple[int, int], int]
    trap_ab: dict[tuple[int, int], int]
    verified: bool


def _to_ab(poly: sp.Poly) -> dict[tuple[int, int], int]:
    """X^i Y^j = X^(i + 2j) b^j = X^D a^(D - i - 2j) b^j with D = max(i + 2j)."""
    terms = poly.terms()
    big_d = max(i + 2 * j for (i, j), _ in terms)
    return {(big_d - i - 2 * j, j): int(c) for (i, j), c in terms}


def gradient_polynomials() -> GradientPolynomials:
    """Build the sign polynomials of (15) with exact sympy polynomial arithmetic."""
    x, y = sp.symbols("X Y", positive=True)
    n_a, d_a = x**4 + y, x**5 + 2 * x**4 + 2 * x * y + 3 * y
    n_b, d_b = x**3 * (x**4 + y), 3 * x**7 + 2 * x**4 * y + 2 * x**3 * y + y**2

    def log_deriv_numer(var: sp.Symbol) -> sp.Expr:
        """Numerator over D_A^2 D_B^2 of var * d/dvar (N_A/D_A + N_B/D_B)."""
        qa = var * (sp.diff(n_a, var) * d_a - n_a * sp.diff(d_a, var))
        qb = var * (sp.diff(n_b, var) * d_b - n_b * sp.diff(d_b, var))
        return sp.expand(qa * d_b**2 + qb * d_a**2)

    g1, g2 = log_deriv_numer(x), log_deriv_numer(y)
    rational = (n_a / d_a + n_b / d_b) / 2
    denominator = 2 * d_a**2 * d_b**2
    left = sp.Poly(sp.expand(g2 - g1), x, y)
    right = sp.Poly(-g2, x, y)
    trap = sp.Poly(sp.expand(g2 - 2 * g1), x, y)
    check = sp.cancel(
        y * sp.diff(rational, y) - x * sp.diff(rational, x) - left.as_expr() / denominator
    )
    return GradientPolynomials(
        x=x,
        y=y,
        rational=rational,
        denominator=denominator,
        left=left,
        right=right,
        trap=trap,
        left_ab=_to_ab(left),
        right_ab=_to_ab(right),
        trap_ab=_to_ab(trap),
        verified=check == 0,
    )


@dataclass(frozen=True)
class Certificate:
    """An exact certificate that a sign polynomial is positive on a whole (unbounded) region.

    ``lower_bound`` is a rational lower bound of the polynomial (in the a, b variables of
    :class:`GradientPolynomials`) over the region; ``certified`` is ``lower_bound > 0``.
    ``theta1_min`` is a float rounded *up* from the exact threshold ``theta1_min_exact``.
    """

    statement: str
    region: str
    method: str
    theta1_min_exact: str
    theta1_min: float
    lower_bound: Fraction
    certified: bool


def _ceil_log(value: Fraction) -> float:
    """A float >= ln(value) (rounded up by one ulp after a correctly rounded mpmath log)."""
    with mpmath.workdps(40):
        exact = mpmath.log(mpmath.mpf(value.numerator) / value.denominator)
    return math.nextafter(float(exact), math.inf)


def certify_chain_cone(a0: Fraction = Fraction(379, 1000)) -> Certificate:
    """Certify the left inequality of (15) on {theta1 >= ln(1/a0), theta2 <= theta1}.

    On that region a = e^-theta1 <= a0 and b = e^(theta2 - 2 theta1) = a c with c in (0, 1].
    Substituting b = a c, every monomial of ``left_ab`` becomes coef * a^(i + j) c^j; the
    constant term is 9 > 0; positive terms are dropped (they are >= 0) and every negative term
    is at least coef * a0^(i + j) (its magnitude grows with a and c). The sum of the constant
    and these bounds is an exact rational lower bound.
    """
    a0 = Fraction(a0)
    if not 0 < a0 < 1:
        raise ValueError(f"a0 must lie in (0, 1), got {a0}")
    polys = gradient_polynomials()
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


def certify_box(which: str, a0: Fraction, b0: Fraction) -> Certificate:
    """Certify ``left`` or ``trap`` > 0 on {a <= a0, b <= b0}.

    The region is {theta1 >= ln(1/a0), theta2 <= 2 theta1 + ln(b0)}. Lower bound: the
    constant term plus every negative coefficient times a0^i b0^j.
    """
    polys = gradient_polynomials()
    table = {"left": polys.left_ab, "trap": polys.trap_ab}
    if which not in table:
        raise ValueError(f"which must be 'left' or 'trap', got {which!r}")
    a0, b0 = Fraction(a0), Fraction(b0)
    if not (0 < a0 < 1 and b0 > 0):
        raise ValueError(f"need 0 < a0 < 1 and b0 > 0, got a0={a0}, b0={b0}")
    bound = Fraction(0)
    for (i, j), c in table[which].items():
        if i == 0 and j == 0:
            bound += c
        elif c < 0:
            bound += c * a0**i * b0**j
    what = {
        "left": "dF/dtheta1 < dF/dtheta2 (left inequality of (15))",
        "trap": "dF/dtheta2 - 2 dF/dtheta1 > 0 (2 theta1 - theta2 grows under gradient descent)",
    }[which]
    return Certificate(
        statement=what,
        region=f"theta1 >= ln({1 / a0}) and theta2 <= 2 theta1 + ln({b0})",
        method="exact rational bound of the sign polynomial in a = e^-theta1, "
        "b = e^(theta2 - 2 theta1)",
        theta1_min_exact=f"ln({1 / a0})",
        theta1_min=_ceil_log(1 / a0),
        lower_bound=bound,
        certified=bound > 0,
    )


def certify_dtheta2(x0: Fraction = Fraction(9, 100)) -> Certificate:
    """Certify dF/dtheta2 < 0 for every theta2 and every theta1 >= ln(x0).

    Taylor shift: with X = x0 + z, the polynomial ``right``(X, Y) / (X^3 Y) has only
    non-negative coefficients in (z, Y) and a positive constant term, hence is > 0 for z >= 0,
    Y > 0. ``lower_bound`` is the smallest coefficient (>= 0 certifies) when the constant term
    is positive.
    """
    x0 = Fraction(x0)
    if x0 <= 0:
        raise ValueError(f"x0 must be > 0, got {x0}")
    polys = gradient_polynomials()
    x, y = polys.x, polys.y
    z = sp.Symbol("z", nonnegative=True)
    reduced = sp.cancel(polys.right.as_expr() / (x**3 * y))
    shifted = sp.Poly(
        sp.expand(reduced.subs(x, sp.Rational(x0.numerator, x0.denominator) + z)), z, y
    )
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


def _exact(x: mpmath.mpf) -> Fraction:
    """An mpf is a binary rational: convert it exactly."""
    x = mpmath.mpf(x)
    if not mpmath.isfinite(x):
        raise ValueError(f"cannot convert {x} to a fraction")
    sign, man, exp, _ = x._mpf_
    value = Fraction(int(man)) * (Fraction(2) ** int(exp))
    return -value if sign else value


def _box_lower_bound(table: dict[tuple[int, int], int], t0, t1, r0, r1) -> Fraction:
    """Rigorous lower bound of left_ab(a, b) for t in [t0, t1], r in [r0, r1] (t0 > 0, r1 < 2).

    a = e^-t lies in [e^-t1, e^-t0] and b = e^((r - 2) t) in [e^((r0 - 2) t1), e^((r1 - 2) t0)];
    each monomial is monotone in a, b >= 0, so positive terms are bounded below at the lower
    corner and negative terms at the upper corner.
    """
    iv = mpmath.iv
    a_lo = _exact(iv.exp(-iv.mpf(t1)).a)
    a_hi = _exact(iv.exp(-iv.mpf(t0)).b)
    b_lo = _exact(iv.exp((iv.mpf(r0) - 2) * iv.mpf(t1)).a)
    b_hi = _exact(iv.exp((iv.mpf(r1) - 2) * iv.mpf(t0)).b)
    bound = Fraction(0)
    for (i, j), c in table.items():
        if c > 0:
            bound += c * a_lo**i * b_lo**j
        else:
            bound += c * a_hi**i * b_hi**j
    return bound


def certify_threshold_staircase(
    n_slabs: int = 50, margin: float = 0.002, max_boxes: int = 4000
) -> StaircaseCertificate:
    """Certify the left inequality of (15) above a staircase that hugs theta1*(r), r in [0, 1].

    Slab k = [k/n, (k+1)/n] gets the candidate threshold theta1*((k+1)/n) + ``margin`` (the
    numerical threshold only *proposes* it); the rectangle [threshold, T_cone] x slab is then
    certified by bisection into boxes with :func:`_box_lower_bound` > 0.
    """
    n_slabs = _check_positive_int(n_slabs, "n_slabs")
    max_boxes = _check_positive_int(max_boxes, "max_boxes")
    margin = _check_real(margin, "margin")
    if margin <= 0:
        raise ValueError(f"margin must be > 0, got {margin}")
    table = gradient_polynomials().left_ab
    cone = certify_chain_cone()
    t_cone = cone.theta1_min
    edges = np.linspace(0.0, 1.0, n_slabs + 1)
    thresholds = np.minimum(np.asarray(chain_threshold(edges[1:])) + margin, t_cone)
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


def _poly_ab_value(table: dict[tuple[int, int], int], a: NDArray, b: NDArray) -> NDArray:
    return sum(c * a**i * b**j for (i, j), c in table.items())


def chain_holds(theta1: ArrayLike, theta2: ArrayLike) -> NDArray[np.bool_]:
    """Where both inequalities of (15) hold, from the float gradient (for maps and figures)."""
    g1, g2 = grad_F(theta1, theta2)
    return np.asarray((np.asarray(g1) < np.asarray(g2)) & (np.asarray(g2) < 0))


def chain_threshold(r: ArrayLike, t_max: float = 50.0) -> NDArray[np.float64] | float:
    """theta1*(r): the largest theta1 > 0 where dF/dtheta1 = dF/dtheta2 on theta2 = r theta1.

    For theta1 > theta1*(r) the left inequality of (15) holds on the whole ray (checked on a
    grid of 4000 points up to ``t_max``; beyond, the certificates take over for r <= 1).
    Root of left_ab(a, b) with a = e^-t, b = e^((r - 2) t), by Brent's method; defined for
    r < 2 (for r >= 2 the asymptotic form 9 - 8b is negative and no threshold exists).
    Returns 0.0 when the inequality holds on the whole ray.
    """
    rr = np.atleast_1d(np.asarray(r, dtype=np.float64))
    if not np.all(np.isfinite(rr)) or np.any(rr >= 2):
        raise ValueError("r must be finite and < 2")
    table = gradient_polynomials().left_ab
    grid = np.linspace(1e-6, t_max, 4000)
    out = np.empty_like(rr)
    for k, rk in enumerate(rr):

        def f(t, rk=rk):
            return _poly_ab_value(table, np.exp(-t), np.exp((rk - 2.0) * t))

        vals = f(grid)
        neg = np.flatnonzero(vals <= 0)
        if neg.size == 0:
            out[k] = 0.0
            continue
        last = neg[-1]
        if last + 1 >= grid.size:
            out[k] = np.inf
            continue
        out[k] = brentq(
            lambda t, f=f: float(f(t)), grid[last], grid[last + 1], xtol=1e-14, rtol=1e-14
        )
    return _out(out if np.ndim(r) else out.reshape(()))


# ------------------------------------------------------------------------------- dynamics


@dataclass(frozen=True)
class DescentRun:
    """Gradient descent on F from many starts at once.

    ``thetas`` has shape (records, starts, 2) and ``losses`` (records, starts): the iterates
    at steps 0, record_every, 2 record_every, ..., steps. ``max_increase`` is, per start, the
    largest F(t+1) - F(t) seen over *all* steps (<= 0 means F never went up). ``eta`` is the
    step size: a float, or a read-only array with one step per start.
    """

    eta: float | NDArray[np.float64]
    tau: float
    steps: int
    record_every: int
    thetas: NDArray[np.float64]
    losses: NDArray[np.float64]
    max_increase: NDArray[np.float64]


def _starts(theta0: ArrayLike) -> NDArray[np.float64]:
    t = np.asarray(theta0, dtype=np.float64)
    if t.ndim == 1:
        t = t[None, :]
    if t.ndim != 2 or t.shape[1] != 2:
        raise ValueError(f"theta0 must have shape (2,) or (n, 2), got {np.shape(theta0)}")
    if not np.all(np.isfinite(t)):
        raise ValueError("theta0 must be finite (no NaN or inf)")
    return t.copy()


def _step_sizes(eta: float | ArrayLike, n: int) -> float | NDArray[np.float64]:
    """A positive finite step size, or one per start (shape (n,)), read-only."""
    if np.ndim(eta) == 0:
        value = _check_real(eta.item() if isinstance(eta, np.ndarray) else eta, "eta")
        if value <= 0:
            raise ValueError(f"eta must be > 0, got {value}")
        return value
    arr = np.asarray(eta)
    if arr.dtype == bool or not (
        np.issubdtype(arr.dtype, np.floating) or np.issubdtype(arr.dtype, np.integer)
    ):
        raise TypeError(f"eta must be real-valued, got dtype {arr.dtype}")
    if arr.shape != (n,):
        raise ValueError(
            f"eta must be a scalar or have shape ({n},) (one per start), got {arr.shape}"
        )
    arr = arr.astype(np.float64)
    if not np.all(np.isfinite(arr)) or np.any(arr <= 0):
        raise ValueError("eta must be finite and > 0 for every start")
    arr.setflags(write=False)
    return arr


def gradient_descent(
    theta0: ArrayLike,
    *,
    eta: float | ArrayLike,
    steps: int,
    tau: float = 1.0,
    record_every: int = 1,
) -> DescentRun:
    """theta <- theta - eta grad F_tau(theta), vectorised over starts ``theta0`` ((n, 2)).

    ``eta`` is one step size for every start or an array of shape (n,), one per start.
    """
    theta = _starts(theta0)
    eta = _step_sizes(eta, theta.shape[0])
    tau = check_tau(tau)
    steps = _check_positive_int(steps, "steps")
    record_every = _check_positive_int(record_every, "record_every")
    u, v = theta[:, 0].copy(), theta[:, 1].copy()
    f = np.asarray(F(u, v, tau), dtype=np.float64).reshape(-1)
    rec_t, rec_f = [np.stack([u, v], axis=1)], [f.copy()]
    max_inc = np.full(u.shape, -np.inf)
    for k in range(1, steps + 1):
        g1, g2 = grad_F(u, v, tau)
        u = u - eta * np.asarray(g1)
        v = v - eta * np.asarray(g2)
        f_new = np.asarray(F(u, v, tau), dtype=np.float64).reshape(-1)
        max_inc = np.maximum(max_inc, f_new - f)
        f = f_new
        if k % record_every == 0 or k == steps:
            rec_t.append(np.stack([u, v], axis=1))
            rec_f.append(f.copy())
    return DescentRun(
        eta=eta,
        tau=tau,
        steps=steps,
        record_every=record_every,
        thetas=np.stack(rec_t),
        losses=np.stack(rec_f),
        max_increase=max_inc,
    )


TRAP_A0 = Fraction(1, 10)
TRAP_B0 = Fraction(1)
"""The certified trap of the stall basin: {theta1 >= ln(1/TRAP_A0), theta2 <= 2 theta1 +
ln(TRAP_B0)} = {theta1 >= ln 10, theta2 <= 2 theta1}."""

STALL, ESCAPE, UNDECIDED = 0, 1, 2


def classify(
    theta: NDArray[np.float64], loss: NDArray[np.float64], tau: float = 1.0
) -> NDArray[np.int8]:
    """Label end points of gradient descent: STALL (0), ESCAPE (1) or UNDECIDED (2).

    STALL (proved): theta / tau lies in the trap {theta1 >= ln 10, theta2 <= 2 theta1}. There
    ``certify_box("trap", 1/10, 1)`` and :func:`certify_dtheta2` give dF/dtheta2 < 0 and
    dF/dtheta2 - 2 dF/dtheta1 > 0, hence dF/dtheta1 < 0: for *any* step size theta1 grows,
    theta2 grows and 2 theta1 - theta2 does not shrink, so the trap is forward invariant;
    theta1 cannot stay bounded (on a bounded part of the trap -dF/dtheta1 has a positive
    minimum), so theta1 -> inf with 3 theta1 - theta2 >= theta1, and F -> 1/6.

    ESCAPE (numerical): F < 1/6 - 0.01. For step sizes below 2/L, with L ~ 0.29 the largest
    Hessian norm of F found on a grid, every step decreases F, so such a run cannot return to
    1/6; :class:`BasinMap` also records that F never rose along the computed steps.
    """
    theta = np.asarray(theta, dtype=np.float64)
    loss = np.asarray(loss, dtype=np.float64)
    if theta.ndim < 1 or theta.shape[-1] != 2:
        raise ValueError(f"theta must have shape (..., 2), got {theta.shape}")
    if loss.shape != theta.shape[:-1]:
        raise ValueError(
            f"loss must have shape {theta.shape[:-1]} (one value per point of theta), "
            f"got {loss.shape}"
        )
    if not np.all(np.isfinite(theta)):
        raise ValueError("theta must be finite (no NaN or inf)")
    if not np.all(np.isfinite(loss)):
        raise ValueError("loss must be finite (no NaN or inf)")
    tau = check_tau(tau)
    u, v = theta[..., 0] / tau, theta[..., 1] / tau
    in_trap = (u >= _ceil_log(1 / TRAP_A0)) & (v <= 2 * u + math.log(float(TRAP_B0)))
    escaped = loss < float(STALL_VALUE) - 0.01
    return np.where(in_trap, STALL, np.where(escaped, ESCAPE, UNDECIDED)).astype(np.int8)


def stall_boundary(
    r: ArrayLike, *, eta: float = 1.0, steps: int = 3000, tol: float = 1e-6
) -> NDArray[np.float64]:
    """On each ray theta2 = r theta1 (0 < r < 1), the start theta1 beyond which gradient
    descent stalls: bisection on [0.01, 2] with :func:`classify` (numerical: raises if a run
    ends UNDECIDED, and assumes one change of fate on the segment, as the basin maps show)."""
    rr = np.asarray(r, dtype=np.float64).ravel()
    if rr.size == 0 or not np.all((rr > 0) & (rr < 1)):
        raise ValueError("r must be a non-empty array of values in (0, 1)")
    tol = _check_real(tol, "tol")
    if tol <= 0:
        raise ValueError(f"tol must be > 0, got {tol}")
    lo, hi = np.full(rr.size, 0.01), np.full(rr.size, 2.0)
    for t, want in ((lo, ESCAPE), (hi, STALL)):
        run = gradient_descent(np.c_[t, rr * t], eta=eta, steps=steps, record_every=steps)
        if np.any(classify(run.thetas[-1], run.losses[-1]) != want):
            raise ValueError("the segment theta1 in [0.01, 2] does not bracket the boundary")
    while np.max(hi - lo) > tol:
        mid = (lo + hi) / 2
        run = gradient_descent(np.c_[mid, rr * mid], eta=eta, steps=steps, record_every=steps)
        labels = classify(run.thetas[-1], run.losses[-1])
        if np.any(labels == UNDECIDED):
            raise ValueError("a run ended undecided; increase steps")
        hi = np.where(labels == STALL, mid, hi)
        lo = np.where(labels == STALL, lo, mid)
    return (lo + hi) / 2


@dataclass(frozen=True)
class BasinMap:
    """Fate of gradient descent from every start of a grid.

    ``labels[i, j]`` is the fate of the start (theta1_grid[j], theta2_grid[i]): 0 stall
    (certified), 1 escape towards F -> 0, 2 undecided after ``steps`` steps. ``shares`` maps
    the three names to the fraction of starts (a read-only mapping); ``monotone`` is True
    when F never increased along any run (so an escaped run can never come back to 1/6).
    """

    theta1_grid: NDArray[np.float64]
    theta2_grid: NDArray[np.float64]
    labels: NDArray[np.int8]
    final_theta: NDArray[np.float64]
    final_loss: NDArray[np.float64]
    eta: float
    steps: int
    tau: float
    shares: Mapping[str, float]
    monotone: bool


def basin_map(
    theta1_range: tuple[float, float] = (-4.0, 8.0),
    theta2_range: tuple[float, float] = (-4.0, 20.0),
    n: int = 41,
    *,
    eta: float = 1.0,
    steps: int = 3000,
    tau: float = 1.0,
) -> BasinMap:
    """Run gradient descent from an n x n grid of starts and label each start's fate."""
    n = _check_positive_int(n, "n")
    g1 = np.linspace(*theta1_range, n)
    g2 = np.linspace(*theta2_range, n)
    uu, vv = np.meshgrid(g1, g2)
    run = gradient_descent(
        np.stack([uu.ravel(), vv.ravel()], axis=1),
        eta=eta,
        steps=steps,
        tau=tau,
        record_every=steps,
    )
    end, loss = run.thetas[-1], run.losses[-1]
    labels = classify(end, loss, tau).reshape(n, n)
    names = ("stall", "escape", "undecided")
    shares = MappingProxyType({name: float(np.mean(labels == k)) for k, name in enumerate(names)})
    return BasinMap(
        theta1_grid=g1,
        theta2_grid=g2,
        labels=labels,
        final_theta=end.reshape(n, n, 2),
        final_loss=loss.reshape(n, n),
        eta=float(eta),
        steps=steps,
        tau=float(tau),
        shares=shares,
        monotone=bool(np.all(run.max_increase <= 1e-15)),
    )


@dataclass(frozen=True)
class TauSweep:
    """Basin shares of a fixed grid of starts for several temperatures tau.

    ``stall_share[k]``, ``escape_share[k]``, ``undecided_share[k]`` belong to ``taus[k]``;
    ``stalled_loss[k]`` is the median final F of the stalled runs (NaN if none) and
    ``stall_gap[k]`` the largest |F - 1/6| * e^(theta1/tau) among them (the certified bound
    |F - 1/6| <= e^-theta1/tau makes it <= 1).
    """

    taus: NDArray[np.float64]
    stall_share: NDArray[np.float64]
    escape_share: NDArray[np.float64]
    undecided_share: NDArray[np.float64]
    stalled_loss: NDArray[np.float64]
    stall_gap: NDArray[np.float64]


def tau_sweep(
    taus: ArrayLike,
    theta1_range: tuple[float, float] = (-4.0, 8.0),
    theta2_range: tuple[float, float] = (-4.0, 20.0),
    n: int = 21,
    *,
    eta: float = 1.0,
    steps: int = 2000,
    scale_eta: bool = True,
) -> TauSweep:
    """Basin shares of gradient descent on F_tau (S(x / tau)) for each tau of ``taus``.

    Gradient descent on F_tau from theta0 with step eta_tau is exactly gradient descent on F
    from theta0 / tau with step eta_tau / tau^2 (because F_tau(theta) = F(theta / tau)), so all
    temperatures run at once, vectorised. ``scale_eta=True`` uses eta_tau = eta tau^2 (tau
    then only rescales the starts); ``scale_eta=False`` keeps eta_tau = eta for every tau.
    """
    tt = np.asarray(taus, dtype=np.float64).ravel()
    if tt.size == 0 or not np.all(np.isfinite(tt)) or np.any(tt <= 0):
        raise ValueError("taus must be a non-empty array of finite values > 0")
    steps = _check_positive_int(steps, "steps")
    n = _check_positive_int(n, "n")
    eta = _check_real(eta, "eta")
    if eta <= 0:
        raise ValueError(f"eta must be > 0, got {eta}")
    uu, vv = np.meshgrid(np.linspace(*theta1_range, n), np.linspace(*theta2_range, n))
    u0 = (uu.ravel()[None, :] / tt[:, None]).ravel()
    v0 = (vv.ravel()[None, :] / tt[:, None]).ravel()
    eff = eta if scale_eta else eta / tt**2
    eta_all = np.broadcast_to(np.asarray(eff, dtype=np.float64)[..., None], (tt.size, n * n))
    run = gradient_descent(np.c_[u0, v0], eta=eta_all.ravel(), steps=steps, record_every=steps)
    end, f = run.thetas[-1], run.losses[-1]
    u = end[:, 0]
    labels = classify(end, f).reshape(tt.size, n * n)
    f = f.reshape(tt.size, n * n)
    u = u.reshape(tt.size, n * n)
    stall_loss = np.full(tt.size, np.nan)
    gap = np.full(tt.size, np.nan)
    for k in range(tt.size):
        stalled = labels[k] == STALL
        if stalled.any():
            stall_loss[k] = float(np.median(f[k, stalled]))
            gap[k] = float(
                np.max(np.abs(f[k, stalled] - 1.0 / 6.0) * np.exp(np.minimum(u[k, stalled], 700)))
            )
    return TauSweep(
        taus=tt,
        stall_share=np.mean(labels == STALL, axis=1),
        escape_share=np.mean(labels == ESCAPE, axis=1),
        undecided_share=np.mean(labels == UNDECIDED, axis=1),
        stalled_loss=stall_loss,
        stall_gap=gap,
    )


@dataclass(frozen=True)
class ErrorDrivenPath:
    """Proposition 1's algorithm on the three points: theta += sum_ij L_ij (f_i - f_j), eq. (2).

    ``thetas[t]`` is theta^(t) and ``losses[t]`` the AP-loss (eq. 17) there, both exact,
    ``steps`` the number of updates made and ``converged`` whether the last theta makes no
    error (every L_ij = 0).
    """

    thetas: tuple[tuple[Fraction, Fraction], ...]
    losses: tuple[Fraction, ...]
    steps: int
    converged: bool
    at_zero: float


def _primary_terms_exact(
    theta: tuple[Fraction, Fraction], at_zero: Fraction
) -> list[list[Fraction]]:
    """L_ij of eq. (3) with exact fractions for the three points."""
    s = [f1 * theta[0] + f2 * theta[1] for f1, f2 in FEATURES.astype(int).tolist()]

    def h(xv: Fraction) -> Fraction:
        return Fraction(1) if xv > 0 else Fraction(0) if xv < 0 else at_zero

    pos = [k for k in range(3) if POSITIVE[k]]
    neg = [k for k in range(3) if not POSITIVE[k]]
    out = []
    for i in pos:
        rank = 1 + sum(h(s[k] - s[i]) for k in range(3) if k != i)
        out.append([h(s[j] - s[i]) / rank for j in neg])
    return out


def _exact_start(theta0: tuple[float, float]) -> tuple[Fraction, Fraction]:
    """theta0 as two exact fractions; raises if it is not a pair of finite reals."""
    if isinstance(theta0, str | bytes) or np.ndim(theta0) != 1 or len(theta0) != 2:
        raise ValueError(f"theta0 must be a pair (theta1, theta2), got {theta0!r}")
    out = []
    for value in theta0:
        if isinstance(value, Fraction):
            out.append(value)
            continue
        if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
            raise TypeError(f"theta0 must hold real numbers, got {type(value).__name__}")
        if not math.isfinite(float(value)):
            raise ValueError(f"theta0 must be finite (no NaN or inf), got {theta0!r}")
        out.append(Fraction(value))
    return out[0], out[1]


def error_driven(
    theta0: tuple[float, float] = (0.0, 0.0), *, at_zero: float = 1.0, max_steps: int = 1000
) -> ErrorDrivenPath:
    """Run eq. (2) from ``theta0`` in exact arithmetic until no pair errs or ``max_steps``.

    ``at_zero`` is H(0); with H(0) = 0 the start theta = 0 makes no "error" and the algorithm
    stops at once, which is why Proposition 1 needs H(0) > 0 (ranking's default is 1).
    Losses are exact AP-losses (eq. 17) with the same H(0).
    """
    at_zero_f = Fraction(check_at_zero(at_zero))
    max_steps = _check_positive_int(max_steps, "max_steps")
    theta = _exact_start(theta0)
    feats = [tuple(Fraction(int(c)) for c in row) for row in FEATURES]
    pos = [k for k in range(3) if POSITIVE[k]]
    neg = [k for k in range(3) if not POSITIVE[k]]
    thetas, losses = [theta], []
    steps = 0
    while True:
        terms = _primary_terms_exact(theta, at_zero_f)
        losses.append(sum((t for row in terms for t in row), Fraction(0)) / len(pos))
        if all(t == 0 for row in terms for t in row) or steps >= max_steps:
            break
        d1, d2 = Fraction(0), Fraction(0)
        for a, i in enumerate(pos):
            for b, j in enumerate(neg):
                d1 += terms[a][b] * (feats[i][0] - feats[j][0])
                d2 += terms[a][b] * (feats[i][1] - feats[j][1])
        theta = (theta[0] + d1, theta[1] + d2)
        thetas.append(theta)
        steps += 1
    converged = all(t == 0 for row in _primary_terms_exact(theta, at_zero_f) for t in row)
    return ErrorDrivenPath(
        thetas=tuple(thetas),
        losses=tuple(losses),
        steps=steps,
        converged=converged,
        at_zero=float(at_zero_f),
    )
