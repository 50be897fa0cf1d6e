"""Tests of aptheory.sections.separable.suprema: the suprema of lhs / rhs, against brute force."""

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from scipy.optimize import minimize_scalar
from scipy.special import lambertw

from aptheory.checking.registry import registry
from aptheory.sections.ranking.claims import KNOWN_SUPREMA as RANKING_SUPREMA
from aptheory.sections.separable.bounds import harmonic_mass
from aptheory.sections.separable.examples import Ordering
from aptheory.sections.separable.suprema import (
    KNOWN_SUPREMA,
    norm_bound_best_ratio,
    norm_bound_extremal_ordering,
    norm_bound_ratio_supremum,
    norm_bound_ratio_supremum_all_sizes,
    step_mass_ratio_supremum,
)

HALF, ONE = Fraction(1, 2), Fraction(1)


def _plain_harmonic_mass(p, m):
    """m (H_{m+p} - H_m), harmonic numbers summed by a plain loop."""
    return m * sum((Fraction(1, k) for k in range(m + 1, m + p + 1)), Fraction(0))


def _norm_ratio(o):
    """||sum L_ij (f_i - f_j)||^2 / (|P| |N| max ||f_i - f_j||^2) of an ordering, exactly."""
    return o.update_norm_sq() / (o.n_pos * o.n_neg * o.max_pair_sq())


def test_largest_step_mass_is_the_harmonic_mass_for_h_half_and_one(weak_ordering_table):
    """Brute force over every weak ordering of <= 8 boxes: max sum L_ij = S(p, m) for
    h in {1/2, 1} (so the sup of eq7-norm-bound's ratio is S^2 / (p m)), p m / (m + 1) for
    h = 0; the largest row sum is m / (m + 1) for every h."""
    for (p, m, h), (_, mass, row, _) in weak_ordering_table.items():
        assert row == Fraction(m, m + 1)
        if h == 0:
            assert mass == Fraction(p * m, m + 1)
            assert step_mass_ratio_supremum(p, m, h) == 1
        else:
            assert mass == harmonic_mass(p, m) == _plain_harmonic_mass(p, m), (p, m, h)
            assert norm_bound_ratio_supremum(p, m) == mass**2 / (p * m)
            assert step_mass_ratio_supremum(p, m, h) == mass / Fraction(p * m, m + 1)


VECTORS = ((0, 0), (1, 0), (0, 1), (1, 1), (-1, 1))


@pytest.mark.parametrize(("p", "m"), [(1, 1), (2, 1), (1, 2), (3, 1)])
def test_no_small_integer_example_exceeds_the_norm_supremum(p, m):
    """Every assignment of five integer feature vectors (up to swapping boxes of a class),
    every theta in {-1, 0, 1}^2, h in {1/2, 1}: the ratio stays <= S^2 / (p m), and at p = 1
    it reaches it."""
    sup = norm_bound_ratio_supremum(p, m)
    vectors = VECTORS
    thetas = list(itertools.product((-1, 0, 1), repeat=2))
    best = Fraction(0)
    for pos in itertools.combinations_with_replacement(vectors, p):
        for neg in itertools.combinations_with_replacement(vectors, m):
            feats = pos + neg
            if all(a == b for a in pos for b in neg):
                continue  # max ||f_i - f_j|| = 0: no ratio
            for theta in thetas:
                for h in (HALF, ONE):
                    o = Ordering(feats, (True,) * p + (False,) * m, theta, h)
                    r = _norm_ratio(o)
                    assert r <= sup, (feats, theta, h)
                    best = max(best, r)
    if p == 1:
        assert best == sup == Fraction(m, (m + 1) ** 2)
    else:
        assert best < sup  # not attained


@pytest.mark.parametrize(("p", "m"), [(2, 1), (4, 1), (8, 2), (12, 3), (39, 10)])
def test_the_extremal_family_approaches_the_norm_supremum_from_below(p, m):
    sup = norm_bound_ratio_supremum(p, m)
    ratios = []
    for scale in (1, 10, 1000, 10**6):
        feats, positive, theta = norm_bound_extremal_ordering(p, m, scale)
        o = Ordering(feats, positive, theta, ONE)
        assert o.total_mass() == harmonic_mass(p, m)  # distinct positives below the negatives
        ratios.append(_norm_ratio(o))
    assert all(r < sup for r in ratios)
    assert ratios == sorted(ratios)
    assert float(sup - ratios[-1]) < 1e-10


def test_the_supremum_over_all_sizes_is_u_times_2_minus_u():
    u = -lambertw(-2 * math.exp(-2), 0).real
    assert norm_bound_ratio_supremum_all_sizes() == pytest.approx(u * (2 - u), rel=1e-14)
    assert u * math.exp(-u) == pytest.approx(2 * math.exp(-2), rel=1e-14)
    # the continuum bound ln^2(1 + x) / x, maximised numerically
    res = minimize_scalar(lambda x: -(math.log1p(x) ** 2) / x, bounds=(0.1, 20), method="bounded")
    assert -res.fun == pytest.approx(norm_bound_ratio_supremum_all_sizes(), rel=1e-9)
    assert res.x == pytest.approx(norm_bound_best_ratio(), rel=1e-5)
    y = 1 + norm_bound_best_ratio()
    assert math.log(y) == pytest.approx(2 * (y - 1) / y, rel=1e-14)


def test_every_size_stays_below_the_supremum_and_large_sizes_approach_it():
    sup = norm_bound_ratio_supremum_all_sizes()
    best = {}
    for m in (1, 2, 5, 10, 50, 200):
        ks = np.arange(m + 1, m + 6 * m + 2, dtype=float)
        s = m * np.cumsum(1.0 / ks)  # S(p, m) for p = 1, ..., 6 m + 1
        p = np.arange(1, s.size + 1)
        best[m] = float(np.max(s**2 / (p * m)))
        assert best[m] < sup
    assert list(best.values()) == sorted(best.values())
    assert sup - best[200] < 2e-3
    assert best[50] > 0.64


def test_known_suprema_name_registered_claims_and_bound_the_audit(audit_results):
    ids = {c.id for c in registry(["separable", "ranking"])}
    for k in (*KNOWN_SUPREMA, *RANKING_SUPREMA):
        assert k.claim in ids, k.claim
        r = audit_results.get(k.claim)
        if r is None or r.tightness is None or k.all_sizes is None:
            continue
        assert r.tightness <= k.all_sizes * (1 + 1e-9), k.claim  # found <= known
    if "eq7-norm-bound" in audit_results:  # the extremal branch reaches towards 0.6476
        assert audit_results["eq7-norm-bound"].tightness > 0.62


def test_bad_input():
    with pytest.raises(ValueError, match="n_positive"):
        norm_bound_ratio_supremum(0, 1)
    with pytest.raises(TypeError, match="n_negative"):
        norm_bound_ratio_supremum(1, 1.0)
    with pytest.raises(ValueError, match="at_zero"):
        step_mass_ratio_supremum(2, 2, 0.3)
    with pytest.raises(ValueError, match="scale"):
        norm_bound_extremal_ordering(2, 2, 0)
