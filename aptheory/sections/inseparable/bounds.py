"""The bounds of Section 3 on a run and a comparator u, eqs. (21)-(32).

:func:`regret_bounds` evaluates, on the first T steps of a run and at a comparator u, every
quantity of the proof and every bound: the regret chain (20), (21), (24), the surrogate bound
(26) (with (25)), the AP-loss bound (27), and offline (29), (31) (with its sharper form) and
(32); :class:`Bounds` holds them. :func:`harmonic` is the harmonic number of (28) and
:func:`share` the tightness ratio actual / bound.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from numpy.typing import ArrayLike

from aptheory.core.linear import Sample, validate_theta
from aptheory.core.validation import check_int
from aptheory.sections.inseparable.comparator import (
    Objective,
    comparator,
    comparator_losses,
    offline_constants,
)
from aptheory.sections.inseparable.runs import InseparableRun, validate_run

__all__ = ["Bounds", "active_bound", "harmonic", "regret_bounds", "share"]


def harmonic(n: int) -> Fraction:
    """The harmonic number sum_{i=1}^{n} 1/i, exactly (eq. 28)."""
    n = check_int(n, "n", 1)
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
        return active_bound(self.bound29, self.bound31)


def share(actual: float, bound: float | None) -> float | None:
    """actual / bound, the share of a bound a run uses; ``None`` if the bound is ``None``
    (not applicable) or 0 (then the bound forces actual = 0 and the ratio is undefined)."""
    if bound is None or bound == 0:
        return None
    return actual / bound


def active_bound(bound29: float | None, bound31: float | None) -> str:
    """Which of (29) and (31) is smaller, the active one in (32); "none" if not applicable."""
    if bound29 is None or bound31 is None:
        return "none"
    return "(29)" if bound29 <= bound31 else "(31)"


def regret_bounds(
    run: InseparableRun,
    samples: Sample | Sequence[Sample],
    u: ArrayLike | None = None,
    *,
    T: int | None = None,
    objective: Objective = "bound",
) -> Bounds:
    """Evaluate every bound of Section 3 on the first T steps of ``run`` at comparator u.

    ``u=None`` picks ``comparator(run, samples, T=T, objective=objective)``.
    """
    samples, T = validate_run(run, samples, T)  # noqa: N806
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
