"""Run the claim registry and render the audit: a text table, Markdown and JSON.

The audit passes when every claim has the status it is documented to have (``expected``) and
every falsifiable twin was refuted by the claim's own strategy.

- :func:`run_audit` runs the built-in claims (and, on request, installed and outside claim
  sets, or a few claims by id) and returns an :class:`AuditReport`;
- :func:`render_text`, :func:`render_markdown` and :func:`render_json` turn a report into the
  CLI's table, the Markdown document of ``aptheory audit --markdown`` and the JSON list of
  ``aptheory audit --json``.

Example
-------
>>> from aptheory.checking.audit import render_text, run_audit
>>> report = run_audit("quick", ids=["eq14-lower-bound"], progress=False)
>>> report.ok
True
>>> print(render_text(report).splitlines()[-1])
1 claims, 0 mismatched or with a surviving twin (profile quick)
"""

from __future__ import annotations

import json
import multiprocessing
import pickle
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any

from aptheory.checking.claim import Claim
from aptheory.checking.exhaustive import MAX_SIZE
from aptheory.checking.registry import collect_claims
from aptheory.checking.search import PROFILES, ClaimResult, run_claim
from aptheory.core.progress import Progress
from aptheory.core.validation import check_bool, check_choice, check_int

__all__ = ["AuditReport", "render_json", "render_markdown", "render_text", "run_audit"]


@dataclass(frozen=True)
class AuditReport:
    """Results of one audit run at a named profile.

    Attributes
    ----------
    profile : str
        The profile the audit ran at (``"quick"`` or ``"thorough"``, see
        :data:`aptheory.checking.search.PROFILES`).
    results : tuple of ClaimResult
        One result a claim, in the order the claims were collected.
    examples : int or None
        The number of examples per claim when it overrode the profile's, else ``None``.
    seed : int or None
        The audit seed of ``--seed N``, or ``None`` for the fixed derandomised run.

    Examples
    --------
    >>> report = run_audit("quick", ids=["eq14-lower-bound", "eq15-stall-value"], progress=False)
    >>> report.ok, [r.id for r in report.results]
    (True, ['eq14-lower-bound', 'eq15-stall-value'])
    >>> report.by_id["eq14-lower-bound"].status
    'holds'
    """

    profile: str
    results: tuple[ClaimResult, ...]
    examples: int | None = None
    seed: int | None = None

    @property
    def ok(self) -> bool:
        """True when every claim has its expected status and every twin was refuted."""
        return all(r.ok for r in self.results)

    @property
    def by_id(self) -> dict[str, ClaimResult]:
        """The results keyed by claim id."""
        return {r.id: r for r in self.results}

    @property
    def failures(self) -> tuple[ClaimResult, ...]:
        """The results that are not ok (status mismatched or twin survived)."""
        return tuple(r for r in self.results if not r.ok)


def run_audit(
    profile: str = "quick",
    *,
    sections: Sequence[str] | None = None,
    progress: bool | None = None,
    jobs: int = 1,
    claims: Iterable[Any] = (),
    ids: Sequence[str] | None = None,
    examples: int | None = None,
    installed: bool = False,
    seed: int | None = None,
    exhaustive: bool = True,
) -> AuditReport:
    """Run every claim (of ``sections``, default all) with the profile's example count.

    Parameters
    ----------
    profile : {"quick", "thorough"}
        Examples per claim: 60 or 600 (:data:`~aptheory.checking.search.PROFILES`).
    sections : sequence of str, optional
        Only these built-in (or installed) claim sets; ``[]`` for none (only ``claims``).
        Outside ``claims`` are always run; naming their set (e.g. ``["mine"]``) runs only
        them, without importing the built-in sets.
    progress : bool or None
        Show a progress line (``None``: only on a terminal).
    jobs : int, default 1
        Worker processes (fork). Each claim's search is derandomised on its own, so the
        report is the same for any ``jobs``; outside claims reach the workers by inheritance
        (nothing is pickled but the results).
    claims : iterable of ClaimSource, default ()
        Outside claim sets audited with the built-in ones: module names, ``.py`` paths,
        modules, :class:`~aptheory.checking.claim.ClaimSet` objects or single claims (see
        :func:`aptheory.checking.registry.claims_from`).
    ids : sequence of str, optional
        Run only these claims, in this order; an unknown id raises ``ValueError``.
    examples : int, optional
        Examples per claim, overriding the profile's count.
    installed : bool, default False
        Also run the claim sets installed packages register (entry-point group
        ``aptheory.claimsets``); ``aptheory audit`` does.
    seed : int, optional
        Search every claim with this audit seed (``aptheory audit --seed N``; each search of
        each claim gets its own seed derived from it, see
        :func:`aptheory.checking.search.search_seed`). ``None``: the fixed derandomised run.
    exhaustive : bool, default True
        Also check every claim that declares an exhaustive adaptor on every weak ordering of
        at most 8 boxes (quick) or 10 (thorough), each tie value
        (:data:`aptheory.checking.exhaustive.MAX_SIZE`); the row's ``exhaustive`` key says
        how many cases. ``False`` skips that pass (the rows' key is then ``null``).

    Returns
    -------
    AuditReport

    Examples
    --------
    >>> from hypothesis import strategies as st
    >>> from aptheory.checking import Claim
    >>> mine = Claim(id="x-le-10", equation="(0)", statement="x <= 10",
    ...              check=lambda x: (x, 10), strategy=lambda: st.integers(0, 10),
    ...              twin=lambda x: (x, 5), twin_statement="10 replaced by 5", exact=True)
    >>> report = run_audit(sections=[], claims=[mine], examples=20, progress=False)
    >>> [(r.id, r.status, r.ok) for r in report.results]
    [('x-le-10', 'holds', True)]
    """
    check_choice(profile, "profile", tuple(PROFILES))
    jobs = check_int(jobs, "jobs", 1)
    check_bool(installed, "installed")
    check_bool(exhaustive, "exhaustive")
    if examples is not None:
        examples = check_int(examples, "examples", 1)
    if seed is not None:
        seed = check_int(seed, "seed", 0)
    chosen = collect_claims(sections, claims=claims, installed=installed, ids=ids)
    n = PROFILES[profile] if examples is None else examples
    size = MAX_SIZE[profile] if exhaustive else None
    bar = Progress(len(chosen), "audit", enabled=progress)
    if jobs == 1 or len(chosen) < 2:
        results = []
        for claim in chosen:
            results.append(run_claim(claim, n, seed=seed, exhaustive=size))
            bar.step(claim.id)
        return AuditReport(profile, tuple(results), examples, seed)
    ctx = multiprocessing.get_context("fork")
    by_index: dict[int, ClaimResult] = {}
    with ProcessPoolExecutor(
        max_workers=min(jobs, len(chosen)),
        mp_context=ctx,
        initializer=_init_worker,
        initargs=(chosen,),
    ) as pool:
        futures = {pool.submit(_run_index, k, n, seed, size): k for k in range(len(chosen))}
        for fut in as_completed(futures):
            k = futures[fut]
            result = fut.result()
            # a result whose example does not pickle is searched again here: same search
            by_index[k] = (
                result
                if result is not None
                else run_claim(chosen[k], n, seed=seed, exhaustive=size)
            )
            bar.step(chosen[k].id)
    return AuditReport(profile, tuple(by_index[k] for k in range(len(chosen))), examples, seed)


_WORKER_CLAIMS: tuple[Claim, ...] = ()


def _init_worker(claims: tuple[Claim, ...]) -> None:
    """Worker start: the claims arrive by fork (inherited, not pickled: they hold lambdas)."""
    global _WORKER_CLAIMS
    _WORKER_CLAIMS = claims


def _run_index(
    k: int, n: int, seed: int | None = None, exhaustive: int | None = None
) -> ClaimResult | None:
    """Worker: run claim ``k``; ``None`` when its result cannot be pickled back."""
    result = run_claim(_WORKER_CLAIMS[k], n, seed=seed, exhaustive=exhaustive)
    try:
        pickle.dumps(result)
    except Exception:
        return None
    return result


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.4g}"


def _rows(report: AuditReport) -> list[list[str]]:
    return [
        [
            r.id,
            r.equation,
            r.status,
            r.expected,
            str(r.examples),
            _fmt(r.tightness),
            _fmt(r.max_gap),
            "refuted" if r.twin_refuted else "SURVIVED",
            "ok" if r.ok else "MISMATCH",
        ]
        for r in report.results
    ]


_HEAD = ["id", "eq.", "status", "expected", "n", "tightness", "max gap", "twin", "verdict"]
_MD_HEAD = [*_HEAD[:6], "known sup.", *_HEAD[6:8], "exhaustive", _HEAD[8]]


def _exhaustive_cell(r: ClaimResult) -> str:
    if r.exhaustive is None:
        return "-"
    return f"{r.exhaustive['cases']:,} cases, <= {r.exhaustive['max_size']} boxes"


def _md_rows(report: AuditReport) -> list[list[str]]:
    """The rows of :func:`_rows` with the known supremum and the exhaustive cases added."""
    out = []
    for r, row in zip(report.results, _rows(report), strict=True):
        out.append([*row[:6], _fmt(r.supremum), *row[6:8], _exhaustive_cell(r), row[8]])
    return out


def _profile_label(report: AuditReport) -> str:
    label = (
        f"profile {report.profile}"
        if report.examples is None
        else f"{report.examples} examples per claim"
    )
    return label if report.seed is None else f"{label}, seed {report.seed}"


def render_text(report: AuditReport) -> str:
    """The audit as a fixed-width table, one claim a row, and a closing summary line.

    Parameters
    ----------
    report : AuditReport

    Returns
    -------
    str
        Columns id, equation, status, expected, number of examples, tightness, max gap, twin
        (``refuted`` or ``SURVIVED``) and verdict (``ok`` or ``MISMATCH``); the last line
        counts the claims that are not ok. This is what ``aptheory audit`` prints.

    Examples
    --------
    >>> report = run_audit("quick", ids=["eq14-lower-bound"], progress=False)
    >>> print(render_text(report))  # doctest: +NORMALIZE_WHITESPACE
    id                eq.   status  expected  n   tightness  max gap  twin     verdict
    eq14-lower-bound  (14)  holds   holds     60  1          0        refuted  ok
    1 claims, 0 mismatched or with a surviving twin (profile quick)
    <BLANKLINE>
    """
    rows = [_HEAD, *_rows(report)]
    widths = [max(len(r[k]) for r in rows) for k in range(len(_HEAD))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    bad = sum(not r.ok for r in report.results)
    lines.append(
        f"{len(report.results)} claims, {bad} mismatched or with a surviving twin "
        f"({_profile_label(report)})"
    )
    return "\n".join(lines) + "\n"


def render_markdown(report: AuditReport) -> str:
    """The audit as a Markdown document: the table, then conditions and findings.

    Parameters
    ----------
    report : AuditReport

    Returns
    -------
    str
        A ``# Proof audit`` heading, the table of :func:`render_text` as a Markdown table,
        then one item per claim with a condition, a note or a counterexample (as JSON). This
        is what ``aptheory audit --markdown PATH`` writes (and ``figures/audit.md``).

    Examples
    --------
    >>> report = run_audit("quick", ids=["eq14-lower-bound"], progress=False)
    >>> print(render_markdown(report).splitlines()[0])
    # Proof audit (profile `quick`)
    """
    heading = (
        f"profile `{report.profile}`"
        if report.examples is None
        else f"{report.examples} examples per claim"
    )
    out = [
        f"# Proof audit ({heading})",
        "",
        "tightness = largest lhs/rhs seen (found); known sup. = the derived supremum of lhs/rhs "
        "(known); max gap = largest lhs - rhs (identities: |lhs - rhs|); exhaustive = the "
        "(weak ordering, H(0)) cases checked exactly, every ordering of at most that many boxes.",
        "",
        "| " + " | ".join(_MD_HEAD) + " |",
        "|" + "---|" * len(_MD_HEAD),
    ]
    out += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in _md_rows(report)]
    notes = [
        r
        for r in report.results
        if r.condition
        or r.note
        or r.counterexample is not None
        or r.supremum_reason
        or r.coverage is not None
    ]
    if notes:
        out += ["", "## Conditions, findings and counterexamples", ""]
    for r in notes:
        out.append(f"- **{r.id}** {r.equation}: {r.statement}")
        if r.condition:
            out.append(f"  - condition: {r.condition}")
        if r.note:
            out.append(f"  - note: {r.note}")
        if r.counterexample is not None:
            ce = json.dumps(r.as_dict()["counterexample"])
            out.append(f"  - counterexample ({r.status}): `{ce}`")
        if r.supremum_reason:
            out.append(
                f"  - supremum of lhs/rhs: found {_fmt(r.tightness)}, known {_fmt(r.supremum)} "
                f"({r.supremum_reason})"
            )
        if r.coverage is not None:
            out.append(f"  - coverage: `{json.dumps(r.as_dict()['coverage'])}`")
    return "\n".join(out) + "\n"


def render_json(report: AuditReport) -> str:
    """The audit as a JSON list of claim rows (keys of :meth:`ClaimResult.as_dict`).

    Parameters
    ----------
    report : AuditReport

    Returns
    -------
    str
        One object a claim with the keys ``id``, ``equation``, ``statement``, ``status``,
        ``condition``, ``expected``, ``examples``, ``tightness``, ``twin_refuted``,
        ``counterexample`` (``null`` or ``{"example", "lhs", "rhs"}``), ``max_gap``,
        ``twin_statement``, ``twin_counterexample``, ``exact``, ``tolerance``, ``note``,
        ``exhaustive`` (``null`` or ``{"max_size": n, "cases": k}``: the claim was also
        checked exactly on k (weak ordering, H(0)) cases, every ordering of at most n boxes),
        ``supremum`` (``null`` or the derived supremum of lhs/rhs, to read against
        ``tightness``) with ``supremum_reason``, and ``coverage`` (``null``, or for a
        Section-3 claim what its search's examples covered: the share certified
        inseparable, the sizes |P|, |N| and the horizons T);
        examples are made JSON-ready by :func:`aptheory.checking.claim.to_jsonable`
        (fractions as strings). This is what ``aptheory audit --json`` prints.

    Examples
    --------
    >>> import json
    >>> report = run_audit("quick", ids=["eq14-lower-bound"], progress=False)
    >>> row = json.loads(render_json(report))[0]
    >>> row["id"], row["status"], row["twin_refuted"]
    ('eq14-lower-bound', 'holds', True)
    """
    return json.dumps([r.as_dict() for r in report.results], indent=2) + "\n"
