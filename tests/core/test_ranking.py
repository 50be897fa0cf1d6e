"""Tests of the ranking core against the equations, exact rationals and sklearn."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.metrics import average_precision_score

from aptheory.core import ranking
from aptheory.core.exact import exact_ranks
from aptheory.strategies import at_zero_values, ranking_instances


def test_heaviside_tie_value_is_explicit():
    x = np.array([-1.0, 0.0, 2.0])
    for a in (0.0, 0.5, 1.0):
        np.testing.assert_array_equal(ranking.heaviside(x, a), [0.0, a, 1.0])


def test_piecewise_step_and_integral_pieces():
    d = 2.0
    x = np.array([-5.0, -2.0, -1.0, 0.0, 1.0, 2.0, 5.0])
    np.testing.assert_allclose(ranking.piecewise_step(x, d), [0, 0, 0.25, 0.5, 0.75, 1, 1])
    q = ranking.piecewise_step_integral(x, d)
    np.testing.assert_allclose(q, [0, 0, 1 / 8, 0.5, 9 / 8, 2, 5])


def test_integral_q_is_the_antiderivative_of_the_piecewise_step():
    x = np.linspace(-3, 3, 6001)
    q = ranking.piecewise_step_integral(x, 0.7)
    dq = np.gradient(q, x)
    np.testing.assert_allclose(dq[1:-1], ranking.piecewise_step(x, 0.7)[1:-1], atol=2e-3)


def test_sigmoid_is_stable_and_tempered():
    with np.errstate(all="raise"):
        v = ranking.sigmoid(np.array([-1e6, 0.0, 1e6]), 1.0)
    np.testing.assert_array_equal(v, [0.0, 0.5, 1.0])
    assert ranking.sigmoid(np.array([2.0]), 2.0)[0] == pytest.approx(1 / (1 + np.exp(-1)))


@given(ranking_instances(ties=False, min_negatives=1, max_size=15))
def test_one_minus_ap_loss_is_sklearn_average_precision(inst):
    s, p = inst
    assert 1 - ranking.ap_loss(s, p) == pytest.approx(average_precision_score(p, s), abs=1e-12)


@given(ranking_instances(ties=True, min_negatives=1, max_size=15))
def test_sklearn_agreement_with_ties_needs_h0_equal_1(inst):
    """sklearn counts tied boxes as ranked ahead: exactly the convention H(0) = 1."""
    s, p = inst
    assert 1 - ranking.ap_loss(s, p, at_zero=1.0) == pytest.approx(
        average_precision_score(p, s), abs=1e-12
    )


def test_sklearn_disagrees_with_other_tie_values():
    s = np.array([0.0, 0.0, 0.0])
    p = np.array([True, False, True])
    sk = average_precision_score(p, s)
    assert 1 - ranking.ap_loss(s, p, at_zero=1.0) == pytest.approx(sk)
    assert 1 - ranking.ap_loss(s, p, at_zero=0.0) != pytest.approx(sk)


@given(ranking_instances(ties=True, max_size=10), at_zero_values())
def test_ranks_match_exact_rational_counts(inst, a):
    s, p = inst
    exact = exact_ranks(s, p, Fraction(a))
    assert ranking.rank(s, p, at_zero=a).tolist() == [float(r) for r in exact.rank]
    assert ranking.rank_plus(s, p, at_zero=a).tolist() == [float(r) for r in exact.rank_plus]
    terms = ranking.primary_terms(s, p, at_zero=a)
    want = [float(n / r) for n, r in zip(exact.neg_ahead, exact.rank, strict=True)]
    np.testing.assert_allclose(terms.sum(axis=1), want, rtol=0, atol=1e-15)


@given(ranking_instances(ties=True, max_size=10), st.sampled_from(["heaviside", "piecewise"]))
def test_row_sums_are_one_minus_precision(inst, step):
    s, p = inst
    terms = ranking.primary_terms(s, p, step=step)
    prec = ranking.precision(s, p, step=step)
    np.testing.assert_allclose(terms.sum(axis=1), 1 - prec, atol=1e-12)


def test_primary_terms_forms_by_hand():
    # positive at 0, negatives at 0.5 and -3, another positive at 1; delta = 1.
    s = np.array([0.0, 0.5, -3.0, 1.0])
    p = np.array([True, False, False, True])
    eq3 = ranking.primary_terms(s, p, step="heaviside")
    np.testing.assert_allclose(eq3[0], [1 / 3, 0])  # rank = 1 + H(.5) + H(1) = 3
    eq16 = ranking.primary_terms(s, p, step="piecewise-numerator")
    np.testing.assert_allclose(eq16[0], [0.75 / 3, 0])
    train = ranking.primary_terms(s, p, step="piecewise")
    # denominator 1 + H~(0.5) + H~(-3) + H~(1) = 1 + 0.75 + 0 + 1
    np.testing.assert_allclose(train[0], [0.75 / 2.75, 0])


def test_zero_negatives_is_legal_and_loss_zero():
    loss, grad = ranking.ap_loss_grad(np.array([1.0, 2.0]), np.array([True, True]))
    assert loss == 0.0
    np.testing.assert_array_equal(grad, [0.0, 0.0])


def test_gradient_signs_and_scale_by_hand():
    s = np.array([0.0, 1.0, -1.0])  # positive, negative ahead, negative behind
    p = np.array([True, False, False])
    loss, g = ranking.ap_loss_grad(s, p)
    assert loss == pytest.approx(0.5)
    np.testing.assert_allclose(g, [-0.5, 0.5, 0.0])


def test_interpolated_precision_and_rescaled_terms():
    # ranked: P(3) N(2) P(1) P(0.5): precisions 1, 2/3, 3/4; interpolated 1, 3/4, 3/4.
    s = np.array([3.0, 2.0, 1.0, 0.5])
    p = np.array([True, False, True, True])
    loss, g = ranking.ap_loss_grad(s, p, interpolated=True)
    assert loss == pytest.approx(1 - (1 + 0.75 + 0.75) / 3)
    np.testing.assert_allclose(g[p], [0.0, -0.25 / 3, -0.25 / 3])
    assert g[1] == pytest.approx(0.5 / 3)  # negatives' terms rescaled to sum to 1 - p~
    assert ranking.interpolated_ap_loss(s, p) == pytest.approx(loss)
    with pytest.raises(ValueError, match="interpolated"):
        ranking.ap_loss_grad(s, p, step="piecewise-numerator", interpolated=True)


@given(ranking_instances(ties=False, max_size=8, bound=3.0))
def test_smoothed_loss_tends_to_ap_loss_as_tau_shrinks(inst):
    s, p = inst
    gaps = np.abs(s[:, None] - s[None, :])[~np.eye(s.size, dtype=bool)]
    if gaps.size and gaps.min() < 1e-3:
        return  # near-ties: the limit is approached too slowly to compare
    assert ranking.smoothed_ap_loss(s, p, tau=1e-6) == pytest.approx(ranking.ap_loss(s, p))


@pytest.mark.parametrize(
    ("scores", "positive", "kwargs", "exc", "name"),
    [
        ([np.nan, 1.0], [True, False], {}, ValueError, "scores"),
        ([np.inf, 1.0], [True, False], {}, ValueError, "scores"),
        ([1.0, 2.0], [True], {}, ValueError, "positive"),
        ([1.0, 2.0], [1, 3], {}, ValueError, "positive"),
        ([1.0, 2.0], [0.5, 1.0], {}, TypeError, "positive"),
        ([], [], {}, ValueError, "empty"),
        ([1.0, 2.0], [False, False], {}, ValueError, "positive"),
        ([[1.0, 2.0]], [[True, False]], {}, ValueError, "scores"),
        (["a", "b"], [True, False], {}, TypeError, "scores"),
        ([1.0, 2.0], [True, False], {"delta": 0.0}, ValueError, "delta"),
        ([1.0, 2.0], [True, False], {"delta": -1.0}, ValueError, "delta"),
        ([1.0, 2.0], [True, False], {"delta": np.nan}, ValueError, "delta"),
        ([1.0, 2.0], [True, False], {"at_zero": 2.0}, ValueError, "at_zero"),
        ([1.0, 2.0], [True, False], {"step": "sigmoid"}, ValueError, "step"),
        ([1.0, 2.0], [True, False], {"interpolated": "yes"}, TypeError, "interpolated"),
    ],
)
def test_validation_names_the_argument(scores, positive, kwargs, exc, name):
    with pytest.raises(exc, match=name):
        ranking.ap_loss_grad(np.asarray(scores), np.asarray(positive), **kwargs)


def test_zero_one_integer_labels_are_booleans():
    s = np.array([0.3, 1.0, -2.0, 0.3])
    labels = np.array([1, 0, 1, 0])
    for fn in (ranking.ap_loss, ranking.interpolated_ap_loss):
        assert fn(s, labels) == fn(s, labels.astype(bool))
    loss, grad = ranking.ap_loss_grad(s, labels)
    loss_b, grad_b = ranking.ap_loss_grad(s, labels.astype(bool))
    assert loss == loss_b and np.array_equal(grad, grad_b)


def test_reference_refuses_a_pair_matrix_above_one_gibibyte():
    n = 12_000  # 12000 x 12000 float64 = 1.07 GiB
    with pytest.raises(ValueError, match="fastap"):
        ranking.ap_loss(np.zeros(n), np.ones(n, dtype=bool))


def test_huge_finite_scores_give_no_overflow_warning():
    import warnings

    s, p = np.array([1e308, -1e308, 0.0]), np.array([False, True, True])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for step in ("heaviside", "piecewise", "piecewise-numerator"):
            ranking.ap_loss_grad(s, p, step=step)
        ranking.smoothed_ap_loss(s, p)
    assert ranking.ap_loss(s, p) == pytest.approx(5 / 12)  # (1 - 1/2 + 1 - 2/3) / 2


def test_temperature_must_be_positive():
    s, p = np.array([0.0, 1.0]), np.array([True, False])
    for bad in (0.0, -1.0, np.inf):
        with pytest.raises(ValueError, match="tau"):
            ranking.smoothed_ap_loss(s, p, tau=bad)
    with pytest.raises(TypeError, match="tau"):
        ranking.sigmoid(s, tau="1")
