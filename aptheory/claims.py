"""The claim registry: every equation or inequality of the supplement as checkable data.

A :class:`Claim` pairs a statement with a ``check(example) -> (lhs, rhs)``, a hypothesis
strategy that generates examples, and a falsifiable *twin*: the same check made wrong on
purpose, which the same strategy must refute (otherwise the strategy is too weak to test
anything). :func:`run_claim` searches the strategy, records the tightness (the largest
``lhs / rhs`` seen) and decides the status:

- ``holds``: no example breaks the claim;
- ``conditional``: it holds under ``condition`` (the strategy) but fails on
  ``unconditioned`` (the same family with the condition dropped); the counterexample without
  the condition is recorded;
- ``fails``: an example breaks it; the shrunk counterexample is recorded.

Comparisons are exact when ``exact=True`` (the check returns ``int`` or
``fractions.Fraction``; used where the mathematics is combinatorial) and otherwise use
``lhs <= rhs + tolerance * max(1, |lhs|, |rhs|)`` (for ``kind="eq"``: ``|lhs - rhs| <= ...``).
Each float claim states its tolerance and why.

Claims live in the modules of ``aptheory.claimsets`` (one per section of the supplement);
each exposes ``claims() -> tuple[Claim, ...]`` and :func:`registry` collects them all.
"""

from __future__ import annotations

import importlib
import math
import pkgutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields, is_dataclass
from fractions import Fraction
from typing import Any, Literal

import numpy as np
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

Status = Literal["holds", "conditional", "fails"]
Kind = Literal["le", "eq"]
PROFILES: dict[str, int] = {"quick": 60, "thorough": 600}

__all__ = [
    "PROFILES",
    "Claim",
    "ClaimResult",
    "registry",
    "run_claim",
    "to_jsonable",
]


@dataclass(frozen=True)
class Claim:
    """One checkable line of the supplement.

    Attributes:
        id: unique id tied to the equation, e.g. ``"eq7-cross-term"``.
        equation: the supplement's equation number(s), e.g. ``"(7)"``.
        statement: the claim in words and symbols, ``lhs <= rhs`` (or ``lhs == rhs``).
        check: ``example -> (lhs, rhs)``.
        strategy: zero-argument callable returning the hypothesis strategy of examples
            (lazy, so that building the registry is cheap).
        twin: ``example -> (lhs, rhs)`` of a deliberately wrong version (a constant changed,
            a condition dropped); ``twin_statement`` says what was changed.
        kind: ``"le"`` for ``lhs <= rhs``, ``"eq"`` for an identity.
        exact: compare exactly (check returns ``int``/``Fraction``) or with ``tolerance``.
        tolerance: relative tolerance of float comparisons, and why, in ``tolerance_reason``.
        condition: the condition under which the claim holds (``None`` if unconditional).
        unconditioned: strategy with the condition dropped (for ``conditional`` claims).
        expected: the status the claim is documented to have; the audit fails otherwise.
        note: what was found, e.g. why a claim is conditional or fails.
        min_examples: a floor for the number of examples (for strategies that need many).
    """

    id: str
    equation: str
    statement: str
    check: Callable[[Any], tuple[Any, Any]]
    strategy: Callable[[], st.SearchStrategy]
    twin: Callable[[Any], tuple[Any, Any]]
    twin_statement: str
    kind: Kind = "le"
    exact: bool = False
    tolerance: float = 1e-9
    tolerance_reason: str = "float64 sums of O(100) terms of size O(1)"
    condition: str | None = None
    unconditioned: Callable[[], st.SearchStrategy] | None = None
    expected: Status = "holds"
    note: str = ""
    min_examples: int = 0


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


def to_jsonable(obj: Any) -> Any:
    """Convert an example (arrays, fractions, dataclasses, tuples) to JSON-ready data."""
    if obj is None or isinstance(obj, bool | int | str):
        return obj
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else str(obj)
    if isinstance(obj, Fraction):
        return str(obj)
    if isinstance(obj, np.ndarray):
        return [to_jsonable(v) for v in obj.tolist()]
    if isinstance(obj, np.generic):
        return to_jsonable(obj.item())
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if hasattr(obj, "_asdict"):
        return {k: to_jsonable(v) for k, v in obj._asdict().items()}
    if isinstance(obj, list | tuple):
        return [to_jsonable(v) for v in obj]
    return repr(obj)


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


def _violates(lhs: Any, rhs: Any, *, kind: Kind, exact: bool, tolerance: float) -> bool:
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


def _gap(lhs: Any, rhs: Any, kind: Kind) -> float:
    """lhs - rhs for an inequality (<= 0 when it holds), |lhs - rhs| for an identity."""
    diff = float(lhs - rhs) if isinstance(lhs, int | Fraction) else float(lhs) - float(rhs)
    return abs(diff) if kind == "eq" else diff


def _search(
    check: Callable[[Any], tuple[Any, Any]],
    strategy: st.SearchStrategy,
    n: int,
    *,
    kind: Kind,
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


# The order of the supplement: the ranking core, then Sections 1 to 4. A claim set not
# listed here comes after these, in name order.
_PAPER_ORDER = ("ranking", "separable", "counterexample", "inseparable", "consistency")


def registry(sections: Sequence[str] | None = None) -> tuple[Claim, ...]:
    """All claims of ``aptheory.claimsets``, section modules in the supplement's order.

    ``sections`` restricts to the named modules (e.g. ``["ranking"]``). Raises
    ``ValueError`` for an unknown section or a duplicated claim id.
    """
    from aptheory import claimsets

    found = {m.name for m in pkgutil.iter_modules(claimsets.__path__)}
    available = [n for n in _PAPER_ORDER if n in found] + sorted(found - set(_PAPER_ORDER))
    chosen = available if sections is None else list(sections)
    unknown = [s for s in chosen if s not in available]
    if unknown:
        raise ValueError(f"unknown claim section(s) {unknown}; known: {available}")
    out: list[Claim] = []
    for name in chosen:
        module = importlib.import_module(f"aptheory.claimsets.{name}")
        out.extend(module.claims())
    ids = [c.id for c in out]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValueError(f"duplicate claim ids: {dupes}")
    return tuple(out)
