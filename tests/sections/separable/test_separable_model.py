"""Tests of aptheory.separable: the error-driven algorithm of Proposition 1 and its trace."""

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from sklearn.metrics import average_precision_score

from aptheory.linear import Sample
from aptheory.problems import SeparableProblem, separable_problem, unequal_sizes_example
from aptheory.ranking import primary_terms
from aptheory.separable import (
    constants,
    error_driven_update,
    makes_error,
    max_term_lower_bound,
    pair_masses,
    primary_terms_exact,
    proof_lines,
    simulate,
    sweep,
)

SIZES = ((3, 5), (2, 7), (6, 2))


@pytest.fixture(scope="module")
def problem():
    return separable_problem(SIZES, dim=3, epsilon=0.1, rng=5)


@pytest.mark.parametrize("at_zero", [1.0, 0.5])
def test_run_converges_and_separates_every_sample(problem, at_zero):
    tr = simulate(problem, at_zero=at_zero, rng=0)
    assert tr.status == "converged" and tr.converged and tr.steps >= 1
    theta = tr.thetas[-1]
    for s in problem.samples:
        scores = s.features @ theta
        assert scores[~s.positive].max() < scores[s.positive].min()
        assert not makes_error(s, theta)
        # oracle: perfect ranking <=> average precision 1
        assert average_precision_score(s.positive, scores) == 1.0


def test_trace_steps_follow_eqs_2_and_3(problem):
    tr = simulate(problem, rng=1)
    for t, k in enumerate(tr.chosen):
        s = problem.samples[k]
        theta = tr.thetas[t]
        assert makes_error(s, theta)  # only erring samples are chosen
        step = error_driven_update(s, theta, at_zero=1.0)
        np.testing.assert_allclose(tr.thetas[t + 1] - theta, step, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(tr.thetas[0], np.zeros(problem.dim))
    np.testing.assert_allclose(tr.inner, tr.thetas @ problem.theta_star, rtol=1e-12)
    np.testing.assert_allclose(tr.norm_sq, (tr.thetas**2).sum(axis=1), rtol=1e-12)


def test_per_step_quantities_match_a_plain_loop():
    prob = separable_problem(((2, 3), (4, 1)), dim=2, epsilon=0.02, kind="duplicates", rng=0)
    tr = simulate(prob, rng=0)
    assert tr.steps >= 10
    for t, k in enumerate(tr.chosen):
        s = prob.samples[k]
        f, p = s.features, s.positive
        scores = f @ tr.thetas[t]
        lij = primary_terms_exact(scores, p, at_zero=1)
        pos, neg = np.flatnonzero(p), np.flatnonzero(~p)
        total, biggest, gain, cross, upd = Fraction(0), Fraction(0), 0.0, 0.0, np.zeros(2)
        for a, i in enumerate(pos):
            for b, j in enumerate(neg):
                v = lij[a][b]
                total += v
                biggest = max(biggest, v)
                gain += float(v) * float((f[i] - f[j]) @ prob.theta_star)
                cross += float(v) * float(scores[i] - scores[j])  # x_ji = s_i - s_j
                upd += float(v) * (f[i] - f[j])
        assert tr.sum_terms[t] == pytest.approx(float(total), rel=1e-12)
        assert tr.max_terms[t] == pytest.approx(float(biggest), rel=1e-12)
        assert tr.gain[t] == pytest.approx(gain, rel=1e-9, abs=1e-15)
        assert tr.cross[t] == pytest.approx(cross, rel=1e-9, abs=1e-15)
        assert tr.cross[t] <= 0.0
        assert tr.update_norm_sq[t] == pytest.approx(float(upd @ upd), rel=1e-9)
        assert tr.sizes[t] == s.positive.size


def test_exact_reference_agrees_with_ranking_primary_terms():
    rng = np.random.default_rng(0)
    for _ in range(50):
        n = int(rng.integers(2, 8))
        scores = rng.integers(-2, 3, size=n).astype(float)
        positive = rng.random(n) < 0.5
        positive[0], positive[-1] = True, False
        for h in (0.0, 0.5, 1.0):
            exact = np.array(
                [
                    [float(v) for v in row]
                    for row in primary_terms_exact(scores, positive, at_zero=Fraction(h))
                ]
            )
            np.testing.assert_allclose(
                primary_terms(scores, positive, at_zero=h), exact, rtol=1e-15, atol=0
            )


def test_h0_zero_cannot_start_from_theta_zero(problem):
    tr = simulate(problem, at_zero=0.0, rng=0)
    assert tr.status == "stalled" and not tr.converged
    assert tr.steps == 1 and tr.max_terms[0] == 0.0 and tr.update_norm_sq[0] == 0.0
    np.testing.assert_array_equal(tr.thetas, np.zeros((2, problem.dim)))
    assert tr.steps_to_converge == math.inf
    assert constants(problem, at_zero=0.0).bound_at_zero == math.inf


def test_h0_half_breaks_the_last_line_of_eq4_at_theta_zero():
    """|P| = |N| = 1 at theta = 0: max L = (1/2) / (1 + 1/2) = 1/3 < 1/(|P|+|N|) = 1/2."""
    s = Sample(np.array([[1.0], [0.0]]), np.array([True, False]))
    prob = SeparableProblem((s,), np.array([1.0]), 1.0)
    tr = simulate(prob, at_zero=0.5)
    assert tr.max_terms[0] == pytest.approx(1 / 3)
    assert tr.inner[1] == pytest.approx(1 / 3) and tr.inner[1] < 1.0 / 2  # (5) fails at t = 1
    assert tr.status == "converged" and tr.steps == 1
    assert tr.max_terms[0] >= float(max_term_lower_bound(2, Fraction(1, 2)))  # 1/3: repaired
    tr1 = simulate(prob, at_zero=1.0)
    assert tr1.max_terms[0] == pytest.approx(1 / 2) and tr1.inner[1] == pytest.approx(1 / 2)


@pytest.mark.parametrize("h", [Fraction(1), Fraction(1, 2), Fraction(0)])
@pytest.mark.parametrize("size", [2, 3, 4])
def test_max_term_lower_bound_is_the_exact_minimum_over_all_orderings(h, size):
    """Brute force over every labelling and every score pattern in {0, 1, 2}^size."""
    lowest = None
    for labels in itertools.product([True, False], repeat=size):
        if all(labels) or not any(labels):
            continue
        positive = np.array(labels)
        for scores in itertools.product(range(3), repeat=size):
            s = np.array(scores)
            if s[~positive].max() < s[positive].min():
                continue  # no error
            m = max(
                v for row in primary_terms_exact(list(scores), positive, at_zero=h) for v in row
            )
            lowest = m if lowest is None else min(lowest, m)
    assert lowest == max_term_lower_bound(size, h)
    if h == 1:
        assert lowest == Fraction(1, size)


def test_constants_take_the_max_over_samples_of_different_sizes():
    prob = unequal_sizes_example(0.1)  # sizes 1+1 and 3+1
    k = constants(prob)
    assert k.max_size == 4
    assert k.c == pytest.approx(0.1 / 4)
    # C = max(1 * 1 * ||(0.1, 1)||^2, 3 * 1 * max(||(5,0)||^2, ||(6,0)||^2, ||(0.1,-1)||^2))
    assert k.C == pytest.approx(max(1.01, 3 * 36.0))
    assert k.bound == pytest.approx(k.C / k.c**2)
    assert k.R == pytest.approx(6.0) and k.gamma == pytest.approx(0.1)
    assert k.perceptron_bound == pytest.approx(3600.0)
    assert k.max_row_mass == pytest.approx(3 / 2)
    assert k.sharper_bound == pytest.approx((3 / 2) / (1 / 4) * 3600.0)


def test_pair_masses_are_the_per_sample_c_and_c_is_their_max():
    prob = unequal_sizes_example(0.1)
    np.testing.assert_allclose(pair_masses(prob), [1.01, 3 * 36.0], rtol=1e-15)
    assert constants(prob).C == pair_masses(prob).max()
    tr = simulate(prob, rng=0)
    np.testing.assert_array_equal(tr.pair_mass, pair_masses(prob)[tr.chosen])


def test_eq5_with_the_smallest_sample_size_fails_but_the_largest_holds():
    prob = unequal_sizes_example(0.1)
    tr = simulate(prob, rng=1)
    assert list(tr.chosen[:2]) == [0, 1]  # this seed updates the 1+1 sample first
    assert tr.gain[1] == pytest.approx(0.1 / 4)  # one tight pair with L = 1/4
    assert tr.inner[2] == pytest.approx(0.075)
    assert tr.inner[2] < 0.1 * 2 / 2  # epsilon t / min size
    assert np.all(tr.inner >= 0.1 * np.arange(tr.steps + 1) / 4 - 1e-15)  # epsilon t / M


def test_growth_constant_taken_on_the_smallest_sample_fails():
    prob = separable_problem(((1, 1), (4, 4)), dim=2, epsilon=0.1, kind="collinear", rng=0)
    small = (
        1
        * 1
        * float(
            np.sum(
                (
                    prob.samples[0].features[prob.samples[0].positive][0]
                    - prob.samples[0].features[~prob.samples[0].positive][0]
                )
                ** 2
            )
        )
    )
    bad = [
        t
        for seed in range(10)
        for tr in [simulate(prob, rng=seed)]
        for t in range(tr.steps)
        if tr.norm_sq[t + 1] > tr.norm_sq[t] + small
    ]
    assert bad, "the per-sample C of the smallest sample should be exceeded"
    tr = simulate(prob, rng=0)
    assert np.all(np.diff(tr.norm_sq) <= tr.constants.C * (1 + 1e-12))


def test_runs_are_deterministic_per_seed(problem):
    a, b = simulate(problem, rng=7), simulate(problem, rng=np.random.default_rng(7))
    np.testing.assert_array_equal(a.thetas, b.thetas)
    np.testing.assert_array_equal(a.chosen, b.chosen)


def test_max_steps_stops_the_run(problem):
    tr = simulate(problem, rng=0, max_steps=1)
    assert tr.status == "max_steps" and tr.steps == 1
    assert tr.steps_to_converge == math.inf
    tr0 = simulate(problem, rng=0, max_steps=0)
    assert tr0.steps == 0 and tr0.thetas.shape == (1, problem.dim)


def test_sweep_rows_report_steps_and_looseness():
    rows = sweep([0.5, 0.2], [0, 1], sizes=((2, 3), (1, 2)), dim=2)
    assert [(r.epsilon, r.seed) for r in rows] == [(0.5, 0), (0.5, 1), (0.2, 0), (0.2, 1)]
    for r in rows:
        assert r.status == "converged"
        assert 1 <= r.steps <= r.sharper_bound <= r.bound
        assert r.looseness == r.bound / r.steps
        assert r.perceptron_looseness == r.perceptron_bound / r.steps


def test_bad_input(problem):
    with pytest.raises(TypeError, match="problem"):
        simulate("nope")
    with pytest.raises(TypeError, match="problem"):
        constants("nope")
    with pytest.raises(ValueError, match="at_zero"):
        simulate(problem, at_zero=2.0)
    with pytest.raises(TypeError, match="at_zero"):
        simulate(problem, at_zero="1")
    with pytest.raises(ValueError, match="max_steps"):
        simulate(problem, max_steps=-1)
    with pytest.raises(TypeError, match="max_steps"):
        simulate(problem, max_steps=1.5)
    with pytest.raises(ValueError, match="size"):
        max_term_lower_bound(1, 1)
    with pytest.raises(ValueError, match="at_zero"):
        max_term_lower_bound(3, Fraction(3, 2))
    with pytest.raises(ValueError, match="at_zero"):
        primary_terms_exact([0, 1], np.array([True, False]), at_zero=2)
    with pytest.raises(ValueError, match="shape"):
        primary_terms_exact([0, 1, 2], np.array([True, False]))
    with pytest.raises(ValueError, match="1-D"):
        primary_terms_exact([[0, 1]], np.array([True, False]))
    with pytest.raises(ValueError, match="scores"):
        primary_terms_exact([0.0, float("nan")], np.array([True, False]))
    with pytest.raises(ValueError, match="scores"):
        primary_terms_exact([0.0, float("inf")], np.array([True, False]))
    with pytest.raises(ValueError, match="at_zero"):
        primary_terms_exact([0, 1], np.array([True, False]), at_zero=float("nan"))
    with pytest.raises(ValueError, match="at_zero"):
        max_term_lower_bound(3, float("nan"))
    with pytest.raises(TypeError, match="at_zero"):
        max_term_lower_bound(3, "1")
    with pytest.raises(TypeError, match="seeds"):
        sweep([0.5], [0.5, 1.5])
    with pytest.raises(TypeError, match="problem"):
        pair_masses("nope")
    with pytest.raises(ValueError, match="theta"):
        error_driven_update(problem.samples[0], np.zeros(problem.dim + 1))
    with pytest.raises(ValueError, match="theta"):
        makes_error(problem.samples[0], np.full(problem.dim, np.inf))


def test_proof_table_on_a_live_run_per_tie_value(problem):
    lines = proof_lines(simulate(problem, rng=0))
    ok1 = {r.equation: r for r in lines}
    assert len(ok1) == len(lines)  # every line has its own label ("(6) line 1", "(6) line 2")
    assert {"(6) line 1", "(6) line 2"} <= set(ok1)
    assert all(r.holds for r in ok1.values())
    assert all(r.ratio <= 1 + 1e-9 for r in ok1.values() if r.equation != "(7) line 2")
    zero = {r.equation: r for r in proof_lines(simulate(problem, at_zero=0.0, rng=0))}
    assert not zero["(4) line 4"].holds and not zero["(5)"].holds and not zero["(10)"].holds
    s = Sample(np.array([[1.0], [0.0]]), np.array([True, False]))
    half = {
        r.equation: r
        for r in proof_lines(simulate(SeparableProblem((s,), np.array([1.0]), 1.0), at_zero=0.5))
    }
    assert not half["(4) line 4"].holds and half["(4) line 4"].ratio == pytest.approx(1.5)
    assert not half["(5)"].holds and half["(10)"].holds
    # no step: the per-step lines have no instance, reported as None (not NaN)
    none = {r.equation: r for r in proof_lines(simulate(problem, rng=0, max_steps=0))}
    assert none["(7) line 2"].ratio is None and none["(7) line 2"].holds
    assert none["(4) line 2"].ratio is None and none["(10)"].ratio == math.inf
