"""Runs of the modified algorithm: gradient descent on l^(t) with eta = delta / R^2.

- :func:`data_radius` - R of condition (2), the largest operator 2-norm of the pair-score
  Jacobian over the data set; :func:`step_size` - eta = delta / R^2 (before eq. 25);
- :func:`simulate_inseparable` - the run on a given sequence of samples d^(t);
- :func:`run_online` (Sec. 3.2: d^(t) drawn from the data set) and :func:`run_offline`
  (Sec. 3.3: d^(t) = d);
- :class:`InseparableRun` - what a run records, and :func:`validate_run`, the check of a
  run against its data used by the comparator and the bounds.

**Two updates.** ``update="gradient"`` (the default) is gradient descent on l^(t) with step
eta, i.e. the error-driven step of (16) with step size eta / |P| (the 1/|P| of eq. 18);
``update="printed"`` is the error-driven step of (16) as printed, with step eta and no
1/|P|, i.e. gradient descent with step eta |P_d(t)| (see ``InseparableRun.step_sizes``).

**The Jacobian.** :func:`aptheory.core.linear.pair_jacobian` has one row per pair (i, j),
i in P, j in N, in row-major order (row i * |N| + j), equal to d x_ij / d theta = f_j - f_i.
Only these pairs enter the numerator of l, so dl/dx vanishes on positive-positive pairs;
including them would only enlarge R.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from aptheory.core.linear import Sample, jacobian_norm, pair_jacobian, validate_theta
from aptheory.core.ranking import DEFAULT_AT_ZERO
from aptheory.core.validation import (
    check_at_zero,
    check_choice,
    check_delta,
    check_int,
    check_positive,
)
from aptheory.sections.inseparable.data import validate_samples

Setting = Literal["online", "offline"]
SETTINGS: tuple[Setting, ...] = ("online", "offline")
Update = Literal["gradient", "printed"]
UPDATES: tuple[Update, ...] = ("gradient", "printed")

__all__ = [
    "SETTINGS",
    "UPDATES",
    "InseparableRun",
    "data_radius",
    "run_offline",
    "run_online",
    "simulate_inseparable",
    "step_size",
    "validate_run",
]


def data_radius(samples: Sample | Sequence[Sample]) -> float:
    """R of condition (2): the largest ``jacobian_norm`` over the data set."""
    return max(jacobian_norm(s) for s in validate_samples(samples))


def step_size(radius: float, delta: float) -> float:
    """eta = delta / R^2, the step size chosen before eq. (25)."""
    delta = check_delta(delta)
    return delta / check_positive(radius, "radius") ** 2


@dataclass(frozen=True, eq=False)
class InseparableRun:
    """A simulated run of the modified algorithm: gradient descent on l^(t) with step eta.

    Attributes
    ----------
    setting
        "online" (a different sample each step) or "offline" (d^(t) = d).
    order
        Index of the sample d^(t) used at step t = 1..T, shape (T,).
    thetas
        theta^(1), ..., theta^(T+1), shape (T + 1, dim).
    surrogate
        l^(t)(theta^(t)) = l(X(theta^(t)), X(theta^(t))), shape (T,).
    ap_losses
        L_AP(X_d(t)(theta^(t))) of eq. (17), shape (T,).
    grads
        dl^(t)/dtheta at theta^(t), shape (T, dim).
    grad_x_sq
        ||dl/dx at x^(t)||^2, the first line of eq. (23), shape (T,).
    inv_denominators
        Per step, 1 / (|P| D_i^(t)) for the positives of d^(t); then
        l^(t)(u) = sum_i A_i(u) / (|P| D_i^(t)) with A_i(u) = sum_j Q(X_ij(u)).
    delta, eta, radius, at_zero
        The constants of the run (eta = delta / radius^2).
    update
        "gradient" (step eta on l^(t)) or "printed" (step eta |P| on l^(t): eq. (16) as
        printed, without the 1/|P| of eq. 18).
    """

    setting: Setting
    order: NDArray[np.int64]
    thetas: NDArray[np.float64]
    surrogate: NDArray[np.float64]
    ap_losses: NDArray[np.float64]
    grads: NDArray[np.float64]
    grad_x_sq: NDArray[np.float64]
    inv_denominators: tuple[NDArray[np.float64], ...]
    delta: float
    eta: float
    radius: float
    at_zero: float
    update: Update = "gradient"

    @property
    def T(self) -> int:  # noqa: N802 - the supplement's symbol
        """Number of steps T."""
        return int(self.order.size)

    @property
    def step_sizes(self) -> NDArray[np.float64]:
        """The gradient step of each t: eta (``"gradient"``) or eta |P_d(t)| (``"printed"``)."""
        if self.update == "gradient":
            return np.full(self.T, self.eta)
        return self.eta * np.array([w.size for w in self.inv_denominators], dtype=np.float64)


def _check_order(order: ArrayLike, n_samples: int) -> NDArray[np.int64]:
    """The sample indices d^(t): a non-empty 1-D integer array with values in [0, n_samples)."""
    idx = np.asarray(order)
    if idx.ndim != 1 or idx.size == 0 or not np.issubdtype(idx.dtype, np.integer):
        raise ValueError("order must be a non-empty 1-D integer array of sample indices")
    if idx.min() < 0 or idx.max() >= n_samples:
        raise ValueError(f"order holds sample indices outside [0, {n_samples})")
    return idx.astype(np.int64)


def _step_terms(
    s: NDArray[np.float64],
    p: NDArray[np.bool_],
    pos_idx: NDArray[np.int64],
    delta: float,
    at_zero: float,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(D_i = rank(i) for i in P, x_ij for i in P, j in N) on validated arrays.

    The same float operations, in the same order, as :func:`aptheory.core.ranking.rank` and
    :func:`aptheory.sections.inseparable.surrogate.pairs` (so the runs are bit-for-bit those
    of the reference functions), without their per-call validation.
    """
    s_pos = s[p]
    x_all = s[None, :] - s_pos[:, None]
    h = np.where(x_all > 0, 1.0, np.where(x_all < 0, 0.0, at_zero))
    h[np.arange(pos_idx.size), pos_idx] = 0.0  # k != i
    return 1.0 + h.sum(axis=1), s[~p][None, :] - s_pos[:, None]


def simulate_inseparable(
    samples: Sample | Sequence[Sample],
    order: ArrayLike,
    *,
    delta: float = 1.0,
    at_zero: float = DEFAULT_AT_ZERO,
    theta0: ArrayLike | None = None,
    radius: float | None = None,
    setting: Setting = "online",
    update: Update = "gradient",
) -> InseparableRun:
    """Gradient descent on l^(t) with eta = delta / R^2 on d^(t) = samples[order[t]].

    ``update="gradient"``: the step is the modified error-driven update of eq. (16) with the
    1/|P| of (18) (see :func:`~aptheory.sections.inseparable.surrogate.modified_update`);
    ``update="printed"``: the update as printed, without it (step eta |P_d(t)|, see
    :func:`~aptheory.sections.inseparable.surrogate.printed_update`). ``radius`` defaults
    to R = :func:`data_radius` of ``samples``; ``theta0`` (theta^(1)) defaults to 0.
    """
    samples = validate_samples(samples)
    delta = check_delta(delta)
    at_zero = check_at_zero(at_zero)
    setting = check_choice(setting, "setting", SETTINGS)
    update = check_choice(update, "update", UPDATES)
    idx = _check_order(order, len(samples))
    dim = samples[0].dim
    theta = np.zeros(dim) if theta0 is None else validate_theta(theta0, dim).copy()
    radius = data_radius(samples) if radius is None else check_positive(radius, "radius")
    eta = step_size(radius, delta)
    jacs = [pair_jacobian(s) for s in samples]
    pos_idx = [np.flatnonzero(s.positive) for s in samples]
    n_steps = idx.size
    thetas = np.empty((n_steps + 1, dim))
    thetas[0] = theta
    surrogate = np.empty(n_steps)
    ap = np.empty(n_steps)
    grads = np.empty((n_steps, dim))
    grad_x_sq = np.empty(n_steps)
    inv_den = []
    for t, k in enumerate(idx):
        sample = samples[k]
        p = sample.positive
        rank_i, x = _step_terms(sample.features @ theta, p, pos_idx[k], delta, at_zero)
        d = rank_i * sample.n_positive
        inner = (np.clip(x, -delta, delta) + delta) ** 2 / (4.0 * delta)
        q = np.where(x > delta, x, np.where(x < -delta, 0.0, inner))  # Q of eq. (18)
        surrogate[t] = np.sum(q.sum(axis=1) / d)
        ap[t] = np.sum(np.where(x > 0, 1.0, np.where(x < 0, 0.0, at_zero)).sum(axis=1) / d)
        g_x = np.clip(x / (2.0 * delta) + 0.5, 0.0, 1.0) / d[:, None]  # H~ / (|P| D_i)
        grads[t] = jacs[k].T @ g_x.ravel()
        grad_x_sq[t] = np.sum(g_x**2)
        inv_den.append(1.0 / d)
        step = eta if update == "gradient" else eta * sample.n_positive
        theta = theta - step * grads[t]
        thetas[t + 1] = theta
    return InseparableRun(
        setting=setting,
        order=idx,
        thetas=thetas,
        surrogate=surrogate,
        ap_losses=ap,
        grads=grads,
        grad_x_sq=grad_x_sq,
        inv_denominators=tuple(inv_den),
        delta=delta,
        eta=eta,
        radius=radius,
        at_zero=at_zero,
        update=update,
    )


def run_online(
    samples: Sample | Sequence[Sample],
    T: int,  # noqa: N803 - the supplement's symbol
    *,
    delta: float = 1.0,
    at_zero: float = DEFAULT_AT_ZERO,
    seed: int | np.random.Generator = 0,
    theta0: ArrayLike | None = None,
    update: Update = "gradient",
) -> InseparableRun:
    """Online setting, Sec. 3.2: d^(t) drawn uniformly from ``samples`` by a seeded stream."""
    samples = validate_samples(samples)
    T = check_int(T, "T", 1)  # noqa: N806
    order = np.random.default_rng(seed).integers(0, len(samples), size=T)
    return simulate_inseparable(
        samples, order, delta=delta, at_zero=at_zero, theta0=theta0, update=update
    )


def run_offline(
    sample: Sample,
    T: int,  # noqa: N803 - the supplement's symbol
    *,
    delta: float = 1.0,
    at_zero: float = DEFAULT_AT_ZERO,
    theta0: ArrayLike | None = None,
    update: Update = "gradient",
) -> InseparableRun:
    """Offline setting, Sec. 3.3: d^(t) = d for all t = 1..T."""
    T = check_int(T, "T", 1)  # noqa: N806
    return simulate_inseparable(
        (sample,),
        np.zeros(T, dtype=np.int64),
        delta=delta,
        at_zero=at_zero,
        theta0=theta0,
        setting="offline",
        update=update,
    )


def validate_run(
    run: InseparableRun, samples: Sample | Sequence[Sample], T: int | None
) -> tuple[tuple[Sample, ...], int]:
    """``(samples, T)`` checked against ``run``: its data set and a prefix length T <= run.T.

    ``T=None`` means the whole run.

    Raises
    ------
    TypeError
        If ``run`` is not an :class:`InseparableRun` (or ``samples`` not samples).
    ValueError
        If the samples do not match the run (indices or dimension) or T is out of range.
    """
    if not isinstance(run, InseparableRun):
        raise TypeError(f"run must be an InseparableRun, got {type(run).__name__}")
    samples = validate_samples(samples)
    if int(run.order.max()) >= len(samples) or samples[0].dim != run.thetas.shape[1]:
        raise ValueError("samples do not match the run (indices or dimension)")
    T = run.T if T is None else check_int(T, "T", 1)  # noqa: N806
    if T > run.T:
        raise ValueError(f"T must be <= the run's {run.T} steps, got {T}")
    return samples, T
