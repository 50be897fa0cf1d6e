"""Test configuration: derandomised hypothesis, the audit run once per session, and the
groups that let the suite use both cores (``pytest -n 2 --dist loadgroup``, pytest-xdist).

Under xdist every worker has its own session, so a session fixture would be computed once per
worker. The expensive ones are therefore tied to a group, and every test that uses one runs in
that group's worker: the audit, the drawn figures, and each notebook are still computed once.
"""

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


#: session fixture -> xdist group of every test that uses it (each computed once per group)
EXPENSIVE_FIXTURES = {
    "audit_results": "audit",
    "drawn": "figures",
    "drawn_paper": "figures",
}


def _group_of(item: pytest.Item) -> str | None:
    """The xdist group of a test: its expensive fixture's, or its notebook's (one each)."""
    names = set(getattr(item, "fixturenames", ()))
    if "executed" in names:  # tests/test_notebooks.py: one execution per notebook
        callspec = getattr(item, "callspec", None)
        name = callspec.params.get("name") if callspec is not None else None
        return f"notebook-{name}" if name is not None else "notebooks"
    for fixture, group in EXPENSIVE_FIXTURES.items():
        if fixture in names:
            return group
    return None


@pytest.hookimpl(tryfirst=True)  # before xdist reads the marks (its hook suffixes node ids)
def pytest_collection_modifyitems(config, items):
    for item in items:
        group = _group_of(item)
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))
