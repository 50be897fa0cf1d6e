"""Tests of aptheory.sections.inseparable.surrogate: l of eq. (18), its gradients, eq. (16)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aptheory.core.linear import Sample
from aptheory.core.ranking import (
    ap_loss,
    ap_loss_grad,
    piecewise_step,
    piecewise_step_integral,
    primary_terms,
)
from aptheory.sections.inseparable.surrogate import (
    convexity_gap,
    denominators,
    exact_surrogate,
    modified_terms,
    modified_update,
    surrogate_grad_pairs,
    surrogate_grad_theta,
    surrogate_loss,
    surrogate_theta,
)
from aptheory.strategies import at_zero_values, ranking_instances

FAST = settings(max_examples=40, deadline=None, derandomize=True, database=None)


def plain_surrogate(scores, positive, reference, delta, at_zero):
    """Eq. (18) as written: loops over i in P, j in N and k != i."""
    pos = [k for k in range(len(scores)) if positive[k]]
    neg = [k for k in range(len(scores)) if not positive[k]]
    total = 0.0
    for i in pos:
        num = sum(float(piecewise_step_integral(scores[j] - scores[i], delta)) for j in neg)
        den = 1.0
        for k in range(len(scores)):
            if k != i:
                x = reference[k] - reference[i]
                den += 1.0 if x > 0 else 0.0 if x < 0 else at_zero
        total += num / den
    return total / len(pos)


def half_integers(size):
    return st.lists(st.integers(-3, 3), min_size=size, max_size=size).map(lambda v: np.array(v) / 2)


# ------------------------------------------------------------------- surrogate, eq. (18)


@FAST
@given(ranking_instances(max_size=8, min_negatives=1), st.data())
def test_surrogate_matches_plain_loops(inst, data):
    reference = data.draw(half_integers(inst.scores.size))
    delta = data.draw(st.sampled_from([0.25, 1.0, 2.0]))
    at_zero = data.draw(at_zero_values())
    got = surrogate_loss(
        inst.scores, inst.positive, reference=reference, delta=delta, at_zero=at_zero
    )
    want = plain_surrogate(inst.scores, inst.positive, reference, delta, at_zero)
    assert got == pytest.approx(want, rel=1e-12, abs=1e-15)
    same = surrogate_loss(inst.scores, inst.positive, delta=delta, at_zero=at_zero)
    assert same == pytest.approx(
        plain_surrogate(inst.scores, inst.positive, inst.scores, delta, at_zero), rel=1e-12
    )


@FAST
@given(ranking_instances(max_size=8, min_negatives=1), at_zero_values())
def test_modified_terms_match_the_foundation(inst, at_zero):
    ours = modified_terms(inst.scores, inst.positive, delta=0.5, at_zero=at_zero)
    theirs = primary_terms(
        inst.scores, inst.positive, step="piecewise-numerator", delta=0.5, at_zero=at_zero
    )
    np.testing.assert_allclose(ours, theirs, rtol=1e-15)
    grad = surrogate_grad_pairs(inst.scores, inst.positive, delta=0.5, at_zero=at_zero)
    np.testing.assert_allclose(grad, ours / inst.positive.sum(), rtol=1e-15)


def test_surrogate_grad_pairs_is_dl_dx():
    s = np.array([0.3, -0.2, 0.9, 0.1, -1.4])
    p = np.array([True, False, True, False, False])
    ref = np.array([1.0, 0.0, 0.0, 2.0, -1.0])
    delta, at_zero = 0.7, 0.5
    den = denominators(ref, p, at_zero=at_zero)
    x = s[~p][None, :] - s[p][:, None]

    def loss(xx):
        return float((piecewise_step_integral(xx, delta).sum(axis=1) / den).mean())

    h = 1e-6
    fd = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[idx] = h
        fd[idx] = (loss(x + e) - loss(x - e)) / (2 * h)
    got = surrogate_grad_pairs(s, p, reference=ref, delta=delta, at_zero=at_zero)
    np.testing.assert_allclose(got, fd, atol=1e-8)
    assert surrogate_loss(s, p, reference=ref, delta=delta, at_zero=at_zero) == (
        pytest.approx(loss(x))
    )


@pytest.mark.parametrize(
    ("call", "exc", "word"),
    [
        (lambda: surrogate_loss([0.0, np.nan], [True, False]), ValueError, "scores"),
        (lambda: surrogate_loss([0.0, 1.0], [True]), ValueError, "positive"),
        (lambda: surrogate_loss([0.0, 1.0], [False, False]), ValueError, "positive"),
        (lambda: surrogate_loss([0.0, 1.0], [True, False], delta=0), ValueError, "delta"),
        (lambda: surrogate_loss([0.0, 1.0], [True, False], at_zero=2), ValueError, "at_zero"),
        (
            lambda: surrogate_loss([0.0, 1.0], [True, False], reference=[0.0]),
            ValueError,
            "reference",
        ),
        (
            lambda: surrogate_loss([0.0, 1.0], [True, False], reference=[0.0, np.inf]),
            ValueError,
            "reference",
        ),
        (lambda: modified_terms([0.0, 1.0], [1, 2]), ValueError, "positive"),
        (lambda: denominators([0.0, 1.0], [True, False], at_zero=-1), ValueError, "at_zero"),
    ],
)
def test_surrogate_rejects_bad_input(call, exc, word):
    with pytest.raises(exc, match=word):
        call()


def test_piecewise_step_is_the_derivative_of_Q():  # noqa: N802 - the supplement's symbol
    x = np.linspace(-3, 3, 61)
    h = 1e-6
    for delta in (0.5, 1.0):
        fd = (piecewise_step_integral(x + h, delta) - piecewise_step_integral(x - h, delta)) / (
            2 * h
        )
        np.testing.assert_allclose(fd, piecewise_step(x, delta), atol=1e-6)


# ------------------------------------------------------------------- the exact surrogate


@FAST
@given(ranking_instances(max_size=7, min_negatives=1), st.data())
def test_exact_surrogate_agrees_with_the_float_functions(inst, data):
    reference = data.draw(half_integers(inst.scores.size))
    delta = data.draw(st.sampled_from([0.25, 1.0, 2.0]))
    at_zero = data.draw(at_zero_values())
    kw = {"delta": delta, "at_zero": at_zero}
    e = exact_surrogate(inst.scores, inst.positive, reference=reference, **kw)
    assert e.n_positive == int(inst.positive.sum()) and e.delta == Fraction(delta)
    assert float(e.loss) == pytest.approx(
        surrogate_loss(inst.scores, inst.positive, reference=reference, **kw), rel=1e-12
    )
    assert float(e.loss_self) == pytest.approx(
        surrogate_loss(inst.scores, inst.positive, **kw), rel=1e-12, abs=1e-15
    )
    grad = surrogate_grad_pairs(inst.scores, inst.positive, reference=reference, **kw)
    assert float(e.grad_x_sq) == pytest.approx(float(np.sum(grad**2)), rel=1e-12, abs=1e-15)
    np.testing.assert_allclose(
        [float(d) for d in e.rank_reference],
        denominators(reference, inst.positive, at_zero=at_zero),
    )
    assert float(e.ap_loss_self) == pytest.approx(
        ap_loss(inst.scores, inst.positive, at_zero=at_zero), abs=1e-15
    )
    assert float(e.ap_loss_reference) == pytest.approx(
        ap_loss(reference, inst.positive, at_zero=at_zero), abs=1e-15
    )
    assert e.z == max(e.a)


def test_exact_surrogate_by_hand():
    # Two tied positives and one negative, all at 0, H(0) = 0: D_i = 1, Q(0) = delta / 4.
    e = exact_surrogate([0, 0, 0], [True, True, False], delta=1, at_zero=0)
    assert e.rank_reference == (1, 1) and e.rank_plus_reference == (1, 1)
    assert e.a == (Fraction(1, 4), Fraction(1, 4)) and e.z == Fraction(1, 4)
    assert e.loss == e.loss_self == Fraction(1, 4)
    assert e.ap_loss_self == 0  # H(0) = 0: the tied negative is not ahead
    assert e.grad_x_sq == 2 * Fraction(1, 2) ** 2 / 4  # H~(0) = 1/2, |P|^2 = 4


def test_exact_surrogate_rejects_bad_input():
    with pytest.raises(ValueError, match="reference"):
        exact_surrogate([0, 1], [True, False], reference=[0])
    with pytest.raises(ValueError, match="delta"):
        exact_surrogate([0, 1], [True, False], delta=0)
    with pytest.raises(ValueError, match="at_zero"):
        exact_surrogate([0, 1], [True, False], at_zero=2)
    with pytest.raises(ValueError, match="positive"):
        exact_surrogate([0, 1], [False, False])
    with pytest.raises(ValueError, match="scores"):
        exact_surrogate([0.0, float("nan")], [True, False])


# ------------------------------------------------------------- (16) is gradient descent


def test_modified_update_is_gradient_descent_with_step_eta(one_sample):
    s = one_sample
    rng = np.random.default_rng(0)
    for at_zero in (0.0, 0.5, 1.0):
        theta = rng.normal(size=2)
        grad = surrogate_grad_theta(s, theta, theta, delta=0.5, at_zero=at_zero)
        new = modified_update(s, theta, eta=0.3, delta=0.5, at_zero=at_zero)
        np.testing.assert_allclose(new, theta - 0.3 * grad, rtol=1e-13, atol=1e-15)
        # ... and the foundation's error-driven score gradient, pushed through F, agrees.
        _, g_scores = ap_loss_grad(
            s.features @ theta,
            s.positive,
            step="piecewise-numerator",
            delta=0.5,
            at_zero=at_zero,
        )
        np.testing.assert_allclose(grad, s.features.T @ g_scores, rtol=1e-12, atol=1e-15)


def test_modified_update_without_the_1_over_P_factor_is_not_gd(one_sample):  # noqa: N802
    theta = np.array([0.2, -0.1])
    grad = surrogate_grad_theta(one_sample, theta, theta)
    step = modified_update(one_sample, theta, eta=1.0) - theta
    assert one_sample.n_positive > 1
    assert not np.allclose(step * one_sample.n_positive, -grad)


@pytest.mark.parametrize("eta", [0.0, -1.0, float("inf")])
def test_modified_update_rejects_bad_eta(one_sample, eta):
    with pytest.raises(ValueError, match="eta"):
        modified_update(one_sample, np.zeros(2), eta=eta)


def test_theta_is_validated(one_sample):
    with pytest.raises(ValueError, match="theta"):
        surrogate_theta(one_sample, np.zeros(3), np.zeros(2))
    with pytest.raises(ValueError, match="theta"):
        surrogate_grad_theta(one_sample, np.zeros(2), np.array([np.nan, 0.0]))


# ---------------------------------------------------------------- convexity, condition (1)


def test_convexity_gap_and_its_unfrozen_twin(one_sample):
    rng = np.random.default_rng(1)
    ref = rng.normal(size=2)
    for _ in range(20):
        a, b = rng.normal(size=(2, 2)) * 2
        mid, chord = convexity_gap(one_sample, ref, a, b, lam=rng.uniform())
        assert mid <= chord + 1e-12
    # Unfrozen denominators: l(x, x) = Q(x) / (1 + H(x)) drops at x = 0, so it is not convex
    # (one positive, one negative, x = theta).
    s = Sample(np.array([[0.0], [1.0]]), np.array([True, False]))

    def unfrozen(t):
        th = np.array([t])
        return surrogate_theta(s, th, th, delta=1.0, at_zero=1.0)

    assert unfrozen(-0.05) > (unfrozen(-0.2) + unfrozen(0.1)) / 2


@pytest.mark.parametrize(
    ("kwargs", "exc", "word"),
    [
        ({"lam": 1.5}, ValueError, "lam"),
        ({"lam": float("nan")}, ValueError, "lam"),
        ({"lam": "0.5"}, TypeError, "lam"),
        ({"sample": "nope"}, TypeError, "sample"),
        ({"reference_theta": np.array([np.nan, 0.0])}, ValueError, "theta"),
        ({"b": np.zeros(3)}, ValueError, "theta"),
        ({"delta": 0.0}, ValueError, "delta"),
        ({"at_zero": 2.0}, ValueError, "at_zero"),
    ],
)
def test_convexity_gap_rejects_bad_input(one_sample, kwargs, exc, word):
    ref = np.array([0.3, -0.4])
    args = {"sample": one_sample, "reference_theta": ref, "a": ref, "b": ref} | kwargs
    with pytest.raises(exc, match=word):
        convexity_gap(**args)
