"""Test configuration: derandomised hypothesis, and the audit run once per session."""

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
    """Every registered claim run once at the quick profile, on both cores: id -> ClaimResult."""
    report = run_audit("quick", progress=False, jobs=2)
    return {r.id: r for r in report.results}
