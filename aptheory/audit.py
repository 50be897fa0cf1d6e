"""Run the claim registry and render the audit: a text table, Markdown and JSON.

The audit passes when every claim has the status it is documented to have (``expected``) and
every falsifiable twin was refuted by the claim's own strategy.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from aptheory.claims import PROFILES, ClaimResult, registry, run_claim
from aptheory.progress import Progress

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
) -> AuditReport:
    """Run every claim (of ``sections``, default all) with the profile's example count."""
    if profile not in PROFILES:
        raise ValueError(f"profile must be one of {', '.join(PROFILES)}; got {profile!r}")
    claims = registry(sections)
    bar = Progress(len(claims), "audit", enabled=progress)
    results = []
    for claim in claims:
        results.append(run_claim(claim, PROFILES[profile]))
        bar.step(claim.id)
    return AuditReport(profile, tuple(results))


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
