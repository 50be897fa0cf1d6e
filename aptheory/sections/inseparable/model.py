"""Section 3 of the supplement: the inseparable case.

The modified error-driven algorithm replaces H by the piecewise step H~ in the numerator of
the primary terms (eq. 16). It is gradient descent on the surrogate loss l(x, x^) of eq. (18),
whose denominators are frozen at the current iterate, and the regret machinery of online
convex optimisation (eqs. 20-27) bounds its accumulated AP-loss; the offline setting adds
(28)-(32). This module simulates both settings on linear models and computes every constant.

Notation (supplement): a sample d has features f_k (rows), positives P and negatives N; the
pair score of i in P and k is x_ik = s_k - s_i with s = F @ theta. The surrogate is

    l(x, x^) = (1/|P|) sum_{i in P} sum_{j in N} Q(x_ij) / D_i(x^),
    D_i(x^)  = 1 + sum_{k in P u N, k != i} H(x^_ik)      (H(0) = ``at_zero``)

and l^(t)(theta) = l(X_d(t)(theta), X_d(t)(theta^(t))).

**The exact factor of (16) = gradient descent.** The gradient of l^(t) at theta^(t) is

    dl^(t)/dtheta = (1/|P|) sum_{i in P, j in N} L~_ij (f_j - f_i),    L~_ij of eq. (16),

so the gradient step theta - eta * dl/dtheta is the error-driven step
``theta + (eta / |P|) * sum_ij L~_ij (f_i - f_j)``: the supplement's eq. (2) with L~ and step
size eta / |P| (``modified_update``). With eta = delta / R^2 the error-driven step size is
delta / (R^2 |P|), which varies with the sample in the online setting.

**The Jacobian.** ``pair_jacobian`` has one row per pair (i, j), i in P, j in N, in row-major
order (row i * |N| + j, positives and negatives in order of appearance), equal to
d x_ij / d theta = f_j - f_i. Only these pairs enter the numerator of l, so dl/dx vanishes on
positive-positive pairs; including them would only enlarge R. R of condition (2) is the
operator 2-norm (largest singular value) of this Jacobian, maximised over the data set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import optimize, stats

from aptheory.core.linear import Sample, jacobian_norm, pair_features, pair_jacobian, validate_theta
from aptheory.core.ranking import (
    DEFAULT_AT_ZERO,
    check_at_zero,
    check_delta,
    check_positive,
    heaviside,
    piecewise_step,
    piecewise_step_integral,
    validate_ranking,
)

Setting = Literal["online", "offline"]
Objective = Literal["bound", "loss"]

__all__ = [
    "BestBounds",
    "Bounds",
    "Run",
    "TightnessRow",
    "best_bounds",
    "comparator",
    "comparator_losses",
    "convexity_gap",
    "crossover_z",
    "data_radius",
    "denominators",
    "harmonic",
    "inseparable_samples",
    "is_separable",
    "jacobian_norm",
    "modified_terms",
    "modified_update",
    "offline_comparator",
    "offline_constants",
    "pair_jacobian",
    "regret_bounds",
    "run_offline",
    "run_online",
    "separation",
    "share",
    "simulate",
    "step_size",
    "surrogate_grad_pairs",
    "surrogate_grad_theta",
    "surrogate_loss",
    "surrogate_theta",
    "tightness_sweep",
]


# ------------------------------------------------------------------------------- data


def separation(overlap: float) -> float:
    """Distance of the class means, in noise standard deviations, for a given overlap.

    ``overlap`` is the overlap coefficient of two unit-variance Gaussians along the line of
    their means, OVL = 2 Phi(-sep / 2); so sep = -2 Phi^{-1}(overlap / 2). ``overlap = 1``
    gives identical classes; ``overlap -> 0`` separates them.
    """
    if isinstance(overlap, bool) or not isinstance(overlap, int | float | np.number):
        raise TypeError(f"overlap must be a real number in (0, 1], got {type(overlap).__name__}")
    overlap = float(overlap)
    if not (0.0 < overlap <= 1.0):
        raise ValueError(f"overlap must lie in (0, 1], got {overlap!r}")
    return float(-2.0 * stats.norm.ppf(overlap / 2.0))


def _check_range(value: tuple[int, int], name: str, minimum: int) -> tuple[int, int]:
    if (
        not isinstance(value, tuple)
        or len(value) != 2
        or not all(isinstance(v, int | np.integer) and not isinstance(v, bool) for v in value)
    ):
        raise TypeError(f"{name} must be a (low, high) tuple of ints, got {value!r}")
    lo, hi = int(value[0]), int(value[1])
    if lo < minimum or hi < lo:
        raise ValueError(f"{name} must satisfy {minimum} <= low <= high, got {value!r}")
    return lo, hi


def _check_count(value: int, name: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def inseparable_samples(
    n_samples: int,
    *,
    overlap: float = 0.3,
    dim: int = 2,
    positives: tuple[int, int] = (2, 6),
    negatives: tuple[int, int] = (4, 16),
    seed: int | np.random.Generator = 0,
) -> tuple[Sample, ...]:
    """Seeded samples of two overlapping Gaussian classes, of different sizes.

    Each sample draws |P| uniformly in ``positives`` and |N| in ``negatives`` (inclusive);
    positives ~ N(+sep/2 e_1, I), negatives ~ N(-sep/2 e_1, I) in R^dim with
    sep = ``separation(overlap)``; boxes are shuffled. With overlap >= ~0.05 and a few dozen
    boxes the union is almost surely not linearly separable (see ``is_separable``).
    """
    n_samples = _check_count(n_samples, "n_samples")
    dim = _check_count(dim, "dim")
    p_lo, p_hi = _check_range(positives, "positives", 1)
    n_lo, n_hi = _check_range(negatives, "negatives", 1)
    sep = separation(overlap)
    rng = np.random.default_rng(seed)
    shift = np.zeros(dim)
    shift[0] = sep / 2.0
    out = []
    for _ in range(n_samples):
        n_pos = int(rng.integers(p_lo, p_hi + 1))
        n_neg = int(rng.integers(n_lo, n_hi + 1))
        feats = np.concatenate(
            [rng.normal(size=(n_pos, dim)) + shift, rng.normal(size=(n_neg, dim)) - shift]
        )
        mask = np.arange(n_pos + n_neg) < n_pos
        order = rng.permutation(n_pos + n_neg)
        out.append(Sample(feats[order], mask[order]))
    return tuple(out)


def _check_samples(samples: Sequence[Sample]) -> tuple[Sample, ...]:
    if isinstance(samples, Sample):
        samples = (samples,)
    samples = tuple(samples)
    if not samples:
        raise ValueError("samples must hold at least one Sample")
    for s in samples:
        if not isinstance(s, Sample):
            raise TypeError(f"samples must hold Sample objects, got {type(s).__name__}")
        if s.n_negative == 0:
            raise ValueError("every sample needs at least one negative box (|N| >= 1)")
    if len({s.dim for s in samples}) != 1:
        raise ValueError("all samples must have the same feature dimension")
    return samples


def is_separable(samples: Sequence[Sample]) -> bool:
    """Whether some theta ranks every positive strictly above every negative in every sample.

    Linear feasibility <f_i - f_j, theta> >= 1 for all pairs (scipy's HiGHS linprog).
    """
    samples = _check_samples(samples)
    rows = np.concatenate([-pair_jacobian(s) for s in samples])  # f_i - f_j
    res = optimize.linprog(
        np.zeros(rows.shape[1]),
        A_ub=-rows,
        b_ub=-np.ones(rows.shape[0]),
        bounds=[(None, None)] * rows.shape[1],
        method="highs",
    )
    return bool(res.status == 0)


# ----------------------------------------------------------------- the surrogate, eq. (18)


def denominators(
    scores: ArrayLike, positive: ArrayLike, *, at_zero: float = DEFAULT_AT_ZERO
) -> NDArray[np.float64]:
    """D_i = 1 + sum_{k in P u N, k != i} H(x_ik) for every positive i: rank(i), eq. (16)-(18)."""
    s, p = validate_ranking(scores, positive)
    return _denominators(s, p, check_at_zero(at_zero))


def _denominators(s: NDArray, p: NDArray, at_zero: float) -> NDArray[np.float64]:
    x = s[None, :] - s[p][:, None]
    h = heaviside(x, at_zero)
    h[np.arange(h.shape[0]), np.flatnonzero(p)] = 0.0
    return 1.0 + h.sum(axis=1)


def _pairs(s: NDArray, p: NDArray) -> NDArray[np.float64]:
    """x_ij = s_j - s_i for i in P (rows), j in N (columns)."""
    return s[~p][None, :] - s[p][:, None]


def _reference(scores: NDArray, reference: ArrayLike | None) -> NDArray[np.float64]:
    if reference is None:
        return scores
    r = np.asarray(reference)
    if r.shape != scores.shape:
        raise ValueError(f"reference has shape {r.shape} but scores has shape {scores.shape}")
    r, _ = validate_ranking(r, np.ones(scores.shape, dtype=bool))
    return r


def surrogate_loss(
    scores: ArrayLike,
    positive: ArrayLike,
    *,
    reference: ArrayLike | None = None,
    delta: float = 1.0,
    at_zero: float = DEFAULT_AT_ZERO,
) -> float:
    """Surrogate loss l(x, x^) of eq. (18).

    ``scores`` give x (in the numerators, through Q); ``reference`` gives x^ (in the
    denominators, through H); ``reference=None`` means x^ = x, i.e. l(x, x) of eq. (19).
    """
    s, p = validate_ranking(scores, positive)
    r = _reference(s, reference)
    delta = check_delta(delta)
    d = _denominators(r, p, check_at_zero(at_zero))
    q = piecewise_step_integral(_pairs(s, p), delta)
    return float((q.sum(axis=1) / d).mean())


def modified_terms(
    scores: ArrayLike,
    positive: ArrayLike,
    *,
    delta: float = 1.0,
    at_zero: float = DEFAULT_AT_ZERO,
) -> NDArray[np.float64]:
    """Modified primary terms L~_ij = H~(x_ij) / D_i, eq. (16); rows i in P, columns j in N."""
    s, p = validate_ranking(scores, positive)
    delta = check_delta(delta)
    d = _denominators(s, p, check_at_zero(at_zero))
    return piecewise_step(_pairs(s, p), delta) / d[:, None]


def surrogate_grad_pairs(
    scores: ArrayLike,
    positive: ArrayLike,
    *,
    reference: ArrayLike | None = None,
    delta: float = 1.0,
    at_zero: float = DEFAULT_AT_ZERO,
) -> NDArray[np.float64]:
    """dl(x, x^)/dx_ij = H~(x_ij) / (|P| D_i(x^)) for i in P, j in N, eqs. (22)-(23).

    At x^ = x this is L~_ij / |P|. Its squared norm is the first line of eq. (23).
    """
    s, p = validate_ranking(scores, positive)
    r = _reference(s, reference)
    delta = check_delta(delta)
    d = _denominators(r, p, check_at_zero(at_zero))
    return piecewise_step(_pairs(s, p), delta) / (d[:, None] * p.sum())


# --------------------------------------------------------------- linear model, condition (2)


def data_radius(samples: Sequence[Sample]) -> float:
    """R of condition (2): the largest ``jacobian_norm`` over the data set."""
    return max(jacobian_norm(s) for s in _check_samples(samples))


def step_size(radius: float, delta: float) -> float:
    """eta = delta / R^2, the step size chosen before eq. (25)."""
    delta = check_delta(delta)
    return delta / check_positive(radius, "radius") ** 2


def surrogate_theta(
    sample: Sample,
    theta: ArrayLike,
    reference_theta: ArrayLike,
    *,
    delta: float = 1.0,
    at_zero: float = DEFAULT_AT_ZERO,
) -> float:
    """l^(t)(theta) = l(X_d(theta), X_d(theta^)) for a linear model, eq. (18) / (20)."""
    theta = validate_theta(theta, sample.dim)
    ref = validate_theta(reference_theta, sample.dim)
    return surrogate_loss(
        sample.features @ theta,
        sample.positive,
        reference=sample.features @ ref,
        delta=delta,
        at_zero=at_zero,
    )


def surrogate_grad_theta(
    sample: Sample,
    theta: ArrayLike,
    reference_theta: ArrayLike,
    *,
    delta: float = 1.0,
    at_zero: float = DEFAULT_AT_ZERO,
) -> NDArray[np.float64]:
    """dl^(t)/dtheta = J^T dl/dx, eq. (22): the chain rule through ``pair_jacobian``."""
    theta = validate_theta(theta, sample.dim)
    ref = validate_theta(reference_theta, sample.dim)
    g = surrogate_grad_pairs(
        sample.features @ theta,
        sample.positive,
        reference=sample.features @ ref,
        delta=delta,
        at_zero=at_zero,
    )
    return pair_jacobian(sample).T @ g.ravel()


def modified_update(
    sample: Sample,
    theta: ArrayLike,
    *,
    eta: float,
    delta: float = 1.0,
    at_zero: float = DEFAULT_AT_ZERO,
) -> NDArray[np.float64]:
    """One modified error-driven step: theta + (eta / |P|) sum_ij L~_ij (f_i - f_j), eq. (16).

    This equals theta - eta * dl^(t)/dtheta at theta = theta^(t) (gradient descent with step
    eta on the surrogate): the error-driven form of eq. (2) with step size eta / |P|.
    """
    theta = validate_theta(theta, sample.dim)
    eta = check_positive(eta, "eta")
    terms = modified_terms(sample.features @ theta, sample.positive, delta=delta, at_zero=at_zero)
    diff = pair_features(sample)  # f_i - f_j
    return theta + (eta / sample.n_positive) * np.einsum("ij,ijd->d", terms, diff)


# ------------------------------------------------------------------------------ simulation


@dataclass(frozen=True, eq=False)
class Run:
    """A simulated run of the modified algorithm: gradient descent on l^(t) with step eta.

    Attributes:
        setting: "online" (a different sample each step) or "offline" (d^(t) = d).
        order: index of the sample d^(t) used at step t = 1..T, shape (T,).
        thetas: theta^(1), ..., theta^(T+1), shape (T + 1, dim).
        surrogate: l^(t)(theta^(t)) = l(X(theta^(t)), X(theta^(t))), shape (T,).
        ap_losses: L_AP(X_d(t)(theta^(t))) of eq. (17), shape (T,).
        grads: dl^(t)/dtheta at theta^(t), shape (T, dim).
        grad_x_sq: ||dl/dx at x^(t)||^2, the first line of eq. (23), shape (T,).
        inv_denominators: per step, 1 / (|P| D_i^(t)) for the positives of d^(t); then
            l^(t)(u) = sum_i A_i(u) / (|P| D_i^(t)) with A_i(u) = sum_j Q(X_ij(u)).
        delta, eta, radius, at_zero: the constants of the run (eta = delta / radius^2).
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

    @property
    def T(self) -> int:  # noqa: N802 - the supplement's symbol
        """Number of steps T."""
        return int(self.order.size)


def simulate(
    samples: Sequence[Sample],
    order: ArrayLike,
    *,
    delta: float = 1.0,
    at_zero: float = DEFAULT_AT_ZERO,
    theta0: ArrayLike | None = None,
    radius: float | None = None,
    setting: Setting = "online",
) -> Run:
    """Gradient descent on l^(t) with eta = delta / R^2 on d^(t) = samples[order[t]].

    The step is the modified error-driven update of eq. (16) (see ``modified_update``).
    ``radius`` defaults to R = ``data_radius(samples)``; ``theta0`` (theta^(1)) defaults to 0.
    """
    samples = _check_samples(samples)
    delta = check_delta(delta)
    at_zero = check_at_zero(at_zero)
    if setting not in ("online", "offline"):
        raise ValueError(f"setting must be 'online' or 'offline', got {setting!r}")
    idx = np.asarray(order)
    if idx.ndim != 1 or idx.size == 0 or not np.issubdtype(idx.dtype, np.integer):
        raise ValueError("order must be a non-empty 1-D integer array of sample indices")
    if idx.min() < 0 or idx.max() >= len(samples):
        raise ValueError(f"order holds sample indices outside [0, {len(samples)})")
    dim = samples[0].dim
    theta = np.zeros(dim) if theta0 is None else validate_theta(theta0, dim).copy()
    radius = data_radius(samples) if radius is None else check_positive(radius, "radius")
    eta = step_size(radius, delta)
    jacs = [pair_jacobian(s) for s in samples]
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
        s = sample.features @ theta
        p = sample.positive
        d = _denominators(s, p, at_zero) * sample.n_positive
        x = _pairs(s, p)
        surrogate[t] = np.sum(piecewise_step_integral(x, delta).sum(axis=1) / d)
        ap[t] = np.sum(heaviside(x, at_zero).sum(axis=1) / d)
        g_x = piecewise_step(x, delta) / d[:, None]
        grads[t] = jacs[k].T @ g_x.ravel()
        grad_x_sq[t] = np.sum(g_x**2)
        inv_den.append(1.0 / d)
        theta = theta - eta * grads[t]
        thetas[t + 1] = theta
    return Run(
        setting=setting,
        order=idx.astype(np.int64),
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
    )


def run_online(
    samples: Sequence[Sample],
    T: int,  # noqa: N803 - the supplement's symbol
    *,
    delta: float = 1.0,
    at_zero: float = DEFAULT_AT_ZERO,
    seed: int | np.random.Generator = 0,
    theta0: ArrayLike | None = None,
) -> Run:
    """Online setting, Sec. 3.2: d^(t) drawn uniformly from ``samples`` by a seeded stream."""
    samples = _check_samples(samples)
    T = _check_count(T, "T")
    order = np.random.default_rng(seed).integers(0, len(samples), size=T)
    return simulate(samples, order, delta=delta, at_zero=at_zero, theta0=theta0)


def run_offline(
    sample: Sample,
    T: int,  # noqa: N803 - the supplement's symbol
    *,
    delta: float = 1.0,
    at_zero: float = DEFAULT_AT_ZERO,
    theta0: ArrayLike | None = None,
) -> Run:
    """Offline setting, Sec. 3.3: d^(t) = d for all t = 1..T."""
    T = _check_count(T, "T")
    return simulate(
        (sample,),
        np.zeros(T, dtype=np.int64),
        delta=delta,
        at_zero=at_zero,
        theta0=theta0,
        setting="offline",
    )


# ----------------------------------------------------------------------- the comparator u


def _check_run(run: Run, samples: Sequence[Sample], T: int | None) -> tuple[tuple, int]:
    if not isinstance(run, Run):
        raise TypeError(f"run must be a Run, got {type(run).__name__}")
    samples = _check_samples(samples)
    if int(run.order.max()) >= len(samples) or samples[0].dim != run.thetas.shape[1]:
        raise ValueError("samples do not match the run (indices or dimension)")
    T = run.T if T is None else _check_count(T, "T")
    if T > run.T:
        raise ValueError(f"T must be <= the run's {run.T} steps, got {T}")
    return samples, T


def _weights(run: Run, n_samples: int, T: int) -> list[NDArray[np.float64] | None]:
    """W_i^d = sum_{t <= T, d(t) = d} 1 / (|P_d| D_i^(t)) for every sample d."""
    out: list[NDArray[np.float64] | None] = [None] * n_samples
    for t in range(T):
        k = int(run.order[t])
        out[k] = run.inv_denominators[t] if out[k] is None else out[k] + run.inv_denominators[t]
    return out


def offline_constants(
    sample: Sample, u: ArrayLike, *, delta: float = 1.0
) -> tuple[NDArray[np.float64], float]:
    """A_i(u) = sum_{j in N} Q(X_ij(u)) for every positive i and Z(u) = max_i A_i(u), Sec. 3.3."""
    if not isinstance(sample, Sample):
        raise TypeError(f"sample must be a Sample, got {type(sample).__name__}")
    u = validate_theta(u, sample.dim)
    s = sample.features @ u
    a = piecewise_step_integral(_pairs(s, sample.positive), check_delta(delta)).sum(axis=1)
    return a, float(a.max())


def comparator_losses(
    run: Run, samples: Sequence[Sample], u: ArrayLike, *, T: int | None = None
) -> NDArray[np.float64]:
    """l^(t)(u) = l(X_d(t)(u), X_d(t)(theta^(t))) for t = 1..T, eq. (20)."""
    samples, T = _check_run(run, samples, T)
    u = validate_theta(u, samples[0].dim)
    a = [offline_constants(s, u, delta=run.delta)[0] for s in samples]
    return np.array([a[int(run.order[t])] @ run.inv_denominators[t] for t in range(T)])


def comparator(
    run: Run,
    samples: Sequence[Sample],
    *,
    T: int | None = None,
    objective: Objective = "bound",
) -> NDArray[np.float64]:
    """A comparator u for the first T steps, by scipy's BFGS (the objective is convex and C^1).

    - ``objective="bound"``: minimise the right side of (27), i.e.
      sum_t l^(t)(u) + (R^2 / (2 delta)) ||u - theta^(1)||^2 (strongly convex, unique u);
    - ``objective="loss"``: minimise sum_t l^(t)(u) alone (the issue's wording); on
      inseparable data a minimiser exists but may be far from theta^(1).

    Every bound of Section 3 holds for every u, so either choice is legitimate.
    """
    samples, T = _check_run(run, samples, T)
    if objective not in ("bound", "loss"):
        raise ValueError(f"objective must be 'bound' or 'loss', got {objective!r}")
    weights = _weights(run, len(samples), T)
    # Stack the pairs of every sample used: x(u) = J u, and sum_t l^(t)(u) = w . Q(J u).
    used = [(pair_jacobian(s), w) for s, w in zip(samples, weights, strict=True) if w is not None]
    jac = np.concatenate([j for j, _ in used])
    w_rows = np.concatenate([np.repeat(w, j.shape[0] // w.size) for j, w in used])
    theta1 = run.thetas[0]
    # (27) / (8/delta) = sum_t l(u) + (R^2 / (2 delta)) ||u - theta1||^2 = ... + ridge/2 ||.||^2
    ridge = run.radius**2 / run.delta if objective == "bound" else 0.0
    delta = run.delta

    def fun(u: NDArray[np.float64]) -> tuple[float, NDArray[np.float64]]:
        x = jac @ u
        val = float(w_rows @ piecewise_step_integral(x, delta))
        grad = jac.T @ (w_rows * piecewise_step(x, delta)) + ridge * (u - theta1)
        return val + 0.5 * ridge * float((u - theta1) @ (u - theta1)), grad

    res = optimize.minimize(
        fun, theta1.copy(), jac=True, method="BFGS", options={"maxiter": 500, "gtol": 1e-9}
    )
    return np.asarray(res.x, dtype=np.float64)


# ---------------------------------------------------------------------------- the bounds


def harmonic(n: int) -> Fraction:
    """The harmonic number sum_{i=1}^{n} 1/i, exactly (eq. 28)."""
    n = _check_count(n, "n")
    return sum((Fraction(1, i) for i in range(1, n + 1)), Fraction(0))


@dataclass(frozen=True)
class Bounds:
    """Every quantity and bound of Sec. 3.2-3.3 for the first T steps of a run and a u.

    Online and offline: sums over t = 1..T of l^(t)(theta^(t)) (``sum_surrogate``),
    l^(t)(u) (``sum_comparator``), L_AP (``sum_ap``) and ||dl^(t)/dtheta||^2 (``sum_grad_sq``);
    ``inner`` = sum_t <theta^(t) - u, dl^(t)/dtheta> (eq. 21's first right side);
    ``dist_sq`` = ||u - theta^(1)||^2, ``last_dist_sq`` = ||u - theta^(T+1)||^2 (what (21)
    drops); ``bound21``, ``bound24``, ``bound26`` (a bound on ``sum_surrogate``) and
    ``bound27`` (on ``sum_ap``). Offline only (``None`` online: not applicable): ``z`` = Z(u),
    ``n_positive`` (0 online),
    ``eps`` = 4 R^2 ||u - theta^(1)||^2 / (delta^2 T), and the bounds on the average AP-loss
    ``bound29``, ``bound31``, ``bound32`` (each including eps) and ``bound31_sharp``
    = (b + eps) / (1 + b), b = 8 Z / delta (what the algebra of (31) actually gives).
    """

    setting: str
    T: int
    delta: float
    eta: float
    radius: float
    at_zero: float
    sum_surrogate: float
    sum_comparator: float
    sum_ap: float
    sum_grad_sq: float
    inner: float
    dist_sq: float
    last_dist_sq: float
    bound21: float
    bound24: float
    bound26: float
    bound27: float
    z: float | None = None
    n_positive: int = 0
    eps: float | None = None
    bound29: float | None = None
    bound31: float | None = None
    bound31_sharp: float | None = None
    bound32: float | None = None

    @property
    def average_ap(self) -> float:
        """The average AP-loss (1/T) sum_t L_AP(X(theta^(t)))."""
        return self.sum_ap / self.T

    @property
    def tightness27(self) -> float | None:
        """sum_t L_AP / bound (27): how much of the bound the run uses (<= 1).

        ``None`` when bound (27) is 0 (u = theta^(1) and every l^(t)(u) = 0): the ratio is
        undefined there, and (27) itself forces sum_t L_AP = 0.
        """
        return share(self.sum_ap, self.bound27)

    @property
    def tightness29(self) -> float | None:
        """Average AP-loss / bound (29) (offline; ``None`` online or when the bound is 0)."""
        return share(self.average_ap, self.bound29)

    @property
    def tightness31(self) -> float | None:
        """Average AP-loss / bound (31) (offline; ``None`` online or when the bound is 0)."""
        return share(self.average_ap, self.bound31)

    @property
    def active(self) -> str:
        """Which of (29) and (31) is smaller (the active one in (32)); "none" online."""
        return _active(self.bound29, self.bound31)


def share(actual: float, bound: float | None) -> float | None:
    """actual / bound, the share of a bound a run uses; ``None`` if the bound is ``None``
    (not applicable) or 0 (then the bound forces actual = 0 and the ratio is undefined)."""
    if bound is None or bound == 0:
        return None
    return actual / bound


def _active(bound29: float | None, bound31: float | None) -> str:
    if bound29 is None or bound31 is None:
        return "none"
    return "(29)" if bound29 <= bound31 else "(31)"


def regret_bounds(
    run: Run,
    samples: Sequence[Sample],
    u: ArrayLike | None = None,
    *,
    T: int | None = None,
    objective: Objective = "bound",
) -> Bounds:
    """Evaluate every bound of Section 3 on the first T steps of ``run`` at comparator u.

    ``u=None`` picks ``comparator(run, samples, T=T, objective=objective)``.
    """
    samples, T = _check_run(run, samples, T)
    u = (
        comparator(run, samples, T=T, objective=objective)
        if u is None
        else validate_theta(u, samples[0].dim)
    )
    eta, delta, r2 = run.eta, run.delta, run.radius**2
    theta1 = run.thetas[0]
    sum_l = float(run.surrogate[:T].sum())
    sum_lu = float(comparator_losses(run, samples, u, T=T).sum())
    sum_g = float(np.sum(run.grads[:T] ** 2))
    inner = float(np.sum((run.thetas[:T] - u) * run.grads[:T]))
    dist_sq = float((u - theta1) @ (u - theta1))
    last = run.thetas[T] - u
    out = {
        "setting": run.setting,
        "T": T,
        "delta": delta,
        "eta": eta,
        "radius": run.radius,
        "at_zero": run.at_zero,
        "sum_surrogate": sum_l,
        "sum_comparator": sum_lu,
        "sum_ap": float(run.ap_losses[:T].sum()),
        "sum_grad_sq": sum_g,
        "inner": inner,
        "dist_sq": dist_sq,
        "last_dist_sq": float(last @ last),
        "bound21": dist_sq / (2 * eta) + eta / 2 * sum_g,
        "bound24": dist_sq / (2 * eta) + eta * r2 / (2 * delta) * sum_l,
        "bound26": 2 * sum_lu + r2 / delta * dist_sq,
        "bound27": 8 / delta * sum_lu + 4 * r2 / delta**2 * dist_sq,
    }
    if run.setting == "offline":
        sample = samples[int(run.order[0])]
        n_pos = sample.n_positive
        z = offline_constants(sample, u, delta=delta)[1]
        b = 8.0 / delta * z
        eps = 4 * r2 * dist_sq / (delta**2 * T)
        b29 = float((np.log(n_pos) + 1) / n_pos * b)
        b31 = b / (1 + b)
        out |= {
            "z": z,
            "n_positive": n_pos,
            "eps": eps,
            "bound29": b29 + eps,
            "bound31": b31 + eps,
            "bound31_sharp": (b + eps) / (1 + b),
            "bound32": min(b29, b31) + eps,
        }
    return Bounds(**out)


def convexity_gap(
    sample: Sample,
    reference_theta: ArrayLike,
    a: ArrayLike,
    b: ArrayLike,
    *,
    lam: float = 0.5,
    delta: float = 1.0,
    at_zero: float = DEFAULT_AT_ZERO,
) -> tuple[float, float]:
    """(l(lam a + (1 - lam) b), lam l(a) + (1 - lam) l(b)) for l = l(X_d(.), X_d(theta^)).

    Condition (1) (convexity in theta) says the first is <= the second. ``sample`` must be a
    :class:`Sample`; ``reference_theta``, ``a``, ``b`` finite vectors of its dimension;
    ``lam`` a real number in [0, 1]; ``delta`` > 0; ``at_zero`` in [0, 1].
    """
    if not isinstance(sample, Sample):
        raise TypeError(f"sample must be a Sample, got {type(sample).__name__}")
    if isinstance(lam, bool) or not isinstance(lam, int | float | np.integer | np.floating):
        raise TypeError(f"lam must be a real number in [0, 1], got {type(lam).__name__}")
    lam = float(lam)
    if not 0.0 <= lam <= 1.0:  # also rejects NaN
        raise ValueError(f"lam must lie in [0, 1], got {lam!r}")
    reference_theta = validate_theta(reference_theta, sample.dim)
    a = validate_theta(a, sample.dim)
    b = validate_theta(b, sample.dim)
    delta = check_delta(delta)
    at_zero = check_at_zero(at_zero)

    def loss(theta: NDArray[np.float64]) -> float:
        return surrogate_theta(sample, theta, reference_theta, delta=delta, at_zero=at_zero)

    return loss(lam * a + (1 - lam) * b), lam * loss(a) + (1 - lam) * loss(b)


# ----------------------------------------------------------------- best offline comparators


def offline_comparator(
    run: Run, sample: Sample, *, bound: Literal["29", "31"], T: int | None = None
) -> NDArray[np.float64]:
    """A comparator u for the offline bound (29) or (31) itself, by scipy's SLSQP.

    Minimises g(b) + 4 R^2 ||u - theta^(1)||^2 / (delta^2 T) with b = 8 Z(u) / delta and
    g(b) = ((ln|P| + 1)/|P|) b for (29) (a convex problem) or g(b) = b / (1 + b) for (31)
    (a local minimum); Z(u) = max_i A_i(u) is handled in epigraph form (A_i(u) <= z).
    Any u gives a valid bound, so a local minimum is good enough.
    """
    samples, T = _check_run(run, (sample,), T)
    if run.setting != "offline":
        raise ValueError("offline_comparator needs an offline run")
    if bound not in ("29", "31"):
        raise ValueError(f"bound must be '29' or '31', got {bound!r}")
    delta, theta1 = run.delta, run.thetas[0]
    n_pos = sample.n_positive
    c = 4 * run.radius**2 / (delta**2 * T)
    jac = pair_jacobian(sample).reshape(n_pos, sample.n_negative, -1)
    k = (np.log(n_pos) + 1) / n_pos

    def objective(v: NDArray[np.float64]) -> float:
        u, b = v[:-1], 8 * v[-1] / delta
        g = k * b if bound == "29" else b / (1 + b)
        return float(g + c * (u - theta1) @ (u - theta1))

    def objective_grad(v: NDArray[np.float64]) -> NDArray[np.float64]:
        u, b = v[:-1], 8 * v[-1] / delta
        dg = k if bound == "29" else 1 / (1 + b) ** 2
        return np.append(2 * c * (u - theta1), dg * 8 / delta)

    def cons(v: NDArray[np.float64]) -> NDArray[np.float64]:  # z - A_i(u) >= 0
        x = jac @ v[:-1]
        return v[-1] - piecewise_step_integral(x, delta).sum(axis=1)

    def cons_jac(v: NDArray[np.float64]) -> NDArray[np.float64]:
        x = jac @ v[:-1]
        d_a = np.einsum("ij,ijd->id", piecewise_step(x, delta), jac)
        return np.hstack([-d_a, np.ones((n_pos, 1))])

    best = None
    for start in (theta1, comparator(run, samples, T=T)):
        z0 = offline_constants(sample, start, delta=delta)[1]
        res = optimize.minimize(
            objective,
            np.append(start, z0),
            jac=objective_grad,
            method="SLSQP",
            constraints=[{"type": "ineq", "fun": cons, "jac": cons_jac}],
            options={"maxiter": 200, "ftol": 1e-12},
        )
        u = np.asarray(res.x[:-1], dtype=np.float64)
        z = offline_constants(sample, u, delta=delta)[1]  # the true Z(u), not the slack z
        b = 8 * z / delta
        val = (k * b if bound == "29" else b / (1 + b)) + c * float((u - theta1) @ (u - theta1))
        if best is None or val < best[0]:
            best = (val, u)
    return best[1]


@dataclass(frozen=True)
class BestBounds:
    """The tightest value of each bound over the comparators tried, for T steps of a run.

    ``bound27`` uses ``comparator(objective="bound")``; offline, ``bound29`` / ``bound31``
    take the smaller of their value at that u and at ``offline_comparator`` for that bound,
    and ``bound32`` = min(bound29, bound31) (each u is legitimate, so each bound may use its
    own). ``z29`` / ``z31`` are Z(u) at the u that gave each; ``active`` is the smaller one.
    The offline-only fields are ``None`` online (not applicable).
    """

    setting: str
    T: int
    delta: float
    n_positive: int
    sum_ap: float
    bound27: float
    bound29: float | None = None
    bound31: float | None = None
    bound32: float | None = None
    z29: float | None = None
    z31: float | None = None

    @property
    def average_ap(self) -> float:
        """(1/T) sum_t L_AP(X(theta^(t)))."""
        return self.sum_ap / self.T

    @property
    def active(self) -> str:
        """ "(29)" or "(31)", whichever is smaller (offline), else "none"."""
        return _active(self.bound29, self.bound31)


def best_bounds(run: Run, samples: Sequence[Sample], *, T: int | None = None) -> BestBounds:
    """Evaluate (27), and offline (29), (31), (32), each at its best comparator found."""
    samples, T = _check_run(run, samples, T)
    base = regret_bounds(run, samples, T=T)
    out = {
        "setting": run.setting,
        "T": T,
        "delta": run.delta,
        "n_positive": base.n_positive,
        "sum_ap": base.sum_ap,
        "bound27": base.bound27,
    }
    if run.setting == "offline":
        sample = samples[int(run.order[0])]
        b29 = regret_bounds(run, samples, offline_comparator(run, sample, bound="29", T=T), T=T)
        b31 = regret_bounds(run, samples, offline_comparator(run, sample, bound="31", T=T), T=T)
        v29, z29 = min((base.bound29, base.z), (b29.bound29, b29.z))
        v31, z31 = min((base.bound31, base.z), (b31.bound31, b31.z))
        out |= {
            "bound29": v29,
            "bound31": v31,
            "bound32": min(v29, v31),
            "z29": z29,
            "z31": z31,
        }
    return BestBounds(**out)


# ------------------------------------------------------------------------------- findings


@dataclass(frozen=True)
class TightnessRow:
    """How much of each bound a run uses after T steps: actual / bound (<= 1 when it holds).

    ``t27`` = sum_t L_AP / bound (27); offline ``t29``, ``t31``, ``t32`` = average AP-loss /
    bound, each at its best comparator (``best_bounds``); ``active`` says which of (29) and
    (31) is smaller; ``z`` is Z(u) at the comparator of (31). Offline-only fields are
    ``None`` online; a ratio whose bound is 0 is ``None`` too (see :func:`share`).
    """

    setting: str
    T: int
    delta: float
    average_ap: float
    bound27: float
    t27: float | None
    bound29: float | None = None
    bound31: float | None = None
    t29: float | None = None
    t31: float | None = None
    t32: float | None = None
    active: str = "none"
    z: float | None = None


def tightness_sweep(
    samples: Sequence[Sample],
    *,
    setting: Setting,
    steps: Sequence[int],
    deltas: Sequence[float] = (1.0,),
    at_zero: float = DEFAULT_AT_ZERO,
    theta0: ArrayLike | None = None,
    seed: int = 0,
) -> tuple[TightnessRow, ...]:
    """Tightness of (27) (and offline (29), (31), (32)) for every delta and every T in steps.

    One run of max(steps) steps per delta (online: the seeded stream ``seed``; offline:
    ``samples[0]``); each T is a prefix of it, with its own best comparators.
    """
    samples = _check_samples(samples)
    if setting not in ("online", "offline"):
        raise ValueError(f"setting must be 'online' or 'offline', got {setting!r}")
    steps = sorted({_check_count(int(t), "steps") for t in steps})
    if not steps:
        raise ValueError("steps must hold at least one T")
    rows = []
    for delta in deltas:
        if setting == "online":
            run = run_online(
                samples, steps[-1], delta=delta, at_zero=at_zero, seed=seed, theta0=theta0
            )
            data = samples
        else:
            run = run_offline(samples[0], steps[-1], delta=delta, at_zero=at_zero, theta0=theta0)
            data = samples[:1]
        for T in steps:  # noqa: N806 - the supplement's symbol
            b = best_bounds(run, data, T=T)
            row = {
                "setting": setting,
                "T": T,
                "delta": float(delta),
                "average_ap": b.average_ap,
                "bound27": b.bound27,
                "t27": share(b.sum_ap, b.bound27),
            }
            if setting == "offline":
                row |= {
                    "bound29": b.bound29,
                    "bound31": b.bound31,
                    "t29": share(b.average_ap, b.bound29),
                    "t31": share(b.average_ap, b.bound31),
                    "t32": share(b.average_ap, b.bound32),
                    "active": b.active,
                    "z": b.z31,
                }
            rows.append(TightnessRow(**row))
    return tuple(rows)


def crossover_z(n_positive: int, delta: float = 1.0) -> float:
    """Z below which (29) is smaller than (31): (delta/8) (|P| / (ln|P| + 1) - 1).

    From ((ln|P| + 1)/|P|) b < b / (1 + b) with b = 8 Z / delta, i.e.
    1 + b < |P| / (ln|P| + 1). It is 0 for |P| = 1 (then (31) is never worse) and grows
    like |P| / ln|P|: (29) is the active bound only when Z(u) is this small.
    """
    n = _check_count(n_positive, "n_positive")
    return check_delta(delta) / 8.0 * (n / (np.log(n) + 1.0) - 1.0)
