"""Tests of aptheory.sections.separable.sweeps: steps taken against the bounds of eq. (10)."""

import pytest

from aptheory.sections.separable.sweeps import sweep


def test_sweep_rows_report_steps_and_looseness():
    rows = sweep([0.5, 0.2], [0, 1], sizes=((2, 3), (1, 2)), dim=2)
    assert [(r.epsilon, r.seed) for r in rows] == [(0.5, 0), (0.5, 1), (0.2, 0), (0.2, 1)]
    for r in rows:
        assert r.status == "converged"
        assert r.sizes == ((2, 3), (1, 2))
        assert 1 <= r.steps <= r.sharper_bound <= r.bound
        assert r.looseness == r.bound / r.steps
        assert r.perceptron_looseness == r.perceptron_bound / r.steps


def test_bad_input():
    with pytest.raises(TypeError, match="seeds"):
        sweep([0.5], [0.5, 1.5])
    with pytest.raises(TypeError, match="seeds"):
        sweep([0.5], [True])
    with pytest.raises(ValueError, match="epsilons"):
        sweep([float("nan")], [0])
    with pytest.raises(ValueError, match="epsilon"):
        sweep([-0.5], [0])
