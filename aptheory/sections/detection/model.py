"""Section 5 in miniature: which loss ranks anchors best when foreground is rare?

The supplement's Table 1 / Figure 1 train SSD512 on PASCAL VOC with four classification
losses. This module asks the same question on a synthetic, seeded, dense-detection task that
runs on a CPU in about a minute. Everything below (the task, its difficulty, the scorer, the
optimiser, the budget) was fixed and written down before any loss was compared; nothing was
tuned toward a result.

The task (:class:`TaskConfig`)
-------------------------------
* An *image* is a ``size x size`` grid with ``channels`` feature channels (think of the output
  of a frozen backbone). Each class c has a prototype ``mu_c``, a random unit vector of
  R^channels drawn from the seed.
* Background = a smooth random field (Gaussian noise on a ``background_cell``-pixel grid,
  blown up to blocks, amplitude ``background_noise``) + white pixel noise (``pixel_noise``).
* *Objects* (``objects`` per image, uniform classes) are rectangles painted with
  ``mu_c + object_noise * eps / sqrt(channels)`` (one eps per object) plus pixel noise; they
  occlude what is under them. Their boxes are random anchor boxes whose every edge is moved by
  ``a * u * side`` (``a ~ U(0, jitter)`` per object, ``u ~ U(-1, 1)`` per edge, rounded to
  pixels): the best anchor of an object then has IoU between about 0.55 and 1 (median about
  0.8), which stands in for the box regression this miniature leaves out and gives every IoU
  threshold 0.50:0.05:0.95 positives (few at 0.9 and 0.95).
* *Distractors* (``distractors`` per image, painted first, so objects occlude them) are boxes
  of the same kind painted with the mix ``(mu_a + mu_b) / 2`` of two different classes (plus
  colour and pixel noise): hard negatives far from objects. The background field makes
  object-sized bright blobs too (see the figure ``detection_task``). Hard negatives near
  objects come from the anchors that overlap an object partly (IoU < 0.4).
* *Anchors*: at every cell of the grids of strides ``strides``, boxes of side
  ``base * scale`` for each ``scale`` and aspect ratio ``ratio`` (w/h), clipped to the image.
* *Labels* (SSD / RetinaNet rule): an anchor's IoU with its best-matching object decides it,
  positive of that object's class if IoU >= 0.5, background if IoU < 0.4, ignored in between;
  then each object's best anchor is made positive for that object regardless of its IoU.
* *Features* of an anchor (d = 3 x channels + number of anchor shapes), pooled with an integral
  image: the mean of the channels over the anchor box, over its central half-size box, and
  over the ring between the box and the box doubled in size (context), plus a one-hot code of
  the anchor's shape. The evidence is real (an anchor on an object sees ``mu_c`` inside and
  background around it; a misplaced one sees part of the object in the ring or background
  inside) and noisy (pixel noise, background field, object colour noise, distractors).
  Features are standardised with the training set's mean and standard deviation.

The scorer and training (:class:`TrainConfig`)
----------------------------------------------
One linear scorer ``s[a, c] = f_a . W[:, c] + b_c`` (the supplement's linear model
``s_k = <f_k, theta>`` with block features for the box k = (anchor a, class c)), initialised
with ``W ~ N(0, 0.01^2)`` and the RetinaNet prior ``b_c = -log(99)``, trained by Adam
(``learning_rate``, betas 0.9/0.999) for ``iterations`` minibatches of ``batch_size`` images,
the same optimiser, initialisation, minibatch sequence and budget for every loss:

* ``ce-ohem``: softmax cross-entropy with a background logit fixed at 0, OHEM 3:1 per image;
* ``focal-g1``: focal loss gamma = 1, alpha = 0.25 (the supplement's choice for SSD);
* ``focal-g2``: focal loss gamma = 2, alpha = 0.25 (RetinaNet's original setting);
* ``auc``: pairwise AUC-loss with H~ (delta = 1) and the error-driven update;
* ``ap``: AP-loss, error-driven update, one ranking over all anchors and classes of the
  minibatch (ignored anchors left out), H~ with delta = 1, interpolated AP, through the exact
  O(n log n) :func:`aptheory.fastap.ap_loss_grad`.

What is measured (:func:`ranking_ap`)
-------------------------------------
On held-out images: for each class c and IoU threshold t, the (anchor, class c) pairs of all
test images are pooled and ranked by the model's score for class c (softmax probability for
CE, sigmoid for focal, the raw score for the ranking losses); a pair is positive iff the
anchor's IoU with some object of class c is >= t, every other pair (no ignore band) is
negative. Its non-interpolated average precision (sklearn's definition) is averaged over the
classes that have a positive at t. AP50, AP75 and AP (mean over t = 0.50:0.05:0.95) follow.
A threshold at which no test anchor of any class is positive has no AP: :func:`train`
evaluates only the thresholds with a test positive, records them in :attr:`Run.thresholds`
and the table says which were left out (none in the shipped configurations).
This is *ranking* AP of anchors, not detection AP: there is no box regression, no NMS and no
penalty for an object whose anchors all miss the threshold.

Imbalance (measured by :attr:`Dataset.imbalance`, printed in the header of the table): the
default task has 4536 anchors per image; on the 48 training images of seed 0 of the quick
configuration (the same task) there are 1:1653 positive:negative (anchor, class) pairs, the
ranking the losses see, and per *anchor* 1:330 positive:background anchors (13.6 positive
anchors per image). ``tests/test_detection.py`` recomputes these four numbers from this text.

The AUC-loss is not defined in the supplement; we read the main paper's comparison as the
pairwise 1 - AUC trained in the same framework as AP-loss (H~, error-driven update), see
:func:`aptheory.losses.auc_loss`.

Record. Before any loss was trained, the image size, number of classes, anchor sizes and the
jitter were set from task statistics alone (pair imbalance >= 1:1000, test positives at every
IoU threshold). The configuration (``DEFAULT``, ``QUICK``) was then written down and run once.
Later changes were for speed only (row-blocked BLAS products, float32 standardisation,
skipping negatives below min(positive) - delta in the AUC update, a cheaper softmax and focal
loss, a partial sort for OHEM's selection) and for the wording of the verdict. The README's
table is the output of ``aptheory detection`` (default configuration, seeds 0..4).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

from aptheory.core import fastap
from aptheory.sections.detection.losses import (
    BACKGROUND,
    IGNORED,
    auc_loss,
    focal_loss,
    log_softmax_with_background,
    ohem_cross_entropy,
    pair_labels,
)
from aptheory.core.progress import Progress

__all__ = [
    "DEFAULT",
    "IOU_THRESHOLDS",
    "LOSSES",
    "QUICK",
    "SUPPLEMENT_TABLE1",
    "Comparison",
    "Config",
    "Dataset",
    "ExampleImage",
    "Run",
    "TaskConfig",
    "TrainConfig",
    "average_precision",
    "configure_parser",
    "example_image",
    "iou_matrix",
    "label_anchors",
    "make_anchors",
    "make_dataset",
    "ordering_verdict",
    "ranking_ap",
    "render_markdown",
    "run_command",
    "run_comparison",
    "thresholds_with_positives",
    "train",
]

IOU_THRESHOLDS: tuple[float, ...] = tuple(round(0.5 + 0.05 * k, 2) for k in range(10))

#: name -> human label, in the order of the supplement's Table 1 (focal gamma = 2 added).
#: Read-only (a mapping proxy): no module-level mutable state.
LOSSES: Mapping[str, str] = MappingProxyType(
    {
        "ce-ohem": "CE + OHEM (3:1)",
        "focal-g1": "Focal (gamma=1, alpha=0.25)",
        "focal-g2": "Focal (gamma=2, alpha=0.25)",
        "auc": "AUC-loss",
        "ap": "AP-loss",
    }
)

#: The supplement's Table 1 (SSD512, VOC2007 test): loss -> (AP, AP50, AP75) in percent.
SUPPLEMENT_TABLE1: Mapping[str, tuple[float, float, float]] = MappingProxyType(
    {
        "ce-ohem": (43.6, 76.0, 44.7),
        "focal-g1": (39.3, 69.9, 38.0),
        "auc": (33.8, 63.7, 31.5),
        "ap": (45.2, 77.3, 47.3),
    }
)

#: The ordering the supplement reports, best first.
PAPER_ORDER: tuple[str, ...] = ("ap", "ce-ohem", "focal-g1", "auc")


# ------------------------------------------------------------------------------ config


def _check_int(name: str, value: object, minimum: int) -> None:
    """Raise naming ``name`` unless ``value`` is an integer >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value!r}")


def _check_real(name: str, value: object, *, positive: bool) -> None:
    """Raise naming ``name`` unless ``value`` is a finite real number, > 0 or >= 0."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    if not np.isfinite(value) or (value <= 0 if positive else value < 0):
        raise ValueError(
            f"{name} must be finite and {'> 0' if positive else '>= 0'}, got {value!r}"
        )


def _check_tuple(name: str, value: object, length: int | None = None) -> tuple:
    """Raise naming ``name`` unless ``value`` is a non-empty tuple (of ``length`` items)."""
    if not isinstance(value, tuple):
        raise TypeError(f"{name} must be a tuple, got {type(value).__name__}")
    if not value or (length is not None and len(value) != length):
        need = f"{length} items" if length is not None else "at least one item"
        raise ValueError(f"{name} must have {need}, got {value!r}")
    return value


def _check_range(name: str, value: object, minimum: int) -> None:
    """Raise naming ``name`` unless ``value`` is a pair of integers minimum <= lo <= hi."""
    lo, hi = _check_tuple(name, value, 2)
    _check_int(f"{name}[0]", lo, minimum)
    _check_int(f"{name}[1]", hi, minimum)
    if lo > hi:
        raise ValueError(f"{name} must be (lo, hi) with lo <= hi, got {value!r}")


@dataclass(frozen=True)
class TaskConfig:
    """The synthetic dense-detection task (module docstring); fixed before any comparison.

    Validated on construction: ``ValueError``/``TypeError`` naming the field.
    """

    size: int = 96
    channels: int = 8
    n_classes: int = 5
    strides: tuple[int, ...] = (4, 8, 16)
    bases: tuple[int, ...] = (12, 24, 48)
    scales: tuple[float, ...] = (1.0, 2**0.5)
    ratios: tuple[float, ...] = (0.5, 1.0, 2.0)
    objects: tuple[int, int] = (1, 2)
    distractors: tuple[int, int] = (1, 3)
    jitter: float = 0.25
    pixel_noise: float = 1.0
    background_noise: float = 0.5
    background_cell: int = 8
    object_noise: float = 0.3
    positive_iou: float = 0.5
    negative_iou: float = 0.4

    def __post_init__(self) -> None:
        _check_int("size", self.size, 2)  # boxes are at least 2 pixels wide
        _check_int("channels", self.channels, 1)
        _check_int("n_classes", self.n_classes, 1)
        _check_int("background_cell", self.background_cell, 1)
        for name in ("strides", "bases"):
            for k, value in enumerate(_check_tuple(name, getattr(self, name))):
                _check_int(f"{name}[{k}]", value, 1)
        if len(self.bases) != len(self.strides):
            raise ValueError(
                f"bases must have one entry per stride ({len(self.strides)}), got {self.bases!r}"
            )
        if max(self.strides) > self.size:
            raise ValueError(f"strides must be <= size ({self.size}), got {self.strides!r}")
        for name in ("scales", "ratios"):
            for k, value in enumerate(_check_tuple(name, getattr(self, name))):
                _check_real(f"{name}[{k}]", value, positive=True)
        _check_range("objects", self.objects, 1)  # every image needs a positive anchor
        _check_range("distractors", self.distractors, 0)
        if self.distractors[1] > 0 and self.n_classes < 2:
            raise ValueError("n_classes must be >= 2 when there are distractors (two colours)")
        for name in ("jitter", "pixel_noise", "background_noise", "object_noise"):
            _check_real(name, getattr(self, name), positive=False)
        for name in ("negative_iou", "positive_iou"):
            _check_real(name, getattr(self, name), positive=False)
        if not 0.0 <= self.negative_iou <= self.positive_iou <= 1.0:
            raise ValueError(
                "negative_iou and positive_iou must satisfy 0 <= negative_iou <= positive_iou "
                f"<= 1, got negative_iou={self.negative_iou!r}, positive_iou={self.positive_iou!r}"
            )


@dataclass(frozen=True)
class TrainConfig:
    """Data sizes, optimiser and budget, the same for every loss.

    Validated on construction: ``ValueError``/``TypeError`` naming the field.
    """

    n_train: int = 120
    n_test: int = 40
    iterations: int = 300
    batch_size: int = 4
    learning_rate: float = 0.01
    evaluations: int = 7  # points of the AP-vs-iteration curve (including 0 and the end)

    def __post_init__(self) -> None:
        for name in ("n_train", "n_test", "iterations", "batch_size", "evaluations"):
            _check_int(name, getattr(self, name), 1)
        _check_real("learning_rate", self.learning_rate, positive=True)


@dataclass(frozen=True)
class Config:
    """One comparison: the task, the training budget and the losses."""

    task: TaskConfig = field(default_factory=TaskConfig)
    train: TrainConfig = field(default_factory=TrainConfig)
    losses: tuple[str, ...] = tuple(LOSSES)
    name: str = "default"

    def __post_init__(self) -> None:
        if not isinstance(self.task, TaskConfig):
            raise TypeError(f"task must be a TaskConfig, got {type(self.task).__name__}")
        if not isinstance(self.train, TrainConfig):
            raise TypeError(f"train must be a TrainConfig, got {type(self.train).__name__}")
        for loss in _check_tuple("losses", self.losses):
            if loss not in LOSSES:
                raise ValueError(f"losses must name losses of {', '.join(LOSSES)}; got {loss!r}")
        if not isinstance(self.name, str):
            raise TypeError(f"name must be a str, got {type(self.name).__name__}")


DEFAULT = Config()
QUICK = Config(
    train=TrainConfig(n_train=48, n_test=20, iterations=100, batch_size=4, evaluations=5),
    name="quick",
)


# ------------------------------------------------------------------------------ boxes


def iou_matrix(a: NDArray[np.float64], b: NDArray[np.float64]) -> NDArray[np.float64]:
    """IoU of every box of ``a`` (n x 4, x0 y0 x1 y1) with every box of ``b`` (m x 4).

    Raises ``ValueError`` naming ``a`` or ``b`` for a shape other than (k, 4) (or one box of
    shape (4,)), a non-finite coordinate or a box of zero or negative area (x1 <= x0 or
    y1 <= y0), whose IoU would be 0/0.
    """
    a = _check_boxes(a, "a")
    b = _check_boxes(b, "b")
    ix = np.clip(
        np.minimum(a[:, None, 2], b[None, :, 2]) - np.maximum(a[:, None, 0], b[None, :, 0]), 0, None
    )
    iy = np.clip(
        np.minimum(a[:, None, 3], b[None, :, 3]) - np.maximum(a[:, None, 1], b[None, :, 1]), 0, None
    )
    inter = ix * iy
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    return inter / (area_a[:, None] + area_b[None, :] - inter)


def _check_boxes(boxes: NDArray[np.float64], name: str) -> NDArray[np.float64]:
    """``boxes`` as a float64 (k, 4) array of finite boxes with positive area, or ValueError."""
    arr = np.asarray(boxes, dtype=np.float64)
    if arr.shape == (4,):
        arr = arr.reshape(1, 4)
    if arr.ndim != 2 or arr.shape[1] != 4:
        raise ValueError(f"{name} must have shape (k, 4) (x0 y0 x1 y1), got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or inf)")
    if np.any(arr[:, 2] <= arr[:, 0]) or np.any(arr[:, 3] <= arr[:, 1]):
        raise ValueError(f"{name} must hold boxes of positive area (x1 > x0 and y1 > y0)")
    return arr


def make_anchors(task: TaskConfig) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Anchor boxes (integer pixel corners, clipped to the image) and their shape index."""
    boxes, shapes = [], []
    shape = 0
    for stride, base in zip(task.strides, task.bases, strict=True):
        centres = (np.arange(task.size // stride) + 0.5) * stride
        cy, cx = np.meshgrid(centres, centres, indexing="ij")
        for scale in task.scales:
            for ratio in task.ratios:
                w = base * scale * np.sqrt(ratio)
                h = base * scale / np.sqrt(ratio)
                x0 = np.clip(np.round(cx - w / 2), 0, task.size)
                x1 = np.clip(np.round(cx + w / 2), 0, task.size)
                y0 = np.clip(np.round(cy - h / 2), 0, task.size)
                y1 = np.clip(np.round(cy + h / 2), 0, task.size)
                boxes.append(np.stack([x0, y0, x1, y1], axis=-1).reshape(-1, 4))
                shapes.append(np.full(cx.size, shape))
                shape += 1
    return np.concatenate(boxes), np.concatenate(shapes)


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


def label_anchors(
    anchors: NDArray[np.float64],
    boxes: NDArray[np.float64],
    classes: NDArray[np.int64],
    *,
    positive_iou: float = 0.5,
    negative_iou: float = 0.4,
) -> NDArray[np.int64]:
    """SSD/RetinaNet anchor labels: class c, ``BACKGROUND`` (-1) or ``IGNORED`` (-2).

    IoU with the best-matching object >= ``positive_iou``: that object's class; below
    ``negative_iou``: background; in between: ignored. Then each object's best anchor is
    assigned to that object (positive) whatever its IoU.
    """
    if boxes.shape[0] == 0:
        return np.full(anchors.shape[0], BACKGROUND, dtype=np.int64)
    iou = iou_matrix(anchors, boxes)
    best_obj = iou.argmax(axis=1)
    best = iou[np.arange(anchors.shape[0]), best_obj]
    labels = np.where(
        best >= positive_iou, classes[best_obj], np.where(best < negative_iou, BACKGROUND, IGNORED)
    ).astype(np.int64)
    best_anchor = iou.argmax(axis=0)
    labels[best_anchor] = classes
    return labels


# ---------------------------------------------------------------------------- images


def _box_means(integral: NDArray[np.float64], boxes: NDArray[np.int64]) -> NDArray[np.float64]:
    """Sum of the image over every box [x0, x1) x [y0, y1) via its integral image."""
    x0, y0, x1, y1 = boxes.T
    return integral[y1, x1] - integral[y0, x1] - integral[y1, x0] + integral[y0, x0]


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
    rng = np.random.default_rng([_check_seed(seed), 2019])
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
    """One seed's task: anchors, standardised features, training labels, test IoUs.

    ``train_features`` (n_train, A, d), ``train_labels`` (n_train, A), ``test_features``
    (n_test, A, d), ``test_iou`` (n_test, A, C): the test anchors' best IoU with an object
    of each class (0 if the image has none), from which labels at any threshold follow.
    """

    anchors: NDArray[np.float64]
    train_features: NDArray[np.float32]
    train_labels: NDArray[np.int64]
    test_features: NDArray[np.float32]
    test_iou: NDArray[np.float64]
    best_iou: NDArray[np.float64]  # every training object's best anchor IoU

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


def _check_seed(seed: int) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be an integer >= 0, got {seed!r}")
    return int(seed)


def make_dataset(
    seed: int,
    task: TaskConfig = DEFAULT.task,
    n_train: int = DEFAULT.train.n_train,
    n_test: int = DEFAULT.train.n_test,
) -> Dataset:
    """Generate the training and test images of one seed (deterministic in ``seed``).

    The default sizes are those of :data:`DEFAULT`'s :class:`TrainConfig`.
    """
    seed = _check_seed(seed)
    if not isinstance(task, TaskConfig):
        raise TypeError(f"task must be a TaskConfig, got {type(task).__name__}")
    for name, value in (("n_train", n_train), ("n_test", n_test)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be an integer >= 1, got {value!r}")
    rng = np.random.default_rng([seed, 2019])
    anchors, shapes = make_anchors(task)
    prototypes = _prototypes(rng, task)
    n_total = n_train + n_test
    n_features = 3 * task.channels + int(shapes.max()) + 1
    feats = np.empty((n_total, anchors.shape[0], n_features), dtype=np.float32)
    labels, ious, best = [], [], []
    for k in range(n_total):
        image, boxes, classes = _render(rng, task, anchors, prototypes)
        feats[k] = _features(image, anchors, shapes, task)
        iou = iou_matrix(anchors, boxes)
        if k < n_train:
            labels.append(
                label_anchors(
                    anchors,
                    boxes,
                    classes,
                    positive_iou=task.positive_iou,
                    negative_iou=task.negative_iou,
                )
            )
            best.append(iou.max(axis=0))
        else:
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
    return Dataset(
        anchors=anchors,
        train_features=f[:n_train],
        train_labels=np.stack(labels),
        test_features=f[n_train:],
        test_iou=np.stack(ious),
        best_iou=np.concatenate(best),
    )


# ------------------------------------------------------------------------- evaluation


def average_precision(scores: NDArray[np.float64], positive: NDArray[np.bool_]) -> float:
    """Non-interpolated AP of one ranking, sklearn's ``average_precision_score`` (ties grouped).

    AP = (1/|P|) sum_{i in P} rank+(i) / rank(i) with H(0) = 1 (ties counted ahead), which
    equals sklearn's sum_k (R_k - R_{k-1}) P_k over the distinct score thresholds: it is
    1 - eq. (17), computed by :func:`aptheory.fastap.ap_loss_grad`.
    """
    s = np.asarray(scores, dtype=np.float64)
    p = np.asarray(positive, dtype=bool)
    if s.ndim != 1 or p.shape != s.shape:
        raise ValueError(f"scores and positive must be 1-D of one shape, got {s.shape}, {p.shape}")
    if not np.all(np.isfinite(s)):
        raise ValueError("scores must be finite (no NaN or inf)")
    if not p.any():
        raise ValueError("positive must mark at least one box (|P| >= 1)")
    # 1 - AP-loss with H, H(0) = 1 (exact integer counts, see aptheory.ranking), in O(n log |P|)
    return 1.0 - fastap.ap_loss_grad(s, p, step="heaviside", at_zero=1.0)[0]


def thresholds_with_positives(
    iou: NDArray[np.float64], thresholds: Sequence[float] = IOU_THRESHOLDS
) -> tuple[float, ...]:
    """The thresholds t (in order) at which some entry of ``iou`` is >= t: those with an AP."""
    iou = np.asarray(iou)
    thresholds = _check_thresholds(thresholds)
    top = float(iou.max()) if iou.size else -np.inf
    return tuple(t for t in thresholds if top >= t)


def _check_thresholds(thresholds: Sequence[float]) -> tuple[float, ...]:
    """``thresholds`` as a non-empty tuple of finite floats, or ValueError naming it."""
    out = tuple(float(t) for t in thresholds)
    if not out or not all(np.isfinite(t) for t in out):
        raise ValueError(f"thresholds must be a non-empty sequence of finite numbers, got {out!r}")
    return out


def ranking_ap(
    scores: NDArray[np.float64],
    iou: NDArray[np.float64],
    thresholds: Sequence[float] = IOU_THRESHOLDS,
) -> NDArray[np.float64]:
    """Ranking AP of (anchor, class) pairs at each IoU threshold, averaged over classes.

    ``scores`` and ``iou`` are (n_anchors, C): column c ranks every test anchor for class c;
    at threshold t its positives are the anchors with IoU >= t with an object of class c.
    AP = (1/|P|) sum_{i in P} rank+(i) / rank(i), ties counted ahead (H(0) = 1), which is
    sklearn's average precision (see :mod:`aptheory.ranking`). Classes without a positive at
    t are left out of the mean. A threshold at which no class has a positive has no AP: it
    raises ``ValueError`` naming ``iou`` (choose the thresholds with
    :func:`thresholds_with_positives`). One sort per class serves every t.
    """
    scores = np.asarray(scores, dtype=np.float64)
    iou = np.asarray(iou)
    if scores.shape != iou.shape or scores.ndim != 2:
        raise ValueError(f"scores {scores.shape} and iou {iou.shape} must be equal 2-D shapes")
    if not np.all(np.isfinite(scores)):
        raise ValueError("scores must be finite (no NaN or inf)")
    if not np.all(np.isfinite(iou)):
        raise ValueError("iou must be finite (no NaN or inf)")
    thresholds = _check_thresholds(thresholds)
    # Not 1 - ranking/fastap.ap_loss per (class, t): one sort per class here serves all ten
    # thresholds, which fastap would re-bin each time (tests check they agree).
    per_class = np.full((len(thresholds), scores.shape[1]), np.nan)  # NaN: class has no positive
    lowest = min(thresholds)
    for c in range(scores.shape[1]):
        col = scores[:, c]
        candidates = np.flatnonzero(iou[:, c] >= lowest)
        if candidates.size == 0:
            continue
        s_all = np.sort(col)
        s_cand = col[candidates]
        rank_all = col.size - np.searchsorted(s_all, s_cand, side="left")
        for k, t in enumerate(thresholds):
            pos = iou[candidates, c] >= t
            if not pos.any():
                continue
            s_pos = np.sort(s_cand[pos])
            rank_pos = s_pos.size - np.searchsorted(s_pos, s_cand[pos], side="left")
            per_class[k, c] = float(np.mean(rank_pos / rank_all[pos]))
    counts = np.sum(~np.isnan(per_class), axis=1)
    if np.any(counts == 0):
        empty = [t for t, n in zip(thresholds, counts, strict=True) if n == 0]
        raise ValueError(
            f"iou has no positive at IoU threshold(s) {empty}: no class to average AP over "
            "(choose thresholds with thresholds_with_positives)"
        )
    return np.nansum(per_class, axis=1) / counts


# --------------------------------------------------------------------------- training

_ROWS = 2048  # rows per matrix product: small enough that BLAS stays on one thread


def _scores_of(features: NDArray[np.float32], weights: NDArray[np.float64]) -> NDArray:
    """``features @ weights`` in float32, in row blocks of ``_ROWS``.

    The blocks keep each product under OpenBLAS's threading threshold: on a shared machine
    its threads spin against other processes and made one product 10x slower. The result is
    deterministic (fixed blocks), as float32 products of a given size always are.
    """
    w = weights.astype(np.float32)
    out = np.empty((features.shape[0], w.shape[1]), dtype=np.float32)
    for i in range(0, features.shape[0], _ROWS):
        np.matmul(features[i : i + _ROWS], w, out=out[i : i + _ROWS])
    return out.astype(np.float64)


def _weight_grad(features: NDArray[np.float32], grad: NDArray[np.float64]) -> NDArray:
    """``features.T @ grad`` (chain rule through the linear scorer), in row blocks."""
    g = grad.astype(np.float32)
    acc = np.zeros((features.shape[1], g.shape[1]), dtype=np.float64)
    for i in range(0, features.shape[0], _ROWS):
        acc += features[i : i + _ROWS].T @ g[i : i + _ROWS]
    return acc


LossFn = Callable[
    [NDArray[np.float64], NDArray[np.int64], NDArray[np.int64]],
    tuple[float, NDArray[np.float64]],
]


def _ranking_loss(
    rank_fn: Callable[[NDArray[np.float64], NDArray[np.bool_]], tuple[float, NDArray]],
) -> LossFn:
    """Lift a (scores, positive) -> (loss, grad) ranking loss to all pairs of a minibatch.

    One ranking over every (anchor, class) pair of the minibatch, ignored anchors left out
    (main paper Sec. 3.4.1); ``groups`` (the images) play no part.
    """

    def loss(
        scores: NDArray[np.float64], labels: NDArray[np.int64], groups: NDArray[np.int64]
    ) -> tuple[float, NDArray[np.float64]]:
        positive, valid = pair_labels(labels, scores.shape[1])
        value, g = rank_fn(scores[valid], positive[valid])
        grad = np.zeros_like(scores)
        grad[valid] = g
        return value, grad

    return loss


def _loss_function(name: str) -> LossFn:
    """The training loss ``name`` of :data:`LOSSES` as (scores, labels, groups) -> (loss, grad)."""
    if name == "ce-ohem":
        return lambda s, y, g: ohem_cross_entropy(s, y, g, neg_pos_ratio=3.0)
    if name == "focal-g1":
        return lambda s, y, g: focal_loss(s, y, gamma=1.0, alpha=0.25)
    if name == "focal-g2":
        return lambda s, y, g: focal_loss(s, y, gamma=2.0, alpha=0.25)
    if name == "auc":
        return _ranking_loss(lambda s, p: auc_loss(s, p, delta=1.0))
    if name == "ap":
        return _ranking_loss(
            lambda s, p: fastap.ap_loss_grad(s, p, step="piecewise", delta=1.0, interpolated=True)
        )
    raise ValueError(f"loss must be one of {', '.join(LOSSES)}; got {name!r}")


def _eval_scores(name: str, scores: NDArray[np.float64]) -> NDArray[np.float64]:
    """The score a trained model ranks class c by: log softmax probability for CE, else s.

    Sigmoid (focal) is monotone in s, so the raw score ranks identically and cannot saturate
    into ties; the softmax probability of class c depends on the other classes' scores too.
    """
    if name == "ce-ohem":
        return log_softmax_with_background(scores)[:, 1:]
    return scores


@dataclass(frozen=True)
class Run:
    """One loss trained on one seed: the AP curve and the final per-threshold ranking AP.

    ``thresholds`` are the IoU thresholds of :data:`IOU_THRESHOLDS` at which the test set has
    a positive (all of them in the shipped configurations); ``curve``, ``per_threshold`` and
    ``ap`` use exactly these, and :attr:`missing_thresholds` names the others.
    """

    loss: str
    seed: int
    iterations: tuple[int, ...]
    curve: tuple[float, ...]  # AP (mean over ``thresholds``) at each of ``iterations``
    per_threshold: tuple[float, ...]  # final AP at each of ``thresholds``
    train_loss: tuple[float, ...]  # training loss at each iteration
    seconds: float
    thresholds: tuple[float, ...] = IOU_THRESHOLDS

    @property
    def missing_thresholds(self) -> tuple[float, ...]:
        """The thresholds of IOU_THRESHOLDS left out of ``ap`` (no test positive there)."""
        return tuple(t for t in IOU_THRESHOLDS if t not in self.thresholds)

    @property
    def ap(self) -> float:
        """AP averaged over the evaluated IoU thresholds (0.50:0.05:0.95 unless some missing)."""
        return float(np.mean(self.per_threshold))

    def ap_at(self, threshold: float) -> float:
        """AP at one IoU threshold; ``ValueError`` naming ``threshold`` if it was not evaluated."""
        if threshold not in self.thresholds:
            raise ValueError(
                f"threshold {threshold} was not evaluated (no test positive there); "
                f"evaluated: {self.thresholds}"
            )
        return float(self.per_threshold[self.thresholds.index(threshold)])

    @property
    def ap50(self) -> float:
        """AP at IoU 0.5."""
        return self.ap_at(0.5)

    @property
    def ap75(self) -> float:
        """AP at IoU 0.75."""
        return self.ap_at(0.75)


def train(data: Dataset, loss: str, train_cfg: TrainConfig, seed: int) -> Run:
    """Train the linear scorer with ``loss`` (Adam, fixed budget) and evaluate it on the way.

    The initialisation and the minibatch sequence depend on ``seed`` only, so every loss sees
    the same ones.
    """
    if not isinstance(data, Dataset):
        raise TypeError(f"data must be a Dataset, got {type(data).__name__}")
    if not isinstance(loss, str):
        raise TypeError(f"loss must be a str, got {type(loss).__name__}")
    if not isinstance(train_cfg, TrainConfig):
        raise TypeError(f"train_cfg must be a TrainConfig, got {type(train_cfg).__name__}")
    seed = _check_seed(seed)
    loss_fn = _loss_function(loss)
    thresholds = thresholds_with_positives(data.test_iou)
    if not thresholds:
        raise ValueError("data.test_iou has no positive at any IoU threshold (no AP to measure)")
    start = time.perf_counter()
    n_train, n_anchors, d = data.train_features.shape
    n_classes = data.test_iou.shape[2]
    init = np.random.default_rng([seed, 11])
    weights = init.normal(0.0, 0.01, size=(d, n_classes))
    bias = np.full(n_classes, -np.log(99.0))
    m_w, v_w = np.zeros_like(weights), np.zeros_like(weights)
    m_b, v_b = np.zeros_like(bias), np.zeros_like(bias)
    beta1, beta2, eps, lr = 0.9, 0.999, 1e-8, train_cfg.learning_rate
    order = np.random.default_rng([seed, 7])
    batches: list[int] = []
    bsz = train_cfg.batch_size
    while len(batches) < train_cfg.iterations * bsz:
        batches.extend(order.permutation(n_train).tolist())
    groups = np.repeat(np.arange(bsz), n_anchors)
    test_f = data.test_features.reshape(-1, d)
    test_iou = data.test_iou.reshape(-1, n_classes)
    points = np.linspace(0, train_cfg.iterations, max(train_cfg.evaluations, 2))
    checkpoints = sorted({int(round(x)) for x in points} | {train_cfg.iterations})

    def evaluate() -> NDArray[np.float64]:
        scores = _scores_of(test_f, weights) + bias
        return ranking_ap(_eval_scores(loss, scores), test_iou, thresholds)

    curve, losses = [], []
    final = np.zeros(len(thresholds))  # replaced at the last checkpoint (the end)
    for it in range(train_cfg.iterations + 1):
        if it in checkpoints:
            final = evaluate()
            curve.append(float(np.mean(final)))
        if it == train_cfg.iterations:
            break  # the last checkpoint is the end, so ``final`` is the trained model's AP
        idx = batches[it * bsz : (it + 1) * bsz]
        feats = data.train_features[idx].reshape(-1, d)
        labels = data.train_labels[idx].ravel()
        value, grad = loss_fn(_scores_of(feats, weights) + bias, labels, groups)
        losses.append(value)
        g_w = _weight_grad(feats, grad)
        g_b = grad.sum(axis=0)
        t = it + 1
        for p, g, m, v in ((weights, g_w, m_w, v_w), (bias, g_b, m_b, v_b)):
            m *= beta1
            m += (1 - beta1) * g
            v *= beta2
            v += (1 - beta2) * g * g
            p -= lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)
    return Run(
        loss=loss,
        seed=seed,
        iterations=tuple(checkpoints),
        curve=tuple(curve),
        per_threshold=tuple(float(x) for x in final),
        train_loss=tuple(losses),
        seconds=time.perf_counter() - start,
        thresholds=thresholds,
    )


# ------------------------------------------------------------------------- comparison


@dataclass(frozen=True)
class Comparison:
    """Every (loss, seed) run of one configuration, with the task statistics."""

    config: Config
    seeds: tuple[int, ...]
    runs: tuple[Run, ...]
    imbalance: float  # negative pairs per positive pair (mean over seeds' training sets)
    anchor_imbalance: float  # background anchors per positive anchor
    n_anchors: int
    seconds: float

    def runs_of(self, loss: str) -> list[Run]:
        """The runs of one loss, in seed order."""
        return [r for r in self.runs if r.loss == loss]

    def missing_thresholds(self, loss: str) -> list[list[float]]:
        """Per run of ``loss`` (seed order): the IoU thresholds left out of its AP (no test
        positive there); empty lists when every threshold was evaluated."""
        return [list(r.missing_thresholds) for r in self.runs_of(loss)]

    def rows(self) -> list[dict]:
        """One row per loss: mean and std over seeds of AP, AP50, AP75 (percent)."""
        rows = []
        for loss in self.config.losses:
            runs = self.runs_of(loss)
            ap = 100 * np.array([r.ap for r in runs])
            ap50 = 100 * np.array([r.ap50 for r in runs])
            ap75 = 100 * np.array([r.ap75 for r in runs])
            row = {
                "loss": loss,
                "label": LOSSES[loss],
                "ap": round(float(ap.mean()), 2),
                "ap50": round(float(ap50.mean()), 2),
                "ap75": round(float(ap75.mean()), 2),
                "ap_std": round(float(ap.std()), 2),
                "ap50_std": round(float(ap50.std()), 2),
                "ap75_std": round(float(ap75.std()), 2),
                "seeds": len(runs),
                "unit": "percent",
                "missing_thresholds": self.missing_thresholds(loss),
            }
            if loss in SUPPLEMENT_TABLE1:
                paper = SUPPLEMENT_TABLE1[loss]
                row.update(paper_ap=paper[0], paper_ap50=paper[1], paper_ap75=paper[2])
            rows.append(row)
        return rows


def run_comparison(
    config: Config = DEFAULT,
    seeds: Sequence[int] = range(5),
    *,
    progress: Progress | None = None,
) -> Comparison:
    """Train every loss of ``config`` on every seed's task; same data, init and batches."""
    seeds = tuple(_check_seed(s) for s in seeds)
    if not seeds:
        raise ValueError("seeds must name at least one seed")
    for loss in config.losses:
        if loss not in LOSSES:
            raise ValueError(f"loss must be one of {', '.join(LOSSES)}; got {loss!r}")
    start = time.perf_counter()
    runs, imb, aimb = [], [], []
    n_anchors = 0
    for seed in seeds:
        data = make_dataset(seed, config.task, config.train.n_train, config.train.n_test)
        imb.append(data.imbalance)
        aimb.append(data.anchor_imbalance)
        n_anchors = data.anchors.shape[0]
        for loss in config.losses:
            runs.append(train(data, loss, config.train, seed))
            if progress is not None:
                progress.step(f"seed {seed} {loss}")
    return Comparison(
        config=config,
        seeds=seeds,
        runs=tuple(runs),
        imbalance=float(np.mean(imb)),
        anchor_imbalance=float(np.mean(aimb)),
        n_anchors=n_anchors,
        seconds=time.perf_counter() - start,
    )


def ordering_verdict(comparison: Comparison) -> str:
    """Does the supplement's ordering AP > CE+OHEM > focal(gamma=1) > AUC hold here?

    Compares mean AP and, for every pair of the four losses, counts the seeds on which the
    paper's better loss wins (the same seed means the same data, init and batches).
    """
    present = [name for name in PAPER_ORDER if name in comparison.config.losses]
    means = {name: float(np.mean([r.ap for r in comparison.runs_of(name)])) for name in present}
    measured = sorted(present, key=lambda name: -means[name])
    lines = [
        "measured order by mean AP: " + " > ".join(LOSSES[n] for n in measured),
        "supplement's order:        " + " > ".join(LOSSES[n] for n in present),
    ]
    pairs = [(a, b) for k, a in enumerate(present) for b in present[k + 1 :]]
    for better, worse in pairs:
        a = np.array([r.ap for r in comparison.runs_of(better)])
        b = np.array([r.ap for r in comparison.runs_of(worse)])
        wins = int(np.sum(a > b))
        lines.append(
            f"{LOSSES[better]} vs {LOSSES[worse]}: mean difference "
            f"{100 * float(np.mean(a - b)):+.2f} AP points, better on {wins}/{a.size} seeds"
        )
    steps = [
        f"{LOSSES[a]} > {LOSSES[b]}: {'yes' if means[a] > means[b] else 'NO'}"
        for a, b in zip(present, present[1:], strict=False)
    ]
    lines.append("each step of the supplement's order, by mean AP: " + "; ".join(steps))
    holds = measured == present
    lines.append(
        "the supplement's ordering "
        + ("REPRODUCES here (by mean AP)." if holds else "does NOT reproduce here (by mean AP).")
    )
    return "\n".join(lines)


def render_markdown(comparison: Comparison) -> str:
    """The Table 1 analogue as Markdown: mean ± std over seeds, beside the supplement."""
    cfg = comparison.config
    head = (
        f"Ranking AP (percent) of anchors on held-out synthetic images, configuration "
        f"`{cfg.name}`: {len(comparison.seeds)} seeds, {cfg.train.iterations} Adam steps of "
        f"{cfg.train.batch_size} images, {comparison.n_anchors} anchors x "
        f"{cfg.task.n_classes} classes per image, 1:{comparison.imbalance:.0f} positive:negative "
        f"(anchor, class) pairs (1:{comparison.anchor_imbalance:.0f} anchors). "
        "Mean ± std over seeds; the supplement's SSD512 / VOC2007 numbers beside them.\n\n"
    )
    table = [
        "| Loss | AP | AP50 | AP75 | Supplement AP | AP50 | AP75 |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in comparison.rows():
        paper = SUPPLEMENT_TABLE1.get(row["loss"])
        paper_cells = " | ".join(f"{x:.1f}" for x in paper) if paper else "- | - | -"
        table.append(
            f"| {row['label']} | {row['ap']:.1f} ± {row['ap_std']:.1f} | "
            f"{row['ap50']:.1f} ± {row['ap50_std']:.1f} | "
            f"{row['ap75']:.1f} ± {row['ap75_std']:.1f} | {paper_cells} |"
        )
    missing = sorted(
        {(r.seed, r.missing_thresholds) for r in comparison.runs if r.missing_thresholds}
    )
    note = "".join(
        f"Seed {seed}: no test positive at IoU {', '.join(f'{t:.2f}' for t in ts)}; its AP is "
        "the mean over the other thresholds.  \n"
        for seed, ts in missing
    )
    return (
        head
        + "\n".join(table)
        + "\n\n"
        + note
        + ordering_verdict(comparison).replace("\n", "  \n")
        + "\n"
    )


# ------------------------------------------------------------------------------- CLI


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``aptheory detection`` to ``parser``."""
    parser.add_argument(
        "--quick", action="store_true", help="the small configuration (about 15 s instead of 90 s)"
    )
    parser.add_argument("--seeds", type=int, default=5, help="number of seeds 0..K-1 (default 5)")
    parser.add_argument("--json", action="store_true", help="print the table as JSON rows")
    parser.add_argument("--markdown", metavar="PATH", help="also write the table as Markdown")
    parser.add_argument("--quiet", action="store_true", help="no progress display")


def run_command(args: argparse.Namespace) -> int:
    """Run the comparison of ``aptheory detection`` and print the table; exit status.

    ``args`` holds the options of :func:`configure_parser`; an attribute ``config`` (a
    :class:`Config`, not a command-line option) replaces the configuration, for tests.
    Raises ``ValueError`` naming ``--seeds`` for a seed count below 1.
    """
    seeds = args.seeds
    if isinstance(seeds, bool) or not isinstance(seeds, int) or seeds < 1:
        raise ValueError(f"--seeds must be an integer >= 1, got {seeds!r}")
    config = QUICK if args.quick else DEFAULT
    config = getattr(args, "config", None) or config  # tests pass a tiny Config here
    bar = Progress(seeds * len(config.losses), "detection", enabled=False if args.quiet else None)
    comparison = run_comparison(config, range(seeds), progress=bar)
    if args.markdown:
        from aptheory.core.io import atomic_write_text

        atomic_write_text(args.markdown, render_markdown(comparison))
    if args.json:
        sys.stdout.write(json.dumps(comparison.rows(), indent=2) + "\n")
    else:
        sys.stdout.write(render_markdown(comparison))
        sys.stdout.write(f"\n{comparison.seconds:.1f} s\n")
    return 0
