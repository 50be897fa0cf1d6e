"""aptheory.sections.detection.geometry: IoU, the anchor grid and the anchor labels."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aptheory.sections.detection import geometry as geo
from aptheory.sections.detection.config import DEFAULT
from aptheory.sections.detection.losses import BACKGROUND, IGNORED

TINY_TASK = replace(DEFAULT.task, size=48, strides=(8, 16), bases=(16, 32))


def test_iou_matrix_matches_plain_formula():
    rng = np.random.default_rng(0)
    # sorted along axis 1: (x0, y0) <= (x1, y1) in each coordinate
    a = np.sort(rng.integers(0, 30, size=(7, 2, 2)), axis=1).reshape(7, 4)
    a[:, 2:] += 1  # x1 > x0, y1 > y0
    assert np.all(a[:, 2:] > a[:, :2])
    b = a[::-1] + rng.integers(-2, 3, size=a.shape)
    b[:, 2:] = np.maximum(b[:, 2:], b[:, :2] + 1)
    got = geo.iou_matrix(a, b)
    for i, p in enumerate(a):
        for j, q in enumerate(b):
            w = max(0, min(p[2], q[2]) - max(p[0], q[0]))
            h = max(0, min(p[3], q[3]) - max(p[1], q[1]))
            union = (p[2] - p[0]) * (p[3] - p[1]) + (q[2] - q[0]) * (q[3] - q[1]) - w * h
            assert got[i, j] == pytest.approx(w * h / union, abs=1e-15)


@pytest.mark.parametrize(
    "bad, match",
    [
        (np.array([[0.0, 0.0, 0.0, 5.0]]), "positive area"),  # zero width: IoU 0/0
        (np.array([[0.0, 3.0, 5.0, 3.0]]), "positive area"),  # zero height
        (np.array([[4.0, 0.0, 1.0, 5.0]]), "positive area"),  # x1 < x0
        (np.array([[0.0, 0.0, np.nan, 5.0]]), "finite"),
        (np.array([[0.0, 0.0, 5.0]]), "shape"),
        (np.zeros((2, 2, 4)), "shape"),
    ],
)
def test_iou_matrix_rejects_bad_boxes_naming_the_argument(bad, match):
    good = np.array([[0.0, 0.0, 4.0, 4.0]])
    with pytest.raises(ValueError, match=f"^a .*{match}"):
        geo.iou_matrix(bad, good)
    with pytest.raises(ValueError, match=f"^b .*{match}"):
        geo.iou_matrix(good, bad)


def test_anchors_cover_every_scale_and_ratio_inside_the_image():
    task = DEFAULT.task
    anchors, shapes = geo.make_anchors(task)
    per_level = [(task.size // s) ** 2 for s in task.strides]
    n_shapes = len(task.scales) * len(task.ratios)
    assert anchors.shape == (sum(per_level) * n_shapes, 4)
    assert shapes.max() + 1 == len(task.strides) * n_shapes
    assert np.all(anchors >= 0) and np.all(anchors <= task.size)
    assert np.all(anchors[:, 2] > anchors[:, 0]) and np.all(anchors[:, 3] > anchors[:, 1])
    assert np.all(anchors == np.round(anchors))


@given(seed=st.integers(0, 10_000))
@settings(max_examples=25, derandomize=True, deadline=None)
def test_anchor_labels_follow_the_iou_rules(seed):
    rng = np.random.default_rng(seed)
    anchors, _ = geo.make_anchors(TINY_TASK)
    k = int(rng.integers(1, 4))
    x0 = rng.integers(0, 40, size=k)
    y0 = rng.integers(0, 40, size=k)
    boxes = np.stack(
        [x0, y0, x0 + rng.integers(3, 30, size=k), y0 + rng.integers(3, 30, size=k)], axis=1
    ).astype(float)
    classes = rng.integers(0, 5, size=k)
    labels = geo.label_anchors(anchors, boxes, classes)
    iou = geo.iou_matrix(anchors, boxes)
    best = iou.max(axis=1)
    forced = np.zeros(len(anchors), dtype=bool)
    forced[iou.argmax(axis=0)] = True
    free = ~forced
    # each object's best anchor is a positive (of some object's class: two objects can share it)
    assert np.all(labels[forced] >= 0)
    for j in range(k):
        assert labels[iou[:, j].argmax()] in classes
    assert np.all(labels[free & (best >= 0.5)] == classes[iou.argmax(axis=1)][free & (best >= 0.5)])
    assert np.all(labels[free & (best < 0.4)] == BACKGROUND)
    assert np.all(labels[free & (best >= 0.4) & (best < 0.5)] == IGNORED)


def test_best_anchor_is_positive_even_below_the_threshold():
    anchors = np.array([[0, 0, 10, 10], [20, 20, 30, 30]], dtype=float)
    boxes = np.array([[0, 0, 10, 30]], dtype=float)  # IoU 1/3 with the first anchor
    labels = geo.label_anchors(anchors, boxes, np.array([2]))
    assert list(labels) == [2, BACKGROUND]


def test_label_anchors_validates_its_arguments():
    anchors = np.array([[0, 0, 10, 10]], dtype=float)
    boxes = np.array([[0, 0, 10, 10]], dtype=float)
    assert list(geo.label_anchors(anchors, np.zeros((0, 4)), np.array([], dtype=int))) == [
        BACKGROUND
    ]
    with pytest.raises(ValueError, match="^anchors .*positive area"):
        geo.label_anchors(np.array([[5.0, 0, 1, 10]]), boxes, np.array([0]))
    with pytest.raises(ValueError, match="^boxes .*finite"):
        geo.label_anchors(anchors, np.array([[0, 0, np.nan, 10]]), np.array([0]))
    with pytest.raises(ValueError, match="classes"):
        geo.label_anchors(anchors, boxes, np.array([0, 1]))
    with pytest.raises(TypeError, match="classes"):
        geo.label_anchors(anchors, boxes, np.array([0.5]))
    with pytest.raises(ValueError, match="positive_iou"):
        geo.label_anchors(anchors, boxes, np.array([0]), positive_iou=1.5)
    with pytest.raises(TypeError, match="task"):
        geo.make_anchors(DEFAULT.train)


# ------------------------------------------------------------ matching, box code, NMS


def test_match_anchors_gives_the_labels_and_the_object_of_each_positive():
    anchors, _ = geo.make_anchors(TINY_TASK)
    boxes = np.array([[4.0, 4.0, 20.0, 22.0], [24.0, 20.0, 46.0, 40.0], [26.0, 22.0, 44.0, 38.0]])
    classes = np.array([2, 0, 1])
    labels, matched = geo.match_anchors(anchors, boxes, classes)
    assert np.array_equal(labels, geo.label_anchors(anchors, boxes, classes))
    iou = geo.iou_matrix(anchors, boxes)
    pos = labels >= 0
    assert np.array_equal(labels[pos], classes[matched[pos]])
    # an anchor positive by IoU >= 0.5 is matched to its best object unless it was forced
    forced = set(iou.argmax(axis=0).tolist())
    for a in np.flatnonzero(pos):
        if a not in forced:
            assert matched[a] == iou[a].argmax() and iou[a].max() >= 0.5
    best_anchor = iou.argmax(axis=0)
    for a in best_anchor:  # every object's best anchor is its; the last object wins a shared one
        assert matched[a] == max(j for j in range(3) if best_anchor[j] == a)
    empty_labels, empty_matched = geo.match_anchors(anchors, np.zeros((0, 4)), np.zeros(0, int))
    assert np.all(empty_labels == BACKGROUND) and np.all(empty_matched == -1)


@given(seed=st.integers(0, 10_000))
@settings(max_examples=30, derandomize=True, deadline=None)
def test_box_code_round_trips(seed):
    rng = np.random.default_rng(seed)
    lo = rng.uniform(0, 50, size=(9, 2))
    anchors = np.concatenate([lo, lo + rng.uniform(2, 40, size=(9, 2))], axis=1)
    lo = rng.uniform(0, 50, size=(9, 2))
    boxes = np.concatenate([lo, lo + rng.uniform(2, 40, size=(9, 2))], axis=1)
    codes = geo.encode_boxes(boxes, anchors)
    np.testing.assert_allclose(geo.decode_boxes(codes, anchors), boxes, atol=1e-9)
    np.testing.assert_allclose(geo.encode_boxes(anchors, anchors), 0.0, atol=1e-12)
    clipped = geo.decode_boxes(codes, anchors, size=30.0)
    assert clipped.min() >= 0.0 and clipped.max() <= 30.0


def test_box_code_is_ssds():
    """Centre offsets / (0.1 x anchor size), log size ratios / 0.2 (SSD's variances)."""
    anchor = np.array([[10.0, 20.0, 30.0, 60.0]])  # centre (20, 40), size 20 x 40
    box = np.array([[12.0, 16.0, 52.0, 56.0]])  # centre (32, 36), size 40 x 40
    expected = [12 / (0.1 * 20), -4 / (0.1 * 40), np.log(2) / 0.2, 0.0]
    np.testing.assert_allclose(geo.encode_boxes(box, anchor)[0], expected, atol=1e-12)
    assert geo.BOX_VARIANCES == (0.1, 0.2)
    with pytest.raises(ValueError, match="anchors"):
        geo.encode_boxes(box, np.zeros((2, 4)) + [0, 0, 1, 1])
    with pytest.raises(ValueError, match="codes"):
        geo.decode_boxes(np.zeros((2, 4)), anchor)


def _greedy_nms(boxes, scores, classes, threshold):
    """Reference: the textbook loop, best box first, one box at a time."""
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    kept = []
    for i in order:
        if all(
            classes[j] != classes[i] or geo.iou_matrix(boxes[i], boxes[j])[0, 0] <= threshold
            for j in kept
        ):
            kept.append(i)
    return kept


@given(seed=st.integers(0, 10_000), threshold=st.sampled_from([0.3, 0.45, 0.7]))
@settings(max_examples=40, derandomize=True, deadline=None)
def test_batched_nms_is_greedy_nms_per_class(seed, threshold):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 40))
    lo = rng.integers(0, 20, size=(n, 2)).astype(float)
    boxes = np.concatenate([lo, lo + rng.integers(2, 12, size=(n, 2))], axis=1)
    scores = np.round(rng.normal(size=n), 1)  # ties too
    classes = rng.integers(0, 3, size=n)
    kept = geo.batched_nms(boxes, scores, classes, threshold)
    assert kept.tolist() == _greedy_nms(boxes, scores, classes, threshold)


def test_batched_nms_keeps_other_classes_and_empty_boxes():
    boxes = np.array([[0, 0, 10, 10], [0, 0, 10, 10], [1, 0, 10, 10], [5, 5, 5, 9]], float)
    kept = geo.batched_nms(boxes, np.array([0.9, 0.8, 0.7, 0.95]), np.array([0, 1, 0, 0]), 0.45)
    assert kept.tolist() == [3, 0, 1]  # box 2 is suppressed by box 0; box 3 has area 0
    with pytest.raises(ValueError, match="scores"):
        geo.batched_nms(boxes, np.zeros(3), np.zeros(4), 0.5)
    assert geo.batched_nms(np.zeros((0, 4)), np.zeros(0), np.zeros(0), 0.5).size == 0
