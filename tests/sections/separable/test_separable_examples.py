"""Tests of aptheory.sections.separable.examples: runs, orderings and their exact quantities."""

from fractions import Fraction

import numpy as np
from hypothesis import find, given, settings

from aptheory.core.exact import exact_primary_terms
from aptheory.core.ranking import primary_terms
from aptheory.sections.separable.examples import (
    Ordering,
    SeparableRunSpec,
    conventions,
    orderings,
    separable_run_specs,
)

# five identical positives (score 0) below one negative (score 1): theta = 1
FIVE_BELOW_ONE = Ordering(((0,),) * 5 + ((1,),), (True,) * 5 + (False,), (1,), Fraction(0))


def test_ordering_quantities_on_five_positives_below_one_negative():
    o = FIVE_BELOW_ONE
    assert o.scores() == [0, 0, 0, 0, 0, 1] and (o.n_pos, o.n_neg) == (5, 1)
    assert o.errs()
    # H(0) = 0: tied positives do not count each other, rank(i) = 2, L_i1 = 1/2
    assert o.terms() == ((Fraction(1, 2),),) * 5
    assert o.max_term() == Fraction(1, 2) and o.total_mass() == Fraction(5, 2)
    assert o.update() == (Fraction(-5, 2),)  # sum L (f_i - f_j) = 5 (1/2) (0 - 1)
    assert o.update_norm_sq() == Fraction(25, 4) and o.max_pair_sq() == 1
    assert o.cross() == Fraction(-5, 2) == o.update_dot_theta()  # x_ji = s_i - s_j = -1


def test_ordering_terms_are_the_core_exact_and_float_l_ij():
    o = Ordering(
        ((1, 0), (0, 1), (1, 1), (0, 0)), (True, False, True, False), (2, -1), Fraction(1, 2)
    )
    want = exact_primary_terms(o.scores(), list(o.positive), at_zero=Fraction(1, 2))
    assert o.terms() == want
    got = primary_terms(np.array(o.scores(), float), np.array(o.positive), at_zero=0.5)
    np.testing.assert_allclose(got, np.array(want, dtype=float), rtol=1e-15)


@settings(max_examples=40)
@given(orderings((1.0, 0.5, 0.0), only_errors=True, aim=True))
def test_drawn_orderings_are_erring_samples_with_exact_lemmas(o):
    assert o.errs() and 1 <= o.n_pos <= 8 and 1 <= o.n_neg <= 3
    assert o.at_zero in (Fraction(1), Fraction(1, 2), Fraction(0))
    assert o.update_dot_theta() == o.cross() <= 0  # eq. (7), line 1's cross term and line 2


@settings(max_examples=10)
@given(separable_run_specs((1.0, 0.5)))
def test_drawn_run_specs_give_verified_problems_and_runs(spec):
    assert isinstance(spec, SeparableRunSpec) and spec.at_zero in (1.0, 0.5)
    problem = spec.problem()
    assert problem.sizes == spec.sizes and problem.margin >= spec.epsilon
    samples, theta = spec.samples()
    np.testing.assert_array_equal(theta, problem.theta_star)
    tr = spec.trace()
    assert tr.problem.sizes == spec.sizes and tr.at_zero == spec.at_zero
    assert tr.status == "converged"


def test_conventions_shrink_towards_the_first_tie_value():
    assert find(conventions(), lambda _: True) == 1.0
    assert find(conventions((0.5, 0.0)), lambda _: True) == 0.5
    assert find(conventions(), lambda h: h < 1) == 0.5  # a failure at 1/2 is reported as 1/2
