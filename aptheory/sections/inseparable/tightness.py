"""How tight the bounds of Section 3 are: best comparators, sweeps and the (29)/(31) crossover.

- :func:`best_bounds` - (27), and offline (29), (31), (32), each at the best comparator
  found (:func:`~aptheory.sections.inseparable.comparator.offline_comparator`);
- :func:`tightness_sweep` - actual / bound for every delta and every T of a run;
- :func:`crossover_z` - the Z(u) below which (29) is smaller than (31), eq. (32).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from aptheory.core.linear import Sample
from aptheory.core.ranking import DEFAULT_AT_ZERO
from aptheory.core.validation import check_choice, check_delta, check_int
from aptheory.sections.inseparable.bounds import active_bound, regret_bounds, share
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

__all__ = ["BestBounds", "TightnessRow", "best_bounds", "crossover_z", "tightness_sweep"]


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
    n = check_int(n_positive, "n_positive", 1)
    return check_delta(delta) / 8.0 * (n / (np.log(n) + 1.0) - 1.0)
