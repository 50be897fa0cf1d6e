"""The linear scorer s = F @ theta of the supplement: samples, scores, pair scores, Jacobian.

A *sample* (the supplement's superscript (n)) is one ranking instance made by a linear model:
a feature matrix ``features`` (boxes x dimensions) and a boolean mask ``positive``. A
multi-sample problem is a tuple of samples.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from aptheory.core.validation import check_real_array, validate_ranking

__all__ = [
    "Sample",
    "jacobian_norm",
    "pair_features",
    "pair_jacobian",
    "sample_scores",
    "validate_theta",
]


@dataclass(frozen=True, eq=False)
class Sample:
    """One training sample: features f_k (rows) of its boxes and the positive mask."""

    features: NDArray[np.float64]
    positive: NDArray[np.bool_]

    def __post_init__(self) -> None:
        f = np.asarray(self.features)
        if f.ndim != 2:
            raise ValueError(f"features must be 2-D (boxes x dims), got shape {f.shape}")
        validate_ranking(np.zeros(f.shape[0]), self.positive)
        if not np.all(np.isfinite(f)):
            raise ValueError("features must be finite (no NaN or inf)")
        object.__setattr__(self, "features", f.astype(np.float64, copy=False))

    @property
    def n_positive(self) -> int:
        """|P| of this sample."""
        return int(np.count_nonzero(self.positive))

    @property
    def n_negative(self) -> int:
        """|N| of this sample."""
        return int(self.positive.size - self.n_positive)

    @property
    def dim(self) -> int:
        """Feature dimension d."""
        return int(self.features.shape[1])


def validate_theta(theta: ArrayLike, dim: int) -> NDArray[np.float64]:
    """Return ``theta`` as a finite float64 vector of length ``dim`` or raise."""
    t = check_real_array(theta, "theta")
    if t.shape != (dim,):
        raise ValueError(f"theta must have shape ({dim},), got {t.shape}")
    return t


def sample_scores(sample: Sample, theta: ArrayLike) -> NDArray[np.float64]:
    """Scores s_k = <f_k, theta> of every box of ``sample``."""
    return sample.features @ validate_theta(theta, sample.dim)


def pair_features(sample: Sample) -> NDArray[np.float64]:
    """Differences f_i - f_j for i in P, j in N, shape (|P|, |N|, d).

    The pair score is x_ij = s_j - s_i = -<f_i - f_j, theta>.
    """
    f, p = sample.features, sample.positive
    return f[p][:, None, :] - f[~p][None, :, :]


def pair_jacobian(sample: Sample) -> NDArray[np.float64]:
    """Jacobian of the pair scores x_ij(theta) of a linear model, condition (2).

    One row per pair (i, j), i in P, j in N, row index i * |N| + j (positives and negatives in
    order of appearance); the row is d x_ij / d theta = f_j - f_i. Shape (|P| |N|, d).
    """
    if not isinstance(sample, Sample):
        raise TypeError(f"sample must be a Sample, got {type(sample).__name__}")
    return -pair_features(sample).reshape(-1, sample.dim)  # f_j - f_i


def jacobian_norm(sample: Sample) -> float:
    """||dX_d/dtheta||: operator 2-norm (largest singular value) of ``pair_jacobian``."""
    jac = pair_jacobian(sample)
    if jac.size == 0:
        return 0.0
    return float(np.linalg.norm(jac, 2))
