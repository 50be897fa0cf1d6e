"""The generic test, once over the whole registry: documented status, twin refuted."""

import pytest

from aptheory.checking.registry import registry

CLAIMS = registry()


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.id)
def test_claim_has_its_documented_status_and_its_twin_is_refuted(audit_results, claim):
    r = audit_results[claim.id]
    assert r.status == claim.expected, (r.status, r.counterexample)
    assert r.twin_refuted, f"twin of {claim.id} survived: the strategy is too weak"


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.id)
def test_claim_metadata_is_complete(claim):
    assert claim.section is not None
    assert claim.source and ":" in claim.source
    if claim.expected == "conditional":
        assert claim.condition and claim.note
    if claim.expected != "holds":
        assert claim.note, f"{claim.id}: a claim that is not expected to hold says why"


def test_ids_are_unique_and_sections_in_the_supplements_order():
    ids = [c.id for c in CLAIMS]
    assert len(ids) == len(set(ids))
    order = ["ranking", "separable", "smoothed", "inseparable", "consistency"]
    seen = [c.section for c in CLAIMS]
    assert seen == sorted(seen, key=order.index)
