"""The ranking core: step functions, ranks, primary terms and AP-loss.

These are the *plain reference implementations*: each builds the |P| x (|P| + |N|) pair
matrix and reads like the equation it cites. Faster versions (``aptheory.fastap``) are
checked against them. Because the pair matrix grows like |P| n, the public functions refuse
a matrix above 1 GiB (about 1.3e8 pairs) with a ``ValueError`` that points to
``aptheory.fastap``, which computes the same AP-loss and gradient in O(n log |P|).

Notation follows the supplement (``docs/MATH.md``): for a positive ``i`` and any
other box ``k``, ``x_ik = s_k - s_i`` (positive when ``k`` outranks ``i``); ``P`` and ``N``
are the positive and negative boxes; ``H`` is the Heaviside step with an explicit value
``H(0) = at_zero``; ``H~`` is the piecewise-linear step of half-width ``delta`` and ``Q`` its
integral; ``S`` is the sigmoid.

Default tie value: ``at_zero = 1``. It is the value Proposition 1 needs (the error-driven
algorithm must be able to start from ``theta = 0``, where every pair is tied), and with it
``1 - ap_loss`` equals the average precision of ``sklearn.metrics.average_precision_score``
even with tied scores (tied boxes count as ranked ahead, as sklearn's thresholds do).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import expit

from aptheory.core.validation import (
    STEPS,
    check_at_zero,
    check_bool,
    check_delta,
    check_pair_matrix_size,
    check_positive,
    check_step,
    check_tau,
    validate_ranking,
)

Step = Literal["heaviside", "piecewise", "piecewise-numerator"]
DEFAULT_AT_ZERO = 1.0

__all__ = [
    "DEFAULT_AT_ZERO",
    "check_at_zero",
    "check_delta",
    "check_positive",
    "check_step",
    "check_tau",
    "STEPS",
    "ap_loss",
    "ap_loss_grad",
    "heaviside",
    "interpolated_ap_loss",
    "pair_differences",
    "pair_matrix",
    "precision",
    "primary_terms",
    "rank",
    "rank_plus",
    "piecewise_step",
    "piecewise_step_integral",
    "sigmoid",
    "smoothed_ap_loss",
    "validate_ranking",
]


# ------------------------------------------------------------------------ step functions


def heaviside(x: ArrayLike, at_zero: float) -> NDArray[np.float64]:
    """Heaviside step H(x): 1 for x > 0, 0 for x < 0 and ``at_zero`` at x = 0."""
    return _heaviside(np.asarray(x, dtype=np.float64), check_at_zero(at_zero))


def piecewise_step(x: ArrayLike, delta: float = 1.0) -> NDArray[np.float64]:
    """Piecewise step H~(x) (main paper Sec. 3.4.2): 0, x/(2 delta) + 1/2, 1 on the three pieces."""
    return _piecewise(np.asarray(x, dtype=np.float64), check_delta(delta))


def piecewise_step_integral(x: ArrayLike, delta: float = 1.0) -> NDArray[np.float64]:
    """Q(x) = integral of H~ from -inf to x (supplement eq. 18).

    Q(x) = 0 for x < -delta, (x + delta)^2 / (4 delta) for |x| <= delta, x for x > delta.
    """
    delta = check_delta(delta)
    x = np.asarray(x, dtype=np.float64)
    inner = (np.clip(x, -delta, delta) + delta) ** 2 / (4.0 * delta)
    return np.where(x > delta, x, np.where(x < -delta, 0.0, inner))


def sigmoid(x: ArrayLike, tau: float = 1.0) -> NDArray[np.float64]:
    """Sigmoid S(x / tau) = 1 / (1 + exp(-x / tau)) (supplement eq. 12), overflow-free."""
    tau = check_tau(tau)
    return expit(np.asarray(x, dtype=np.float64) / tau)


# ------------------------------------------------------------------------ pairs and ranks


def pair_matrix(rows: NDArray[np.float64], cols: NDArray[np.float64]) -> NDArray[np.float64]:
    """x_ik = s_k - s_i for the scores ``rows`` (i) and ``cols`` (k): the one pair builder.

    Takes validated float64 arrays (no checks but the 1 GiB size guard).

    Differences of finite scores near +-1e308 may overflow to +-inf; the sign, which is all
    that H and H~ read, is still right, so the overflow is not reported.
    """
    check_pair_matrix_size(rows.size, cols.size)
    with np.errstate(over="ignore", invalid="ignore"):
        return cols[None, :] - rows[:, None]


def pair_differences(scores: ArrayLike, positive: ArrayLike) -> NDArray[np.float64]:
    """Pair matrix x_ik = s_k - s_i for i in P (rows) and every box k (columns)."""
    s, p = validate_ranking(scores, positive)
    return pair_matrix(s[p], s)


def _heaviside(x: NDArray[np.float64], at_zero: float) -> NDArray[np.float64]:
    return np.where(x > 0, 1.0, np.where(x < 0, 0.0, at_zero))


def _piecewise(x: NDArray[np.float64], delta: float) -> NDArray[np.float64]:
    with np.errstate(over="ignore", invalid="ignore"):
        return np.clip(x / (2.0 * delta) + 0.5, 0.0, 1.0)


def _step_values(x: NDArray[np.float64], kind: str, at_zero: float, delta: float):
    return _heaviside(x, at_zero) if kind == "heaviside" else _piecewise(x, delta)


def _rank_sums(
    s: NDArray[np.float64],
    p: NDArray[np.bool_],
    kind: str,
    at_zero: float,
    delta: float,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Return (rank(i), rank+(i), step(x_ij) for j in N) for every positive i."""
    x = pair_matrix(s[p], s)
    h = _step_values(x, kind, at_zero, delta)
    pos_idx = np.flatnonzero(p)
    h[np.arange(pos_idx.size), pos_idx] = 0.0  # k != i
    rank_all = 1.0 + h.sum(axis=1)
    rank_pos = 1.0 + h[:, p].sum(axis=1)
    return rank_all, rank_pos, h[:, ~p]


def _validated_ranks(
    scores: ArrayLike, positive: ArrayLike, step: str, at_zero: float, delta: float
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Validate the public arguments, then :func:`_rank_sums` with the denominator's step."""
    s, p = validate_ranking(scores, positive)
    denom = "piecewise" if check_step(step) == "piecewise" else "heaviside"
    return _rank_sums(s, p, denom, check_at_zero(at_zero), check_delta(delta))


def rank(
    scores: ArrayLike,
    positive: ArrayLike,
    *,
    at_zero: float = DEFAULT_AT_ZERO,
    step: str = "heaviside",
    delta: float = 1.0,
) -> NDArray[np.float64]:
    """rank(i) = 1 + sum_{k in P u N, k != i} H(x_ik) for every positive i (docs/MATH.md).

    ``step="piecewise"`` uses H~ instead of H (the training form of the denominator).
    """
    return _validated_ranks(scores, positive, step, at_zero, delta)[0]


def rank_plus(
    scores: ArrayLike,
    positive: ArrayLike,
    *,
    at_zero: float = DEFAULT_AT_ZERO,
    step: str = "heaviside",
    delta: float = 1.0,
) -> NDArray[np.float64]:
    """rank+(i) = 1 + sum_{k in P, k != i} H(x_ik) for every positive i (docs/MATH.md)."""
    return _validated_ranks(scores, positive, step, at_zero, delta)[1]


def primary_terms(
    scores: ArrayLike,
    positive: ArrayLike,
    *,
    step: str = "heaviside",
    at_zero: float = DEFAULT_AT_ZERO,
    delta: float = 1.0,
) -> NDArray[np.float64]:
    """Primary terms L_ij for i in P (rows, in order of appearance) and j in N (columns).

    - ``step="heaviside"``: L_ij = H(x_ij) / (1 + sum_{k != i} H(x_ik)), eq. (3);
    - ``step="piecewise-numerator"``: H~ in the numerator only, eq. (16);
    - ``step="piecewise"``: H~ in numerator and denominator, the paper's training form.

    ``at_zero`` is H(0) wherever H appears; ``delta`` is the half-width of H~.
    """
    s, p = validate_ranking(scores, positive)
    return _primary_terms(s, p, check_step(step), check_at_zero(at_zero), check_delta(delta))


def _primary_terms(
    s: NDArray[np.float64], p: NDArray[np.bool_], step: str, at_zero: float, delta: float
) -> NDArray[np.float64]:
    """L_ij of :func:`primary_terms` on validated arguments."""
    denom_kind = "piecewise" if step == "piecewise" else "heaviside"
    rank_all, _, h_neg = _rank_sums(s, p, denom_kind, at_zero, delta)
    if step == "piecewise-numerator":
        h_neg = _piecewise(pair_matrix(s[p], s[~p]), delta)
    return h_neg / rank_all[:, None]


def precision(
    scores: ArrayLike,
    positive: ArrayLike,
    *,
    step: str = "heaviside",
    at_zero: float = DEFAULT_AT_ZERO,
    delta: float = 1.0,
) -> NDArray[np.float64]:
    """Precision p_i = rank+(i) / rank(i) of every positive i (with H or H~ in both ranks)."""
    rank_all, rank_pos, _ = _validated_ranks(scores, positive, step, at_zero, delta)
    return rank_pos / rank_all


def _precision(
    s: NDArray[np.float64], p: NDArray[np.bool_], step: str, at_zero: float, delta: float
) -> NDArray[np.float64]:
    """p_i of :func:`precision` on validated arguments."""
    denom = "piecewise" if step == "piecewise" else "heaviside"
    rank_all, rank_pos, _ = _rank_sums(s, p, denom, at_zero, delta)
    return rank_pos / rank_all


def ap_loss(
    scores: ArrayLike,
    positive: ArrayLike,
    *,
    step: str = "heaviside",
    at_zero: float = DEFAULT_AT_ZERO,
    delta: float = 1.0,
) -> float:
    """AP-loss L_AP = (1/|P|) sum_{i in P} sum_{j in N} L_ij, eq. (17).

    With ``step="heaviside"`` this is 1 - AP (docs/MATH.md); the other steps give the smoothed
    forms used by eq. (16) and by training. Zero negatives gives 0.
    """
    terms = primary_terms(scores, positive, step=step, at_zero=at_zero, delta=delta)
    return float(terms.sum(axis=1).mean())


def _interpolate(s_pos: NDArray[np.float64], prec: NDArray[np.float64]) -> NDArray[np.float64]:
    """p~_i = max of p_k over positives k with s_k <= s_i (main paper Sec. 3.4.3)."""
    below = s_pos[None, :] <= s_pos[:, None]  # row i, column k: s_k <= s_i
    return np.where(below, prec[None, :], -np.inf).max(axis=1)


def interpolated_ap_loss(
    scores: ArrayLike,
    positive: ArrayLike,
    *,
    step: str = "heaviside",
    at_zero: float = DEFAULT_AT_ZERO,
    delta: float = 1.0,
) -> float:
    """Interpolated AP-loss 1 - mean_i p~_i (main paper Sec. 3.4.3)."""
    s, p = validate_ranking(scores, positive)
    prec = _precision(s, p, check_step(step), check_at_zero(at_zero), check_delta(delta))
    return float(np.mean(1.0 - _interpolate(s[p], prec)))


def smoothed_ap_loss(scores: ArrayLike, positive: ArrayLike, *, tau: float = 1.0) -> float:
    """Sigmoid-smoothed AP-loss F, eq. (11): H replaced by S(x / tau) in eq. (3).

    F = (1/|P|) sum_i sum_j S(x_ij / tau) / (1 + sum_{k != i} S(x_ik / tau)).
    """
    s, p = validate_ranking(scores, positive)
    x = pair_matrix(s[p], s)
    g = expit(x / check_tau(tau))
    pos_idx = np.flatnonzero(p)
    g[np.arange(pos_idx.size), pos_idx] = 0.0
    return float((g[:, ~p].sum(axis=1) / (1.0 + g.sum(axis=1))).mean())


def ap_loss_grad(
    scores: ArrayLike,
    positive: ArrayLike,
    *,
    step: str = "heaviside",
    delta: float = 1.0,
    interpolated: bool = False,
    at_zero: float = DEFAULT_AT_ZERO,
) -> tuple[float, NDArray[np.float64]]:
    """AP-loss and its error-driven gradient with respect to every score (docs/MATH.md).

    g_j = +(1/|P|) sum_{i in P} L_ij for negatives j, g_i = -(1/|P|) sum_{j in N} L_ij for
    positives i. With ``interpolated=True`` the precision of each positive is replaced by its
    interpolated value p~_i, the negatives' terms of positive i are rescaled by
    (1 - p~_i) / (1 - p_i) and positive i gets -(1 - p~_i)/|P|; the loss is 1 - mean p~_i.
    The paper's training form is ``step="piecewise", delta=1, interpolated=True``.
    Returns ``(loss, grad)`` with ``grad`` float64 of the shape of ``scores``.
    """
    interpolated = check_bool(interpolated, "interpolated")
    s, p = validate_ranking(scores, positive)
    step, at_zero, delta = check_step(step), check_at_zero(at_zero), check_delta(delta)
    if interpolated and step == "piecewise-numerator":
        raise ValueError(
            "interpolated=True needs step='heaviside' or 'piecewise' (with eq. (16)'s mixed "
            "form, sum_j L_ij is not 1 - precision)"
        )
    terms = _primary_terms(s, p, step, at_zero, delta)
    row = terms.sum(axis=1)  # = 1 - p_i
    if interpolated:
        prec = _precision(s, p, step, at_zero, delta)
        target = 1.0 - _interpolate(s[p], prec)  # 1 - p~_i
        with np.errstate(invalid="ignore", divide="ignore"):
            scale = np.where(row > 0, target / np.where(row > 0, row, 1.0), 0.0)
        terms = terms * scale[:, None]
        row = target
    n_pos = int(p.sum())
    grad = np.zeros_like(s)
    grad[p] = -row / n_pos
    grad[~p] = terms.sum(axis=0) / n_pos
    return float(row.mean()), grad
