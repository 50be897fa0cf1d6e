"""Gradient descent on the smoothed AP-loss F (eq. 14): runs, fates, basins, stall boundary.

- :func:`gradient_descent` - theta <- theta - eta grad F_tau(theta), vectorised over starts
  (:class:`DescentRun`);
- :func:`classify` - the fate of an end point: :data:`STALL` (certified, F -> 1/6),
  :data:`ESCAPE` (F -> 0) or :data:`UNDECIDED`;
- :func:`basin_map` - the fate of every start of a grid (:class:`BasinMap`);
- :func:`stall_boundary` - on rays theta2 = r theta1, the start beyond which descent stalls;
- :func:`tau_sweep` - the basin shares against the temperature tau of S(x / tau)
  (:class:`TauSweep`).

Temperature. Every x_ij is linear in theta, so F_tau(theta) = F_1(theta / tau) exactly
(:func:`aptheory.sections.smoothed.symbolic.derive_symbolic` proves it): the temperature only
rescales the plane, and gradient descent on F_tau from theta0 with step eta is gradient
descent on F from theta0 / tau with step eta / tau^2.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from aptheory.core.validation import (
    check_bool,
    check_int,
    check_positive,
    check_real_array,
    check_real_range,
    check_tau,
)
from aptheory.sections.smoothed.certificates import TRAP_A0, TRAP_B0, ceil_log
from aptheory.sections.smoothed.numerics import STALL_VALUE, F_and_grad

__all__ = [
    "ESCAPE",
    "STALL",
    "UNDECIDED",
    "BasinMap",
    "DescentRun",
    "TauSweep",
    "basin_map",
    "classify",
    "gradient_descent",
    "stall_boundary",
    "tau_sweep",
]

STALL, ESCAPE, UNDECIDED = 0, 1, 2


@dataclass(frozen=True)
class DescentRun:
    """Gradient descent on F from many starts at once.

    ``thetas`` has shape (records, starts, 2) and ``losses`` (records, starts): the iterates
    at steps 0, record_every, 2 record_every, ..., steps. ``max_increase`` is, per start, the
    largest F(t+1) - F(t) seen over *all* steps (<= 0 means F never went up). ``eta`` is the
    step size: a float, or a read-only array with one step per start.
    """

    eta: float | NDArray[np.float64]
    tau: float
    steps: int
    record_every: int
    thetas: NDArray[np.float64]
    losses: NDArray[np.float64]
    max_increase: NDArray[np.float64]


def _starts(theta0: ArrayLike) -> NDArray[np.float64]:
    """Starts as a fresh (n, 2) float64 array (a single (2,) start becomes (1, 2))."""
    t = check_real_array(theta0, "theta0")
    if t.ndim == 1:
        t = t[None, :]
    if t.ndim != 2 or t.shape[1] != 2:
        raise ValueError(f"theta0 must have shape (2,) or (n, 2), got {np.shape(theta0)}")
    return t.copy()


def _step_sizes(eta: Any, n: int) -> float | NDArray[np.float64]:
    """A positive finite step size, or one per start (shape (n,)), read-only."""
    if np.ndim(eta) == 0:
        return check_positive(eta.item() if isinstance(eta, np.ndarray) else eta, "eta")
    arr = check_real_array(eta, "eta")
    if arr.shape != (n,):
        raise ValueError(
            f"eta must be a scalar or have shape ({n},) (one per start), got {arr.shape}"
        )
    if np.any(arr <= 0):
        raise ValueError("eta must be finite and > 0 for every start")
    arr = arr.copy()
    arr.setflags(write=False)
    return arr


def _descend(
    theta: NDArray[np.float64],
    eta: float | NDArray[np.float64],
    steps: int,
    tau: float,
    record_every: int,
) -> DescentRun:
    """Gradient descent on F_tau (eqs. 12, 14) on validated starts and parameters.

    F and its gradient come from one evaluation of the sigmoids per step
    (:func:`~aptheory.sections.smoothed.numerics.F_and_grad`, the numbers of ``F`` and
    ``grad_F`` bit for bit).
    """
    u, v = theta[:, 0].copy(), theta[:, 1].copy()
    f, g1, g2 = F_and_grad(u, v, tau)
    f = np.asarray(f, dtype=np.float64).reshape(-1)
    rec_t, rec_f = [np.stack([u, v], axis=1)], [f.copy()]
    max_inc = np.full(u.shape, -np.inf)
    for k in range(1, steps + 1):
        u = u - eta * np.asarray(g1)
        v = v - eta * np.asarray(g2)
        f_new, g1, g2 = F_and_grad(u, v, tau)
        f_new = np.asarray(f_new, dtype=np.float64).reshape(-1)
        max_inc = np.maximum(max_inc, f_new - f)
        f = f_new
        if k % record_every == 0 or k == steps:
            rec_t.append(np.stack([u, v], axis=1))
            rec_f.append(f.copy())
    return DescentRun(
        eta=eta,
        tau=tau,
        steps=steps,
        record_every=record_every,
        thetas=np.stack(rec_t),
        losses=np.stack(rec_f),
        max_increase=max_inc,
    )


def gradient_descent(
    theta0: ArrayLike,
    *,
    eta: float | ArrayLike,
    steps: int,
    tau: float = 1.0,
    record_every: int = 1,
) -> DescentRun:
    """theta <- theta - eta grad F_tau(theta) (eq. 14 with S(x / tau)), vectorised over starts.

    ``theta0`` has shape (2,) or (n, 2); ``eta`` is one step size for every start or an array
    of shape (n,), one per start.
    """
    theta = _starts(theta0)
    eta = _step_sizes(eta, theta.shape[0])
    tau = check_tau(tau)
    steps = check_int(steps, "steps", 1)
    record_every = check_int(record_every, "record_every", 1)
    return _descend(theta, eta, steps, tau, record_every)


def _fates(theta: NDArray[np.float64], loss: NDArray[np.float64], tau: float) -> NDArray[np.int8]:
    """The labels of :func:`classify` on validated arrays."""
    u, v = theta[..., 0] / tau, theta[..., 1] / tau
    in_trap = (u >= ceil_log(1 / TRAP_A0)) & (v <= 2 * u + math.log(float(TRAP_B0)))
    escaped = loss < float(STALL_VALUE) - 0.01
    return np.where(in_trap, STALL, np.where(escaped, ESCAPE, UNDECIDED)).astype(np.int8)


def classify(theta: ArrayLike, loss: ArrayLike, tau: float = 1.0) -> NDArray[np.int8]:
    """Label end points of gradient descent: STALL (0), ESCAPE (1) or UNDECIDED (2).

    STALL (proved): theta / tau lies in the trap {theta1 >= ln 10, theta2 <= 2 theta1}. There
    ``certify_box("trap", 1/10, 1)`` and ``certify_dtheta2()``
    (:mod:`aptheory.sections.smoothed.certificates`) give dF/dtheta2 < 0 and
    dF/dtheta2 - 2 dF/dtheta1 > 0, hence dF/dtheta1 < 0: for *any* step size theta1 grows,
    theta2 grows and 2 theta1 - theta2 does not shrink, so the trap is forward invariant;
    theta1 cannot stay bounded (on a bounded part of the trap -dF/dtheta1 has a positive
    minimum), so theta1 -> inf with 3 theta1 - theta2 >= theta1, and F -> 1/6 (eq. 15).

    ESCAPE (numerical): F < 1/6 - 0.01. For step sizes below 2/L, with L ~ 0.29 the largest
    Hessian norm of F found on a grid, every step decreases F, so such a run cannot return to
    1/6; :class:`BasinMap` also records that F never rose along the computed steps.
    """
    theta = check_real_array(theta, "theta")
    loss = check_real_array(loss, "loss")
    if theta.ndim < 1 or theta.shape[-1] != 2:
        raise ValueError(f"theta must have shape (..., 2), got {theta.shape}")
    if loss.shape != theta.shape[:-1]:
        raise ValueError(
            f"loss must have shape {theta.shape[:-1]} (one value per point of theta), "
            f"got {loss.shape}"
        )
    return _fates(theta, loss, check_tau(tau))


def stall_boundary(
    r: ArrayLike, *, eta: float = 1.0, steps: int = 3000, tol: float = 1e-6, points: int = 15
) -> NDArray[np.float64]:
    """On each ray theta2 = r theta1 (0 < r < 1), the start theta1 beyond which gradient
    descent on F (eq. 14) stalls, to within ``tol``.

    A search on [0.01, 2] with :func:`classify`: each round runs ``points`` evenly spaced
    starts inside the current bracket of every ray at once (one vectorised run) and keeps the
    sub-interval where the fate changes, so the bracket shrinks by ``points + 1`` per round.
    Numerical: raises ``ValueError`` if a run ends UNDECIDED, if [0.01, 2] does not bracket
    the change, or if the fates along a ray are not one change from ESCAPE to STALL (the
    basin maps show a single change). Returns the midpoint of the final bracket.
    """
    rr = check_real_array(r, "r").ravel()
    if rr.size == 0 or not np.all((rr > 0) & (rr < 1)):
        raise ValueError("r must be a non-empty array of values in (0, 1)")
    eta = check_positive(eta, "eta")
    steps = check_int(steps, "steps", 1)
    tol = check_positive(tol, "tol")
    points = check_int(points, "points", 1)
    rows = np.arange(rr.size)

    def fates(t: NDArray[np.float64]) -> NDArray[np.int8]:
        """Fates of the starts (t[i, k], r[i] t[i, k]), one run for all of them."""
        ray = np.broadcast_to(rr[:, None], t.shape)
        run = _descend(np.c_[t.ravel(), (ray * t).ravel()], eta, steps, 1.0, steps)
        labels = _fates(run.thetas[-1], run.losses[-1], 1.0).reshape(t.shape)
        if np.any(labels == UNDECIDED):
            raise ValueError("a run ended undecided; increase steps")
        return labels

    lo, hi = np.full(rr.size, 0.01), np.full(rr.size, 2.0)
    ends = fates(np.c_[lo, hi])
    if np.any(ends[:, 0] != ESCAPE) or np.any(ends[:, 1] != STALL):
        raise ValueError("the segment theta1 in [0.01, 2] does not bracket the boundary")
    frac = np.arange(1, points + 1) / (points + 1)
    while np.max(hi - lo) > tol:
        t = lo[:, None] + (hi - lo)[:, None] * frac[None, :]
        stall = fates(t) == STALL
        first = np.where(stall.any(axis=1), np.argmax(stall, axis=1), points)
        if np.any(stall != (np.arange(points)[None, :] >= first[:, None])):
            raise ValueError("the fate changes more than once along a ray")
        grid = np.c_[lo, t, hi]  # first stall of row i at column first[i] + 1
        lo, hi = grid[rows, first], grid[rows, first + 1]
    return (lo + hi) / 2


@dataclass(frozen=True)
class BasinMap:
    """Fate of gradient descent from every start of a grid.

    ``labels[i, j]`` is the fate of the start (theta1_grid[j], theta2_grid[i]): 0 stall
    (certified), 1 escape towards F -> 0, 2 undecided after ``steps`` steps. ``shares`` maps
    the three names to the fraction of starts (a read-only mapping); ``monotone`` is True
    when F never increased along any run (so an escaped run can never come back to 1/6).
    """

    theta1_grid: NDArray[np.float64]
    theta2_grid: NDArray[np.float64]
    labels: NDArray[np.int8]
    final_theta: NDArray[np.float64]
    final_loss: NDArray[np.float64]
    eta: float
    steps: int
    tau: float
    shares: Mapping[str, float]
    monotone: bool


def basin_map(
    theta1_range: tuple[float, float] = (-4.0, 8.0),
    theta2_range: tuple[float, float] = (-4.0, 20.0),
    n: int = 41,
    *,
    eta: float = 1.0,
    steps: int = 3000,
    tau: float = 1.0,
) -> BasinMap:
    """Run gradient descent on F_tau (eq. 14) from an n x n grid of starts; label each fate."""
    n = check_int(n, "n", 1)
    g1 = np.linspace(*check_real_range(theta1_range, "theta1_range"), n)
    g2 = np.linspace(*check_real_range(theta2_range, "theta2_range"), n)
    eta = check_positive(eta, "eta")
    steps = check_int(steps, "steps", 1)
    tau = check_tau(tau)
    uu, vv = np.meshgrid(g1, g2)
    run = _descend(np.stack([uu.ravel(), vv.ravel()], axis=1), eta, steps, tau, steps)
    end, loss = run.thetas[-1], run.losses[-1]
    labels = _fates(end, loss, tau).reshape(n, n)
    names = ("stall", "escape", "undecided")
    shares = MappingProxyType({name: float(np.mean(labels == k)) for k, name in enumerate(names)})
    return BasinMap(
        theta1_grid=g1,
        theta2_grid=g2,
        labels=labels,
        final_theta=end.reshape(n, n, 2),
        final_loss=loss.reshape(n, n),
        eta=eta,
        steps=steps,
        tau=tau,
        shares=shares,
        monotone=bool(np.all(run.max_increase <= 1e-15)),
    )


# ---------------------------------------------------------------------------- temperature


@dataclass(frozen=True)
class TauSweep:
    """Basin shares of a fixed grid of starts for several temperatures tau.

    ``stall_share[k]``, ``escape_share[k]``, ``undecided_share[k]`` belong to ``taus[k]``;
    ``stalled_loss[k]`` is the median final F of the stalled runs (NaN if none) and
    ``stall_gap[k]`` the largest |F - 1/6| * e^(theta1/tau) among them (the certified bound
    |F - 1/6| <= e^-theta1/tau makes it <= 1).
    """

    taus: NDArray[np.float64]
    stall_share: NDArray[np.float64]
    escape_share: NDArray[np.float64]
    undecided_share: NDArray[np.float64]
    stalled_loss: NDArray[np.float64]
    stall_gap: NDArray[np.float64]


def tau_sweep(
    taus: ArrayLike,
    theta1_range: tuple[float, float] = (-4.0, 8.0),
    theta2_range: tuple[float, float] = (-4.0, 20.0),
    n: int = 21,
    *,
    eta: float = 1.0,
    steps: int = 2000,
    scale_eta: bool = True,
) -> TauSweep:
    """Basin shares of gradient descent on F_tau (eq. 14 with S(x / tau)) for each tau.

    Gradient descent on F_tau from theta0 with step eta_tau is exactly gradient descent on F
    from theta0 / tau with step eta_tau / tau^2 (because F_tau(theta) = F(theta / tau)), so all
    temperatures run at once, vectorised. ``scale_eta=True`` uses eta_tau = eta tau^2 (tau
    then only rescales the starts); ``scale_eta=False`` keeps eta_tau = eta for every tau.
    """
    tt = check_real_array(taus, "taus").ravel()
    if tt.size == 0 or np.any(tt <= 0):
        raise ValueError("taus must be a non-empty array of finite values > 0")
    lo1, hi1 = check_real_range(theta1_range, "theta1_range")
    lo2, hi2 = check_real_range(theta2_range, "theta2_range")
    n = check_int(n, "n", 1)
    eta = check_positive(eta, "eta")
    steps = check_int(steps, "steps", 1)
    scale_eta = check_bool(scale_eta, "scale_eta")
    uu, vv = np.meshgrid(np.linspace(lo1, hi1, n), np.linspace(lo2, hi2, n))
    u0 = (uu.ravel()[None, :] / tt[:, None]).ravel()
    v0 = (vv.ravel()[None, :] / tt[:, None]).ravel()
    eff = eta if scale_eta else eta / tt**2
    eta_all = np.broadcast_to(np.asarray(eff, dtype=np.float64)[..., None], (tt.size, n * n))
    run = _descend(np.c_[u0, v0], eta_all.ravel(), steps, 1.0, steps)
    end, f = run.thetas[-1], run.losses[-1]
    labels = _fates(end, f, 1.0).reshape(tt.size, n * n)
    f = f.reshape(tt.size, n * n)
    u = end[:, 0].reshape(tt.size, n * n)
    stall_loss = np.full(tt.size, np.nan)
    gap = np.full(tt.size, np.nan)
    for k in range(tt.size):
        stalled = labels[k] == STALL
        if stalled.any():
            stall_loss[k] = float(np.median(f[k, stalled]))
            gap[k] = float(
                np.max(np.abs(f[k, stalled] - 1.0 / 6.0) * np.exp(np.minimum(u[k, stalled], 700)))
            )
    return TauSweep(
        taus=tt,
        stall_share=np.mean(labels == STALL, axis=1),
        escape_share=np.mean(labels == ESCAPE, axis=1),
        undecided_share=np.mean(labels == UNDECIDED, axis=1),
        stalled_loss=stall_loss,
        stall_gap=gap,
    )
