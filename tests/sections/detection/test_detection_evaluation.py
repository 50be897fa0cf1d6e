"""aptheory.sections.detection.evaluation: ranking AP is sklearn's AP and 1 - eq. (17);
detection AP is pycocotools' on the boxes that SSD's post-processing keeps."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import average_precision_score

from aptheory import ranking
from aptheory.sections.detection.evaluation import (
    EVALUATOR_MISSING,
    Detections,
    average_precision,
    coco_detection_ap,
    detect_image,
    ranking_ap,
    require_evaluator,
    thresholds_with_positives,
    top_candidates,
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


# ------------------------------------------------------------------------- detection AP


def _dets(boxes, scores, classes) -> Detections:
    return Detections(
        np.asarray(boxes, dtype=float), np.asarray(scores, dtype=float), np.asarray(classes)
    )


OBJECT = np.array([[0.0, 0.0, 10.0, 10.0]])


def test_detection_ap_of_perfect_and_of_offset_boxes():
    perfect = coco_detection_ap([_dets(OBJECT, [0.9], [0])], [OBJECT], [[0]], 2)
    assert perfect == pytest.approx((1.0, 1.0, 1.0), abs=1e-12)
    # IoU 0.68: a true positive at the thresholds 0.50, 0.55, 0.60, 0.65 out of ten
    ap, ap50, ap75 = coco_detection_ap([_dets([[0, 0, 10, 6.8]], [0.9], [0])], [OBJECT], [[0]], 2)
    assert (ap, ap50, ap75) == pytest.approx((0.4, 1.0, 0.0), abs=1e-12)


def test_detection_ap_counts_duplicates_misses_and_classes():
    # a duplicate below the true positive costs nothing; one above it halves precision
    below = _dets([[0, 0, 10, 10], [0, 0, 10, 10]], [0.9, 0.5], [0, 0])
    assert coco_detection_ap([below], [OBJECT], [[0]], 1)[1] == pytest.approx(1.0)
    above = _dets([[0, 0, 10, 10], [20, 20, 30, 30]], [0.5, 0.9], [0, 0])
    assert coco_detection_ap([above], [OBJECT], [[0]], 1)[1] == pytest.approx(0.5)
    # a missed object: recall 1/2, precision 1 on 51 of COCO's 101 recall points
    two = np.array([[0.0, 0.0, 10.0, 10.0], [20.0, 20.0, 30.0, 30.0]])
    half = coco_detection_ap([_dets(OBJECT, [0.9], [0])], [two], [[0, 0]], 1)
    assert half == pytest.approx((51 / 101,) * 3, abs=1e-12)
    # the wrong class finds nothing; a class without objects is left out of the mean
    assert coco_detection_ap([_dets(OBJECT, [0.9], [1])], [OBJECT], [[0]], 2) == (0.0,) * 3
    mixed = _dets([[0, 0, 10, 10], [40, 40, 50, 50]], [0.9, 0.8], [0, 1])
    assert coco_detection_ap([mixed], [OBJECT], [[0]], 2) == pytest.approx((1.0,) * 3)
    assert coco_detection_ap([_dets(np.zeros((0, 4)), [], [])], [OBJECT], [[0]], 1) == (0.0,) * 3


def test_detection_ap_is_deterministic_over_many_images():
    rng = np.random.default_rng(5)
    gts, classes, found = [], [], []
    for _ in range(12):
        lo = rng.uniform(0, 40, size=(2, 2))
        gts.append(np.concatenate([lo, lo + rng.uniform(5, 20, size=(2, 2))], axis=1))
        classes.append(rng.integers(0, 3, size=2))
        lo = rng.uniform(0, 40, size=(30, 2))
        boxes = np.concatenate([lo, lo + rng.uniform(5, 20, size=(30, 2))], axis=1)
        found.append(_dets(boxes, np.round(rng.uniform(size=30), 1), rng.integers(0, 3, size=30)))
    first = coco_detection_ap(found, gts, classes, 3)
    assert first == coco_detection_ap(found, gts, classes, 3)
    assert all(0.0 <= x <= 1.0 for x in first) and first[1] > 0


def test_detection_ap_validates_its_input():
    with pytest.raises(ValueError, match="same images"):
        coco_detection_ap([], [OBJECT], [[0]], 1)
    with pytest.raises(ValueError, match=r"gt_classes\[0\]"):
        coco_detection_ap([_dets(OBJECT, [0.9], [0])], [OBJECT], [[3]], 2)


def test_without_pycocotools_the_error_is_one_line_naming_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pycocotools", None)
    monkeypatch.setitem(sys.modules, "pycocotools.coco", None)
    with pytest.raises(ValueError, match=r"pip install 'aptheory\[detection\]'") as info:
        require_evaluator()
    assert "\n" not in str(info.value) and str(info.value) == EVALUATOR_MISSING
    with pytest.raises(ValueError, match="pycocotools"):
        coco_detection_ap([_dets(OBJECT, [0.9], [0])], [OBJECT], [[0]], 1)


def test_detect_image_decodes_suppresses_and_keeps_the_best():
    anchors = np.array([[0, 0, 10, 10], [1, 0, 11, 10], [30, 30, 40, 40], [0, 0, 10, 10]], float)
    scores = np.array([[0.9, 0.1], [0.8, 0.2], [0.7, 0.3], [0.1, 0.6]])
    codes = np.zeros((4, 2, 4))
    codes[2, 0] = [5.0, 0.0, 0.0, 0.0]  # class 0's box of anchor 2 moves right by 0.1 x 10 x 5
    found = detect_image(scores, anchors, codes, 45.0, top_k=3, nms_iou=0.45, max_detections=4)
    # class 0: anchors 0, 1, 2 (1 suppressed by 0); class 1: anchors 3, 2, 1 (1 by 3); top 4
    assert found.scores.tolist() == [0.9, 0.7, 0.6, 0.3]
    assert found.classes.tolist() == [0, 0, 1, 1]
    np.testing.assert_allclose(found.boxes[1], [35, 30, 45, 40])  # decoded, inside the image
    np.testing.assert_allclose(found.boxes[0], anchors[0])
    agnostic = detect_image(scores, anchors, np.zeros((4, 4)), 45.0, max_detections=2)
    assert agnostic.scores.tolist() == [0.9, 0.7]
    a, c = top_candidates(scores, top_k=2)
    assert a.tolist() == [0, 1, 3, 2] and c.tolist() == [0, 0, 1, 1]
    with pytest.raises(ValueError, match="codes"):
        detect_image(scores, anchors, np.zeros((4, 3)), 45.0)
    with pytest.raises(ValueError, match="anchors"):
        detect_image(scores, anchors[:3], np.zeros((3, 4)), 45.0)
