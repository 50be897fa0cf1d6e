"""The suprema of lhs / rhs of the inequality claims of Section 2, derived (eqs. (14), (15)).

The audit records the largest lhs / rhs its search found (the tightness); each function here
gives the true supremum over the claim's region, with its proof, so that a search result can
be compared with it:

| claim | supremum | function |
|---|---|---|
| eq14-lower-bound | 1, not attained | :func:`lower_bound_supremum` |
| eq14-upper-bound | 1, not attained | :func:`upper_bound_supremum` |
| eq15-stall-value | 1, not attained | :func:`stall_supremum` |
| eq15-chain-right | 1, not attained | :func:`chain_right_supremum` |
| eq15-chain-left | 0.98894 (numerical) | :func:`chain_left_supremum` |

:func:`known_suprema` returns them all. eq12-sigmoid-stable has no derivable supremum (it is
a floating-point error ratio).
"""

from __future__ import annotations

from fractions import Fraction

import mpmath

from aptheory.checking.claim import KnownSupremum
from aptheory.core.validation import check_int, check_real
from aptheory.sections.smoothed.certificates import ceil_log
from aptheory.sections.smoothed.numerics import grad_F_mp

__all__ = [
    "Supremum",
    "chain_left_supremum",
    "chain_right_supremum",
    "known_suprema",
    "lower_bound_supremum",
    "stall_supremum",
    "upper_bound_supremum",
]


Supremum = KnownSupremum
"""The supremum of lhs / rhs of one inequality claim over its region (the checking layer's
:class:`~aptheory.checking.claim.KnownSupremum`, by its name of version 0.2): ``value`` is
exact (a Fraction) when ``proved``, else a float computed as ``reason`` says; ``attained``
says whether some point of the region reaches it; ``where`` where it is reached or approached.
"""


def lower_bound_supremum() -> Supremum:
    """eq14-lower-bound: sup (S(-theta1) + S(3 theta1 - theta2)) / (6 F) = 1, not attained.

    Proof. With p = S(-theta1), q = S(theta2 - 4 theta1), r1 = S(3 theta1 - theta2),
    r2 = S(4 theta1 - theta2) and F = (p / (1 + p + q) + r1 / (1 + r1 + r2)) / 2, each
    denominator is < 3, so the ratio (p + r1) / (6F) is < 1 everywhere (also
    :func:`~aptheory.sections.smoothed.bounds.prove_eq14_bound`). Let theta1 -> -inf with
    theta2 - 3 theta1 -> inf: p, q -> 1 and r1 -> 0, so 6F = 3p / (1 + p + q) + O(r1) ->
    1 and (p + r1) -> 1: the ratio tends to 1. On theta2 = 0, with X = e^theta1 -> 0,
    p = 1 - X + O(X^2), q = 1 - X^4 + ..., r1 = X^3 + ..., so 6F = 1 - 2X/3 + O(X^2) and
    1 - ratio = X/3 + O(X^2).
    """
    return Supremum(
        "eq14-lower-bound",
        Fraction(1),
        attained=False,
        proved=True,
        where="theta1 -> -inf with theta2 - 3 theta1 -> inf (on theta2 = 0: 1 - ratio ~ "
        "e^theta1 / 3)",
        reason="both denominators of eq. (14) are < 3; the first tends to 3 while the "
        "second term vanishes",
    )


def upper_bound_supremum() -> Supremum:
    """eq14-upper-bound: sup F / ((S(-theta1) + S(3 theta1 - theta2)) / 3) = 1, not attained.

    Proof. :func:`~aptheory.sections.smoothed.bounds.prove_eq14_bound` ("upper", 1/3) shows
    the ratio is < 1 on the whole plane. On theta2 = 4 theta1, q = r2 = S(0) = 1/2 and
    r1 = S(-theta1) = p, so both denominators are 3/2 + p, F = p / (3/2 + p) and the bound is
    2p/3: the ratio is 3 / (3 + 2p) = 1 - (2/3) e^-theta1 + O(e^-2 theta1) -> 1 as
    theta1 -> inf.
    """
    return Supremum(
        "eq14-upper-bound",
        Fraction(1),
        attained=False,
        proved=True,
        where="theta2 = 4 theta1, theta1 -> inf: ratio = 3 / (3 + 2 S(-theta1)) exactly",
        reason="prove_eq14_bound('upper', 1/3) gives ratio < 1 everywhere; on theta2 = "
        "4 theta1 the ratio is 3 / (3 + 2 S(-theta1)) -> 1",
    )


def stall_supremum() -> Supremum:
    """eq15-stall-value: sup |F - 1/6| e^theta1 / (1/2) = 1 on {theta1 >= 0, theta2 <= theta1}.

    Proof. :func:`~aptheory.sections.smoothed.bounds.prove_stall_gap` gives 0 < F - 1/6 <
    e^-theta1 / 2 there, so the ratio is < 1. With X = e^theta1 and Y = e^theta2 <= X:
    p / (1 + p + q) = 1 / (X + 2 + q (1 + X)) with q <= X^-3, which is 1/X + O(X^-2); r1 and
    r2 are 1 - O(X^-2), so r1 / (1 + r1 + r2) = 1/3 + O(X^-2). Hence F - 1/6 = 1/(2X) +
    O(X^-2) and the ratio is 1 + O(e^-theta1) -> 1 as theta1 -> inf, uniformly in theta2.
    """
    return Supremum(
        "eq15-stall-value",
        Fraction(1),
        attained=False,
        proved=True,
        where="theta1 -> inf, any theta2 <= theta1 (F - 1/6 = e^-theta1 / 2 + O(e^-2 theta1))",
        reason="prove_stall_gap(1/2): 0 < F - 1/6 < e^-theta1 / 2; the first-order term is "
        "exactly e^-theta1 / 2",
    )


def chain_right_supremum() -> Supremum:
    """eq15-chain-right: sup (positive part / negative part of dF/dtheta2) = 1, approached.

    Proof. The ratio is < 1 exactly where dF/dtheta2 < 0, which
    :func:`~aptheory.sections.smoothed.certificates.certify_dtheta2_sturm` proves on
    theta1 >= ln(x0) > theta1*. At (theta1*, theta2*) (:func:`~aptheory.sections.smoothed.
    certificates.right_threshold`) R(X*, Y*) = 0, i.e. the ratio equals 1, and the ratio is
    continuous; the region's float edge T_RIGHT lies within one ulp (4.4e-16) of theta1*, so
    the supremum over the checked region is 1 - O(1e-16): 1 to float precision.
    """
    return Supremum(
        "eq15-chain-right",
        Fraction(1),
        attained=False,
        proved=True,
        where="(theta1*, theta2*) ~ (-3.8988468111, -14.8874241798), the edge of the region",
        reason="dF/dtheta2 = 0 at the double root Y* of R(X*, .), and dF/dtheta2 < 0 on "
        "theta1 > theta1*",
    )


def chain_left_supremum(theta1: float | None = None, *, dps: int = 30) -> Supremum:
    """eq15-chain-left: sup dF/dtheta2 / dF/dtheta1 on {theta1 >= T, 0 < theta2 < theta1}.

    Numerical, not proved: on a grid of [T, 30] x (0, 1) in (theta1, r = theta2 / theta1)
    the ratio grows with r and falls with theta1, so the supremum is its value at the corner
    theta1 = theta2 = T, computed here with :func:`~aptheory.sections.smoothed.numerics.
    grad_F_mp` at ``dps`` digits. ``theta1`` is T (default ceil_log(1000/379), the claim's
    T_CONE).
    """
    t = ceil_log(Fraction(1000, 379)) if theta1 is None else check_real(theta1, "theta1")
    dps = check_int(dps, "dps", 15)
    g1, g2 = grad_F_mp(t, t, dps=dps)
    with mpmath.workdps(dps):
        value = float(g2 / g1)
    return Supremum(
        "eq15-chain-left",
        value,
        attained=False,
        proved=False,
        where=f"the corner theta1 = theta2 = {t:.6g} (not in the open region theta2 < theta1)",
        reason="grid maximum over [T, 30] x (0, 1) at the corner; not proved",
    )


def known_suprema() -> tuple[Supremum, ...]:
    """Every supremum of this module, one per inequality claim of Section 2 that has one."""
    return (
        lower_bound_supremum(),
        upper_bound_supremum(),
        stall_supremum(),
        chain_right_supremum(),
        chain_left_supremum(),
    )
