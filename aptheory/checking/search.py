"""Searching a claim: run its check, its twin and its unconditioned form with hypothesis.

:func:`run_claim` searches the claim's strategy (derandomised: the same examples on every run
and machine), records the tightness (the largest ``lhs / rhs`` seen with ``rhs > 0``) and the
largest gap, decides the status (``holds``, ``conditional`` or ``fails``, see
:mod:`aptheory.checking.claim`) and keeps the shrunk counterexample; then it searches the twin,
which must be refuted. :class:`ClaimResult` is the outcome and its :meth:`ClaimResult.as_dict`
the audit's JSON row.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from aptheory.checking.claim import Claim, ClaimKind, Status, to_jsonable

PROFILES: dict[str, int] = {"quick": 60, "thorough": 600}

__all__ = ["PROFILES", "ClaimResult", "run_claim"]


@dataclass(frozen=True)
class ClaimResult:
    """Outcome of running one claim; :meth:`as_dict` is the audit's JSON row.

    ``tightness`` is the largest lhs/rhs seen over examples with rhs > 0 (``None`` if there
    were none); ``max_gap`` the largest lhs - rhs (inequalities, <= 0 while holding) or the
    largest |lhs - rhs| (identities).
    """

    id: str
    equation: str
    statement: str
    status: Status
    condition: str | None
    expected: Status
    examples: int
    tightness: float | None
    twin_refuted: bool
    counterexample: Any
    max_gap: float | None = None
    twin_statement: str = ""
    twin_counterexample: Any = None
    note: str = ""
    exact: bool = False
    tolerance: float | None = None

    @property
    def ok(self) -> bool:
        """True when the status is the expected one and the twin was refuted."""
        return self.status == self.expected and self.twin_refuted

    def as_dict(self) -> dict[str, Any]:
        """JSON-serialisable row with the audit keys (and a few extra ones)."""
        return {
            "id": self.id,
            "equation": self.equation,
            "statement": self.statement,
            "status": self.status,
            "condition": self.condition,
            "expected": self.expected,
            "examples": self.examples,
            "tightness": self.tightness,
            "twin_refuted": self.twin_refuted,
            "counterexample": to_jsonable(self.counterexample),
            "max_gap": self.max_gap,
            "twin_statement": self.twin_statement,
            "twin_counterexample": to_jsonable(self.twin_counterexample),
            "exact": self.exact,
            "tolerance": self.tolerance,
            "note": self.note,
        }


# ------------------------------------------------------------------------------ searching


class _Broken(Exception):
    """Raised inside the hypothesis test when an example violates the checked relation."""


@dataclass
class _Search:
    examples: int = 0
    tightness: float | None = None
    max_gap: float | None = None
    counterexample: Any = None
    broken: bool = False
    lhs_rhs: tuple[Any, Any] | None = field(default=None)


def _violates(lhs: Any, rhs: Any, *, kind: ClaimKind, exact: bool, tolerance: float) -> bool:
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


def _ratio(lhs: Any, rhs: Any) -> float | None:
    rhs_f = float(rhs)
    if rhs_f <= 0:
        return None
    return float(lhs) / rhs_f


def _gap(lhs: Any, rhs: Any, kind: ClaimKind) -> float:
    """lhs - rhs for an inequality (<= 0 when it holds), |lhs - rhs| for an identity."""
    diff = float(lhs - rhs) if isinstance(lhs, int | Fraction) else float(lhs) - float(rhs)
    return abs(diff) if kind == "eq" else diff


def _search(
    check: Callable[[Any], tuple[Any, Any]],
    strategy: st.SearchStrategy,
    n: int,
    *,
    kind: ClaimKind,
    exact: bool,
    tolerance: float,
    shrink: bool = True,
) -> _Search:
    """Run ``check`` on ``n`` derandomised examples; keep the max ratio and a shrunk failure."""
    out = _Search()
    phases = [Phase.explicit, Phase.generate] + ([Phase.shrink] if shrink else [])

    @settings(
        max_examples=n,
        derandomize=True,
        database=None,
        deadline=None,
        phases=phases,
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
        print_blob=False,
    )
    @given(strategy)
    def run(example: Any) -> None:
        lhs, rhs = check(example)
        if not out.broken:
            out.examples += 1
        if not out.broken:
            r = _ratio(lhs, rhs)
            if r is not None and math.isfinite(r):
                out.tightness = r if out.tightness is None else max(out.tightness, r)
            gap = _gap(lhs, rhs, kind)
            if math.isfinite(gap):
                out.max_gap = gap if out.max_gap is None else max(out.max_gap, gap)
        if _violates(lhs, rhs, kind=kind, exact=exact, tolerance=tolerance):
            out.broken = True
            out.counterexample = example  # the last one recorded is the shrunk one
            out.lhs_rhs = (lhs, rhs)
            raise _Broken

    try:
        run()
    except _Broken:
        pass
    return out


def _with_sides(example: Any, lhs_rhs: tuple[Any, Any] | None) -> Any:
    if example is None or lhs_rhs is None:
        return example
    return {"example": example, "lhs": lhs_rhs[0], "rhs": lhs_rhs[1]}


def run_claim(claim: Claim, max_examples: int = PROFILES["quick"]) -> ClaimResult:
    """Search ``claim`` (and its twin, and its unconditioned form) and report the outcome."""
    if not isinstance(claim, Claim):
        raise TypeError(f"claim must be a Claim, got {type(claim).__name__}")
    if isinstance(max_examples, bool) or not isinstance(max_examples, int):
        raise TypeError(f"max_examples must be an int, got {type(max_examples).__name__}")
    if max_examples < 1:
        raise ValueError(f"max_examples must be >= 1, got {max_examples}")
    n = max(max_examples, claim.min_examples)
    opts = {"kind": claim.kind, "exact": claim.exact, "tolerance": claim.tolerance}
    main = _search(claim.check, claim.strategy(), n, **opts)
    status: Status
    counterexample = None
    if main.broken:
        status, counterexample = "fails", _with_sides(main.counterexample, main.lhs_rhs)
    elif claim.unconditioned is not None:
        free = _search(claim.check, claim.unconditioned(), n, **opts)
        if free.broken:
            status = "conditional"
            counterexample = _with_sides(free.counterexample, free.lhs_rhs)
        else:
            status = "holds"
    else:
        status = "holds"
    twin = _search(claim.twin, claim.strategy(), n, **opts)
    return ClaimResult(
        id=claim.id,
        equation=claim.equation,
        statement=claim.statement,
        status=status,
        condition=claim.condition,
        expected=claim.expected,
        examples=main.examples,
        tightness=main.tightness,
        max_gap=main.max_gap,
        twin_refuted=twin.broken,
        counterexample=counterexample,
        twin_statement=claim.twin_statement,
        twin_counterexample=_with_sides(twin.counterexample, twin.lhs_rhs),
        note=claim.note,
        exact=claim.exact,
        tolerance=None if claim.exact else claim.tolerance,
    )
