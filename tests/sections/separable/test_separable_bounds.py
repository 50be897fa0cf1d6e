"""Tests of aptheory.sections.separable.bounds: c (eq. 6), C (eq. 7), C / c^2 (eq. 10)."""

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest

from aptheory import separable as separable_01
from aptheory.core.exact import exact_primary_terms
from aptheory.sections.separable import proof
from aptheory.sections.separable.algorithm import primary_terms_exact, simulate_error_driven
from aptheory.sections.separable.bounds import (
    constants,
    harmonic_mass,
    max_term_lower_bound,
    max_term_lower_bound_of_size,
    min_max_term,
    pair_masses,
)
from aptheory.sections.separable.problems import (
    integer_problem,
    separable_problem,
    unequal_sizes_example,
)
from aptheory.strategies import all_weak_orderings, count_weak_orderings

from .conftest import TIES, level_summary


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


def test_the_plain_level_computation_is_the_core_exact_l_ij():
    """The exhaustive tests below compute L_ij per tie level; here that computation is checked
    against aptheory.core.exact on every ordering of up to 5 boxes and every 60th of 6-8."""
    checked = 0
    for k, inst in enumerate(all_weak_orderings(8, min_negatives=1, min_size=2)):
        if inst.positive.size > 5 and k % 60:
            continue
        scores = [int(v) for v in inst.scores.tolist()]
        pos = inst.positive.tolist()
        for h in TIES:
            terms = exact_primary_terms(scores, pos, at_zero=h)
            lij = [v for row in terms for v in row]
            rows = [sum(row, Fraction(0)) for row in terms]
            neg = [v for v, p in zip(scores, pos, strict=True) if not p]
            top = [v for v, p in zip(scores, pos, strict=True) if p]
            want = (max(neg) >= min(top), max(lij), sum(lij, Fraction(0)), max(rows))
            assert level_summary(scores, pos, h) == want
        checked += 1
    assert checked > 500


def test_max_term_lower_bound_is_the_exact_minimum_for_every_size(weak_ordering_table):
    """Eq. (4), last line: min over all erring weak orderings of max L_ij, for every
    (|P|, |N|) with |P| + |N| <= 8 and H(0) in {0, 1/2, 1}, is h / (|P| + h |N|)."""
    for (p, m, h), (lowest, _, _, count) in weak_ordering_table.items():
        assert count == count_weak_orderings(p, m)  # every weak ordering was seen
        assert lowest == max_term_lower_bound(p, m, h) == h / (p + h * m), (p, m, h)
    for n in range(2, 9):  # the 0.1 constant: the worst split of n boxes (|N| = 1)
        for h in TIES:
            worst = min(weak_ordering_table[p, n - p, h][0] for p in range(1, n))
            assert worst == max_term_lower_bound_of_size(n, h) == max_term_lower_bound(n, h)
            assert worst == weak_ordering_table[n - 1, 1, h][0]


def test_the_minimum_is_the_last_positive_tied_with_every_negative():
    for p, m in [(1, 1), (3, 2), (2, 5)]:
        scores = [1] * (p - 1) + [0] * (m + 1)
        positive = [True] * p + [False] * m
        for h in TIES:
            lij = exact_primary_terms(scores, positive, at_zero=h)
            assert max(v for row in lij for v in row) == max_term_lower_bound(p, m, h)
    assert max_term_lower_bound(1, 1, Fraction(1, 2)) == Fraction(1, 3)  # the tied pair
    assert max_term_lower_bound(2, 3, Fraction(1, 2)) == Fraction(1, 7)  # 1/(2|P| + |N|)
    assert max_term_lower_bound_of_size(5, Fraction(1, 2)) == Fraction(1, 9)  # 1/(2n - 1)
    assert min_max_term([(2, 3), (4, 1)], Fraction(1, 2)) == Fraction(1, 9)
    assert min_max_term([(2, 3), (4, 1)], 1) == Fraction(1, 5)


# --------------------------------------------------- the constants, recomputed by value


def _recomputed(problem, h):
    """Every constant of the proof from the printed formulas, by plain loops (docs/MATH.md).

    c = epsilon / (M ||theta*||), C = max_n |P||N| max ||f_i - f_j||^2, bound = C / c^2;
    mu = min_n h / (|P| + h |N|), c_h = epsilon mu / ||theta*||, bound_h = C / c_h^2;
    R = max ||f_i - f_j||, gamma = epsilon / ||theta*||, perceptron = (R / gamma)^2;
    s_max = max_n |P||N| / (|N| + 1), sharper = (s_max / mu) (R / gamma)^2.
    """
    eps = problem.epsilon
    norm = math.sqrt(sum(v * v for v in problem.theta_star.tolist()))
    big_m, big_c, r_sq, s_max, mu = 0, 0.0, 0.0, 0.0, None
    per_sample = []
    for s in problem.samples:
        f, pos = s.features.tolist(), s.positive.tolist()
        p, m = sum(pos), len(pos) - sum(pos)
        d_sq = max(
            sum((a - b) ** 2 for a, b in zip(f[i], f[j], strict=True))
            for i in range(len(f))
            for j in range(len(f))
            if pos[i] and not pos[j]
        )
        per_sample.append(p * m * d_sq)
        big_m, big_c, r_sq = max(big_m, p + m), max(big_c, p * m * d_sq), max(r_sq, d_sq)
        s_max = max(s_max, p * m / (m + 1))
        h_f = Fraction(h)
        mu = h_f / (p + h_f * m) if mu is None else min(mu, h_f / (p + h_f * m))
    c = eps / (big_m * norm)
    c_h = eps * float(mu) / norm
    gamma = eps / norm
    return {
        "max_size": big_m,
        "c": c,
        "C": big_c,
        "bound": big_c / c**2,
        "min_max_term": float(mu),
        "c_at_zero": c_h,
        "bound_at_zero": big_c / c_h**2 if mu else math.inf,
        "R": math.sqrt(r_sq),
        "gamma": gamma,
        "perceptron_bound": r_sq / gamma**2,
        "max_row_mass": s_max,
        "sharper_bound": (s_max / float(mu)) * r_sq / gamma**2 if mu else math.inf,
        "pair_masses": per_sample,
    }


def _problems():
    yield separable_problem(((3, 5), (2, 7), (6, 2)), dim=3, epsilon=0.1, rng=5)
    yield separable_problem(((1, 1), (4, 4)), dim=2, epsilon=0.05, kind="collinear", rng=0)
    yield separable_problem(
        ((2, 3), (5, 1), (1, 4)), dim=2, epsilon=0.2, kind="duplicates", theta_star_norm=2.0
    )
    yield separable_problem(((3, 2), (2, 2)), dim=1, epsilon=0.5, stacked=True, rng=3)
    yield integer_problem(((3, 2), (1, 3), (4, 1)), dim=2, rng=1)
    yield unequal_sizes_example(0.1)


@pytest.mark.parametrize("h", [1.0, 0.5, 0.0])
def test_every_constant_is_recomputed_from_its_printed_formula(h):
    """c, C, C / c^2, the corrected c_h and bound, R, gamma, (R / gamma)^2, s_max and the
    sharper bound: a factor of 2 in any of them fails here even where the bound still holds."""
    for prob in _problems():
        want = _recomputed(prob, h)
        k = constants(prob, at_zero=h)
        assert k.max_size == want["max_size"] and k.at_zero == h
        for name, value in want.items():
            got = pair_masses(prob) if name == "pair_masses" else getattr(k, name, None)
            if name == "max_size":
                continue
            np.testing.assert_allclose(got, value, rtol=1e-12, atol=0, err_msg=name)


def test_the_runs_and_proof_lines_use_the_recomputed_constants():
    """The bounds a run is judged by (eqs. 5, 6, 8, 10 and their corrected forms) are the
    recomputed constants, step by step, on multi-sample runs."""
    for prob in _problems():
        for h in (1.0, 0.5):
            want = _recomputed(prob, h)
            tr = simulate_error_driven(prob, at_zero=h, rng=2)
            t = np.arange(tr.steps + 1, dtype=float)
            np.testing.assert_allclose(tr.pair_mass, np.array(want["pair_masses"])[tr.chosen])
            sizes = [s.positive.size for s in prob.samples]
            np.testing.assert_array_equal(tr.sizes, np.array(sizes)[tr.chosen])
            checks = [
                (proof.eq5_lower_bound(tr).lhs, prob.epsilon * t / want["max_size"]),
                (proof.eq6_linear_growth(tr).lhs, want["c"] * t),
                (proof.eq8_norm_upper(tr).rhs, want["C"] * t),
                (proof.eq9_lower(tr).lhs, want["c"] ** 2 * t**2),
                (proof.eq10_steps(tr).rhs, [want["bound"]]),
                (proof.eq10_steps_corrected(tr).rhs, [want["bound_at_zero"]]),
                (proof.eq10_steps_sharper(tr).rhs, [want["sharper_bound"]]),
                (proof.eq5_lower_bound_corrected(tr).lhs, prob.epsilon * want["min_max_term"] * t),
                (proof.eq6_linear_growth_corrected(tr).lhs, want["c_at_zero"] * t),
                (proof.eq7_step_growth(tr).rhs, tr.norm_sq[:-1] + want["C"]),
            ]
            for got, value in checks:
                np.testing.assert_allclose(got, value, rtol=1e-12, atol=0)


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


def test_h0_zero_gives_no_guarantee(problem):
    assert constants(problem, at_zero=0.0).bound_at_zero == math.inf
    assert constants(problem, at_zero=0.0).sharper_bound == math.inf


def test_pair_masses_are_the_per_sample_c_and_c_is_their_max():
    prob = unequal_sizes_example(0.1)
    np.testing.assert_allclose(pair_masses(prob), [1.01, 3 * 36.0], rtol=1e-15)
    assert constants(prob).C == pair_masses(prob).max()
    tr = simulate_error_driven(prob, rng=0)
    np.testing.assert_array_equal(tr.pair_mass, pair_masses(prob)[tr.chosen])


def test_harmonic_mass_is_n_times_a_difference_of_harmonic_numbers():
    def harmonic(k):
        return sum((Fraction(1, r) for r in range(1, k + 1)), Fraction(0))

    for n_pos in range(0, 6):
        for n_neg in range(1, 5):
            want = n_neg * (harmonic(n_neg + n_pos) - harmonic(n_neg))
            assert harmonic_mass(n_pos, n_neg) == want
            assert harmonic_mass(n_pos, n_neg) ** 2 <= n_pos * n_neg  # the printed bound


def test_the_two_argument_form_keeps_its_0_1_meaning():
    assert separable_01.max_term_lower_bound is max_term_lower_bound
    for n in range(2, 7):
        for h in TIES:
            assert max_term_lower_bound(n, h) == max_term_lower_bound_of_size(n, h)
            assert max_term_lower_bound(n, h) == min(
                max_term_lower_bound(p, n - p, h) for p in range(1, n)
            )


def test_bad_input():
    with pytest.raises(ValueError, match="n_positive"):
        max_term_lower_bound(0, 1, 1)
    with pytest.raises(ValueError, match="n_negative"):
        max_term_lower_bound(1, 0, 1)
    with pytest.raises(TypeError, match="n_negative"):
        max_term_lower_bound(1, 1.5, 1)
    with pytest.raises(ValueError, match="at_zero"):
        max_term_lower_bound(1, 1, 2)
    with pytest.raises(ValueError, match="sizes"):
        min_max_term([], 1)
    with pytest.raises(TypeError, match="problem"):
        constants("nope")
    with pytest.raises(TypeError, match="problem"):
        pair_masses("nope")
    with pytest.raises(ValueError, match="size"):
        max_term_lower_bound(1, 1)
    with pytest.raises(TypeError, match="size"):
        max_term_lower_bound(2.5, 1)
    with pytest.raises(ValueError, match="at_zero"):
        max_term_lower_bound(3, Fraction(3, 2))
    with pytest.raises(ValueError, match="at_zero"):
        max_term_lower_bound(3, float("nan"))
    with pytest.raises(TypeError, match="at_zero"):
        max_term_lower_bound(3, "1")
    with pytest.raises(ValueError, match="n_pos"):
        harmonic_mass(-1, 2)
    with pytest.raises(TypeError, match="n_neg"):
        harmonic_mass(1, 2.0)
