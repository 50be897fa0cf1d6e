"""The claims of Section 3 (aptheory.claimsets.inseparable) at the quick profile."""

from __future__ import annotations

import re

import pytest

from aptheory.claims import registry
from aptheory.sections.inseparable import claims as cs

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
            assert c.tolerance_reason and c.tolerance <= 2e-5
        if c.expected != "holds":
            assert c.note and c.condition and c.unconditioned is not None


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.id for c in CLAIMS])
def test_claim_has_its_expected_status_and_a_refuted_twin(results, claim):
    result = results[claim.id]
    assert result.status == claim.expected, result.counterexample
    assert result.twin_refuted, claim.twin_statement
    assert result.examples >= 1
    if claim.kind == "le" and result.tightness is not None:
        assert result.tightness <= 1.0 + 1e-9


def test_the_ties_remark_fails_exactly_under_h0_zero(results):
    result = results["eq28-harmonic-step"]
    example = result.counterexample["example"]
    assert example.at_zero == 0.0
    assert result.counterexample["lhs"] > result.counterexample["rhs"]


def test_run_specs_are_memoised_per_cache_and_deterministic():
    spec = cs.RunSpec("offline", 3, 7, 0.5, 0.3, 1, 3, 4, 2, 1.0, 1.0)
    cache = cs.RunCache()
    first = cache(spec)
    assert cache(spec) is first and len(cache) == 1
    fresh = cs.RunCache()  # a new cache (as each claims() call makes) starts empty
    assert len(fresh) == 0
    again = fresh(spec)
    assert again is not first
    assert again.bounds == first.bounds == cs.simulate_spec(spec).bounds
    assert first.z is not None
    online = cs.simulate_spec(spec._replace(setting="online"))
    assert online.z is None and online.bounds.bound29 is None


def test_offline_bound_29_needs_its_condition_only_in_the_proof(results):
    # (29) is proved through (28), which needs H(0) >= 1/2 (eq28-run breaks at H(0) = 0);
    # the unconditioned search with H(0) = 0 found no counterexample to (29) itself.
    claim = next(c for c in CLAIMS if c.id == "eq29-offline-bound")
    assert claim.condition and claim.unconditioned is not None
    assert results["eq28-run"].status == "conditional"
    assert results["eq28-run"].counterexample["example"].at_zero == 0.0
    assert results["eq29-offline-bound"].status == claim.expected
