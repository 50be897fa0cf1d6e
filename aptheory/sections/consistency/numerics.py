"""Float64 numerics of Section 4: softmax + cross-entropy (33)-(35), step + hinge (36)-(38).

Labels are 0-based in code: class index ``y`` in {0, ..., K-1} is the paper's y + 1; for the
binary hinge case ``y = 0`` is the paper's y = 1 (output x_1 = -x) and ``y = 1`` its y = 2
(output x_2 = x). At the kink x_y = 1 eq. (38) depends on the value H(0) (see
:mod:`aptheory.sections.consistency`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from aptheory.core.ranking import heaviside
from aptheory.core.validation import (
    check_at_zero,
    check_int,
    check_positive,
    check_real,
    check_real_array,
)

__all__ = [
    "central_difference",
    "cross_entropy",
    "cross_entropy_grad",
    "hinge_activation",
    "hinge_grad",
    "hinge_loss",
    "hinge_loss_of_outputs",
    "hinge_outputs",
    "softmax",
]


def _logits(x: ArrayLike) -> NDArray[np.float64]:
    """``x`` as a non-empty 1-D float64 array of finite logits, or raise naming ``x``."""
    z = check_real_array(x, "x", ndim=1)
    if z.size < 1:
        raise ValueError("x must be a non-empty 1-D array, got shape (0,)")
    return z


def _class_index(y: object, k: int) -> int:
    """``y`` as a class index in 0..k-1 (``check_int`` plus the upper bound)."""
    out = check_int(y, "y", 0)
    if out >= k:
        raise ValueError(f"y must lie in 0..{k - 1}, got {out}")
    return out


# ------------------------------------------------------------------------- cross-entropy


def _softmax(z: NDArray[np.float64]) -> NDArray[np.float64]:
    e = np.exp(z - z.max())
    return e / e.sum()


def softmax(x: ArrayLike) -> NDArray[np.float64]:
    """(L_1, ..., L_K) = softmax(x), eq. (33), computed as exp(x - max x) / sum (no overflow)."""
    return _softmax(_logits(x))


def cross_entropy(x: ArrayLike, y: int) -> float:
    """L_ce = -sum_i 1[y = i] log L_i = logsumexp(x) - x_y, eq. (34), overflow-free."""
    z = _logits(x)
    y = _class_index(y, z.size)
    m = z.max()
    return float(m + np.log(np.exp(z - m).sum()) - z[y])


def cross_entropy_grad(x: ArrayLike, y: int) -> NDArray[np.float64]:
    """g_i = L_i - 1[y = i], eq. (35): current output minus desired output."""
    z = _logits(x)
    y = _class_index(y, z.size)
    g = _softmax(z)
    g[y] -= 1.0
    return g


# ---------------------------------------------------------------------------------- hinge


def hinge_outputs(x: float) -> tuple[float, float]:
    """(x_1, x_2) = (-x, x) of the binary task (Section 4)."""
    x = check_real(x, "x")
    return -x, x


def hinge_activation(x: float, *, at_zero: float = 1.0) -> tuple[float, float]:
    """(L_1, L_2) = (H(x_1 - 1), H(x_2 - 1)), eq. (36), with H(0) = ``at_zero``."""
    x1, x2 = hinge_outputs(x)
    h = heaviside(np.array([x1 - 1.0, x2 - 1.0]), check_at_zero(at_zero))
    return float(h[0]), float(h[1])


def _hinge(x1: float, x2: float, y: int) -> float:
    return max(1.0 - x1, 0.0) if y == 0 else max(1.0 - x2, 0.0)


def hinge_loss_of_outputs(x1: float, x2: float, y: int) -> float:
    """L_hinge of eq. (37) as a function of the two outputs (x_1, x_2), each free.

    1[y = 1] max(1 - x_1, 0) + 1[y = 2] max(1 - x_2, 0): the function whose partial
    derivatives d L_hinge / d x_i eq. (38) gives.
    """
    return _hinge(check_real(x1, "x1"), check_real(x2, "x2"), _class_index(y, 2))


def hinge_loss(x: float, y: int) -> float:
    """L_hinge = 1[y = 1] max(1 - x_1, 0) + 1[y = 2] max(1 - x_2, 0), eq. (37), at (-x, x)."""
    x1, x2 = hinge_outputs(x)
    return _hinge(x1, x2, _class_index(y, 2))


def hinge_grad(x: float, y: int, *, at_zero: float = 1.0) -> tuple[float, float]:
    """(g_1, g_2) with g_i = 1[y = i] (L_i - 1), eq. (38), w.r.t. the outputs (x_1, x_2).

    Off the kink x_y = 1 this is the gradient of eq. (37) for every H(0); at the kink it is
    H(0) - 1, a subgradient for every H(0) in [0, 1] (see :mod:`aptheory.sections.consistency`).
    """
    y = _class_index(y, 2)
    act = hinge_activation(x, at_zero=at_zero)
    return tuple(float(act[i] - 1.0) if i == y else 0.0 for i in range(2))  # type: ignore[return-value]


# ----------------------------------------------------------------------- finite differences


def central_difference(f: Callable[[float], float], x: float, h: float = 1e-6) -> float:
    """(f(x + h) - f(x - h)) / (2h): the symmetric difference quotient (the check of eq. 35/38)."""
    x, h = check_real(x, "x"), check_positive(h, "h")
    return (f(x + h) - f(x - h)) / (2.0 * h)
