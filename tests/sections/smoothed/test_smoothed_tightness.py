"""Section 2: the derived suprema of lhs / rhs, against independent mpmath evaluations."""

import math

import mpmath
import numpy as np
import pytest

from aptheory.sections.smoothed import claims as cc
from aptheory.sections.smoothed.numerics import F_mp, grad_F
from aptheory.sections.smoothed.tightness import (
    chain_left_supremum,
    chain_right_supremum,
    known_suprema,
    lower_bound_supremum,
    stall_supremum,
    upper_bound_supremum,
)

CLAIMS = {c.id: c for c in cc.CLAIMS.claims()}


def _s(x):
    return 1 / (1 + mpmath.exp(-x))


def _mp(value):
    return mpmath.mpf(value.numerator) / value.denominator


def _bound_ratio(t1, t2, c):
    """(S(-t1) + S(3 t1 - t2)) c / F in 40-digit mpmath."""
    with mpmath.workdps(40):
        t1, t2 = mpmath.mpf(t1), mpmath.mpf(t2)
        return (_s(-t1) + _s(3 * t1 - t2)) * c / F_mp(t1, t2, dps=40)


def test_lower_bound_supremum_is_approached():
    sup = lower_bound_supremum()
    ratios = [_bound_ratio(-t, 0, mpmath.mpf(1) / 6) for t in (5, 10, 20, 40)]
    assert all(r < _mp(sup.value) for r in ratios) and np.all(
        np.diff([float(r) for r in ratios]) > 0
    )
    assert float(1 - ratios[-1]) == pytest.approx(math.exp(-40) / 3, rel=1e-6)


def test_upper_bound_supremum_is_approached():
    sup = upper_bound_supremum()
    for t in (5, 10, 20, 40):
        with mpmath.workdps(40):
            ratio = 1 / _bound_ratio(t, 4 * t, mpmath.mpf(1) / 3)
            assert ratio == pytest.approx(3 / (3 + 2 * _s(-mpmath.mpf(t))), rel=1e-30)
            assert ratio < _mp(sup.value)
    assert float(1 - ratio) == pytest.approx(2 / 3 * math.exp(-40), rel=1e-6)


def test_stall_supremum_is_approached_uniformly():
    sup = stall_supremum()
    for t2 in (-1e3, -40.0, 0.0, 40.0):
        with mpmath.workdps(60):
            gap = F_mp(40, t2, dps=60) - mpmath.mpf(1) / 6
            ratio = 2 * gap * mpmath.exp(40)
        assert 0 < ratio < _mp(sup.value) and float(1 - ratio) < 3 * math.exp(-40)


def test_chain_right_supremum_is_one():
    sup = chain_right_supremum()
    assert sup.value == 1 and sup.proved and sup.claim_id == "eq15-chain-right"


def test_chain_left_supremum_is_the_grid_maximum():
    sup = chain_left_supremum()
    t = np.linspace(cc.T_CONE, 30.0, 600)[:, None]
    r = np.linspace(1e-4, 1 - 1e-9, 600)[None, :]
    g1, g2 = grad_F(t, t * r)
    assert np.max(g2 / g1) <= sup.value * (1 + 1e-9)
    assert np.max(g2 / g1) >= sup.value * (1 - 1e-6)
    assert not sup.proved
    # the check at the corner returns that value
    lhs, rhs = cc.chain_left((cc.T_CONE, cc.T_CONE * (1 - 1e-15)))
    assert lhs / rhs == pytest.approx(sup.value, rel=1e-9)


def test_known_suprema_name_the_inequality_claims():
    ids = {s.claim_id for s in known_suprema()}
    inequalities = {cid for cid, c in CLAIMS.items() if c.kind == "le"}
    assert ids == inequalities - {"eq12-sigmoid-stable"}


def test_found_tightness_does_not_exceed_the_supremum(audit_results):
    for sup in known_suprema():
        found = audit_results[sup.claim_id].tightness
        assert found is not None and found <= float(sup.value) * (1 + 1e-9)
        if sup.proved:  # the search is steered to the extremal region
            assert found >= float(sup.value) * (1 - 1e-3)
