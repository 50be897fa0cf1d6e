"""The claims of Section 1 (Proposition 1): each has its documented status and its twin refuted."""

from fractions import Fraction

import pytest

from aptheory.claims import registry
from aptheory.sections.separable import claims as sep

CLAIMS = {c.id: c for c in sep.claims()}


def test_registry_discovers_the_section():
    ids = [c.id for c in registry(["separable"])]
    assert ids == list(CLAIMS)
    assert len(set(ids)) == len(ids)
    assert all(cid.startswith("eq") for cid in ids)


def test_every_equation_of_the_proof_has_a_claim():
    equations = {c.equation for c in CLAIMS.values()}
    assert equations == {f"({k})" for k in range(1, 11)}


@pytest.mark.parametrize("cid", list(CLAIMS))
def test_claim_has_its_expected_status_and_its_twin_is_refuted(results, cid):
    r = results[cid]
    assert r.status == r.expected, (r.status, r.counterexample)
    assert r.twin_refuted, f"twin of {cid} survived: the strategy is too weak"
    assert r.ok


def test_conditional_claims_name_their_condition_and_counterexample(results):
    for cid, c in CLAIMS.items():
        if c.expected == "conditional":
            assert c.condition and c.unconditioned is not None and c.note
            assert results[cid].counterexample is not None


def test_last_line_of_eq4_breaks_at_h0_half_on_the_smallest_tie(results):
    ce = results["eq4-max-ge-inverse-size"].counterexample
    ex = ce["example"]
    assert ex.at_zero == Fraction(1, 2) and ex.positive == (True, False)
    assert ex.scores()[0] == ex.scores()[1]  # a tie
    assert (ce["lhs"], ce["rhs"]) == (Fraction(1, 2), Fraction(1, 3))


def test_norm_bound_breaks_only_at_h0_zero_with_five_positives(results):
    r = results["eq7-norm-bound"]
    ex = r.counterexample["example"]
    assert ex.at_zero == 0 and ex.n_pos == 5 and ex.n_neg == 1
    assert r.counterexample["lhs"] == Fraction(25, 4) * r.counterexample["rhs"] / 5
    assert r.tightness is not None and r.tightness < 1


def test_trajectory_lines_break_at_h0_half_on_a_single_pair(results):
    for cid in ("eq4-step-gain", "eq5-lower-bound", "eq6-linear-growth", "eq9-sandwich"):
        ex = results[cid].counterexample["example"]
        assert ex.at_zero == 0.5 and ex.sizes == ((1, 1),), cid


def test_eq10_fails_only_by_never_stopping_at_h0_zero(results):
    ce = results["eq10-steps"].counterexample
    assert ce["example"].at_zero == 0.0 and ce["lhs"] == float("inf")
    assert results["eq10-steps-corrected"].status == "holds"


def test_worst_helper_reports_a_violation_first():
    assert sep._worst([1.0, 3.0, 2.0], [2.0, 2.0, 4.0]) == (3.0, 2.0)
    assert sep._worst([1.0, 1.5], [2.0, 2.0]) == (1.5, 2.0)
    assert sep._worst([], []) == (0.0, 0.0)
    assert sep._worst([float("inf")], [1.0]) == (float("inf"), 1.0)
    assert sep._worst_eq([1.0, 2.0], [1.0, 2.5]) == (2.0, 2.5)


def test_eq1_recomputes_the_margin_on_unverified_samples():
    spec = sep.RunSpec(((2, 3), (1, 2)), 2, 0.1, "generic", 2.0, 7, 1.0)
    eps, margin = sep._eq1(spec)
    assert eps == 0.1 and margin >= eps
    assert margin == pytest.approx(spec.problem().margin, rel=1e-12)
    samples, theta = spec.samples()  # the same draw, before SeparableProblem's check
    for a, b in zip(samples, spec.problem().samples, strict=True):
        assert (a.features == b.features).all()
    assert sep._eq1(spec, 2.0)[0] > margin  # the twin's doubled margin is refuted
