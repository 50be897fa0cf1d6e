"""Where the chain (15) holds, numerically: the threshold theta1*(r) of "theta1 large".

- :func:`chain_holds` - both inequalities dF/dtheta1 < dF/dtheta2 < 0 of (15) from the float
  gradient (for maps and figures);
- :func:`chain_threshold` - theta1*(r) on the ray theta2 = r theta1: the largest root of the
  sign polynomial of the left inequality (Brent's method).

These are numerical; :mod:`aptheory.sections.smoothed.certificates` proves (15) exactly.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import brentq

from aptheory.core.validation import check_positive, check_real_array
from aptheory.sections.smoothed.numerics import grad_F
from aptheory.sections.smoothed.symbolic import GradientPolynomials, ensure_polynomials

__all__ = ["chain_holds", "chain_threshold"]


def _poly_ab_value(table: Mapping[tuple[int, int], int], a: NDArray, b: NDArray) -> NDArray:
    """A sign polynomial of (15) in a = e^-theta1, b = e^(theta2 - 2 theta1), in float64."""
    return sum(c * a**i * b**j for (i, j), c in table.items())


def chain_holds(theta1: ArrayLike, theta2: ArrayLike) -> NDArray[np.bool_]:
    """Where both inequalities of (15) hold, from the float gradient (for maps and figures)."""
    g1, g2 = grad_F(theta1, theta2)
    return np.asarray((np.asarray(g1) < np.asarray(g2)) & (np.asarray(g2) < 0))


def chain_threshold(
    r: ArrayLike, t_max: float = 50.0, *, polynomials: GradientPolynomials | None = None
) -> NDArray[np.float64] | float:
    """theta1*(r): the largest theta1 > 0 where dF/dtheta1 = dF/dtheta2 on theta2 = r theta1.

    For theta1 > theta1*(r) the left inequality of (15) holds on the whole ray (checked on a
    grid of 4000 points up to ``t_max``; beyond, the certificates take over for r <= 1).
    Root of left_ab(a, b) with a = e^-t, b = e^((r - 2) t), by Brent's method; defined for
    r < 2 (for r >= 2 the asymptotic form 9 - 8b is negative and no threshold exists).
    Returns 0.0 when the inequality holds on the whole ray. ``polynomials`` are the sign
    polynomials of :func:`~aptheory.sections.smoothed.symbolic.gradient_polynomials` (built
    when not given).
    """
    r_arr = check_real_array(r, "r")
    rr = r_arr.ravel()
    if np.any(rr >= 2):
        raise ValueError("r must be finite and < 2")
    t_max = check_positive(t_max, "t_max")
    table = ensure_polynomials(polynomials).left_ab
    grid = np.linspace(1e-6, t_max, 4000)
    out = np.empty_like(rr)
    for k, rk in enumerate(rr):

        def f(t, rk=rk):
            return _poly_ab_value(table, np.exp(-t), np.exp((rk - 2.0) * t))

        vals = f(grid)
        neg = np.flatnonzero(vals <= 0)
        if neg.size == 0:
            out[k] = 0.0
            continue
        last = neg[-1]
        if last + 1 >= grid.size:
            out[k] = np.inf
            continue
        out[k] = brentq(
            lambda t, f=f: float(f(t)), grid[last], grid[last + 1], xtol=1e-14, rtol=1e-14
        )
    return float(out[0]) if r_arr.ndim == 0 else out.reshape(r_arr.shape)
