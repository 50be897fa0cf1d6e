"""Section 2, numerics: the three points (13) and F of eq. (14) in float64 and mpmath."""

import math
import warnings

import mpmath
import numpy as np
import pytest

from aptheory.core.ranking import smoothed_ap_loss
from aptheory.sections.smoothed.dynamics import gradient_descent
from aptheory.sections.smoothed.numerics import (
    POSITIVE,
    F,
    F_and_grad,
    F_mp,
    grad_F,
    grad_F_mp,
    scores,
    sigmoid_terms_mp,
)


def test_F_matches_eq11_reference_with_tau():
    rng = np.random.default_rng(1)
    for t1, t2 in rng.uniform(-50, 50, size=(50, 2)):
        for tau in (0.1, 1.0, 7.0):
            ref = smoothed_ap_loss(scores(t1, t2), POSITIVE, tau=tau)
            assert F(t1, t2, tau) == pytest.approx(ref, abs=1e-14)
            assert F(t1, t2, tau) == pytest.approx(F(t1 / tau, t2 / tau), abs=1e-13)


def test_scores_are_eq13():
    np.testing.assert_array_equal(scores(2.0, 5.0), [0.0, 2.0, -1.0])
    assert scores(np.zeros(4), np.ones((3, 1))).shape == (3, 4, 3)


def test_F_is_vectorised():
    t1 = np.linspace(-3, 3, 7)
    t2 = np.linspace(0, 5, 5)[:, None]
    out = F(t1, t2)
    assert out.shape == (5, 7)
    assert out[2, 3] == F(t1[3], t2[2, 0])
    g1, g2 = grad_F(t1, t2)
    assert g1.shape == g2.shape == (5, 7)


def test_F_and_grad_are_F_and_grad_F_bit_for_bit():
    rng = np.random.default_rng(4)
    u, v = rng.uniform(-30, 30, size=(2, 200))
    for tau in (0.3, 1.0):
        f, g1, g2 = F_and_grad(u, v, tau)
        np.testing.assert_array_equal(f, F(u, v, tau))
        np.testing.assert_array_equal(np.stack([g1, g2]), np.stack(grad_F(u, v, tau)))
    assert F_and_grad(1.0, 2.0) == (F(1.0, 2.0), *grad_F(1.0, 2.0))


def test_gradient_matches_high_precision_and_finite_differences():
    rng = np.random.default_rng(2)
    for t1, t2 in rng.uniform(-8, 8, size=(30, 2)):
        g = grad_F(t1, t2)
        gm = grad_F_mp(t1, t2)
        h = mpmath.mpf("1e-20")
        with mpmath.workdps(60):
            fd1 = (F_mp(t1 + h, t2, dps=60) - F_mp(t1 - h, t2, dps=60)) / (2 * h)
            fd2 = (F_mp(t1, t2 + h, dps=60) - F_mp(t1, t2 - h, dps=60)) / (2 * h)
        assert abs(float(gm[0] - fd1)) < 1e-25 and abs(float(gm[1] - fd2)) < 1e-25
        assert g[0] == pytest.approx(float(gm[0]), rel=1e-12, abs=1e-300)
        assert g[1] == pytest.approx(float(gm[1]), rel=1e-12, abs=1e-300)


def test_sigmoid_terms_are_the_sigmoids_of_eq14():
    with mpmath.workdps(30):
        p, s_u, q, r2, r1, s_31 = sigmoid_terms_mp(1.5, -2.0, tau=0.5)
        u, v = mpmath.mpf(3), mpmath.mpf(-4)
        for got, arg in ((p, -u), (s_u, u), (q, v - 4 * u), (r2, 4 * u - v), (r1, 3 * u - v)):
            assert abs(got - 1 / (1 + mpmath.exp(-arg))) < mpmath.mpf("1e-29")
        assert abs(r1 + s_31 - 1) < mpmath.mpf("1e-29")  # S(x) + S(-x) = 1
        # F of eq. (14) from the six terms
        value = (p / (1 + p + q) + r1 / (1 + r1 + r2)) / 2
        assert abs(value - F_mp(1.5, -2.0, tau=0.5, dps=30)) < mpmath.mpf("1e-29")


@pytest.mark.parametrize("t1", [-1e6, -700.0, 0.0, 700.0, 1e6])
@pytest.mark.parametrize("t2", [-1e6, -3e3, 0.0, 3e3, 1e6])
def test_stable_for_large_theta(t1, t2):
    # underflow to 0 is the correctly rounded value of e^-1e6; overflow/NaN must not occur
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        f = F(t1, t2)
        g1, g2 = grad_F(t1, t2)
        run = gradient_descent([[t1, t2]], eta=10.0, steps=3)
    assert all(math.isfinite(v) for v in (f, g1, g2))
    assert np.all(np.isfinite(run.thetas))
    assert float(F_mp(t1, t2)) == pytest.approx(f, abs=1e-15)


def test_stall_and_infimum_values():
    assert F(1e6, 0.5e6) == pytest.approx(1 / 6, abs=1e-15)
    assert F(1e3, 4e3 + 50) < 1e-20  # theta1 -> inf, theta2 - 3 theta1 -> inf
    # theta2 = 3 theta1: F = (1/2) S(0) / (1 + S(theta1) + S(0)) -> (1/2)(1/2)/(5/2) = 1/10
    assert F(1e3, 3e3) == pytest.approx(0.1, abs=1e-15)


@pytest.mark.parametrize(
    ("call", "exc"),
    [
        (lambda: F(np.nan, 0.0), ValueError),
        (lambda: F(0.0, np.inf), ValueError),
        (lambda: F("a", 0.0), TypeError),
        (lambda: F(True, 0.0), TypeError),
        (lambda: F(0.0, 0.0, tau=0.0), ValueError),
        (lambda: F(1e306, 0.0, tau=1e-3), ValueError),
        (lambda: F(np.zeros(2), np.zeros(3)), ValueError),
        (lambda: grad_F(0.0, 0.0, tau=-1.0), ValueError),
        (lambda: F_and_grad(0.0, np.nan), ValueError),
        (lambda: F_and_grad(1e306, 0.0, tau=1e-3), ValueError),
        (lambda: F_mp(np.nan, 0.0), ValueError),
        (lambda: F_mp(0.0, mpmath.mpf("inf")), ValueError),
        (lambda: F_mp(0.0, 0.0, dps=0), ValueError),
        (lambda: grad_F_mp("a", 0.0), TypeError),
        (lambda: sigmoid_terms_mp(0.0, 0.0, tau=0.0), ValueError),
    ],
)
def test_bad_input(call, exc):
    with pytest.raises(exc):
        call()


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: F(np.nan, 0.0), "theta1"),
        (lambda: F(0.0, np.inf), "theta2"),
        (lambda: F(0.0, 0.0, tau=0.0), "tau"),
        (lambda: F_mp(0.0, 0.0, dps=0), "dps"),
    ],
)
def test_bad_input_messages_name_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()
