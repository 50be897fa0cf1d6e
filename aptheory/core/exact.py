"""The one exact core: H, H~, Q, ranks and primary terms L_ij in ``fractions.Fraction``.

These are the exact counterparts of the float functions of :mod:`aptheory.core.ranking`, and
the only exact implementation in the package: every section and every exact claim computes
ranks and L_ij through them, so a comparison made with them involves no rounding at all
(scores are converted with :func:`as_fraction`, which is exact for ints, Fractions and finite
floats).

- :func:`heaviside_exact` - H(x) with an explicit tie value H(0) (eq. 3, eq. 17);
- :func:`piecewise_step_exact` - H~(x) of half-width delta (eq. 16, main paper Sec. 3.4.2);
- :func:`piecewise_step_integral_exact` - Q(x), the integral of H~ (eq. 18);
- :func:`exact_scores` - a score vector as Fractions;
- :func:`exact_ranks` - rank(i), rank+(i) and sum_{j in N} H(x_ij) for every positive i;
- :func:`exact_primary_terms` - L_ij of eq. (3) (H in numerator and denominator) or of
  eq. (16) (H~ of half-width delta in the numerator), as rows of Fractions.

:func:`worst_le` and :func:`worst_eq` pick the worst index of a family of inequalities
``lhs_t <= rhs_t`` or identities ``lhs_t == rhs_t`` (a violation beyond a relative tolerance
first, then the largest ratio, resp. the largest relative gap): the one definition of
"worst step" used by the proof table (:func:`aptheory.sections.separable.proof.proof_lines`) and the
trajectory claims of both sections.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from numbers import Rational
from typing import Any

import numpy as np

from aptheory.core.validation import check_labels

__all__ = [
    "ExactRanks",
    "as_fraction",
    "exact_primary_terms",
    "exact_ranks",
    "exact_scores",
    "exact_tie_value",
    "heaviside_exact",
    "piecewise_step_exact",
    "piecewise_step_integral_exact",
    "worst_eq",
    "worst_le",
]


def as_fraction(value: Any, name: str) -> Fraction:
    """``value`` as an exact Fraction (ints, Fractions, finite floats), or raise naming it."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a real number, got bool")
    if isinstance(value, Rational):
        return Fraction(value)
    if isinstance(value, float | np.floating):
        if not np.isfinite(value):
            raise ValueError(f"{name} must be finite (no NaN or inf), got {value!r}")
        return Fraction(float(value))
    raise TypeError(f"{name} must be a real number, got {type(value).__name__}")


def exact_tie_value(at_zero: Any) -> Fraction:
    """The tie value H(0) as an exact Fraction in [0, 1] (ints, Fractions, finite floats)."""
    h = as_fraction(at_zero, "at_zero")
    if not 0 <= h <= 1:
        raise ValueError(f"at_zero must lie in [0, 1], got {at_zero!r}")
    return h


def _half_width(delta: Any) -> Fraction:
    d = as_fraction(delta, "delta")
    if d <= 0:
        raise ValueError(f"delta must be finite and > 0, got {delta!r}")
    return d


def _h(x: Fraction, h0: Fraction) -> Fraction:
    return Fraction(1) if x > 0 else (Fraction(0) if x < 0 else h0)


def _ht(x: Fraction, d: Fraction) -> Fraction:
    return min(Fraction(1), max(Fraction(0), x / (2 * d) + Fraction(1, 2)))


def heaviside_exact(x: Any, at_zero: Any) -> Fraction:
    """Heaviside step H(x) of eq. (3): 1 for x > 0, 0 for x < 0, ``at_zero`` = H(0) at 0."""
    return _h(as_fraction(x, "x"), exact_tie_value(at_zero))


def piecewise_step_exact(x: Any, delta: Any) -> Fraction:
    """Piecewise step H~(x) of eq. (16): clip(x / (2 delta) + 1/2, 0, 1), exactly."""
    return _ht(as_fraction(x, "x"), _half_width(delta))


def piecewise_step_integral_exact(x: Any, delta: Any) -> Fraction:
    """Q(x) of eq. (18), the integral of H~: 0, (x + delta)^2 / (4 delta), x on the pieces."""
    x = as_fraction(x, "x")
    d = _half_width(delta)
    if x < -d:
        return Fraction(0)
    if x > d:
        return x
    return (x + d) ** 2 / (4 * d)


# ------------------------------------------------------------------------ ranks and L_ij


def exact_scores(scores: Any) -> tuple[Fraction, ...]:
    """A 1-D score vector (ints, Fractions or finite floats) as a tuple of Fractions."""
    if np.ndim(scores) != 1:
        raise ValueError(f"scores must be 1-D, got shape {np.shape(scores)}")
    values = list(scores) if not isinstance(scores, np.ndarray) else scores.tolist()
    if not values:
        raise ValueError("scores is empty: a ranking instance needs at least one box")
    return tuple(as_fraction(v, "scores") for v in values)


def _exact_labels(positive: Any, size: int) -> tuple[bool, ...]:
    p = check_labels(positive)
    if p.shape != (size,):
        raise ValueError(f"positive has shape {p.shape} but scores has shape ({size},)")
    if not p.any():
        raise ValueError("positive must mark at least one box (|P| >= 1)")
    return tuple(bool(v) for v in p.tolist())


@dataclass(frozen=True)
class ExactRanks:
    """Per positive i (in order of appearance): rank(i), rank+(i) and sum_{j in N} H(x_ij).

    rank(i) = 1 + sum_{k != i} H(x_ik), rank+(i) = 1 + sum_{k in P, k != i} H(x_ik), with
    x_ik = s_k - s_i and H(0) the tie value (docs/MATH.md); ``neg_ahead[i]`` is
    rank(i) - rank+(i).
    """

    rank: tuple[Fraction, ...]
    rank_plus: tuple[Fraction, ...]
    neg_ahead: tuple[Fraction, ...]
    n_negative: int


def exact_ranks(scores: Any, positive: Any, at_zero: Any = 1) -> ExactRanks:
    """rank(i), rank+(i) and sum_{j in N} H(x_ij) of every positive, exactly (eq. 3, eq. 17).

    The result is immutable; for float64 scores and boolean labels the last few are kept
    (a check often asks for the ranks of the same instance several times).
    """
    if (
        isinstance(scores, np.ndarray)
        and isinstance(positive, np.ndarray)
        and scores.dtype == np.float64
        and positive.dtype == np.bool_
        and isinstance(at_zero, float | int | Fraction)
        and not isinstance(at_zero, bool)
    ):
        key = (scores.tobytes(), positive.tobytes(), scores.shape, positive.shape, at_zero)
        hit = _RECENT.get(key)
        if hit is None:
            hit = _exact_ranks(scores, positive, at_zero)
            if len(_RECENT) >= 64:
                _RECENT.pop(next(iter(_RECENT)))
            _RECENT[key] = hit
        return hit
    return _exact_ranks(scores, positive, at_zero)


_RECENT: dict[tuple[Any, ...], ExactRanks] = {}


def _exact_ranks(scores: Any, positive: Any, at_zero: Any) -> ExactRanks:
    s = _comparable_scores(scores)
    p = _exact_labels(positive, len(s))
    h0 = exact_tie_value(at_zero)
    hn, hd = h0.numerator, h0.denominator
    # Count, per score value, the positives and negatives at it; then each positive's sums
    # are (boxes strictly above) + H(0) (boxes tied with it, itself excluded): the same
    # numbers as sum_k H(s_k - s_i), from integer counts (scores compare exactly as ints,
    # floats and Fractions), one Fraction per quantity and tie level.
    counts: dict[Any, list[int]] = {}
    for v, is_pos in zip(s, p, strict=True):
        counts.setdefault(v, [0, 0])[0 if is_pos else 1] += 1
    above_pos = above_neg = 0
    per_value: dict[Any, tuple[Fraction, Fraction, Fraction]] = {}
    for v in sorted(counts, reverse=True):
        n_pos, n_neg = counts[v]
        if n_pos:
            plus = (1 + above_pos) * hd + hn * (n_pos - 1)  # times hd
            ahead = above_neg * hd + hn * n_neg
            per_value[v] = (_q(plus + ahead, hd), _q(plus, hd), _q(ahead, hd))
        above_pos += n_pos
        above_neg += n_neg
    rows = [per_value[v] for v, is_pos in zip(s, p, strict=True) if is_pos]
    return ExactRanks(
        rank=tuple(r[0] for r in rows),
        rank_plus=tuple(r[1] for r in rows),
        neg_ahead=tuple(r[2] for r in rows),
        n_negative=above_neg,
    )


@lru_cache(maxsize=4096)
def _q(numerator: int, denominator: int) -> Fraction:
    """``Fraction(numerator, denominator)``, shared (Fractions are immutable; ranks repeat)."""
    return Fraction(numerator, denominator)


def _comparable_scores(scores: Any) -> list[Any]:
    """The scores as Python numbers that compare exactly (ints, finite floats, Fractions).

    A finite float compares exactly with ints and Fractions, so grouping ties on them gives
    the same levels as their exact Fractions (:func:`exact_scores`), without building them.
    """
    if (
        isinstance(scores, np.ndarray)
        and scores.ndim == 1
        and scores.size
        and scores.dtype.kind in "fiu"
    ):
        if scores.dtype.kind == "f" and not np.isfinite(scores).all():
            raise ValueError("scores must be finite (no NaN or inf)")
        return scores.tolist()
    if isinstance(scores, list | tuple) and scores:
        values = list(scores)
        if all(type(v) is int or type(v) is Fraction for v in values):
            return values  # already exact; ints and Fractions compare exactly
    return list(exact_scores(scores))


def exact_primary_terms(
    scores: Any,
    positive: Any,
    *,
    at_zero: Any = 1,
    numerator: str = "heaviside",
    delta: Any = 1,
) -> tuple[tuple[Fraction, ...], ...]:
    """Primary terms L_ij = step(x_ij) / rank(i), exactly; rows P, columns N (eq. 3, eq. 16).

    ``numerator="heaviside"`` is eq. (3) (H with tie value ``at_zero`` in the numerator);
    ``"piecewise"`` is eq. (16) (H~ of half-width ``delta`` in the numerator). The
    denominator rank(i) always uses H, as both equations do.
    """
    if numerator not in ("heaviside", "piecewise"):
        raise ValueError(f"numerator must be one of heaviside, piecewise; got {numerator!r}")
    v = _comparable_scores(scores)  # compare exactly, without building Fractions
    p = _exact_labels(positive, len(v))
    h0 = exact_tie_value(at_zero)
    d = _half_width(delta)
    ranks = exact_ranks(v, p, h0).rank
    pos = [k for k in range(len(v)) if p[k]]
    neg = [k for k in range(len(v)) if not p[k]]

    if numerator == "heaviside":  # L_ij is 1/rank(i), H(0)/rank(i) or 0: three values a row
        zero = _q(0, 1)
        rows = []
        for i, r in zip(pos, ranks, strict=True):
            above = _q(r.denominator, r.numerator)
            tied = _q(h0.numerator * r.denominator, h0.denominator * r.numerator)
            vi = v[i]
            rows.append(tuple(above if v[j] > vi else (tied if v[j] == vi else zero) for j in neg))
        return tuple(rows)
    s = exact_scores(scores)
    return tuple(
        tuple(_ht(s[j] - s[i], d) / r for j in neg) for i, r in zip(pos, ranks, strict=True)
    )


# ------------------------------------------------------------------ worst member of a family


def _pair_arrays(lhs: Any, rhs: Any) -> tuple[np.ndarray, np.ndarray]:
    a = np.atleast_1d(np.asarray(lhs, dtype=np.float64)).ravel()
    b = np.atleast_1d(np.asarray(rhs, dtype=np.float64)).ravel()
    if a.shape != b.shape:
        raise ValueError(f"lhs has {a.size} entries but rhs has {b.size}")
    return a, b


def worst_le(lhs: Any, rhs: Any, tolerance: float) -> tuple[int, bool] | None:
    """The worst index k of a family lhs_t <= rhs_t and whether it is violated.

    A member is violated when lhs_t > rhs_t + tolerance * max(1, |lhs_t|, |rhs_t|) or a side
    is not finite; the most violated member wins. Otherwise the member with the largest
    ratio lhs / rhs among rhs > 0 (or, if no rhs is positive, the largest lhs - rhs).
    Returns ``None`` for an empty family.
    """
    a, b = _pair_arrays(lhs, rhs)
    if a.size == 0:
        return None
    with np.errstate(invalid="ignore"):  # inf - inf is a violation, flagged below
        slack = tolerance * np.maximum(1.0, np.maximum(np.abs(a), np.abs(b)))
        over = a - b - slack
    bad = ~np.isfinite(a) | ~np.isfinite(b) | (over > 0)
    if np.any(bad):
        k = int(np.argmax(np.where(bad, np.where(np.isfinite(over), over, np.inf), -np.inf)))
        return k, True
    pos = b > 0
    if np.any(pos):
        k = int(np.argmax(np.where(pos, a / np.where(pos, b, 1.0), -np.inf)))
    else:
        k = int(np.argmax(a - b))
    return k, False


def worst_eq(lhs: Any, rhs: Any, tolerance: float) -> tuple[int, bool] | None:
    """The index k of a family lhs_t == rhs_t with the largest relative gap, and whether the
    gap |lhs - rhs| / max(1, |lhs|, |rhs|) exceeds ``tolerance`` (non-finite: violated).

    Returns ``None`` for an empty family.
    """
    a, b = _pair_arrays(lhs, rhs)
    if a.size == 0:
        return None
    with np.errstate(invalid="ignore"):
        gap = np.abs(a - b) / np.maximum(1.0, np.maximum(np.abs(a), np.abs(b)))
    gap = np.where(np.isfinite(gap), gap, np.inf)
    k = int(np.argmax(gap))
    return k, bool(gap[k] > tolerance)
