"""Searching a claim: run its check, its twin and its unconditioned form with hypothesis.

:func:`run_claim` searches the claim's strategy (derandomised: the same examples on every run
and machine), records the tightness (the largest ``lhs / rhs`` seen with ``rhs > 0``) and the
largest gap, decides the status (``holds``, ``conditional`` or ``fails``, see
:mod:`aptheory.checking.claim`) and keeps the shrunk counterexample; then it searches the twin,
which must be refuted. :class:`ClaimResult` is the outcome and its :meth:`ClaimResult.as_dict`
the audit's JSON row; :meth:`ClaimResult.to_text` the same for a reader.

Searching leaves nothing in the current directory: hypothesis keeps its caches (constants
of local modules, unicode tables) in a *storage directory*, by default ``./.hypothesis``;
while a claim is searched, :func:`isolated_storage` points it at :func:`storage_folder`
(``$XDG_CACHE_HOME/aptheory/hypothesis``, else ``~/.cache/aptheory/hypothesis``, else a
temporary folder) and puts the previous setting back afterwards. A storage directory chosen by
the user (``HYPOTHESIS_STORAGE_DIRECTORY`` or ``hypothesis.configuration.set_hypothesis_home_dir``)
is respected. The searches use no example database.

A claim's search draws the same examples wherever it runs: hypothesis normally mixes numeric
constants found in the user's *local* (not installed) modules into its draws, so that the
examples would depend on which files happen to be imported (an editable install, the claim
file itself, the test runner). While a claim is searched that source is switched off, as it is
for an installed package; the user's own hypothesis tests are not affected.
"""

from __future__ import annotations

import hashlib
import math
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from aptheory.checking.claim import Claim, ClaimKind, Status, to_jsonable
from aptheory.checking.judge import judge_options

# ``run`` inside :func:`_search` calls these under their old private names on purpose: with
# ``derandomize=True`` hypothesis seeds its draws from a digest of the *source text* of the
# test function, so any edit to ``run``'s text changes every example of the default
# (derandomised) audit. Leave ``run`` as it is, or regenerate and re-check the audit.
from aptheory.checking.judge import lhs_rhs_gap as _gap
from aptheory.checking.judge import lhs_rhs_ratio as _ratio
from aptheory.checking.judge import violates as _violates
from aptheory.core.validation import check_choice, check_int

PROFILES: dict[str, int] = {"quick": 60, "thorough": 600}

__all__ = [
    "PROFILES",
    "ClaimResult",
    "isolated_storage",
    "run_claim",
    "search_seed",
    "storage_folder",
]


def search_seed(seed: int, claim_id: str, which: str) -> int:
    """The hypothesis seed of one search of one claim under the audit seed ``seed``.

    Stable across runs, machines and processes (a SHA-256 of ``f"{seed}:{claim_id}:{which}"``,
    not Python's salted ``hash``), so that ``aptheory audit --seed N`` is reproducible and each
    claim's main, unconditioned and twin searches draw independent examples.

    Parameters
    ----------
    seed : int
        The audit seed (``--seed N``).
    claim_id : str
        The claim's id.
    which : {"main", "unconditioned", "twin"}
        Which of the claim's three searches.

    Returns
    -------
    int
        A 64-bit seed for ``hypothesis.seed``.

    Examples
    --------
    >>> search_seed(1, "eq3-row-sum", "main") == search_seed(1, "eq3-row-sum", "main")
    True
    >>> search_seed(1, "eq3-row-sum", "main") != search_seed(1, "eq3-row-sum", "twin")
    True
    """
    seed = check_int(seed, "seed")
    check_choice(which, "which", ("main", "unconditioned", "twin"))
    digest = hashlib.sha256(f"{seed}:{claim_id}:{which}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


@dataclass(frozen=True)
class ClaimResult:
    """Outcome of running one claim; :meth:`as_dict` is the audit's JSON row.

    ``tightness`` is the largest lhs/rhs seen over examples with rhs > 0 (``None`` if there
    were none); ``max_gap`` the largest lhs - rhs (inequalities, <= 0 while holding) or the
    largest |lhs - rhs| (identities). ``counterexample`` is ``None`` or a dict with the shrunk
    ``example`` and its ``lhs`` and ``rhs``: for ``fails`` it breaks the claim, for
    ``conditional`` it breaks it once the condition is dropped. ``twin_counterexample`` is
    the example that refuted the twin. ``section`` and ``source`` (``file:line`` of the claim)
    are for display and are not part of :meth:`as_dict`.

    Examples
    --------
    >>> from hypothesis import strategies as st
    >>> from aptheory.checking import Claim, run_claim
    >>> c = Claim(id="x-le-10", equation="(0)", statement="x <= 10",
    ...           check=lambda x: (x, 10), strategy=lambda: st.integers(0, 10),
    ...           twin=lambda x: (x, 5), twin_statement="10 replaced by 5", exact=True)
    >>> r = run_claim(c, 50)  # integers(0, 10) has 11 values: the search stops there
    >>> r
    ClaimResult('x-le-10', holds, expected holds, 11 examples, tightness 1, twin refuted: ok)
    >>> r.ok, r.twin_counterexample
    (True, {'example': 6, 'lhs': 6, 'rhs': 5})
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
    exhaustive: dict[str, int] | None = None
    supremum: float | None = None
    supremum_reason: str | None = None
    coverage: dict[str, Any] | None = None
    section: str | None = field(default=None, compare=False)
    source: str | None = field(default=None, compare=False)

    @property
    def ok(self) -> bool:
        """True when the status is the expected one and the twin was refuted."""
        return self.status == self.expected and self.twin_refuted

    def __repr__(self) -> str:
        twin = "twin refuted" if self.twin_refuted else "twin SURVIVED"
        return (
            f"ClaimResult({self.id!r}, {self.status}, expected {self.expected}, "
            f"{self.examples} examples, tightness {_num(self.tightness)}, {twin}: "
            f"{'ok' if self.ok else 'NOT ok'})"
        )

    @property
    def verdict(self) -> str:
        """``"ok"``, or what is wrong: the status mismatch and/or the surviving twin."""
        if self.ok:
            return "ok"
        wrong = []
        if self.status != self.expected:
            wrong.append(f"status {self.status}, expected {self.expected}")
        if not self.twin_refuted:
            wrong.append("the twin survived: the strategy is too weak to test the claim")
        return "NOT ok: " + "; ".join(wrong)

    def to_text(self) -> str:
        """The essentials, one a line: verdict, status, tightness, counterexample, twin.

        Returns
        -------
        str
            A short report: the id and equation with the verdict, the statement, the status
            against the expected one, the number of examples, the tightness and largest gap,
            the (shrunk) counterexample with both sides, the condition, the twin and whether
            the search refuted it, and the note.

        Examples
        --------
        >>> from hypothesis import strategies as st
        >>> from aptheory.checking import Claim, run_claim
        >>> c = Claim(id="x-le-3", equation="(0)", statement="x <= 3",
        ...           check=lambda x: (x, 3), strategy=lambda: st.integers(0, 10),
        ...           twin=lambda x: (x, 1), twin_statement="3 replaced by 1", exact=True)

        The examples seen before the first failure (their number, the tightness and the
        largest gap) depend on hypothesis's draw; the shrunk counterexamples do not:

        >>> print(run_claim(c, 50).to_text())  # doctest: +ELLIPSIS
        x-le-3 (0): NOT ok: status fails, expected holds
          statement:      x <= 3
          status:         fails (expected holds)
          examples:       ... (the last one broke the claim, and was then shrunk)
          tightness:      ... (largest lhs/rhs seen with rhs > 0)
          max gap:        ...
          counterexample: example 4: lhs 4 > rhs 3
          twin:           refuted - 3 replaced by 1; by example 2: lhs 2 > rhs 1
          defined at:     ...
        """
        ce = self.counterexample
        ce_label = "counterexample"
        if self.status == "conditional":
            ce_label = "without cond." if ce is not None else ce_label
        examples = str(self.examples)
        if self.status == "fails":
            examples = f"{self.examples} (the last one broke the claim, and was then shrunk)"
        lines = [
            f"{self.id} {self.equation}: {self.verdict}",
            f"  statement:      {self.statement}",
            f"  status:         {self.status} (expected {self.expected})",
            f"  examples:       {examples}",
            f"  tightness:      {_num(self.tightness)} (largest lhs/rhs seen with rhs > 0)",
            f"  max gap:        {_num(self.max_gap)}",
            f"  {ce_label + ':':<15} {_describe(ce, self.status)}",
        ]
        if self.condition:
            lines.append(f"  condition:      {self.condition}")
        twin = "refuted" if self.twin_refuted else "SURVIVED"
        refuted_by = ""
        if self.twin_counterexample is not None:
            refuted_by = f"; by {_describe(self.twin_counterexample, 'fails')}"
        lines.append(f"  twin:           {twin} - {self.twin_statement}{refuted_by}")
        if self.exhaustive is not None:
            lines.append(
                f"  exhaustive:     {self.exhaustive['cases']} cases checked exactly (every "
                f"weak ordering of <= {self.exhaustive['max_size']} boxes, each H(0))"
            )
        if self.supremum is not None:
            lines.append(
                f"  supremum:       known {_num(self.supremum)}, found {_num(self.tightness)} "
                f"- {self.supremum_reason}"
            )
        if self.coverage is not None:
            lines.append(f"  coverage:       {_coverage_line(self.coverage)}")
        if self.note:
            lines.append(f"  note:           {self.note}")
        if self.source:
            lines.append(f"  defined at:     {self.source}")
        return "\n".join(lines) + "\n"

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
            "exhaustive": None if self.exhaustive is None else dict(self.exhaustive),
            "supremum": self.supremum,
            "supremum_reason": self.supremum_reason,
            "coverage": to_jsonable(self.coverage),
        }


def _num(x: Any) -> str:
    """A number for reading: ``-`` for None, 4 significant digits for floats, exact else."""
    if x is None:
        return "-"
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, float):
        return f"{x:.4g}"
    return str(x)


def _coverage_line(cov: dict[str, Any]) -> str:
    """A coverage dict in one line: share certified inseparable, sizes, horizons."""
    share = cov.get("inseparable_share")
    sizes = cov.get("sizes") or {}
    return (
        f"{cov.get('certified_inseparable', '?')} of {cov.get('examples', '?')} examples "
        f"certified inseparable ({_num(share)}); |P| {sizes.get('P')}, |N| {sizes.get('N')}, "
        f"T {cov.get('horizons')}"
    )


def _describe(ce: Any, status: str) -> str:
    """A counterexample ``{"example", "lhs", "rhs"}`` in one line."""
    if ce is None:
        return "none found"
    if not (isinstance(ce, dict) and {"example", "lhs", "rhs"} <= set(ce)):
        return repr(ce)
    lhs, rhs = ce["lhs"], ce["rhs"]
    try:
        relation = ">" if lhs > rhs else ("<" if lhs < rhs else "vs")
    except TypeError:
        relation = "vs"
    return f"example {ce['example']!r}: lhs {_num(lhs)} {relation} rhs {_num(rhs)}"


# ------------------------------------------------------------------------------ storage


_HOME = "__hypothesis_home_directory"  # hypothesis.configuration's module-level setting


def storage_folder() -> Path:
    """The folder where the searches let hypothesis keep its caches (created if needed).

    Returns
    -------
    pathlib.Path
        ``$XDG_CACHE_HOME/aptheory/hypothesis`` (``~/.cache/aptheory/hypothesis`` when
        ``XDG_CACHE_HOME`` is unset), or ``<tempdir>/aptheory-hypothesis-<user id>`` when
        that folder cannot be created or written.

    Examples
    --------
    >>> storage_folder().name
    'hypothesis'
    """
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    for folder in (
        Path(base) / "aptheory" / "hypothesis",
        Path(tempfile.gettempdir()) / f"aptheory-hypothesis-{os.getuid()}" / "hypothesis",
    ):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(folder, os.W_OK):
            return folder
    return Path(tempfile.mkdtemp(prefix="aptheory-hypothesis-"))


@contextmanager
def isolated_storage() -> Iterator[Path | None]:
    """Within the block, hypothesis keeps its caches in :func:`storage_folder`, not ``./``.

    A storage directory the user chose (``HYPOTHESIS_STORAGE_DIRECTORY``, or
    ``hypothesis.configuration.set_hypothesis_home_dir``) is left alone; otherwise the
    previous setting is put back when the block ends, so that the user's own hypothesis tests
    keep their example database where it was. :func:`run_claim` uses it; nesting is harmless.

    Yields
    ------
    pathlib.Path or None
        The folder in use, or ``None`` when the user's own choice was kept.

    Examples
    --------
    >>> import os
    >>> with isolated_storage() as folder:
    ...     inside = os.getcwd() not in str(folder)
    >>> inside
    True
    """
    from hypothesis import configuration

    default = getattr(configuration, "__hypothesis_home_directory_default", None)
    previous = getattr(configuration, _HOME, None)
    chosen = previous is not None and previous != default
    if (
        chosen
        or os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY")
        or not hasattr(configuration, _HOME)
    ):
        # chosen implies previous is not None; the second test only narrows the type
        yield None if not chosen or previous is None else Path(previous)
        return
    folder = storage_folder()
    configuration.set_hypothesis_home_dir(folder)
    try:
        yield folder
    finally:
        setattr(configuration, _HOME, previous)


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
    seen: list[Any] | None = None  # the examples checked before a failure, when kept


def _search(
    check: Callable[[Any], tuple[Any, Any]],
    strategy: st.SearchStrategy,
    n: int,
    *,
    kind: ClaimKind,
    exact: bool,
    tolerance: float,
    shrink: bool = True,
    seed: int | None = None,
    keep: bool = False,
) -> _Search:
    """Run ``check`` on ``n`` examples; keep the max ratio and a shrunk failure.

    ``seed=None`` derandomises (hypothesis's fixed draw for the test); an int seeds the draw.
    """
    out = _Search(seen=[] if keep else None)
    phases = [Phase.explicit, Phase.generate] + ([Phase.shrink] if shrink else [])

    @settings(
        max_examples=n,
        derandomize=seed is None,
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
            if out.seen is not None:
                out.seen.append(example)
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

    if seed is not None:
        run = hypothesis_seed(seed)(run)
    try:
        with _without_local_constants():
            run()
    except _Broken:
        pass
    return out


@contextmanager
def _without_local_constants() -> Iterator[None]:
    """No constants from the user's local modules in the draws (restored afterwards)."""
    try:
        from hypothesis.internal.conjecture import providers
        from hypothesis.internal.constants_ast import Constants
    except ImportError:  # pragma: no cover - a hypothesis without local constants
        yield
        return
    original = getattr(providers, "_get_local_constants", None)
    cache = getattr(getattr(providers, "CONSTANTS_CACHE", None), "cache", None)
    if original is None or cache is None:  # pragma: no cover - other hypothesis versions
        yield
        return
    empty = Constants()
    providers._get_local_constants = lambda: empty
    cache.clear()  # the cache of permitted constants does not know where they came from
    try:
        yield
    finally:
        providers._get_local_constants = original
        cache.clear()


def _with_sides(example: Any, lhs_rhs: tuple[Any, Any] | None) -> Any:
    if example is None or lhs_rhs is None:
        return example
    return {"example": example, "lhs": lhs_rhs[0], "rhs": lhs_rhs[1]}


def run_claim(
    claim: Claim,
    max_examples: int = PROFILES["quick"],
    *,
    seed: int | None = None,
    exhaustive: int | None = None,
) -> ClaimResult:
    """Search ``claim`` (and its twin, and its unconditioned form) and report the outcome.

    Parameters
    ----------
    claim : Claim
        The claim to search.
    max_examples : int, default 60 (the ``quick`` profile)
        Examples per search (raised to ``claim.min_examples`` if that is larger). The search
        is derandomised: the same examples on every run and machine.
    seed : int, optional
        Search with this audit seed instead (``aptheory audit --seed N``): each of the three
        searches draws from :func:`search_seed` of ``seed``, the claim's id and the search.
        ``None`` (the default) is the fixed derandomised run.
    exhaustive : int, optional
        Also check the claim on every weak ordering of at most this many boxes, when it
        declares an exhaustive adaptor (:func:`aptheory.checking.exhaustive.run_exhaustive`;
        the audit passes 8 at the quick profile, 10 at thorough). ``None``: search only.

    Returns
    -------
    ClaimResult
        Status, tightness, largest gap, the shrunk counterexample and whether the twin was
        refuted.

    Examples
    --------
    >>> from hypothesis import strategies as st
    >>> c = Claim(id="x-le-3", equation="(0)", statement="x <= 3",
    ...           check=lambda x: (x, 3), strategy=lambda: st.integers(0, 10),
    ...           twin=lambda x: (x, 1), twin_statement="3 replaced by 1", exact=True)
    >>> run_claim(c).counterexample
    {'example': 4, 'lhs': 4, 'rhs': 3}
    """
    if not isinstance(claim, Claim):
        raise TypeError(f"claim must be a Claim, got {type(claim).__name__}")
    max_examples = check_int(max_examples, "max_examples", 1)
    if seed is not None:
        seed = check_int(seed, "seed")
    if exhaustive is not None:
        exhaustive = check_int(exhaustive, "exhaustive", 1)
    with isolated_storage():
        result = _run_claim(claim, max(max_examples, claim.min_examples), seed)
    if exhaustive is None or claim.exhaustive is None:
        return result
    from aptheory.checking.exhaustive import (
        merge_exhaustive,
        refute_twin_exhaustively,
        run_exhaustive,
    )

    result = merge_exhaustive(result, run_exhaustive(claim, exhaustive))
    if not result.twin_refuted:  # the twin may also be broken by an exhaustive case
        broken = refute_twin_exhaustively(claim, exhaustive)
        if broken is not None:
            result = replace(result, twin_refuted=True, twin_counterexample=broken)
    return result


def _run_claim(claim: Claim, n: int, seed: int | None = None) -> ClaimResult:
    opts = judge_options(kind=claim.kind, exact=claim.exact, tolerance=claim.tolerance)

    def seed_of(which: str) -> int | None:
        return None if seed is None else search_seed(seed, claim.id, which)

    main = _search(
        claim.check,
        claim.strategy(),
        n,
        seed=seed_of("main"),
        keep=claim.coverage is not None,
        **opts,
    )
    status: Status
    counterexample = None
    if main.broken:
        status, counterexample = "fails", _with_sides(main.counterexample, main.lhs_rhs)
    elif claim.unconditioned is not None:
        free = _search(claim.check, claim.unconditioned(), n, seed=seed_of("unconditioned"), **opts)
        if free.broken:
            status = "conditional"
            counterexample = _with_sides(free.counterexample, free.lhs_rhs)
        else:
            status = "holds"
    else:
        status = "holds"
    twin = _search(claim.twin, claim.strategy(), n, seed=seed_of("twin"), **opts)
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
        supremum=_supremum_value(claim),
        supremum_reason=_supremum_reason(claim),
        coverage=None if claim.coverage is None else claim.coverage(main.seen or []),
        section=claim.section,
        source=claim.source,
    )


def _supremum_value(claim: Claim) -> float | None:
    """The claim's derived supremum of lhs / rhs as a float (``None`` if it has none)."""
    sup = claim.supremum
    return None if sup is None or sup.value is None else float(sup.value)


def _supremum_reason(claim: Claim) -> str | None:
    """Why the supremum is what it is (``None`` when the claim has no known value)."""
    sup = claim.supremum
    return None if sup is None or sup.value is None else sup.summary()
