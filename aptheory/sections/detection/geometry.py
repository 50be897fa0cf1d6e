"""Box geometry of the miniature: IoU, the anchor grid, anchor labels, box coding and NMS.

Boxes are ``x0 y0 x1 y1`` pixel corners. The labelling rule is SSD's / RetinaNet's (see
:mod:`aptheory.sections.detection`). The box coding is SSD's (Liu et al. 2016, eq. 2, with
the "variances" 0.1 / 0.2 of its code): an anchor of centre (a_x, a_y) and size (a_w, a_h)
codes a box of centre (g_x, g_y) and size (g_w, g_h) as
``t = ((g_x - a_x) / (0.1 a_w), (g_y - a_y) / (0.1 a_h), log(g_w / a_w) / 0.2,
log(g_h / a_h) / 0.2)``. Non-maximum suppression is the greedy per-class rule of SSD and
Faster R-CNN.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from aptheory.core.validation import check_real_array, check_unit_interval
from aptheory.sections.detection.config import TaskConfig
from aptheory.sections.detection.losses import BACKGROUND, IGNORED

__all__ = [
    "BOX_VARIANCES",
    "batched_nms",
    "decode_boxes",
    "encode_boxes",
    "iou_matrix",
    "label_anchors",
    "make_anchors",
    "match_anchors",
]

#: SSD's scaling of the box code: centre offsets / 0.1, log sizes / 0.2.
BOX_VARIANCES: tuple[float, float] = (0.1, 0.2)


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
    assigned to that object (positive) whatever its IoU. The labels of :func:`match_anchors`.
    """
    return match_anchors(
        anchors, boxes, classes, positive_iou=positive_iou, negative_iou=negative_iou
    )[0]


def match_anchors(
    anchors: ArrayLike,
    boxes: ArrayLike,
    classes: ArrayLike,
    *,
    positive_iou: float = 0.5,
    negative_iou: float = 0.4,
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Anchor labels (as :func:`label_anchors`) and the object each anchor is matched to.

    Returns ``(labels, matched)``: ``matched[a]`` is the index in ``boxes`` of the object
    whose class ``labels[a]`` is when ``labels[a] >= 0`` (the regression target of a positive
    anchor, SSD's matching strategy), the best-IoU object otherwise (-1 without objects).
    """
    anchors = _check_boxes(anchors, "anchors")
    if np.size(boxes) == 0:
        n = anchors.shape[0]
        return np.full(n, BACKGROUND, dtype=np.int64), np.full(n, -1, dtype=np.int64)
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
    matched = best_obj.astype(np.int64)
    best_anchor = iou.argmax(axis=0)
    # one object after the other, so a later object wins an anchor that is best for two
    for k, a in enumerate(best_anchor):
        labels[a] = classes[k]
        matched[a] = k
    return labels, matched


def _centre_size(boxes: NDArray[np.float64]) -> tuple[NDArray, NDArray, NDArray, NDArray]:
    """Centre x, centre y, width, height of (k, 4) corner boxes."""
    w = boxes[:, 2] - boxes[:, 0]
    h = boxes[:, 3] - boxes[:, 1]
    return boxes[:, 0] + w / 2, boxes[:, 1] + h / 2, w, h


def encode_boxes(boxes: ArrayLike, anchors: ArrayLike) -> NDArray[np.float64]:
    """SSD's box code of ``boxes`` relative to ``anchors`` (both (k, 4), row by row).

    ``t = ((g_x - a_x) / (0.1 a_w), (g_y - a_y) / (0.1 a_h), log(g_w / a_w) / 0.2,
    log(g_h / a_h) / 0.2)`` (:data:`BOX_VARIANCES`); :func:`decode_boxes` inverts it.
    Raises ``ValueError`` naming ``boxes`` or ``anchors`` as :func:`iou_matrix` does, or for
    a different number of rows.
    """
    g = _check_boxes(boxes, "boxes")
    a = _check_boxes(anchors, "anchors")
    if g.shape != a.shape:
        raise ValueError(f"boxes has shape {g.shape} but anchors has shape {a.shape}")
    gx, gy, gw, gh = _centre_size(g)
    ax, ay, aw, ah = _centre_size(a)
    vc, vs = BOX_VARIANCES
    return np.stack(
        [(gx - ax) / (vc * aw), (gy - ay) / (vc * ah), np.log(gw / aw) / vs, np.log(gh / ah) / vs],
        axis=1,
    )


def decode_boxes(
    codes: ArrayLike, anchors: ArrayLike, size: float | None = None
) -> NDArray[np.float64]:
    """Boxes (k, 4 corners) from SSD box codes ``codes`` (k, 4) of ``anchors`` (k, 4).

    The inverse of :func:`encode_boxes`. With ``size``, the boxes are clipped to the image
    ``[0, size]^2`` (as SSD's detection output does). The log sizes are clipped at
    log(1000 / 16), as in Detectron's decoder, so that no code overflows. A box may come out
    with zero area after clipping; the COCO evaluator gives it IoU 0 with every object.
    """
    t = check_real_array(codes, "codes")
    if t.shape == (4,):
        t = t.reshape(1, 4)
    a = _check_boxes(anchors, "anchors")
    if t.shape != a.shape:
        raise ValueError(f"codes has shape {t.shape} but anchors has shape {a.shape}")
    return _decode(t, a, size)


def _decode(t: NDArray[np.float64], a: NDArray[np.float64], size: float | None) -> NDArray:
    """:func:`decode_boxes` on validated arrays."""
    ax, ay, aw, ah = _centre_size(a)
    vc, vs = BOX_VARIANCES
    limit = np.log(1000.0 / 16)
    cx = ax + t[:, 0] * vc * aw
    cy = ay + t[:, 1] * vc * ah
    w = aw * np.exp(np.minimum(t[:, 2] * vs, limit))
    h = ah * np.exp(np.minimum(t[:, 3] * vs, limit))
    out = np.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], axis=1)
    if size is not None:
        np.clip(out, 0.0, float(size), out=out)
    return out


def batched_nms(
    boxes: ArrayLike, scores: ArrayLike, classes: ArrayLike, iou_threshold: float = 0.45
) -> NDArray[np.int64]:
    """Greedy non-maximum suppression within each class; indices kept, best score first.

    Within a class, the highest-scoring box is kept and every box of IoU > ``iou_threshold``
    with it is removed, then the next remaining one (SSD's and Faster R-CNN's rule; SSD uses
    0.45). Boxes of different classes never suppress each other. Ties in score are broken by
    the index (a stable sort), so the result is deterministic. Boxes of zero area (clipped
    away) have IoU 0 with every box and are never suppressed by another.
    """
    b = check_real_array(boxes, "boxes")
    if b.ndim != 2 or b.shape[1] != 4:
        raise ValueError(f"boxes must have shape (k, 4) (x0 y0 x1 y1), got {b.shape}")
    s = check_real_array(scores, "scores")
    c = np.asarray(classes)
    if s.shape != (b.shape[0],) or c.shape != (b.shape[0],):
        raise ValueError(
            f"scores and classes must have shape ({b.shape[0]},), got {s.shape} and {c.shape}"
        )
    iou_threshold = check_unit_interval(iou_threshold, "iou_threshold")
    return _batched_nms(b, s, c, iou_threshold)


def _batched_nms(
    b: NDArray[np.float64], s: NDArray[np.float64], c: NDArray, threshold: float
) -> NDArray[np.int64]:
    """:func:`batched_nms` on validated arrays: one IoU matrix per class.

    Greedy NMS decided in rounds instead of box by box (the same result): with the boxes in
    score order, a box is suppressed as soon as a kept better box overlaps it, and kept as
    soon as every better box that overlaps it is suppressed; each round decides at least the
    best undecided box.
    """
    order = np.argsort(-s, kind="stable")
    keep: list[NDArray[np.int64]] = []
    for cls in np.unique(c):
        idx = order[c[order] == cls]
        x0, y0, x1, y1 = b[idx].T
        area = np.clip(x1 - x0, 0, None) * np.clip(y1 - y0, 0, None)
        ix = np.clip(np.minimum(x1[:, None], x1) - np.maximum(x0[:, None], x0), 0, None)
        iy = np.clip(np.minimum(y1[:, None], y1) - np.maximum(y0[:, None], y0), 0, None)
        inter = ix * iy
        union = area[:, None] + area[None, :] - inter
        # over[i, j]: the better box i (i < j) overlaps j by IoU > threshold (0/0 -> no)
        over = np.triu(inter > threshold * np.where(union > 0, union, 1.0), 1)
        kept = np.zeros(idx.size, dtype=bool)
        gone = np.zeros(idx.size, dtype=bool)
        while not np.all(kept | gone):
            gone |= ~kept & over[kept].any(axis=0)
            kept |= ~gone & ~over[~gone].any(axis=0)
        keep.append(idx[kept])
    if not keep:
        return np.zeros(0, dtype=np.int64)
    out = np.concatenate(keep)
    return out[np.lexsort((out, -s[out]))].astype(np.int64)  # best first, ties by index
