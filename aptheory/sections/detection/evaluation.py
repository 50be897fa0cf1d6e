"""Ranking AP of anchors: the metric of the miniature's Table 1 (1 - eq. 17 with H, H(0) = 1).

On held-out images, for each class c and IoU threshold t, the (anchor, class c) pairs are
ranked by the model's score for c; a pair is positive iff the anchor's IoU with an object of
class c is >= t. Its average precision (sklearn's definition, ties counted ahead) is averaged
over the classes with a positive at t.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from aptheory.core import fastap
from aptheory.core.validation import check_real, check_real_array, validate_ranking
from aptheory.sections.detection.config import IOU_THRESHOLDS

__all__ = ["average_precision", "ranking_ap", "thresholds_with_positives"]


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
