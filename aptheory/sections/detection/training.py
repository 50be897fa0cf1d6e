"""Training of the linear scorer s[a, c] = f_a . W[:, c] + b_c with each loss of Table 1.

Adam (betas 0.9/0.999) from W ~ N(0, 0.01^2) and the RetinaNet prior b_c = -log(99), the
same initialisation, minibatch sequence and budget for every loss (they depend on the seed
only); evaluated on the held-out images by :func:`~.evaluation.ranking_ap` along the way.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from aptheory.core import fastap
from aptheory.core.validation import check_choice, check_seed
from aptheory.sections.detection.config import IOU_THRESHOLDS, LOSSES, TrainConfig
from aptheory.sections.detection.data import Dataset
from aptheory.sections.detection.evaluation import ranking_ap, thresholds_with_positives
from aptheory.sections.detection.losses import (
    auc_loss,
    focal_loss,
    log_softmax_with_background,
    ohem_cross_entropy,
    pair_labels,
)

__all__ = ["LossFn", "TrainingRun", "train", "training_loss"]


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


def training_loss(name: str) -> LossFn:
    """The training loss ``name`` of :data:`LOSSES` as (scores, labels, groups) -> (loss, grad).

    ``scores`` (n_anchors, C) logits, ``labels`` per anchor (class, ``BACKGROUND`` or
    ``IGNORED``), ``groups`` the image of each anchor (OHEM selects per image). ``"ap"`` is
    the AP-loss of eq. (17) in its training form (H~, delta = 1, interpolated) and its
    error-driven update, over one ranking of every valid (anchor, class) pair.
    """
    name = check_choice(name, "loss", tuple(LOSSES))
    if name == "ce-ohem":
        return lambda s, y, g: ohem_cross_entropy(s, y, g, neg_pos_ratio=3.0)
    if name == "focal-g1":
        return lambda s, y, g: focal_loss(s, y, gamma=1.0, alpha=0.25)
    if name == "focal-g2":
        return lambda s, y, g: focal_loss(s, y, gamma=2.0, alpha=0.25)
    if name == "auc":
        return _ranking_loss(lambda s, p: auc_loss(s, p, delta=1.0))
    return _ranking_loss(  # "ap"
        lambda s, p: fastap.ap_loss_grad(s, p, step="piecewise", delta=1.0, interpolated=True)
    )


def _eval_scores(name: str, scores: NDArray[np.float64]) -> NDArray[np.float64]:
    """The score a trained model ranks class c by: log softmax probability for CE, else s.

    Sigmoid (focal) is monotone in s, so the raw score ranks identically and cannot saturate
    into ties; the softmax probability of class c depends on the other classes' scores too.
    """
    if name == "ce-ohem":
        return log_softmax_with_background(scores)[:, 1:]
    return scores


@dataclass(frozen=True)
class TrainingRun:
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


def train(data: Dataset, loss: str, train_cfg: TrainConfig, seed: int) -> TrainingRun:
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
    seed = check_seed(seed)
    loss_fn = training_loss(loss)
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
    return TrainingRun(
        loss=loss,
        seed=seed,
        iterations=tuple(checkpoints),
        curve=tuple(curve),
        per_threshold=tuple(float(x) for x in final),
        train_loss=tuple(losses),
        seconds=time.perf_counter() - start,
        thresholds=thresholds,
    )
