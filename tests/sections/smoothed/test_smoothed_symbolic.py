"""Section 2, symbolic derivations: eq. (14) from eq. (11), and the sign polynomials of (15)."""

import mpmath
import numpy as np
import pytest
import sympy as sp

from aptheory.sections.smoothed.numerics import F, grad_F
from aptheory.sections.smoothed.symbolic import (
    GradientPolynomials,
    ensure_polynomials,
    smoothed_ap_loss_symbolic,
)


def test_eq14_is_eq11_applied_to_eq13(symbolic):
    assert symbolic.equals_printed
    assert not symbolic.flipped_equals_printed  # the proof sees the sign convention of x_ij
    assert symbolic.gradient_matches
    assert symbolic.tau_scaling


def test_symbolic_F_agrees_with_numeric_F(symbolic):
    args = (symbolic.theta1, symbolic.theta2)
    f = sp.lambdify(args, symbolic.sigmoid, "mpmath")
    d1 = sp.lambdify(args, symbolic.d_theta1, "mpmath")
    d2 = sp.lambdify(args, symbolic.d_theta2, "mpmath")
    rng = np.random.default_rng(0)
    with mpmath.workdps(40):
        for t1, t2 in rng.uniform(-6, 6, size=(20, 2)):
            assert abs(float(f(t1, t2)) - F(t1, t2)) < 1e-15
            g1, g2 = grad_F(t1, t2)
            assert abs(float(d1(t1, t2)) - g1) < 1e-15
            assert abs(float(d2(t1, t2)) - g2) < 1e-15


def test_eq11_for_symbolic_scores_on_two_boxes():
    s = sp.Function("S")
    a, b = sp.symbols("a b")
    # one positive (score a) and one negative (score b): S(b - a) / (1 + S(b - a))
    out = smoothed_ap_loss_symbolic([a, b], [True, False], s)
    assert sp.simplify(out - s(b - a) / (1 + s(b - a))) == 0


def test_polynomials(polynomials):
    assert polynomials.verified
    assert polynomials.left_ab[(0, 0)] == 9 and polynomials.left_ab[(0, 1)] == -8  # 9 - 8b
    assert polynomials.trap_ab[(0, 0)] == 18 and polynomials.trap_ab[(0, 1)] == -14  # b < 9/7
    negative_right = [ij for ij, c in polynomials.right.terms() if c < 0]
    assert negative_right == [(10, 3)]  # the single term -5 X^10 Y^3 = X^3 Y (-5 X^7 Y^2)


def test_polynomial_tables_are_read_only(polynomials):
    with pytest.raises(TypeError):
        polynomials.left_ab[(0, 0)] = 0  # type: ignore[index]


def test_ensure_polynomials_passes_given_ones_through(polynomials):
    assert isinstance(polynomials, GradientPolynomials)
    assert ensure_polynomials(polynomials) is polynomials
    with pytest.raises(TypeError, match="polynomials"):
        ensure_polynomials({"left_ab": {}})


@pytest.mark.parametrize(
    ("call", "exc"),
    [
        (lambda: smoothed_ap_loss_symbolic([], [], lambda z: z), ValueError),
        (lambda: smoothed_ap_loss_symbolic([sp.S(0)], [True, False], lambda z: z), ValueError),
        (lambda: smoothed_ap_loss_symbolic([sp.S(0)], [False], lambda z: z), ValueError),
        (lambda: smoothed_ap_loss_symbolic([sp.S(0)], [0.5], lambda z: z), TypeError),
        (lambda: smoothed_ap_loss_symbolic([sp.S(0)], [True], "S"), TypeError),
    ],
)
def test_bad_input(call, exc):
    with pytest.raises(exc):
        call()
