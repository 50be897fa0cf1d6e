"""The two views of the miniature's Table 1: detection AP of boxes and ranking AP of anchors.

*Detection AP* (:func:`detect_image`, :func:`coco_detection_ap`) is what the supplement's
Table 1 reports. Per test image and class the ``PRE_NMS_TOP_K`` best-scored anchors are
decoded into boxes by the box regressor, greedy NMS at IoU ``NMS_IOU`` runs per class and the
``MAX_DETECTIONS`` best-scored detections of the image are kept (SSD's test-time pipeline).
The detections of all test images are then scored by the COCO evaluator (pycocotools'
``COCOeval``, ``iouType="bbox"``, area range "all", 101-point interpolated precision): a
detection is a true positive when it is matched, greedily by score, to a not yet matched
object of its class with IoU >= t; AP at t is averaged over the classes; ``AP`` is the mean
over t = 0.50:0.05:0.95, ``AP50`` and ``AP75`` are t = 0.5 and 0.75. A duplicate detection of
an object and an object that no detection finds both cost precision or recall, which ranking
AP does not see.

*Ranking AP* (:func:`ranking_ap`) is the second view: for each class c and IoU threshold t,
all (anchor, class c) pairs of the test images are ranked by the model's score for c; a pair
is positive iff the anchor's IoU with an object of class c is >= t. Its non-interpolated
average precision (sklearn's definition, ties counted ahead; 1 - eq. 17 with H, H(0) = 1) is
averaged over the classes with a positive at t. It measures how well the classifier ranks
anchors, without boxes, regression or NMS: every well-placed anchor of an object counts.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from aptheory.core import fastap
from aptheory.core.validation import (
    check_int,
    check_real,
    check_real_array,
    check_unit_interval,
    validate_ranking,
)
from aptheory.sections.detection.config import (
    IOU_THRESHOLDS,
    MAX_DETECTIONS,
    NMS_IOU,
    PRE_NMS_TOP_K,
)
from aptheory.sections.detection.geometry import _batched_nms, _check_boxes, _decode

__all__ = [
    "EVALUATOR_MISSING",
    "Detections",
    "average_precision",
    "coco_detection_ap",
    "detect_image",
    "ranking_ap",
    "require_evaluator",
    "thresholds_with_positives",
    "top_candidates",
]

#: The one-line error when the COCO evaluator is not installed.
EVALUATOR_MISSING = (
    "detection AP needs the COCO evaluator pycocotools, which is not installed: "
    "pip install 'aptheory[detection]'"
)


def average_precision(scores: ArrayLike, positive: ArrayLike) -> float:
    """Non-interpolated AP of one ranking, sklearn's ``average_precision_score`` (ties grouped).

    AP = (1/|P|) sum_{i in P} rank+(i) / rank(i) with H(0) = 1 (ties counted ahead), which
    equals sklearn's sum_k (R_k - R_{k-1}) P_k over the distinct score thresholds: it is
    1 - eq. (17), computed by :func:`aptheory.fastap.ap_loss_grad`.
    """
    s, p = validate_ranking(scores, positive)
    # 1 - AP-loss with H, H(0) = 1 (exact integer counts, see aptheory.ranking), in O(n log |P|)
    return 1.0 - fastap.ap_loss_grad(s, p, step="heaviside", at_zero=1.0)[0]


def thresholds_with_positives(
    iou: ArrayLike, thresholds: Sequence[float] = IOU_THRESHOLDS
) -> tuple[float, ...]:
    """The thresholds t (in order) at which some entry of ``iou`` is >= t: those with an AP."""
    iou = check_real_array(iou, "iou")
    thresholds = _check_thresholds(thresholds)
    top = float(iou.max()) if iou.size else -np.inf
    return tuple(t for t in thresholds if top >= t)


def _check_thresholds(thresholds: Iterable[float]) -> tuple[float, ...]:
    """``thresholds`` as a non-empty tuple of finite floats, or raise naming it."""
    if isinstance(thresholds, str) or not isinstance(thresholds, Iterable):
        raise TypeError(
            f"thresholds must be a sequence of numbers, got {type(thresholds).__name__}"
        )
    out = tuple(check_real(t, f"thresholds[{k}]") for k, t in enumerate(thresholds))
    if not out:
        raise ValueError("thresholds must be a non-empty sequence of finite numbers, got ()")
    return out


def ranking_ap(
    scores: ArrayLike,
    iou: ArrayLike,
    thresholds: Sequence[float] = IOU_THRESHOLDS,
) -> NDArray[np.float64]:
    """Ranking AP of (anchor, class) pairs at each IoU threshold, averaged over classes.

    ``scores`` and ``iou`` are (n_anchors, C): column c ranks every test anchor for class c;
    at threshold t its positives are the anchors with IoU >= t with an object of class c.
    AP = (1/|P|) sum_{i in P} rank+(i) / rank(i), ties counted ahead (H(0) = 1), which is
    sklearn's average precision (see :mod:`aptheory.ranking`). Classes without a positive at
    t are left out of the mean. A threshold at which no class has a positive has no AP: it
    raises ``ValueError`` naming ``iou`` (choose the thresholds with
    :func:`thresholds_with_positives`). One pass over each class column serves every t.
    """
    scores = check_real_array(scores, "scores", ndim=2)
    iou = check_real_array(iou, "iou")
    if scores.shape != iou.shape:
        raise ValueError(f"iou has shape {iou.shape} but scores has shape {scores.shape}")
    thresholds = _check_thresholds(thresholds)
    return _ranking_ap(scores, iou, thresholds)


def _count_at_least(values: NDArray[np.float64], levels: NDArray[np.float64]) -> NDArray:
    """For every level v: #{x in values : x >= v}, i.e. rank(i) with H(0) = 1 (eq. 17).

    Sorts only the (few) levels: r(x) = #{levels <= x} by binary search, and x >= the k-th
    smallest level iff r(x) > k, so the counts are reverse cumulative sums of the histogram
    of r. Exact integers, equal to ``values.size - searchsorted(sort(values), v, "left")``.
    """
    ordered = np.sort(levels)
    hist = np.bincount(np.searchsorted(ordered, values, side="right"), minlength=ordered.size + 1)
    at_least = np.cumsum(hist[::-1])[::-1]  # at_least[j] = #{x : r(x) >= j}
    return at_least[np.searchsorted(ordered, levels, side="left") + 1]


def _ranking_ap(
    scores: NDArray[np.float64], iou: NDArray[np.float64], thresholds: tuple[float, ...]
) -> NDArray[np.float64]:
    """:func:`ranking_ap` on validated arrays (one pass per class serves every threshold)."""
    # Not 1 - ranking/fastap.ap_loss per (class, t): one count per class here serves all ten
    # thresholds, which fastap would re-bin each time (tests check they agree).
    per_class = np.full((len(thresholds), scores.shape[1]), np.nan)  # NaN: class has no positive
    lowest = min(thresholds)
    for c in range(scores.shape[1]):
        col = scores[:, c]
        candidates = np.flatnonzero(iou[:, c] >= lowest)
        if candidates.size == 0:
            continue
        s_cand = col[candidates]
        rank_all = _count_at_least(col, s_cand)
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


# ------------------------------------------------------------------------- detection AP


@dataclass(frozen=True)
class Detections:
    """The detections of one image, best score first: ``boxes`` (k, 4 corners), ``scores``
    (k,) and ``classes`` (k,)."""

    boxes: NDArray[np.float64]
    scores: NDArray[np.float64]
    classes: NDArray[np.int64]


def top_candidates(
    scores: ArrayLike, top_k: int = PRE_NMS_TOP_K
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Per class c, the ``top_k`` anchors of highest score s[:, c] (all if fewer).

    Returns ``(anchor, cls)`` index arrays of the candidate (anchor, class) pairs, class by
    class, each class's best first (ties by anchor index).
    """
    s = check_real_array(scores, "scores", ndim=2)
    top_k = check_int(top_k, "top_k", 1)
    return _top_candidates(s, top_k)


def _top_candidates(s: NDArray[np.float64], top_k: int) -> tuple[NDArray, NDArray]:
    """:func:`top_candidates` on a validated array."""
    n, n_classes = s.shape
    k = min(top_k, n)
    if k < n:
        part = np.argpartition(-s, k - 1, axis=0)[:k]  # (k, C), unordered
    else:
        part = np.repeat(np.arange(n)[:, None], n_classes, axis=1)
    anchors, classes = [], []
    for c in range(n_classes):
        idx = np.sort(part[:, c])
        idx = idx[np.argsort(-s[idx, c], kind="stable")]
        anchors.append(idx)
        classes.append(np.full(idx.size, c, dtype=np.int64))
    return np.concatenate(anchors).astype(np.int64), np.concatenate(classes)


def _detect(
    scores: NDArray[np.float64],
    anchors: NDArray[np.float64],
    codes_of: Callable[[NDArray[np.int64], NDArray[np.int64]], NDArray[np.float64]],
    size: float,
    top_k: int,
    nms_iou: float,
    max_detections: int,
) -> Detections:
    """:func:`detect_image` on validated input; ``codes_of(anchor, cls)`` gives the box codes
    of the candidates only (the regressor is evaluated where it is needed)."""
    a, c = _top_candidates(scores, top_k)
    boxes = _decode(codes_of(a, c), anchors[a], size)
    cand_scores = scores[a, c]
    keep = _batched_nms(boxes, cand_scores, c, nms_iou)[:max_detections]
    return Detections(boxes=boxes[keep], scores=cand_scores[keep], classes=c[keep])


def detect_image(
    scores: ArrayLike,
    anchors: ArrayLike,
    codes: ArrayLike,
    size: float,
    *,
    top_k: int = PRE_NMS_TOP_K,
    nms_iou: float = NMS_IOU,
    max_detections: int = MAX_DETECTIONS,
) -> Detections:
    """SSD's test-time pipeline for one image: candidates, box decoding, per-class NMS, top k.

    ``scores`` (A, C) the model's score of every (anchor, class) pair (any monotone score:
    only the order matters), ``anchors`` (A, 4), ``codes`` the box regressor's SSD codes,
    (A, C, 4) per class or (A, 4) for every class alike, ``size`` the image side (boxes are
    clipped to it). Per class the ``top_k`` best anchors are decoded
    (:func:`~.geometry.decode_boxes`), greedy NMS at IoU ``nms_iou`` runs per class
    (:func:`~.geometry.batched_nms`) and the ``max_detections`` best are kept.
    """
    s = check_real_array(scores, "scores", ndim=2)
    anchor_boxes = _check_boxes(anchors, "anchors")
    t = check_real_array(codes, "codes")
    if anchor_boxes.shape[0] != s.shape[0]:
        raise ValueError(f"anchors has {anchor_boxes.shape[0]} rows but scores {s.shape[0]}")
    if t.shape not in ((s.shape[0], 4), (*s.shape, 4)):
        raise ValueError(
            f"codes must have shape {(s.shape[0], 4)} or {(*s.shape, 4)}, got {t.shape}"
        )
    size = check_real(size, "size")
    top_k = check_int(top_k, "top_k", 1)
    max_detections = check_int(max_detections, "max_detections", 1)
    nms_iou = check_unit_interval(nms_iou, "nms_iou")
    if t.ndim == 2:
        return _detect(s, anchor_boxes, lambda a, c: t[a], size, top_k, nms_iou, max_detections)
    return _detect(s, anchor_boxes, lambda a, c: t[a, c], size, top_k, nms_iou, max_detections)


def require_evaluator() -> None:
    """Raise ``ValueError`` (:data:`EVALUATOR_MISSING`, one line) without pycocotools."""
    try:
        import pycocotools.coco  # noqa: F401
        import pycocotools.cocoeval  # noqa: F401
    except ImportError as exc:
        raise ValueError(EVALUATOR_MISSING) from exc


def coco_detection_ap(
    detections: Sequence[Detections],
    gt_boxes: Sequence[ArrayLike],
    gt_classes: Sequence[ArrayLike],
    n_classes: int,
) -> tuple[float, float, float]:
    """(AP, AP50, AP75) of the detections of every image by pycocotools' ``COCOeval``.

    ``detections[k]``, ``gt_boxes[k]`` (objects of image k, corners) and ``gt_classes[k]``
    describe image k; classes are 0..n_classes-1. The ground truth and the results are built
    in memory (COCO category c + 1, boxes as x, y, w, h, no crowd), the area range is "all"
    only (the miniature has no small/medium/large split) and ``maxDets`` is COCO's (1, 10,
    100). Returns ``COCOeval.stats[0:3]``: AP over IoU 0.50:0.05:0.95, AP at 0.5 and at
    0.75, fractions in [0, 1] as the evaluator returns them (0 for no detection at all).
    The evaluator's prints are silenced; it sorts with stable sorts, so the result is a
    deterministic function of the input. Raises ``ValueError`` (one line) without
    pycocotools.
    """
    require_evaluator()
    from pycocotools.coco import COCO
    from pycocotools.cocoeval import COCOeval

    n_classes = check_int(n_classes, "n_classes", 1)
    if not len(detections) == len(gt_boxes) == len(gt_classes):
        raise ValueError(
            "detections, gt_boxes and gt_classes must describe the same images, got "
            f"{len(detections)}, {len(gt_boxes)} and {len(gt_classes)}"
        )
    images: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    for k, (boxes, classes) in enumerate(zip(gt_boxes, gt_classes, strict=True)):
        images.append({"id": k + 1})
        b = _check_boxes(boxes, f"gt_boxes[{k}]") if np.size(boxes) else np.zeros((0, 4))
        cls = np.asarray(classes, dtype=np.int64).reshape(-1)
        if cls.shape != (b.shape[0],) or np.any((cls < 0) | (cls >= n_classes)):
            raise ValueError(f"gt_classes[{k}] must hold one class in 0..{n_classes - 1} per box")
        for box, c in zip(b, cls, strict=True):
            w, h = float(box[2] - box[0]), float(box[3] - box[1])
            annotations.append(
                {
                    "id": len(annotations) + 1,
                    "image_id": k + 1,
                    "category_id": int(c) + 1,
                    "bbox": [float(box[0]), float(box[1]), w, h],
                    "area": w * h,
                    "iscrowd": 0,
                }
            )
    rows = [
        np.column_stack(
            [
                np.full(d.scores.size, k + 1.0),
                d.boxes[:, :2],
                d.boxes[:, 2:] - d.boxes[:, :2],
                d.scores,
                d.classes + 1.0,
            ]
        )
        for k, d in enumerate(detections)
        if d.scores.size
    ]
    if not rows or not annotations:
        return 0.0, 0.0, 0.0
    results = np.concatenate(rows)
    dataset = {
        "images": images,
        "annotations": annotations,
        "categories": [{"id": c + 1, "name": str(c)} for c in range(n_classes)],
    }
    with contextlib.redirect_stdout(io.StringIO()):
        truth = COCO()
        truth.dataset = dataset
        truth.createIndex()
        found = truth.loadRes(results)
        evaluator = COCOeval(truth, found, iouType="bbox")
        evaluator.params.areaRng = [[0.0, 1e10]]
        evaluator.params.areaRngLbl = ["all"]
        evaluator.evaluate()
        evaluator.accumulate()
        evaluator.summarize()
    ap, ap50, ap75 = (max(float(x), 0.0) for x in evaluator.stats[:3])
    return ap, ap50, ap75
