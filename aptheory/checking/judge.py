"""How one example of a claim is judged, shared by the random search and the exhaustive pass.

A claim's check returns ``(lhs, rhs)``; :func:`violates` decides whether the pair breaks the
claim (exactly for an exact claim, with the claim's relative tolerance otherwise), and a
:class:`Tightness` accumulates the largest lhs / rhs and the largest gap over the examples
that were checked. :mod:`aptheory.checking.search` and :mod:`aptheory.checking.exhaustive`
both judge through these functions, so an example means the same in either pass.

Examples
--------
>>> from fractions import Fraction
>>> opts = judge_options(kind="le", exact=True, tolerance=0.0)
>>> violates(Fraction(1, 2), 1, **opts), violates(Fraction(3, 2), 1, **opts)
(False, True)
>>> t = Tightness()
>>> t.add(Fraction(1, 2), 1, "le"); t.add(3, 4, "le")
>>> t.ratio, t.gap
(0.75, -0.5)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, TypedDict

from aptheory.checking.claim import ClaimKind

__all__ = ["JudgeOptions", "Tightness", "judge_options", "lhs_rhs_gap", "lhs_rhs_ratio", "violates"]


class JudgeOptions(TypedDict):
    """The keyword arguments of :func:`violates`: the claim's kind, exactness and tolerance."""

    kind: ClaimKind
    exact: bool
    tolerance: float


def judge_options(*, kind: ClaimKind, exact: bool, tolerance: float) -> JudgeOptions:
    """The options of :func:`violates` for a claim (``Claim.kind``, ``.exact``, ``.tolerance``)."""
    return {"kind": kind, "exact": exact, "tolerance": tolerance}


def violates(lhs: Any, rhs: Any, *, kind: ClaimKind, exact: bool, tolerance: float) -> bool:
    """Whether ``(lhs, rhs)`` breaks ``lhs <= rhs`` (kind ``le``) or ``lhs == rhs`` (``eq``).

    Exact claims compare ints and Fractions exactly (anything else is a ``TypeError``: a
    float would let rounding decide). Others compare as floats with the slack
    ``tolerance * max(1, |lhs|, |rhs|)``; a NaN or infinite side is always a violation.
    """
    if exact:
        for side in (lhs, rhs):
            if not isinstance(side, int | Fraction) or isinstance(side, bool):
                raise TypeError(f"an exact claim must return int or Fraction, got {side!r}")
        return lhs != rhs if kind == "eq" else lhs > rhs
    lhs_f, rhs_f = float(lhs), float(rhs)
    if not (math.isfinite(lhs_f) and math.isfinite(rhs_f)):
        return True  # a NaN or inf is never silently accepted
    slack = tolerance * max(1.0, abs(lhs_f), abs(rhs_f))
    if kind == "eq":
        return abs(lhs_f - rhs_f) > slack
    return lhs_f > rhs_f + slack


def lhs_rhs_ratio(lhs: Any, rhs: Any) -> float | None:
    """lhs / rhs as a float, or ``None`` when rhs <= 0 (no ratio to report)."""
    rhs_f = float(rhs)
    if rhs_f <= 0:
        return None
    return float(lhs) / rhs_f


def lhs_rhs_gap(lhs: Any, rhs: Any, kind: ClaimKind) -> float:
    """lhs - rhs for an inequality (<= 0 when it holds), |lhs - rhs| for an identity.

    The difference of two exact sides is taken exactly before it is rounded.
    """
    diff = float(lhs - rhs) if isinstance(lhs, int | Fraction) else float(lhs) - float(rhs)
    return abs(diff) if kind == "eq" else diff


@dataclass
class Tightness:
    """The largest finite lhs / rhs (``ratio``) and gap (``gap``) over the examples added."""

    ratio: float | None = None
    gap: float | None = None

    def add(self, lhs: Any, rhs: Any, kind: ClaimKind) -> None:
        """Take one checked example into account."""
        r = lhs_rhs_ratio(lhs, rhs)
        if r is not None and math.isfinite(r) and (self.ratio is None or r > self.ratio):
            self.ratio = r
        g = lhs_rhs_gap(lhs, rhs, kind)
        if math.isfinite(g) and (self.gap is None or g > self.gap):
            self.gap = g
