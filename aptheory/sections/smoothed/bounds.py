"""Exact proofs of the bounds of eq. (14) and of the stall value 1/6 of Section 2, on whole regions.

With X = e^theta1 and Y = e^theta2 the four sigmoids of eq. (14) are rational functions,
S(-theta1) = 1/(1 + X), S(theta2 - 4 theta1) = Y/(X^4 + Y), S(3 theta1 - theta2) =
X^3/(X^3 + Y), S(4 theta1 - theta2) = X^4/(X^4 + Y), so every bound below is the sign of one
polynomial, decided by exact sympy arithmetic (no floats, no sampling):

- :func:`prove_eq14_bound` - c (S(-theta1) + S(3 theta1 - theta2)) against F of eq. (14) on
  the whole plane: F < (.)/3 (``"upper"``, sharp) and F > (.)/6 (``"lower"``, sharp);
- :func:`prove_stall_gap` - 0 < F - 1/6 < c e^-theta1 on {theta1 >= 0, theta2 <= theta1},
  sharp for c = 1/2 (the stall value of eq. (15)).

:func:`rational_F` is F of eq. (14) in X, Y (tests compare it with
:func:`~aptheory.sections.smoothed.numerics.F`).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy as sp

from aptheory.core.exact import as_fraction
from aptheory.core.validation import check_choice

__all__ = ["BoundProof", "prove_eq14_bound", "prove_stall_gap", "rational_F"]


@dataclass(frozen=True)
class BoundProof:
    """An exact proof (or its failure) that a rational function of X, Y is > 0 on a region.

    ``statement`` and ``region`` say what is proved where; ``method`` how. ``blocks`` lists
    the polynomials that must be >= 0 as strings (for reading); ``certified`` is True iff
    the proof went through (then the statement holds on the whole region, strictly).
    """

    statement: str
    region: str
    method: str
    constant: Fraction
    blocks: tuple[str, ...]
    certified: bool


def _symbols() -> tuple[sp.Symbol, sp.Symbol]:
    return sp.symbols("X Y", positive=True)


def _sigmoids(x: sp.Symbol, y: sp.Symbol) -> tuple[sp.Expr, sp.Expr, sp.Expr, sp.Expr]:
    """S(-theta1), S(theta2 - 4 theta1), S(3 theta1 - theta2), S(4 theta1 - theta2) in X, Y."""
    return 1 / (1 + x), y / (x**4 + y), x**3 / (x**3 + y), x**4 / (x**4 + y)


def rational_F(x: sp.Symbol, y: sp.Symbol) -> sp.Expr:
    """F of eq. (14) as a rational function of X = e^theta1, Y = e^theta2.

    F = 1/2 [S(-t1) / (1 + S(-t1) + S(t2 - 4 t1)) + S(3t1 - t2) / (1 + S(4t1 - t2) +
    S(3t1 - t2))] with each S written in X, Y (eq. (12): S(a t1 + b t2) = 1 / (1 + X^-a Y^-b)).
    """
    p, q, r1, r2 = _sigmoids(x, y)
    return sp.Rational(1, 2) * (p / (1 + p + q) + r1 / (1 + r1 + r2))


def _numerator(expr: sp.Expr, x: sp.Symbol, y: sp.Symbol) -> sp.Poly:
    """N with expr = N / D and D a polynomial with positive coefficients (so D > 0)."""
    num, den = sp.fraction(sp.together(expr))
    den_poly = sp.Poly(sp.expand(den), x, y)
    sign = 1 if den_poly.LC() > 0 else -1
    if not all(sign * c > 0 for c in den_poly.coeffs()):  # pragma: no cover - fixed forms
        raise ValueError("the denominator is not a polynomial with positive coefficients")
    return sp.Poly(sp.expand(sign * num), x, y)


def _nonnegative_on_positive_axis(q: sp.Poly) -> tuple[bool, bool]:
    """(q >= 0 on (0, inf), q > 0 on (0, inf)) for a univariate rational polynomial, exactly.

    q keeps its sign between its roots of odd multiplicity; beyond all roots it has the sign
    of its leading coefficient. So q >= 0 on (0, inf) iff LC > 0 and no factor of odd
    multiplicity has a root in (0, inf) (Sturm counts), and q > 0 iff no factor has one.
    """
    if q.is_zero:
        return True, False
    _, factors = q.sqf_list()
    positive_lc = q.LC() > 0

    def roots_inside(f: sp.Poly) -> int:
        return int(f.count_roots(0, None)) - (1 if f.eval(0) == 0 else 0)

    odd = all(roots_inside(f) == 0 for f, m in factors if m % 2 == 1)
    every = all(roots_inside(f) == 0 for f, _ in factors)
    return positive_lc and odd, positive_lc and every


_EQ14 = {
    "upper": ("F < c (S(-theta1) + S(3 theta1 - theta2))", 1),
    "lower": ("c (S(-theta1) + S(3 theta1 - theta2)) < F", -1),
}


def prove_eq14_bound(which: str, c: Any) -> BoundProof:
    """Prove F < c (S(-theta1) + S(3 theta1 - theta2)) (``"upper"``) or > (``"lower"``) of
    eq. (14) for every (theta1, theta2) in R^2, exactly.

    Method: the difference (c (p + r1) - F for ``"upper"``, F - c (p + r1) for ``"lower"``)
    is N(X, Y) / D(X, Y) with D a polynomial with positive coefficients. Substituting
    Y = X^4 w (w = e^(theta2 - 4 theta1) > 0; (X, w) ranges over (0, inf)^2 as theta does
    over R^2) and grouping N = sum_k X^k q_k(w), the proof requires every q_k >= 0 on
    (0, inf) and one q_k > 0 there (exact: square-free factorisation and Sturm counts).

    For c = 1/3 (upper) the top block is q_17(w) = w (1 - w)^2 (1 + w) >= 0, zero only at
    w = 1, and the next one q_16 = 3 + 5w + 8w^2 + 5w^3 + 3w^4 > 0: F < (p + r1) / 3
    everywhere, and 1/3 is sharp (on w = 1, theta2 = 4 theta1, the ratio tends to 1; see
    :func:`~aptheory.sections.smoothed.tightness.upper_bound_supremum`). For c = 1/6 (lower)
    every coefficient of N is > 0. For c < 1/3 (upper) or c > 1/6 (lower) the bound is false
    and the proof fails.
    """
    which = check_choice(which, "which", tuple(_EQ14))
    c = as_fraction(c, "c")
    if c <= 0:
        raise ValueError(f"c must be > 0, got {c}")
    x, y = _symbols()
    w = sp.Symbol("w", positive=True)
    p, _, r1, _ = _sigmoids(x, y)
    text, sign = _EQ14[which]
    diff = sign * (sp.Rational(c.numerator, c.denominator) * (p + r1) - rational_F(x, y))
    num = _numerator(diff, x, y)
    in_xw = sp.Poly(sp.expand(num.as_expr().subs(y, x**4 * w)), x)
    blocks = [sp.Poly(coef, w) for coef in in_xw.all_coeffs() if coef != 0]
    signs = [_nonnegative_on_positive_axis(b) for b in blocks]
    certified = all(nonneg for nonneg, _ in signs) and any(pos for _, pos in signs)
    return BoundProof(
        statement=text.replace("c ", f"({c}) ", 1),
        region="every (theta1, theta2) in R^2",
        method="numerator in X = e^theta1, w = e^(theta2 - 4 theta1): every X^k-coefficient "
        "q_k(w) >= 0 on w > 0, one > 0 (square-free factorisation, Sturm counts)",
        constant=c,
        blocks=tuple(str(sp.factor(b.as_expr())) for b in blocks),
        certified=bool(certified),
    )


def _all_positive(poly: sp.Poly) -> bool:
    """Non-negative coefficients and a positive constant term: > 0 on [0, inf)^n."""
    return all(c >= 0 for c in poly.coeffs()) and poly.coeff_monomial(1) > 0


def prove_stall_gap(c: Any = Fraction(1, 2)) -> BoundProof:
    """Prove 0 < F - 1/6 < c e^-theta1 (eq. 14, the stall value of eq. 15) on
    {theta1 >= 0, theta2 <= theta1}, exactly.

    Method. Lower side: with X = 1 + s, Y = X / (1 + k) (s, k >= 0 is exactly the region),
    the numerator of F - 1/6 times (1 + k)^3 has non-negative coefficients in (s, k) and a
    positive constant. Upper side: the numerator of c/X - (F - 1/6) over a positive
    denominator; for c = 1/2 all its coefficients in X, Y are > 0, so F - 1/6 < e^-theta1 / 2
    holds on the whole plane. c = 1/2 is sharp: F - 1/6 = e^-theta1 / 2 + O(e^-2 theta1) on
    the region (:func:`~aptheory.sections.smoothed.tightness.stall_supremum`); for c < 1/2 the
    bound is false and the proof fails.
    """
    c = as_fraction(c, "c")
    if c <= 0:
        raise ValueError(f"c must be > 0, got {c}")
    x, y = _symbols()
    s, k = sp.symbols("s k", nonnegative=True)
    gap = rational_F(x, y) - sp.Rational(1, 6)
    lower_num = _numerator(gap, x, y).as_expr()
    lower = sp.together(lower_num.subs(y, x / (1 + k)).subs(x, 1 + s))
    lower_n, lower_d = sp.fraction(lower)
    lower_poly = sp.Poly(sp.expand(lower_n), s, k)
    lower_ok = _all_positive(lower_poly) and _all_positive(sp.Poly(sp.expand(lower_d), s, k))
    upper_num = _numerator(sp.Rational(c.numerator, c.denominator) / x - gap, x, y)
    upper_ok = all(v > 0 for v in upper_num.coeffs())
    return BoundProof(
        statement=f"0 < F - 1/6 < ({c}) e^-theta1",
        region="theta1 >= 0 and theta2 <= theta1 (the upper side: every theta)",
        method="numerators: F - 1/6 in s = X - 1, k = X / Y - 1 with coefficients >= 0; "
        "c/X - (F - 1/6) in X, Y with coefficients > 0",
        constant=c,
        blocks=(str(lower_poly.as_expr()), str(upper_num.as_expr())),
        certified=bool(lower_ok and upper_ok),
    )
