"""Exact rational step functions and the worst-pair selection shared by the claim checks.

The step functions are the exact (``fractions.Fraction``) counterparts of the float
versions in :mod:`aptheory.ranking`; the claim sets of Sections 1 and 3 use them wherever
the mathematics is combinatorial (integer or half-integer scores, delta a power of two), so
those comparisons are exact (``Claim(exact=True)``).

- :func:`heaviside_exact` - H(x) with an explicit tie value H(0) (eq. 3, eq. 17);
- :func:`piecewise_step_exact` - H~(x) of half-width delta (eq. 16, main paper Sec. 3.4.2);
- :func:`piecewise_step_integral_exact` - Q(x), the integral of H~ (eq. 18).

:func:`worst_le` and :func:`worst_eq` pick the worst index of a family of inequalities
``lhs_t <= rhs_t`` or identities ``lhs_t == rhs_t`` (a violation beyond a relative tolerance
first, then the largest ratio, resp. the largest relative gap): the one definition of
"worst step" used by the proof table (:func:`aptheory.separable.proof_lines`) and the
trajectory claims of both sections.
"""

from __future__ import annotations

from fractions import Fraction
from numbers import Rational
from typing import Any

import numpy as np

__all__ = [
    "as_fraction",
    "heaviside_exact",
    "piecewise_step_exact",
    "piecewise_step_integral_exact",
    "worst_eq",
    "worst_le",
]


def as_fraction(value: Any, name: str) -> Fraction:
    """``value`` as an exact Fraction (ints, Fractions, finite floats), or raise naming it."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a real number, got bool")
    if isinstance(value, Rational):
        return Fraction(value)
    if isinstance(value, float | np.floating):
        if not np.isfinite(value):
            raise ValueError(f"{name} must be finite (no NaN or inf), got {value!r}")
        return Fraction(float(value))
    raise TypeError(f"{name} must be a real number, got {type(value).__name__}")


def _tie_value(at_zero: Any) -> Fraction:
    h = as_fraction(at_zero, "at_zero")
    if not 0 <= h <= 1:
        raise ValueError(f"at_zero must lie in [0, 1], got {at_zero!r}")
    return h


def _half_width(delta: Any) -> Fraction:
    d = as_fraction(delta, "delta")
    if d <= 0:
        raise ValueError(f"delta must be finite and > 0, got {delta!r}")
    return d


def heaviside_exact(x: Any, at_zero: Any) -> Fraction:
    """Heaviside step H(x) of eq. (3): 1 for x > 0, 0 for x < 0, ``at_zero`` = H(0) at 0."""
    x = as_fraction(x, "x")
    h = _tie_value(at_zero)
    return Fraction(1) if x > 0 else (Fraction(0) if x < 0 else h)


def piecewise_step_exact(x: Any, delta: Any) -> Fraction:
    """Piecewise step H~(x) of eq. (16): clip(x / (2 delta) + 1/2, 0, 1), exactly."""
    x = as_fraction(x, "x")
    d = _half_width(delta)
    return min(Fraction(1), max(Fraction(0), x / (2 * d) + Fraction(1, 2)))


def piecewise_step_integral_exact(x: Any, delta: Any) -> Fraction:
    """Q(x) of eq. (18), the integral of H~: 0, (x + delta)^2 / (4 delta), x on the pieces."""
    x = as_fraction(x, "x")
    d = _half_width(delta)
    if x < -d:
        return Fraction(0)
    if x > d:
        return x
    return (x + d) ** 2 / (4 * d)


# ------------------------------------------------------------------ worst member of a family


def _pair_arrays(lhs: Any, rhs: Any) -> tuple[np.ndarray, np.ndarray]:
    a = np.atleast_1d(np.asarray(lhs, dtype=np.float64)).ravel()
    b = np.atleast_1d(np.asarray(rhs, dtype=np.float64)).ravel()
    if a.shape != b.shape:
        raise ValueError(f"lhs has {a.size} entries but rhs has {b.size}")
    return a, b


def worst_le(lhs: Any, rhs: Any, tolerance: float) -> tuple[int, bool] | None:
    """The worst index k of a family lhs_t <= rhs_t and whether it is violated.

    A member is violated when lhs_t > rhs_t + tolerance * max(1, |lhs_t|, |rhs_t|) or a side
    is not finite; the most violated member wins. Otherwise the member with the largest
    ratio lhs / rhs among rhs > 0 (or, if no rhs is positive, the largest lhs - rhs).
    Returns ``None`` for an empty family.
    """
    a, b = _pair_arrays(lhs, rhs)
    if a.size == 0:
        return None
    with np.errstate(invalid="ignore"):  # inf - inf is a violation, flagged below
        slack = tolerance * np.maximum(1.0, np.maximum(np.abs(a), np.abs(b)))
        over = a - b - slack
    bad = ~np.isfinite(a) | ~np.isfinite(b) | (over > 0)
    if np.any(bad):
        k = int(np.argmax(np.where(bad, np.where(np.isfinite(over), over, np.inf), -np.inf)))
        return k, True
    pos = b > 0
    if np.any(pos):
        k = int(np.argmax(np.where(pos, a / np.where(pos, b, 1.0), -np.inf)))
    else:
        k = int(np.argmax(a - b))
    return k, False


def worst_eq(lhs: Any, rhs: Any, tolerance: float) -> tuple[int, bool] | None:
    """The index k of a family lhs_t == rhs_t with the largest relative gap, and whether the
    gap |lhs - rhs| / max(1, |lhs|, |rhs|) exceeds ``tolerance`` (non-finite: violated).

    Returns ``None`` for an empty family.
    """
    a, b = _pair_arrays(lhs, rhs)
    if a.size == 0:
        return None
    with np.errstate(invalid="ignore"):
        gap = np.abs(a - b) / np.maximum(1.0, np.maximum(np.abs(a), np.abs(b)))
    gap = np.where(np.isfinite(gap), gap, np.inf)
    k = int(np.argmax(gap))
    return k, bool(gap[k] > tolerance)
