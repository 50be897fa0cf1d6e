"""Data of Section 3: samples of two overlapping Gaussian classes, and a separability test.

The inseparable case (supplement, Sec. 3) is the case where no linear model ranks every
positive above every negative in every sample. :func:`inseparable_samples` draws such data
(seeded, samples of different sizes); :func:`is_separable` decides it by a linear program;
:func:`validate_samples` is the one check of a data set (a tuple of
:class:`~aptheory.core.linear.Sample`) used by every public function of the section.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import optimize, stats

from aptheory.core.linear import Sample, pair_jacobian
from aptheory.core.validation import check_int, check_int_range, check_unit_interval

__all__ = ["inseparable_samples", "is_separable", "separation", "validate_samples"]


def separation(overlap: float) -> float:
    """Distance of the class means, in noise standard deviations, for a given overlap.

    ``overlap`` is the overlap coefficient of two unit-variance Gaussians along the line of
    their means, OVL = 2 Phi(-sep / 2); so sep = -2 Phi^{-1}(overlap / 2). ``overlap = 1``
    gives identical classes; ``overlap -> 0`` separates them.

    Raises
    ------
    TypeError, ValueError
        If ``overlap`` is not a real number in (0, 1].
    """
    overlap = check_unit_interval(overlap, "overlap")
    if overlap == 0.0:
        raise ValueError("overlap must lie in (0, 1], got 0.0")
    return float(-2.0 * stats.norm.ppf(overlap / 2.0))


def inseparable_samples(
    n_samples: int,
    *,
    overlap: float = 0.3,
    dim: int = 2,
    positives: tuple[int, int] = (2, 6),
    negatives: tuple[int, int] = (4, 16),
    seed: int | np.random.Generator = 0,
) -> tuple[Sample, ...]:
    """Seeded samples of two overlapping Gaussian classes, of different sizes.

    Each sample draws |P| uniformly in ``positives`` and |N| in ``negatives`` (inclusive);
    positives ~ N(+sep/2 e_1, I), negatives ~ N(-sep/2 e_1, I) in R^dim with
    sep = ``separation(overlap)``; boxes are shuffled. With overlap >= ~0.05 and a few dozen
    boxes the union is almost surely not linearly separable (see :func:`is_separable`).

    Parameters
    ----------
    n_samples, dim
        Number of samples and feature dimension (ints >= 1).
    overlap
        Overlap coefficient of the classes, in (0, 1].
    positives, negatives
        ``(low, high)`` ranges of |P| and |N| per sample (ints, 1 <= low <= high).
    seed
        Seed (or generator) of ``numpy.random.default_rng``.
    """
    n_samples = check_int(n_samples, "n_samples", 1)
    dim = check_int(dim, "dim", 1)
    p_lo, p_hi = check_int_range(positives, "positives", 1)
    n_lo, n_hi = check_int_range(negatives, "negatives", 1)
    sep = separation(overlap)
    rng = np.random.default_rng(seed)
    shift = np.zeros(dim)
    shift[0] = sep / 2.0
    out = []
    for _ in range(n_samples):
        n_pos = int(rng.integers(p_lo, p_hi + 1))
        n_neg = int(rng.integers(n_lo, n_hi + 1))
        feats = np.concatenate(
            [rng.normal(size=(n_pos, dim)) + shift, rng.normal(size=(n_neg, dim)) - shift]
        )
        mask = np.arange(n_pos + n_neg) < n_pos
        order = rng.permutation(n_pos + n_neg)
        out.append(Sample(feats[order], mask[order]))
    return tuple(out)


def validate_samples(samples: Sample | Sequence[Sample]) -> tuple[Sample, ...]:
    """A data set as a non-empty tuple of samples with |N| >= 1 and one feature dimension.

    A single :class:`Sample` is taken as a data set of one sample.

    Raises
    ------
    TypeError
        If an item is not a :class:`Sample`.
    ValueError
        If there is no sample, a sample has no negative box, or the dimensions differ.
    """
    if isinstance(samples, Sample):
        samples = (samples,)
    samples = tuple(samples)
    if not samples:
        raise ValueError("samples must hold at least one Sample")
    for s in samples:
        if not isinstance(s, Sample):
            raise TypeError(f"samples must hold Sample objects, got {type(s).__name__}")
        if s.n_negative == 0:
            raise ValueError("every sample needs at least one negative box (|N| >= 1)")
    if len({s.dim for s in samples}) != 1:
        raise ValueError("all samples must have the same feature dimension")
    return samples


def is_separable(samples: Sample | Sequence[Sample]) -> bool:
    """Whether some theta ranks every positive strictly above every negative in every sample.

    Linear feasibility <f_i - f_j, theta> >= 1 for all pairs i in P, j in N (scipy's HiGHS
    ``linprog``); the data set is checked by :func:`validate_samples`.
    """
    samples = validate_samples(samples)
    rows = np.concatenate([-pair_jacobian(s) for s in samples])  # f_i - f_j
    res = optimize.linprog(
        np.zeros(rows.shape[1]),
        A_ub=-rows,
        b_ub=-np.ones(rows.shape[0]),
        bounds=[(None, None)] * rows.shape[1],
        method="highs",
    )
    return bool(res.status == 0)
