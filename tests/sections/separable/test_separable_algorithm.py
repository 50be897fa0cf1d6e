"""Tests of aptheory.sections.separable.algorithm: eqs. (2)-(3) and the trace of one run."""

import math
from fractions import Fraction

import numpy as np
import pytest
from sklearn.metrics import average_precision_score

from aptheory import separable as separable_01
from aptheory.core.exact import exact_primary_terms
from aptheory.core.linear import Sample
from aptheory.core.ranking import primary_terms
from aptheory.sections.separable.algorithm import (
    SeparableTrace,
    error_driven_update,
    makes_error,
    primary_terms_exact,
    simulate_error_driven,
)
from aptheory.sections.separable.bounds import max_term_lower_bound
from aptheory.sections.separable.problems import (
    SeparableProblem,
    integer_problem,
    separable_problem,
    unequal_sizes_example,
)
from aptheory.sections.smoothed.error_driven import error_driven

# The three points of Section 2, eq. (13): negative (0, 0), positives (1, 0) and (-3, 1).
THREE_POINTS = Sample(
    np.array([[0.0, 0.0], [1.0, 0.0], [-3.0, 1.0]]), np.array([False, True, True])
)


def _exact_scores(sample, theta):
    """s_k = <f_k, theta> in Fractions, by a plain loop (features read exactly)."""
    return [
        sum(Fraction(a) * b for a, b in zip(f, theta, strict=True))
        for f in sample.features.tolist()
    ]


def _errs(scores, positive):
    """Some negative at or above some positive (x_ij >= 0), on exact scores."""
    pos = [v for v, p in zip(scores, positive, strict=True) if p]
    neg = [v for v, p in zip(scores, positive, strict=True) if not p]
    return max(neg) >= min(pos)


def _exact_step(sample, theta, h):
    """theta + sum_ij L_ij (f_i - f_j) of eq. (2), L_ij from the core exact eq. (3)."""
    lij = exact_primary_terms(_exact_scores(sample, theta), sample.positive, at_zero=h)
    f, p = sample.features.tolist(), sample.positive.tolist()
    pos = [f[k] for k in range(len(p)) if p[k]]
    neg = [f[k] for k in range(len(p)) if not p[k]]
    new = list(theta)
    for a, fi in enumerate(pos):
        for b, fj in enumerate(neg):
            for d in range(len(new)):
                new[d] += lij[a][b] * (Fraction(fi[d]) - Fraction(fj[d]))
    return tuple(new)


@pytest.mark.parametrize(("at_zero", "steps"), [(1.0, 16), (0.5, 7)])
def test_three_points_of_section_2_follow_the_exact_path(at_zero, steps):
    """Section 2's data: the run is Section 2's exact error-driven path, step for step."""
    prob = SeparableProblem.from_samples([THREE_POINTS], [0.1, 1.0], 0.1)
    tr = simulate_error_driven(prob, at_zero=at_zero)
    path = error_driven(at_zero=at_zero)  # the exact implementation of Section 2
    assert tr.status == "converged" and path.converged
    assert tr.steps == steps == path.steps
    assert tr.exact_thetas == path.thetas
    np.testing.assert_array_equal(tr.thetas, [[float(a), float(b)] for a, b in path.thetas])


def test_a_rounded_theta_breaks_the_tie_that_the_exact_theta_keeps():
    """At the exact theta(12) = (1/3, 1) the box (-3, 1) ties the negative: an error under
    H(0) = 1. Rounded to float64, 3 fl(1/3) < 1 and the tie is gone, which is where a run on
    float64 thetas stopped (at (0.3333333333333332, 1.0), after 12 steps)."""
    prob = SeparableProblem.from_samples([THREE_POINTS], [0.1, 1.0], 0.1)
    tr = simulate_error_driven(prob, at_zero=1.0)
    third = (Fraction(1, 3), Fraction(1))
    assert tr.exact_thetas[12] == third
    assert _exact_scores(THREE_POINTS, third) == [0, Fraction(1, 3), 0]
    assert _errs(_exact_scores(THREE_POINTS, third), THREE_POINTS.positive)
    assert not makes_error(THREE_POINTS, tr.thetas[12])  # the rounded theta does not err
    assert tr.chosen.size == 16 and tr.max_terms[12] == pytest.approx(1 / 3)


def test_integer_problems_never_stop_while_an_exact_error_remains():
    """Integer features: exact ties recur. Replayed in plain Fractions (core exact L_ij), every
    chosen sample errs exactly, theta(t) is the exact path, and the last theta has no error."""
    tie_steps = 0
    for seed in range(30):
        rng = np.random.default_rng(seed)
        sizes = [
            (int(rng.integers(1, 5)), int(rng.integers(1, 4))) for _ in range(rng.integers(1, 4))
        ]
        prob = integer_problem(sizes, dim=int(rng.integers(1, 4)), rng=seed)
        for h in (1.0, 0.5):
            tr = simulate_error_driven(prob, at_zero=h, rng=seed)
            assert tr.status == "converged", (seed, h)
            theta = (Fraction(0),) * prob.dim
            assert tr.exact_thetas[0] == theta
            for t, k in enumerate(tr.chosen):
                sample = prob.samples[int(k)]
                scores = _exact_scores(sample, theta)
                assert _errs(scores, sample.positive), (seed, h, t)
                pos = [v for v, p in zip(scores, sample.positive, strict=True) if p]
                neg = [v for v, p in zip(scores, sample.positive, strict=True) if not p]
                tie_steps += any(theta) and min(pos) <= max(neg) and not max(neg) > min(pos)
                theta = _exact_step(sample, theta, Fraction(h))
                assert tr.exact_thetas[t + 1] == theta, (seed, h, t)
            for sample in prob.samples:
                assert not _errs(_exact_scores(sample, theta), sample.positive), (seed, h)
            np.testing.assert_array_equal(tr.thetas[-1], [float(v) for v in theta])
    assert tie_steps > 0  # the problems did exercise tie-only errors away from theta = 0


def test_decisions_are_exact_where_float_scores_round():
    """1e16 + 1 rounds to 1e16: float scores would tie the pair; exactly, the positive leads."""
    s = Sample(np.array([[1e16, 1.0], [1e16, 0.0]]), np.array([True, False]))
    theta = np.array([1.0, 1.0])
    assert (s.features @ theta)[0] == (s.features @ theta)[1]  # float64 ties them
    assert not makes_error(s, theta)
    np.testing.assert_array_equal(error_driven_update(s, theta), [0.0, 0.0])
    assert makes_error(s, np.array([1.0, 0.0]))  # an exact tie is an error
    np.testing.assert_array_equal(error_driven_update(s, np.array([1.0, 0.0])), [0.0, 0.5])


@pytest.mark.parametrize("at_zero", [1.0, 0.5])
def test_run_converges_and_separates_every_sample(problem, runs, at_zero):
    tr = runs[at_zero]
    assert tr.status == "converged" and tr.converged and tr.steps >= 1
    theta = tr.thetas[-1]
    for s in problem.samples:
        scores = s.features @ theta
        assert scores[~s.positive].max() < scores[s.positive].min()
        assert not makes_error(s, theta)
        # oracle: perfect ranking <=> average precision 1
        assert average_precision_score(s.positive, scores) == 1.0


def test_trace_steps_follow_eqs_2_and_3(problem):
    tr = simulate_error_driven(problem, rng=1)
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
    tr = simulate_error_driven(prob, rng=0)
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


def test_primary_terms_exact_is_the_core_exact_l_ij_as_lists():
    scores, positive = [0, 1, 1, Fraction(1, 2)], [True, False, True, False]
    for h in (0, Fraction(1, 2), 1):
        got = primary_terms_exact(scores, positive, at_zero=h)
        assert isinstance(got, list) and all(isinstance(row, list) for row in got)
        assert got == [list(r) for r in exact_primary_terms(scores, positive, at_zero=h)]
    # positive 0 (score 0) has the two boxes of score 1 and the negative of score 1/2 ahead
    assert primary_terms_exact(scores, positive, at_zero=1)[0] == [Fraction(1, 4)] * 2


def test_h0_zero_cannot_start_from_theta_zero(problem, runs):
    tr = runs[0.0]
    assert tr.status == "stalled" and not tr.converged
    assert tr.steps == 1 and tr.max_terms[0] == 0.0 and tr.update_norm_sq[0] == 0.0
    np.testing.assert_array_equal(tr.thetas, np.zeros((2, problem.dim)))
    assert tr.steps_to_converge == math.inf


def test_h0_half_breaks_the_last_line_of_eq4_at_theta_zero():
    """|P| = |N| = 1 at theta = 0: max L = (1/2) / (1 + 1/2) = 1/3 < 1/(|P|+|N|) = 1/2."""
    s = Sample(np.array([[1.0], [0.0]]), np.array([True, False]))
    prob = SeparableProblem((s,), np.array([1.0]), 1.0)
    tr = simulate_error_driven(prob, at_zero=0.5)
    assert tr.max_terms[0] == pytest.approx(1 / 3)
    assert tr.inner[1] == pytest.approx(1 / 3) and tr.inner[1] < 1.0 / 2  # (5) fails at t = 1
    assert tr.status == "converged" and tr.steps == 1
    assert tr.max_terms[0] >= float(max_term_lower_bound(2, Fraction(1, 2)))  # 1/3: repaired
    tr1 = simulate_error_driven(prob, at_zero=1.0)
    assert tr1.max_terms[0] == pytest.approx(1 / 2) and tr1.inner[1] == pytest.approx(1 / 2)


def test_eq5_with_the_smallest_sample_size_fails_but_the_largest_holds():
    prob = unequal_sizes_example(0.1)
    tr = simulate_error_driven(prob, rng=1)
    assert list(tr.chosen[:2]) == [0, 1]  # this seed updates the 1+1 sample first
    assert tr.gain[1] == pytest.approx(0.1 / 4)  # one tight pair with L = 1/4
    assert tr.inner[2] == pytest.approx(0.075)
    assert tr.inner[2] < 0.1 * 2 / 2  # epsilon t / min size
    assert np.all(tr.inner >= 0.1 * np.arange(tr.steps + 1) / 4 - 1e-15)  # epsilon t / M


def test_growth_constant_taken_on_the_smallest_sample_fails():
    prob = separable_problem(((1, 1), (4, 4)), dim=2, epsilon=0.1, kind="collinear", rng=0)
    s0 = prob.samples[0]
    small = 1 * 1 * float(np.sum((s0.features[s0.positive][0] - s0.features[~s0.positive][0]) ** 2))
    bad = [
        t
        for seed in range(10)
        for tr in [simulate_error_driven(prob, rng=seed)]
        for t in range(tr.steps)
        if tr.norm_sq[t + 1] > tr.norm_sq[t] + small
    ]
    assert bad, "the per-sample C of the smallest sample should be exceeded"
    tr = simulate_error_driven(prob, rng=0)
    assert np.all(np.diff(tr.norm_sq) <= tr.constants.C * (1 + 1e-12))


def test_trace_index_t_counts_the_updates(runs):
    tr = runs[1.0]
    np.testing.assert_array_equal(tr.t, np.arange(tr.steps + 1, dtype=float))
    assert tr.t.shape == tr.inner.shape == tr.norm_sq.shape == (tr.thetas.shape[0],)


def test_runs_are_deterministic_per_seed(problem):
    a = simulate_error_driven(problem, rng=7)
    b = simulate_error_driven(problem, rng=np.random.default_rng(7))
    np.testing.assert_array_equal(a.thetas, b.thetas)
    np.testing.assert_array_equal(a.chosen, b.chosen)


def test_max_steps_stops_the_run(problem):
    tr = simulate_error_driven(problem, rng=0, max_steps=1)
    assert tr.status == "max_steps" and tr.steps == 1
    assert tr.steps_to_converge == math.inf
    tr0 = simulate_error_driven(problem, rng=0, max_steps=0)
    assert tr0.steps == 0 and tr0.thetas.shape == (1, problem.dim)


def test_0_1_names_are_aliases():
    assert separable_01.simulate is simulate_error_driven
    assert separable_01.Trace is SeparableTrace
    assert separable_01.primary_terms_exact is primary_terms_exact


def test_bad_input(problem):
    with pytest.raises(TypeError, match="problem"):
        simulate_error_driven("nope")
    with pytest.raises(ValueError, match="at_zero"):
        simulate_error_driven(problem, at_zero=2.0)
    with pytest.raises(TypeError, match="at_zero"):
        simulate_error_driven(problem, at_zero="1")
    with pytest.raises(ValueError, match="max_steps"):
        simulate_error_driven(problem, max_steps=-1)
    with pytest.raises(TypeError, match="max_steps"):
        simulate_error_driven(problem, max_steps=1.5)
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
    with pytest.raises(ValueError, match="theta"):
        error_driven_update(problem.samples[0], np.zeros(problem.dim + 1))
    with pytest.raises(ValueError, match="theta"):
        makes_error(problem.samples[0], np.full(problem.dim, np.inf))
