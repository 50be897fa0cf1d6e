"""The suprema of lhs / rhs of the inequality claims of Section 4, derived (eqs. (34), (38)).

| claim | supremum | function |
|---|---|---|
| eq34-ce-logK | 1, attained (all logits equal) | :func:`ce_logk_supremum` |
| eq38-kink-subgradient | 1, attained (H(0) = 0, z < 1) | :func:`kink_subgradient_supremum` |

:func:`known_suprema` returns both. eq33-softmax-stable has no derivable supremum (it is a
floating-point error ratio); the other claims of the section are identities.
The record type is :class:`aptheory.sections.smoothed.tightness.Supremum`.
"""

from __future__ import annotations

from fractions import Fraction

from aptheory.sections.smoothed.tightness import Supremum

__all__ = ["Supremum", "ce_logk_supremum", "kink_subgradient_supremum", "known_suprema"]


def ce_logk_supremum() -> Supremum:
    """eq34-ce-logK: sup (L_ce - (max_k x_k - x_y)) / log K = 1, attained iff all x_k are equal.

    Proof. With m = max_k x_k, eq. (34) is L_ce = log sum_k e^(x_k) - x_y = (m - x_y) +
    log sum_k e^(x_k - m), and every e^(x_k - m) <= 1, so the sum is <= K with equality iff
    x_k = m for every k. Hence the ratio is <= 1, and = 1 exactly at equal logits (any K >= 2,
    any label).
    """
    return Supremum(
        "eq34-ce-logK",
        Fraction(1),
        attained=True,
        proved=True,
        where="all logits equal (any K >= 2, any label y)",
        reason="log sum_k e^(x_k - max) <= log K, with equality iff every x_k = max",
    )


def kink_subgradient_supremum() -> Supremum:
    """eq38-kink-subgradient: sup g_y (z - 1) / max(1 - z, 0) = 1, attained at H(0) = 0.

    Proof. At the kink eq. (38) gives g_y = H(0) - 1. Where the right side is > 0 (z < 1)
    the ratio is (H(0) - 1)(z - 1) / (1 - z) = 1 - H(0), which is <= 1 for H(0) in [0, 1]
    and = 1 iff H(0) = 0 (g_y = -1, the left derivative), for every z < 1. Where z >= 1 the
    right side is 0 and the left side (H(0) - 1)(z - 1) <= 0.
    """
    return Supremum(
        "eq38-kink-subgradient",
        Fraction(1),
        attained=True,
        proved=True,
        where="H(0) = 0 and any z < 1 (the ratio is 1 - H(0))",
        reason="for z < 1 the ratio is exactly 1 - H(0)",
    )


def known_suprema() -> tuple[Supremum, ...]:
    """Every supremum of this module, one per inequality claim of Section 4 that has one."""
    return ce_logk_supremum(), kink_subgradient_supremum()
