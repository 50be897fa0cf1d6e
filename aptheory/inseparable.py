"""Moved to :mod:`aptheory.sections.inseparable`; the names of version 0.1 stay importable here.

The 0.1 module is now split by concern (``data``, ``surrogate``, ``runs``, ``comparator``,
``bounds``, ``tightness``; the table in :mod:`aptheory.sections.inseparable` says which module
holds which equation). Renamed in 0.2, kept here as aliases: ``simulate`` (now
``simulate_inseparable``), ``Run`` (``InseparableRun``) and, from the claims' examples,
``RunSpec`` (``InseparableRunSpec``), ``RunResult`` (``InseparableRunResult``) and
``run_specs`` (``inseparable_run_specs``).
"""

from aptheory.core.linear import jacobian_norm, pair_jacobian
from aptheory.sections.inseparable.bounds import Bounds, harmonic, regret_bounds, share
from aptheory.sections.inseparable.comparator import (
    comparator,
    comparator_losses,
    offline_comparator,
    offline_constants,
)
from aptheory.sections.inseparable.data import inseparable_samples, is_separable, separation
from aptheory.sections.inseparable.examples import (
    InseparableRunResult,
    InseparableRunSpec,
    inseparable_run_specs,
    simulate_spec,
)
from aptheory.sections.inseparable.runs import (
    InseparableRun,
    data_radius,
    run_offline,
    run_online,
    simulate_inseparable,
    step_size,
)
from aptheory.sections.inseparable.surrogate import (
    convexity_gap,
    denominators,
    modified_terms,
    modified_update,
    surrogate_grad_pairs,
    surrogate_grad_theta,
    surrogate_loss,
    surrogate_theta,
)
from aptheory.sections.inseparable.tightness import (
    BestBounds,
    TightnessRow,
    best_bounds,
    crossover_z,
    tightness_sweep,
)

simulate = simulate_inseparable
Run = InseparableRun
RunSpec = InseparableRunSpec
RunResult = InseparableRunResult
run_specs = inseparable_run_specs

__all__ = [
    "BestBounds",
    "Bounds",
    "InseparableRun",
    "InseparableRunResult",
    "InseparableRunSpec",
    "Run",
    "RunResult",
    "RunSpec",
    "TightnessRow",
    "best_bounds",
    "comparator",
    "comparator_losses",
    "convexity_gap",
    "crossover_z",
    "data_radius",
    "denominators",
    "harmonic",
    "inseparable_run_specs",
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
    "run_specs",
    "separation",
    "share",
    "simulate",
    "simulate_inseparable",
    "simulate_spec",
    "step_size",
    "surrogate_grad_pairs",
    "surrogate_grad_theta",
    "surrogate_loss",
    "surrogate_theta",
    "tightness_sweep",
]
