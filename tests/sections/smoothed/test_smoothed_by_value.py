"""Section 2 by value: F of (14), its gradient and the threshold theta1*(r) of (15).

Everything is recomputed here from the printed formula of eq. (14), written out again in
mpmath at 40 digits (F = 1/2 [S(-t1) / (1 + S(-t1) + S(t2 - 4 t1)) + S(3 t1 - t2) /
(1 + S(4 t1 - t2) + S(3 t1 - t2))], S(x) = 1 / (1 + e^-x)), with derivatives by mpmath's
numerical differentiation, not through the package's sigmoid pieces, sign polynomials or
mpmath gradient. A factor 2 in F or in its gradient, a changed denominator, or a threshold
computed on the wrong ray fails here. (The certified constants of (15), RIGHT_X0, the cone
379/1000 and the trap ln 10, are recomputed in test_smoothed_constants.py.)
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest

from aptheory.sections.smoothed.numerics import F, grad_F
from aptheory.sections.smoothed.threshold import chain_threshold

DPS = 40


def _s(x):
    return 1 / (1 + mpmath.exp(-x))


def f_printed(t1, t2):
    """Eq. (14), plainly."""
    a = _s(-t1) / (1 + _s(-t1) + _s(t2 - 4 * t1))
    b = _s(3 * t1 - t2) / (1 + _s(4 * t1 - t2) + _s(3 * t1 - t2))
    return (a + b) / 2


def grad_printed(t1, t2):
    d1 = mpmath.diff(lambda u: f_printed(u, t2), t1)
    d2 = mpmath.diff(lambda v: f_printed(t1, v), t2)
    return d1, d2


POINTS = [(0.0, 0.0), (1.0, 2.0), (-2.0, 0.5), (3.0, 11.0), (5.0, 1.0), (-1.5, -4.0)]


@pytest.mark.parametrize(("t1", "t2"), POINTS)
def test_f_and_its_gradient_by_value(t1, t2):
    # float64 F and gradient: a few sigmoids and divisions of O(1) values, each correctly
    # rounded by expit, so 1e-13 relative (absolute near 0) is ample
    with mpmath.workdps(DPS):
        want = f_printed(mpmath.mpf(t1), mpmath.mpf(t2))
        g1, g2 = grad_printed(mpmath.mpf(t1), mpmath.mpf(t2))
    assert F(t1, t2) == pytest.approx(float(want), rel=1e-13, abs=1e-300)
    got1, got2 = grad_F(t1, t2)
    assert got1 == pytest.approx(float(g1), rel=1e-11, abs=1e-15)
    assert got2 == pytest.approx(float(g2), rel=1e-11, abs=1e-15)


def test_f_at_the_printed_special_values():
    # theta = 0: every sigmoid is 1/2, F = 1/2 (1/2 / 2 + 1/2 / 2) = 1/4
    assert F(0.0, 0.0) == pytest.approx(0.25, rel=1e-15)
    with mpmath.workdps(DPS):
        assert float(f_printed(mpmath.mpf(0), mpmath.mpf(0))) == pytest.approx(0.25, rel=1e-15)


def _threshold_printed(r: float) -> float:
    """The largest theta1 in (0, 30] with dF/dtheta1 = dF/dtheta2 on theta2 = r theta1:
    the last sign change of the difference on a grid (step 0.1 up to 5, 1 up to 30: the
    thresholds of these rays lie in (0.3, 1.5)), refined by mpmath.findroot."""

    def diff(t):
        g1, g2 = grad_printed(t, r * t)
        return g1 - g2

    with mpmath.workdps(25):
        grid = [mpmath.mpf(k) / 10 for k in range(1, 50)] + [mpmath.mpf(k) for k in range(5, 31)]
        vals = [diff(t) for t in grid]
        last = max(k for k in range(len(grid) - 1) if vals[k] >= 0 > vals[k + 1] or vals[k] == 0)
        root = mpmath.findroot(diff, (grid[last], grid[last + 1]), solver="anderson")
        return float(root)


@pytest.mark.parametrize("r", [-1.0, 0.0, 0.5, 1.0, 1.5])
def test_chain_threshold_by_value(r):
    # theta1*(r) is a simple root; Brent's method on the float64 sign polynomial stops at
    # xtol 1e-14, and the polynomial's rounding moves the root by far less than 1e-9
    want = _threshold_printed(r)
    assert 0 < want < 30
    assert chain_threshold(r) == pytest.approx(want, rel=1e-9, abs=1e-12)
    # and the left inequality of (15) holds just above it, fails just below
    with mpmath.workdps(30):
        above = grad_printed(mpmath.mpf(want) + mpmath.mpf("1e-4"), r * (want + 1e-4))
        below = grad_printed(mpmath.mpf(want) - mpmath.mpf("1e-4"), r * (want - 1e-4))
    assert above[0] < above[1] and below[0] > below[1]


def test_chain_threshold_grows_with_r():
    r = np.array([0.0, 0.5, 1.0, 1.5])
    th = chain_threshold(r)
    assert np.all(np.diff(th) > 0)
