"""Claims of Section 4: softmax + cross-entropy (33)-(35) and step + hinge (36)-(38).

One decorated check per claim, its twin right below it. The kink claims (eq38-kink-*) are
exact (fractions); the others compare floats with the tolerances defined once below.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
from hypothesis import strategies as st

from aptheory.checking.claim import EXACT, ClaimSet, Tolerance
from aptheory.sections.consistency.numerics import (
    central_difference,
    cross_entropy,
    cross_entropy_grad,
    hinge_grad,
    hinge_loss_of_outputs,
    hinge_outputs,
    softmax,
)
from aptheory.sections.consistency.tightness import known_suprema
from aptheory.strategies import at_zero_values

__all__ = ["CLAIMS", "far_logits_and_label", "logits_and_label"]

CLAIMS = ClaimSet("consistency")

_FIN: dict[str, Any] = {"allow_nan": False, "allow_infinity": False, "allow_subnormal": False}
FD_STEP = 1e-5  # central-difference step of eq35-ce-gradient
HINGE_FD_STEP = 1e-6  # central-difference step of eq38-hinge-gradient
KINK_GAP = 1e-3  # how far eq38-hinge-gradient keeps the outputs from the kink

# ------------------------------------------------------------------------------ tolerances

MPMATH_RATIO = Tolerance(
    1e-12,
    "the ratio error / bound is formed in 40-digit mpmath and rounded once; the bound is "
    "first order, second-order terms are < 1e-12 of it",
)
LOGK_ROUNDING = Tolerance(
    1e-9,
    "L_ce and max - x_y are each rounded at magnitude up to 2e6 (ulp ~2e-10) before they are "
    "subtracted",
)
CE_FINITE_DIFFERENCE = Tolerance(
    1e-7,
    "central-difference truncation h^2 |f'''| / 6 <= 2e-11 plus rounding ~eps * |L_ce| / h "
    "<= 1e-9 for |L_ce| <= 60",
)
HINGE_FINITE_DIFFERENCE = Tolerance(
    1e-8,
    "the loss is piecewise linear and the points are >= 1e-3 from the kink, so the difference "
    "quotient is exact up to rounding ~eps * 6 / 1e-6",
)

# ------------------------------------------------------------------------------ strategies


@st.composite
def logits_and_label(draw: st.DrawFn, *, bound: float = 30.0, big: bool = False):
    """(x, y): K in 2..6 logits in [-bound, bound] (or [-1e6, 1e6] if ``big``) and a label."""
    k = draw(st.integers(2, 6))
    b = 1e6 if big else bound
    xs = draw(st.lists(st.floats(-b, b, **_FIN), min_size=k, max_size=k))
    y = draw(st.integers(0, k - 1))
    return np.asarray(xs, dtype=np.float64), y


@st.composite
def far_logits_and_label(draw: st.DrawFn):
    """(x, y): K in 2..6 logits within 40 of a largest one beyond the range of e^x in float64
    (max x in [710, 1e6], where e^x overflows, or in [-1e6, -746], where every e^x_k
    underflows to 0): the logits of a confident or a badly scaled network, where only the
    max-shifted softmax stays finite."""
    k = draw(st.integers(2, 6))
    top = draw(st.one_of(st.floats(710.0, 1e6, **_FIN), st.floats(-1e6, -746.0, **_FIN)))
    gaps = draw(st.lists(st.floats(0.0, 40.0, **_FIN), min_size=k - 1, max_size=k - 1))
    at = draw(st.integers(0, k - 1))
    xs = [top - g for g in gaps]
    xs.insert(at, top)
    return np.asarray(xs, dtype=np.float64), draw(st.integers(0, k - 1))


def _off_kink() -> st.SearchStrategy:
    xs = st.floats(-5.0, 5.0, **_FIN).filter(lambda x: min(abs(x - 1.0), abs(x + 1.0)) >= KINK_GAP)
    return st.tuples(xs, st.integers(0, 1))


def _with_kink() -> st.SearchStrategy:
    xs = st.one_of(st.sampled_from([-1.0, 1.0]), st.floats(-5.0, 5.0, **_FIN))
    return st.tuples(xs, st.integers(0, 1))


# --------------------------------------------------------------------- shared computations


def _softmax_ref(x: np.ndarray) -> list:
    """e^x_i / sum_k e^x_k in 40-digit mpmath (any exponent range); call inside workdps."""
    e = [mpmath.exp(mpmath.mpf(float(v))) for v in x]
    total = mpmath.fsum(e)
    return [v / total for v in e]


def _softmax_error(x: np.ndarray, values: np.ndarray) -> tuple[float, float]:
    """(max_i |values_i - L_i| / bound_i, 1) with bound_i = u (|x_i - max x| + K + 4) L_i
    + 2^-1074 (u = 2^-53): the first-order float64 error of exp(x_i - max x) / sum, namely
    rounding x_i - max x (relative error <= u |x_i - max x| after exp, whose condition
    number is |x_i - max x|), exp (<= 1 ulp = 2u), the K - 1 additions of the sum, the
    division; plus one subnormal ulp 2^-1074 for results below 2^-1022. A NaN or inf among
    ``values`` is an infinite error (a comparison with NaN would silently pass)."""
    if not np.all(np.isfinite(values)):
        return math.inf, 1.0
    u = 2.0**-53
    k, m = x.size, float(x.max())
    worst = mpmath.mpf(0)
    with mpmath.workdps(40):
        for xi, vi, ref in zip(x, values, _softmax_ref(x), strict=True):
            bound = u * (abs(float(xi) - m) + k + 4) * ref + mpmath.mpf(2) ** -1074
            worst = max(worst, abs(mpmath.mpf(float(vi)) - ref) / bound)
        return float(worst), 1.0


def _fd_grad(x: np.ndarray, y: int) -> np.ndarray:
    """d L_ce / d x_i by central differences (step FD_STEP), one coordinate at a time."""

    def along(i: int):
        def f(t: float) -> float:
            z = x.copy()
            z[i] = t
            return cross_entropy(z, y)

        return f

    return np.array([central_difference(along(i), float(x[i]), FD_STEP) for i in range(x.size)])


def _ce_grad_gap(x: np.ndarray, y: int, sign: float) -> tuple[float, float]:
    """(max_i |sign * g_i - d L_ce / d x_i|, 0) with g of eq. (35)."""
    return float(np.max(np.abs(sign * cross_entropy_grad(x, y) - _fd_grad(x, y)))), 0.0


def _hinge_fd(x: float, y: int) -> tuple[float, float]:
    """(d L_hinge / d x_1, d L_hinge / d x_2) at (x_1, x_2) = (-x, x) by central differences."""
    x1, x2 = hinge_outputs(x)
    d1 = central_difference(lambda t: hinge_loss_of_outputs(t, x2, y), x1, HINGE_FD_STEP)
    d2 = central_difference(lambda t: hinge_loss_of_outputs(x1, t, y), x2, HINGE_FD_STEP)
    return d1, d2


def _hinge_grad_gap(x: float, y: int, sign: float) -> tuple[float, float]:
    """(max_i |sign * g_i - d L_hinge / d x_i|, 0) with g of eq. (38), H(0) = 1."""
    g = hinge_grad(x, y)
    d = _hinge_fd(x, y)
    return max(abs(sign * g[0] - d[0]), abs(sign * g[1] - d[1])), 0.0


def _g_y(output: Fraction, y: int, h: Fraction) -> Fraction:
    """g_y of eq. (38) (:func:`hinge_grad`) when the output x_y equals ``output``, H(0) = h."""
    x = float(output) if y == 1 else -float(output)  # (x_1, x_2) = (-x, x)
    return Fraction(hinge_grad(x, y, at_zero=float(h))[y])


def _subgradient_sides(g: Fraction, z: Fraction) -> tuple[Fraction, Fraction]:
    """L(1) + g (z - 1) <= L(z) with L(z) = max(1 - z, 0) and L(1) = 0."""
    return g * (z - 1), max(1 - z, Fraction(0))


# ---------------------------------------------------------------------------------- claims


@CLAIMS.claim(
    "eq33-softmax-stable",
    "(33)",
    "|softmax(x)_i - L_i| <= u (|x_i - max x| + K + 4) L_i + 2^-1074 for every i (relative "
    "error, u = 2^-53; L_i = e^x_i / sum_k e^x_k in 40-digit mpmath) for K <= 6 logits in "
    "[-1e6, 1e6] (checked as max_i error / bound <= 1)",
    strategy=lambda: st.one_of(
        logits_and_label(),
        logits_and_label(bound=800.0),
        logits_and_label(big=True),
        far_logits_and_label(),
    ),
    tol=MPMATH_RATIO,
    note="Relative, not absolute: a softmax that returned 0 for a small but normal L_i would "
    "fail. The term u |x_i - max x| is needed and sharp: x_i - max x is rounded before exp, "
    "whose condition number is |x_i - max x| (tightness close to 1 when |x_i - max x| is just "
    "above a power of 2, e.g. 512).",
)
def softmax_stable(ex):
    x, _ = ex
    return _softmax_error(x, softmax(x))


@softmax_stable.twin(
    "the same bound for the naive float64 formula e^x / sum e^x (NaN once e^x overflows)"
)
def _(ex):
    x, _ = ex
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(x)
        naive = e / e.sum()
    return _softmax_error(x, naive)


@CLAIMS.claim(
    "eq34-ce-logK",
    "(34)",
    "L_ce - (max_k x_k - x_y) <= log K",
    strategy=lambda: st.one_of(logits_and_label(), logits_and_label(big=True)),
    tol=LOGK_ROUNDING,
    note="Equality iff all logits are equal (tightness 1); with L_ce >= max - x_y this "
    "brackets the cross-entropy within log K.",
)
def ce_within_log_k(ex):
    x, y = ex
    return cross_entropy(x, y) - float(x.max() - x[y]), math.log(x.size)


@ce_within_log_k.twin("L_ce - (max_k x_k - x_y) <= (log K) / 2")
def _(ex):
    x, y = ex
    return cross_entropy(x, y) - float(x.max() - x[y]), 0.5 * math.log(x.size)


@CLAIMS.claim(
    "eq35-ce-gradient",
    "(33)-(35)",
    "d L_ce / d x_i == L_i - 1[y = i] (central differences, h = 1e-5, |x| <= 30; |difference| "
    "within the stated tolerance)",
    strategy=logits_and_label,
    tol=CE_FINITE_DIFFERENCE,
    kind="eq",
    note="derive_cross_entropy_gradient(K) proves it symbolically (K = 1..6 in tests).",
)
def ce_gradient(ex):
    x, y = ex
    return _ce_grad_gap(x, y, sign=1.0)


@ce_gradient.twin("d L_ce / d x_i == 1[y = i] - L_i (error with the wrong sign)")
def _(ex):
    x, y = ex
    return _ce_grad_gap(x, y, sign=-1.0)


@CLAIMS.claim(
    "eq38-hinge-gradient",
    "(36)-(38)",
    "d L_hinge / d x_i == 1[y = i] (H(x_i - 1) - 1) with H(0) = 1 (central differences, "
    "h = 1e-6; |difference| within the stated tolerance)",
    strategy=_off_kink,
    tol=HINGE_FINITE_DIFFERENCE,
    kind="eq",
    condition="x_y != 1 (the outputs stay >= 1e-3 away from the kink)",
    unconditioned=_with_kink,
    expected="conditional",
    note="At the kink x_y = 1 the hinge loss has no derivative: central differences give "
    "-1/2 (the symmetric derivative, i.e. H(0) = 1/2), eq. (38) gives H(0) - 1. See "
    "eq38-kink-* for which H(0) each reading needs.",
)
def hinge_gradient(ex):
    x, y = ex
    return _hinge_grad_gap(x, y, sign=1.0)


@hinge_gradient.twin("d L_hinge / d x_i == 1[y = i] (1 - L_i)")
def _(ex):
    x, y = ex
    return _hinge_grad_gap(x, y, sign=-1.0)


@CLAIMS.claim(
    "eq38-kink-subgradient",
    "(38)",
    "at the kink x_y = 1, g_y = H(0) - 1 is a subgradient of eq. (37) for every H(0) in "
    "[0, 1]: g_y (z - 1) <= max(1 - z, 0) for every z",
    strategy=lambda: st.tuples(
        st.fractions(0, 1, max_denominator=8),
        st.fractions(-4, 4, max_denominator=8),
        st.integers(0, 1),
    ),
    tol=EXACT,
    note="Tightness 1 at H(0) = 0 (g_y = -1, the left derivative).",
)
def kink_subgradient(ex):
    h, z, y = ex  # H(0), another value z of the output x_y, the label
    return _subgradient_sides(_g_y(Fraction(1), y, h), z)


@kink_subgradient.twin("the same with g_y = 1 - H(0) (the sign of the error flipped)")
def _(ex):
    h, z, y = ex
    return _subgradient_sides(-_g_y(Fraction(1), y, h), z)


@CLAIMS.claim(
    "eq38-kink-no-update",
    "(38)",
    "at the kink x_y = 1 the hinge loss max(1 - x_y, 0) is 0 and eq. (38) gives no update: "
    "g_y = H(0) - 1 = 0",
    strategy=lambda: st.tuples(st.just(Fraction(1)), st.integers(0, 1)),
    tol=EXACT,
    kind="eq",
    condition="H(0) = 1",
    unconditioned=lambda: st.tuples(at_zero_values().map(lambda v: Fraction(v)), st.integers(0, 1)),
    expected="conditional",
    note="'No loss, no update' at the kink needs H(0) = 1 (the ranking default), which makes "
    "g_y = 0 the right derivative of max(1 - x_y, 0) at x_y = 1; H(0) = 1/2 gives g_y = -1/2 "
    "(the symmetric derivative: central differences, and sympy's derivative of Max(1 - x, 0), "
    "which uses Heaviside(0) = 1/2) and H(0) = 0 gives g_y = -1 (the left derivative). Every "
    "H(0) in [0, 1] still gives a subgradient (eq38-kink-subgradient). Which value an "
    "automatic-differentiation framework returns at the kink depends on the framework and on "
    "how the hinge is written; that is not checked here.",
)
def kink_no_update(ex):
    h, y = ex
    return _g_y(Fraction(1), y, h), Fraction(0)


@kink_no_update.twin("g_y == 0 also at x_y = 1/2 (loss 1/2), where g_y = H(-1/2) - 1 = -1")
def _(ex):
    h, y = ex
    return _g_y(Fraction(1, 2), y, h), Fraction(0)


# --------------------------------------------------------------------- derived suprema

CLAIMS.suprema(known_suprema())  # sup lhs/rhs of each inequality that has one: the audit's "known"
