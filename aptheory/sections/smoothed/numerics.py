"""The three points of eq. (13) and the smoothed AP-loss F of eq. (14), in float64 and mpmath.

- :data:`FEATURES`, :data:`POSITIVE` - the negative (0, 0) and the positives (1, 0), (-3, 1);
- :func:`scores` - s = f1 theta1 + f2 theta2, eq. (13);
- :func:`F`, :func:`grad_F`, :func:`F_and_grad` - eq. (14) and its gradient, vectorised and
  overflow-free for |theta| / tau up to 1e300;
- :func:`F_mp`, :func:`grad_F_mp`, :func:`sigmoid_terms_mp` - the same at any precision.

The temperature tau of S(x / tau) enters only as theta / tau: F_tau(theta) = F(theta / tau).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import expit

from aptheory.core.validation import check_int, check_real, check_real_array, check_tau

__all__ = [
    "FEATURES",
    "POSITIVE",
    "STALL_VALUE",
    "F",
    "F_and_grad",
    "F_mp",
    "grad_F",
    "grad_F_mp",
    "scores",
    "sigmoid_terms_mp",
]

FEATURES: NDArray[np.float64] = np.array([[0.0, 0.0], [1.0, 0.0], [-3.0, 1.0]])
"""Feature vectors of eq. (13): the negative (0, 0), the positives (1, 0) and (-3, 1)."""
FEATURES.setflags(write=False)
POSITIVE: NDArray[np.bool_] = np.array([False, True, True])
POSITIVE.setflags(write=False)
STALL_VALUE = Fraction(1, 6)
"""The value F approaches along the stalled trajectories (Section 2)."""


def _theta_arrays(
    theta1: ArrayLike, theta2: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """theta1, theta2 as finite float64 arrays broadcast to one shape, or raise naming them."""
    t1 = check_real_array(theta1, "theta1")
    t2 = check_real_array(theta2, "theta2")
    try:
        b1, b2 = np.broadcast_arrays(t1, t2)
    except ValueError as err:
        raise ValueError(
            f"theta1 (shape {t1.shape}) and theta2 (shape {t2.shape}) do not broadcast"
        ) from err
    return b1, b2


def _out(x: NDArray[np.float64]) -> NDArray[np.float64] | float:
    return float(x) if x.ndim == 0 else x


def scores(theta1: ArrayLike, theta2: ArrayLike) -> NDArray[np.float64]:
    """Scores s^(1), s^(2), s^(3) of the three points, eq. (13); shape (..., 3)."""
    t1, t2 = _theta_arrays(theta1, theta2)
    return t1[..., None] * FEATURES[:, 0] + t2[..., None] * FEATURES[:, 1]


def _scaled(u: NDArray, v: NDArray, tau: float) -> tuple[NDArray, NDArray]:
    """theta / tau, refusing magnitudes where 4 theta1 / tau - theta2 / tau could overflow."""
    limit = 1e300 * tau  # a Python float: inf for huge tau, without a warning
    if np.any(np.abs(u) > limit) or np.any(np.abs(v) > limit):
        raise ValueError("|theta| / tau must be <= 1e300 (the sigmoid arguments would overflow)")
    return u / tau, v / tau


def _pieces(u: NDArray, v: NDArray) -> tuple[NDArray, NDArray, NDArray, NDArray, NDArray, NDArray]:
    """S(-u), S(u), S(v - 4u), S(4u - v), S(3u - v), S(v - 3u): every sigmoid of eq. (14)."""
    return (
        expit(-u),
        expit(u),
        expit(v - 4 * u),
        expit(4 * u - v),
        expit(3 * u - v),
        expit(v - 3 * u),
    )


def _loss(p: NDArray, q: NDArray, r1: NDArray, r2: NDArray) -> NDArray:
    """Eq. (14) from its sigmoids p = S(-u), q = S(v - 4u), r1 = S(3u - v), r2 = S(4u - v)."""
    return 0.5 * (p / (1.0 + p + q) + r1 / (1.0 + r1 + r2))


def _gradient(
    p: NDArray, omp: NDArray, q: NDArray, omq: NDArray, r1: NDArray, omr1: NDArray, tau: float
) -> tuple[NDArray, NDArray]:
    """The gradient of eq. (14) from its sigmoids (the formulas of :func:`grad_F`)."""
    r2, omr2 = omq, q  # S(4u - v) = 1 - S(v - 4u)
    d1 = (1.0 + p + q) ** 2
    d2 = (1.0 + r1 + r2) ** 2
    a_u = (-p * omp * (1.0 + q) + 4.0 * p * q * omq) / d1
    a_v = -p * q * omq / d1
    b_u = (3.0 * r1 * omr1 * (1.0 + r2) - 4.0 * r1 * r2 * omr2) / d2
    b_v = (r1 * r2 * omr2 - r1 * omr1 * (1.0 + r2)) / d2
    scale = 0.5 / tau
    return scale * (a_u + b_u), scale * (a_v + b_v)


def F(theta1: ArrayLike, theta2: ArrayLike, tau: float = 1.0) -> NDArray[np.float64] | float:
    """Smoothed AP-loss of the three points, eq. (14), with S(x / tau); vectorised.

    F = 1/2 [ S(-t1) / (1 + S(-t1) + S(t2 - 4 t1))
            + S(3 t1 - t2) / (1 + S(4 t1 - t2) + S(3 t1 - t2)) ],   t = theta / tau.

    Every sigmoid is evaluated by ``scipy.special.expit`` and every denominator is >= 1, so
    no overflow, division by zero or NaN occurs while |theta| / tau <= 1e300 (larger values
    raise ValueError); tiny terms underflow to 0, which is their correctly rounded value.
    """
    tau = check_tau(tau)
    u, v = _theta_arrays(theta1, theta2)
    u, v = _scaled(u, v, tau)
    p, _, q, r2, r1, _ = _pieces(u, v)
    return _out(_loss(p, q, r1, r2))


def grad_F(
    theta1: ArrayLike, theta2: ArrayLike, tau: float = 1.0
) -> tuple[NDArray[np.float64] | float, NDArray[np.float64] | float]:
    """Partial derivatives (dF/dtheta1, dF/dtheta2) of eq. (14), vectorised and overflow-free.

    With p = S(-u), q = S(v - 4u), r1 = S(3u - v), r2 = S(4u - v), u = theta1/tau,
    v = theta2/tau, D1 = 1 + p + q, D2 = 1 + r1 + r2 and S' = S (1 - S):

        2 tau dF/dtheta1 = [-p(1-p)(1+q) + 4pq(1-q)] / D1^2
                           + [3 r1(1-r1)(1+r2) - 4 r1 r2(1-r2)] / D2^2
        2 tau dF/dtheta2 = -p q (1-q) / D1^2 + [r1 r2 (1-r2) - r1(1-r1)(1+r2)] / D2^2

    where every 1 - S(x) is evaluated as S(-x) (no cancellation).
    :func:`aptheory.sections.smoothed.symbolic.derive_symbolic` proves these equal sympy's
    derivatives of eq. (11).
    """
    tau = check_tau(tau)
    u, v = _theta_arrays(theta1, theta2)
    u, v = _scaled(u, v, tau)
    g1, g2 = _gradient(*_pieces(u, v), tau)
    return _out(g1), _out(g2)


def F_and_grad(
    theta1: ArrayLike, theta2: ArrayLike, tau: float = 1.0
) -> tuple[NDArray[np.float64] | float, NDArray[np.float64] | float, NDArray[np.float64] | float]:
    """(F, dF/dtheta1, dF/dtheta2) of eq. (14) from one evaluation of its six sigmoids.

    The same numbers, bit for bit, as :func:`F` and :func:`grad_F` (same formulas on the same
    sigmoids), at half the cost of calling both: what gradient descent needs at every step.
    """
    tau = check_tau(tau)
    u, v = _theta_arrays(theta1, theta2)
    u, v = _scaled(u, v, tau)
    p, omp, q, omq, r1, omr1 = _pieces(u, v)
    g1, g2 = _gradient(p, omp, q, omq, r1, omr1, tau)
    return _out(_loss(p, q, r1, omq)), _out(g1), _out(g2)


# ------------------------------------------------------------------------------- mpmath


def _real_or_mpf(value: Any, name: str) -> Any:
    """A finite real: an mpmath ``mpf`` as it is, anything else through ``check_real``."""
    if isinstance(value, mpmath.mpf):
        if not mpmath.isfinite(value):
            raise ValueError(f"{name} must be finite, got {value!r}")
        return value
    return check_real(value, name)


def _mp_terms(theta1: Any, theta2: Any, tau: Any = 1) -> tuple[mpmath.mpf, ...]:
    """The six sigmoids of eq. (14) at the working precision, on validated arguments."""
    u, v = mpmath.mpf(theta1) / tau, mpmath.mpf(theta2) / tau

    def s(x: mpmath.mpf) -> mpmath.mpf:
        return 1 / (1 + mpmath.exp(-x))  # eq. (12)

    return s(-u), s(u), s(v - 4 * u), s(4 * u - v), s(3 * u - v), s(v - 3 * u)


def sigmoid_terms_mp(theta1: Any, theta2: Any, tau: float = 1.0) -> tuple[mpmath.mpf, ...]:
    """S(-u), S(u), S(v - 4u), S(4u - v), S(3u - v), S(v - 3u): the sigmoids of eq. (14).

    u = theta1 / tau, v = theta2 / tau; S of eq. (12) evaluated in mpmath at the *working*
    precision (call it inside ``mpmath.workdps``), every product and sum done in mpmath.
    ``theta1`` and ``theta2`` may be floats, ints or ``mpmath.mpf``.
    """
    tau = check_tau(tau)
    return _mp_terms(_real_or_mpf(theta1, "theta1"), _real_or_mpf(theta2, "theta2"), tau)


def F_mp(theta1: Any, theta2: Any, tau: float = 1.0, dps: int = 50) -> mpmath.mpf:
    """Eq. (14) evaluated with mpmath at ``dps`` decimal digits (any exponent range)."""
    tau = check_tau(tau)
    t1, t2 = _real_or_mpf(theta1, "theta1"), _real_or_mpf(theta2, "theta2")
    with mpmath.workdps(check_int(dps, "dps", 1)):
        p, _, q, omq, r1, _ = _mp_terms(t1, t2, tau)
        return (p / (1 + p + q) + r1 / (1 + r1 + omq)) / 2


def grad_F_mp(
    theta1: Any, theta2: Any, tau: float = 1.0, dps: int = 50
) -> tuple[mpmath.mpf, mpmath.mpf]:
    """The gradient of eq. (14) (the formulas of :func:`grad_F`) with mpmath at ``dps`` digits."""
    tau = check_tau(tau)
    t1, t2 = _real_or_mpf(theta1, "theta1"), _real_or_mpf(theta2, "theta2")
    with mpmath.workdps(check_int(dps, "dps", 1)):
        p, omp, q, omq, r1, omr1 = _mp_terms(t1, t2, tau)
        r2, omr2 = omq, q
        d1 = (1 + p + q) ** 2
        d2 = (1 + r1 + r2) ** 2
        g1 = (-p * omp * (1 + q) + 4 * p * q * omq) / d1 + (
            3 * r1 * omr1 * (1 + r2) - 4 * r1 * r2 * omr2
        ) / d2
        g2 = -p * q * omq / d1 + (r1 * r2 * omr2 - r1 * omr1 * (1 + r2)) / d2
        return g1 / (2 * tau), g2 / (2 * tau)
