"""Tests of aptheory.sections.inseparable.tightness: best comparators, sweeps, crossover."""

from __future__ import annotations

import numpy as np
import pytest

from aptheory.core.linear import Sample
from aptheory.sections.inseparable.bounds import regret_bounds
from aptheory.sections.inseparable.runs import run_offline, run_online
from aptheory.sections.inseparable.tightness import best_bounds, crossover_z, tightness_sweep


def test_best_bounds_are_no_worse(offline_run, one_sample):
    base = regret_bounds(offline_run, (one_sample,))
    best = best_bounds(offline_run, (one_sample,))
    assert best.bound29 <= base.bound29 + 1e-12
    assert best.bound31 <= base.bound31 + 1e-12
    assert best.bound27 == base.bound27
    assert best.bound32 == min(best.bound29, best.bound31)
    assert best.average_ap <= best.bound32
    assert best.active in ("(29)", "(31)")


def test_best_bounds_online_has_no_offline_fields(data):
    best = best_bounds(run_online(data, 10, seed=0), data)
    assert best.bound29 is None and best.z29 is None and best.active == "none"


def test_tightness_is_none_when_the_bound_is_zero():
    # theta^(1) = 1 puts the only pair at x = -2 < -delta: Q = 0, so at u = theta^(1) every
    # bound is 0 and its share is undefined (the bound forces the AP-loss to 0).
    s = Sample(np.array([[2.0], [0.0]]), np.array([True, False]))
    run = run_offline(s, 3, theta0=np.array([1.0]))
    b = regret_bounds(run, (s,), np.array([1.0]))
    assert b.bound27 == 0.0 and b.sum_ap == 0.0
    assert b.tightness27 is None and b.tightness29 is None and b.tightness31 is None
    (row,) = tightness_sweep((s,), setting="offline", steps=(3,), theta0=np.array([1.0]))
    assert row.bound27 == 0.0 and row.t27 is None and row.t29 is None and row.t32 is None


def test_crossover_z():
    assert crossover_z(1) == 0.0
    for n in (2, 5, 40):
        z = crossover_z(n, delta=2.0)
        b = 8 * z / 2.0
        assert (np.log(n) + 1) / n * b == pytest.approx(b / (1 + b))
    with pytest.raises(ValueError, match="n_positive"):
        crossover_z(0)
    with pytest.raises(ValueError, match="delta"):
        crossover_z(3, delta=0.0)


def test_tightness_sweep(data):
    rows = tightness_sweep(data[:1], setting="offline", steps=(5, 20), deltas=(0.5, 2.0))
    assert [(r.delta, r.T) for r in rows] == [(0.5, 5), (0.5, 20), (2.0, 5), (2.0, 20)]
    for r in rows:
        assert 0 <= r.t27 <= 1 and 0 <= r.t29 <= 1 and 0 <= r.t31 <= 1
        assert r.t32 == max(r.t29, r.t31)
        assert r.active in ("(29)", "(31)")
    online = tightness_sweep(data, setting="online", steps=(3,))
    assert online[0].t29 is None and online[0].z is None and online[0].active == "none"
    with pytest.raises(ValueError, match="setting"):
        tightness_sweep(data, setting="both", steps=(3,))
    with pytest.raises(ValueError, match="steps"):
        tightness_sweep(data, setting="online", steps=())
    with pytest.raises(ValueError, match="delta"):
        tightness_sweep(data, setting="online", steps=(3,), deltas=(-1.0,))
