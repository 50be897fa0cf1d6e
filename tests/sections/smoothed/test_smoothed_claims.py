"""Section 2, claims: registration, thresholds, and what the recorded results show.

That every claim has its documented status and a refuted twin is tested once for the whole
registry (tests/checking/test_registry_claims.py); here are the section's own assertions.
"""

import pytest

from aptheory.checking.registry import registry
from aptheory.sections.smoothed import claims as cc
from aptheory.sections.smoothed.certificates import certify_chain_cone, certify_dtheta2_sturm
from aptheory.sections.smoothed.threshold import chain_threshold

CLAIMS = {c.id: c for c in cc.CLAIMS.claims()}


def test_registry_discovers_the_section():
    ids = [c.id for c in registry(["smoothed"])]
    assert ids == list(CLAIMS)
    assert [c.id for c in registry(["counterexample"])] == ids  # the 0.1 section name
    equations = " ".join(c.equation for c in CLAIMS.values())
    for k in range(11, 16):
        assert f"({k})" in equations


def test_every_claim_is_written_in_this_module():
    for c in CLAIMS.values():
        assert c.section == "smoothed"
        assert c.source.startswith(cc.__file__)


def test_thresholds_are_the_certified_ones(polynomials):
    cone = certify_chain_cone(polynomials=polynomials)
    right = certify_dtheta2_sturm(polynomials=polynomials)
    assert cone.theta1_min == cc.T_CONE
    assert right.theta1_min == cc.T_RIGHT
    assert cone.certified and right.certified


def test_conditional_claims_record_a_counterexample(audit_results):
    for cid, c in CLAIMS.items():
        if c.expected == "conditional":
            assert c.condition and audit_results[cid].counterexample is not None


def test_chain_counterexample_lies_below_the_threshold(audit_results, polynomials):
    t1, t2 = audit_results["eq15-chain-left"].counterexample["example"]
    assert 0 < t2 < t1 < chain_threshold(t2 / t1, polynomials=polynomials)


def test_stall_gap_is_resolved_for_large_theta1():
    # F - 1/6 = e^-theta1 / 2 + O(e^-2 theta1) for theta2 <= theta1 (first term of eq. (14)
    # is S(-theta1) (1 + O(e^-theta1)), the second 1/3 - O(e^-2 theta1)), so the checked ratio
    # |F - 1/6| e^theta1 / (1/2) tends to 1; at 30 fixed digits it would be 0 beyond
    # theta1 ~ 70
    for th in ((200.0, 100.0), (1e3, -5.0), (1e3, 1e3)):
        ratio, one = cc.stall_value(th)
        assert one == 1.0 and ratio == pytest.approx(1.0, rel=1e-12)


def test_sigmoid_and_bounds_use_relative_errors():
    # a sigmoid returning 0 below x = -37 breaks the relative bound by a factor ~2^51
    assert cc.sigmoid_error(-40.0, 0.0)[0] > 1e15
    assert cc.sigmoid_stable(-40.0)[0] <= 1.0
    # in the subnormal range S(x) < 2^-1022 the bound is absolute (expit returns 0 there)
    assert cc.sigmoid_stable(-720.0)[0] <= 1.0


def test_tightness_is_reported_for_inequalities(audit_results):
    for cid, c in CLAIMS.items():
        if c.kind == "le":
            tightness = audit_results[cid].tightness
            assert tightness is not None and tightness <= 1.0 + 1e-9
