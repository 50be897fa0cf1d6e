"""The constants of the proof of Proposition 1: c (eq. 6), C (eq. 7), C / c^2 (eq. 10).

Several samples: the per-step constants must be uniform over samples,
``c = epsilon / (M ||theta*||)`` with ``M = max_n (|P(n)| + |N(n)|)`` and
``C = max_n |P(n)| |N(n)| max_{i,j} ||f_i - f_j||^2`` (the product taken per sample, then the
max; not max |P| times max |N| times the overall max distance, which is also valid but
looser). ``||theta*||`` is kept, so ``theta*`` need not be unit norm.

The tie value H(0) enters through the last line of eq. (4): an erring sample with |P|
positives and |N| negatives has ``max L_ij >= h / (|P| + h |N|)`` for ``h = H(0)``, and this
is the exact minimum (:func:`max_term_lower_bound`); it is the printed ``1 / (|P| + |N|)``
only for ``h = 1``. Over every split of n boxes the minimum is ``h / (n - 1 + h)``
(:func:`max_term_lower_bound_of_size`, |N| = 1).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from aptheory.core.exact import exact_tie_value
from aptheory.core.linear import pair_features
from aptheory.core.validation import check_at_zero, check_int
from aptheory.sections.separable.problems import SeparableProblem, validate_problem

__all__ = [
    "Constants",
    "constants",
    "harmonic_mass",
    "max_term_lower_bound",
    "max_term_lower_bound_of_size",
    "min_max_term",
    "pair_masses",
]


_SIZE_FORM = object()  # marks the two-argument call max_term_lower_bound(size, at_zero)


def max_term_lower_bound(n_positive: int, n_negative: Any, at_zero: Any = _SIZE_FORM) -> Fraction:
    """Smallest max_ij L_ij over the erring orderings of |P| positives and |N| negatives, eq. (4).

    ``max_term_lower_bound(n_positive, n_negative, at_zero)`` is the exact minimum for the
    given sizes, ``h / (|P| + h |N|)`` with ``h = H(0)`` (``1 / (|P| + |N|)`` at h = 1, the
    printed last line of (4); ``1 / (2 |P| + |N|)`` at h = 1/2; 0 at h = 0).

    Proof (an ordering *errs* when some negative j is at or above some positive i):

    1. If some negative j is strictly above a positive i, L_ij = 1 / rank(i) >= 1 / (|P| + |N|)
       >= h / (|P| + h |N|), as rank(i) <= |P| + |N| and h <= 1.
    2. Otherwise the error is a tie x_ij = 0 and no negative is above i: with a positives
       above i and b positives and c negatives tied with it (a + b <= |P| - 1, c <= |N|),
       rank(i) = 1 + a + h (b + c) <= |P| + h |N|, so L_ij = h / rank(i) >= h / (|P| + h |N|).
    3. Equality: the other |P| - 1 positives on top and the last positive tied with every
       negative (for |P| = |N| = 1, h = 1/2: the tied pair, 1/3).

    The two-argument form ``max_term_lower_bound(size, at_zero)`` (version 0.1) keeps its
    meaning: the minimum over every split of ``size`` = |P| + |N| boxes, ``h / (size - 1 + h)``
    (|N| = 1), the same as :func:`max_term_lower_bound_of_size`.

    Parameters
    ----------
    n_positive : int
        |P| >= 1 (in the two-argument form: |P| + |N| >= 2).
    n_negative : int
        |N| >= 1 (in the two-argument form: H(0)).
    at_zero : float or Fraction
        H(0) in [0, 1], read exactly.

    Returns
    -------
    Fraction
    """
    if at_zero is _SIZE_FORM:
        return max_term_lower_bound_of_size(n_positive, n_negative)
    p = check_int(n_positive, "n_positive", 1)
    n = check_int(n_negative, "n_negative", 1)
    h = exact_tie_value(at_zero)
    return h / (p + h * n)


def max_term_lower_bound_of_size(size: int, at_zero: Any) -> Fraction:
    """Smallest max L_ij over erring rankings of ``size`` = |P| + |N| boxes, any split, eq. (4).

    Equals ``h / (size - 1 + h)`` for ``h = H(0)``: the minimum over |P| + |N| = size of the
    per-size constant h / (|P| + h |N|) of :func:`max_term_lower_bound`, reached at |N| = 1
    (|P| + h |N| = size - (1 - h) |N| is largest there); ``1 / size`` for h = 1,
    ``1 / (2 size - 1)`` for h = 1/2 and 0 for h = 0.

    Parameters
    ----------
    size : int
        |P| + |N|, an integer >= 2.
    at_zero : float or Fraction
        H(0) in [0, 1], read exactly.

    Returns
    -------
    Fraction
    """
    n = check_int(size, "size (|P| + |N|)", 2)
    h = exact_tie_value(at_zero)
    return h / (n - 1 + h)


def min_max_term(sizes: Sequence[tuple[int, int]], at_zero: Any) -> Fraction:
    """min over samples of ``h / (|P(n)| + h |N(n)|)``: the uniform last line of eq. (4).

    Every erring sample of a problem with these ``(|P(n)|, |N(n)|)`` has max L_ij at least
    this (:func:`max_term_lower_bound`), so each step gains at least epsilon times it in
    eq. (4); it is 1 / M, M = max_n (|P(n)| + |N(n)|), at h = 1.
    """
    pairs = list(sizes)
    if not pairs:
        raise ValueError("sizes must hold at least one (|P|, |N|) pair")
    return min(max_term_lower_bound(p, n, at_zero) for p, n in pairs)


def harmonic_mass(n_pos: int, n_neg: int) -> Fraction:
    """|N| (H_{|N|+|P|} - H_{|N|}) = sum_{r=0}^{|P|-1} |N| / (|N| + 1 + r), harmonic numbers H_k.

    The largest sum_ij L_ij of one sample under H(0) in {1/2, 1}, the constant of the sharp
    form of the norm bound of eq. (7): ``||sum L_ij (f_i - f_j)||^2 <= harmonic_mass^2
    max ||f_i - f_j||^2``.
    """
    p = check_int(n_pos, "n_pos", 0)
    n = check_int(n_neg, "n_neg", 0)
    return sum((Fraction(n, n + 1 + r) for r in range(p)), Fraction(0))


def _max_pair_sq(problem: SeparableProblem) -> list[float]:
    """max_{i,j} ||f_i - f_j||^2 of every sample."""
    return [float((pair_features(s) ** 2).sum(axis=2).max()) for s in problem.samples]


def pair_masses(problem: SeparableProblem) -> NDArray[np.float64]:
    """|P(n)| |N(n)| max_{i,j} ||f_i - f_j||^2 for every sample n: the per-sample C of eq. (7).

    The constant C of eq. (7) is their maximum (:func:`constants`).
    """
    problem = validate_problem(problem)
    return _pair_masses(problem)


def _pair_masses(problem: SeparableProblem) -> NDArray[np.float64]:
    sq = _max_pair_sq(problem)
    return np.array(
        [s.n_positive * s.n_negative * d for s, d in zip(problem.samples, sq, strict=True)],
        dtype=np.float64,
    )


@dataclass(frozen=True)
class Constants:
    """The constants of the proof for one problem and one tie value H(0).

    Attributes:
        at_zero: H(0).
        max_size: M = max_n (|P(n)| + |N(n)|).
        epsilon: the margin of eq. (1); ``theta_star_norm`` is ||theta*||.
        c: epsilon / (M ||theta*||), eq. (6) as printed.
        C: max_n |P(n)| |N(n)| max_{i,j} ||f_i - f_j||^2, eq. (7).
        bound: C / c^2, eq. (10).
        min_max_term: the sharp lower bound of max L_ij for an erring sample under this
            H(0), uniform over samples: ``min_n h / (|P(n)| + h |N(n)|)``
            (:func:`min_max_term`; = 1 / M for h = 1; 0.1 used the worst split of the
            largest size, h / (M - 1 + h), smaller for h < 1).
        c_at_zero: epsilon * min_max_term / ||theta*|| (the c this H(0) supports).
        bound_at_zero: C / c_at_zero^2 (inf for H(0) = 0: no guarantee).
        R: max over all samples and pairs of ||f_i - f_j||.
        gamma: epsilon / ||theta*|| (the normalised margin).
        perceptron_bound: (R / gamma)^2, the classical pairwise-perceptron bound.
        max_row_mass: s_max = max_n |P(n)| |N(n)| / (|N(n)| + 1), an upper bound of
            sum_ij L_ij on any sample at any theta.
        sharper_bound: (s_max / min_max_term) (R / gamma)^2, a bound on the steps that the
            same argument gives when the step sizes sum_ij L_ij are tracked (see the claims).
    """

    at_zero: float
    max_size: int
    epsilon: float
    theta_star_norm: float
    c: float
    C: float
    bound: float
    min_max_term: float
    c_at_zero: float
    bound_at_zero: float
    R: float
    gamma: float
    perceptron_bound: float
    max_row_mass: float
    sharper_bound: float


def constants(problem: SeparableProblem, *, at_zero: float = 1.0) -> Constants:
    """c (eq. 6), C (eq. 7), C / c^2 (eq. 10) and the comparison bounds for ``problem``."""
    problem = validate_problem(problem)
    h = check_at_zero(at_zero)
    eps = problem.epsilon
    norm = float(np.linalg.norm(problem.theta_star))
    sizes = problem.sizes
    max_size = max(p + n for p, n in sizes)
    big_c = float(_pair_masses(problem).max())
    c = eps / (max_size * norm)
    mmt = float(min_max_term(sizes, Fraction(h)))
    c_h = eps * mmt / norm
    r = math.sqrt(max(_max_pair_sq(problem)))
    gamma = eps / norm
    s_max = max(p * n / (n + 1) for p, n in sizes)
    return Constants(
        at_zero=h,
        max_size=max_size,
        epsilon=eps,
        theta_star_norm=norm,
        c=c,
        C=big_c,
        bound=big_c / c**2,
        min_max_term=mmt,
        c_at_zero=c_h,
        bound_at_zero=big_c / c_h**2 if c_h > 0 else math.inf,
        R=r,
        gamma=gamma,
        perceptron_bound=(r / gamma) ** 2,
        max_row_mass=s_max,
        sharper_bound=(s_max / mmt) * (r / gamma) ** 2 if mmt > 0 else math.inf,
    )
