"""aptheory.sections.detection.evaluation: ranking AP is sklearn's AP and 1 - eq. (17)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import average_precision_score

from aptheory import ranking
from aptheory.sections.detection.evaluation import (
    average_precision,
    ranking_ap,
    thresholds_with_positives,
)


@given(
    seed=st.integers(0, 10_000),
    n=st.integers(1, 80),
    ties=st.booleans(),
)
@settings(max_examples=40, derandomize=True, deadline=None)
def test_average_precision_equals_sklearn(seed, n, ties):
    rng = np.random.default_rng(seed)
    scores = rng.normal(size=n)
    if ties:
        scores = np.round(scores)
    positive = rng.random(n) < 0.3
    positive[0] = True
    ours = average_precision(scores, positive)
    assert ours == pytest.approx(average_precision_score(positive, scores), abs=1e-12)


@given(seed=st.integers(0, 10_000), ties=st.booleans())
@settings(max_examples=25, derandomize=True, deadline=None)
def test_ranking_ap_is_sklearn_ap_averaged_over_classes(seed, ties):
    rng = np.random.default_rng(seed)
    scores = rng.normal(size=(120, 3))
    if ties:
        scores = np.round(scores * 2) / 2
    iou = rng.uniform(size=(120, 3)) ** 3
    iou[0, 0] = 1.0  # every threshold has a positive
    iou[:, 2] = 0.0  # a class without objects is left out
    thresholds = (0.5, 0.7, 0.9)
    got = ranking_ap(scores, iou, thresholds)
    for k, t in enumerate(thresholds):
        per_class = [
            average_precision_score(iou[:, c] >= t, scores[:, c])
            for c in range(3)
            if np.any(iou[:, c] >= t)
        ]
        assert per_class
        assert got[k] == pytest.approx(np.mean(per_class), abs=1e-12)
    assert np.all(np.isfinite(got))


@given(seed=st.integers(0, 10_000), ties=st.booleans())
@settings(max_examples=20, derandomize=True, deadline=None)
def test_ranking_ap_and_average_precision_are_one_minus_ranking_ap_loss(seed, ties):
    """Both metrics equal 1 - aptheory.ranking.ap_loss (eq. 17, H with H(0) = 1)."""
    rng = np.random.default_rng(seed)
    scores = rng.normal(size=(60, 2))
    if ties:
        scores = np.round(scores * 2) / 2
    iou = rng.uniform(size=(60, 2)) ** 2
    iou[0] = 1.0  # a positive of every class at every threshold
    thresholds = (0.5, 0.8)
    got = ranking_ap(scores, iou, thresholds)
    for k, t in enumerate(thresholds):
        per_class = []
        for c in range(2):
            positive = iou[:, c] >= t
            ref = 1.0 - ranking.ap_loss(scores[:, c], positive, step="heaviside", at_zero=1.0)
            single = average_precision(scores[:, c], positive)
            assert single == pytest.approx(ref, abs=1e-12)
            per_class.append(ref)
        assert got[k] == pytest.approx(np.mean(per_class), abs=1e-12)


def test_ranking_ap_raises_for_a_threshold_without_positives():
    scores = np.array([[0.3, 0.1], [0.2, 0.5], [0.1, 0.4]])
    iou = np.array([[0.9, 0.0], [0.6, 0.0], [0.1, 0.0]])
    assert thresholds_with_positives(iou, (0.5, 0.7, 0.95)) == (0.5, 0.7)
    np.testing.assert_allclose(ranking_ap(scores, iou, (0.5, 0.7)), [1.0, 1.0])
    with pytest.raises(ValueError, match=r"iou has no positive at IoU threshold\(s\) \[0.95\]"):
        ranking_ap(scores, iou, (0.5, 0.95))
    with pytest.raises(ValueError, match="iou"):
        ranking_ap(scores, np.where(iou > 0.5, np.nan, iou))
    with pytest.raises(ValueError, match="thresholds"):
        ranking_ap(scores, iou, ())


def test_metric_rejects_bad_input():
    with pytest.raises(ValueError, match="positive"):
        average_precision(np.array([0.1, 0.2]), np.array([False, False]))
    with pytest.raises(ValueError, match="scores"):
        average_precision(np.array([np.nan, 0.2]), np.array([True, False]))
    with pytest.raises(ValueError, match="iou"):
        ranking_ap(np.zeros((3, 2)), np.zeros((3, 3)))


def test_thresholds_are_validated():
    iou = np.array([[0.9, 0.0]])
    with pytest.raises(TypeError, match="thresholds"):
        thresholds_with_positives(iou, "0.5")
    with pytest.raises(ValueError, match=r"thresholds\[1\]"):
        thresholds_with_positives(iou, (0.5, np.nan))
    assert thresholds_with_positives(iou, np.array([0.5, 0.95])) == (0.5,)
