"""A claim: one checkable line of the supplement, written in one place.

A :class:`Claim` pairs a statement with a ``check(example) -> (lhs, rhs)``, a hypothesis
strategy that generates examples, and a falsifiable *twin*: the same check made wrong on
purpose (a constant changed, a condition dropped), which the same strategy must refute;
otherwise the strategy is too weak to test anything. :func:`aptheory.checking.search.run_claim`
searches it and decides the status:

- ``holds``: no example breaks the claim;
- ``conditional``: it holds under ``condition`` (the strategy) but fails on
  ``unconditioned`` (the same family with the condition dropped);
- ``fails``: an example breaks it; the shrunk counterexample is recorded.

Comparisons are exact when the claim's tolerance is :data:`EXACT` (the check returns ``int``
or ``fractions.Fraction``) and otherwise ``lhs <= rhs + tol * max(1, |lhs|, |rhs|)`` (for
``kind="eq"``: ``|lhs - rhs| <= ...``); a float claim must say why its tolerance is enough.

Two ways to write a claim, both checked the same way when built:

- the dataclass, ``Claim(id=..., equation=..., statement=..., check=..., strategy=...,
  twin=..., twin_statement=..., ...)``;
- the registration form, one decorated function per claim with its twin beside it::

      CLAIMS = ClaimSet("mysection")

      @CLAIMS.claim("my-bound", "(7)", "x <= 10", strategy=lambda: st.integers(0, 10),
                    tol=EXACT)
      def my_bound(x):
          return x, 10

      @my_bound.twin("the constant halved: x <= 5")
      def _(x):
          return x, 5

A module whose namespace holds a :class:`ClaimSet`, or that defines ``claims()`` returning
claims, is a claim set (:mod:`aptheory.checking.registry`).
"""

from __future__ import annotations

import inspect
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass, replace
from fractions import Fraction
from typing import Any, Literal

import numpy as np
from hypothesis import strategies as st

__all__ = [
    "EXACT",
    "EXPECTED",
    "KINDS",
    "Claim",
    "ClaimDraft",
    "ClaimSet",
    "KnownSupremum",
    "Tolerance",
    "to_jsonable",
]

Status = Literal["holds", "conditional", "fails"]
ClaimKind = Literal["le", "eq"]
KINDS: tuple[str, ...] = ("le", "eq")
EXPECTED: tuple[str, ...] = ("holds", "conditional", "fails")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")

Check = Callable[[Any], tuple[Any, Any]]
StrategyFn = Callable[[], st.SearchStrategy]


@dataclass(frozen=True)
class Tolerance:
    """A relative tolerance and the reason it is enough, defined once and shared by claims.

    ``Tolerance(1e-9, "float64 sums of at most 100 terms of size O(1)")``. :data:`EXACT`
    (value 0) means the check is exact: it returns ``int`` or ``Fraction``.
    """

    value: float
    reason: str

    def __post_init__(self) -> None:
        if isinstance(self.value, bool) or not isinstance(self.value, int | float):
            raise TypeError(f"tolerance must be a real number, got {type(self.value).__name__}")
        if not (math.isfinite(self.value) and self.value >= 0):
            raise ValueError(f"tolerance must be finite and >= 0, got {self.value!r}")
        if not isinstance(self.reason, str) or not self.reason.strip():
            raise ValueError("a tolerance needs its reason (tolerance_reason), got none")

    @property
    def exact(self) -> bool:
        """True for :data:`EXACT`: compare ints and Fractions, no rounding."""
        return self.value == 0


EXACT = Tolerance(0.0, "exact: int and Fraction comparisons, no rounding")


@dataclass(frozen=True)
class KnownSupremum:
    """The supremum of lhs / rhs of one inequality claim, derived in closed form.

    The one record type of the sections' derived suprema (re-exported by them as
    ``KnownSupremum`` or ``Supremum``); a claim carries it as :attr:`Claim.supremum` and the
    audit reports it beside the tightness it found (JSON keys ``supremum`` and
    ``supremum_reason``).

    Attributes:
        claim_id: the claim's id.
        value: the supremum over the claim's examples (a Fraction when rational, a float
            otherwise; ``None`` when it is not known).
        attained: whether some example reaches it (else it is only approached).
        reason: the equality case or the proof, in one line.
        per_size: the supremum at given sizes, as a formula (``""`` if none is stated).
        proved: ``False`` for a value computed numerically rather than proved.
        where: where it is reached or approached (``""`` if said in ``reason``).
    """

    claim_id: str
    value: Fraction | float | None
    attained: bool
    reason: str
    per_size: str = ""
    proved: bool = True
    where: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.claim_id, str) or not self.claim_id:
            raise ValueError("a supremum needs the claim id")
        if self.value is not None:
            if isinstance(self.value, bool) or not isinstance(self.value, int | float | Fraction):
                raise TypeError(f"supremum of {self.claim_id}: value must be a real number")
            if not math.isfinite(float(self.value)):
                raise ValueError(f"supremum of {self.claim_id}: value must be finite")
        if not isinstance(self.reason, str) or not self.reason.strip():
            raise ValueError(f"supremum of {self.claim_id}: a reason is required")

    @property
    def claim(self) -> str:
        """The claim id (the name of version 0.2's ``suprema.KnownSupremum``)."""
        return self.claim_id

    @property
    def all_sizes(self) -> float | None:
        """The value as a float (``None`` when unknown), over every size."""
        return None if self.value is None else float(self.value)

    def summary(self) -> str:
        """The reason as the audit shows it: numerical or not, attained or approached."""
        parts = [self.reason]
        if self.per_size:
            parts.append(f"per size: {self.per_size}")
        if self.where:
            parts.append(f"where: {self.where}")
        parts.append("attained" if self.attained else "approached, not attained")
        if not self.proved:
            parts.append("computed numerically, not proved")
        return "; ".join(parts)


def _source_of(fn: Any) -> str | None:
    """``file:line`` where ``fn`` is defined, or ``None`` (builtins, partials)."""
    try:
        target = inspect.unwrap(fn)
        path = inspect.getsourcefile(target)
        line = inspect.getsourcelines(target)[1]
    except (TypeError, OSError):
        return None
    return f"{path}:{line}" if path else None


@dataclass(frozen=True)
class Claim:
    """One checkable line of the supplement; validated when built.

    Attributes:
        id: unique id tied to the equation, e.g. ``"eq7-cross-term"``.
        equation: the supplement's equation number(s), e.g. ``"(7)"``.
        statement: the claim in words and symbols, ``lhs <= rhs`` (or ``lhs == rhs``).
        check: ``example -> (lhs, rhs)``.
        strategy: zero-argument callable returning the hypothesis strategy of examples
            (lazy, so that building the registry is cheap).
        twin: ``example -> (lhs, rhs)`` of a deliberately wrong version; ``twin_statement``
            says what it changes.
        kind: ``"le"`` for ``lhs <= rhs``, ``"eq"`` for an identity.
        exact: compare exactly (the check returns ``int``/``Fraction``) or with ``tolerance``.
        tolerance: relative tolerance of float comparisons; ``tolerance_reason`` says why it
            is enough (required for a float claim).
        condition: the condition under which the claim holds (``None`` if unconditional).
        unconditioned: strategy with the condition dropped (required for ``conditional``).
        expected: the status the claim is documented to have: ``holds``, ``conditional`` or
            ``fails``; the audit fails otherwise.
        note: what was found, e.g. why a claim is conditional or fails.
        min_examples: a floor for the number of examples (for strategies that need many).
        exhaustive: an :class:`~aptheory.checking.exhaustive.Exhaustive` adaptor when the
            claim's truth depends only on a weak ordering and a tie value: the audit then
            also checks every small ordering exactly (``None``: random search only).
        supremum: the derived :class:`KnownSupremum` of lhs / rhs (inequalities only).
        coverage: ``examples -> dict`` summarising what the examples of the claim's search
            covered (Section 3: the share certified inseparable, sizes, horizons), or ``None``.
        section: the claim set it belongs to (filled in by the registry).
        source: ``file:line`` of its definition (filled in from ``check`` when not given).

    Raises ``ValueError`` (or ``TypeError``) naming the field for an unknown ``kind`` or
    ``expected``, a ``conditional`` claim without ``unconditioned``, a float claim without a
    tolerance reason, a non-callable check, twin or strategy, or an empty id or statement.
    """

    id: str
    equation: str
    statement: str
    check: Check
    strategy: StrategyFn
    twin: Check
    twin_statement: str
    kind: ClaimKind = "le"
    exact: bool = False
    tolerance: float = 1e-9
    tolerance_reason: str | None = None
    condition: str | None = None
    unconditioned: StrategyFn | None = None
    expected: Status = "holds"
    note: str = ""
    min_examples: int = 0
    exhaustive: Any = field(default=None, compare=False)
    supremum: KnownSupremum | None = field(default=None, compare=False)
    coverage: Callable[[Any], dict[str, Any] | None] | None = field(default=None, compare=False)
    section: str | None = None
    source: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        for name in ("id", "equation", "statement", "twin_statement"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"claim {self.id!r}: {name} must be a non-empty string")
        if not _ID.match(self.id):
            raise ValueError(f"claim id must be letters, digits, '-', '_' or '.', got {self.id!r}")
        if self.kind not in KINDS:
            raise ValueError(f"claim {self.id}: kind must be one of le, eq; got {self.kind!r}")
        if self.expected not in EXPECTED:
            raise ValueError(
                f"claim {self.id}: expected must be one of holds, conditional, fails; "
                f"got {self.expected!r}"
            )
        for name in ("check", "strategy", "twin"):
            if not callable(getattr(self, name)):
                raise TypeError(f"claim {self.id}: {name} must be callable")
        if self.unconditioned is not None and not callable(self.unconditioned):
            raise TypeError(f"claim {self.id}: unconditioned must be callable")
        if self.expected == "conditional" and self.unconditioned is None:
            raise ValueError(
                f"claim {self.id}: a conditional claim needs an unconditioned strategy "
                "(the same examples with the condition dropped)"
            )
        if not isinstance(self.exact, bool):
            raise TypeError(f"claim {self.id}: exact must be a bool")
        if not self.exact:
            Tolerance(self.tolerance, self.tolerance_reason or "")  # validates both
            if self.tolerance == 0:
                raise ValueError(f"claim {self.id}: a float claim needs a tolerance > 0")
        if isinstance(self.min_examples, bool) or not isinstance(self.min_examples, int):
            raise TypeError(f"claim {self.id}: min_examples must be an int")
        if self.min_examples < 0:
            raise ValueError(f"claim {self.id}: min_examples must be >= 0")
        if self.exhaustive is not None:
            from aptheory.checking.exhaustive import Exhaustive

            if not isinstance(self.exhaustive, Exhaustive):
                raise TypeError(f"claim {self.id}: exhaustive must be an Exhaustive adaptor")
        if self.supremum is not None:
            if not isinstance(self.supremum, KnownSupremum):
                raise TypeError(f"claim {self.id}: supremum must be a KnownSupremum")
            if self.supremum.claim_id != self.id:
                raise ValueError(
                    f"claim {self.id}: its supremum names claim {self.supremum.claim_id!r}"
                )
            if self.kind != "le":
                raise ValueError(f"claim {self.id}: only an inequality has a supremum of lhs/rhs")
        if self.coverage is not None and not callable(self.coverage):
            raise TypeError(f"claim {self.id}: coverage must be callable")
        if self.source is None:
            object.__setattr__(self, "source", _source_of(self.check))

    def __repr__(self) -> str:
        comparison = "exact" if self.exact else f"tolerance {self.tolerance:g}"
        return f"Claim({self.id!r}, {self.equation}, expected {self.expected}, {comparison})"

    @property
    def tol(self) -> Tolerance:
        """The claim's tolerance with its reason (:data:`EXACT` for an exact claim)."""
        if self.exact:
            return EXACT
        return Tolerance(self.tolerance, self.tolerance_reason or "")

    @property
    def twin_source(self) -> str | None:
        """``file:line`` where the twin's check is defined (``None`` if unknown)."""
        return _source_of(self.twin)

    def to_text(self) -> str:
        """The claim as a proof checker reads it, one field a line.

        Returns
        -------
        str
            The id, equation and section, then the statement, kind, condition, expected status,
            exactness, tolerance with its reason, the twin (what it changes and where it is
            defined), the note and the ``file:line`` of the definition (:attr:`source`).

        Examples
        --------
        >>> from hypothesis import strategies as st
        >>> c = Claim(id="x-le-10", equation="(0)", statement="x <= 10",
        ...           check=lambda x: (x, 10), strategy=lambda: st.integers(0, 10),
        ...           twin=lambda x: (x, 5), twin_statement="10 replaced by 5", exact=True)
        >>> print(c.to_text().splitlines()[1])
          statement:  x <= 10
        """
        kind = "inequality, lhs <= rhs" if self.kind == "le" else "identity, lhs == rhs"
        if self.condition is None:
            condition = "none (the claim is unconditional)"
        else:
            condition = self.condition
            if self.unconditioned is not None:
                condition += " (also searched with it dropped, to show it is needed)"
        tol = self.tol
        lines = [
            f"{self.id}: equation {self.equation}, section {self.section or '-'}",
            f"  statement:  {self.statement}",
            f"  kind:       {kind}",
            f"  condition:  {condition}",
            f"  expected:   {self.expected}",
            "  exactness:  "
            + ("exact (the check returns int or Fraction)" if tol.exact else "float64"),
            f"  tolerance:  {'0' if tol.exact else f'{tol.value:g} (relative)'} - {tol.reason}",
            f"  twin:       {self.twin_statement} (changed on purpose: the search must refute it)",
            f"  twin at:    {self.twin_source or 'unknown'}",
            f"  note:       {self.note or '-'}",
        ]
        if self.min_examples:
            lines.append(f"  examples:   at least {self.min_examples}")
        if self.exhaustive is not None:
            how = f" ({self.exhaustive.how})" if self.exhaustive.how else ""
            quick, thorough = self.exhaustive.size_at(8), self.exhaustive.size_at(10)
            lines.append(
                f"  exhaustive: every weak ordering of the boxes with |P| + |N| <= {quick} "
                f"(quick) or {thorough} (thorough), each tie value{how}"
            )
        if self.supremum is not None:
            lines.append(
                f"  supremum:   {_number(self.supremum.value)} of lhs/rhs - "
                f"{self.supremum.summary()}"
            )
        lines.append(f"  defined at: {self.source or 'unknown'}")
        return "\n".join(lines) + "\n"


def _number(x: Any) -> str:
    if x is None:
        return "unknown"
    return f"{float(x):.6g}"


@dataclass
class ClaimDraft:
    """A claim whose check is written and whose twin is still to come (the decorator form).

    ``@draft.twin("what it changes")`` on the twin's function completes it.
    """

    spec: dict[str, Any]
    check: Check
    twin_check: Check | None = None
    twin_statement: str | None = None

    def twin(self, statement: str) -> Callable[[Check], Check]:
        """Decorator: the wrongly changed check, with ``statement`` saying what it changes."""

        def register(fn: Check) -> Check:
            if self.twin_check is not None:
                raise ValueError(f"claim {self.spec['id']}: twin given twice")
            self.twin_check, self.twin_statement = fn, statement
            return fn

        return register

    def __call__(self, example: Any) -> tuple[Any, Any]:
        """Run the claim's check (so the decorated name stays usable as a function)."""
        return self.check(example)

    def build(self, section: str | None) -> Claim:
        """The validated :class:`Claim`."""
        if self.twin_check is None or self.twin_statement is None:
            raise ValueError(f"claim {self.spec['id']}: no twin; add @{{name}}.twin(...)")
        return Claim(
            check=self.check,
            twin=self.twin_check,
            twin_statement=self.twin_statement,
            section=section,
            source=_source_of(self.check),
            **self.spec,
        )


class ClaimSet:
    """The claims of one module, in the order they are written (the registration form).

    ``CLAIMS = ClaimSet("name")`` at module level; :meth:`claim` decorates each check;
    :meth:`add` takes a ready :class:`Claim`; :meth:`claims` returns them all, validated.
    """

    def __init__(self, name: str) -> None:
        if not isinstance(name, str) or not _ID.match(name):
            raise ValueError(f"name must be a claim-set name (letters, digits, '-'), got {name!r}")
        self.name = name
        self._items: list[ClaimDraft | Claim] = []

    def __repr__(self) -> str:
        return f"ClaimSet({self.name!r}, {len(self._items)} claims)"

    def claim(
        self,
        id: str,  # noqa: A002 - the claim's id, as in Claim
        equation: str,
        statement: str,
        *,
        strategy: StrategyFn,
        tol: Tolerance,
        kind: ClaimKind = "le",
        expected: Status = "holds",
        condition: str | None = None,
        unconditioned: StrategyFn | None = None,
        note: str = "",
        min_examples: int = 0,
        exhaustive: Any = None,
        supremum: KnownSupremum | None = None,
        coverage: Callable[[Any], dict[str, Any] | None] | None = None,
    ) -> Callable[[Check], ClaimDraft]:
        """Decorator: the decorated ``example -> (lhs, rhs)`` is the claim's check."""
        if not isinstance(tol, Tolerance):
            raise TypeError(f"claim {id}: tol must be a Tolerance (or EXACT)")
        spec = {
            "id": id,
            "equation": equation,
            "statement": statement,
            "strategy": strategy,
            "kind": kind,
            "exact": tol.exact,
            "tolerance": tol.value if not tol.exact else 0.0,
            "tolerance_reason": tol.reason,
            "condition": condition,
            "unconditioned": unconditioned,
            "expected": expected,
            "note": note,
            "min_examples": min_examples,
            "exhaustive": exhaustive,
            "supremum": supremum,
            "coverage": coverage,
        }

        def register(fn: Check) -> ClaimDraft:
            draft = ClaimDraft(spec, fn)
            self._items.append(draft)
            return draft

        return register

    def suprema(self, known: Any) -> None:
        """Attach derived suprema to the claims written so far, by id (one place per set).

        ``known`` is an iterable of :class:`KnownSupremum` (or a dict of them by id); each
        must name a claim of this set that declares none itself. Called at the end of a
        claims module, after the decorated claims.
        """
        items = list(known.values()) if isinstance(known, dict) else list(known)
        by_id: dict[str, ClaimDraft | Claim] = {}
        for item in self._items:
            by_id[item.spec["id"] if isinstance(item, ClaimDraft) else item.id] = item
        for sup in items:
            if not isinstance(sup, KnownSupremum):
                raise TypeError(f"suprema must be KnownSupremum records, got {sup!r}")
            target = by_id.get(sup.claim_id)
            if target is None:
                raise ValueError(
                    f"claim set {self.name}: no claim {sup.claim_id!r} for its supremum"
                )
            if isinstance(target, ClaimDraft):
                if target.spec.get("supremum") is not None:
                    raise ValueError(f"claim {sup.claim_id}: supremum given twice")
                target.spec["supremum"] = sup
            else:
                if target.supremum is not None:
                    raise ValueError(f"claim {sup.claim_id}: supremum given twice")
                k = self._items.index(target)
                self._items[k] = replace(target, supremum=sup)

    def cover(self, fn: Callable[[Any], dict[str, Any] | None], ids: Any = None) -> None:
        """Give the claims written so far (or those of ``ids``) a coverage summary.

        ``fn(examples) -> dict | None`` receives the examples the claim's main search checked
        and returns what they covered (the audit row's ``coverage``; ``None`` when the
        examples are not of a kind it summarises). A claim that declares its own keeps it.
        """
        if not callable(fn):
            raise TypeError("coverage must be callable")
        chosen = None if ids is None else set(ids)
        for k, item in enumerate(self._items):
            cid = item.spec["id"] if isinstance(item, ClaimDraft) else item.id
            if chosen is not None and cid not in chosen:
                continue
            if isinstance(item, ClaimDraft):
                if item.spec.get("coverage") is None:
                    item.spec["coverage"] = fn
            elif item.coverage is None:
                self._items[k] = replace(item, coverage=fn)

    def add(self, claim: Claim) -> Claim:
        """Add a ready-made :class:`Claim`; returns it."""
        if not isinstance(claim, Claim):
            raise TypeError(f"claim must be a Claim, got {type(claim).__name__}")
        self._items.append(claim)
        return claim

    def claims(self) -> tuple[Claim, ...]:
        """Every claim of the set, validated, in the order written."""
        out = []
        for item in self._items:
            if isinstance(item, ClaimDraft):
                out.append(item.build(self.name))
            else:
                out.append(item if item.section else replace(item, section=self.name))
        return tuple(out)


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
