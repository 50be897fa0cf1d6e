"""Tests of the claim registry itself: statuses, tightness, twins, exactness, registry."""

from fractions import Fraction

import pytest
from hypothesis import strategies as st

from aptheory.claims import Claim, registry, run_claim, to_jsonable
from aptheory.claimsets import ranking as ranking_claims


def _claim(**kw):
    base = dict(
        id="t",
        equation="(0)",
        statement="x <= 10",
        check=lambda x: (x, 10),
        strategy=lambda: st.integers(0, 10),
        twin=lambda x: (x, 5),
        twin_statement="x <= 5",
        exact=True,
    )
    base.update(kw)
    return Claim(**base)


def test_holding_claim_reports_tightness_and_refutes_twin():
    r = run_claim(_claim(), 50)
    assert r.status == "holds" and r.ok
    assert r.tightness == 1.0  # hypothesis reaches the boundary x = 10
    assert r.twin_refuted
    assert r.twin_counterexample == {"example": 6, "lhs": 6, "rhs": 5}  # shrunk to the smallest


def test_failing_claim_is_shrunk_to_the_smallest_counterexample():
    r = run_claim(_claim(check=lambda x: (x, 3)), 50)
    assert r.status == "fails" and not r.ok
    assert r.counterexample == {"example": 4, "lhs": 4, "rhs": 3}


def test_conditional_claim_records_the_counterexample_without_the_condition():
    c = _claim(
        condition="x <= 10",
        unconditioned=lambda: st.integers(0, 100),
        expected="conditional",
    )
    r = run_claim(c, 50)
    assert r.status == "conditional" and r.ok
    assert r.counterexample["example"] == 11


def test_unneeded_condition_is_reported_as_holds():
    c = _claim(unconditioned=lambda: st.integers(0, 10), expected="conditional")
    r = run_claim(c, 30)
    assert r.status == "holds" and not r.ok


def test_surviving_twin_fails_the_audit():
    r = run_claim(_claim(twin=lambda x: (x, 100)), 30)
    assert not r.twin_refuted and not r.ok


def test_exact_claims_refuse_floats():
    with pytest.raises(TypeError, match="exact"):
        run_claim(_claim(check=lambda x: (float(x), 10.0)), 5)


def test_float_claims_use_the_stated_tolerance_and_reject_nan():
    c = _claim(check=lambda x: (1.0 + 1e-12, 1.0), exact=False, kind="eq", tolerance=1e-9)
    assert run_claim(c, 5).status == "holds"
    c = _claim(check=lambda x: (1.0 + 1e-6, 1.0), exact=False, kind="eq", tolerance=1e-9)
    assert run_claim(c, 5).status == "fails"
    c = _claim(check=lambda x: (float("nan"), 1.0), exact=False)
    assert run_claim(c, 5).status == "fails"


def test_bad_example_count():
    with pytest.raises(ValueError, match="max_examples"):
        run_claim(_claim(), 0)


def test_registry_sections_and_unknown_section():
    ids = [c.id for c in registry(["ranking"])]
    assert {"eq17-one-minus-ap", "eq3-row-sum", "eq3-row-bound"} <= set(ids)
    with pytest.raises(ValueError, match="unknown claim section"):
        registry(["nope"])


@pytest.mark.parametrize("claim", ranking_claims.claims(), ids=lambda c: c.id)
def test_ranking_claims_hold_with_twins_refuted(claim):
    r = run_claim(claim, 60)
    assert r.status == claim.expected == "holds"
    assert r.twin_refuted
    assert r.tightness is not None and r.tightness <= 1 + 1e-12


def test_to_jsonable_handles_examples():
    import numpy as np

    data = to_jsonable({"a": np.array([1.5, 2.0]), "f": Fraction(1, 3), "t": (np.bool_(True),)})
    assert data == {"a": [1.5, 2.0], "f": "1/3", "t": [True]}
