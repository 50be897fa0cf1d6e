"""The 0.1 module aptheory.inseparable: every documented name, and the renamed ones as aliases."""

from __future__ import annotations

import aptheory.inseparable as old
from aptheory.sections.inseparable import examples, runs

NAMES_01 = [
    "BestBounds", "Bounds", "Run", "TightnessRow", "best_bounds", "comparator",
    "comparator_losses", "convexity_gap", "crossover_z", "data_radius", "denominators",
    "harmonic", "inseparable_samples", "is_separable", "jacobian_norm", "modified_terms",
    "modified_update", "offline_comparator", "offline_constants", "pair_jacobian",
    "regret_bounds", "run_offline", "run_online", "separation", "share", "simulate",
    "step_size", "surrogate_grad_pairs", "surrogate_grad_theta", "surrogate_loss",
    "surrogate_theta", "tightness_sweep",
]  # fmt: skip


def test_every_01_name_is_importable():
    for name in NAMES_01:
        assert name in old.__all__ and callable(getattr(old, name)), name
    assert all(hasattr(old, name) for name in old.__all__)


def test_renamed_names_are_aliases():
    assert old.simulate is runs.simulate_inseparable
    assert old.Run is runs.InseparableRun
    assert old.RunSpec is examples.InseparableRunSpec
    assert old.RunResult is examples.InseparableRunResult
    assert old.run_specs is examples.inseparable_run_specs
