"""The claims of Section 2: each has its documented status and its twin refuted."""

import pytest

from aptheory import counterexample as ce
from aptheory.claims import PROFILES, registry, run_claim
from aptheory.claimsets import counterexample as cc

CLAIMS = {c.id: c for c in cc.claims()}


@pytest.fixture(scope="module")
def results():
    return {cid: run_claim(c, PROFILES["quick"]) for cid, c in CLAIMS.items()}


def test_registry_discovers_the_section():
    ids = [c.id for c in registry(["counterexample"])]
    assert ids == list(CLAIMS)
    equations = " ".join(c.equation for c in CLAIMS.values())
    for k in range(11, 16):
        assert f"({k})" in equations


def test_thresholds_are_the_certified_ones():
    assert ce.certify_chain_cone().theta1_min == cc.T_CONE
    assert ce.certify_dtheta2().theta1_min == cc.T_RIGHT
    assert ce.certify_chain_cone().certified and ce.certify_dtheta2().certified


@pytest.mark.parametrize("cid", list(CLAIMS))
def test_claim_status_and_twin(results, cid):
    r = results[cid]
    assert r.status == r.expected, (r.status, r.counterexample)
    assert r.twin_refuted, f"twin of {cid} survived"
    assert r.ok


def test_conditional_claims_record_a_counterexample(results):
    for cid, c in CLAIMS.items():
        if c.expected == "conditional":
            assert c.condition and results[cid].counterexample is not None


def test_chain_counterexample_lies_below_the_threshold(results):
    ex = results["eq15-chain-left"].counterexample["example"]
    t1, t2 = ex
    assert 0 < t2 < t1 < ce.chain_threshold(t2 / t1)


def test_tightness_is_reported_for_inequalities(results):
    for cid, c in CLAIMS.items():
        if c.kind == "le":
            assert results[cid].tightness is not None and results[cid].tightness <= 1.0 + 1e-9
