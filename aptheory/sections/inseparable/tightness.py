"""How tight the bounds of Section 3 are: best comparators, sweeps and the (29)/(31) crossover.

- :func:`best_bounds` - (27), and offline (29), (31), (32), each at the best comparator
  found (:func:`~aptheory.sections.inseparable.comparator.offline_comparator`);
- :func:`tightness_sweep` - actual / bound for every delta and every T of a run;
- :func:`crossover_z` - the Z(u) below which (29) is smaller than (31), eq. (32);
- :func:`known_suprema` - the supremum of lhs / rhs over each claim's examples, where it has
  a closed form (with the reason and whether it is attained), so that an audit can compare
  the tightness it *found* with the one *known*; :func:`gradient_ratio_supremum`,
  :func:`harmonic_ratio_supremum`, :func:`vacuity_ratio_supremum` are the parametric ones.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from aptheory.checking.claim import KnownSupremum  # re-exported: the one record type
from aptheory.core.linear import Sample
from aptheory.core.ranking import DEFAULT_AT_ZERO
from aptheory.core.validation import check_choice, check_delta, check_int
from aptheory.sections.inseparable.bounds import (
    active_bound,
    harmonic,
    offline_floors,
    regret_bounds,
    share,
)
from aptheory.sections.inseparable.comparator import offline_comparator
from aptheory.sections.inseparable.data import validate_samples
from aptheory.sections.inseparable.runs import (
    SETTINGS,
    InseparableRun,
    Setting,
    run_offline,
    run_online,
    validate_run,
)

__all__ = [
    "BestBounds",
    "KnownSupremum",
    "TightnessRow",
    "best_bounds",
    "crossover_z",
    "gradient_ratio_supremum",
    "harmonic_ratio_supremum",
    "known_suprema",
    "tightness_sweep",
    "vacuity_ratio_supremum",
]


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
        return active_bound(self.bound29, self.bound31)


def best_bounds(
    run: InseparableRun, samples: Sample | Sequence[Sample], *, T: int | None = None
) -> BestBounds:
    """Evaluate (27), and offline (29), (31), (32), each at its best comparator found."""
    samples, T = validate_run(run, samples, T)  # noqa: N806
    base = regret_bounds(run, samples, T=T)
    out: dict[str, Any] = {  # the fields of BestBounds, of several types
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
        # offline runs: regret_bounds fills z, bound29 and bound31 (None only online)
        assert base.bound29 is not None and base.bound31 is not None and base.z is not None
        assert b29.bound29 is not None and b29.z is not None
        assert b31.bound31 is not None and b31.z is not None
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
    samples: Sample | Sequence[Sample],
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
    samples = validate_samples(samples)
    setting = check_choice(setting, "setting", SETTINGS)
    steps = sorted({check_int(t, "steps", 1) for t in steps})
    if not steps:
        raise ValueError("steps must hold at least one T")
    deltas = tuple(check_delta(d) for d in deltas)
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
            row: dict[str, Any] = {  # the fields of TightnessRow, of several types
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
    n = check_int(n_positive, "n_positive", 1)
    return check_delta(delta) / 8.0 * (n / (np.log(n) + 1.0) - 1.0)


# ------------------------------------------------------------------- known suprema


def gradient_ratio_supremum(n_positive: int) -> Fraction:
    """sup ||dl(x, x^)/dx||^2 / (l(x, x^)/delta) over instances with |P| = n: exactly 1/n.

    **Proof.** With w_i = sum_j Q(x_ij)/delta >= sum_j H~(x_ij)^2 (eq23-Htilde-sq-le-Q-over-
    delta), the ratio is (1/n^2) sum_i (sum_j H~^2)/D_i^2 / ((1/n) sum_i w_i / D_i) <=
    (1/n) sum_i (w_i/D_i)(1/D_i) / sum_i (w_i/D_i) <= (1/n) max_i 1/D_i <= 1/n, since
    D_i >= 1. **Attained** for every H(0): one positive ranked strictly first at x^
    (D = 1) with its pairs in (-delta, delta] (H~^2 = Q/delta there), every other positive
    with all its pairs <= -delta (A_i = 0). So the printed bound of (23), l/delta, is loose
    by exactly the factor |P| (eq23-sharper-by-P: supremum 1, attained).
    """
    n = check_int(n_positive, "n_positive", 1)
    return Fraction(1, n)


def harmonic_ratio_supremum(n_positive: int) -> float:
    """sup l(X(u), X(theta^)) / (((ln n + 1)/n) Z(u)) for |P| = n, H(0) >= 1/2: H_n/(ln n + 1).

    **Proof.** l = (1/n) sum_i A_i/D_i <= (Z/n) sum_i 1/D_i <= (Z/n) H_n (the harmonic step
    of (28), H(0) >= 1/2), so the ratio is <= H_n / (ln n + 1). **Attained**: every A_i
    equal to Z (e.g. all scores tied at u) and the positives ranked first without ties at
    theta^ (D_i = 1, ..., n). The value is 1 at n = 1 and < 1 for n >= 2 (H_n - 1 =
    sum_{k=2}^n 1/k < int_1^n dx/x = ln n): over all n the supremum is 1, attained at n = 1.
    """
    n = check_int(n_positive, "n_positive", 1)
    return float(harmonic(n)) / (math.log(n) + 1.0)


def vacuity_ratio_supremum(max_positives: int = 5) -> float:
    """sup 1 / (((ln n + 1)/n)(8/delta) Z(u)) over inseparable samples with |P| <= max_p.

    **Proof.** (8/delta) Z(u) >= 2 on inseparable samples, with equality attainable
    (:func:`~aptheory.sections.inseparable.bounds.offline_floors`), so for each n the
    supremum is n / (2 (ln n + 1)), increasing in n for n >= 1 (its derivative has the sign
    of ln n >= 0); the supremum over n <= max_p is max_p / (2 (ln max_p + 1)), attained.
    For max_p = 5 it is 0.958 (< 1: the claim eq29-vacuous-small-P holds), for 6: 1.075.
    """
    m = check_int(max_positives, "max_positives", 1)
    return max(1.0 / offline_floors(n).first29 for n in range(1, m + 1))


def known_suprema() -> dict[str, KnownSupremum]:
    """The closed-form supremum of lhs/rhs of each Section-3 claim that has one (by id).

    Over each claim's whole example space (the claim's strategy: e.g. |P| <= 7 for the
    surrogate instances, |P| <= 5 for eq29-vacuous-small-P); a claim with a condition is
    read under it. Identities (kind "eq") and the run claims whose supremum has no closed
    form (eq24, eq26, eq27, eq29-offline-bound, eq31-offline-bound, eq31-sharper-remainder,
    eq32-min-bound, eq16-printed-update-*) are not listed. A fresh dict on every call.
    """
    one = Fraction(1)
    rows: list[tuple[str, Fraction | float, bool, str]] = [
        (
            "eq19-Q-ge-quarter-delta-H",
            one,
            True,
            "x = 0 with H(0) = 1: Q(0) = delta/4; for x > 0 the ratio (delta/4)/Q(x) < 1 -> 1",
        ),
        (
            "eq19-surrogate-ge-ap-loss",
            one,
            True,
            "same denominators on both sides and Q >= (delta/4) H termwise: equality iff every "
            "pair with Q > 0 has x_ij = 0 and H(0) = 1 (at least one such pair)",
        ),
        ("eq20-convex-along-lines", one, True, "lam in {0, 1} or a = b"),
        ("eq20-first-order", one, True, "u = theta, or l affine between u and theta"),
        (
            "eq20-first-order-run",
            one,
            True,
            "every pair of every step in the linear piece x > delta of Q at theta^(t) and u "
            "(l^(t) affine there)",
        ),
        (
            "eq21-regret-le-telescoped",
            one,
            True,
            "l^(t) affine on the path and u = theta^(T+1) (the dropped term is 0), e.g. T = 1",
        ),
        (
            "eq22-chain-rule-norm",
            one,
            True,
            "dl/dx along a top singular vector of J, e.g. a single pair (J one row)",
        ),
        (
            "eq23-Htilde-sq-le-Q-over-delta",
            one,
            True,
            "equality for every -delta < x <= delta ((x + delta)^2 / (4 delta^2) on both sides)",
        ),
        (
            "eq23-grad-sq-le-l-over-delta",
            one,
            True,
            "|P| = 1; for |P| = n the supremum is 1/n (gradient_ratio_supremum)",
        ),
        (
            "eq23-sharper-by-P",
            one,
            True,
            "one positive first at x^ (D = 1) carries every Q > 0, its pairs in (-delta, delta]",
        ),
        (
            "eq28-harmonic-step",
            one,
            True,
            "positives ranked first without ties at x^: D_i = 1, ..., |P| (for every |P|)",
        ),
        ("eq28-harmonic-le-log", one, True, "n = 1; H_n < ln n + 1 for n >= 2"),
        (
            "eq28-surrogate-le-harmonic-Z",
            one,
            True,
            "|P| = 1 ranked first (D = 1, l = Z); for |P| = n: H_n/(ln n + 1) "
            "(harmonic_ratio_supremum)",
        ),
        (
            "eq28-run",
            one,
            True,
            "|P| = 1 ranked first at theta^(t): l^(t)(u) = Z(u); H_n/(ln n + 1) for |P| = n",
        ),
        (
            "eq28-Z-ge-quarter-delta",
            one,
            True,
            "a tie (x_ij(u) = 0 for all u), every other pair below -delta: Z(u) = delta/4",
        ),
        (
            "eq29-vacuous-small-P",
            vacuity_ratio_supremum(5),
            True,
            "|P| = 5 and Z(u) = delta/4: 5 / (2 (ln 5 + 1)) (vacuity_ratio_supremum)",
        ),
        ("eq30-surrogate-le-precision-Z", one, True, "every A_i(u) equal to Z(u)"),
        ("eq30-run", one, True, "every A_i(u) equal to Z(u)"),
        (
            "eq31-algebra",
            one,
            True,
            "a at its largest, (b + c)/(1 + b): ratio (b + c)/(b + c (1 + b)) = 1 iff b c = 0",
        ),
        ("eq31-first-term-ge-two-thirds", one, True, "Z(u) = delta/4 (a tie, as for eq28-Z)"),
    ]
    return {r[0]: KnownSupremum(*r) for r in rows}
