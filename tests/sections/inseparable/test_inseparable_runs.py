"""Tests of aptheory.sections.inseparable.runs: R, eta and the online and offline runs."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import average_precision_score

from aptheory.core.linear import Sample, jacobian_norm, pair_jacobian
from aptheory.core.ranking import ap_loss
from aptheory.sections.inseparable.bounds import regret_bounds
from aptheory.sections.inseparable.runs import (
    InseparableRun,
    data_radius,
    run_offline,
    run_online,
    simulate_inseparable,
    step_size,
    validate_run,
)
from aptheory.sections.inseparable.surrogate import modified_update, surrogate_theta

# --------------------------------------------------------------- Jacobian and R, cond. (2)


def test_jacobian_rows_are_pair_score_derivatives(one_sample):
    s = one_sample
    jac = pair_jacobian(s)
    n_pos, n_neg = s.n_positive, s.n_negative
    assert jac.shape == (n_pos * n_neg, s.dim)
    theta = np.array([0.3, -0.7])
    x = (s.features @ theta)[~s.positive][None, :] - (s.features @ theta)[s.positive][:, None]
    np.testing.assert_allclose(jac @ theta, x.ravel(), rtol=1e-14, atol=1e-14)
    f_p, f_n = s.features[s.positive], s.features[~s.positive]
    np.testing.assert_array_equal(jac[1 * n_neg + 2], f_n[2] - f_p[1])  # row i * |N| + j


def test_radius_is_the_largest_singular_value(data):
    for s in data:
        jac = pair_jacobian(s)
        assert jacobian_norm(s) == pytest.approx(np.linalg.svd(jac, compute_uv=False)[0])
        # Adding the positive-positive pairs can only enlarge the norm (they do not enter l).
        f_p = s.features[s.positive]
        pp = (f_p[None, :, :] - f_p[:, None, :]).reshape(-1, s.dim)
        assert np.linalg.norm(np.vstack([jac, pp]), 2) >= jacobian_norm(s) - 1e-12
    assert data_radius(data) == max(jacobian_norm(s) for s in data)
    assert step_size(2.0, 0.5) == 0.125


@pytest.mark.parametrize(
    ("call", "exc", "word"),
    [
        (lambda: step_size(0.0, 1.0), ValueError, "radius"),
        (lambda: step_size(1.0, -1.0), ValueError, "delta"),
        (lambda: step_size("1", 1.0), TypeError, "radius"),
        (lambda: pair_jacobian(np.zeros((2, 2))), TypeError, "sample"),
        (lambda: data_radius([]), ValueError, "samples"),
        (lambda: data_radius([1]), TypeError, "samples"),
    ],
)
def test_constants_reject_bad_input(call, exc, word):
    with pytest.raises(exc, match=word):
        call()


def test_samples_without_negatives_are_rejected():
    s = Sample(np.ones((2, 2)), np.array([True, True]))
    with pytest.raises(ValueError, match="negative"):
        data_radius([s])
    mixed = [
        Sample(np.ones((2, 2)), np.array([True, False])),
        Sample(np.ones((2, 3)), np.array([True, False])),
    ]
    with pytest.raises(ValueError, match="dimension"):
        data_radius(mixed)


# --------------------------------------------------------------------------- simulation


@pytest.mark.parametrize("at_zero", [0.0, 0.5, 1.0])
def test_run_records_the_algorithm(data, at_zero):
    run = run_online(data, 30, delta=0.5, at_zero=at_zero, seed=7, theta0=np.array([0.1, -0.2]))
    assert isinstance(run, InseparableRun)
    assert run.T == 30 and run.thetas.shape == (31, 2) and run.setting == "online"
    assert run.eta == pytest.approx(0.5 / data_radius(data) ** 2)
    for t in (0, 11, 29):
        s = data[run.order[t]]
        th = run.thetas[t]
        np.testing.assert_allclose(
            run.thetas[t + 1],
            modified_update(s, th, eta=run.eta, delta=0.5, at_zero=at_zero),
            rtol=1e-13,
            atol=1e-15,
        )
        assert run.surrogate[t] == pytest.approx(
            surrogate_theta(s, th, th, delta=0.5, at_zero=at_zero)
        )
        assert run.ap_losses[t] == pytest.approx(
            ap_loss(s.features @ th, s.positive, at_zero=at_zero), abs=1e-15
        )
    again = run_online(data, 30, delta=0.5, at_zero=at_zero, seed=7, theta0=np.array([0.1, -0.2]))
    np.testing.assert_array_equal(run.thetas, again.thetas)


def test_simulate_follows_the_given_order(data):
    order = np.array([2, 0, 2, 4])
    run = simulate_inseparable(data, order, delta=0.5)
    np.testing.assert_array_equal(run.order, order)
    th = run.thetas[2]
    np.testing.assert_allclose(
        run.thetas[3], modified_update(data[2], th, eta=run.eta, delta=0.5), rtol=1e-13
    )
    fixed = simulate_inseparable(data, order, radius=3.0)
    assert fixed.radius == 3.0 and fixed.eta == step_size(3.0, 1.0)


def test_ap_loss_of_runs_is_one_minus_sklearn_ap(one_sample):
    run = run_offline(one_sample, 5, theta0=np.array([0.3, 0.1]))
    for t in range(run.T):
        scores = one_sample.features @ run.thetas[t]
        assert len(np.unique(scores)) == scores.size  # no ties: sklearn's AP is the oracle
        ap = average_precision_score(one_sample.positive, scores)
        assert run.ap_losses[t] == pytest.approx(1 - ap, abs=1e-12)


def test_offline_run_uses_one_sample(offline_run):
    assert offline_run.setting == "offline" and np.all(offline_run.order == 0)
    np.testing.assert_array_equal(offline_run.thetas[0], np.zeros(2))


@pytest.mark.parametrize(
    ("call", "word"),
    [
        (lambda d: simulate_inseparable(d, np.array([], dtype=int)), "order"),
        (lambda d: simulate_inseparable(d, np.array([0, 9])), "order"),
        (lambda d: simulate_inseparable(d, np.array([0.0, 1.0])), "order"),
        (lambda d: simulate_inseparable(d, np.array([0]), setting="batch"), "setting"),
        (lambda d: simulate_inseparable(d, np.array([0]), radius=-1.0), "radius"),
        (lambda d: simulate_inseparable(d, np.array([0]), theta0=np.zeros(5)), "theta"),
        (lambda d: run_online(d, 0), "T"),
        (lambda d: run_offline(d[0], -3), "T"),
        (lambda d: run_online(d, 3, delta=0.0), "delta"),
    ],
)
def test_simulation_rejects_bad_input(data, call, word):
    with pytest.raises(ValueError, match=word):
        call(data)


def test_validate_run(data, one_sample):
    run = run_online(data, 5, seed=0)
    assert validate_run(run, data, None) == (data, 5)
    assert validate_run(run, data, 3) == (data, 3)
    with pytest.raises(ValueError, match="samples"):
        validate_run(run, (one_sample,), None)
    with pytest.raises(ValueError, match="T"):
        validate_run(run, data, 6)
    with pytest.raises(ValueError, match="T"):
        validate_run(run, data, 0)
    with pytest.raises(TypeError, match="run"):
        validate_run("run", data, None)


# ----------------------------------------------------------------- findings: mathematics


def test_delta_and_theta1_scale_together(data):
    """For a linear model, (delta, theta^(1)) -> (c delta, c theta^(1)) scales every iterate
    by c and leaves every AP-loss and every tightness ratio unchanged: with theta^(1) = 0 the
    bounds' tightness does not depend on delta at all."""
    th = np.array([0.5, -1.0])
    a = run_online(data, 40, delta=1.0, seed=5, theta0=th)
    b = run_online(data, 40, delta=4.0, seed=5, theta0=4 * th)
    np.testing.assert_allclose(b.thetas, 4 * a.thetas, rtol=1e-10, atol=1e-12)
    np.testing.assert_array_equal(a.ap_losses, b.ap_losses)
    ba, bb = regret_bounds(a, data), regret_bounds(b, data)
    assert bb.tightness27 == pytest.approx(ba.tightness27, rel=1e-6)
    assert bb.sum_surrogate == pytest.approx(4 * ba.sum_surrogate, rel=1e-10)


# ------------------------------------------------------- the update (16) as printed


@pytest.mark.parametrize("at_zero", [0.0, 1.0])
def test_printed_update_is_gradient_descent_with_step_eta_times_p(data, at_zero):
    from aptheory.sections.inseparable.surrogate import printed_update, surrogate_grad_theta

    run = run_online(data, 25, delta=0.5, at_zero=at_zero, seed=2, update="printed")
    assert run.update == "printed"
    sizes = np.array([data[k].n_positive for k in run.order])
    np.testing.assert_array_equal(run.step_sizes, run.eta * sizes)
    for t in (0, 7, 24):
        s, th = data[run.order[t]], run.thetas[t]
        want = printed_update(s, th, eta=run.eta, delta=0.5, at_zero=at_zero)
        np.testing.assert_allclose(run.thetas[t + 1], want, rtol=1e-13, atol=1e-15)
        grad = surrogate_grad_theta(s, th, th, delta=0.5, at_zero=at_zero)
        np.testing.assert_allclose(want, th - run.eta * s.n_positive * grad, rtol=1e-12)
    gd = run_online(data, 25, delta=0.5, at_zero=at_zero, seed=2)
    assert gd.update == "gradient" and np.all(gd.step_sizes == gd.eta)
    with pytest.raises(ValueError, match="update"):
        run_online(data, 3, update="literal")


def test_printed_and_gradient_updates_agree_when_p_is_one():
    s = Sample(np.array([[1.0, 0.5], [0.0, 0.0], [-1.0, 2.0]]), np.array([True, False, False]))
    a = run_offline(s, 20, theta0=np.array([0.2, 0.1]))
    b = run_offline(s, 20, theta0=np.array([0.2, 0.1]), update="printed")
    np.testing.assert_array_equal(a.thetas, b.thetas)


def test_runs_are_those_of_the_reference_functions(data):
    """The run loop inlines rank, pairs, Q, H and H~: it gives bit-for-bit what the
    reference functions of aptheory.core.ranking give on every step."""
    from aptheory.core.ranking import heaviside, piecewise_step, piecewise_step_integral, rank

    for at_zero in (0.0, 0.5, 1.0):
        run = run_online(data, 40, delta=0.5, at_zero=at_zero, seed=4, theta0=np.ones(2))
        for t, k in enumerate(run.order):
            s = data[k]
            sc = s.features @ run.thetas[t]
            p = s.positive
            d = rank(sc, p, at_zero=at_zero) * s.n_positive
            x = sc[~p][None, :] - sc[p][:, None]
            assert run.surrogate[t] == np.sum(piecewise_step_integral(x, 0.5).sum(axis=1) / d)
            assert run.ap_losses[t] == np.sum(heaviside(x, at_zero).sum(axis=1) / d)
            g = piecewise_step(x, 0.5) / d[:, None]
            np.testing.assert_array_equal(run.grads[t], pair_jacobian(s).T @ g.ravel())
            assert run.grad_x_sq[t] == np.sum(g**2)
            np.testing.assert_array_equal(run.inv_denominators[t], 1.0 / d)


def test_printed_update_overshoots_on_the_overshoot_samples():
    """The mechanism of the counterexample to (26) for the printed update (claims
    eq16-printed-update-*): from theta^(1) = 0 with H(0) = 0 the first step on A moves theta
    by delta/2 (m times the gradient step delta/(2m)) and puts B's pair at sqrt(m) delta/2."""
    from aptheory.sections.inseparable.data import overshoot_order, overshoot_samples

    for m in (4, 16, 64):
        data = overshoot_samples(m)
        order = overshoot_order(m, 3)
        printed = simulate_inseparable(data, order, delta=0.5, at_zero=0.0, update="printed")
        gd = simulate_inseparable(data, order, delta=0.5, at_zero=0.0)
        assert printed.radius == pytest.approx(np.sqrt(m)) and printed.eta == pytest.approx(0.5 / m)
        assert printed.thetas[1, 0] == pytest.approx(0.25)
        assert gd.thetas[1, 0] == pytest.approx(0.25 / m)
        b_pair = (data[1].features[1] - data[1].features[0]) @ printed.thetas[1]
        assert b_pair == pytest.approx(np.sqrt(m) * 0.25)
        b = regret_bounds(printed, data)
        assert b.sum_surrogate > b.bound26  # (26) fails for the printed update
        g = regret_bounds(gd, data)
        assert g.sum_surrogate <= g.bound26  # and holds for gradient descent
