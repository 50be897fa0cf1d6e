"""Section 4 (Observation 1): error-driven updates that *are* gradient descent.

With softmax as the activation the error-driven update g_i = L_i - 1[y = i] is the gradient
of the cross-entropy (eqs. 33-35); with the loss-augmented step L_i = H(x_i - 1) it is the
gradient of the hinge loss (eqs. 36-38) - everywhere except at the kink x_y = 1, where the
hinge loss has no gradient and eq. (38) depends on the value H(0):

- every H(0) in [0, 1] gives a *subgradient* (g_y = H(0) - 1 lies in [-1, 0]);
- H(0) = 1 gives the right derivative (what autodiff's relu'(0) = 0 returns) and the
  error-driven rule "no loss, no update" (the loss is 0 at x_y = 1);
- H(0) = 1/2 gives the symmetric derivative (central finite differences, and sympy's
  Heaviside(0) = 1/2); H(0) = 0 gives the left derivative.

Labels are 0-based in code: class index ``y`` in {0, ..., K-1} is the paper's y + 1; for the
binary hinge case ``y = 0`` is the paper's y = 1 (output x_1 = -x) and ``y = 1`` its y = 2
(output x_2 = x).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import sympy as sp
from numpy.typing import ArrayLike, NDArray

from aptheory.core.ranking import check_at_zero, heaviside

__all__ = [
    "HingeDerivation",
    "central_difference",
    "cross_entropy",
    "cross_entropy_grad",
    "derive_cross_entropy_gradient",
    "derive_hinge_gradient",
    "hinge_activation",
    "hinge_grad",
    "hinge_loss",
    "hinge_outputs",
    "softmax",
]


def _logits(x: ArrayLike) -> NDArray[np.float64]:
    arr = np.asarray(x)
    if arr.dtype == bool or not (
        np.issubdtype(arr.dtype, np.floating) or np.issubdtype(arr.dtype, np.integer)
    ):
        raise TypeError(f"x must be real-valued, got dtype {arr.dtype}")
    arr = arr.astype(np.float64)
    if arr.ndim != 1 or arr.size < 1:
        raise ValueError(f"x must be a non-empty 1-D array, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError("x must be finite (no NaN or inf)")
    return arr


def _label(y: int, k: int) -> int:
    if isinstance(y, bool) or not isinstance(y, int | np.integer):
        raise TypeError(f"y must be an int class index, got {type(y).__name__}")
    if not 0 <= int(y) < k:
        raise ValueError(f"y must lie in 0..{k - 1}, got {y}")
    return int(y)


def _scalar(x: float, name: str) -> float:
    if isinstance(x, bool) or not isinstance(x, int | float | np.integer | np.floating):
        raise TypeError(f"{name} must be a real number, got {type(x).__name__}")
    x = float(x)
    if not np.isfinite(x):
        raise ValueError(f"{name} must be finite, got {x!r}")
    return x


# ------------------------------------------------------------------------- cross-entropy


def softmax(x: ArrayLike) -> NDArray[np.float64]:
    """(L_1, ..., L_K) = softmax(x), eq. (33), computed as exp(x - max x) / sum (no overflow)."""
    z = _logits(x)
    e = np.exp(z - z.max())
    return e / e.sum()


def cross_entropy(x: ArrayLike, y: int) -> float:
    """L_ce = -sum_i 1[y = i] log L_i = logsumexp(x) - x_y, eq. (34), overflow-free."""
    z = _logits(x)
    y = _label(y, z.size)
    m = z.max()
    return float(m + np.log(np.exp(z - m).sum()) - z[y])


def cross_entropy_grad(x: ArrayLike, y: int) -> NDArray[np.float64]:
    """g_i = L_i - 1[y = i], eq. (35): current output minus desired output."""
    z = _logits(x)
    y = _label(y, z.size)
    g = softmax(z)
    g[y] -= 1.0
    return g


def derive_cross_entropy_gradient(k: int) -> bool:
    """Prove eq. (35) for K = ``k`` classes with sympy: d L_ce / d x_i - (L_i - 1[y = i]) == 0
    for every i and every label y (exact simplification of the symbolic difference)."""
    if isinstance(k, bool) or not isinstance(k, int | np.integer):
        raise TypeError(f"k must be an int (the number of classes), got {type(k).__name__}")
    k = int(k)
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    xs = sp.symbols(f"x1:{k + 1}", real=True)
    denom = sum(sp.exp(v) for v in xs)
    outputs = [sp.exp(v) / denom for v in xs]  # eq. (33)
    for y in range(k):
        loss = -sp.log(outputs[y])  # eq. (34)
        for i in range(k):
            diff = sp.diff(loss, xs[i]) - (outputs[i] - (1 if i == y else 0))
            if sp.simplify(diff) != 0:
                return False
    return True


# ---------------------------------------------------------------------------------- hinge


def hinge_outputs(x: float) -> tuple[float, float]:
    """(x_1, x_2) = (-x, x) of the binary task (Section 4)."""
    x = _scalar(x, "x")
    return -x, x


def hinge_activation(x: float, *, at_zero: float = 1.0) -> tuple[float, float]:
    """(L_1, L_2) = (H(x_1 - 1), H(x_2 - 1)), eq. (36), with H(0) = ``at_zero``."""
    x1, x2 = hinge_outputs(x)
    h = heaviside(np.array([x1 - 1.0, x2 - 1.0]), check_at_zero(at_zero))
    return float(h[0]), float(h[1])


def _hinge_from_outputs(x1: float, x2: float, y: int) -> float:
    return max(1.0 - x1, 0.0) if y == 0 else max(1.0 - x2, 0.0)


def hinge_loss(x: float, y: int) -> float:
    """L_hinge = 1[y = 1] max(1 - x_1, 0) + 1[y = 2] max(1 - x_2, 0), eq. (37)."""
    x1, x2 = hinge_outputs(x)
    return _hinge_from_outputs(x1, x2, _label(y, 2))


def hinge_grad(x: float, y: int, *, at_zero: float = 1.0) -> tuple[float, float]:
    """(g_1, g_2) with g_i = 1[y = i] (L_i - 1), eq. (38), w.r.t. the outputs (x_1, x_2).

    Off the kink x_y = 1 this is the gradient of eq. (37) for every H(0); at the kink it is
    H(0) - 1, a subgradient for every H(0) in [0, 1] (see the module docstring).
    """
    y = _label(y, 2)
    act = hinge_activation(x, at_zero=at_zero)
    return tuple(float(act[i] - 1.0) if i == y else 0.0 for i in range(2))  # type: ignore[return-value]


def central_difference(f: Callable[[float], float], x: float, h: float = 1e-6) -> float:
    """(f(x + h) - f(x - h)) / (2h): the symmetric difference quotient."""
    x, h = _scalar(x, "x"), _scalar(h, "h")
    if h <= 0:
        raise ValueError(f"h must be > 0, got {h}")
    return (f(x + h) - f(x - h)) / (2.0 * h)


@dataclass(frozen=True)
class HingeDerivation:
    """The sympy derivation of eq. (38).

    ``off_kink`` records that d L_hinge / d x_i equals 1[y = i](H(x_i - 1) - 1) at
    x_i = 1 + e and x_i = 1 - e for a positive symbol e, for both labels and both outputs;
    ``sympy_kink`` is sympy's own derivative at the kink (it uses Heaviside(0) = 1/2) and
    ``h0_matching_sympy`` the H(0) that makes eq. (38) agree with it; ``right_derivative``
    and ``left_derivative`` are the one-sided derivatives at the kink and
    ``h0_matching_right`` / ``h0_matching_left`` the H(0) that reproduce them.
    """

    off_kink: bool
    sympy_kink: sp.Expr
    h0_matching_sympy: sp.Expr
    right_derivative: sp.Expr
    left_derivative: sp.Expr
    h0_matching_right: sp.Expr
    h0_matching_left: sp.Expr


def derive_hinge_gradient() -> HingeDerivation:
    """Derive eq. (38) from eqs. (36)-(37) with sympy and find the H(0) each notion needs."""
    x1, x2, h0 = sp.symbols("x1 x2 H0", real=True)
    e = sp.Symbol("e", positive=True)
    outs = (x1, x2)
    ok = True
    for y in (0, 1):
        loss = sp.Max(1 - outs[y], 0)  # eq. (37) for label y
        for i in (0, 1):
            d = sp.diff(loss, outs[i])
            target = (sp.Heaviside(outs[i] - 1, h0) - 1) if i == y else sp.S(0)
            for point in (1 + e, 1 - e):
                delta = (d - target).subs(outs[i], point)
                ok &= sp.simplify(sp.piecewise_fold(delta.rewrite(sp.Piecewise))) == 0
    loss = sp.Max(1 - x1, 0)
    d = sp.diff(loss, x1)
    kink = sp.simplify(d.subs(x1, 1))
    eq38_at_kink = sp.Heaviside(0, h0) - 1
    right = sp.limit((loss.subs(x1, 1 + e) - loss.subs(x1, 1)) / e, e, 0, "+")
    left = sp.limit((loss.subs(x1, 1) - loss.subs(x1, 1 - e)) / e, e, 0, "+")
    solve = lambda value: sp.solve(sp.Eq(eq38_at_kink, value), h0)[0]  # noqa: E731
    return HingeDerivation(
        off_kink=bool(ok),
        sympy_kink=kink,
        h0_matching_sympy=solve(kink),
        right_derivative=right,
        left_derivative=left,
        h0_matching_right=solve(right),
        h0_matching_left=solve(left),
    )
