"""The claims of Section 3 (aptheory.claimsets.inseparable) at the quick profile."""

from __future__ import annotations

import re

import pytest

from aptheory.claims import PROFILES, registry, run_claim
from aptheory.claimsets import inseparable as cs

CLAIMS = cs.claims()


def test_ids_are_unique_and_named_after_their_equation():
    ids = [c.id for c in CLAIMS]
    assert len(ids) == len(set(ids))
    for c in CLAIMS:
        assert c.id.startswith("eq")
        first = re.findall(r"\d+", c.equation)[0]
        assert c.id.startswith(f"eq{first}"), (c.id, c.equation)


def test_every_equation_16_to_32_is_covered():
    covered = set()
    for c in CLAIMS:
        for a, b in re.findall(r"\((\d+)\)(?:-\((\d+)\))?", c.equation):
            covered.update(range(int(a), int(b or a) + 1))
    assert set(range(16, 33)) <= covered, sorted(set(range(16, 33)) - covered)


def test_the_registry_discovers_the_section():
    assert {c.id for c in registry(["inseparable"])} == {c.id for c in CLAIMS}


def test_float_claims_say_why_their_tolerance():
    for c in CLAIMS:
        if not c.exact:
            assert c.tolerance_reason and c.tolerance <= 1e-4
        if c.expected != "holds":
            assert c.note and c.condition and c.unconditioned is not None


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.id for c in CLAIMS])
def test_claim_has_its_expected_status_and_a_refuted_twin(claim):
    result = run_claim(claim, PROFILES["quick"])
    assert result.status == claim.expected, result.counterexample
    assert result.twin_refuted, claim.twin_statement
    assert result.examples >= 1
    if claim.kind == "le" and result.tightness is not None:
        assert result.tightness <= 1.0 + 1e-9


def test_the_ties_remark_fails_exactly_under_h0_zero():
    claim = next(c for c in CLAIMS if c.id == "eq28-harmonic-step")
    result = run_claim(claim, PROFILES["quick"])
    example = result.counterexample["example"]
    assert example.at_zero == 0.0
    assert result.counterexample["lhs"] > result.counterexample["rhs"]


def test_run_specs_are_memoised_and_deterministic():
    spec = cs.RunSpec("offline", 3, 7, 0.5, 0.3, 1, 3, 4, 2, 1.0, 1.0)
    first = cs.simulate_spec(spec)
    assert cs.simulate_spec(spec) is first
    cs.simulate_spec.cache_clear()
    again = cs.simulate_spec(spec)
    assert again is not first
    assert again.bounds == first.bounds
