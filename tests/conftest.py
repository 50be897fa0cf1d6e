"""Test configuration: derandomised hypothesis (the same examples on every run and machine)."""

import matplotlib
import pytest
from hypothesis import HealthCheck, settings

from aptheory.claims import PROFILES, run_claim

matplotlib.use("Agg")

settings.register_profile(
    "aptheory",
    derandomize=True,
    deadline=None,
    database=None,
    max_examples=50,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("aptheory")


@pytest.fixture(scope="module")
def results(request):
    """Every claim of the test module's ``CLAIMS`` (dict or tuple) run once at the quick profile."""
    claims = request.module.CLAIMS
    claims = claims.values() if isinstance(claims, dict) else claims
    return {c.id: run_claim(c, PROFILES["quick"]) for c in claims}
