"""The four classification losses of the supplement's Section 5, on dense anchor scores.

Every loss here returns ``(loss, grad)`` where ``grad`` is the derivative (or, for the
error-driven ranking losses, the update direction) with respect to every score it was given.
The scorer's parameters then follow by the chain rule (:mod:`~.training`).

Labels of anchors are integers: ``c >= 0`` the anchor is a positive of class ``c``,
``BACKGROUND = -1`` a negative for every class, ``IGNORED = -2`` left out of every loss
(IoU between the two thresholds). Scores of anchors are a ``(n_anchors, n_classes)`` array of
logits ``s[a, c]``.

- :func:`ohem_cross_entropy`: SSD's softmax cross-entropy with online hard example mining.
  The background logit is fixed at 0, so the class probabilities are
  ``p_c = exp(s_c) / (1 + sum_k exp(s_k))`` and the same ``n_classes`` scores serve every loss.
- :func:`focal_loss`: RetinaNet's sigmoid focal loss (Lin et al.), per (anchor, class) pair.
- :func:`auc_loss`: the pairwise AUC-loss 1 - AUC with H replaced by H~ and the error-driven
  update (the AP-loss recipe of docs/MATH.md applied to the AUC).
- the AP-loss itself is :func:`aptheory.fastap.ap_loss_grad`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from aptheory.core.ranking import pair_matrix, piecewise_step_integral
from aptheory.core.validation import (
    check_delta,
    check_nonnegative,
    check_real_array,
    check_unit_interval,
    validate_ranking,
)

__all__ = [
    "BACKGROUND",
    "IGNORED",
    "auc_loss",
    "auc_surrogate",
    "focal_loss",
    "log_softmax_with_background",
    "ohem_cross_entropy",
    "pair_labels",
]

BACKGROUND = -1
IGNORED = -2


# --------------------------------------------------------------------------- validation


def _check_scores_labels(
    scores: ArrayLike, labels: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Validate ``(n_anchors, n_classes)`` logits and ``n_anchors`` integer labels."""
    s = check_real_array(scores, "scores")
    if s.ndim != 2 or s.shape[1] < 1:
        raise ValueError(f"scores must have shape (n_anchors, n_classes), got {s.shape}")
    y = np.asarray(labels)
    if not np.issubdtype(y.dtype, np.integer) or y.dtype == bool:
        raise TypeError(f"labels must be an integer array, got dtype {y.dtype}")
    if y.shape != (s.shape[0],):
        raise ValueError(f"labels has shape {y.shape} but scores has {s.shape[0]} anchors")
    if np.any((y < IGNORED) | (y >= s.shape[1])):
        raise ValueError(
            f"labels must lie in {{{IGNORED} (ignored), {BACKGROUND} (background), "
            f"0..{s.shape[1] - 1}}}"
        )
    if not np.any(y >= 0):
        raise ValueError("labels must mark at least one positive anchor")
    return s, y.astype(np.int64, copy=False)


def pair_labels(labels: ArrayLike, n_classes: int) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Per (anchor, class) pair: ``(positive, valid)`` masks of shape (n_anchors, n_classes).

    A positive anchor of class c is the positive pair (a, c) and a negative for every other
    class; a background anchor is negative for all classes; an ignored anchor is in no pair.
    """
    y = np.asarray(labels)
    positive = y[:, None] == np.arange(n_classes)[None, :]
    valid = np.broadcast_to((y != IGNORED)[:, None], positive.shape)
    return positive, np.array(valid)


def _softplus(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """log(1 + exp(x)) = log1p(exp(-|x|)) + max(x, 0), overflow-free."""
    return np.log1p(np.exp(-np.abs(x))) + np.maximum(x, 0.0)


def log_softmax_with_background(scores: NDArray[np.float64]) -> NDArray[np.float64]:
    """log p over the classes [background, 0..C-1] with the background logit fixed at 0.

    Returns shape (n_anchors, n_classes + 1); column 0 is the background.
    """
    m = np.maximum(scores.max(axis=1), 0.0)
    lse = m + np.log(np.exp(-m) + np.exp(scores - m[:, None]).sum(axis=1))
    out = np.empty((scores.shape[0], scores.shape[1] + 1))
    out[:, 0] = -lse
    np.subtract(scores, lse[:, None], out=out[:, 1:])
    return out


# -------------------------------------------------------------------------- CE + OHEM


def ohem_cross_entropy(
    scores: ArrayLike,
    labels: ArrayLike,
    groups: ArrayLike,
    *,
    neg_pos_ratio: float = 3.0,
) -> tuple[float, NDArray[np.float64]]:
    """Softmax cross-entropy with online hard example mining (SSD, Liu et al. 2016).

    Within every group (an image), all positive anchors are kept and the negative anchors are
    ranked by their background loss -log p_bg; the ``neg_pos_ratio`` x (positives in the
    group) hardest are kept, the rest get no loss. The loss is the sum of -log p_y over kept
    anchors divided by the number of positive anchors (of all groups). The gradient of a kept
    anchor is (p_c - [y = c]) / n_pos for every class c. The selection is a function of the
    scores, but piecewise constant, so the returned gradient is exact wherever no two
    negatives' losses tie at the selection boundary.
    """
    s, y = _check_scores_labels(scores, labels)
    g = np.asarray(groups)
    if g.shape != y.shape:
        raise ValueError(f"groups has shape {g.shape} but labels has shape {y.shape}")
    neg_pos_ratio = check_nonnegative(neg_pos_ratio, "neg_pos_ratio")
    logp = log_softmax_with_background(s)
    target = np.where(y >= 0, y + 1, 0)  # column of the true class, 0 = background
    nll = -logp[np.arange(s.shape[0]), target]
    keep = y >= 0
    negative = y == BACKGROUND
    for group in np.unique(g):
        in_group = g == group
        n_pos = int(np.count_nonzero(in_group & keep))
        idx = np.flatnonzero(in_group & negative)
        k = min(idx.size, int(np.floor(neg_pos_ratio * n_pos)))
        if k > 0:
            hardest = idx[np.argpartition(-nll[idx], k - 1)[:k]]
            keep[hardest] = True
    n_pos_total = int(np.count_nonzero(y >= 0))
    prob = np.exp(logp[:, 1:])
    grad = prob.copy()
    pos_rows = np.flatnonzero(y >= 0)
    grad[pos_rows, y[pos_rows]] -= 1.0
    grad[~keep] = 0.0
    return float(nll[keep].sum() / n_pos_total), grad / n_pos_total


# ------------------------------------------------------------------------------ focal


def focal_loss(
    scores: ArrayLike,
    labels: ArrayLike,
    *,
    gamma: float = 2.0,
    alpha: float = 0.25,
) -> tuple[float, NDArray[np.float64]]:
    """Sigmoid focal loss (Lin et al., Focal Loss for Dense Object Detection, eq. 5).

    Per valid pair with p = sigmoid(s): positives -alpha (1 - p)^gamma log p, negatives
    -(1 - alpha) p^gamma log(1 - p); the sum is divided by the number of positive pairs.
    Gradient (exact): positives alpha (gamma p (1-p)^gamma log p - (1-p)^(gamma+1)),
    negatives (1 - alpha) (p^(gamma+1) - gamma (1-p) p^gamma log(1-p)), over n_pos.
    """
    s, y = _check_scores_labels(scores, labels)
    gamma = check_nonnegative(gamma, "gamma")
    alpha = check_unit_interval(alpha, "alpha")
    positive, valid = pair_labels(y, s.shape[1])
    # negatives' formulas everywhere (they are the vast majority), positives' overwritten
    log_p = -_softplus(-s)  # log sigmoid(s)
    log_q = log_p - s  # log (1 - sigmoid(s))
    p = np.exp(log_p)
    q = np.exp(log_q)
    p_gamma = p**gamma
    loss = -(1.0 - alpha) * p_gamma * log_q
    grad = (1.0 - alpha) * (p_gamma * p - gamma * q * p_gamma * log_q)
    lp, pp, qq = log_p[positive], p[positive], q[positive]
    q_gamma = qq**gamma
    loss[positive] = -alpha * q_gamma * lp
    grad[positive] = alpha * (gamma * pp * q_gamma * lp - q_gamma * qq)
    loss *= valid
    grad *= valid
    n_pos = int(np.count_nonzero(positive))
    return float(loss.sum() / n_pos), grad / n_pos


# -------------------------------------------------------------------------------- AUC


def _step_sums(
    s: NDArray[np.float64], p: NDArray[np.bool_], delta: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """For every positive i: sum_j H~(x_ij); for every negative j: sum_i H~(x_ij).

    O(n log n) with sorted scores and prefix sums; x_ij = s_j - s_i, H~ of half-width delta.

    Precision limit (as in :mod:`aptheory.fastap`): the band terms are differences of prefix
    sums of the raw scores and ``band * s_i``, so they cancel when the scores sit at a large
    offset from 0. The error of a sum is about ``eps * m * max|s| / delta`` (``m`` scores in
    the band) instead of ``eps * m``: fine for training (|s| / delta ~ 10), but far from 0
    (|s| / delta ~ 1e8 and beyond) use the dense reference or centre the scores first.
    """
    sp = np.sort(s[p])
    sn = np.sort(s[~p])
    cp = np.concatenate([[0.0], np.cumsum(sp)])
    cn = np.concatenate([[0.0], np.cumsum(sn)])
    two_d = 2.0 * delta
    # positives: H~(s_j - s_i) = 1 for s_j > s_i + delta, linear inside the band
    si = s[p]
    lo = np.searchsorted(sn, si - delta, side="left")
    hi = np.searchsorted(sn, si + delta, side="right")
    band = hi - lo
    per_pos = (sn.size - hi) + (cn[hi] - cn[lo]) / two_d + band * (0.5 - si / two_d)
    # negatives: H~(s_j - s_i) = 1 for s_i < s_j - delta, linear inside the band
    sj = s[~p]
    lo = np.searchsorted(sp, sj - delta, side="left")
    hi = np.searchsorted(sp, sj + delta, side="right")
    band = hi - lo
    per_neg = lo + band * (sj / two_d + 0.5) - (cp[hi] - cp[lo]) / two_d
    return per_pos, per_neg


def auc_loss(
    scores: ArrayLike, positive: ArrayLike, *, delta: float = 1.0
) -> tuple[float, NDArray[np.float64]]:
    """AUC-loss 1 - AUC = (1/(|P||N|)) sum_{i in P, j in N} H(x_ij), trained like AP-loss.

    The training form replaces H by H~ (half-width ``delta``), and the update is error-driven
    exactly as for AP-loss (docs/MATH.md): the error of pair (i, j) is H~(x_ij) - 0, so
    g_j = +(1/(|P||N|)) sum_i H~(x_ij) for negatives and g_i = -(1/(|P||N|)) sum_j H~(x_ij)
    for positives. Since dQ/dx = H~ (Q of supplement eq. 18), this update is the exact gradient
    of the pairwise surrogate (1/(|P||N|)) sum Q(x_ij) (see :func:`auc_surrogate`). Returns
    the smoothed loss (1/(|P||N|)) sum H~(x_ij) and the update; O(n log n).
    """
    s, p = validate_ranking(scores, positive)
    delta = check_delta(delta)
    n_pos, n_neg = int(p.sum()), int((~p).sum())
    grad = np.zeros_like(s)
    if n_neg == 0:
        return 0.0, grad
    # negatives below min_i s_i - delta have H~(x_ij) = 0 for every i (docs/MATH.md, Sec. 3.4.1):
    # they take no part in any sum, so only the others are sorted and searched
    neg_idx = np.flatnonzero(~p)
    active = s[neg_idx] >= s[p].min() - delta
    sub = np.concatenate([np.flatnonzero(p), neg_idx[active]])
    sub_pos = np.zeros(sub.size, dtype=bool)
    sub_pos[:n_pos] = True
    per_pos, per_neg = _step_sums(s[sub], sub_pos, delta)
    norm = float(n_pos * n_neg)
    grad[sub[:n_pos]] = -per_pos / norm
    grad[neg_idx[active]] = per_neg / norm
    return float(per_pos.sum() / norm), grad


def auc_surrogate(scores: ArrayLike, positive: ArrayLike, *, delta: float = 1.0) -> float:
    """(1/(|P||N|)) sum_{i in P, j in N} Q(x_ij): the function whose gradient the AUC update is.

    Plain O(|P||N|) reference (used to check :func:`auc_loss` by finite differences).
    """
    s, p = validate_ranking(scores, positive)
    delta = check_delta(delta)
    if not np.any(~p):
        return 0.0
    x = pair_matrix(s[p], s[~p])  # x_ij = s_j - s_i, i in P (rows), j in N (columns)
    return float(piecewise_step_integral(x, delta).mean())
