"""The claims of Section 2: each has its documented status and its twin refuted."""

import pytest

from aptheory.sections.smoothed import model as ce
from aptheory.claims import registry
from aptheory.sections.smoothed import claims as cc

CLAIMS = {c.id: c for c in cc.claims()}


def test_registry_discovers_the_section():
    ids = [c.id for c in registry(["smoothed"])]
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


def test_stall_gap_is_resolved_for_large_theta1():
    # F - 1/6 = e^-theta1 / 2 + O(e^-2 theta1) for theta2 <= theta1 (first term of eq. (14)
    # is S(-theta1) (1 + O(e^-theta1)), the second 1/3 - O(e^-2 theta1)), so the checked ratio
    # |F - 1/6| e^theta1 tends to 1/2; at 30 fixed digits it would be 0 beyond theta1 ~ 70
    for th in ((200.0, 100.0), (1e3, -5.0), (1e3, 1e3)):
        ratio, one = cc._stall(th)
        assert one == 1.0 and ratio == pytest.approx(0.5, rel=1e-12)


def test_sigmoid_and_bounds_use_relative_errors():
    # a sigmoid returning 0 below x = -37 breaks the relative bound by a factor ~2^51
    assert cc._sigmoid_error(-40.0, 0.0)[0] > 1e15
    assert cc._sigmoid_check(-40.0)[0] <= 1.0
    # in the subnormal range S(x) < 2^-1022 the bound is absolute (expit returns 0 there)
    assert cc._sigmoid_check(-720.0)[0] <= 1.0


def test_tightness_is_reported_for_inequalities(results):
    for cid, c in CLAIMS.items():
        if c.kind == "le":
            assert results[cid].tightness is not None and results[cid].tightness <= 1.0 + 1e-9
