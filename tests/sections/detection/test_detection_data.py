"""aptheory.sections.detection.data: the synthetic task, its features and its statistics."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import average_precision_score

import aptheory.sections.detection as detection_package
from aptheory.sections.detection.config import DEFAULT, IOU_THRESHOLDS, QUICK
from aptheory.sections.detection.data import example_image, make_dataset
from aptheory.sections.detection.geometry import iou_matrix, make_anchors
from aptheory.sections.detection.losses import IGNORED


def test_anchor_count_and_imbalance_in_the_docstring_are_computed():
    """The numbers the package docstring states are what the code gives (default task)."""
    doc = " ".join(detection_package.__doc__.split())
    anchors, _ = make_anchors(DEFAULT.task)
    assert f"default task has {anchors.shape[0]} anchors per image" in doc
    quick = QUICK
    assert quick.task == DEFAULT.task  # "the same task"
    data = make_dataset(0, quick.task, n_train=quick.train.n_train, n_test=1)
    assert f"the {quick.train.n_train} training images of seed 0" in doc
    assert f"1:{data.imbalance:.0f} positive:negative (anchor, class) pairs" in doc
    assert f"1:{data.anchor_imbalance:.0f} positive:background anchors" in doc
    per_image = float(np.mean((data.train_labels >= 0).sum(axis=1)))
    assert f"({per_image:.1f} positive anchors per image)" in doc


def test_task_is_heavily_imbalanced_with_hard_negatives(default_data):
    data = default_data
    assert data.imbalance >= 1000  # negative : positive (anchor, class) pairs
    assert data.anchor_imbalance >= 100  # background : positive anchors
    y = data.train_labels
    assert np.all((y >= 0).sum(axis=1) >= 1)  # every image has an object
    assert np.any(y == IGNORED)
    # hard negatives near objects: background anchors overlapping a test object by 0.1..0.4
    best = data.test_iou.max(axis=2)
    assert np.count_nonzero((best > 0.1) & (best < 0.4)) > np.count_nonzero(best >= 0.5)


def test_every_iou_threshold_has_positives_over_a_seed():
    data = make_dataset(1, DEFAULT.task, n_train=2, n_test=40)
    for t in IOU_THRESHOLDS:
        assert np.any(data.test_iou >= t), t


def test_dataset_is_deterministic_in_the_seed(default_data):
    again = make_dataset(0, DEFAULT.task, n_train=16, n_test=6)
    other = make_dataset(1, DEFAULT.task, n_train=16, n_test=6)
    for name in ("train_features", "train_labels", "test_features", "test_iou"):
        assert np.array_equal(getattr(default_data, name), getattr(again, name))
    assert not np.array_equal(default_data.train_labels, other.train_labels)


def test_example_image_is_the_first_training_image(default_data):
    example = example_image(0)
    assert np.array_equal(example.labels, default_data.train_labels[0])
    assert example.image.shape == (96, 96, 8)
    assert np.all(example.labels[iou_matrix(example.anchors, example.boxes).argmax(0)] >= 0)


def test_features_are_standardised_and_carry_evidence(default_data):
    f = default_data.train_features.reshape(-1, default_data.train_features.shape[2])
    assert np.all(np.isfinite(f))
    np.testing.assert_allclose(f.mean(axis=0), 0.0, atol=1e-3)
    # evidence: per class, a least-squares linear ranking of that class's positives among all
    # kept anchors beats chance (AP = prevalence) by an order of magnitude
    y = default_data.train_labels.ravel()
    keep = y != IGNORED
    x = f[keep].astype(np.float64)
    for c in range(default_data.test_iou.shape[2]):
        pos = y[keep] == c
        w = np.linalg.lstsq(x, pos - pos.mean(), rcond=None)[0]
        assert average_precision_score(pos, x @ w) > 10 * pos.mean()


def test_make_dataset_and_example_image_validate_their_arguments():
    with pytest.raises(ValueError, match="n_train"):
        make_dataset(0, DEFAULT.task, n_train=0, n_test=2)
    with pytest.raises(TypeError, match="n_test"):
        make_dataset(0, DEFAULT.task, n_train=1, n_test=2.0)
    with pytest.raises(TypeError, match="task"):
        make_dataset(0, DEFAULT.train, n_train=1, n_test=1)
    with pytest.raises(ValueError, match="seed"):
        make_dataset(-1, DEFAULT.task, n_train=1, n_test=1)
    with pytest.raises(TypeError, match="task"):
        example_image(0, DEFAULT.train)
