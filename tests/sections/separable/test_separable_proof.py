"""Tests of aptheory.sections.separable.proof: the proof's lines on a run, one way to judge them."""

import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import strategies as st

from aptheory.checking.search import run_claim
from aptheory.core.linear import Sample
from aptheory.sections.separable import proof
from aptheory.sections.separable.algorithm import error_driven_update, simulate_error_driven
from aptheory.sections.separable.claims import CLAIMS
from aptheory.sections.separable.examples import SeparableRunSpec
from aptheory.sections.separable.problems import SeparableProblem
from aptheory.sections.separable.proof import (
    PROOF_LINES,
    TRAJECTORY_TOL,
    LineFamily,
    exact_updates,
    line_verdict,
    proof_lines,
    worst_pair,
)

BY_ID = {c.id: c for c in CLAIMS.claims()}
# Proof lines whose claim is checked on runs (the others are claims over all orderings).
ON_RUNS = [
    row
    for row in PROOF_LINES
    if row[3]
    not in {"eq4-sum-ge-max", "eq4-max-ge-inverse-size", "eq7-cross-term", "eq7-norm-bound"}
]
SPECS = [
    SeparableRunSpec(((2, 3), (1, 2)), 2, 0.1, "generic", 2.0, 7, 1.0),
    SeparableRunSpec(((2, 3), (1, 2)), 2, 0.1, "generic", 2.0, 7, 0.5),
    SeparableRunSpec(((2, 3), (1, 2)), 2, 0.1, "duplicates", 1.0, 3, 0.0),
    SeparableRunSpec(((1, 1),), 1, 1.0, "generic", 1.0, 0, 0.5),  # breaks (4)-(6), (9) at t = 1
    SeparableRunSpec(((4, 1), (1, 3)), 3, 0.2, "collinear", 0.5, 11, 1.0),
]


def test_worst_pair_reports_a_violation_first():
    assert worst_pair(LineFamily.le([1.0, 3.0, 2.0], [2.0, 2.0, 4.0])) == (3.0, 2.0)
    assert worst_pair(LineFamily.le([1.0, 1.5], [2.0, 2.0])) == (1.5, 2.0)
    assert worst_pair(LineFamily.le([], [])) == (0.0, 0.0)
    assert worst_pair(LineFamily.le([float("inf")], [1.0])) == (float("inf"), 1.0)
    assert worst_pair(LineFamily.eq([1.0, 2.0], [1.0, 2.5])) == (2.0, 2.5)


def test_line_verdict_reads_the_worst_instance():
    assert line_verdict(LineFamily.le([1.0, 1.5], [2.0, 2.0])) == (0.75, True)
    assert line_verdict(LineFamily.le([1.0, 3.0], [2.0, 2.0])) == (1.5, False)
    assert line_verdict(LineFamily.le([-2.0, 0.0], [0.0, 0.0])) == (0.0, True)  # rhs 0: lhs - rhs
    assert line_verdict(LineFamily.le([1.0], [0.0])) == (math.inf, False)
    assert line_verdict(LineFamily.le([], [])) == (None, True)
    gap, ok = line_verdict(LineFamily.eq([1.0, 2.0], [1.0, 2.5]))
    assert gap == pytest.approx(0.2) and not ok
    # within the tolerance: holds
    assert line_verdict(LineFamily.le([1.0 + 1e-12], [1.0]))[1]
    assert not line_verdict(LineFamily.le([1.0 + 1e-8], [1.0]))[1]


def test_line_family_validates_its_sides():
    with pytest.raises(ValueError, match="kind"):
        LineFamily("lt", np.zeros(1), np.zeros(1))
    with pytest.raises(ValueError, match="rhs"):
        LineFamily("le", np.zeros(2), np.zeros(3))


def test_eq1_recomputes_the_margin_on_unverified_samples():
    spec = SPECS[0]
    samples, theta = spec.samples()  # the same draw, before SeparableProblem's check
    family = proof.eq1_margin(samples, theta, spec.epsilon)
    eps, margin = worst_pair(family)
    assert eps == 0.1 and margin >= eps
    assert margin == pytest.approx(spec.problem().margin, rel=1e-12)
    for a, b in zip(samples, spec.problem().samples, strict=True):
        assert (a.features == b.features).all()


def test_exact_updates_match_the_float_updates(problem, runs):
    tr = runs[1.0]
    want = [
        error_driven_update(problem.samples[k], th, at_zero=1.0)
        for k, th in zip(tr.chosen, tr.thetas[:-1], strict=True)
    ]
    np.testing.assert_allclose(exact_updates(tr), np.array(want), rtol=1e-12, atol=1e-15)


def test_proof_table_on_a_live_run_per_tie_value(problem, runs):
    lines = proof_lines(runs[1.0])
    ok1 = {r.equation: r for r in lines}
    assert len(ok1) == len(lines)  # every line has its own label ("(6) line 1", "(6) line 2")
    assert {"(6) line 1", "(6) line 2"} <= set(ok1)
    assert all(r.holds for r in ok1.values())
    assert all(r.ratio <= 1 + 1e-9 for r in ok1.values() if r.equation != "(7) line 2")
    assert ok1["(7) line 2"].ratio <= 0  # the largest cross term, rhs 0
    zero = {r.equation: r for r in proof_lines(runs[0.0])}
    assert not zero["(4) line 4"].holds and not zero["(5)"].holds and not zero["(10)"].holds
    s = Sample(np.array([[1.0], [0.0]]), np.array([True, False]))
    half_run = simulate_error_driven(SeparableProblem((s,), np.array([1.0]), 1.0), at_zero=0.5)
    half = {r.equation: r for r in proof_lines(half_run)}
    assert not half["(4) line 4"].holds and half["(4) line 4"].ratio == pytest.approx(1.5)
    assert not half["(5)"].holds and half["(10)"].holds
    # no step: the per-step lines have no instance, reported as None (not NaN)
    none = {r.equation: r for r in proof_lines(simulate_error_driven(problem, rng=0, max_steps=0))}
    assert none["(7) line 2"].ratio is None and none["(7) line 2"].holds
    assert none["(4) line 2"].ratio is None and none["(10)"].ratio == math.inf


def test_every_proof_line_names_a_claim_of_the_section(runs):
    for line in proof_lines(runs[1.0]):
        assert line.claim in BY_ID, line
        assert BY_ID[line.claim].equation.strip("()") in line.equation


def test_proof_lines_refuses_a_non_trace():
    with pytest.raises(TypeError, match="trace"):
        proof_lines("nope")


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: f"{s.sizes}-h{s.at_zero}")
def test_proof_table_and_audit_agree_on_a_run(spec):
    """The audit's own search, on this one run, gives each line the proof table's verdict."""
    table = {r.claim: r for r in proof_lines(spec.trace())}
    for label, _, family, cid in ON_RUNS:
        claim = BY_ID[cid]
        one = replace(
            claim, strategy=lambda s=spec: st.just(s), unconditioned=None, expected="holds"
        )
        status = run_claim(one, max_examples=1).status
        assert (status == "holds") == table[cid].holds, (label, status)
        if cid != "eq9-sandwich":  # (9)'s claim also reports the upper side, eq. (8)
            assert claim.check(spec) == worst_pair(family(spec.trace()), TRAJECTORY_TOL)


def test_the_agreement_test_sees_broken_lines():
    broken = {r.claim for spec in SPECS for r in proof_lines(spec.trace()) if not r.holds}
    assert {"eq5-lower-bound", "eq6-linear-growth", "eq9-sandwich", "eq10-steps"} <= broken
