"""Exact rational arithmetic for the error-driven algorithm of eqs. (2)-(3).

A float64 is a dyadic rational, so features, theta* and H(0) are exact rationals, and so is
every theta the algorithm reaches from theta = 0: theta(t) is a sum of L_ij (f_i - f_j) with
rational L_ij (eq. 3). Deciding "x_ij >= 0" on rounded scores lets a rounding error break a
tie (on the three points of Section 2 a float run stops at theta = (0.3333333333333332, 1),
where the exact theta (1/3, 1) still ties a positive with the negative). This module keeps
everything integer:

- :class:`DyadicSample` - the features of one sample as integers over a power of two,
  ``f_k = F_k / 2**k`` (exact);
- :class:`RationalTheta` - theta as integers over one positive integer, ``theta = T / q``;
  scores are compared through ``Z_k = <F_k, T>`` (same order as ``s_k``, an exact positive
  rescaling);
- :func:`exact_step` - one step of eq. (2) on one sample: L_ij of eq. (3) from the integer
  scores (ranks by bisection), the update ``g = G / (den 2**k)`` and the exact sum and max of
  L_ij.

Cost: each step is O((|P| + |N|) (log n + d)) integer operations. The denominators stay small
for H(0) in {0, 1/2, 1} (they divide 2**k lcm(1, ..., 2n)); a tie value with a large
denominator (the float 0.3 is 5404319552844595 / 2**54) makes them grow when ties recur.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "DyadicSample",
    "ExactStep",
    "RationalTheta",
    "dyadic_common",
    "dyadic_samples",
    "errs",
    "exact_step",
    "integer_scores",
]


def dyadic_common(values: Sequence[float]) -> tuple[list[int], int]:
    """Finite floats as integers over one power of two: ``values[k] = ints[k] / 2**shift``.

    Exact (a float64 is m 2^e); ``shift`` is the smallest that makes every value an integer.
    """
    ratios = [float(v).as_integer_ratio() for v in values]
    shift = max((den.bit_length() - 1 for _, den in ratios), default=0)
    return [num << (shift - (den.bit_length() - 1)) for num, den in ratios], shift


@dataclass(frozen=True)
class DyadicSample:
    """The boxes of one sample as integer features over ``2**shift`` (exact).

    Attributes:
        pos, neg: integer feature vectors F_k of the positives and the negatives, in order
            of appearance; f_k = F_k / 2**shift.
        shift: the common power of two of the whole problem.
    """

    pos: tuple[tuple[int, ...], ...]
    neg: tuple[tuple[int, ...], ...]
    shift: int


def dyadic_samples(
    features: Sequence[np.ndarray], positive: Sequence[np.ndarray]
) -> tuple[DyadicSample, ...]:
    """Every sample's features over one common power of two (finite float64 input)."""
    flat = [float(v) for f in features for v in np.asarray(f, dtype=np.float64).ravel()]
    ints, shift = dyadic_common(flat)
    out, at = [], 0
    for f, p in zip(features, positive, strict=True):
        rows, dim = np.shape(f)
        block = [tuple(ints[at + r * dim : at + (r + 1) * dim]) for r in range(rows)]
        at += rows * dim
        mask = [bool(v) for v in np.asarray(p).tolist()]
        out.append(
            DyadicSample(
                pos=tuple(b for b, m in zip(block, mask, strict=True) if m),
                neg=tuple(b for b, m in zip(block, mask, strict=True) if not m),
                shift=shift,
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class RationalTheta:
    """theta = T / q exactly, with integers T (one per dimension) and q >= 1, reduced."""

    num: tuple[int, ...]
    den: int

    @classmethod
    def zeros(cls, dim: int) -> RationalTheta:
        """theta = 0."""
        return cls((0,) * dim, 1)

    @classmethod
    def from_floats(cls, theta: ArrayLike) -> RationalTheta:
        """A float64 vector, exactly."""
        ints, shift = dyadic_common(np.asarray(theta, dtype=np.float64).tolist())
        return cls._reduced(ints, 1 << shift)

    @classmethod
    def _reduced(cls, num: Sequence[int], den: int) -> RationalTheta:
        g = den
        for v in num:
            g = math.gcd(g, v)
        return cls(tuple(v // g for v in num), den // g)

    def plus(self, num: Sequence[int], den: int) -> RationalTheta:
        """theta + num / den, exactly."""
        q = self.den * den // math.gcd(self.den, den)
        a, b = q // self.den, q // den
        return self._reduced([x * a + y * b for x, y in zip(self.num, num, strict=True)], q)

    def fractions(self) -> tuple[Fraction, ...]:
        """theta as Fractions."""
        return tuple(Fraction(v, self.den) for v in self.num)

    def floats(self) -> list[float]:
        """theta rounded once to float64 (int / int is correctly rounded)."""
        return [v / self.den for v in self.num]

    def dot(self, vec: Sequence[int]) -> int:
        """<vec, T>: the integer that orders the scores <f, theta> of integer features."""
        return sum(a * b for a, b in zip(vec, self.num, strict=True))


def integer_scores(sample: DyadicSample, theta: RationalTheta) -> tuple[list[int], list[int]]:
    """``Z_k = <F_k, T>`` of the positives and of the negatives: s_k = Z_k / (2**shift q)."""
    return [theta.dot(f) for f in sample.pos], [theta.dot(f) for f in sample.neg]


def errs(zp: Sequence[int], zn: Sequence[int]) -> tuple[bool, bool]:
    """``(some x_ij >= 0, some x_ij > 0)`` from the integer scores, exactly."""
    if not zn:
        return False, False
    low, high = min(zp), max(zn)
    return high >= low, high > low


@dataclass(frozen=True)
class ExactStep:
    """One step of eq. (2) on one sample, exactly.

    Attributes:
        num, den: the update g = sum_ij L_ij (f_i - f_j) = num / den (integers, den >= 1).
        total: sum_ij L_ij; biggest: max_ij L_ij (Fractions).
    """

    num: tuple[int, ...]
    den: int
    total: Fraction
    biggest: Fraction

    def floats(self) -> list[float]:
        """g rounded once to float64."""
        return [v / self.den for v in self.num]


def _prefix(rows: Sequence[Sequence[int]], dim: int) -> list[list[int]]:
    out = [[0] * dim]
    for r in rows:
        out.append([a + b for a, b in zip(out[-1], r, strict=True)])
    return out


def exact_step(
    sample: DyadicSample, zp: Sequence[int], zn: Sequence[int], at_zero: Fraction
) -> ExactStep:
    """L_ij = H(x_ij) / (1 + sum_{k != i} H(x_ik)) of eq. (3) and the update of eq. (2).

    ``zp``, ``zn`` are the integer scores of :func:`integer_scores`; H(0) = ``at_zero`` = a / b.
    For a positive i with A negatives and A' positives strictly above and B negatives and B'
    other positives tied, rank(i) = 1 + A + A' + h (B + B') = D_i / b with
    D_i = b (1 + A + A') + a (B + B'); its row of eq. (2) is
    (b A + a B) F_i - b (sum of the A negatives' F) - a (sum of the B negatives' F), over D_i.
    """
    a, b = at_zero.numerator, at_zero.denominator
    dim = len(sample.pos[0])
    order_n = sorted(range(len(zn)), key=zn.__getitem__)
    zn_sorted = [zn[j] for j in order_n]
    pre = _prefix([sample.neg[j] for j in order_n], dim)
    zp_sorted = sorted(zp)
    m, p = len(zn), len(zp)
    rows: list[tuple[list[int], int]] = []
    total, biggest = Fraction(0), Fraction(0)
    for fi, z in zip(sample.pos, zp, strict=True):
        lo, hi = bisect_left(zn_sorted, z), bisect_right(zn_sorted, z)
        above, tied = m - hi, hi - lo
        plo, phi = bisect_left(zp_sorted, z), bisect_right(zp_sorted, z)
        d_i = b * (1 + above + p - phi) + a * (tied + phi - plo - 1)
        w = b * above + a * tied
        if w == 0:
            continue
        s_above = [x - y for x, y in zip(pre[m], pre[hi], strict=True)]
        s_tied = [x - y for x, y in zip(pre[hi], pre[lo], strict=True)]
        vec = [w * f - b * u - a * v for f, u, v in zip(fi, s_above, s_tied, strict=True)]
        rows.append((vec, d_i))
        total += Fraction(w, d_i)
        biggest = max(biggest, Fraction(b if above else a, d_i))
    den = 1
    for _, d_i in rows:
        den = den * d_i // math.gcd(den, d_i)
    num = [0] * dim
    for vec, d_i in rows:
        k = den // d_i
        num = [x + k * y for x, y in zip(num, vec, strict=True)]
    out_den = den << sample.shift
    g = out_den
    for v in num:
        g = math.gcd(g, v)
    return ExactStep(tuple(v // g for v in num), out_den // g, total, biggest)
