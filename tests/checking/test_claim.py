"""Tests of the claim registry itself: statuses, tightness, twins, exactness, registry."""

from fractions import Fraction

import pytest
from hypothesis import strategies as st

from aptheory.claims import registry, run_claim, to_jsonable
from aptheory.sections.ranking import claims as ranking_claims


def test_holding_claim_reports_tightness_and_refutes_twin(toy_claim):
    r = run_claim(toy_claim(), 50)
    assert r.status == "holds" and r.ok
    assert r.tightness == 1.0  # hypothesis reaches the boundary x = 10
    assert r.twin_refuted
    assert r.twin_counterexample == {"example": 6, "lhs": 6, "rhs": 5}  # shrunk to the smallest


def test_failing_claim_is_shrunk_to_the_smallest_counterexample(toy_claim):
    r = run_claim(toy_claim(check=lambda x: (x, 3)), 50)
    assert r.status == "fails" and not r.ok
    assert r.counterexample == {"example": 4, "lhs": 4, "rhs": 3}


def test_conditional_claim_records_the_counterexample_without_the_condition(toy_claim):
    c = toy_claim(
        condition="x <= 10",
        unconditioned=lambda: st.integers(0, 100),
        expected="conditional",
    )
    r = run_claim(c, 50)
    assert r.status == "conditional" and r.ok
    assert r.counterexample["example"] == 11


def test_unneeded_condition_is_reported_as_holds(toy_claim):
    c = toy_claim(unconditioned=lambda: st.integers(0, 10), expected="conditional")
    r = run_claim(c, 30)
    assert r.status == "holds" and not r.ok


def test_surviving_twin_fails_the_audit(toy_claim):
    r = run_claim(toy_claim(twin=lambda x: (x, 100)), 30)
    assert not r.twin_refuted and not r.ok


def test_exact_claims_refuse_floats(toy_claim):
    with pytest.raises(TypeError, match="exact"):
        run_claim(toy_claim(check=lambda x: (float(x), 10.0)), 5)


def test_float_claims_use_the_stated_tolerance_and_reject_nan(toy_claim):
    c = toy_claim(
        check=lambda x: (1.0 + 1e-12, 1.0),
        exact=False,
        kind="eq",
        tolerance=1e-9,
        tolerance_reason="t",
    )
    assert run_claim(c, 5).status == "holds"
    c = toy_claim(
        check=lambda x: (1.0 + 1e-6, 1.0),
        exact=False,
        kind="eq",
        tolerance=1e-9,
        tolerance_reason="t",
    )
    assert run_claim(c, 5).status == "fails"
    c = toy_claim(check=lambda x: (float("nan"), 1.0), exact=False, tolerance_reason="t")
    assert run_claim(c, 5).status == "fails"


@pytest.mark.parametrize(
    "changes, error, match",
    [
        ({"kind": "=="}, ValueError, "kind"),
        ({"kind": "ge"}, ValueError, "kind"),
        ({"expected": "hold"}, ValueError, "expected"),
        ({"expected": "conditional"}, ValueError, "unconditioned"),
        ({"exact": False}, ValueError, "tolerance_reason"),
        ({"exact": False, "tolerance": 0.0, "tolerance_reason": "r"}, ValueError, "> 0"),
        ({"exact": False, "tolerance": -1.0, "tolerance_reason": "r"}, ValueError, "tolerance"),
        ({"check": 3}, TypeError, "check"),
        ({"twin": None}, TypeError, "twin"),
        ({"statement": ""}, ValueError, "statement"),
        ({"id": "two words"}, ValueError, "id"),
        ({"min_examples": -1}, ValueError, "min_examples"),
    ],
)
def test_claim_refuses_nonsense_when_built(toy_claim, changes, error, match):
    with pytest.raises(error, match=match):
        toy_claim(**changes)


def test_claim_records_where_it_is_defined(toy_claim):
    c = toy_claim(check=lambda x: (x, 10))  # defined here, so recorded here
    assert c.source == f"{c.check.__code__.co_filename}:{c.check.__code__.co_firstlineno}"
    assert c.source.split(":")[0].endswith("test_claim.py")


def test_registration_form_builds_the_same_claim():
    from aptheory.checking.claim import EXACT, ClaimSet, Tolerance

    cs = ClaimSet("demo")

    @cs.claim("demo-bound", "(0)", "x <= 10", strategy=lambda: st.integers(0, 10), tol=EXACT)
    def bound(x):
        return x, 10

    @bound.twin("x <= 5")
    def _(x):
        return x, 5

    @cs.claim(
        "demo-float",
        "(0)",
        "x/3*3 == x",
        kind="eq",
        strategy=lambda: st.floats(-1, 1),
        tol=Tolerance(1e-12, "one rounding in each of two operations"),
    )
    def third(x):
        return x / 3 * 3, x

    third.twin("x/3*3 == x + 1")(lambda x: (x / 3 * 3, x + 1))
    built = cs.claims()
    assert [c.id for c in built] == ["demo-bound", "demo-float"]
    assert built[0].exact and built[0].section == "demo" and built[0].twin_statement == "x <= 5"
    assert not built[1].exact and built[1].tolerance == 1e-12
    assert all(run_claim(c, 30).ok for c in built)
    assert bound(3) == (3, 10)  # the decorated name still runs the check

    lonely = ClaimSet("lonely")
    lonely.claim("no-twin", "(0)", "x <= 1", strategy=lambda: st.just(0), tol=EXACT)(
        lambda x: (x, 1)
    )
    with pytest.raises(ValueError, match="twin"):
        lonely.claims()
    with pytest.raises(TypeError, match="tol"):
        lonely.claim("t", "(0)", "s", strategy=lambda: st.just(0), tol=1e-9)


def test_registry_accepts_repeated_and_old_section_names():
    def ids(sections):
        return [c.id for c in registry(sections)]

    assert ids(["ranking", "ranking"]) == ids(["ranking"])
    assert ids(["counterexample"]) == ids(["smoothed"])


def test_bad_example_count(toy_claim):
    with pytest.raises(ValueError, match="max_examples"):
        run_claim(toy_claim(), 0)


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
