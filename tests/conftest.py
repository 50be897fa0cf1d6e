"""Test configuration: derandomised hypothesis, and the audit run once per test run.

The README's command uses both cores (``pytest -n 2 --dist loadfile``, pytest-xdist): each
file's tests run in one worker, so a session fixture defined in a test file (the drawn figures,
the executed notebooks) is computed once. The audit is used by many files, so its result is
shared between the workers through a pickle beside xdist's temporary folders, written by the
first worker that needs it under a file lock (the pattern of pytest-xdist's documentation).
"""

import fcntl
import os
import pickle

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


def _run_session_audit():
    """Every registered claim at the quick profile, on both cores: id -> ClaimResult."""
    chosen = os.environ.get("APTHEORY_AUDIT_SECTIONS")
    sections = [s for s in chosen.split(",") if s] if chosen else None
    report = run_audit("quick", sections=sections, progress=False, jobs=2)
    return {r.id: r for r in report.results}


@pytest.fixture(scope="session")
def audit_results(tmp_path_factory, worker_id):
    """Every registered claim run once at the quick profile, on both cores: id -> ClaimResult.

    Under xdist the first worker that asks runs the audit and the others read its pickle.
    For a faster edit-test loop on one section, set ``APTHEORY_AUDIT_SECTIONS=name[,name]``:
    only those sections are audited (tests of other sections' claims then fail with a
    KeyError, so the full suite never runs that way by accident).
    """
    if worker_id == "master":  # not under xdist
        return _run_session_audit()
    shared = tmp_path_factory.getbasetemp().parent  # the same folder for every worker
    key = os.environ.get("APTHEORY_AUDIT_SECTIONS", "all").replace(",", "-")
    path = shared / f"audit-{key}.pickle"
    with open(shared / f"audit-{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if path.is_file():
            return pickle.loads(path.read_bytes())
        results = _run_session_audit()
        try:
            path.write_bytes(pickle.dumps(results))
        except (pickle.PicklingError, TypeError, AttributeError):
            pass  # a result that does not pickle: the other worker runs its own audit
        return results
