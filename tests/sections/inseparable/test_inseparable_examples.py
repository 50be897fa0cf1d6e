"""Tests of aptheory.sections.inseparable.examples: the claims' strategies and run specs."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings

from aptheory.sections.inseparable.data import verify_certificate
from aptheory.sections.inseparable.examples import (
    DATA_KINDS,
    DELTAS,
    RUN_DATA,
    TIERS,
    InseparableRunSpec,
    ZExample,
    algebra_examples,
    coverage_of,
    inseparable_run_specs,
    linear_examples,
    overshoot_specs,
    point_examples,
    simulate_spec,
    spec_data,
    surrogate_examples,
    z_examples,
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
def test_run_specs_respect_their_arguments(spec):
    assert spec.setting == "offline" and spec.at_zero == 0.0 and spec.update == "gradient"
    assert 1 <= spec.T <= 2010 and spec.delta in DELTAS and 1 <= spec.dim <= 3
    assert 1 <= spec.min_positives <= spec.max_positives <= 30
    assert 1 <= spec.min_negatives <= spec.max_negatives <= 80
    assert spec.data in ("midpoint", "tie", "gaussian")


@FAST
@given(inseparable_run_specs(update="printed", equal_positives=True))
def test_equal_positive_specs_give_every_sample_the_same_p(spec):
    data = spec_data(spec).samples
    assert len({s.n_positive for s in data}) == 1 and spec.update == "printed"


@FAST
@given(overshoot_specs())
def test_overshoot_specs(spec):
    made = spec_data(spec)
    assert spec.data == "overshoot" and spec.at_zero == 0.0 and spec.theta0_scale == 0.0
    assert len(made.samples) == 2 and made.certificate.certified
    assert simulate_spec(spec).run.T == spec.T


@FAST
@given(z_examples())
def test_planted_z_examples_carry_an_exact_certificate(ex):
    assert ex.plant in ("midpoint", "tie") and ex.steer in ("steered", "random", "zero")
    assert verify_certificate(ex.sample, ex.pairs, ex.weights)
    assert ex.u.shape == (ex.sample.dim,)


@FAST
@given(z_examples(planted=False))
def test_plain_z_examples_have_no_certificate(ex):
    assert ex.plant == "none" and ex.pairs == () and ex.weights == ()


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


# ------------------------------------------------------------------------- coverage


def test_coverage_of_run_specs():
    specs = [
        SPEC,  # gaussian, offline: decided by the LP
        SPEC._replace(data="tie", T=210, max_positives=30, min_positives=15),
        SPEC._replace(data="midpoint", setting="online", n_samples=3, max_negatives=80),
        SPEC._replace(data="overshoot", setting="online", max_positives=16, update="printed"),
    ]
    cov = coverage_of(specs)
    assert cov["examples"] == 4 and cov["lp"] is True
    assert cov["certified_inseparable"] + cov["separable"] + cov["undecided"] == 4
    assert cov["certified_inseparable"] >= 3 and cov["inseparable_share"] >= 0.75
    assert cov["horizons"] == [7, 210]
    assert cov["sizes"]["P"][1] >= 15 and cov["sizes"]["N"][0] >= 1
    assert cov["data"] == {"gaussian": 1, "tie": 1, "midpoint": 1, "overshoot": 1}
    quick = coverage_of(specs, lp=False)
    assert quick["certified_inseparable"] == 3 and quick["undecided"] == 1
    assert quick["separable"] == 0 and not quick["lp"]


def test_coverage_of_z_examples_and_bad_input():
    from aptheory.core.linear import Sample

    tie = Sample(np.array([[1.0], [1.0]]), np.array([True, False]))
    sep = Sample(np.array([[1.0], [0.0]]), np.array([True, False]))
    exs = [
        ZExample(tie, np.ones(1), 1.0, "tie", ((0, 0, 1),), (Fraction(1),), "zero"),
        ZExample(sep, np.ones(1), 1.0, "none", (), (), "zero"),
    ]
    cov = coverage_of(exs)
    assert cov["certified_inseparable"] == 1 and cov["separable"] == 1
    assert cov["horizons"] is None and cov["sizes"] == {"P": [1, 1], "N": [1, 1]}
    assert coverage_of([])["inseparable_share"] is None
    with pytest.raises(TypeError, match="coverage_of"):
        coverage_of([1.0])


# ------------------------------------------------------------------ data kinds and tiers


def test_run_data_is_certified_31_times_in_32_and_tiers_shrink_to_the_cheap_one():
    assert set(RUN_DATA) <= set(DATA_KINDS) and sum(RUN_DATA.values()) == 32
    assert sum(w for k, w in RUN_DATA.items() if k != "gaussian") == 31
    assert abs(sum(t[0] for t in TIERS) - 1) < 1e-12
    # a drawn seed of 0 (what hypothesis shrinks to) gives u = 0.637...: the first tier
    u0 = float(np.random.default_rng(0).random())
    assert u0 < TIERS[0][0] and TIERS[0][1] == (1, 25)


@settings(max_examples=200, derandomize=True, database=None)
@given(inseparable_run_specs(settings=("offline",), data={"tie": 3, "gaussian": 1}))
def test_weighted_data_draws_only_its_keys(spec):
    assert spec.data in ("tie", "gaussian")


@pytest.mark.parametrize(
    "data, match",
    [
        ({}, "data must name"),
        ((), "data must name"),
        (("tie", "nope"), "data must name"),
        ({"tie": 0}, "weights must be ints >= 1"),
        ({"tie": 1.5}, "weights must be ints >= 1"),
    ],
)
def test_bad_data_kinds_and_weights_are_refused(data, match):
    with pytest.raises(ValueError, match=match):
        inseparable_run_specs(data=data)
