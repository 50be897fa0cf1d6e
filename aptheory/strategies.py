"""Public hypothesis strategies: ranking instances, tie-rich scores and linear problems.

Each strategy draws *small* examples on purpose: shrinking then lands on the smallest
counterexample, which is what a proof checker wants to read.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from hypothesis import strategies as st
from numpy.typing import NDArray

from aptheory.core.linear import Sample

__all__ = [
    "RankingInstance",
    "at_zero_values",
    "labelings",
    "linear_problems",
    "ranking_instances",
    "samples",
    "tied_scores",
]


class RankingInstance(NamedTuple):
    """One ranking instance: ``scores`` (float64) and the boolean mask ``positive``."""

    scores: NDArray[np.float64]
    positive: NDArray[np.bool_]


def at_zero_values() -> st.SearchStrategy[float]:
    """The three conventions for H(0) that the proofs distinguish: 0, 1/2 and 1."""
    return st.sampled_from([0.0, 0.5, 1.0])


@st.composite
def labelings(
    draw: st.DrawFn, size: int, *, min_positives: int = 1, min_negatives: int = 0
) -> NDArray[np.bool_]:
    """A boolean mask of ``size`` boxes with at least the given numbers of each label."""
    if min_positives + min_negatives > size:
        raise ValueError(f"size {size} cannot hold {min_positives} + {min_negatives} boxes")
    n_pos = draw(st.integers(min_positives, size - min_negatives))
    order = draw(st.permutations(range(size)))
    mask = np.zeros(size, dtype=bool)
    mask[list(order[:n_pos])] = True
    return mask


def tied_scores(size: int, *, grid: int = 3) -> st.SearchStrategy[NDArray[np.float64]]:
    """Scores from the small grid {-grid, ..., grid} / 2, so that ties are frequent."""
    values = st.integers(-grid, grid).map(lambda v: v / 2.0)
    return st.lists(values, min_size=size, max_size=size).map(
        lambda xs: np.asarray(xs, dtype=np.float64)
    )


def _distinct_scores(size: int, bound: float) -> st.SearchStrategy[NDArray[np.float64]]:
    values = st.floats(-bound, bound, allow_nan=False, allow_infinity=False, allow_subnormal=False)
    return st.lists(values, min_size=size, max_size=size, unique=True).map(
        lambda xs: np.asarray(xs, dtype=np.float64)
    )


@st.composite
def ranking_instances(
    draw: st.DrawFn,
    *,
    min_size: int = 1,
    max_size: int = 12,
    ties: bool = True,
    min_positives: int = 1,
    min_negatives: int = 0,
    bound: float = 4.0,
) -> RankingInstance:
    """A ranking instance with at least ``min_positives`` positives.

    ``ties=True`` draws half-integer scores in [-1.5, 1.5] (ties are frequent);
    ``ties=False`` draws distinct floats in [-bound, bound].
    """
    lo = max(min_size, min_positives + min_negatives, 1)
    if max_size < lo:
        raise ValueError(f"max_size {max_size} < the smallest legal size {lo}")
    size = draw(st.integers(lo, max_size))
    scores = draw(tied_scores(size) if ties else _distinct_scores(size, bound))
    positive = draw(labelings(size, min_positives=min_positives, min_negatives=min_negatives))
    return RankingInstance(scores, positive)


@st.composite
def samples(
    draw: st.DrawFn,
    *,
    dim: int = 2,
    min_size: int = 2,
    max_size: int = 8,
    min_negatives: int = 1,
    integer: bool = False,
) -> Sample:
    """One linear sample: features in [-2, 2]^dim (integers if ``integer``) and labels."""
    size = draw(st.integers(max(min_size, 1 + min_negatives), max_size))
    coord = (
        st.integers(-2, 2).map(float)
        if integer
        else st.floats(-2.0, 2.0, allow_nan=False, allow_infinity=False, allow_subnormal=False)
    )
    flat = draw(st.lists(coord, min_size=size * dim, max_size=size * dim))
    features = np.asarray(flat, dtype=np.float64).reshape(size, dim)
    positive = draw(labelings(size, min_positives=1, min_negatives=min_negatives))
    return Sample(features, positive)


@st.composite
def linear_problems(
    draw: st.DrawFn,
    *,
    min_samples: int = 1,
    max_samples: int = 4,
    min_dim: int = 1,
    max_dim: int = 4,
    max_size: int = 8,
    integer: bool = False,
) -> tuple[Sample, ...]:
    """A multi-sample linear problem: samples of one dimension but different sizes."""
    dim = draw(st.integers(min_dim, max_dim))
    k = draw(st.integers(min_samples, max_samples))
    return tuple(draw(samples(dim=dim, max_size=max_size, integer=integer)) for _ in range(k))
