"""Training of the detector: the linear scorer with each loss of Table 1, and its box regressor.

The classification head is the linear scorer s[a, c] = f_a . W[:, c] + b_c; the box head a
linear regressor per class, t[a, c] = r_a . V[:, 4c:4c+4] + u[4c:4c+4], on the anchor's
features and box features r_a = (f_a, g_a) (:mod:`~.data`). Both are trained together, on
the same minibatches, by Adam (betas 0.9/0.999; the box head with its own step
``box_learning_rate``): the classification loss is the one compared,
the box loss is SSD's smooth L1 (beta = 1) of t[a, y_a] against the SSD code of the matched
object, summed over the four coordinates and the positive anchors and divided by their number
(Liu et al. 2016, eq. 2), the same for every classification loss, as in the supplement.
Init: W ~ N(0, 0.01^2), the RetinaNet prior b_c = -log(99), V ~ N(0, 0.01^2), u = 0; the same
initialisation, minibatch sequence and budget for every loss (they depend on the seed only).
The features are frozen and the two heads share no parameter, so the box regressor a seed
ends with is the same for every classification loss (the tests check it); what differs
between losses is which anchors their scores put forward.

Along the way the model is evaluated on the held-out images in both views of
:mod:`~.evaluation`: detection AP (boxes, NMS, COCO evaluator) and ranking AP of anchors.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from aptheory.core import fastap
from aptheory.core.validation import check_choice, check_seed
from aptheory.sections.detection.config import (
    IOU_THRESHOLDS,
    LOSSES,
    MAX_DETECTIONS,
    NMS_IOU,
    PRE_NMS_TOP_K,
    VARIANTS,
    TrainConfig,
)
from aptheory.sections.detection.data import Dataset
from aptheory.sections.detection.evaluation import (
    Detections,
    _detect,
    coco_detection_ap,
    ranking_ap,
    require_evaluator,
    thresholds_with_positives,
)
from aptheory.sections.detection.losses import (
    auc_loss,
    focal_loss,
    log_softmax_with_background,
    ohem_cross_entropy,
    pair_labels,
)
from aptheory.sections.detection.userloss import UserLoss

__all__ = ["BoxRegressor", "LossFn", "TrainingRun", "smooth_l1", "train", "training_loss"]


_ROWS = 2048  # rows per matrix product: small enough that BLAS stays on one thread


def _scores_of(features: NDArray[np.float32], weights: NDArray[np.float64]) -> NDArray:
    """``features @ weights`` in float64, in row blocks of ``_ROWS``.

    The blocks keep each product under OpenBLAS's threading threshold: on a shared machine
    its threads spin against other processes and made one product 10x slower. The features
    are stored in float32 and widened exactly; the product is float64 because the BLAS kernel
    (chosen by the CPU) fixes the order of its sums: in float32 two CPUs differ by about
    1e-7, enough to turn one of OHEM's hard-negative choices and with it a whole training
    run; in float64 they differ by about 1e-16, which no choice of the training has met.
    """
    out = np.empty((features.shape[0], weights.shape[1]))
    for i in range(0, features.shape[0], _ROWS):
        np.matmul(features[i : i + _ROWS].astype(np.float64), weights, out=out[i : i + _ROWS])
    return out


def _weight_grad(features: NDArray[np.float32], grad: NDArray[np.float64]) -> NDArray:
    """``features.T @ grad`` (chain rule through the linear scorer), in float64 row blocks."""
    acc = np.zeros((features.shape[1], grad.shape[1]))
    for i in range(0, features.shape[0], _ROWS):
        acc += features[i : i + _ROWS].T.astype(np.float64) @ grad[i : i + _ROWS]
    return acc


LossFn = Callable[
    [NDArray[np.float64], NDArray[np.int64], NDArray[np.int64]],
    tuple[float, NDArray[np.float64]],
]


RankFn = Callable[[NDArray[np.float64], NDArray[np.bool_]], tuple[float, NDArray]]


def _ranking_loss(rank_fn: RankFn) -> LossFn:
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


def _per_image_ranking_loss(rank_fn: RankFn) -> LossFn:
    """Lift a ranking loss to a minibatch image by image: the mean of the images' losses.

    Each image's valid (anchor, class) pairs are ranked on their own (an image without a
    positive pair is left out); the loss is the mean over the images and each image's
    gradient is divided by their number, so one image's scores never meet another's.
    """

    def loss(
        scores: NDArray[np.float64], labels: NDArray[np.int64], groups: NDArray[np.int64]
    ) -> tuple[float, NDArray[np.float64]]:
        positive, valid = pair_labels(labels, scores.shape[1])
        grad = np.zeros_like(scores)
        values, parts = [], []
        for group in np.unique(groups):
            rows = np.flatnonzero(groups == group)
            v, p = valid[rows], positive[rows]
            if not p[v].any():
                continue
            value, g = rank_fn(scores[rows][v], p[v])
            values.append(value)
            parts.append((rows, v, g))
        for rows, v, g in parts:
            block = np.zeros((rows.size, scores.shape[1]))
            block[v] = g / len(parts)
            grad[rows] = block
        return float(np.mean(values)), grad

    return loss


def _ap_rank(scores: NDArray[np.float64], positive: NDArray[np.bool_]) -> tuple[float, NDArray]:
    """AP-loss of eq. (17) in its training form: H~ (delta = 1), interpolated AP,
    error-driven update, exact in O(n log n) (:func:`aptheory.fastap.ap_loss_grad`)."""
    return fastap.ap_loss_grad(scores, positive, step="piecewise", delta=1.0, interpolated=True)


def training_loss(name: str) -> LossFn:
    """The training loss ``name`` of :data:`LOSSES` or :data:`VARIANTS` as
    (scores, labels, groups) -> (loss, grad).

    ``scores`` (n_anchors, C) logits, ``labels`` per anchor (class, ``BACKGROUND`` or
    ``IGNORED``), ``groups`` the image of each anchor (OHEM selects per image). ``"ap"`` is
    the AP-loss of eq. (17) in its training form (H~, delta = 1, interpolated) and its
    error-driven update, over one ranking of every valid (anchor, class) pair of the
    minibatch; ``"ap-image"`` the same loss ranked within each image and averaged over the
    images.
    """
    name = check_choice(name, "loss", (*LOSSES, *VARIANTS))
    if name == "ce-ohem":
        return lambda s, y, g: ohem_cross_entropy(s, y, g, neg_pos_ratio=3.0)
    if name == "focal-g1":
        return lambda s, y, g: focal_loss(s, y, gamma=1.0, alpha=0.25)
    if name == "focal-g2":
        return lambda s, y, g: focal_loss(s, y, gamma=2.0, alpha=0.25)
    if name == "auc":
        return _ranking_loss(lambda s, p: auc_loss(s, p, delta=1.0))
    if name == "ap-image":
        return _per_image_ranking_loss(_ap_rank)
    return _ranking_loss(_ap_rank)  # "ap"


def smooth_l1(
    prediction: NDArray[np.float64], target: NDArray[np.float64]
) -> tuple[float, NDArray[np.float64]]:
    """SSD's box loss: sum of smooth L1 (beta = 1) of ``prediction - target`` over the rows
    (positive anchors) and the 4 coordinates, divided by the number of rows; with its exact
    gradient with respect to ``prediction`` (clip(d, -1, 1) / n)."""
    d = prediction - target
    a = np.abs(d)
    n = max(d.shape[0], 1)
    value = np.where(a < 1.0, 0.5 * d * d, a - 0.5).sum() / n
    return float(value), np.clip(d, -1.0, 1.0) / n


def _eval_scores(name: str, scores: NDArray[np.float64]) -> NDArray[np.float64]:
    """The score a trained model ranks (and NMS keeps) class c by: log softmax probability for
    CE, else s (focal, the ranking losses, a user's loss).

    Sigmoid (focal) is monotone in s, so the raw score ranks identically and cannot saturate
    into ties; the softmax probability of class c depends on the other classes' scores too.
    """
    if name == "ce-ohem":
        return log_softmax_with_background(scores)[:, 1:]
    return scores


@dataclass(frozen=True)
class BoxRegressor:
    """The box head: per class c, SSD codes t[a, c] = r_a . weights[:, 4c:4c+4] + bias[4c:4c+4]
    with r_a = (f_a, g_a) the anchor's features and box features."""

    weights: NDArray[np.float64]  # (d + d_box, 4 C)
    bias: NDArray[np.float64]  # (4 C,)

    def codes(
        self, features: NDArray, box_features: NDArray, classes: NDArray[np.int64]
    ) -> NDArray[np.float64]:
        """The SSD codes (n, 4) of n anchors, each with the regressor of its class."""
        r = np.concatenate([features, box_features], axis=1).astype(np.float64)
        cols = 4 * classes[:, None] + np.arange(4)[None, :]
        w = self.weights[:, cols]  # (d_r, n, 4)
        return np.einsum("nd,dnk->nk", r, w) + self.bias[cols]


@dataclass(frozen=True)
class TrainingRun:
    """One loss trained on one seed: both views' AP curves and final values.

    Detection AP (COCO evaluator over IoU 0.50:0.05:0.95, fractions in [0, 1]): ``det_curve``
    at each of ``iterations``, ``det_ap``, ``det_ap50``, ``det_ap75`` at the end. Ranking AP of
    anchors: ``thresholds`` are the IoU thresholds of :data:`IOU_THRESHOLDS` at which the test
    set has a positive (all of them in the shipped configurations); ``curve``,
    ``per_threshold`` and ``ap`` use exactly these, and :attr:`missing_thresholds` names the
    others. ``box`` is the box regressor at the end.
    """

    loss: str
    seed: int
    iterations: tuple[int, ...]
    curve: tuple[float, ...]  # ranking AP (mean over ``thresholds``) at each of ``iterations``
    per_threshold: tuple[float, ...]  # final ranking AP at each of ``thresholds``
    train_loss: tuple[float, ...]  # classification training loss at each iteration
    seconds: float
    det_curve: tuple[float, ...]  # detection AP (IoU 0.50:0.95) at each of ``iterations``
    det_ap: float
    det_ap50: float
    det_ap75: float
    box_loss: tuple[float, ...]  # smooth L1 box loss at each iteration
    box: BoxRegressor = field(compare=False)  # arrays: compare ``box.weights`` explicitly
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


def _adam_step(
    params: list[NDArray[np.float64]],
    grads: list[NDArray[np.float64]],
    moments: list[tuple[NDArray[np.float64], NDArray[np.float64]]],
    lr: float,
    t: int,
) -> None:
    """One Adam step (betas 0.9/0.999, eps 1e-8) in place."""
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for p, g, (m, v) in zip(params, grads, moments, strict=True):
        m *= beta1
        m += (1 - beta1) * g
        v *= beta2
        v += (1 - beta2) * g * g
        p -= lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)


def _loss_of(loss: str | UserLoss) -> tuple[str, LossFn]:
    """The name and training loss of a built-in loss name or a user's loss."""
    if isinstance(loss, UserLoss):
        return loss.spec, _ranking_loss(loss)
    if not isinstance(loss, str):
        raise TypeError(f"loss must be a str or a UserLoss, got {type(loss).__name__}")
    return loss, training_loss(loss)


def _detections(data: Dataset, scores: NDArray[np.float64], box: BoxRegressor) -> list[Detections]:
    """Detections of every test image from its (A, C) scores."""
    out = []
    for k in range(scores.shape[0]):
        feats, box_feats = data.test_features[k], data.test_box_features[k]

        def codes_of(a: NDArray[np.int64], c: NDArray[np.int64]) -> NDArray[np.float64]:
            return box.codes(feats[a], box_feats[a], c)  # noqa: B023 (used at once)

        out.append(
            _detect(
                scores[k],
                data.anchors,
                codes_of,
                data.image_size,
                PRE_NMS_TOP_K,
                NMS_IOU,
                MAX_DETECTIONS,
            )
        )
    return out


def train(data: Dataset, loss: str | UserLoss, train_cfg: TrainConfig, seed: int) -> TrainingRun:
    """Train the detector with ``loss`` (Adam, fixed budget) and evaluate it on the way.

    ``loss`` is a name of :data:`LOSSES` or :data:`VARIANTS`, or a :class:`UserLoss`. The
    classification head and the box regressor are trained together (see the module's
    docstring); the initialisation and the minibatch sequence depend on ``seed`` only, so
    every loss sees the same ones. At each checkpoint both views are evaluated on the test
    images. Raises ``ValueError`` (one line) without the COCO evaluator.
    """
    if not isinstance(data, Dataset):
        raise TypeError(f"data must be a Dataset, got {type(data).__name__}")
    if not isinstance(loss, str | UserLoss):
        raise TypeError(f"loss must be a str or a UserLoss, got {type(loss).__name__}")
    if not isinstance(train_cfg, TrainConfig):
        raise TypeError(f"train_cfg must be a TrainConfig, got {type(train_cfg).__name__}")
    seed = check_seed(seed)
    name, loss_fn = _loss_of(loss)
    thresholds = thresholds_with_positives(data.test_iou)
    if not thresholds:
        raise ValueError("data.test_iou has no positive at any IoU threshold (no AP to measure)")
    require_evaluator()
    start = time.perf_counter()
    n_train, n_anchors, d = data.train_features.shape
    n_classes = data.test_iou.shape[2]
    init = np.random.default_rng([seed, 11])
    weights = init.normal(0.0, 0.01, size=(d, n_classes))
    bias = np.full(n_classes, -np.log(99.0))
    targets = data.train_boxes
    d_box = d + targets.features.shape[1]
    box_w = np.random.default_rng([seed, 13]).normal(0.0, 0.01, size=(d_box, 4 * n_classes))
    box_b = np.zeros(4 * n_classes)
    params = [weights, bias, box_w, box_b]
    moments = [(np.zeros_like(p), np.zeros_like(p)) for p in params]
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
    # the positives of each training image (BoxTargets are in image order)
    starts = np.searchsorted(targets.image, np.arange(n_train + 1))
    box_cols = 4 * targets.classes[:, None] + np.arange(4)[None, :]

    def evaluate() -> tuple[NDArray[np.float64], tuple[float, float, float]]:
        scores = _eval_scores(name, _scores_of(test_f, weights) + bias)
        box = BoxRegressor(box_w.copy(), box_b.copy())
        found = _detections(data, scores.reshape(len(data.test_boxes), n_anchors, -1), box)
        det = coco_detection_ap(found, data.test_boxes, data.test_classes, n_classes)
        return ranking_ap(scores, test_iou, thresholds), det

    curve, det_curve, losses, box_losses = [], [], [], []
    final = np.zeros(len(thresholds))  # replaced at the last checkpoint (the end)
    det_final = (0.0, 0.0, 0.0)
    for it in range(train_cfg.iterations + 1):
        if it in checkpoints:
            final, det_final = evaluate()
            curve.append(float(np.mean(final)))
            det_curve.append(det_final[0])
        if it == train_cfg.iterations:
            break  # the last checkpoint is the end, so ``final`` is the trained model's AP
        idx = batches[it * bsz : (it + 1) * bsz]
        feats = data.train_features[idx].reshape(-1, d)
        labels = data.train_labels[idx].ravel()
        value, grad = loss_fn(_scores_of(feats, weights) + bias, labels, groups)
        losses.append(value)
        # box head: the positive anchors of the minibatch, each with its class's regressor
        rows = np.concatenate([np.arange(starts[i], starts[i + 1]) for i in idx])
        pos_feats = data.train_features[targets.image[rows], targets.anchor[rows]]
        r = np.concatenate([pos_feats, targets.features[rows]], axis=1).astype(np.float64)
        cols = box_cols[rows]
        pred = np.einsum("nd,dnk->nk", r, box_w[:, cols]) + box_b[cols]
        box_value, box_grad = smooth_l1(pred, targets.codes[rows])
        box_losses.append(box_value)
        dense = np.zeros((rows.size, box_w.shape[1]))  # each row's gradient in its class's 4
        np.put_along_axis(dense, cols, box_grad, axis=1)
        lr_cls, lr_box = train_cfg.learning_rate, train_cfg.box_learning_rate
        _adam_step(
            params[:2], [_weight_grad(feats, grad), grad.sum(axis=0)], moments[:2], lr_cls, it + 1
        )
        _adam_step(params[2:], [r.T @ dense, dense.sum(axis=0)], moments[2:], lr_box, it + 1)
    return TrainingRun(
        loss=name,
        seed=seed,
        iterations=tuple(checkpoints),
        curve=tuple(curve),
        per_threshold=tuple(float(x) for x in final),
        train_loss=tuple(losses),
        seconds=time.perf_counter() - start,
        det_curve=tuple(det_curve),
        det_ap=det_final[0],
        det_ap50=det_final[1],
        det_ap75=det_final[2],
        box_loss=tuple(box_losses),
        box=BoxRegressor(box_w.copy(), box_b.copy()),
        thresholds=thresholds,
    )
