"""The claims of Section 1 (Proposition 1): section-specific findings of the audit."""

from fractions import Fraction

import numpy as np
import pytest

from aptheory.checking.registry import registry
from aptheory.sections.separable import claims as sep
from aptheory.sections.separable.examples import SeparableRunSpec

CLAIMS = {c.id: c for c in sep.CLAIMS.claims()}


def test_registry_discovers_the_section():
    ids = [c.id for c in registry(["separable"])]
    assert ids == list(CLAIMS)
    assert len(set(ids)) == len(ids)
    assert all(cid.startswith("eq") for cid in ids)


def test_every_equation_of_the_proof_has_a_claim():
    equations = {c.equation for c in CLAIMS.values()}
    assert equations == {f"({k})" for k in range(1, 11)}


def test_conditional_claims_name_their_condition_and_counterexample(audit_results):
    for cid, c in CLAIMS.items():
        if c.expected == "conditional":
            assert c.condition and c.unconditioned is not None and c.note
            assert audit_results[cid].counterexample is not None


def test_last_line_of_eq4_breaks_at_h0_half_on_the_smallest_tie(audit_results):
    ce = audit_results["eq4-max-ge-inverse-size"].counterexample
    ex = ce["example"]
    assert ex.at_zero == Fraction(1, 2) and ex.positive == (True, False)
    assert ex.scores()[0] == ex.scores()[1]  # a tie
    assert (ce["lhs"], ce["rhs"]) == (Fraction(1, 2), Fraction(1, 3))


def test_norm_bound_breaks_only_at_h0_zero_with_five_positives(audit_results):
    r = audit_results["eq7-norm-bound"]
    ex = r.counterexample["example"]
    assert ex.at_zero == 0 and ex.n_pos == 5 and ex.n_neg == 1
    assert r.counterexample["lhs"] == Fraction(25, 4) * r.counterexample["rhs"] / 5
    assert r.tightness is not None and r.tightness < 1


def test_trajectory_lines_break_at_h0_half_on_a_single_pair(audit_results):
    for cid in ("eq4-step-gain", "eq5-lower-bound", "eq6-linear-growth", "eq9-sandwich"):
        ex = audit_results[cid].counterexample["example"]
        assert ex.at_zero == 0.5 and ex.sizes == ((1, 1),), cid


def test_eq10_fails_only_by_never_stopping_at_h0_zero(audit_results):
    ce = audit_results["eq10-steps"].counterexample
    assert ce["example"].at_zero == 0.0 and ce["lhs"] == float("inf")
    assert audit_results["eq10-steps-corrected"].status == "holds"


def test_eq1_claim_and_its_twin_on_one_problem():
    spec = SeparableRunSpec(((2, 3), (1, 2)), 2, 0.1, "generic", 2.0, 7, 1.0)
    eps, margin = sep.eq1_margin(spec)
    assert eps == 0.1 and margin >= eps
    assert margin == pytest.approx(spec.problem().margin, rel=1e-12)
    doubled, same = CLAIMS["eq1-margin"].twin(spec)
    assert same == margin and doubled == 0.2 > margin  # the twin's doubled margin is refuted


def test_eq5_min_size_counterexample_is_the_unequal_sizes_run(audit_results):
    ce = audit_results["eq5-min-size"].counterexample
    assert sep.eq5_min_size(ce["example"]) == (ce["lhs"], ce["rhs"])
    assert ce["lhs"] > ce["rhs"]  # epsilon t / min size above <theta(t), theta*>


def _run_claims():
    """The claims checked on runs (their strategy draws SeparableRunSpec)."""
    return [c for c in CLAIMS.values() if "SeparableRunSpec" in repr(c.strategy())]


def test_stacked_samples_change_no_trajectory_claim():
    """Eq. (1) asks for separability within each sample only. Shifting each sample along
    theta* (stacked: not separable across samples) leaves every trajectory claim's worst
    (lhs, rhs) unchanged up to rounding: the algorithm and every line of the proof use only
    within-sample differences f_i - f_j and within-sample orderings."""
    claims = _run_claims()
    assert len(claims) == 18
    for sizes, kind, h in [
        (((2, 3), (1, 2)), "generic", 1.0),
        (((3, 1), (1, 1), (2, 2)), "duplicates", 0.5),
        (((1, 1), (4, 2)), "collinear", 1.0),
    ]:
        flat = SeparableRunSpec(sizes, 2, 0.2, kind, 1.0, 3, h)
        tall = SeparableRunSpec(sizes, 2, 0.2, kind, 1.0, 3, h, stacked=True)
        for c in claims:
            for check in (c.check, c.twin):
                a, b = check(flat), check(tall)
                if c.kind == "eq":  # the worst entry is a rounding pick: compare the gaps
                    gap_a, gap_b = (abs(x - y) / max(1.0, abs(x), abs(y)) for x, y in (a, b))
                    assert gap_b == pytest.approx(gap_a, abs=1e-8), c.id
                else:
                    np.testing.assert_allclose(b, a, rtol=1e-8, atol=1e-9, err_msg=c.id)
