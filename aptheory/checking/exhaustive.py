"""Exhaustive small cases: a claim checked exactly on *every* weak ordering of few boxes.

A claim whose truth depends only on a finite object - the weak ordering of the labelled
boxes of one ranking (positives and negatives, with ties) and the tie value H(0) - declares
an :class:`Exhaustive` adaptor with its other metadata (``@CLAIMS.claim(...,
exhaustive=Exhaustive(build, ...))``): ``build(case)`` turns one :class:`OrderingCase` into
the examples its check takes (none when the case is outside the claim's domain, several when
the claim quantifies over something more, e.g. one example per tie level holding a
positive). :func:`run_exhaustive` then runs the claim's own check on every case, compared as
the search compares (exactly for an exact claim, by ``kind``), and
:func:`merge_exhaustive` folds the outcome into the search's
:class:`~aptheory.checking.search.ClaimResult`:

- a violated case *inside* the claim's condition makes the claim ``fails``, with the
  smallest such case as its counterexample (the enumeration runs by size);
- for a conditional claim, the cases whose tie value is outside the condition
  (:attr:`Exhaustive.tie_values`) are its unconditioned family: a violation there is what
  ``conditional`` documents (it becomes the counterexample when the random unconditioned
  search found none), never a failure;
- the largest lhs / rhs and gap over the cases inside the condition join the search's
  tightness and max gap.

**Counting.** A weak ordering of labelled boxes up to swapping boxes of the same label is a
sequence of tie levels (top first), each a block of ``p_k >= 0`` positives and ``n_k >= 0``
negatives with ``p_k + n_k >= 1``, summing to (|P|, |N|): a composition of the bipartite
number (|P|, |N|). :func:`count_orderings` gives their number by MacMahon's formula and
:func:`orderings` enumerates them (the same order and layout as
:func:`aptheory.strategies.weak_orderings`). With |P| >= 1 there are 15,504 of them with
|P| + |N| <= 8 (the quick profile, :data:`MAX_SIZE`) and 182,688 with <= 10 (thorough),
each checked under the three tie values 0, 1/2 and 1.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from fractions import Fraction
from math import comb
from typing import TYPE_CHECKING, Any, NamedTuple

from aptheory.checking.judge import Tightness, judge_options, violates

if TYPE_CHECKING:  # pragma: no cover - types only
    from aptheory.checking.claim import Claim
    from aptheory.checking.search import ClaimResult

__all__ = [
    "MAX_SIZE",
    "TIE_VALUES",
    "Exhaustive",
    "ExhaustiveResult",
    "OrderingCase",
    "count_cases",
    "compositions",
    "count_orderings",
    "merge_exhaustive",
    "ordering_layout",
    "orderings",
    "run_exhaustive",
]

TIE_VALUES: tuple[Fraction, ...] = (Fraction(0), Fraction(1, 2), Fraction(1))
MAX_SIZE: dict[str, int] = {"quick": 8, "thorough": 10}


class OrderingCase(NamedTuple):
    """One weak ordering of labelled boxes and one tie value H(0).

    ``blocks`` are the tie levels from the top, ``(p_k, n_k)`` each; ``scores`` the integer
    levels ``k - 1, ..., 0`` (higher first, tied boxes share a level) and ``positive`` the
    labels, boxes listed from the top level down, positives first within a level (the layout
    of :func:`aptheory.strategies.weak_orderings`); ``at_zero`` is H(0) as a Fraction.
    """

    blocks: tuple[tuple[int, int], ...]
    scores: tuple[int, ...]
    positive: tuple[bool, ...]
    at_zero: Fraction

    @property
    def n_positive(self) -> int:
        """|P|."""
        return sum(a for a, _ in self.blocks)

    @property
    def n_negative(self) -> int:
        """|N|."""
        return sum(b for _, b in self.blocks)

    def positive_blocks(self) -> list[int]:
        """For each tie level holding positives, the index (among positives) of its first one.

        Positives of one level are interchangeable (the ordering is up to same-label swaps),
        so a claim "for every positive i" needs one i per such level.
        """
        out, seen = [], 0
        for a, _ in self.blocks:
            if a:
                out.append(seen)
            seen += a
        return out


@dataclass(frozen=True)
class Exhaustive:
    """How a claim is checked on every small weak ordering (declared with the claim).

    Attributes:
        build: ``OrderingCase -> iterable of examples`` for the claim's check (empty: the case
            is outside the claim's domain, e.g. an ordering without an error).
        tie_values: the tie values of the claim's statement or condition (a subset of
            0, 1/2, 1). For a conditional claim the others are searched too, as its
            unconditioned family; for any other claim they are not run.
        min_positives, min_negatives: the smallest |P| and |N| the claim speaks of.
        how: one line on how a case becomes an example (shown by ``aptheory show``).
        sizes: ``(quick, thorough)`` - smaller largest sizes for a claim whose check is too
            costly for :data:`MAX_SIZE` (``None``: the profile's size); the audit row's
            ``max_size`` says which size was run.
    """

    build: Callable[[OrderingCase], Iterable[Any]]
    tie_values: tuple[Fraction | float | int, ...] = (0, Fraction(1, 2), 1)
    min_positives: int = 1
    min_negatives: int = 0
    how: str = ""
    sizes: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        if not callable(self.build):
            raise TypeError("exhaustive: build must be callable")
        values = tuple(Fraction(v) for v in self.tie_values)
        if not values or any(v not in TIE_VALUES for v in values):
            raise ValueError(f"exhaustive: tie_values must be among 0, 1/2, 1; got {values}")
        object.__setattr__(self, "tie_values", values)
        for name in ("min_positives", "min_negatives"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                raise ValueError(f"exhaustive: {name} must be an int >= 0, got {v!r}")
        if self.sizes is not None:
            ok = isinstance(self.sizes, tuple) and len(self.sizes) == 2
            if not ok or any(
                isinstance(v, bool) or not isinstance(v, int) or v < 1 for v in self.sizes
            ):
                raise ValueError(
                    f"exhaustive: sizes must be (quick, thorough) ints >= 1, got {self.sizes!r}"
                )

    def size_at(self, max_size: int) -> int:
        """The largest size run when the profile asks for ``max_size``."""
        if self.sizes is None:
            return max_size
        cap = self.sizes[0] if max_size <= MAX_SIZE["quick"] else self.sizes[1]
        return min(cap, max_size)


# ------------------------------------------------------------------------------- counting


def count_orderings(n_positive: int, n_negative: int) -> int:
    """Weak orderings of |P| positive and |N| negative boxes up to same-label swaps.

    MacMahon's count of the compositions of the bipartite number (p, n):
    ``sum_i C(p, i) C(n, i) 2^(p + n - 1 - i)`` (p + n >= 1). Equal to
    :func:`aptheory.strategies.count_weak_orderings`.

    >>> count_orderings(1, 1), count_orderings(2, 2)
    (3, 26)
    """
    p, n = int(n_positive), int(n_negative)
    if p < 0 or n < 0 or p + n < 1:
        raise ValueError(f"need p, n >= 0 with p + n >= 1, got {p}, {n}")
    return sum(comb(p, i) * comb(n, i) * 2 ** (p + n - 1 - i) for i in range(min(p, n) + 1))


def _splits(max_size: int, min_positives: int, min_negatives: int) -> Iterator[tuple[int, int]]:
    for size in range(max(1, min_positives + min_negatives), max_size + 1):
        for p in range(min_positives, size - min_negatives + 1):
            yield p, size - p


def count_cases(max_size: int, *, min_positives: int = 1, min_negatives: int = 0) -> int:
    """The number of weak orderings with ``|P| + |N| <= max_size`` (one tie value).

    >>> count_cases(8), count_cases(10)
    (15504, 182688)
    """
    return sum(count_orderings(p, n) for p, n in _splits(max_size, min_positives, min_negatives))


def compositions(p: int, n: int, parts: int) -> Iterator[tuple[tuple[int, int], ...]]:
    """Sequences of ``parts`` non-empty blocks (a, b) summing to (p, n), a then b descending.

    The tie levels of a weak ordering, top first (``a`` positives and ``b`` negatives each).

    >>> list(compositions(1, 1, 2))
    [((1, 0), (0, 1)), ((0, 1), (1, 0))]
    """
    if parts == 1:
        yield ((p, n),)
        return
    for a in range(p, -1, -1):
        for b in range(n, -1, -1):
            if a + b == 0 or (p - a) + (n - b) < parts - 1:
                continue
            for tail in compositions(p - a, n - b, parts - 1):
                yield ((a, b), *tail)


def ordering_layout(
    blocks: tuple[tuple[int, int], ...],
) -> tuple[tuple[int, ...], tuple[bool, ...]]:
    """Integer scores (top level highest) and labels of the boxes of ``blocks``, in order."""
    top = len(blocks) - 1
    scores: list[int] = []
    positive: list[bool] = []
    for level, (a, b) in enumerate(blocks):
        scores += [top - level] * (a + b)
        positive += [True] * a + [False] * b
    return tuple(scores), tuple(positive)


def orderings(
    max_size: int, *, min_positives: int = 1, min_negatives: int = 0
) -> Iterator[tuple[tuple[tuple[int, int], ...], tuple[int, ...], tuple[bool, ...]]]:
    """Every weak ordering with ``|P| + |N| <= max_size``: ``(blocks, scores, positive)``.

    By size, then by |P|, then by number of tie levels (all tied first), as
    :func:`aptheory.strategies.all_weak_orderings`.

    >>> sum(1 for _ in orderings(3))
    26
    """
    for p, n in _splits(max_size, min_positives, min_negatives):
        for parts in range(1, p + n + 1):
            for blocks in compositions(p, n, parts):
                yield (blocks, *ordering_layout(blocks))


# ------------------------------------------------------------------------------- running


@dataclass(frozen=True)
class ExhaustiveResult:
    """What the exhaustive pass of one claim found.

    ``cases`` counts the (ordering, tie value) pairs the check ran on (inside and, for a
    conditional claim, outside its condition); ``orderings`` the weak orderings enumerated.
    ``counterexample`` is the first violated case inside the condition (``None`` if none),
    ``free_counterexample`` the first one outside it; both ``{"example", "lhs", "rhs"}``.
    """

    max_size: int
    cases: int
    orderings: int
    examples: int
    tightness: float | None
    max_gap: float | None
    counterexample: Any
    free_counterexample: Any
    seconds: float

    def as_dict(self) -> dict[str, int]:
        """The audit row's ``exhaustive`` value: ``{"max_size": n, "cases": k}``."""
        return {"max_size": self.max_size, "cases": self.cases}


def run_exhaustive(claim: Claim, max_size: int) -> ExhaustiveResult | None:
    """Run ``claim``'s check on every weak ordering of at most ``max_size`` boxes.

    ``None`` when the claim declares no :class:`Exhaustive` adaptor. Each tie value of
    :data:`TIE_VALUES` is tried: those of ``claim.exhaustive.tie_values`` are the claim's
    own cases; the others only for a conditional claim (``unconditioned`` given), as its
    unconditioned family. The pass over the claim's own cases stops at the first violation
    (the smallest case, by size), the unconditioned one at its first violation.
    """
    spec = getattr(claim, "exhaustive", None)
    if spec is None:
        return None
    start = time.perf_counter()
    max_size = spec.size_at(max_size)
    opts = judge_options(kind=claim.kind, exact=claim.exact, tolerance=claim.tolerance)
    inside = spec.tie_values
    outside = (
        tuple(h for h in TIE_VALUES if h not in inside) if claim.unconditioned is not None else ()
    )
    cases = n_orderings = n_examples = 0
    extremes = Tightness()
    broken = free = None
    for blocks, scores, positive in orderings(
        max_size, min_positives=spec.min_positives, min_negatives=spec.min_negatives
    ):
        n_orderings += 1
        for h in inside if broken is None else ():
            ran = False
            for example in spec.build(OrderingCase(blocks, scores, positive, h)):
                ran = True
                n_examples += 1
                lhs, rhs = claim.check(example)
                extremes.add(lhs, rhs, claim.kind)
                if violates(lhs, rhs, **opts):
                    broken = {"example": example, "lhs": lhs, "rhs": rhs}
                    break
            cases += ran
            if broken is not None:
                break
        for h in outside if free is None else ():
            ran = False
            for example in spec.build(OrderingCase(blocks, scores, positive, h)):
                ran = True
                n_examples += 1
                lhs, rhs = claim.check(example)
                if violates(lhs, rhs, **opts):
                    free = {"example": example, "lhs": lhs, "rhs": rhs}
                    break
            cases += ran
            if free is not None:
                break
        if broken is not None:
            break
    return ExhaustiveResult(
        max_size=max_size,
        cases=cases,
        orderings=n_orderings,
        examples=n_examples,
        tightness=extremes.ratio,
        max_gap=extremes.gap,
        counterexample=broken,
        free_counterexample=free,
        seconds=time.perf_counter() - start,
    )


def refute_twin_exhaustively(claim: Claim, max_size: int) -> Any:
    """The first case of the claim's own family that breaks its twin, or ``None``.

    Run when the random twin search did not refute the twin: the exhaustive family is a
    generated family too (every case, not a pinned one), so a twin it breaks is refuted.
    """
    spec = getattr(claim, "exhaustive", None)
    if spec is None:
        return None
    opts = judge_options(kind=claim.kind, exact=claim.exact, tolerance=claim.tolerance)
    for blocks, scores, positive in orderings(
        spec.size_at(max_size), min_positives=spec.min_positives, min_negatives=spec.min_negatives
    ):
        for h in spec.tie_values:
            for example in spec.build(OrderingCase(blocks, scores, positive, h)):
                lhs, rhs = claim.twin(example)
                if violates(lhs, rhs, **opts):
                    return {"example": example, "lhs": lhs, "rhs": rhs}
    return None


def merge_exhaustive(result: ClaimResult, found: ExhaustiveResult | None) -> ClaimResult:
    """The search's result with the exhaustive pass folded in (see the module docstring)."""
    if found is None:
        return result
    status, counterexample = result.status, result.counterexample
    if found.counterexample is not None:
        if status != "fails":  # the search's own (shrunk) counterexample is kept if it has one
            status, counterexample = "fails", found.counterexample
    elif status == "holds" and found.free_counterexample is not None:
        status, counterexample = "conditional", found.free_counterexample
    tightness = result.tightness
    if found.tightness is not None and (tightness is None or found.tightness > tightness):
        tightness = found.tightness
    max_gap = result.max_gap
    if found.max_gap is not None and (max_gap is None or found.max_gap > max_gap):
        max_gap = found.max_gap
    return replace(
        result,
        status=status,
        counterexample=counterexample,
        tightness=tightness,
        max_gap=max_gap,
        exhaustive=found.as_dict(),
    )
