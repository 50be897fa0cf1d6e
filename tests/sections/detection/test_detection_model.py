"""Tests of aptheory.detection: the synthetic task, the metric, training and the command."""

from __future__ import annotations

import argparse
import inspect
import json
from dataclasses import FrozenInstanceError, replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import average_precision_score

from aptheory.sections.detection import model as det
from aptheory import ranking
from aptheory.losses import BACKGROUND, IGNORED

TINY_TASK = replace(det.DEFAULT.task, size=48, strides=(8, 16), bases=(16, 32))
TINY = det.Config(
    task=TINY_TASK,
    train=det.TrainConfig(n_train=6, n_test=4, iterations=6, batch_size=2, evaluations=3),
    name="tiny",
)


@pytest.fixture(scope="module")
def default_data() -> det.Dataset:
    return det.make_dataset(0, det.DEFAULT.task, n_train=16, n_test=6)


# ------------------------------------------------------------------------------ boxes


def test_iou_matrix_matches_plain_formula():
    rng = np.random.default_rng(0)
    # sorted along axis 1: (x0, y0) <= (x1, y1) in each coordinate
    a = np.sort(rng.integers(0, 30, size=(7, 2, 2)), axis=1).reshape(7, 4)
    a[:, 2:] += 1  # x1 > x0, y1 > y0
    assert np.all(a[:, 2:] > a[:, :2])
    b = a[::-1] + rng.integers(-2, 3, size=a.shape)
    b[:, 2:] = np.maximum(b[:, 2:], b[:, :2] + 1)
    got = det.iou_matrix(a, b)
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
        det.iou_matrix(bad, good)
    with pytest.raises(ValueError, match=f"^b .*{match}"):
        det.iou_matrix(good, bad)


def test_anchor_count_and_imbalance_in_the_docstring_are_computed():
    """The numbers the module docstring states are what the code gives (default task)."""
    doc = " ".join(det.__doc__.split())
    anchors, _ = det.make_anchors(det.DEFAULT.task)
    assert f"default task has {anchors.shape[0]} anchors per image" in doc
    quick = det.QUICK
    assert quick.task == det.DEFAULT.task  # "the same task"
    data = det.make_dataset(0, quick.task, n_train=quick.train.n_train, n_test=1)
    assert f"the {quick.train.n_train} training images of seed 0" in doc
    assert f"1:{data.imbalance:.0f} positive:negative (anchor, class) pairs" in doc
    assert f"1:{data.anchor_imbalance:.0f} positive:background anchors" in doc
    per_image = float(np.mean((data.train_labels >= 0).sum(axis=1)))
    assert f"({per_image:.1f} positive anchors per image)" in doc


def test_anchors_cover_every_scale_and_ratio_inside_the_image():
    task = det.DEFAULT.task
    anchors, shapes = det.make_anchors(task)
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
    anchors, _ = det.make_anchors(TINY_TASK)
    k = int(rng.integers(1, 4))
    x0 = rng.integers(0, 40, size=k)
    y0 = rng.integers(0, 40, size=k)
    boxes = np.stack(
        [x0, y0, x0 + rng.integers(3, 30, size=k), y0 + rng.integers(3, 30, size=k)], axis=1
    ).astype(float)
    classes = rng.integers(0, 5, size=k)
    labels = det.label_anchors(anchors, boxes, classes)
    iou = det.iou_matrix(anchors, boxes)
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
    labels = det.label_anchors(anchors, boxes, np.array([2]))
    assert list(labels) == [2, BACKGROUND]


# --------------------------------------------------------------------------- the task


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
    data = det.make_dataset(1, det.DEFAULT.task, n_train=2, n_test=40)
    for t in det.IOU_THRESHOLDS:
        assert np.any(data.test_iou >= t), t


def test_dataset_is_deterministic_in_the_seed(default_data):
    again = det.make_dataset(0, det.DEFAULT.task, n_train=16, n_test=6)
    other = det.make_dataset(1, det.DEFAULT.task, n_train=16, n_test=6)
    for name in ("train_features", "train_labels", "test_features", "test_iou"):
        assert np.array_equal(getattr(default_data, name), getattr(again, name))
    assert not np.array_equal(default_data.train_labels, other.train_labels)


def test_example_image_is_the_first_training_image(default_data):
    example = det.example_image(0)
    assert np.array_equal(example.labels, default_data.train_labels[0])
    assert example.image.shape == (96, 96, 8)
    assert np.all(example.labels[det.iou_matrix(example.anchors, example.boxes).argmax(0)] >= 0)


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


# ----------------------------------------------------------------------------- metric


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
    ours = det.average_precision(scores, positive)
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
    got = det.ranking_ap(scores, iou, thresholds)
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
    got = det.ranking_ap(scores, iou, thresholds)
    for k, t in enumerate(thresholds):
        per_class = []
        for c in range(2):
            positive = iou[:, c] >= t
            ref = 1.0 - ranking.ap_loss(scores[:, c], positive, step="heaviside", at_zero=1.0)
            single = det.average_precision(scores[:, c], positive)
            assert single == pytest.approx(ref, abs=1e-12)
            per_class.append(ref)
        assert got[k] == pytest.approx(np.mean(per_class), abs=1e-12)


def test_ranking_ap_raises_for_a_threshold_without_positives():
    scores = np.array([[0.3, 0.1], [0.2, 0.5], [0.1, 0.4]])
    iou = np.array([[0.9, 0.0], [0.6, 0.0], [0.1, 0.0]])
    assert det.thresholds_with_positives(iou, (0.5, 0.7, 0.95)) == (0.5, 0.7)
    np.testing.assert_allclose(det.ranking_ap(scores, iou, (0.5, 0.7)), [1.0, 1.0])
    with pytest.raises(ValueError, match=r"iou has no positive at IoU threshold\(s\) \[0.95\]"):
        det.ranking_ap(scores, iou, (0.5, 0.95))
    with pytest.raises(ValueError, match="iou"):
        det.ranking_ap(scores, np.where(iou > 0.5, np.nan, iou))
    with pytest.raises(ValueError, match="thresholds"):
        det.ranking_ap(scores, iou, ())


def test_metric_rejects_bad_input():
    with pytest.raises(ValueError, match="positive"):
        det.average_precision(np.array([0.1, 0.2]), np.array([False, False]))
    with pytest.raises(ValueError, match="scores"):
        det.average_precision(np.array([np.nan, 0.2]), np.array([True, False]))
    with pytest.raises(ValueError, match="iou"):
        det.ranking_ap(np.zeros((3, 2)), np.zeros((3, 3)))


# --------------------------------------------------------------------------- training


@pytest.fixture(scope="module")
def tiny_data() -> det.Dataset:
    return det.make_dataset(3, TINY.task, TINY.train.n_train, TINY.train.n_test)


def test_training_is_deterministic_and_shares_the_start(tiny_data):
    runs = {loss: det.train(tiny_data, loss, TINY.train, 3) for loss in det.LOSSES}
    again = det.train(tiny_data, "ap", TINY.train, 3)
    assert again.curve == runs["ap"].curve and again.per_threshold == runs["ap"].per_threshold
    # same initial scorer for every loss (CE ranks by softmax probability, the others by s)
    assert runs["focal-g1"].curve[0] == runs["auc"].curve[0] == runs["ap"].curve[0]
    for run in runs.values():
        assert run.iterations == (0, 3, 6)
        assert len(run.train_loss) == TINY.train.iterations
        assert all(np.isfinite(run.train_loss))
        assert 0 <= run.ap <= 1 and 0 <= run.ap75 <= 1 and 0 <= run.ap50 <= 1


def test_unknown_loss_and_bad_seed_raise(tiny_data):
    with pytest.raises(ValueError, match="loss"):
        det.train(tiny_data, "hinge", TINY.train, 0)
    with pytest.raises(ValueError, match="seed"):
        det.train(tiny_data, "ap", TINY.train, -1)
    with pytest.raises(ValueError, match="n_train"):
        det.make_dataset(0, TINY.task, n_train=0, n_test=2)


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
    loss, grad = det._loss_function("ap")(scores, labels, groups)
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


def test_missing_thresholds_are_recorded_and_reported(tiny_data):
    capped = replace(tiny_data, test_iou=np.minimum(tiny_data.test_iou, 0.9))  # exactly 0.9 counts
    run = det.train(capped, "ap", TINY.train, 3)
    assert run.thresholds == det.IOU_THRESHOLDS[:-1]
    assert run.missing_thresholds == (0.95,)
    assert len(run.per_threshold) == len(run.thresholds)
    assert np.all(np.isfinite(run.per_threshold)) and np.all(np.isfinite(run.curve))
    assert run.ap == pytest.approx(np.mean(run.per_threshold), abs=0)
    assert run.ap75 == run.per_threshold[det.IOU_THRESHOLDS.index(0.75)]
    with pytest.raises(ValueError, match="threshold 0.95"):
        run.ap_at(0.95)
    comparison = det.Comparison(
        config=replace(TINY, losses=("ap",)),
        seeds=(3,),
        runs=(run,),
        imbalance=capped.imbalance,
        anchor_imbalance=capped.anchor_imbalance,
        n_anchors=capped.anchors.shape[0],
        seconds=0.0,
    )
    assert "Seed 3: no test positive at IoU 0.95" in det.render_markdown(comparison)
    assert comparison.rows()[0]["missing_thresholds"] == [[0.95]]
    nothing = replace(tiny_data, test_iou=np.zeros_like(tiny_data.test_iou))
    with pytest.raises(ValueError, match="test_iou"):
        det.train(nothing, "ap", TINY.train, 3)


def test_full_runs_use_every_threshold(tiny_data):
    run = det.train(tiny_data, "focal-g1", TINY.train, 3)
    assert run.thresholds == det.IOU_THRESHOLDS and run.missing_thresholds == ()


@pytest.mark.parametrize(
    "field, value, error",
    [
        ("size", 0, ValueError),
        ("size", 9.5, TypeError),
        ("channels", 0, ValueError),
        ("n_classes", 0, ValueError),
        ("strides", (), ValueError),
        ("strides", [4, 8, 16], TypeError),
        ("strides", (4, 0, 16), ValueError),
        ("bases", (12, 24), ValueError),
        ("scales", (1.0, -1.0), ValueError),
        ("ratios", (np.inf,), ValueError),
        ("objects", (0, 2), ValueError),
        ("objects", (3, 2), ValueError),
        ("distractors", (-1, 2), ValueError),
        ("jitter", -0.1, ValueError),
        ("pixel_noise", np.nan, ValueError),
        ("background_cell", 0, ValueError),
        ("positive_iou", 1.5, ValueError),
        ("negative_iou", -0.1, ValueError),
        ("negative_iou", 0.6, ValueError),  # above positive_iou = 0.5
    ],
)
def test_task_config_is_validated_naming_the_field(field, value, error):
    with pytest.raises(error, match=field):
        replace(det.DEFAULT.task, **{field: value})


@pytest.mark.parametrize(
    "field, value, error",
    [
        ("n_train", 0, ValueError),
        ("n_test", -1, ValueError),
        ("iterations", 0, ValueError),
        ("batch_size", 0, ValueError),
        ("batch_size", 2.0, TypeError),
        ("evaluations", 0, ValueError),
        ("learning_rate", 0.0, ValueError),
        ("learning_rate", -0.01, ValueError),
        ("learning_rate", np.inf, ValueError),
        ("learning_rate", True, TypeError),
    ],
)
def test_train_config_is_validated_naming_the_field(field, value, error):
    with pytest.raises(error, match=field):
        replace(det.DEFAULT.train, **{field: value})


def test_config_and_train_arguments_are_type_checked(tiny_data):
    with pytest.raises(TypeError, match="task"):
        det.Config(task=det.DEFAULT.train)
    with pytest.raises(TypeError, match="train"):
        det.Config(train=det.DEFAULT.task)
    with pytest.raises(ValueError, match="losses"):
        det.Config(losses=())
    with pytest.raises(TypeError, match="train_cfg"):
        det.train(tiny_data, "ap", {"iterations": 3}, 0)
    with pytest.raises(TypeError, match="data"):
        det.train(tiny_data.train_features, "ap", TINY.train, 0)
    with pytest.raises(TypeError, match="loss"):
        det.train(tiny_data, 3, TINY.train, 0)
    with pytest.raises(TypeError, match="task"):
        det.make_dataset(0, det.DEFAULT.train, n_train=1, n_test=1)


def test_module_tables_are_read_only_and_defaults_come_from_train_config():
    with pytest.raises(TypeError):
        det.LOSSES["hinge"] = "Hinge"
    with pytest.raises(TypeError):
        det.SUPPLEMENT_TABLE1["ap"] = (0.0, 0.0, 0.0)
    with pytest.raises(FrozenInstanceError):
        det.DEFAULT.train.n_train = 1
    assert list(det.LOSSES) == ["ce-ohem", "focal-g1", "focal-g2", "auc", "ap"]
    assert set(det.SUPPLEMENT_TABLE1) <= set(det.LOSSES)
    params = inspect.signature(det.make_dataset).parameters
    assert params["n_train"].default == det.TrainConfig().n_train == det.DEFAULT.train.n_train
    assert params["n_test"].default == det.TrainConfig().n_test == det.DEFAULT.train.n_test


# ---------------------------------------------------------------------------- command


def _args(**kw) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    det.configure_parser(parser)
    args = parser.parse_args(kw.pop("argv", []))
    for key, value in kw.items():
        setattr(args, key, value)
    return args


def test_run_command_json_rows(capsys, tmp_path):
    md = tmp_path / "table.md"
    args = _args(argv=["--seeds", "2", "--json", "--quiet", "--markdown", str(md)], config=TINY)
    assert det.run_command(args) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["loss"] for r in rows] == list(det.LOSSES)
    for row in rows:
        assert {"loss", "ap", "ap50", "ap75", "ap_std"} <= set(row)
        assert 0 <= row["ap"] <= 100 and row["ap_std"] >= 0 and row["seeds"] == 2
    text = md.read_text()
    assert "| AP-loss |" in text and "Supplement" in text and "ordering" in text


def test_run_command_text_output(capsys):
    assert det.run_command(_args(argv=["--seeds", "1", "--quiet"], config=TINY)) == 0
    out = capsys.readouterr().out
    assert "| CE + OHEM (3:1) |" in out and "measured order" in out


def test_parser_flags():
    args = _args(argv=["--quick", "--seeds", "3", "--json", "--quiet"])
    assert args.quick and args.seeds == 3 and args.json and args.quiet


@pytest.mark.parametrize("seeds", [0, -2])
def test_bad_seed_count_raises_naming_the_argument(seeds):
    with pytest.raises(ValueError, match="--seeds"):
        det.run_command(_args(argv=["--seeds", str(seeds), "--quiet"]))


def test_comparison_needs_seeds_and_known_losses():
    with pytest.raises(ValueError, match="seeds"):
        det.run_comparison(TINY, [])
    with pytest.raises(ValueError, match="loss"):
        det.run_comparison(replace(TINY, losses=("ap", "svm")), [0])


def test_loss_curves_figure_is_drawn(tiny_data, tmp_path):
    from aptheory.sections.detection.figures import draw_loss_curves
    from aptheory.core.io import save_figure

    comparison = det.run_comparison(TINY, [0, 1])
    fig = draw_loss_curves(comparison)
    assert len(fig.axes[0].lines) == len(det.LOSSES)
    first = save_figure(fig, tmp_path / "a.png").read_bytes()
    second = save_figure(draw_loss_curves(comparison), tmp_path / "b.png").read_bytes()
    assert first == second
