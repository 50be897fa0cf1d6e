"""Section 4 numerics: softmax + cross-entropy (33)-(35) and step + hinge (36)-(38)."""

import warnings

import numpy as np
import pytest
from sklearn.metrics import log_loss

from aptheory.sections.consistency import numerics as cs


def test_softmax_and_cross_entropy_against_sklearn():
    rng = np.random.default_rng(0)
    for _ in range(20):
        k = int(rng.integers(2, 7))
        x = rng.normal(scale=5.0, size=k)
        y = int(rng.integers(k))
        p = cs.softmax(x)
        assert p.sum() == pytest.approx(1.0)
        ref = log_loss([y], p[None, :], labels=list(range(k)))
        assert cs.cross_entropy(x, y) == pytest.approx(ref, rel=1e-12)


def test_large_logits_are_stable():
    x = np.array([1e6, 0.0, -1e6])
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        p = cs.softmax(x)
        loss = cs.cross_entropy(x, 2)
        g = cs.cross_entropy_grad(x, 1)
    np.testing.assert_array_equal(p, [1.0, 0.0, 0.0])
    assert loss == 2e6
    np.testing.assert_array_equal(g, [1.0, -1.0, 0.0])


def _coordinate(fn, x: np.ndarray, i: int):
    """t -> fn(x with its i-th entry replaced by t)."""

    def along(t: float) -> float:
        z = x.copy()
        z[i] = t
        return fn(z)

    return along


def test_eq35_against_finite_differences():
    rng = np.random.default_rng(1)
    h = 1e-6
    for _ in range(30):
        k = int(rng.integers(2, 7))
        x = rng.uniform(-10, 10, size=k)
        y = int(rng.integers(k))
        g = cs.cross_entropy_grad(x, y)
        for i in range(k):
            fd = cs.central_difference(
                _coordinate(lambda z, y=y: cs.cross_entropy(z, y), x, i), x[i], h
            )
            assert g[i] == pytest.approx(fd, abs=1e-7)
        assert g.sum() == pytest.approx(0.0, abs=1e-15)


def test_observation1_linear_softmax_step_is_gradient_step():
    """One error-driven step W += eta (1_y - L) f^T equals one gradient step on L_ce."""
    rng = np.random.default_rng(2)
    k, d, eta, h = 4, 3, 0.1, 1e-6
    w = rng.normal(size=(k, d))
    f = rng.normal(size=d)
    y = 2
    onehot = np.eye(k)[y]
    error_driven = w + eta * np.outer(onehot - cs.softmax(w @ f), f)
    flat = w.ravel()
    grad = np.array(
        [
            cs.central_difference(
                _coordinate(lambda z: cs.cross_entropy(z.reshape(k, d) @ f, y), flat, i),
                flat[i],
                h,
            )
            for i in range(flat.size)
        ]
    ).reshape(k, d)
    np.testing.assert_allclose(error_driven, w - eta * grad, atol=1e-8)


@pytest.mark.parametrize("y", [0, 1])
def test_eq38_off_the_kink(y):
    rng = np.random.default_rng(3)
    for x in rng.uniform(-4, 4, size=50):
        x1, x2 = cs.hinge_outputs(x)
        g = cs.hinge_grad(x, y)
        d1 = cs.central_difference(lambda t, x2=x2: cs.hinge_loss_of_outputs(t, x2, y), x1)
        d2 = cs.central_difference(lambda t, x1=x1: cs.hinge_loss_of_outputs(x1, t, y), x2)
        assert g == pytest.approx((d1, d2), abs=1e-8)
        assert g[1 - y] == 0.0


def test_eq38_at_the_kink_depends_on_h0():
    # y = 1 (the paper's y = 2): output x_2 = x, kink at x = 1; loss 0 there
    assert cs.hinge_loss(1.0, 1) == 0.0
    assert cs.hinge_grad(1.0, 1, at_zero=1.0)[1] == 0.0
    assert cs.hinge_grad(1.0, 1, at_zero=0.5)[1] == -0.5
    assert cs.hinge_grad(1.0, 1, at_zero=0.0)[1] == -1.0
    fd = cs.central_difference(lambda t: cs.hinge_loss_of_outputs(-t, t, 1), 1.0)
    assert fd == pytest.approx(-0.5)  # the symmetric derivative sees H(0) = 1/2
    # y = 0: output x_1 = -x, kink at x = -1
    assert cs.hinge_grad(-1.0, 0, at_zero=0.0) == (-1.0, 0.0)


def test_hinge_activation_eq36():
    assert cs.hinge_activation(2.0) == (0.0, 1.0)
    assert cs.hinge_activation(-2.0) == (1.0, 0.0)
    assert cs.hinge_activation(0.0) == (0.0, 0.0)
    assert cs.hinge_activation(1.0, at_zero=0.5) == (0.0, 0.5)


@pytest.mark.parametrize(
    ("call", "exc"),
    [
        (lambda: cs.softmax([]), ValueError),
        (lambda: cs.softmax([[1.0, 2.0]]), ValueError),
        (lambda: cs.softmax([np.nan, 1.0]), ValueError),
        (lambda: cs.softmax(["a"]), TypeError),
        (lambda: cs.cross_entropy([1.0, 2.0], 2), ValueError),
        (lambda: cs.cross_entropy([1.0, 2.0], 1.0), TypeError),
        (lambda: cs.cross_entropy_grad([1.0, 2.0], True), TypeError),
        (lambda: cs.hinge_loss(np.inf, 0), ValueError),
        (lambda: cs.hinge_loss(0.0, 2), ValueError),
        (lambda: cs.hinge_grad(0.0, 0, at_zero=1.5), ValueError),
        (lambda: cs.hinge_outputs("x"), TypeError),
        (lambda: cs.central_difference(abs, 0.0, h=0.0), ValueError),
        (lambda: cs.hinge_loss_of_outputs(np.nan, 0.0, 0), ValueError),
        (lambda: cs.hinge_loss_of_outputs(0.0, "x", 0), TypeError),
        (lambda: cs.hinge_loss_of_outputs(0.0, 0.0, -1), ValueError),
    ],
)
def test_bad_input(call, exc):
    with pytest.raises(exc):
        call()


@pytest.mark.parametrize("y", [0, 1])
def test_hinge_loss_is_the_loss_of_the_outputs_at_minus_x_x(y):
    for x in np.linspace(-3.0, 3.0, 13):
        assert cs.hinge_loss(x, y) == cs.hinge_loss_of_outputs(-x, x, y)
    # eq. (37) reads only the output of the true class
    assert cs.hinge_loss_of_outputs(0.25, -7.0, 0) == 0.75
    assert cs.hinge_loss_of_outputs(-7.0, 0.25, 1) == 0.75
