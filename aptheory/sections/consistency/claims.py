"""Claims of Section 4: softmax + cross-entropy (33)-(35) and step + hinge (36)-(38).

The kink claims (eq38-kink-*) are exact (fractions); the others compare floats with the
stated tolerances.
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
from hypothesis import strategies as st

from aptheory.sections.consistency import model as cs
from aptheory.checking.claim import Claim
from aptheory.strategies import at_zero_values

__all__ = ["claims", "logits_and_label"]

_FIN = {"allow_nan": False, "allow_infinity": False, "allow_subnormal": False}
FD_STEP = 1e-5
KINK_GAP = 1e-3


@st.composite
def logits_and_label(draw: st.DrawFn, *, bound: float = 30.0, big: bool = False):
    """(x, y): K in 2..6 logits in [-bound, bound] (or [-1e6, 1e6] if ``big``) and a label."""
    k = draw(st.integers(2, 6))
    b = 1e6 if big else bound
    xs = draw(st.lists(st.floats(-b, b, **_FIN), min_size=k, max_size=k))
    y = draw(st.integers(0, k - 1))
    return np.asarray(xs, dtype=np.float64), y


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
    division; plus one subnormal ulp 2^-1074 for results below 2^-1022."""
    u = 2.0**-53
    k, m = x.size, float(x.max())
    worst = mpmath.mpf(0)
    with mpmath.workdps(40):
        for xi, vi, ref in zip(x, values, _softmax_ref(x), strict=True):
            bound = u * (abs(float(xi) - m) + k + 4) * ref + mpmath.mpf(2) ** -1074
            worst = max(worst, abs(mpmath.mpf(float(vi)) - ref) / bound)
        return float(worst), 1.0


def _softmax_check(ex):
    x, _ = ex
    return _softmax_error(x, cs.softmax(x))


def _softmax_naive(ex):
    x, _ = ex
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(x)
        naive = e / e.sum()
    return _softmax_error(x, naive)


def _logk(ex, factor=1.0):
    x, y = ex
    return cs.cross_entropy(x, y) - float(x.max() - x[y]), factor * math.log(x.size)


def _fd_grad(x: np.ndarray, y: int) -> np.ndarray:
    """d L_ce / d x_i by cs.central_difference, one coordinate at a time."""

    def along(i: int):
        def f(t: float) -> float:
            z = x.copy()
            z[i] = t
            return cs.cross_entropy(z, y)

        return f

    return np.array([cs.central_difference(along(i), float(x[i]), FD_STEP) for i in range(x.size)])


def _ce_grad(ex, sign=1.0):
    x, y = ex
    return float(np.max(np.abs(sign * cs.cross_entropy_grad(x, y) - _fd_grad(x, y)))), 0.0


def _hinge_fd(x: float, y: int) -> tuple[float, float]:
    x1, x2 = cs.hinge_outputs(x)
    d1 = cs.central_difference(lambda t: cs._hinge_from_outputs(t, x2, y), x1, 1e-6)
    d2 = cs.central_difference(lambda t: cs._hinge_from_outputs(x1, t, y), x2, 1e-6)
    return d1, d2


def _hinge_check(ex, sign=1.0):
    x, y = ex
    g = cs.hinge_grad(x, y)  # H(0) = 1
    d = _hinge_fd(x, y)
    return max(abs(sign * g[0] - d[0]), abs(sign * g[1] - d[1])), 0.0


def _off_kink() -> st.SearchStrategy:
    xs = st.floats(-5.0, 5.0, **_FIN).filter(lambda x: min(abs(x - 1.0), abs(x + 1.0)) >= KINK_GAP)
    return st.tuples(xs, st.integers(0, 1))


def _with_kink() -> st.SearchStrategy:
    xs = st.one_of(st.sampled_from([-1.0, 1.0]), st.floats(-5.0, 5.0, **_FIN))
    return st.tuples(xs, st.integers(0, 1))


def _g_y(output: Fraction, y: int, h: Fraction) -> Fraction:
    """g_y of eq. (38) (cs.hinge_grad) when the output x_y equals ``output``, H(0) = h."""
    x = float(output) if y == 1 else -float(output)  # (x_1, x_2) = (-x, x)
    return Fraction(cs.hinge_grad(x, y, at_zero=float(h))[y])


def _subgradient(ex, flip=False):
    h, z, y = ex  # H(0), another value z of the output x_y, the label
    g = _g_y(Fraction(1), y, h)
    if flip:
        g = -g
    return g * (z - 1), max(1 - z, Fraction(0))  # L(1) + g (z - 1) <= L(z), L(1) = 0


def _zero_update(ex, output=Fraction(1)):
    h, y = ex
    return _g_y(output, y, h), Fraction(0)


def claims() -> tuple[Claim, ...]:
    """The claims of eqs. (33)-(38)."""
    return (
        Claim(
            id="eq33-softmax-stable",
            equation="(33)",
            statement="|softmax(x)_i - L_i| <= u (|x_i - max x| + K + 4) L_i + 2^-1074 for every "
            "i (relative error, u = 2^-53; L_i = e^x_i / sum_k e^x_k in 40-digit mpmath) for "
            "K <= 6 logits in [-1e6, 1e6] (checked as max_i error / bound <= 1)",
            check=_softmax_check,
            strategy=lambda: st.one_of(
                logits_and_label(), logits_and_label(bound=800.0), logits_and_label(big=True)
            ),
            twin=_softmax_naive,
            twin_statement="the same bound for the naive float64 formula e^x / sum e^x (NaN "
            "once e^x overflows)",
            tolerance=1e-12,
            tolerance_reason="the ratio error / bound is formed in 40-digit mpmath and rounded "
            "once; the bound is first order, second-order terms are < 1e-12 of it",
            note="Relative, not absolute: a softmax that returned 0 for a small but normal L_i "
            "would fail. The term u |x_i - max x| is needed and sharp: x_i - max x is rounded "
            "before exp, whose condition number is |x_i - max x| (tightness close to 1 when "
            "|x_i - max x| is just above a power of 2, e.g. 512).",
        ),
        Claim(
            id="eq34-ce-logK",
            equation="(34)",
            statement="L_ce - (max_k x_k - x_y) <= log K",
            check=_logk,
            strategy=lambda: st.one_of(logits_and_label(), logits_and_label(big=True)),
            twin=lambda ex: _logk(ex, 0.5),
            twin_statement="L_ce - (max_k x_k - x_y) <= (log K) / 2",
            tolerance=1e-9,
            tolerance_reason="L_ce and max - x_y are each rounded at magnitude up to 2e6 "
            "(ulp ~2e-10) before they are subtracted",
            note="Equality iff all logits are equal (tightness 1); with L_ce >= max - x_y this "
            "brackets the cross-entropy within log K.",
        ),
        Claim(
            id="eq35-ce-gradient",
            equation="(33)-(35)",
            statement="d L_ce / d x_i == L_i - 1[y = i] (central differences, h = 1e-5, "
            "|x| <= 30; |difference| within the stated tolerance)",
            check=_ce_grad,
            strategy=logits_and_label,
            twin=lambda ex: _ce_grad(ex, sign=-1.0),
            twin_statement="d L_ce / d x_i == 1[y = i] - L_i (error with the wrong sign)",
            kind="eq",
            tolerance=1e-7,
            tolerance_reason="central-difference truncation h^2 |f'''| / 6 <= 2e-11 plus "
            "rounding ~eps * |L_ce| / h <= 1e-9 for |L_ce| <= 60",
            note="derive_cross_entropy_gradient(K) proves it symbolically (K = 1..6 in tests).",
        ),
        Claim(
            id="eq38-hinge-gradient",
            equation="(36)-(38)",
            statement="d L_hinge / d x_i == 1[y = i] (H(x_i - 1) - 1) with H(0) = 1 "
            "(central differences, h = 1e-6; |difference| within the stated tolerance)",
            check=_hinge_check,
            strategy=_off_kink,
            twin=lambda ex: _hinge_check(ex, sign=-1.0),
            twin_statement="d L_hinge / d x_i == 1[y = i] (1 - L_i)",
            kind="eq",
            tolerance=1e-8,
            tolerance_reason="the loss is piecewise linear and the points are >= 1e-3 from the "
            "kink, so the difference quotient is exact up to rounding ~eps * 6 / 1e-6",
            condition="x_y != 1 (the outputs stay >= 1e-3 away from the kink)",
            unconditioned=_with_kink,
            expected="conditional",
            note="At the kink x_y = 1 the hinge loss has no derivative: central differences "
            "give -1/2 (the symmetric derivative, i.e. H(0) = 1/2), eq. (38) gives H(0) - 1. "
            "See eq38-kink-* for which H(0) each reading needs.",
        ),
        Claim(
            id="eq38-kink-subgradient",
            equation="(38)",
            statement="at the kink x_y = 1, g_y = H(0) - 1 is a subgradient of eq. (37) for "
            "every H(0) in [0, 1]: g_y (z - 1) <= max(1 - z, 0) for every z",
            check=_subgradient,
            strategy=lambda: st.tuples(
                st.fractions(0, 1, max_denominator=8),
                st.fractions(-4, 4, max_denominator=8),
                st.integers(0, 1),
            ),
            twin=lambda ex: _subgradient(ex, flip=True),
            twin_statement="the same with g_y = 1 - H(0) (the sign of the error flipped)",
            exact=True,
            note="Tightness 1 at H(0) = 0 (g_y = -1, the left derivative).",
        ),
        Claim(
            id="eq38-kink-no-update",
            equation="(38)",
            statement="at the kink x_y = 1 the hinge loss is 0 and eq. (38) gives no update "
            "(g_y = 0, the right derivative, autodiff's convention)",
            check=_zero_update,
            strategy=lambda: st.tuples(st.just(Fraction(1)), st.integers(0, 1)),
            twin=lambda ex: _zero_update(ex, output=Fraction(1, 2)),
            twin_statement="g_y == 0 also at x_y = 1/2 (loss 1/2), where g_y = H(-1/2) - 1 = -1",
            kind="eq",
            exact=True,
            condition="H(0) = 1",
            unconditioned=lambda: st.tuples(
                at_zero_values().map(lambda v: Fraction(v)), st.integers(0, 1)
            ),
            expected="conditional",
            note="'No loss, no update' at the kink needs H(0) = 1 (the ranking default); "
            "H(0) = 1/2 gives -1/2 (the symmetric derivative) and H(0) = 0 gives -1 (the left "
            "derivative). Every H(0) in [0, 1] still gives a subgradient.",
        ),
    )
