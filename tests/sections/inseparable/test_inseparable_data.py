"""Tests of aptheory.sections.inseparable.data: overlapping classes and separability."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm

from aptheory.core.linear import Sample
from aptheory.sections.inseparable.data import (
    inseparable_samples,
    is_separable,
    separation,
    validate_samples,
)


def test_separation_matches_overlap_coefficient():
    assert separation(1.0) == 0.0
    for ovl in (0.01, 0.3, 0.9):
        assert 2 * norm.cdf(-separation(ovl) / 2) == pytest.approx(ovl, rel=1e-12)
    assert separation(0.1) > separation(0.5)


@pytest.mark.parametrize("bad", [0.0, -0.1, 1.5, float("nan")])
def test_separation_rejects_bad_overlap(bad):
    with pytest.raises(ValueError, match="overlap"):
        separation(bad)
    with pytest.raises(TypeError, match="overlap"):
        separation("0.3")


def test_samples_are_seeded_and_of_different_sizes(data):
    again = inseparable_samples(5, overlap=0.3, positives=(1, 4), negatives=(2, 6), seed=3)
    for a, b in zip(data, again, strict=True):
        np.testing.assert_array_equal(a.features, b.features)
        np.testing.assert_array_equal(a.positive, b.positive)
    sizes = {s.positive.size for s in data}
    assert len(sizes) > 1
    for s in data:
        assert 1 <= s.n_positive <= 4 and 2 <= s.n_negative <= 6 and s.dim == 2
    other = inseparable_samples(5, overlap=0.3, positives=(1, 4), negatives=(2, 6), seed=4)
    assert not np.array_equal(other[0].features, data[0].features)


def test_overlap_controls_separability():
    big = dict(positives=(10, 10), negatives=(30, 30), seed=0)
    assert not is_separable(inseparable_samples(4, overlap=0.3, **big))
    assert is_separable(inseparable_samples(4, overlap=1e-9, **big))


def test_is_separable_on_hand_made_data():
    sep = Sample(np.array([[1.0], [0.0]]), np.array([True, False]))
    tie = Sample(np.array([[0.0], [0.0]]), np.array([True, False]))
    assert is_separable([sep])
    assert is_separable(sep)  # one Sample is a data set of one sample
    assert not is_separable([tie])


@pytest.mark.parametrize(
    ("kwargs", "exc", "word"),
    [
        ({"n_samples": 0}, ValueError, "n_samples"),
        ({"n_samples": 1.5}, TypeError, "n_samples"),
        ({"dim": 0}, ValueError, "dim"),
        ({"positives": (0, 2)}, ValueError, "positives"),
        ({"negatives": (3, 2)}, ValueError, "negatives"),
        ({"negatives": [1, 2]}, TypeError, "negatives"),
        ({"overlap": 0.0}, ValueError, "overlap"),
    ],
)
def test_samples_reject_bad_arguments(kwargs, exc, word):
    args = {"n_samples": 2} | kwargs
    n = args.pop("n_samples")
    with pytest.raises(exc, match=word):
        inseparable_samples(n, **args)


def test_validate_samples():
    s = Sample(np.ones((2, 2)), np.array([True, False]))
    assert validate_samples([s, s]) == (s, s)
    assert validate_samples(s) == (s,)
    with pytest.raises(ValueError, match="samples"):
        validate_samples([])
    with pytest.raises(TypeError, match="samples"):
        validate_samples([1])
    with pytest.raises(ValueError, match="negative"):
        validate_samples([Sample(np.ones((2, 2)), np.array([True, True]))])
    mixed = [s, Sample(np.ones((2, 3)), np.array([True, False]))]
    with pytest.raises(ValueError, match="dimension"):
        validate_samples(mixed)
