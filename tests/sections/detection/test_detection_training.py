"""aptheory.sections.detection.training: deterministic runs, the AP training loss, thresholds."""

from __future__ import annotations

import json
import os
import pickle
import platform
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest

from aptheory import ranking
from aptheory.sections.detection.config import DEFAULT, IOU_THRESHOLDS, LOSSES
from aptheory.sections.detection.losses import BACKGROUND, IGNORED
from aptheory.sections.detection.training import smooth_l1, train, training_loss

from .conftest import TINY_SEED


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


# ------------------------------------------------------------------ both heads, both views


def test_the_box_regressor_is_the_same_for_every_classification_loss(tiny_runs, tiny):
    """Frozen features and no shared parameter: the box head ends the same for every loss."""
    runs = list(tiny_runs.values())
    for run in runs[1:]:
        assert np.array_equal(run.box.weights, runs[0].box.weights)
        assert np.array_equal(run.box.bias, runs[0].box.bias)
        assert run.box_loss == runs[0].box_loss
    assert len(runs[0].box_loss) == tiny.train.iterations
    assert runs[0].box.weights.shape[1] == 4 * tiny.task.n_classes


def test_both_views_are_recorded_at_every_checkpoint(tiny_runs):
    for run in tiny_runs.values():
        assert len(run.det_curve) == len(run.curve) == len(run.iterations)
        assert run.det_ap == run.det_curve[-1]
        assert all(0.0 <= x <= 1.0 for x in (*run.det_curve, run.det_ap50, run.det_ap75))
    # the same start: the ranking losses and focal rank by s, so their first detections agree
    assert tiny_runs["focal-g1"].det_curve[0] == tiny_runs["auc"].det_curve[0]
    assert tiny_runs["auc"].det_curve[0] == tiny_runs["ap"].det_curve[0]


def test_the_trained_box_regressor_moves_boxes_towards_the_objects(quick_comparison):
    """On the QUICK seed's test images, the regressed boxes of the anchors that overlap an
    object by >= 0.5 overlap it more than the anchors themselves (mean IoU)."""
    from aptheory.sections.detection.data import make_dataset
    from aptheory.sections.detection.geometry import decode_boxes, iou_matrix

    cfg = quick_comparison.config
    run = quick_comparison.runs_of("ap")[0]
    data = make_dataset(0, cfg.task, cfg.train.n_train, cfg.train.n_test)
    before, after = [], []
    for k, (boxes, classes) in enumerate(zip(data.test_boxes, data.test_classes, strict=True)):
        iou = iou_matrix(data.anchors, boxes)
        a = np.flatnonzero(iou.max(axis=1) >= 0.5)
        obj = iou[a].argmax(axis=1)
        codes = run.box.codes(data.test_features[k][a], data.test_box_features[k][a], classes[obj])
        moved = decode_boxes(codes, data.anchors[a], data.image_size)
        before.extend(iou[a, obj])
        after.extend(iou_matrix(m, boxes[o])[0, 0] for m, o in zip(moved, obj, strict=True))
    assert np.mean(after) > np.mean(before) + 0.01
    assert np.mean(run.box_loss[-20:]) < np.mean(run.box_loss[:20])


@pytest.mark.parametrize("seed", [0, 1])
def test_ap_image_loss_is_the_mean_of_the_images_ap_losses(seed):
    rng = np.random.default_rng(seed)
    n_anchors, n_classes = 30, 3
    scores = rng.normal(0.0, 1.5, size=(n_anchors, n_classes))
    labels = rng.choice([IGNORED, BACKGROUND, BACKGROUND, 0, 1, 2], size=n_anchors)
    labels[[0, 10, 20]] = [1, 2, 0]  # a positive in each image
    groups = np.repeat(np.arange(3), 10)
    loss, grad = training_loss("ap-image")(scores, labels, groups)
    ref_loss, ref_grad = 0.0, np.zeros_like(scores)
    for g in range(3):
        rows = np.flatnonzero((groups == g) & (labels != IGNORED))
        positive = labels[rows][:, None] == np.arange(n_classes)[None, :]
        value, gr = ranking.ap_loss_grad(
            scores[rows].ravel(), positive.ravel(), step="piecewise", delta=1.0, interpolated=True
        )
        ref_loss += value / 3
        ref_grad[rows] = gr.reshape(-1, n_classes) / 3
    assert loss == pytest.approx(ref_loss, abs=1e-12)
    np.testing.assert_allclose(grad, ref_grad, atol=1e-12)
    minibatch_loss, _ = training_loss("ap")(scores, labels, groups)
    assert minibatch_loss != pytest.approx(loss)  # one ranking of 3 images is another loss


def test_smooth_l1_and_its_gradient():
    rng = np.random.default_rng(0)
    pred, target = rng.normal(0, 2, size=(7, 4)), rng.normal(0, 2, size=(7, 4))
    value, grad = smooth_l1(pred, target)
    d = np.abs(pred - target)
    assert value == pytest.approx(np.where(d < 1, 0.5 * d**2, d - 0.5).sum() / 7)
    eps = 1e-6
    for i, j in [(0, 0), (3, 2), (6, 3)]:
        bumped = pred.copy()
        bumped[i, j] += eps
        numeric = (smooth_l1(bumped, target)[0] - value) / eps
        assert grad[i, j] == pytest.approx(numeric, abs=1e-5)


#: A CE+OHEM training of the pickled (config, seed) read from stdin, printed as JSON: run in a
#: process whose numpy and BLAS take other code paths than this one's (see the test below).
_OTHER_CPU_RUN = """
import json, pickle, sys
from aptheory.sections.detection.data import make_dataset
from aptheory.sections.detection.training import train
cfg, seed = pickle.load(sys.stdin.buffer)
data = make_dataset(seed, cfg.task, cfg.train.n_train, cfg.train.n_test)
run = train(data, "ce-ohem", cfg.train, seed)
print(json.dumps([run.train_loss, run.curve, run.det_curve]))
"""


def _other_cpu_paths() -> dict[str, str]:
    """Environment that sends numpy to its baseline loops (no runtime-dispatched SIMD) and,
    on x86-64, OpenBLAS to its Sandy Bridge kernel: the code paths of a different CPU."""
    umath = np._core._multiarray_umath
    found = [f for f in umath.__cpu_dispatch__ if umath.__cpu_features__.get(f)]
    env = {"NPY_DISABLE_CPU_FEATURES": " ".join(found), "OPENBLAS_NUM_THREADS": "1"}
    if platform.machine().lower() in ("x86_64", "amd64"):
        env["OPENBLAS_CORETYPE"] = "Sandybridge"
    return env


def test_training_does_not_depend_on_the_cpus_code_paths(tiny_runs, tiny):
    """The scorer's products are float64, so another BLAS kernel or SIMD width changes a run's
    training loss by rounding only (relative 1e-12: float64 sums of a few thousand terms in
    another order differ by about n * 2**-53) and its AP curves not at all. In float32 the
    losses differed by about 1e-7 and a CE+OHEM run of the DEFAULT figure changed its choices
    (ce-ohem, seed 1: final detection AP 4.07 % against 3.85 %)."""
    env = {**os.environ, **_other_cpu_paths()}
    out = subprocess.run(
        [sys.executable, "-c", _OTHER_CPU_RUN],
        input=pickle.dumps((tiny, TINY_SEED)),
        env=env,
        capture_output=True,
        check=True,
    )
    train_loss, curve, det_curve = json.loads(out.stdout)
    here = tiny_runs["ce-ohem"]  # the same data, configuration and seed, in this process
    np.testing.assert_allclose(train_loss, here.train_loss, rtol=1e-12, atol=0)
    assert tuple(curve) == here.curve and tuple(det_curve) == here.det_curve
