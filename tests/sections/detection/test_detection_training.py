"""aptheory.sections.detection.training: deterministic runs, the AP training loss, thresholds."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from aptheory import ranking
from aptheory.sections.detection.config import DEFAULT, IOU_THRESHOLDS, LOSSES
from aptheory.sections.detection.losses import BACKGROUND, IGNORED
from aptheory.sections.detection.training import train, training_loss


def test_training_is_deterministic_and_shares_the_start(tiny_data, tiny_runs, tiny):
    runs = tiny_runs
    again = train(tiny_data, "ap", tiny.train, 3)
    assert again.curve == runs["ap"].curve and again.per_threshold == runs["ap"].per_threshold
    assert again.train_loss == runs["ap"].train_loss
    # same initial scorer for every loss (CE ranks by softmax probability, the others by s)
    assert runs["focal-g1"].curve[0] == runs["auc"].curve[0] == runs["ap"].curve[0]
    for run in runs.values():
        assert run.iterations == (0, 3, 6)
        assert len(run.train_loss) == tiny.train.iterations
        assert all(np.isfinite(run.train_loss))
        assert 0 <= run.ap <= 1 and 0 <= run.ap75 <= 1 and 0 <= run.ap50 <= 1


def test_unknown_loss_and_bad_seed_raise(tiny_data, tiny):
    with pytest.raises(ValueError, match="loss"):
        train(tiny_data, "hinge", tiny.train, 0)
    with pytest.raises(ValueError, match="seed"):
        train(tiny_data, "ap", tiny.train, -1)
    with pytest.raises(ValueError, match="loss"):
        training_loss("hinge")


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_ap_training_loss_is_the_reference_ap_loss_over_all_anchors_and_classes(seed):
    """detection's "ap" loss = ranking.ap_loss_grad(piecewise, delta 1, interpolated) on the
    valid (anchor, class) pairs of the whole minibatch, zero update on ignored anchors."""
    rng = np.random.default_rng(seed)
    n_anchors, n_classes = 40, 3
    scores = rng.normal(0.0, 1.5, size=(n_anchors, n_classes))
    labels = rng.choice([IGNORED, BACKGROUND, BACKGROUND, BACKGROUND, 0, 1, 2], size=n_anchors)
    labels[[0, 25]] = [1, 2]
    labels[[1, 30]] = IGNORED
    groups = (np.arange(n_anchors) >= 20).astype(np.int64)  # two images
    loss, grad = training_loss("ap")(scores, labels, groups)
    # expected masks built here, independently of losses.pair_labels
    valid_rows = labels != IGNORED
    positive = labels[valid_rows][:, None] == np.arange(n_classes)[None, :]
    ref_loss, ref_grad = ranking.ap_loss_grad(
        scores[valid_rows].ravel(),
        positive.ravel(),
        step="piecewise",
        delta=1.0,
        interpolated=True,
    )
    assert loss == pytest.approx(ref_loss, abs=1e-12)
    np.testing.assert_allclose(grad[valid_rows].ravel(), ref_grad, atol=1e-12)
    assert np.all(grad[~valid_rows] == 0.0)
    assert np.any(grad[valid_rows] != 0.0)


def test_missing_thresholds_are_recorded(tiny_data, capped_run, tiny):
    run = capped_run  # trained on test IoUs capped at 0.9 (exactly 0.9 counts)
    assert run.thresholds == IOU_THRESHOLDS[:-1]
    assert run.missing_thresholds == (0.95,)
    assert len(run.per_threshold) == len(run.thresholds)
    assert np.all(np.isfinite(run.per_threshold)) and np.all(np.isfinite(run.curve))
    assert run.ap == pytest.approx(np.mean(run.per_threshold), abs=0)
    assert run.ap75 == run.per_threshold[IOU_THRESHOLDS.index(0.75)]
    with pytest.raises(ValueError, match="threshold 0.95"):
        run.ap_at(0.95)
    nothing = replace(tiny_data, test_iou=np.zeros_like(tiny_data.test_iou))
    with pytest.raises(ValueError, match="test_iou"):
        train(nothing, "ap", tiny.train, 3)


def test_full_runs_use_every_threshold(tiny_runs):
    run = tiny_runs["focal-g1"]
    assert run.thresholds == IOU_THRESHOLDS and run.missing_thresholds == ()
    assert set(tiny_runs) == set(LOSSES)


def test_train_arguments_are_type_checked(tiny_data, tiny):
    with pytest.raises(TypeError, match="train_cfg"):
        train(tiny_data, "ap", {"iterations": 3}, 0)
    with pytest.raises(TypeError, match="data"):
        train(tiny_data.train_features, "ap", tiny.train, 0)
    with pytest.raises(TypeError, match="loss"):
        train(tiny_data, 3, tiny.train, 0)
    assert DEFAULT.train.iterations >= tiny.train.iterations
