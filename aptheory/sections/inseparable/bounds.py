"""The bounds of Section 3 on a run and a comparator u, eqs. (21)-(32).

:func:`regret_bounds` evaluates, on the first T steps of a run and at a comparator u, every
quantity of the proof and every bound: the regret chain (20), (21), (24), the surrogate bound
(26) (with (25)), the AP-loss bound (27), and offline (29), (31) (with its sharper form) and
(32); :class:`Bounds` holds them. :func:`harmonic` is the harmonic number of (28),
:func:`share` the tightness ratio actual / bound, and :func:`offline_floors` what
inseparability forces on the offline bounds (29), (31), (32).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

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

__all__ = [
    "Bounds",
    "OfflineFloors",
    "active_bound",
    "harmonic",
    "offline_floors",
    "regret_bounds",
    "share",
]


def harmonic(n: int) -> Fraction:
    """The harmonic number sum_{i=1}^{n} 1/i, exactly (eq. 28)."""
    n = check_int(n, "n", 1)
    return sum((Fraction(1, i) for i in range(1, n + 1)), Fraction(0))


@dataclass(frozen=True)
class OfflineFloors:
    """The smallest first terms of (29), (31) and (32) on an inseparable sample with |P| = n.

    ``first29`` = 2 (ln n + 1)/n, ``first31`` = 2/3, ``first32`` = min of the two;
    ``vacuous29`` says whether (29) is then >= 1 (it says nothing, L_AP <= 1): n <= 5.
    """

    n_positive: int
    first29: float
    first31: Fraction
    first32: float

    @property
    def vacuous29(self) -> bool:
        """(29) >= 1 for every u and T: 2 (ln n + 1)/n >= 1, i.e. n <= 5."""
        return self.first29 >= 1.0


def offline_floors(n_positive: int) -> OfflineFloors:
    """What inseparability forces on the offline bounds (29), (31), (32), for |P| = n.

    **Claim.** On an inseparable sample (no u ranks every positive strictly above every
    negative), for every u: Z(u) >= delta/4, hence b = (8/delta) Z(u) >= 2, the first term
    of (29), ((ln n + 1)/n) b, is >= 2 (ln n + 1)/n, that of (31), b/(1 + b), is >= 2/3,
    and that of (32) is >= the smaller of the two. The eps of (29)/(31)/(32) is >= 0 and
    only adds.

    **Proof.** By Gordan's theorem (see :mod:`aptheory.sections.inseparable.data`) some
    y >= 0, y != 0, has sum_k y_k (f_i - f_j) = 0, so sum_k y_k x_k(u) = 0 and some pair has
    x_ij(u) >= 0. Q is nondecreasing (its derivative H~ is >= 0), so
    Z(u) >= A_i(u) >= Q(x_ij(u)) >= Q(0) = delta/4; b/(1 + b) is increasing in b.

    **Tight.** A tie (a negative box on a positive one) has x_ij(u) = 0 for every u; if u
    sends every other pair below -delta (possible when the rest is separable), then
    Z(u) = delta/4 exactly and every floor is attained.

    **Consequence.** 2 (ln n + 1)/n >= 1 iff n <= 5 (2, 1.69, 1.40, 1.19, 1.04 for
    n = 1..5; 0.93 at n = 6): (29) is vacuous on every inseparable sample with |P| <= 5;
    2 (ln n + 1)/n >= 2/3 iff n <= 9, so (32) is >= 2/3 there. (The sign changes are at
    non-integers: 2 (ln x + 1) = x at x ~ 5.36 and 3 (ln x + 1) = x at x ~ 9.87.)
    """
    n = check_int(n_positive, "n_positive", 1)
    first29 = 2.0 * (math.log(n) + 1.0) / n
    first31 = Fraction(2, 3)
    return OfflineFloors(n, first29, first31, min(first29, float(first31)))


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
    ``eps`` = 4 R^2 ||u - theta^(1)||^2 / (delta^2 T) (the epsilon of (32): a new symbol of
    Sec. 3.3, the 1/T remainder of (29) and (31), not the margin epsilon of condition (1)),
    and the bounds on the average AP-loss
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
    out: dict[str, Any] = {  # the fields of Bounds, of several types
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
