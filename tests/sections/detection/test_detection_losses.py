"""aptheory.sections.detection.losses: gradients against finite differences and references."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from aptheory.core.ranking import piecewise_step
from aptheory.sections.consistency.numerics import central_difference
from aptheory.sections.detection.losses import (
    BACKGROUND,
    IGNORED,
    auc_loss,
    auc_surrogate,
    focal_loss,
    log_softmax_with_background,
    ohem_cross_entropy,
    pair_labels,
)


def _problem(seed: int, n: int = 40, c: int = 3):
    """Random logits and labels with positives, background and ignored anchors, two groups."""
    rng = np.random.default_rng(seed)
    scores = rng.normal(0.0, 2.0, size=(n, c))
    labels = rng.choice([IGNORED, BACKGROUND, BACKGROUND, BACKGROUND, 0, 1, 2][: 4 + c], size=n)
    labels[0], labels[n // 2] = 0, c - 1  # a positive in each group
    groups = (np.arange(n) >= n // 2).astype(int)
    return scores, labels.astype(np.int64), groups


def _finite_difference(fn, scores, h=1e-6):
    """Central differences of ``fn`` in every coordinate of ``scores`` (step ``h``)."""
    grad = np.zeros_like(scores)
    for idx in np.ndindex(scores.shape):

        def along(x, idx=idx):
            moved = scores.copy()
            moved[idx] = x
            return fn(moved)

        grad[idx] = central_difference(along, float(scores[idx]), h)
    return grad


# ------------------------------------------------------------------------------ focal


@given(seed=st.integers(0, 10_000), gamma=st.sampled_from([0.0, 1.0, 2.0, 0.5]))
@settings(max_examples=15, derandomize=True, deadline=None)
def test_focal_gradient_matches_finite_differences(seed, gamma):
    scores, labels, _ = _problem(seed)
    _, grad = focal_loss(scores, labels, gamma=gamma, alpha=0.25)
    fd = _finite_difference(lambda s: focal_loss(s, labels, gamma=gamma, alpha=0.25)[0], scores)
    # central differences of a smooth function: truncation O(h^2) + rounding O(eps/h) ~ 1e-9
    np.testing.assert_allclose(grad, fd, atol=1e-7, rtol=1e-6)


def test_focal_gamma0_is_weighted_binary_cross_entropy():
    scores, labels, _ = _problem(3)
    positive, valid = pair_labels(labels, scores.shape[1])
    p = 1 / (1 + np.exp(-scores))
    bce = -(positive * np.log(p) + (~positive) * np.log(1 - p)) * valid
    loss, _ = focal_loss(scores, labels, gamma=0.0, alpha=0.5)
    assert loss == pytest.approx(0.5 * bce.sum() / positive.sum(), rel=1e-12)


def test_focal_ignores_ignored_anchors():
    scores, labels, _ = _problem(4)
    _, grad = focal_loss(scores, labels, gamma=1.0)
    assert np.all(grad[labels == IGNORED] == 0)
    assert np.all(grad[labels != IGNORED] != 0)


def test_focal_is_stable_for_huge_logits():
    scores = np.array([[800.0, -800.0], [-800.0, 800.0]])
    loss, grad = focal_loss(scores, np.array([0, BACKGROUND]), gamma=2.0)
    assert np.isfinite(loss) and np.all(np.isfinite(grad))


# -------------------------------------------------------------------------- CE + OHEM


@given(seed=st.integers(0, 10_000))
@settings(max_examples=15, derandomize=True, deadline=None)
def test_ohem_gradient_matches_finite_differences(seed):
    # the hard-negative selection is piecewise constant in the scores: the gradient is exact
    # only where no two negatives' losses tie at the cut. A step h moves a loss -log p_bg by
    # at most h (|d(-log p_bg)/ds_c| = p_c <= 1), so a gap > 2h at every cut keeps the
    # selection fixed; examples with a smaller gap are skipped.
    scores, labels, groups = _problem(seed)
    bg_loss = -log_softmax_with_background(scores)[:, 0]
    for g in np.unique(groups):
        neg = np.sort(bg_loss[(groups == g) & (labels == BACKGROUND)])[::-1]
        k = 3 * int(np.count_nonzero((groups == g) & (labels >= 0)))
        if 0 < k < neg.size:
            assume(neg[k - 1] - neg[k] > 1e-4)
    _, grad = ohem_cross_entropy(scores, labels, groups)
    fd = _finite_difference(lambda s: ohem_cross_entropy(s, labels, groups)[0], scores)
    np.testing.assert_allclose(grad, fd, atol=1e-7, rtol=1e-6)


def test_ohem_keeps_three_hardest_negatives_per_positive_in_each_group():
    scores, labels, groups = _problem(5, n=60)
    _, grad = ohem_cross_entropy(scores, labels, groups, neg_pos_ratio=3.0)
    bg_loss = -log_softmax_with_background(scores)[:, 0]
    for g in (0, 1):
        in_g = groups == g
        n_pos = np.count_nonzero(in_g & (labels >= 0))
        neg = np.flatnonzero(in_g & (labels == BACKGROUND))
        kept = neg[np.any(grad[neg] != 0, axis=1)]
        assert kept.size == min(3 * n_pos, neg.size)
        dropped = np.setdiff1d(neg, kept)
        if dropped.size:
            assert bg_loss[kept].min() >= bg_loss[dropped].max()
    assert np.all(grad[labels == IGNORED] == 0)


def test_ohem_without_mining_limit_is_plain_softmax_cross_entropy():
    scores, labels, groups = _problem(6)
    loss, _ = ohem_cross_entropy(scores, labels, groups, neg_pos_ratio=1e9)
    logp = log_softmax_with_background(scores)
    used = labels != IGNORED
    nll = -logp[np.arange(len(labels)), np.where(labels >= 0, labels + 1, 0)]
    assert loss == pytest.approx(nll[used].sum() / np.count_nonzero(labels >= 0), rel=1e-12)


def test_softmax_with_background_probabilities_sum_to_one():
    scores, _, _ = _problem(7)
    p = np.exp(log_softmax_with_background(scores))
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-12)


# -------------------------------------------------------------------------------- AUC


def _dense_auc(scores, positive, delta):
    x = scores[~positive][None, :] - scores[positive][:, None]  # x_ij = s_j - s_i
    h = piecewise_step(x, delta)
    norm = h.size
    grad = np.zeros_like(scores)
    grad[positive] = -h.sum(axis=1) / norm
    grad[~positive] = h.sum(axis=0) / norm
    return h.mean(), grad


@given(
    seed=st.integers(0, 10_000),
    n=st.integers(2, 60),
    delta=st.sampled_from([0.25, 1.0, 3.0]),
    ties=st.booleans(),
)
@settings(max_examples=40, derandomize=True, deadline=None)
def test_auc_loss_equals_dense_reference(seed, n, delta, ties):
    rng = np.random.default_rng(seed)
    scores = rng.normal(0.0, 2.0, size=n)
    if ties:  # put scores on the breakpoints s_i +- delta and on each other
        scores = np.round(scores / delta) * delta
    positive = rng.random(n) < 0.3
    positive[0], positive[-1] = True, False
    loss, grad = auc_loss(scores, positive, delta=delta)
    ref_loss, ref_grad = _dense_auc(scores, positive, delta)
    assert loss == pytest.approx(ref_loss, abs=1e-12)
    np.testing.assert_allclose(grad, ref_grad, atol=1e-12)


@given(seed=st.integers(0, 10_000))
@settings(max_examples=15, derandomize=True, deadline=None)
def test_auc_update_is_gradient_of_pairwise_q_surrogate(seed):
    rng = np.random.default_rng(seed)
    scores = rng.normal(0.0, 1.5, size=25)
    positive = rng.random(25) < 0.3
    positive[0], positive[-1] = True, False
    _, grad = auc_loss(scores, positive)
    fd = _finite_difference(lambda s: auc_surrogate(s, positive), scores)
    # Q is C^1 with a kink in its second derivative; central differences agree to O(h)
    np.testing.assert_allclose(grad, fd, atol=1e-6)


def test_auc_loss_without_negatives_is_zero():
    loss, grad = auc_loss(np.array([0.3, 0.1]), np.array([True, True]))
    assert loss == 0.0 and np.all(grad == 0)


# ----------------------------------------------------------------------- bad input


def test_bad_inputs_raise_naming_the_argument():
    scores, labels, groups = _problem(8)
    with pytest.raises(ValueError, match="scores"):
        focal_loss(np.where(scores > 1, np.nan, scores), labels)
    with pytest.raises(ValueError, match="labels"):
        focal_loss(scores, labels[:-1])
    with pytest.raises(ValueError, match="labels"):
        focal_loss(scores, np.where(labels >= 0, BACKGROUND, labels))
    with pytest.raises(ValueError, match="labels"):
        focal_loss(scores, np.full_like(labels, 7))
    with pytest.raises(TypeError, match="labels"):
        focal_loss(scores, labels.astype(float))
    with pytest.raises(ValueError, match="gamma"):
        focal_loss(scores, labels, gamma=-1.0)
    with pytest.raises(ValueError, match="alpha"):
        focal_loss(scores, labels, alpha=1.5)
    with pytest.raises(ValueError, match="groups"):
        ohem_cross_entropy(scores, labels, groups[:-1])
    with pytest.raises(ValueError, match="neg_pos_ratio"):
        ohem_cross_entropy(scores, labels, groups, neg_pos_ratio=-1.0)
    with pytest.raises(ValueError, match="scores"):
        ohem_cross_entropy(scores[:, 0], labels, groups)
    with pytest.raises(ValueError, match="delta"):
        auc_loss(np.array([0.1, 0.2]), np.array([True, False]), delta=0.0)
    with pytest.raises(ValueError, match="positive"):
        auc_loss(np.array([0.1, 0.2]), np.array([False, False]))
    with pytest.raises(ValueError, match="scores"):
        auc_loss(np.array([np.inf, 0.2]), np.array([True, False]))
    for bad in (0.0, -1.0, np.inf, np.nan):
        with pytest.raises(ValueError, match="delta"):
            auc_surrogate(np.array([0.1, 0.2]), np.array([True, False]), delta=bad)
    with pytest.raises(TypeError, match="delta"):
        auc_surrogate(np.array([0.1, 0.2]), np.array([True, False]), delta="1")
