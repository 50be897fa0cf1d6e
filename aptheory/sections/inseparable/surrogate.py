"""The surrogate loss l of eq. (18), its gradients, and the modified update of eq. (16).

Notation (supplement, ``docs/MATH.md``): a sample d has features f_k (rows), positives P and
negatives N; the pair score of i in P and k is x_ik = s_k - s_i with s = F @ theta. The
surrogate is

    l(x, x^) = (1/|P|) sum_{i in P} sum_{j in N} Q(x_ij) / D_i(x^),
    D_i(x^)  = 1 + sum_{k in P u N, k != i} H(x^_ik)      (H(0) = ``at_zero``)

and l^(t)(theta) = l(X_d(t)(theta), X_d(t)(theta^(t))), eq. (20).

**The exact factor of (16) = gradient descent.** The gradient of l^(t) at theta^(t) is

    dl^(t)/dtheta = (1/|P|) sum_{i in P, j in N} L~_ij (f_j - f_i),    L~_ij of eq. (16),

so the gradient step theta - eta * dl/dtheta is the error-driven step
``theta + (eta / |P|) * sum_ij L~_ij (f_i - f_j)``: the supplement's eq. (2) with L~ and step
size eta / |P| (:func:`modified_update`). With eta = delta / R^2 the error-driven step size
is delta / (R^2 |P|), which varies with the sample in the online setting.

Float functions use the reference implementations of :mod:`aptheory.core.ranking` (rank,
H, H~, Q, the pair matrix); :func:`exact_surrogate` computes the same quantities in
``fractions.Fraction`` through :mod:`aptheory.core.exact`.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from aptheory.core.exact import (
    as_fraction,
    exact_ranks,
    exact_scores,
    piecewise_step_exact,
    piecewise_step_integral_exact,
)
from aptheory.core.linear import Sample, pair_features, pair_jacobian, validate_theta
from aptheory.core.ranking import (
    DEFAULT_AT_ZERO,
    pair_matrix,
    piecewise_step,
    piecewise_step_integral,
    rank,
)
from aptheory.core.validation import (
    check_at_zero,
    check_delta,
    check_labels,
    check_positive,
    check_real_array,
    check_unit_interval,
    validate_ranking,
)

__all__ = [
    "ExactSurrogate",
    "convexity_gap",
    "denominators",
    "exact_surrogate",
    "frozen_denominators",
    "modified_terms",
    "modified_update",
    "pairs",
    "printed_update",
    "surrogate_grad_pairs",
    "surrogate_grad_theta",
    "surrogate_loss",
    "surrogate_theta",
]


# ------------------------------------------------------------- on validated float arrays


def pairs(s: NDArray[np.float64], p: NDArray[np.bool_]) -> NDArray[np.float64]:
    """x_ij = s_j - s_i for i in P (rows) and j in N (columns), on validated arrays."""
    return pair_matrix(s[p], s[~p])


def frozen_denominators(
    s: NDArray[np.float64], p: NDArray[np.bool_], at_zero: float
) -> NDArray[np.float64]:
    """D_i = rank(i) of eqs. (16)-(18) on validated arrays (:func:`aptheory.core.ranking.rank`)."""
    return rank(s, p, at_zero=at_zero)


def _reference(scores: NDArray[np.float64], reference: ArrayLike | None) -> NDArray[np.float64]:
    """x^ validated against x: ``None`` means x^ = x."""
    if reference is None:
        return scores
    r = check_real_array(reference, "reference")
    if r.shape != scores.shape:
        raise ValueError(f"reference has shape {r.shape} but scores has shape {scores.shape}")
    return r


# --------------------------------------------------------------------- the surrogate, (18)


def denominators(
    scores: ArrayLike, positive: ArrayLike, *, at_zero: float = DEFAULT_AT_ZERO
) -> NDArray[np.float64]:
    """D_i = 1 + sum_{k in P u N, k != i} H(x_ik) for every positive i: rank(i), eqs. (16)-(18)."""
    s, p = validate_ranking(scores, positive)
    return frozen_denominators(s, p, check_at_zero(at_zero))


def surrogate_loss(
    scores: ArrayLike,
    positive: ArrayLike,
    *,
    reference: ArrayLike | None = None,
    delta: float = 1.0,
    at_zero: float = DEFAULT_AT_ZERO,
) -> float:
    """Surrogate loss l(x, x^) of eq. (18).

    ``scores`` give x (in the numerators, through Q); ``reference`` gives x^ (in the
    denominators, through H); ``reference=None`` means x^ = x, i.e. l(x, x) of eq. (19).
    """
    s, p = validate_ranking(scores, positive)
    r = _reference(s, reference)
    delta = check_delta(delta)
    d = frozen_denominators(r, p, check_at_zero(at_zero))
    q = piecewise_step_integral(pairs(s, p), delta)
    return float((q.sum(axis=1) / d).mean())


def modified_terms(
    scores: ArrayLike,
    positive: ArrayLike,
    *,
    delta: float = 1.0,
    at_zero: float = DEFAULT_AT_ZERO,
) -> NDArray[np.float64]:
    """Modified primary terms L~_ij = H~(x_ij) / D_i, eq. (16); rows i in P, columns j in N."""
    s, p = validate_ranking(scores, positive)
    delta = check_delta(delta)
    d = frozen_denominators(s, p, check_at_zero(at_zero))
    return piecewise_step(pairs(s, p), delta) / d[:, None]


def surrogate_grad_pairs(
    scores: ArrayLike,
    positive: ArrayLike,
    *,
    reference: ArrayLike | None = None,
    delta: float = 1.0,
    at_zero: float = DEFAULT_AT_ZERO,
) -> NDArray[np.float64]:
    """dl(x, x^)/dx_ij = H~(x_ij) / (|P| D_i(x^)) for i in P, j in N, eqs. (22)-(23).

    At x^ = x this is L~_ij / |P|. Its squared norm is the first line of eq. (23).
    """
    s, p = validate_ranking(scores, positive)
    r = _reference(s, reference)
    delta = check_delta(delta)
    d = frozen_denominators(r, p, check_at_zero(at_zero))
    return piecewise_step(pairs(s, p), delta) / (d[:, None] * p.sum())


# ------------------------------------------------------------------ the linear model, (20)


def surrogate_theta(
    sample: Sample,
    theta: ArrayLike,
    reference_theta: ArrayLike,
    *,
    delta: float = 1.0,
    at_zero: float = DEFAULT_AT_ZERO,
) -> float:
    """l^(t)(theta) = l(X_d(theta), X_d(theta^)) for a linear model, eqs. (18), (20)."""
    theta = validate_theta(theta, sample.dim)
    ref = validate_theta(reference_theta, sample.dim)
    return surrogate_loss(
        sample.features @ theta,
        sample.positive,
        reference=sample.features @ ref,
        delta=delta,
        at_zero=at_zero,
    )


def surrogate_grad_theta(
    sample: Sample,
    theta: ArrayLike,
    reference_theta: ArrayLike,
    *,
    delta: float = 1.0,
    at_zero: float = DEFAULT_AT_ZERO,
) -> NDArray[np.float64]:
    """dl^(t)/dtheta = J^T dl/dx, eq. (22): the chain rule through ``pair_jacobian``.

    J = dX/dtheta has one row per pair (|P| |N| x d), so the product is (dX/dtheta)^T dl/dx:
    eq. (22) as printed, dX/dtheta . dl/dx, needs the transpose to be defined.
    """
    theta = validate_theta(theta, sample.dim)
    ref = validate_theta(reference_theta, sample.dim)
    g = surrogate_grad_pairs(
        sample.features @ theta,
        sample.positive,
        reference=sample.features @ ref,
        delta=delta,
        at_zero=at_zero,
    )
    return pair_jacobian(sample).T @ g.ravel()


def modified_update(
    sample: Sample,
    theta: ArrayLike,
    *,
    eta: float,
    delta: float = 1.0,
    at_zero: float = DEFAULT_AT_ZERO,
) -> NDArray[np.float64]:
    """One modified error-driven step: theta + (eta / |P|) sum_ij L~_ij (f_i - f_j), eq. (16).

    This equals theta - eta * dl^(t)/dtheta at theta = theta^(t) (gradient descent with step
    eta on the surrogate): the error-driven form of eq. (2) with step size eta / |P|.
    """
    theta = validate_theta(theta, sample.dim)
    eta = check_positive(eta, "eta")
    terms = modified_terms(sample.features @ theta, sample.positive, delta=delta, at_zero=at_zero)
    diff = pair_features(sample)  # f_i - f_j
    return theta + (eta / sample.n_positive) * np.einsum("ij,ijd->d", terms, diff)


def printed_update(
    sample: Sample,
    theta: ArrayLike,
    *,
    eta: float,
    delta: float = 1.0,
    at_zero: float = DEFAULT_AT_ZERO,
) -> NDArray[np.float64]:
    """The modified step as printed: theta + eta sum_ij L~_ij (f_i - f_j), eqs. (2), (16).

    Without the 1/|P| of eq. (18) this is theta - eta |P| dl^(t)/dtheta: gradient descent
    on the surrogate with step eta |P| (:func:`modified_update` is the step-eta one).
    """
    theta = validate_theta(theta, sample.dim)
    eta = check_positive(eta, "eta")
    terms = modified_terms(sample.features @ theta, sample.positive, delta=delta, at_zero=at_zero)
    return theta + eta * np.einsum("ij,ijd->d", terms, pair_features(sample))


def convexity_gap(
    sample: Sample,
    reference_theta: ArrayLike,
    a: ArrayLike,
    b: ArrayLike,
    *,
    lam: float = 0.5,
    delta: float = 1.0,
    at_zero: float = DEFAULT_AT_ZERO,
) -> tuple[float, float]:
    """(l(lam a + (1 - lam) b), lam l(a) + (1 - lam) l(b)) for l = l(X_d(.), X_d(theta^)).

    Condition (1) (convexity in theta, used in eq. 20) says the first is <= the second.
    ``sample`` must be a :class:`Sample`; ``reference_theta``, ``a``, ``b`` finite vectors of
    its dimension; ``lam`` a real number in [0, 1]; ``delta`` > 0; ``at_zero`` in [0, 1].
    """
    if not isinstance(sample, Sample):
        raise TypeError(f"sample must be a Sample, got {type(sample).__name__}")
    lam = check_unit_interval(lam, "lam")
    reference_theta = validate_theta(reference_theta, sample.dim)
    a = validate_theta(a, sample.dim)
    b = validate_theta(b, sample.dim)
    delta = check_delta(delta)
    at_zero = check_at_zero(at_zero)

    def loss(theta: NDArray[np.float64]) -> float:
        return surrogate_theta(sample, theta, reference_theta, delta=delta, at_zero=at_zero)

    return loss(lam * a + (1 - lam) * b), lam * loss(a) + (1 - lam) * loss(b)


# ------------------------------------------------------------------------- exact instances


@dataclass(frozen=True)
class ExactSurrogate:
    """Every quantity of eqs. (17)-(30) for one instance (x, x^), as Fractions.

    Attributes
    ----------
    n_positive
        |P|.
    delta
        The half-width delta of H~.
    rank_reference, rank_plus_reference
        D_i(x^) = rank(i) and rank+(i) at x^, for every positive i (eqs. 18, 30).
    a, z
        A_i = sum_{j in N} Q(x_ij) for every positive i and Z = max_i A_i (Sec. 3.3).
    loss, loss_self
        l(x, x^) of eq. (18) and l(x, x) of eq. (19).
    ap_loss_self, ap_loss_reference
        L_AP(x) and L_AP(x^) of eq. (17).
    grad_x_sq
        ||dl(x, x^)/dx||^2 = (1/|P|^2) sum_i sum_j H~(x_ij)^2 / D_i(x^)^2, eq. (23).
    """

    n_positive: int
    delta: Fraction
    rank_reference: tuple[Fraction, ...]
    rank_plus_reference: tuple[Fraction, ...]
    a: tuple[Fraction, ...]
    z: Fraction
    loss: Fraction
    loss_self: Fraction
    ap_loss_self: Fraction
    ap_loss_reference: Fraction
    grad_x_sq: Fraction


def _mean_ratio(num: tuple[Fraction, ...], den: tuple[Fraction, ...]) -> Fraction:
    """(1/|P|) sum_i num_i / den_i."""
    return sum((n / d for n, d in zip(num, den, strict=True)), Fraction(0)) / len(den)


def exact_surrogate(
    scores: Any,
    positive: Any,
    *,
    reference: Any = None,
    delta: Any = 1,
    at_zero: Any = 1,
) -> ExactSurrogate:
    """l(x, x^) of eq. (18) and the quantities of (17), (19), (23), (28), (30), exactly.

    ``scores`` (x) and ``reference`` (x^; ``None`` means x^ = x) are 1-D vectors of ints,
    Fractions or finite floats (converted exactly); ranks and H sums come from
    :func:`aptheory.core.exact.exact_ranks`, H~ and Q from
    :func:`~aptheory.core.exact.piecewise_step_exact` and
    :func:`~aptheory.core.exact.piecewise_step_integral_exact`.
    """
    s = exact_scores(scores)
    r = s if reference is None else exact_scores(reference)
    if len(r) != len(s):
        raise ValueError(f"reference has {len(r)} scores but scores has {len(s)}")
    d = as_fraction(delta, "delta")
    if d <= 0:
        raise ValueError(f"delta must be finite and > 0, got {delta!r}")
    at_ref = exact_ranks(r, positive, at_zero)  # validates positive and at_zero
    at_self = exact_ranks(s, positive, at_zero)
    p = check_labels(positive).tolist()
    pos = [k for k, v in enumerate(p) if v]
    neg = [k for k, v in enumerate(p) if not v]
    a = tuple(
        sum((piecewise_step_integral_exact(s[j] - s[i], d) for j in neg), Fraction(0)) for i in pos
    )
    ht_sq = tuple(
        sum((piecewise_step_exact(s[j] - s[i], d) ** 2 for j in neg), Fraction(0)) for i in pos
    )
    n_pos = len(pos)
    return ExactSurrogate(
        n_positive=n_pos,
        delta=d,
        rank_reference=at_ref.rank,
        rank_plus_reference=at_ref.rank_plus,
        a=a,
        z=max(a),
        loss=_mean_ratio(a, at_ref.rank),
        loss_self=_mean_ratio(a, at_self.rank),
        ap_loss_self=_mean_ratio(at_self.neg_ahead, at_self.rank),
        ap_loss_reference=_mean_ratio(at_ref.neg_ahead, at_ref.rank),
        grad_x_sq=_mean_ratio(ht_sq, tuple(di**2 for di in at_ref.rank)) / n_pos,
    )
