"""Proposition 1's error-driven algorithm on the three points of eq. (13), in exact arithmetic.

Where gradient descent on the smoothed loss stalls (:mod:`aptheory.sections.smoothed.dynamics`),
the update theta += sum_ij L_ij (f_i - f_j) of eq. (2), with the primary terms L_ij of eq. (3)
(:func:`aptheory.core.exact.exact_primary_terms`), separates the same points in a few steps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from aptheory.core.exact import as_fraction, exact_primary_terms
from aptheory.core.validation import check_at_zero, check_int
from aptheory.sections.smoothed.numerics import FEATURES, POSITIVE

__all__ = ["ErrorDrivenPath", "error_driven"]


@dataclass(frozen=True)
class ErrorDrivenPath:
    """Proposition 1's algorithm on the three points: theta += sum_ij L_ij (f_i - f_j), eq. (2).

    ``thetas[t]`` is theta^(t) and ``losses[t]`` the AP-loss (eq. 17) there, both exact,
    ``steps`` the number of updates made and ``converged`` whether the last theta makes no
    error (every L_ij = 0).
    """

    thetas: tuple[tuple[Fraction, Fraction], ...]
    losses: tuple[Fraction, ...]
    steps: int
    converged: bool
    at_zero: float


def _exact_start(theta0: Any) -> tuple[Fraction, Fraction]:
    """theta0 as two exact fractions; raises if it is not a pair of finite reals."""
    if isinstance(theta0, str | bytes) or np.ndim(theta0) != 1 or len(theta0) != 2:
        raise ValueError(f"theta0 must be a pair (theta1, theta2), got {theta0!r}")
    return as_fraction(theta0[0], "theta0"), as_fraction(theta0[1], "theta0")


def _terms(
    theta: tuple[Fraction, Fraction], feats: Sequence[tuple[Fraction, Fraction]], h0: Fraction
) -> tuple[tuple[Fraction, ...], ...]:
    """L_ij of eq. (3) at theta: exact scores s = f1 theta1 + f2 theta2 (eq. 13), exact L_ij."""
    s = [f1 * theta[0] + f2 * theta[1] for f1, f2 in feats]
    return exact_primary_terms(s, POSITIVE, at_zero=h0)


def error_driven(
    theta0: tuple[float, float] = (0.0, 0.0), *, at_zero: float = 1.0, max_steps: int = 1000
) -> ErrorDrivenPath:
    """Run eq. (2) from ``theta0`` in exact arithmetic until no pair errs or ``max_steps``.

    ``at_zero`` is H(0); with H(0) = 0 the start theta = 0 makes no "error" and the algorithm
    stops at once, which is why Proposition 1 needs H(0) > 0 (ranking's default is 1).
    Losses are exact AP-losses (eq. 17) with the same H(0).
    """
    h0 = Fraction(check_at_zero(at_zero))
    max_steps = check_int(max_steps, "max_steps", 1)
    theta = _exact_start(theta0)
    feats = [(Fraction(int(f1)), Fraction(int(f2))) for f1, f2 in FEATURES.tolist()]
    pos = [k for k in range(len(feats)) if POSITIVE[k]]
    neg = [k for k in range(len(feats)) if not POSITIVE[k]]
    thetas, losses = [theta], []
    steps = 0
    while True:
        terms = _terms(theta, feats, h0)
        losses.append(sum((t for row in terms for t in row), Fraction(0)) / len(pos))
        if all(t == 0 for row in terms for t in row) or steps >= max_steps:
            break
        d1, d2 = Fraction(0), Fraction(0)
        for a, i in enumerate(pos):
            for b, j in enumerate(neg):
                d1 += terms[a][b] * (feats[i][0] - feats[j][0])
                d2 += terms[a][b] * (feats[i][1] - feats[j][1])
        theta = (theta[0] + d1, theta[1] + d2)
        thetas.append(theta)
        steps += 1
    converged = all(t == 0 for row in _terms(theta, feats, h0) for t in row)
    return ErrorDrivenPath(
        thetas=tuple(thetas),
        losses=tuple(losses),
        steps=steps,
        converged=converged,
        at_zero=float(h0),
    )
