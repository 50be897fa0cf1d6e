"""The constants of the proof of Proposition 1: c (eq. 6), C (eq. 7), C / c^2 (eq. 10).

Several samples: the per-step constants must be uniform over samples,
``c = epsilon / (M ||theta*||)`` with ``M = max_n (|P(n)| + |N(n)|)`` and
``C = max_n |P(n)| |N(n)| max_{i,j} ||f_i - f_j||^2`` (the product taken per sample, then the
max; not max |P| times max |N| times the overall max distance, which is also valid but
looser). ``||theta*||`` is kept, so ``theta*`` need not be unit norm.

The tie value H(0) enters through the last line of eq. (4): an erring sample of ``n`` boxes
has ``max L_ij >= h / (n - 1 + h)`` for ``h = H(0)`` (:func:`max_term_lower_bound`), which
is the printed ``1 / n`` only for ``h = 1``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

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
    "pair_masses",
]


def max_term_lower_bound(size: int, at_zero: float | Fraction) -> Fraction:
    """Smallest max L_ij over erring rankings of ``size`` = |P| + |N| boxes, eq. (4) last line.

    Equals ``h / (size - 1 + h)`` for ``h = H(0)``: ``1 / size`` for ``h = 1`` (the printed
    constant), ``1 / (2 size - 1)`` for ``h = 1/2``, and 0 for ``h = 0``. (A strict error
    gives L_ij = 1 / rank(i) >= 1 / size; a tie-only error gives h / rank(i) with
    rank(i) <= size - 1 + h, attained when every other box is a positive ranked above i.)

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
    return h / (n - 1 + h) if h > 0 else Fraction(0)


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
        min_max_term: proven lower bound of max L_ij for an erring sample under this H(0),
            ``h / (M - 1 + h)`` (= 1 / M for h = 1).
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
    mmt = float(max_term_lower_bound(max_size, Fraction(h)))
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
