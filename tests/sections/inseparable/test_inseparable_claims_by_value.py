"""The one-instance claims of Section 3 ((19), (23), (28), (30)) compared by value.

``test_inseparable_bounds_by_value.py`` checks the bounds of a *run* ((21), (24)-(32));
here the claims that read one instance (x, x^) are compared with their printed sides,
recomputed in plain exact loops from docs/MATH.md: D_i = 1 + sum_{k != i} H(x^_k - x^_i),
l(x, x^) = (1/|P|) sum_i sum_j Q(x_j - x_i) / D_i, Z = max_i sum_j Q(x_j - x_i), H_n =
sum_{i <= n} 1/i. The claims compute them exactly, so the comparison is exact (Fractions);
the float right sides (ln|P| appears) are compared at rel 1e-12 (one log and a few float
products). A constant changed by a factor 2 or shifted by 1 fails here even when the
changed bound still holds: the instances have |P| >= 2, Z > 0 and l > 0.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from aptheory.sections.inseparable.claims import CLAIMS
from aptheory.sections.inseparable.examples import SurrogateExample

CHECK = {c.id: c.check for c in CLAIMS.claims()}
REL = 1e-12  # a float log and a few float products of exact values


def _h(x: Fraction, h0: Fraction) -> Fraction:
    return Fraction(1) if x > 0 else (Fraction(0) if x < 0 else h0)


def _q(x: Fraction, d: Fraction) -> Fraction:
    return Fraction(0) if x < -d else (x if x > d else (x + d) ** 2 / (4 * d))


def _split(ex):
    s = [Fraction(v) for v in ex.scores.tolist()]
    r = [Fraction(v) for v in ex.reference.tolist()]
    p = ex.positive.tolist()
    pos = [k for k, v in enumerate(p) if v]
    neg = [k for k, v in enumerate(p) if not v]
    return s, r, pos, neg, Fraction(ex.delta), Fraction(ex.at_zero)


def printed(ex: SurrogateExample) -> dict:
    """D_i, l(x, x^), l(x, x), L_AP(x), L_AP(x^), Z, H_|P|, from the printed formulas."""
    s, r, pos, neg, d, h0 = _split(ex)
    n = len(r)

    def dens(v):
        return [
            1 + sum((_h(v[k] - v[i], h0) for k in range(n) if k != i), Fraction(0)) for i in pos
        ]

    def ap(v):
        return sum(
            (
                sum((_h(v[j] - v[i], h0) for j in neg), Fraction(0)) / di
                for i, di in zip(pos, dens(v), strict=True)
            ),
            Fraction(0),
        ) / len(pos)

    a = [sum((_q(s[j] - s[i], d) for j in neg), Fraction(0)) for i in pos]
    den_ref, den_self = dens(r), dens(s)
    return {
        "D": den_ref,
        "loss": sum((ai / di for ai, di in zip(a, den_ref, strict=True)), Fraction(0)) / len(pos),
        "loss_self": sum((ai / di for ai, di in zip(a, den_self, strict=True)), Fraction(0))
        / len(pos),
        "ap_self": ap(s),
        "ap_ref": ap(r),
        "Z": max(a),
        "H": sum((Fraction(1, k) for k in range(1, len(pos) + 1)), Fraction(0)),
        "n": len(pos),
    }


def _ex(scores, reference, positive, delta, h0):
    return SurrogateExample(
        np.array(scores, dtype=float),
        np.array(reference, dtype=float),
        np.array(positive, dtype=bool),
        delta,
        h0,
    )


# |P| >= 2, |N| >= 1, Z > 0, ties in x^ (so H(0) matters), three tie values, two deltas
EXAMPLES = (
    [
        _ex([0.0, 0.5, -1.0, 1.0], [0.0, 0.0, 0.0, 0.0], [1, 1, 0, 0], 1.0, h0)
        for h0 in (0.0, 0.5, 1.0)
    ]
    + [
        _ex([1.5, -0.5, 0.0, 0.5, -1.0], [1.0, 0.5, 0.5, -0.5, 0.5], [1, 1, 1, 0, 0], 0.5, h0)
        for h0 in (0.0, 0.5, 1.0)
    ]
    + [
        _ex([0.0, 0.0, 0.0, 2.0, 0.25], [3.0, 2.0, 1.0, 0.0, -1.0], [1, 1, 1, 0, 0], 2.0, 1.0),
    ]
)


@pytest.fixture(params=range(len(EXAMPLES)), ids=lambda k: f"ex{k}")
def case(request):
    ex = EXAMPLES[request.param]
    want = printed(ex)
    assert want["Z"] > 0 and want["loss"] > 0 and want["n"] >= 2  # every term counts
    return ex, want


def test_eq28_harmonic_step_by_value(case):
    ex, want = case
    lhs, rhs = CHECK["eq28-harmonic-step"](ex)
    assert lhs == sum((1 / di for di in want["D"]), Fraction(0))
    assert rhs == want["H"]  # H_|P|, not H_{|P| + 1}


def test_eq28_surrogate_le_harmonic_z_by_value(case):
    ex, want = case
    lhs, rhs = CHECK["eq28-surrogate-le-harmonic-Z"](ex)
    n = want["n"]
    assert lhs == pytest.approx(float(want["loss"]), rel=REL)
    assert rhs == pytest.approx((math.log(n) + 1) / n * float(want["Z"]), rel=REL)


def test_eq30_surrogate_le_precision_z_by_value(case):
    ex, want = case
    lhs, rhs = CHECK["eq30-surrogate-le-precision-Z"](ex)
    assert lhs == want["loss"]
    assert rhs == (1 - want["ap_ref"]) * want["Z"]


def test_eq19_surrogate_ge_ap_loss_by_value(case):
    ex, want = case
    lhs, rhs = CHECK["eq19-surrogate-ge-ap-loss"](ex)
    assert lhs == Fraction(ex.delta) / 4 * want["ap_self"]
    assert rhs == want["loss_self"]


def test_eq23_grad_sq_le_l_over_delta_right_side(case):
    ex, want = case
    _, rhs = CHECK["eq23-grad-sq-le-l-over-delta"](ex)
    assert rhs == want["loss"] / Fraction(ex.delta)


@pytest.mark.parametrize("n", [1, 2, 3, 7, 50, 300])
def test_eq28_harmonic_le_log_by_value(n):
    lhs, rhs = CHECK["eq28-harmonic-le-log"](n)
    assert lhs == pytest.approx(float(sum(Fraction(1, k) for k in range(1, n + 1))), rel=1e-15)
    assert rhs == pytest.approx(math.log(n) + 1, rel=1e-15)  # one float log
