"""Box geometry of the miniature: IoU, the anchor grid, jittered object boxes, anchor labels.

Boxes are ``x0 y0 x1 y1`` pixel corners. The labelling rule is SSD's / RetinaNet's (see
:mod:`aptheory.sections.detection`).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from aptheory.core.validation import check_real_array, check_unit_interval
from aptheory.sections.detection.config import TaskConfig
from aptheory.sections.detection.losses import BACKGROUND, IGNORED

__all__ = ["iou_matrix", "label_anchors", "make_anchors"]


def iou_matrix(a: ArrayLike, b: ArrayLike) -> NDArray[np.float64]:
    """IoU of every box of ``a`` (n x 4, x0 y0 x1 y1) with every box of ``b`` (m x 4).

    Raises ``ValueError`` naming ``a`` or ``b`` for a shape other than (k, 4) (or one box of
    shape (4,)), a non-finite coordinate or a box of zero or negative area (x1 <= x0 or
    y1 <= y0), whose IoU would be 0/0.
    """
    return _iou(_check_boxes(a, "a"), _check_boxes(b, "b"))


def _check_boxes(boxes: ArrayLike, name: str) -> NDArray[np.float64]:
    """``boxes`` as a float64 (k, 4) array of finite boxes with positive area, or raise."""
    arr = check_real_array(boxes, name)
    if arr.shape == (4,):
        arr = arr.reshape(1, 4)
    if arr.ndim != 2 or arr.shape[1] != 4:
        raise ValueError(f"{name} must have shape (k, 4) (x0 y0 x1 y1), got {arr.shape}")
    if np.any(arr[:, 2] <= arr[:, 0]) or np.any(arr[:, 3] <= arr[:, 1]):
        raise ValueError(f"{name} must hold boxes of positive area (x1 > x0 and y1 > y0)")
    return arr


def _iou(a: NDArray[np.float64], b: NDArray[np.float64]) -> NDArray[np.float64]:
    """IoU matrix of validated (n, 4) and (m, 4) boxes: |a & b| / (|a| + |b| - |a & b|)."""
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


def make_anchors(task: TaskConfig) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Anchor boxes (integer pixel corners, clipped to the image) and their shape index.

    At every cell of the grid of each stride, one box of side ``base * scale`` per scale and
    aspect ratio w/h; the shape index numbers the (stride, scale, ratio) combinations.
    """
    if not isinstance(task, TaskConfig):
        raise TypeError(f"task must be a TaskConfig, got {type(task).__name__}")
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


def label_anchors(
    anchors: ArrayLike,
    boxes: ArrayLike,
    classes: ArrayLike,
    *,
    positive_iou: float = 0.5,
    negative_iou: float = 0.4,
) -> NDArray[np.int64]:
    """SSD/RetinaNet anchor labels: class c, ``BACKGROUND`` (-1) or ``IGNORED`` (-2).

    IoU with the best-matching object >= ``positive_iou``: that object's class; below
    ``negative_iou``: background; in between: ignored. Then each object's best anchor is
    assigned to that object (positive) whatever its IoU.
    """
    anchors = _check_boxes(anchors, "anchors")
    if np.size(boxes) == 0:
        return np.full(anchors.shape[0], BACKGROUND, dtype=np.int64)
    boxes = _check_boxes(boxes, "boxes")
    classes = np.asarray(classes)
    if classes.dtype == bool or not np.issubdtype(classes.dtype, np.integer):
        raise TypeError(f"classes must be an integer array, got dtype {classes.dtype}")
    if classes.shape != (boxes.shape[0],):
        raise ValueError(
            f"classes must hold one class per box ({boxes.shape[0]}), got {classes.shape}"
        )
    positive_iou = check_unit_interval(positive_iou, "positive_iou")
    negative_iou = check_unit_interval(negative_iou, "negative_iou")
    iou = _iou(anchors, boxes)
    best_obj = iou.argmax(axis=1)
    best = iou[np.arange(anchors.shape[0]), best_obj]
    labels = np.where(
        best >= positive_iou, classes[best_obj], np.where(best < negative_iou, BACKGROUND, IGNORED)
    ).astype(np.int64)
    best_anchor = iou.argmax(axis=0)
    labels[best_anchor] = classes
    return labels
