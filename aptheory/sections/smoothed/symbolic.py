"""Symbolic derivations of Section 2 (sympy): eq. (14) from eq. (11), and the signs of (15).

- :func:`smoothed_ap_loss_symbolic` - eq. (11) for symbolic scores and any smoothing S;
- :func:`derive_symbolic` - eq. (11) applied to eq. (13) equals the printed eq. (14) for any
  S, the closed-form gradient of :func:`~aptheory.sections.smoothed.numerics.grad_F` is
  sympy's derivative, and F_tau(theta) = F(theta / tau) (:class:`SymbolicF`);
- :func:`gradient_polynomials` - with X = e^theta1, Y = e^theta2, F is a rational function
  and every inequality of (15) is the sign of one polynomial (:class:`GradientPolynomials`),
  written also in a = e^-theta1, b = e^(theta2 - 2 theta1), where the certificates of
  :mod:`aptheory.sections.smoothed.certificates` read it.

All identities are decided by exact rational-function arithmetic (``sympy.cancel``).
:func:`gradient_polynomials` takes about a second: compute it once and pass it to the
functions that accept ``polynomials=``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import sympy as sp
from numpy.typing import ArrayLike

from aptheory.core.validation import check_labels
from aptheory.sections.smoothed.numerics import FEATURES, POSITIVE

__all__ = [
    "GradientPolynomials",
    "SymbolicF",
    "derive_symbolic",
    "ensure_polynomials",
    "gradient_polynomials",
    "smoothed_ap_loss_symbolic",
]


def smoothed_ap_loss_symbolic(
    score_exprs: list[sp.Expr], positive: ArrayLike, step: Callable[[sp.Expr], sp.Expr]
) -> sp.Expr:
    """Eq. (11) for symbolic scores: (1/|P|) sum_i sum_j S(x_ij) / (1 + sum_{k != i} S(x_ik)).

    ``step`` is the smoothing S (a sympy function or any callable); x_ij = s_j - s_i; the
    denominator runs over every other box, positive or negative.
    """
    if not callable(step):
        raise TypeError(f"step must be callable, got {type(step).__name__}")
    pos = [bool(b) for b in check_labels(positive).tolist()]
    if np.ndim(positive) != 1 or len(pos) != len(score_exprs):
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
    ``gradient_matches`` records that they equal the closed forms of
    :func:`~aptheory.sections.smoothed.numerics.grad_F`;
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


def _is_zero_rational(expr: sp.Expr) -> bool:
    """Whether a rational function of X, Y > 0 is identically 0: written as one fraction
    N / D (D a product of positive factors), it is 0 iff N expands to the zero polynomial.
    Exact, and cheaper than ``sympy.cancel`` (no polynomial gcd)."""
    numerator, _ = sp.fraction(sp.together(expr))
    return sp.expand(numerator) == 0


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
        _is_zero_rational(_exp_to_xy(sp.together(lhs - rhs / 2), t1, t2, x, y))
        for lhs, rhs in ((d1, dd1), (d2, dd2))
    )
    tau = sp.symbols("tau", positive=True)
    with_tau = smoothed_ap_loss_symbolic(score_exprs, POSITIVE, lambda z: s_fn(z / tau))
    tau_scaling = sp.cancel(sp.together(with_tau - general.subs({t1: t1 / tau, t2: t2 / tau}))) == 0
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


# ------------------------------------------------------------------ sign polynomials of (15)


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
      under gradient descent: the stall basin's invariant, see
      :func:`aptheory.sections.smoothed.certificates.certify_box`).

    ``*_ab`` are the same polynomials in a = e^-theta1 = 1/X and b = e^(theta2 - 2 theta1)
    = Y / X^2 after dividing by the positive power X^D (so they have the same sign), as
    read-only ``{(i, j): coefficient}`` mappings for the monomial a^i b^j. ``verified`` records that
    ``left / (2 D_A^2 D_B^2)`` equals Y dF/dY - X dF/dX of the rational F (exact cancel).
    """

    x: sp.Symbol
    y: sp.Symbol
    rational: sp.Expr
    denominator: sp.Expr
    left: sp.Poly
    right: sp.Poly
    trap: sp.Poly
    left_ab: Mapping[tuple[int, int], int]
    right_ab: Mapping[tuple[int, int], int]
    trap_ab: Mapping[tuple[int, int], int]
    verified: bool


def _to_ab(poly: sp.Poly) -> Mapping[tuple[int, int], int]:
    """X^i Y^j = X^(i + 2j) b^j = X^D a^(D - i - 2j) b^j with D = max(i + 2j)."""
    terms = poly.terms()
    big_d = max(i + 2 * j for (i, j), _ in terms)
    return MappingProxyType({(big_d - i - 2 * j, j): int(c) for (i, j), c in terms})


def gradient_polynomials() -> GradientPolynomials:
    """The sign polynomials of (15) from eq. (14), by exact sympy polynomial arithmetic."""
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


def ensure_polynomials(polynomials: GradientPolynomials | None) -> GradientPolynomials:
    """``polynomials`` if given (checked to be :class:`GradientPolynomials`), else built now.

    The functions that read the sign polynomials of (15) accept them as an optional
    ``polynomials=`` argument, so a caller that needs several of them builds them once.
    """
    if polynomials is None:
        return gradient_polynomials()
    if not isinstance(polynomials, GradientPolynomials):
        raise TypeError(
            f"polynomials must be GradientPolynomials or None, got {type(polynomials).__name__}"
        )
    return polynomials
