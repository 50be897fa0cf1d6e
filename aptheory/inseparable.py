"""Moved to :mod:`aptheory.sections.inseparable`; the names of version 0.1 stay importable here.

The 0.1 module is now split by concern (``data``, ``surrogate``, ``runs``, ``comparator``,
``bounds``, ``tightness``; the table in :mod:`aptheory.sections.inseparable` says which module
holds which equation). Renamed in 0.2, kept here as aliases: ``simulate`` (now
``simulate_inseparable``), ``Run`` (``InseparableRun``) and, from the claims' examples,
``RunSpec`` (``InseparableRunSpec``), ``RunResult`` (``InseparableRunResult``) and
``run_specs`` (``inseparable_run_specs``).
"""

from aptheory.core.linear import jacobian_norm, pair_jacobian
from aptheory.sections.inseparable.bounds import (
    Bounds,
    OfflineFloors,
    harmonic,
    offline_floors,
    regret_bounds,
    share,
)
from aptheory.sections.inseparable.comparator import (
    comparator,
    comparator_losses,
    offline_comparator,
    offline_constants,
)
from aptheory.sections.inseparable.data import (
    InseparabilityCertificate,
    PlantedData,
    inseparability_certificate,
    inseparable_samples,
    is_inseparable,
    is_separable,
    overshoot_samples,
    planted_samples,
    separation,
    verify_certificate,
)
from aptheory.sections.inseparable.examples import (
    InseparableRunResult,
    InseparableRunSpec,
    coverage_of,
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
    printed_update,
    surrogate_grad_pairs,
    surrogate_grad_theta,
    surrogate_loss,
    surrogate_theta,
)
from aptheory.sections.inseparable.tightness import (
    BestBounds,
    KnownSupremum,
    TightnessRow,
    best_bounds,
    crossover_z,
    known_suprema,
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
    "InseparabilityCertificate",
    "InseparableRun",
    "InseparableRunResult",
    "InseparableRunSpec",
    "KnownSupremum",
    "OfflineFloors",
    "PlantedData",
    "Run",
    "RunResult",
    "RunSpec",
    "TightnessRow",
    "best_bounds",
    "comparator",
    "comparator_losses",
    "convexity_gap",
    "coverage_of",
    "crossover_z",
    "data_radius",
    "denominators",
    "harmonic",
    "inseparability_certificate",
    "inseparable_run_specs",
    "inseparable_samples",
    "is_inseparable",
    "is_separable",
    "jacobian_norm",
    "known_suprema",
    "modified_terms",
    "modified_update",
    "offline_comparator",
    "offline_constants",
    "offline_floors",
    "overshoot_samples",
    "pair_jacobian",
    "planted_samples",
    "printed_update",
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
    "verify_certificate",
]
