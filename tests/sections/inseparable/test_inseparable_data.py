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


# ------------------------------------------------------------------- certificates


from fractions import Fraction  # noqa: E402

from aptheory.sections.inseparable.data import (  # noqa: E402
    PLANTS,
    inseparability_certificate,
    is_inseparable,
    overshoot_order,
    overshoot_samples,
    pair_index,
    planted_samples,
    verify_certificate,
)


def test_pair_index_follows_the_jacobian_rows(data):
    from aptheory.core.linear import pair_jacobian

    idx = pair_index(data)
    rows = np.concatenate([pair_jacobian(s) for s in data])
    assert len(idx) == rows.shape[0]
    for k, (n, i, j) in enumerate(idx):
        s = data[n]
        assert s.positive[i] and not s.positive[j]
        np.testing.assert_array_equal(rows[k], s.features[j] - s.features[i])


def test_hand_made_certificates():
    tie = Sample(np.array([[1.5, -2.0], [1.5, -2.0]]), np.array([True, False]))
    assert verify_certificate(tie, [(0, 0, 1)], [1])
    mid = Sample(np.array([[0.5], [0.0], [1.0]]), np.array([True, False, False]))
    assert verify_certificate(mid, [(0, 0, 1), (0, 0, 2)], [Fraction(1, 2), Fraction(1, 2)])
    assert not verify_certificate(mid, [(0, 0, 1), (0, 0, 2)], [1, 2])  # wrong weights
    assert not verify_certificate(mid, [(0, 0, 1)], [1])
    assert not verify_certificate(mid, [(0, 0, 1), (0, 0, 2)], [0, 0])
    assert not verify_certificate(mid, [(0, 0, 1), (0, 0, 2)], [-1, -1])
    with pytest.raises(ValueError, match="pairs"):
        verify_certificate(mid, [(0, 1, 0)], [1])  # (negative, positive)
    with pytest.raises(ValueError, match="weights"):
        verify_certificate(mid, [(0, 0, 1)], [1, 1])
    with pytest.raises(TypeError, match="weights"):
        verify_certificate(mid, [(0, 0, 1)], [0.5])
    with pytest.raises(ValueError, match="sample"):
        verify_certificate(mid, [(1, 0, 1)], [1])


def test_lp_certificate_on_hand_made_data():
    sep = Sample(np.array([[1.0], [0.0]]), np.array([True, False]))
    c = inseparability_certificate(sep)
    assert c.separable and not c.certified and c.lp_status == 0 and c.margin > 0
    assert c.lp_inseparable is False and c.pairs == ()
    mid = Sample(np.array([[0.5], [0.0], [1.0]]), np.array([True, False, False]))
    c = inseparability_certificate(mid)
    assert c.certified and not c.separable and c.lp_inseparable
    assert abs(c.margin) <= c.margin_tolerance
    assert sum(c.weights) == 1 and all(w > 0 for w in c.weights)
    assert verify_certificate(mid, c.pairs, c.weights)
    assert is_inseparable(mid) and not is_inseparable(sep)


@pytest.mark.parametrize("plant", PLANTS)
@pytest.mark.parametrize(
    ("positives", "negatives"),
    [((1, 1), (1, 1)), ((1, 1), (4, 4)), ((3, 3), (1, 1)), ((2, 9), (2, 30))],
)
def test_planted_data_are_certified_by_construction_and_by_the_lp(plant, positives, negatives):
    for seed in range(3):
        made = planted_samples(
            2, plant=plant, positives=positives, negatives=negatives, dim=3, seed=seed
        )
        assert made.certificate.method == "planted" and made.certificate.certified
        assert verify_certificate(made.samples, made.certificate.pairs, made.certificate.weights)
        lp = inseparability_certificate(made.samples)  # independent of the construction
        assert lp.certified and not lp.separable and lp.lp_inseparable
        assert not is_separable(made.samples)
        plain = inseparable_samples(2, positives=positives, negatives=negatives, dim=3, seed=seed)
        changed = [
            k
            for k in range(plain[0].positive.size)
            if not np.array_equal(plain[0].features[k], made.samples[0].features[k])
        ]
        assert 1 <= len(changed) <= 3  # only the planted boxes move (by <= 2^-21 or onto
        np.testing.assert_array_equal(plain[1].features, made.samples[1].features)  # a point)


def test_lp_agrees_with_the_feasibility_test():
    for seed in range(40):
        d = inseparable_samples(1, overlap=0.3, positives=(3, 6), negatives=(3, 12), seed=seed)
        c = inseparability_certificate(d)
        assert c.certified != c.separable  # every draw decided, and exactly one way
        assert c.separable == is_separable(d)


def test_docstring_numbers_small_overlap_draws_are_mostly_separable():
    """inseparable_samples' docstring: at overlap 0.05 with 6 + 30 boxes most are separable."""
    n = 40
    sep = sum(
        is_separable(
            inseparable_samples(1, overlap=0.05, positives=(6, 6), negatives=(30, 30), seed=s)
        )
        for s in range(n)
    )
    assert sep / n > 0.75  # measured on 200 seeds: 91%


def test_overshoot_samples():
    a, b = overshoot_samples(9, dim=2)
    assert a.n_positive == 9 and a.n_negative == 1 and b.n_positive == 1 and b.n_negative == 1
    c = inseparability_certificate((a, b))
    assert c.certified
    np.testing.assert_array_equal(overshoot_order(9, 9), [0, 1, 1, 1, 0, 1, 1, 1, 0])
    with pytest.raises(ValueError, match="n_positives"):
        overshoot_samples(0)
    with pytest.raises(ValueError, match="plant"):
        planted_samples(1, plant="cross")
