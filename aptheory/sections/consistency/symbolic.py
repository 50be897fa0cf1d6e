"""Sympy derivations of Section 4: eq. (35) from eqs. (33)-(34), eq. (38) from eqs. (36)-(37)."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from aptheory.core.validation import check_int

__all__ = ["HingeDerivation", "derive_cross_entropy_gradient", "derive_hinge_gradient"]


def derive_cross_entropy_gradient(k: int) -> bool:
    """Prove eq. (35) for K = ``k`` classes with sympy: d L_ce / d x_i - (L_i - 1[y = i]) == 0
    for every i and every label y (exact simplification of the symbolic difference)."""
    k = check_int(k, "k", 1)
    xs = sp.symbols(f"x1:{k + 1}", real=True)
    denom = sum(sp.exp(v) for v in xs)
    outputs = [sp.exp(v) / denom for v in xs]  # eq. (33)
    for y in range(k):
        loss = -sp.log(outputs[y])  # eq. (34)
        for i in range(k):
            diff = sp.diff(loss, xs[i]) - (outputs[i] - (1 if i == y else 0))
            if sp.simplify(diff) != 0:
                return False
    return True


@dataclass(frozen=True)
class HingeDerivation:
    """The sympy derivation of eq. (38).

    ``off_kink`` records that d L_hinge / d x_i equals 1[y = i](H(x_i - 1) - 1) at
    x_i = 1 + e and x_i = 1 - e for a positive symbol e, for both labels and both outputs;
    ``sympy_kink`` is sympy's own derivative at the kink (it uses Heaviside(0) = 1/2) and
    ``h0_matching_sympy`` the H(0) that makes eq. (38) agree with it; ``right_derivative``
    and ``left_derivative`` are the one-sided derivatives at the kink and
    ``h0_matching_right`` / ``h0_matching_left`` the H(0) that reproduce them.
    """

    off_kink: bool
    sympy_kink: sp.Expr
    h0_matching_sympy: sp.Expr
    right_derivative: sp.Expr
    left_derivative: sp.Expr
    h0_matching_right: sp.Expr
    h0_matching_left: sp.Expr


def derive_hinge_gradient() -> HingeDerivation:
    """Derive eq. (38) from eqs. (36)-(37) with sympy and find the H(0) each notion needs."""
    x1, x2, h0 = sp.symbols("x1 x2 H0", real=True)
    e = sp.Symbol("e", positive=True)
    outs = (x1, x2)
    ok = True
    for y in (0, 1):
        loss = sp.Max(1 - outs[y], 0)  # eq. (37) for label y
        for i in (0, 1):
            d = sp.diff(loss, outs[i])
            target = (sp.Heaviside(outs[i] - 1, h0) - 1) if i == y else sp.S(0)  # eq. (38)
            for point in (1 + e, 1 - e):
                gap = (d - target).subs(outs[i], point)
                ok &= sp.simplify(sp.piecewise_fold(gap.rewrite(sp.Piecewise))) == 0
    loss = sp.Max(1 - x1, 0)
    d = sp.diff(loss, x1)
    kink = sp.simplify(d.subs(x1, 1))
    eq38_at_kink = sp.Heaviside(0, h0) - 1

    def matching_h0(value: sp.Expr) -> sp.Expr:
        return sp.solve(sp.Eq(eq38_at_kink, value), h0)[0]

    right = sp.limit((loss.subs(x1, 1 + e) - loss.subs(x1, 1)) / e, e, 0, "+")
    left = sp.limit((loss.subs(x1, 1) - loss.subs(x1, 1 - e)) / e, e, 0, "+")
    return HingeDerivation(
        off_kink=bool(ok),
        sympy_kink=kink,
        h0_matching_sympy=matching_h0(kink),
        right_derivative=right,
        left_derivative=left,
        h0_matching_right=matching_h0(right),
        h0_matching_left=matching_h0(left),
    )
