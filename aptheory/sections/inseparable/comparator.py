"""The comparator u of Section 3: its losses l^(t)(u), A_i(u), Z(u), and how u is chosen.

Every bound of Section 3 holds for every fixed u, so a comparator only has to be a good
choice, not an optimal one:

- :func:`comparator_losses` - l^(t)(u) = l(X_d(t)(u), X_d(t)(theta^(t))), eq. (20);
- :func:`offline_constants` - A_i(u) = sum_{j in N} Q(X_ij(u)) and Z(u) = max_i A_i(u)
  (Sec. 3.3, eqs. 28-31);
- :func:`comparator` - u minimising the right side of (27) or sum_t l^(t)(u) (BFGS);
- :func:`offline_comparator` - u minimising the offline bound (29) or (31) itself (SLSQP).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import optimize

from aptheory.core.linear import Sample, pair_jacobian, validate_theta
from aptheory.core.ranking import piecewise_step, piecewise_step_integral
from aptheory.core.validation import check_choice, check_delta
from aptheory.sections.inseparable.runs import InseparableRun, validate_run
from aptheory.sections.inseparable.surrogate import pairs

Objective = Literal["bound", "loss"]
OBJECTIVES: tuple[Objective, ...] = ("bound", "loss")

__all__ = [
    "OBJECTIVES",
    "comparator",
    "comparator_losses",
    "offline_comparator",
    "offline_constants",
]


def offline_constants(
    sample: Sample, u: ArrayLike, *, delta: float = 1.0
) -> tuple[NDArray[np.float64], float]:
    """A_i(u) = sum_{j in N} Q(X_ij(u)) for every positive i and Z(u) = max_i A_i(u), Sec. 3.3."""
    if not isinstance(sample, Sample):
        raise TypeError(f"sample must be a Sample, got {type(sample).__name__}")
    u = validate_theta(u, sample.dim)
    s = sample.features @ u
    a = piecewise_step_integral(pairs(s, sample.positive), check_delta(delta)).sum(axis=1)
    return a, float(a.max())


def comparator_losses(
    run: InseparableRun, samples: Sample | Sequence[Sample], u: ArrayLike, *, T: int | None = None
) -> NDArray[np.float64]:
    """l^(t)(u) = l(X_d(t)(u), X_d(t)(theta^(t))) for t = 1..T, eq. (20)."""
    samples, T = validate_run(run, samples, T)  # noqa: N806
    u = validate_theta(u, samples[0].dim)
    a = [offline_constants(s, u, delta=run.delta)[0] for s in samples]
    return np.array([a[int(run.order[t])] @ run.inv_denominators[t] for t in range(T)])


def _weights(run: InseparableRun, n_samples: int, T: int) -> list[NDArray[np.float64] | None]:  # noqa: N803
    """W_i^d = sum_{t <= T, d(t) = d} 1 / (|P_d| D_i^(t)) for every sample d (None: unused)."""
    out: list[NDArray[np.float64] | None] = [None] * n_samples
    for t in range(T):
        k = int(run.order[t])
        prev = out[k]
        out[k] = run.inv_denominators[t] if prev is None else prev + run.inv_denominators[t]
    return out


def comparator(
    run: InseparableRun,
    samples: Sample | Sequence[Sample],
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
    samples, T = validate_run(run, samples, T)  # noqa: N806
    objective = check_choice(objective, "objective", OBJECTIVES)
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


def offline_comparator(
    run: InseparableRun,
    sample: Sample,
    *,
    bound: Literal["29", "31"],
    T: int | None = None,
) -> NDArray[np.float64]:
    """A comparator u for the offline bound (29) or (31) itself, by scipy's SLSQP.

    Minimises g(b) + 4 R^2 ||u - theta^(1)||^2 / (delta^2 T) with b = 8 Z(u) / delta and
    g(b) = ((ln|P| + 1)/|P|) b for (29) (a convex problem) or g(b) = b / (1 + b) for (31)
    (a local minimum); Z(u) = max_i A_i(u) is handled in epigraph form (A_i(u) <= z).
    Any u gives a valid bound, so a local minimum is good enough.
    """
    samples, T = validate_run(run, (sample,), T)  # noqa: N806
    if run.setting != "offline":
        raise ValueError("offline_comparator needs an offline run")
    bound = check_choice(bound, "bound", ("29", "31"))
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
    assert best is not None  # the loop over the two starts sets it on its first pass
    return best[1]
