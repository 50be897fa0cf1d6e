"""Section 2, where (15) holds numerically: chain_holds and the threshold theta1*(r)."""

import numpy as np
import pytest

from aptheory.sections.smoothed.certificates import certify_chain_cone
from aptheory.sections.smoothed.numerics import grad_F, grad_F_mp
from aptheory.sections.smoothed.threshold import chain_holds, chain_threshold


def test_chain_threshold(polynomials):
    r = np.linspace(0.0, 0.999, 12)
    th = chain_threshold(r, polynomials=polynomials)
    assert np.all(np.diff(th) > 0)
    # the cone certificate proves (15, left) for theta1 >= T_cone and every r <= 1
    cone = certify_chain_cone(polynomials=polynomials)
    assert np.all(th > 0) and np.all(th < cone.theta1_min)
    for rk, tk in zip(r, th, strict=True):
        g1, g2 = grad_F_mp(tk, rk * tk)
        assert abs(float((g1 - g2) / g1)) < 1e-9
        above = grad_F_mp(tk + 1e-3, rk * (tk + 1e-3))
        below = grad_F_mp(tk - 1e-3, rk * (tk - 1e-3))
        assert above[0] < above[1] and below[0] > below[1]


def test_chain_threshold_shapes(polynomials):
    one = chain_threshold(0.5, polynomials=polynomials)
    assert isinstance(one, float)
    grid = chain_threshold(np.array([[0.25, 0.5]]), polynomials=polynomials)
    assert grid.shape == (1, 2) and grid[0, 1] == one


def test_chain_holds_is_both_inequalities_of_15():
    u, v = np.meshgrid(np.linspace(-3, 6, 19), np.linspace(-4, 14, 37))
    g1, g2 = grad_F(u, v)
    np.testing.assert_array_equal(chain_holds(u, v), (g1 < g2) & (g2 < 0))
    assert chain_holds(3.0, 1.0) and not chain_holds(0.5, 0.2)


@pytest.mark.parametrize(
    ("call", "exc"),
    [
        (lambda: chain_threshold(2.0), ValueError),
        (lambda: chain_threshold(np.nan), ValueError),
        (lambda: chain_threshold(0.5, t_max=0.0), ValueError),
        (lambda: chain_threshold(0.5, polynomials="left"), TypeError),
    ],
)
def test_bad_input(call, exc):
    with pytest.raises(exc):
        call()
