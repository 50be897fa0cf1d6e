"""Section 2, dynamics: gradient descent on F stalls at 1/6; basins, boundary, temperature."""

import numpy as np
import pytest

from aptheory.sections.smoothed.dynamics import (
    ESCAPE,
    STALL,
    UNDECIDED,
    basin_map,
    classify,
    gradient_descent,
    stall_boundary,
    tau_sweep,
)
from aptheory.sections.smoothed.numerics import F, grad_F
from aptheory.sections.smoothed.threshold import chain_threshold


def test_gradient_descent_stalls_at_one_sixth_from_the_paper_region():
    run = gradient_descent([[2.0, 1.0], [4.0, 3.0]], eta=2.0, steps=4000, record_every=1)
    t = run.thetas
    assert np.all(t[:, :, 0] > t[:, :, 1])  # theta1 > theta2 all along
    assert np.all(np.diff(t[:, :, 0] - t[:, :, 1], axis=0) >= 0)  # the gap grows
    assert np.all(np.diff(run.losses, axis=0) <= 0)
    assert np.all(run.losses[-1] > 1 / 6) and np.all(run.losses[-1] < 1 / 6 + 1e-3)
    assert np.all(classify(t[-1], run.losses[-1]) == STALL)


def test_small_theta1_in_the_paper_region_escapes():
    run = gradient_descent([[0.5, 0.2]], eta=1.0, steps=3000, record_every=3000)
    assert run.losses[-1, 0] < 0.05
    assert classify(run.thetas[-1], run.losses[-1])[0] == ESCAPE


def test_gradient_descent_records_and_steps():
    run = gradient_descent([1.0, 2.0], eta=0.5, steps=25, record_every=10)
    assert run.thetas.shape == (4, 1, 2)  # steps 0, 10, 20 and the last one, 25
    assert run.losses[0, 0] == F(1.0, 2.0)
    g1, g2 = grad_F(1.0, 2.0)
    one = gradient_descent([1.0, 2.0], eta=0.5, steps=1)
    np.testing.assert_array_equal(one.thetas[-1, 0], [1.0 - 0.5 * g1, 2.0 - 0.5 * g2])


def test_gradient_descent_per_start_step_sizes():
    starts = np.array([[2.0, 1.0], [0.5, 0.2], [-1.0, 4.0]])
    etas = np.array([0.5, 1.0, 3.0])
    run = gradient_descent(starts, eta=etas, steps=50, record_every=10)
    for k in range(3):
        one = gradient_descent(starts[k], eta=float(etas[k]), steps=50, record_every=10)
        np.testing.assert_array_equal(run.thetas[:, k], one.thetas[:, 0])
        np.testing.assert_array_equal(run.losses[:, k], one.losses[:, 0])
    assert not run.eta.flags.writeable
    assert etas.flags.writeable  # the caller's array is not frozen


def test_basin_map_small():
    bm = basin_map(n=9, steps=400)
    assert bm.labels.shape == (9, 9)
    assert sum(bm.shares.values()) == pytest.approx(1.0)
    assert bm.monotone
    assert bm.shares["stall"] > 0 and bm.shares["escape"] > 0


def test_basin_shares_are_read_only():
    bm = basin_map(n=3, steps=10)
    with pytest.raises(TypeError):
        bm.shares["stall"] = 1.0  # type: ignore[index]


def test_tau_sweep_is_the_rescaled_run():
    tau, eta = 3.0, 1.0
    starts = np.array([[2.0, 1.0], [-1.0, 4.0], [6.0, 9.0]])
    direct = gradient_descent(starts, eta=eta * tau**2, steps=200, tau=tau)
    scaled = gradient_descent(starts / tau, eta=eta, steps=200)
    np.testing.assert_allclose(direct.thetas[-1] / tau, scaled.thetas[-1], rtol=1e-10)
    sw = tau_sweep([0.5, 1.0, 50.0], n=7, steps=300)
    assert sw.stall_share[-1] == 0.0  # tau large: every start of the box is near the origin
    total = sw.stall_share + sw.escape_share + sw.undecided_share
    np.testing.assert_allclose(total, 1.0)


def test_tau_sweep_at_tau_one_is_the_basin_map():
    bm = basin_map(n=7, steps=300)
    sw = tau_sweep([1.0], n=7, steps=300)
    assert sw.stall_share[0] == bm.shares["stall"]
    assert sw.escape_share[0] == bm.shares["escape"]
    # the certified bound |F - 1/6| <= e^-theta1 of the stalled runs
    assert 0 < sw.stall_gap[0] <= 1.0


def test_classify_labels():
    theta = np.array([[3.0, 5.0], [3.0, 7.0], [0.0, 0.0]])
    loss = np.array([F(3.0, 5.0), 0.01, 0.25])
    np.testing.assert_array_equal(classify(theta, loss), [STALL, ESCAPE, UNDECIDED])
    np.testing.assert_array_equal(classify(theta * 2, loss, tau=2.0), classify(theta, loss))


def test_hessian_norm_is_small_so_unit_steps_descend():
    """The L ~ 0.29 quoted by classify(): gradient descent with eta < 2/L decreases F."""
    u, v = np.meshgrid(np.linspace(-12, 12, 121), np.linspace(-30, 50, 201))
    h = 1e-5
    a = (grad_F(u + h, v)[0] - grad_F(u - h, v)[0]) / (2 * h)
    b = (grad_F(u + h, v)[1] - grad_F(u - h, v)[1]) / (2 * h)
    c = (grad_F(u, v + h)[1] - grad_F(u, v - h)[1]) / (2 * h)
    norm = np.abs((a + c) / 2) + np.sqrt(((a - c) / 2) ** 2 + b**2)
    # the step sizes of the basin maps, the tau sweep and the stall tests
    for eta in (1.0, 2.0):
        assert eta < 2 / norm.max()
    run = gradient_descent(np.c_[u.ravel()[::97], v.ravel()[::97]], eta=2.0, steps=200)
    assert np.all(run.max_increase <= 1e-15)


def test_stall_boundary_in_the_paper_quadrant_lies_below_the_chain_threshold(polynomials):
    r = np.array([0.05, 0.5, 0.95])
    tol = 1e-3
    b = stall_boundary(r, eta=1.0, steps=2000, tol=tol)
    assert np.all(b < chain_threshold(r, polynomials=polynomials))  # (15) fails, yet it stalls
    assert np.all(np.diff(b) > 0)
    # the bisection's answer: just below b the run escapes, just above it stalls
    t = np.r_[b - tol, b + tol]
    run = gradient_descent(np.c_[t, np.r_[r, r] * t], eta=1.0, steps=2000, record_every=2000)
    fates = classify(run.thetas[-1], run.losses[-1])
    np.testing.assert_array_equal(fates, [ESCAPE] * 3 + [STALL] * 3)
    with pytest.raises(ValueError):
        stall_boundary([1.5])
    # one point per round is plain bisection: the same boundary to within the tolerance
    bisected = stall_boundary(r[1:2], eta=1.0, steps=2000, tol=tol, points=1)
    assert abs(bisected[0] - b[1]) <= tol


@pytest.mark.parametrize(
    ("call", "exc"),
    [
        (lambda: gradient_descent(np.zeros(3), eta=1.0, steps=1), ValueError),
        (lambda: gradient_descent([0.0, 0.0], eta=0.0, steps=1), ValueError),
        (lambda: gradient_descent([0.0, 0.0], eta=1.0, steps=0), ValueError),
        (lambda: gradient_descent([np.nan, 0.0], eta=1.0, steps=1), ValueError),
        (lambda: gradient_descent([True, False], eta=1.0, steps=1), TypeError),
        (lambda: gradient_descent(np.zeros((2, 2)), eta=[1.0, 2.0, 3.0], steps=1), ValueError),
        (lambda: gradient_descent(np.zeros((2, 2)), eta=[1.0, -1.0], steps=1), ValueError),
        (lambda: gradient_descent(np.zeros((2, 2)), eta=[True, True], steps=1), TypeError),
        (lambda: classify(np.zeros((3, 3)), np.zeros(3)), ValueError),
        (lambda: classify(np.zeros((3, 2)), np.zeros(2)), ValueError),
        (lambda: classify(np.array([[np.nan, 0.0]]), np.zeros(1)), ValueError),
        (lambda: classify(np.zeros((1, 2)), np.array([np.inf])), ValueError),
        (lambda: classify(np.zeros((1, 2)), np.zeros(1), tau=0.0), ValueError),
        (lambda: stall_boundary([]), ValueError),
        (lambda: stall_boundary([0.5], tol=0.0), ValueError),
        (lambda: stall_boundary([0.5], points=0), ValueError),
        (lambda: stall_boundary([0.5], steps=5), ValueError),
        (lambda: basin_map(n=0), ValueError),
        (lambda: basin_map((8.0, -4.0)), ValueError),
        (lambda: basin_map((0.0, np.nan)), ValueError),
        (lambda: basin_map(n=3, steps=1, eta=-1.0), ValueError),
        (lambda: tau_sweep([0.0]), ValueError),
        (lambda: tau_sweep([]), ValueError),
        (lambda: tau_sweep([1.0], scale_eta=1), TypeError),
    ],
)
def test_bad_input(call, exc):
    with pytest.raises(exc):
        call()


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: classify(np.zeros((3, 3)), np.zeros(3)), "theta"),
        (lambda: classify(np.zeros((3, 2)), np.zeros(2)), "loss"),
        (lambda: classify(np.zeros((1, 2)), np.zeros(1), tau=-1.0), "tau"),
        (lambda: gradient_descent(np.zeros((2, 2)), eta=[1.0], steps=1), "eta"),
        (lambda: gradient_descent([0.0, 0.0], eta=1.0, steps=0), "steps"),
        (lambda: basin_map((8.0, -4.0)), "theta1_range"),
        (lambda: tau_sweep([-1.0]), "taus"),
    ],
)
def test_bad_input_messages_name_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()
