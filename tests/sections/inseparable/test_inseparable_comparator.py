"""Tests of aptheory.sections.inseparable.comparator: l^(t)(u), A_i(u), Z(u) and the choice of u."""

from __future__ import annotations

import numpy as np
import pytest

from aptheory.core.ranking import piecewise_step_integral
from aptheory.sections.inseparable.comparator import (
    comparator,
    comparator_losses,
    offline_comparator,
    offline_constants,
)
from aptheory.sections.inseparable.runs import run_online
from aptheory.sections.inseparable.surrogate import surrogate_theta


def test_comparator_minimises_its_objective(data):
    run = run_online(data, 40, seed=1)
    u = comparator(run, data)
    ridge = run.radius**2 / (2 * run.delta)

    def objective(v):
        return comparator_losses(run, data, v).sum() + ridge * np.sum((v - run.thetas[0]) ** 2)

    h = 1e-6
    grad = [(objective(u + h * e) - objective(u - h * e)) / (2 * h) for e in np.eye(2)]
    np.testing.assert_allclose(grad, 0.0, atol=1e-5 * max(1.0, objective(u)))
    rng = np.random.default_rng(0)
    for _ in range(5):
        assert objective(u) <= objective(u + 0.05 * rng.normal(size=2))
    u_loss = comparator(run, data, objective="loss")
    assert comparator_losses(run, data, u_loss).sum() <= (
        comparator_losses(run, data, u).sum() + 1e-9
    )
    with pytest.raises(ValueError, match="objective"):
        comparator(run, data, objective="best")


def test_comparator_losses_use_the_frozen_denominators(data):
    run = run_online(data, 15, seed=2)
    u = np.array([0.4, 0.2])
    got = comparator_losses(run, data, u)
    for t in range(run.T):
        s = data[run.order[t]]
        assert got[t] == pytest.approx(surrogate_theta(s, u, run.thetas[t]))
    np.testing.assert_array_equal(comparator_losses(run, data, u, T=4), got[:4])


def test_offline_constants(one_sample):
    u = np.array([1.0, -0.5])
    a, z = offline_constants(one_sample, u, delta=0.5)
    s = one_sample.features @ u
    x = s[~one_sample.positive][None, :] - s[one_sample.positive][:, None]
    np.testing.assert_allclose(a, piecewise_step_integral(x, 0.5).sum(axis=1))
    assert z == a.max()
    with pytest.raises(TypeError, match="sample"):
        offline_constants("nope", u)
    with pytest.raises(ValueError, match="delta"):
        offline_constants(one_sample, u, delta=-1.0)


def test_offline_comparator_checks_its_arguments(offline_run, one_sample):
    with pytest.raises(ValueError, match="offline"):
        offline_comparator(run_online((one_sample,), 3), one_sample, bound="29")
    with pytest.raises(ValueError, match="bound"):
        offline_comparator(offline_run, one_sample, bound="27")
    u = offline_comparator(offline_run, one_sample, bound="31")
    assert u.shape == (2,) and np.all(np.isfinite(u))
