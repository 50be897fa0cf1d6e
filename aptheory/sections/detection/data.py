"""The synthetic images and the dataset of one seed: rendering, anchor features, labels.

An image is a ``size x size x channels`` grid: a smooth random background field plus pixel
noise, distractors (two-class colour mixes) and objects (class colours ``mu_c``) painted over
it. Each anchor's features are pooled with an integral image (box mean, centre mean, context
ring mean, shape one-hot) and standardised with the training images' statistics.

For the box regressor, an anchor also has *box features* (:func:`_box_features`): per
channel, the differences right half - left half and bottom half - top half of the box, the
same differences of the strips of half the box's size just outside it, and the sums
left + right and top + bottom of those outside strips. They say on which side of the anchor an
object lies and whether it extends beyond it, which the classification features (symmetric
box, centre and ring means) cannot. A positive training anchor keeps them with the SSD box code
of the object it is matched to (:class:`BoxTargets`); the test images keep them for every
anchor, and their objects' boxes and classes (the ground truth of the COCO evaluation). The
full description is in :mod:`aptheory.sections.detection`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from aptheory.core.validation import check_int, check_seed
from aptheory.sections.detection.config import DEFAULT, TaskConfig
from aptheory.sections.detection.geometry import (
    encode_boxes,
    iou_matrix,
    label_anchors,
    make_anchors,
    match_anchors,
)
from aptheory.sections.detection.losses import BACKGROUND, pair_labels

__all__ = ["BoxTargets", "Dataset", "ExampleImage", "example_image", "make_dataset"]


def _box_means(integral: NDArray[np.float64], boxes: NDArray[np.int64]) -> NDArray[np.float64]:
    """Sum of the image over every box [x0, x1) x [y0, y1) via its integral image."""
    x0, y0, x1, y1 = boxes.T
    return integral[y1, x1] - integral[y0, x1] - integral[y1, x0] + integral[y0, x0]


def _jittered_boxes(
    rng: np.random.Generator, anchors: NDArray[np.float64], k: int, task: TaskConfig
) -> NDArray[np.float64]:
    """``k`` boxes: random unclipped anchors with every edge moved by up to jitter x side."""
    inside = np.flatnonzero(
        (anchors[:, 0] > 0)
        & (anchors[:, 1] > 0)
        & (anchors[:, 2] < task.size)
        & (anchors[:, 3] < task.size)
    )
    base = anchors[rng.choice(inside, size=k)]
    w = base[:, 2] - base[:, 0]
    h = base[:, 3] - base[:, 1]
    amplitude = rng.uniform(0.0, task.jitter, size=(k, 1))
    move = amplitude * rng.uniform(-1.0, 1.0, size=(k, 4)) * np.stack([w, h, w, h], axis=1)
    box = np.round(base + move)
    box[:, [0, 1]] = np.clip(box[:, [0, 1]], 0, task.size - 2)
    box[:, 2] = np.clip(np.maximum(box[:, 2], box[:, 0] + 2), 0, task.size)
    box[:, 3] = np.clip(np.maximum(box[:, 3], box[:, 1] + 2), 0, task.size)
    return box


def _render(
    rng: np.random.Generator,
    task: TaskConfig,
    anchors: NDArray[np.float64],
    prototypes: NDArray[np.float64],
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int64]]:
    """One image (size x size x channels), its object boxes and their classes."""
    n, m, c = task.size, task.channels, task.n_classes
    cells = -(-n // task.background_cell)
    field_ = rng.normal(0.0, task.background_noise, size=(cells, cells, m))
    image = np.repeat(np.repeat(field_, task.background_cell, 0), task.background_cell, 1)[:n, :n]
    image = image + rng.normal(0.0, task.pixel_noise, size=(n, n, m))
    n_dis = int(rng.integers(task.distractors[0], task.distractors[1] + 1))
    for box in _jittered_boxes(rng, anchors, n_dis, task).astype(int):
        a, b = rng.choice(c, size=2, replace=False)
        colour = (prototypes[a] + prototypes[b]) / 2 + task.object_noise * rng.normal(
            size=m
        ) / np.sqrt(m)
        region = image[box[1] : box[3], box[0] : box[2]]
        region[...] = colour + rng.normal(0.0, task.pixel_noise, size=region.shape)
    n_obj = int(rng.integers(task.objects[0], task.objects[1] + 1))
    boxes = _jittered_boxes(rng, anchors, n_obj, task)
    classes = rng.integers(0, c, size=n_obj)
    for box, cls in zip(boxes.astype(int), classes, strict=True):
        colour = prototypes[cls] + task.object_noise * rng.normal(size=m) / np.sqrt(m)
        region = image[box[1] : box[3], box[0] : box[2]]
        region[...] = colour + rng.normal(0.0, task.pixel_noise, size=region.shape)
    return image, boxes, classes


def _features(
    image: NDArray[np.float64],
    anchors: NDArray[np.float64],
    shapes: NDArray[np.int64],
    task: TaskConfig,
) -> NDArray[np.float64]:
    """Per-anchor features: box mean, centre mean, context-ring mean, shape one-hot."""
    n = task.size
    integral = np.zeros((n + 1, n + 1, image.shape[2]))
    integral[1:, 1:] = image.cumsum(0).cumsum(1)
    box = anchors.astype(np.int64)
    cx = (anchors[:, 0] + anchors[:, 2]) / 2
    cy = (anchors[:, 1] + anchors[:, 3]) / 2
    w = anchors[:, 2] - anchors[:, 0]
    h = anchors[:, 3] - anchors[:, 1]

    def scaled(f: float) -> NDArray[np.int64]:
        half_w = np.maximum(w * f / 2, 0.5)
        half_h = np.maximum(h * f / 2, 0.5)
        out = np.stack([cx - half_w, cy - half_h, cx + half_w, cy + half_h], axis=1)
        out = np.clip(np.round(out), 0, n).astype(np.int64)
        out[:, 2] = np.maximum(out[:, 2], out[:, 0] + 1)
        out[:, 3] = np.maximum(out[:, 3], out[:, 1] + 1)
        return np.minimum(out, n)

    def area(b: NDArray[np.int64]) -> NDArray[np.float64]:
        return ((b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])).astype(np.float64)

    centre = scaled(0.5)
    big = scaled(2.0)
    s_box = _box_means(integral, box)
    s_centre = _box_means(integral, centre)
    s_big = _box_means(integral, big)
    ring_area = np.maximum(area(big) - area(box), 1.0)
    one_hot = np.eye(int(shapes.max()) + 1)[shapes]
    return np.concatenate(
        [
            s_box / area(box)[:, None],
            s_centre / area(centre)[:, None],
            (s_big - s_box) / ring_area[:, None],
            one_hot,
        ],
        axis=1,
    )


def _box_features(
    image: NDArray[np.float64], anchors: NDArray[np.float64], task: TaskConfig
) -> NDArray[np.float64]:
    """Box features of each anchor (6 x channels): where the evidence lies around the box.

    With L, R, T, B the means over the left, right, top and bottom halves of the box and
    Ls, Rs, Ts, Bs the means over the strips of half the box's width (height) just outside
    its left, right, top and bottom edges (clipped to the image; an empty strip has mean 0):
    ``R - L, B - T, Rs - Ls, Bs - Ts, Rs + Ls, Bs + Ts``, each per channel.
    """
    n = task.size
    integral = np.zeros((n + 1, n + 1, image.shape[2]))
    integral[1:, 1:] = image.cumsum(0).cumsum(1)
    x0, y0, x1, y1 = anchors.T
    xm = np.round((x0 + x1) / 2)
    ym = np.round((y0 + y1) / 2)
    sw = np.round((x1 - x0) / 2)
    sh = np.round((y1 - y0) / 2)

    def mean(a, b, c, d) -> NDArray[np.float64]:
        lo_x, lo_y = np.clip(a, 0, n), np.clip(b, 0, n)
        box = np.stack(
            [lo_x, lo_y, np.maximum(np.clip(c, 0, n), lo_x), np.maximum(np.clip(d, 0, n), lo_y)],
            axis=1,
        ).astype(np.int64)
        area = ((box[:, 2] - box[:, 0]) * (box[:, 3] - box[:, 1])).astype(np.float64)
        return _box_means(integral, box) / np.maximum(area, 1.0)[:, None]

    left, right = mean(x0, y0, xm, y1), mean(xm, y0, x1, y1)
    top, bottom = mean(x0, y0, x1, ym), mean(x0, ym, x1, y1)
    out_l, out_r = mean(x0 - sw, y0, x0, y1), mean(x1, y0, x1 + sw, y1)
    out_t, out_b = mean(x0, y0 - sh, x1, y0), mean(x0, y1, x1, y1 + sh)
    return np.concatenate(
        [right - left, bottom - top, out_r - out_l, out_b - out_t, out_r + out_l, out_b + out_t],
        axis=1,
    )


@dataclass(frozen=True)
class BoxTargets:
    """The box regressor's training set: every positive anchor of the training images.

    ``image`` and ``anchor`` locate it (in image order), ``classes`` is its label, ``codes``
    (n, 4) the SSD box code (:func:`~.geometry.encode_boxes`) of the object it is matched to
    and ``features`` (n, 6 x channels) its standardised box features.
    """

    image: NDArray[np.int64]
    anchor: NDArray[np.int64]
    classes: NDArray[np.int64]
    codes: NDArray[np.float64]
    features: NDArray[np.float32]


@dataclass(frozen=True)
class ExampleImage:
    """One rendered image with everything the task knows about it (for pictures)."""

    image: NDArray[np.float64]  # size x size x channels
    boxes: NDArray[np.float64]  # objects, x0 y0 x1 y1
    classes: NDArray[np.int64]
    prototypes: NDArray[np.float64]  # n_classes x channels, the class colours mu_c
    anchors: NDArray[np.float64]
    labels: NDArray[np.int64]  # per anchor: class, BACKGROUND or IGNORED


def example_image(seed: int, task: TaskConfig | None = None) -> ExampleImage:
    """The first training image of ``make_dataset(seed, task)``, with its anchors' labels."""
    task = DEFAULT.task if task is None else task
    if not isinstance(task, TaskConfig):
        raise TypeError(f"task must be a TaskConfig, got {type(task).__name__}")
    rng = np.random.default_rng([check_seed(seed), 2019])
    anchors, _ = make_anchors(task)
    prototypes = _prototypes(rng, task)
    image, boxes, classes = _render(rng, task, anchors, prototypes)
    labels = label_anchors(
        anchors, boxes, classes, positive_iou=task.positive_iou, negative_iou=task.negative_iou
    )
    return ExampleImage(image, boxes, classes, prototypes, anchors, labels)


def _prototypes(rng: np.random.Generator, task: TaskConfig) -> NDArray[np.float64]:
    """Class colours mu_c: random unit vectors of R^channels."""
    prototypes = rng.normal(size=(task.n_classes, task.channels))
    return prototypes / np.linalg.norm(prototypes, axis=1, keepdims=True)


@dataclass(frozen=True)
class Dataset:
    """One seed's task: anchors, standardised features, training labels and box targets,
    test IoUs and test objects.

    ``train_features`` (n_train, A, d), ``train_labels`` (n_train, A), ``train_boxes``: the
    box regressor's targets and features (:class:`BoxTargets`). ``test_features``
    (n_test, A, d), ``test_iou`` (n_test, A, C): the test anchors' best IoU with an object of
    each class (0 if the image has none), from which labels at any threshold follow.
    ``test_box_features`` (n_test, A, 6 x channels) standardised with the training positives'
    statistics. ``test_boxes`` and ``test_classes``: per test image its objects (k, 4 corners)
    and their classes, the ground truth of detection AP. ``image_size``: the side of an image
    (detections are clipped to it).
    """

    anchors: NDArray[np.float64]
    train_features: NDArray[np.float32]
    train_labels: NDArray[np.int64]
    test_features: NDArray[np.float32]
    test_iou: NDArray[np.float64]
    best_iou: NDArray[np.float64]  # every training object's best anchor IoU
    train_boxes: BoxTargets
    test_box_features: NDArray[np.float32]
    test_boxes: tuple[NDArray[np.float64], ...]
    test_classes: tuple[NDArray[np.int64], ...]
    image_size: int

    @property
    def imbalance(self) -> float:
        """Negative (anchor, class) pairs per positive pair in the training set."""
        n_classes = self.test_iou.shape[2]
        y = self.train_labels.ravel()
        positive, valid = pair_labels(y, n_classes)
        n_pos = int(positive.sum())
        return float((valid & ~positive).sum() / n_pos)

    @property
    def anchor_imbalance(self) -> float:
        """Background anchors per positive anchor in the training set."""
        y = self.train_labels.ravel()
        return float(np.count_nonzero(y == BACKGROUND) / np.count_nonzero(y >= 0))


def make_dataset(
    seed: int,
    task: TaskConfig = DEFAULT.task,
    n_train: int = DEFAULT.train.n_train,
    n_test: int = DEFAULT.train.n_test,
) -> Dataset:
    """Generate the training and test images of one seed (deterministic in ``seed``).

    The default sizes are those of :data:`DEFAULT`'s :class:`TrainConfig`.
    """
    seed = check_seed(seed)
    if not isinstance(task, TaskConfig):
        raise TypeError(f"task must be a TaskConfig, got {type(task).__name__}")
    n_train = check_int(n_train, "n_train", 1)
    n_test = check_int(n_test, "n_test", 1)
    rng = np.random.default_rng([seed, 2019])
    anchors, shapes = make_anchors(task)
    prototypes = _prototypes(rng, task)
    n_total = n_train + n_test
    n_features = 3 * task.channels + int(shapes.max()) + 1
    feats = np.empty((n_total, anchors.shape[0], n_features), dtype=np.float32)
    labels, ious, best = [], [], []
    box_rows: list[tuple[int, NDArray, NDArray, NDArray, NDArray]] = []
    n_box = 6 * task.channels
    test_box = np.empty((n_test, anchors.shape[0], n_box), dtype=np.float32)
    test_boxes, test_classes = [], []
    for k in range(n_total):
        image, boxes, classes = _render(rng, task, anchors, prototypes)
        feats[k] = _features(image, anchors, shapes, task)
        iou = iou_matrix(anchors, boxes)
        if k < n_train:
            y, matched = match_anchors(
                anchors,
                boxes,
                classes,
                positive_iou=task.positive_iou,
                negative_iou=task.negative_iou,
            )
            labels.append(y)
            pos = np.flatnonzero(y >= 0)
            codes = encode_boxes(boxes[matched[pos]], anchors[pos])
            box_rows.append((k, pos, y[pos], codes, _box_features(image, anchors[pos], task)))
            best.append(iou.max(axis=0))
        else:
            test_box[k - n_train] = _box_features(image, anchors, task)
            test_boxes.append(boxes)
            test_classes.append(classes.astype(np.int64))
            per_class = np.zeros((anchors.shape[0], task.n_classes), dtype=np.float64)
            for cls in range(task.n_classes):
                if np.any(classes == cls):
                    per_class[:, cls] = iou[:, classes == cls].max(axis=1)
            ious.append(per_class)
    # standardise with the training images' mean and std (two passes, float64 sums)
    n_rows = n_train * anchors.shape[0]
    mean = sum(feats[k].sum(axis=0, dtype=np.float64) for k in range(n_train)) / n_rows
    var = sum(((feats[k] - mean) ** 2).sum(axis=0) for k in range(n_train)) / n_rows
    std = np.sqrt(var)
    feats -= mean.astype(np.float32)
    feats /= np.where(std > 0, std, 1.0).astype(np.float32)
    f = feats
    box_feats = np.concatenate([r[4] for r in box_rows])
    box_mean = box_feats.mean(axis=0)
    box_std = box_feats.std(axis=0)
    box_std = np.where(box_std > 0, box_std, 1.0)
    test_box -= box_mean.astype(np.float32)
    test_box /= box_std.astype(np.float32)
    train_boxes = BoxTargets(
        image=np.concatenate([np.full(r[1].size, r[0], dtype=np.int64) for r in box_rows]),
        anchor=np.concatenate([r[1] for r in box_rows]).astype(np.int64),
        classes=np.concatenate([r[2] for r in box_rows]).astype(np.int64),
        codes=np.concatenate([r[3] for r in box_rows]),
        features=((box_feats - box_mean) / box_std).astype(np.float32),
    )
    return Dataset(
        anchors=anchors,
        train_features=f[:n_train],
        train_labels=np.stack(labels),
        test_features=f[n_train:],
        test_iou=np.stack(ious),
        best_iou=np.concatenate(best),
        train_boxes=train_boxes,
        test_box_features=test_box,
        test_boxes=tuple(test_boxes),
        test_classes=tuple(test_classes),
        image_size=task.size,
    )
