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


# ------------------------------------------------- known suprema against brute force


def _grid_instances(n_pos, n_neg, values):
    """Every (scores, reference) on a grid, with n_pos positives first then n_neg negatives."""
    import itertools

    size = n_pos + n_neg
    positive = [True] * n_pos + [False] * n_neg
    for s in itertools.product(values, repeat=size):
        for r in itertools.product(values, repeat=size):
            yield list(s), list(r), positive


@pytest.mark.parametrize("n_pos", [1, 2])
def test_gradient_ratio_supremum_by_brute_force(n_pos):
    from fractions import Fraction

    from aptheory.sections.inseparable.surrogate import exact_surrogate
    from aptheory.sections.inseparable.tightness import gradient_ratio_supremum

    best = Fraction(0)
    for s, r, p in _grid_instances(n_pos, 1, (-1, 0, 1)):
        for h0 in (0, Fraction(1, 2), 1):
            e = exact_surrogate(s, p, reference=r, delta=1, at_zero=h0)
            if e.loss > 0:
                best = max(best, e.grad_x_sq / e.loss)  # delta = 1: ratio to l / delta
    assert best == gradient_ratio_supremum(n_pos) == Fraction(1, n_pos)


@pytest.mark.parametrize("n_pos", [1, 2, 3])
def test_harmonic_ratio_supremum_by_brute_force(n_pos):
    import math
    from fractions import Fraction

    from aptheory.sections.inseparable.surrogate import exact_surrogate
    from aptheory.sections.inseparable.tightness import harmonic_ratio_supremum

    values = (-1, 0, 1) if n_pos < 3 else (0, 1)
    best = 0.0
    for s, r, p in _grid_instances(n_pos, 1, values):
        for h0 in (Fraction(1, 2), 1):  # the condition of (28)
            e = exact_surrogate(s, p, reference=r, delta=1, at_zero=h0)
            if e.z > 0:
                best = max(best, float(e.loss) / ((math.log(n_pos) + 1) / n_pos * float(e.z)))
    # the grid holds the equality case when every D_i is distinct: 3 positives need 4 levels
    if n_pos < 3:
        assert best == pytest.approx(harmonic_ratio_supremum(n_pos), rel=1e-12)
    else:
        assert best <= harmonic_ratio_supremum(n_pos) + 1e-12
    # and the closed form against its definition
    h = sum(1 / k for k in range(1, n_pos + 1))
    assert harmonic_ratio_supremum(n_pos) == pytest.approx(h / (math.log(n_pos) + 1))


def test_harmonic_supremum_over_n_is_one_at_n_one():
    from aptheory.sections.inseparable.tightness import harmonic_ratio_supremum

    ratios = [harmonic_ratio_supremum(n) for n in range(1, 300)]
    assert ratios[0] == 1.0 and max(ratios[1:]) < 1.0


def test_vacuity_ratio_supremum_by_brute_force():
    from aptheory.sections.inseparable.tightness import vacuity_ratio_supremum

    # on tie samples with u far along the separating axis Z(u) = delta/4 exactly, so
    # 1 / first term of (29) = |P| / (2 (ln|P| + 1)): the largest over |P| <= m
    for m in (1, 5, 6, 9):
        found = 0.0
        for n in range(1, m + 1):
            feats = np.array([[1.0]] * n + [[1.0], [-2.0]])  # the first negative ties
            s = Sample(feats, np.array([True] * n + [False, False]))
            z = float(
                max(
                    sum(
                        (max(0.0, x + 1.0) ** 2 / 4 if x <= 1 else x)
                        for x in (feats[~s.positive, 0] - f) * 5.0
                    )
                    for f in feats[s.positive, 0]
                )
            )  # u = 5, delta = 1
            assert z == 0.25
            found = max(found, 1 / ((np.log(n) + 1) / n * 8 * z))
        assert found == pytest.approx(vacuity_ratio_supremum(m), rel=1e-14)
    assert vacuity_ratio_supremum(5) < 1 < vacuity_ratio_supremum(6)


def test_pointwise_suprema_by_brute_force():
    from fractions import Fraction

    from aptheory.core.exact import (
        heaviside_exact,
        piecewise_step_exact,
        piecewise_step_integral_exact,
    )

    xs = [Fraction(k, 8) for k in range(-24, 25)]
    d = Fraction(1)
    r19 = [
        Fraction(1, 4) * heaviside_exact(x, h0) / piecewise_step_integral_exact(x, d)
        for x in xs
        for h0 in (0, Fraction(1, 2), 1)
        if piecewise_step_integral_exact(x, d) > 0
    ]
    assert max(r19) == 1
    r23 = {
        x: piecewise_step_exact(x, d) ** 2 / (piecewise_step_integral_exact(x, d) / d)
        for x in xs
        if piecewise_step_integral_exact(x, d) > 0
    }
    assert max(r23.values()) == 1
    assert all((v == 1) == (x <= d) for x, v in r23.items())  # equality iff -delta < x <= delta
    # (31) algebra: a at its largest, (b + c)/(1 + b), against b/(1 + b) + c
    grid = [Fraction(k, 4) for k in range(0, 17)]
    r31 = [((b + c) / (1 + b)) / (b / (1 + b) + c) for b in grid for c in grid if b + c > 0]
    assert max(r31) == 1


def test_known_suprema_are_the_ones_the_audit_can_reach():
    from aptheory.sections.inseparable.claims import CLAIMS
    from aptheory.sections.inseparable.tightness import KnownSupremum, known_suprema

    known = known_suprema()
    ids = {c.id: c for c in CLAIMS.claims()}
    assert known and set(known) <= set(ids)
    for cid, k in known.items():
        assert isinstance(k, KnownSupremum) and k.claim_id == cid and k.reason
        assert ids[cid].kind == "le" and 0 < k.value <= 1
    assert known_suprema() is not known  # a fresh dict


def test_audit_tightness_never_exceeds_the_known_supremum(audit_results):
    from aptheory.sections.inseparable.tightness import known_suprema

    for cid, k in known_suprema().items():
        found = audit_results[cid].tightness
        assert found is None or found <= float(k.value) + 1e-9, (cid, found, k.value)
