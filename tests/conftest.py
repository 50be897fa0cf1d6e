"""Test configuration: derandomised hypothesis, and the audit run once per session."""

import os

import pytest
from hypothesis import HealthCheck, settings

from aptheory.checking.audit import run_audit

settings.register_profile(
    "aptheory",
    derandomize=True,
    deadline=None,
    database=None,
    max_examples=50,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("aptheory")


@pytest.fixture(scope="session")
def audit_results():
    """Every registered claim run once at the quick profile, on both cores: id -> ClaimResult.

    For a faster edit-test loop on one section, set ``APTHEORY_AUDIT_SECTIONS=name[,name]``:
    only those sections are audited (tests of other sections' claims then fail with a
    KeyError, so the full suite never runs that way by accident).
    """
    chosen = os.environ.get("APTHEORY_AUDIT_SECTIONS")
    sections = [s for s in chosen.split(",") if s] if chosen else None
    report = run_audit("quick", sections=sections, progress=False, jobs=2)
    return {r.id: r for r in report.results}
