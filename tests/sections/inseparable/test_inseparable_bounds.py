"""Tests of aptheory.sections.inseparable.bounds: the bounds (21)-(32) and the harmonic step."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from aptheory.core.linear import Sample
from aptheory.sections.inseparable.bounds import (
    active_bound,
    harmonic,
    regret_bounds,
    share,
)
from aptheory.sections.inseparable.comparator import offline_constants
from aptheory.sections.inseparable.runs import run_offline, run_online
from aptheory.sections.inseparable.surrogate import exact_surrogate, surrogate_loss


@pytest.mark.parametrize("setting", ["online", "offline"])
@pytest.mark.parametrize("at_zero", [0.0, 0.5, 1.0])
def test_every_bound_holds_on_a_longer_run(data, setting, at_zero):
    if setting == "online":
        run = run_online(data, 150, delta=0.5, at_zero=at_zero, seed=3)
        samples = data
    else:
        samples = data[:1]
        run = run_offline(samples[0], 150, delta=0.5, at_zero=at_zero)
    for u in (None, np.zeros(2), np.array([2.0, -1.0])):
        b = regret_bounds(run, samples, u)
        regret = b.sum_surrogate - b.sum_comparator
        tol = 1e-9 * max(1.0, b.bound27)
        assert regret <= b.inner + tol  # (20)
        assert regret <= b.bound21 + tol
        assert regret <= b.bound24 + tol
        assert b.sum_surrogate <= b.bound26 + tol
        assert b.sum_ap <= b.bound27 + tol
        # (21) exactly: what the middle step drops is ||u - theta^(T+1)||^2 / (2 eta).
        steps = np.sum(np.diff(run.thetas, axis=0) ** 2)
        assert b.inner + b.last_dist_sq / (2 * b.eta) == pytest.approx(
            b.dist_sq / (2 * b.eta) + steps / (2 * b.eta), rel=1e-9
        )
        if setting == "offline":
            assert b.average_ap <= b.bound32 + 1e-12
            assert b.bound32 == pytest.approx(min(b.bound29, b.bound31))
            assert b.average_ap <= b.bound31_sharp + 1e-12 <= b.bound31 + 2e-12
            assert b.active == active_bound(b.bound29, b.bound31) != "none"
        else:
            assert b.bound29 is None and b.z is None and b.eps is None
            assert b.tightness29 is None and b.active == "none"


def test_bounds_on_a_prefix_use_only_its_steps(offline_run, one_sample):
    u = np.array([0.5, 0.5])
    b = regret_bounds(offline_run, (one_sample,), u, T=10)
    assert b.T == 10
    assert b.sum_ap == pytest.approx(offline_run.ap_losses[:10].sum())
    assert b.eps == pytest.approx(
        4 * offline_run.radius**2 * b.dist_sq / (offline_run.delta**2 * 10)
    )


def test_bounds_reject_a_foreign_run(data, one_sample):
    run = run_online(data, 5, seed=0)
    with pytest.raises(ValueError, match="samples"):
        regret_bounds(run, (one_sample,))
    with pytest.raises(ValueError, match="T"):
        regret_bounds(run, data, T=6)
    with pytest.raises(TypeError, match="run"):
        regret_bounds("run", data)


def test_share_and_active_bound():
    assert share(1.0, 2.0) == 0.5 and share(0.0, None) is None and share(0.0, 0.0) is None
    assert active_bound(None, 1.0) == "none"
    assert active_bound(0.5, 0.7) == "(29)" and active_bound(0.7, 0.5) == "(31)"


# --------------------------------------------------------------------- (28): the ties remark


def test_harmonic():
    assert harmonic(1) == 1
    assert harmonic(4) == Fraction(25, 12)
    with pytest.raises(ValueError, match="n"):
        harmonic(0)


def two_tied_below(a, at_zero):
    """a positives on top (distinct scores), then two tied positives, then one negative."""
    scores = [10 + k for k in range(a)] + [0, 0, -1]
    positive = [True] * (a + 2) + [False]
    ranks = exact_surrogate(scores, positive, at_zero=at_zero).rank_reference
    return sum((1 / r for r in ranks), Fraction(0)), harmonic(a + 2)


def test_eq28_smallest_counterexample_is_two_tied_positives():
    lhs, rhs = two_tied_below(0, Fraction(0))
    assert (lhs, rhs) == (Fraction(2), Fraction(3, 2))
    for h0 in (Fraction(1, 2), Fraction(1)):
        lhs, rhs = two_tied_below(0, h0)
        assert lhs <= rhs


def test_eq28_tie_threshold_is_one_half():
    """Two tied positives below a others need H(0) >= 1/2 - 1/(2 (2a + 3)) -> 1/2."""
    for a in range(0, 30):
        threshold = Fraction(1, 2) - Fraction(1, 2 * (2 * a + 3))
        lhs, rhs = two_tied_below(a, threshold)
        assert lhs == rhs  # the threshold is exact
        lhs, rhs = two_tied_below(a, threshold - Fraction(1, 1000))
        assert lhs > rhs
        lhs, rhs = two_tied_below(a, Fraction(1, 2))
        assert lhs <= rhs
    assert Fraction(1, 2) - Fraction(1, 2 * 3) == Fraction(1, 3)  # a = 0: H(0) >= 1/3


def test_eq28_chain_fails_at_theta_zero_with_h0_zero():
    """Smallest instance of the whole (28) failing: theta^(t) = 0, two positives, one negative,
    H(0) = 0 (every D_i = 1), u = 0 as well."""
    s = np.zeros(3)
    p = np.array([True, True, False])
    lhs = surrogate_loss(s, p, reference=s, delta=1.0, at_zero=0.0)
    z = offline_constants(Sample(np.zeros((3, 1)), p), np.zeros(1), delta=1.0)[1]
    assert lhs == 0.25 and z == 0.25
    assert lhs > (np.log(2) + 1) / 2 * z
