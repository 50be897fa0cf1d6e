"""Tests of aptheory.sections.inseparable.examples: the claims' strategies and run specs."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from aptheory.sections.inseparable.examples import (
    DELTAS,
    InseparableRunSpec,
    algebra_examples,
    inseparable_run_specs,
    linear_examples,
    point_examples,
    simulate_spec,
    surrogate_examples,
)

FAST = settings(max_examples=30, deadline=None, derandomize=True, database=None)
SPEC = InseparableRunSpec("offline", 3, 7, 0.5, 0.3, 1, 3, 4, 2, 1.0, 1.0)


def test_simulate_spec_is_deterministic_in_the_spec():
    first, again = simulate_spec(SPEC), simulate_spec(SPEC)
    assert first is not again
    assert again.bounds == first.bounds
    np.testing.assert_array_equal(again.run.thetas, first.run.thetas)
    np.testing.assert_array_equal(again.u, first.u)
    assert first.z is not None and first.run.T == 7 and len(first.data) == 1
    assert first.comparator_steps.shape == (7,)


def test_simulate_spec_online_has_no_offline_quantities():
    online = simulate_spec(SPEC._replace(setting="online"))
    assert online.z is None and online.bounds.bound29 is None
    assert online.run.setting == "online"


def test_simulate_spec_comparators():
    bound = simulate_spec(SPEC)
    loss = simulate_spec(SPEC._replace(comparator="loss"))
    far = simulate_spec(SPEC._replace(comparator="loss-x4"))
    theta1 = loss.run.thetas[0]
    np.testing.assert_allclose(far.u - theta1, 4.0 * (loss.u - theta1), rtol=1e-12)
    assert loss.bounds.sum_comparator <= bound.bounds.sum_comparator + 1e-9
    with pytest.raises(ValueError, match="comparator"):
        simulate_spec(SPEC._replace(comparator="best"))


@FAST
@given(inseparable_run_specs(settings=("offline",), at_zero=(0.0,)))
def test_run_specs_are_small_and_respect_their_arguments(spec):
    assert spec.setting == "offline" and spec.at_zero == 0.0
    assert 1 <= spec.T <= 25 and spec.delta in DELTAS and 1 <= spec.dim <= 3


@FAST
@given(surrogate_examples(at_zero=(0.5,)))
def test_surrogate_examples_are_tie_rich_half_integer_instances(ex):
    assert ex.positive.any() and not ex.positive.all()
    assert ex.scores.shape == ex.reference.shape == ex.positive.shape
    assert np.all(ex.scores * 2 == np.round(ex.scores * 2)) and ex.at_zero == 0.5


@FAST
@given(linear_examples())
def test_linear_examples(ex):
    assert ex.sample.n_positive >= 1 and ex.sample.n_negative >= 1
    assert ex.theta.shape == ex.reference.shape == ex.other.shape == (ex.sample.dim,)
    assert 0 <= ex.lam <= 1 and ex.eta > 0 and ex.delta in DELTAS


@FAST
@given(point_examples())
def test_point_examples(ex):
    assert -4.0 <= ex.x <= 4.0 and ex.delta in DELTAS and ex.at_zero in (0.0, 0.5, 1.0)


@FAST
@given(algebra_examples())
def test_algebra_examples_satisfy_the_premise_of_31(ex):
    assert ex.b >= 0 and ex.c >= 0
    assert ex.a * (1 + ex.b) <= ex.b + ex.c
