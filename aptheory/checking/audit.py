"""Run the claim registry and render the audit: a text table, Markdown and JSON.

The audit passes when every claim has the status it is documented to have (``expected``) and
every falsifiable twin was refuted by the claim's own strategy.
"""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass

from aptheory.claims import PROFILES, ClaimResult, registry, run_claim
from aptheory.core.progress import Progress
from aptheory.core.validation import check_choice, check_int

__all__ = ["AuditReport", "render_json", "render_markdown", "render_text", "run_audit"]


@dataclass(frozen=True)
class AuditReport:
    """Results of one audit run at a named profile."""

    profile: str
    results: tuple[ClaimResult, ...]

    @property
    def ok(self) -> bool:
        """True when every claim has its expected status and every twin was refuted."""
        return all(r.ok for r in self.results)


def run_audit(
    profile: str = "quick",
    *,
    sections: Sequence[str] | None = None,
    progress: bool | None = None,
    jobs: int = 1,
) -> AuditReport:
    """Run every claim (of ``sections``, default all) with the profile's example count.

    ``jobs > 1`` runs the claims in that many worker processes (each claim's search is
    derandomised on its own, so the report is the same for any ``jobs``).
    """
    check_choice(profile, "profile", tuple(PROFILES))
    jobs = check_int(jobs, "jobs", 1)
    claims = registry(sections)
    bar = Progress(len(claims), "audit", enabled=progress)
    n = PROFILES[profile]
    if jobs == 1 or len(claims) < 2:
        results = []
        for claim in claims:
            results.append(run_claim(claim, n))
            bar.step(claim.id)
        return AuditReport(profile, tuple(results))
    ctx = multiprocessing.get_context("fork")
    by_id: dict[str, ClaimResult] = {}
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        futures = {pool.submit(_run_one, tuple(sections or ()), c.id, n): c.id for c in claims}
        for fut in as_completed(futures):
            by_id[futures[fut]] = fut.result()
            bar.step(futures[fut])
    return AuditReport(profile, tuple(by_id[c.id] for c in claims))


def _run_one(sections: tuple[str, ...], claim_id: str, n: int) -> ClaimResult:
    """Worker: rebuild the registry (claims hold lambdas, which do not pickle), run one."""
    claim = next(c for c in registry(sections or None) if c.id == claim_id)
    return run_claim(claim, n)


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


def render_text(report: AuditReport) -> str:
    """A fixed-width table, one claim a row, and a closing summary line."""
    rows = [_HEAD, *_rows(report)]
    widths = [max(len(r[k]) for r in rows) for k in range(len(_HEAD))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    bad = sum(not r.ok for r in report.results)
    lines.append(
        f"{len(report.results)} claims, {bad} mismatched or with a surviving twin "
        f"(profile {report.profile})"
    )
    return "\n".join(lines) + "\n"


def render_markdown(report: AuditReport) -> str:
    """The audit as a Markdown document: the table, then conditions and findings."""
    out = [
        f"# Proof audit (profile `{report.profile}`)",
        "",
        "tightness = largest lhs/rhs seen; max gap = largest lhs - rhs (identities: |lhs - rhs|).",
        "",
        "| " + " | ".join(_HEAD) + " |",
        "|" + "---|" * len(_HEAD),
    ]
    out += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in _rows(report)]
    notes = [r for r in report.results if r.condition or r.note or r.counterexample is not None]
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
    return "\n".join(out) + "\n"


def render_json(report: AuditReport) -> str:
    """The audit as a JSON list of claim rows (keys of :meth:`ClaimResult.as_dict`)."""
    return json.dumps([r.as_dict() for r in report.results], indent=2) + "\n"
