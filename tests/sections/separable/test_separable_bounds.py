"""Tests of aptheory.sections.separable.bounds: c (eq. 6), C (eq. 7), C / c^2 (eq. 10)."""

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest

from aptheory.sections.separable.algorithm import primary_terms_exact, simulate_error_driven
from aptheory.sections.separable.bounds import (
    constants,
    harmonic_mass,
    max_term_lower_bound,
    pair_masses,
)
from aptheory.sections.separable.problems import unequal_sizes_example


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


def test_bad_input():
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
