"""The error-driven algorithm of Proposition 1, eqs. (2)-(3), and the trace of one run.

Starting from ``theta = 0``, each step picks at random (seeded) a training sample that still
makes an *error* and applies eq. (2),

    theta(t+1) = theta(t) + sum_{i in P} sum_{j in N} L_ij (f_i - f_j),

with the primary terms L_ij of eq. (3) (tie value ``H(0) = at_zero``), computed exactly
(:mod:`aptheory.sections.separable.rational`). It stops when no sample errs.
:func:`simulate_error_driven` records a :class:`SeparableTrace` with every quantity a line of
the proof uses.

Conventions (each one is a finding, checked by :mod:`aptheory.sections.separable.claims`;
docs/MATH.md states the definitions):

- *Index.* ``theta(0) = 0`` and ``theta(t)`` is theta after ``t`` updates; eqs. (5)-(9) are
  read with this index (with ``theta(1) = 0``, as Section 3 writes, eq. (5) would be off by one).
- *Error.* A sample errs when some pair has ``x_ij = s_j - s_i >= 0`` (a negative ranked at or
  above a positive). Ties must count as errors, or the algorithm would stop at once at
  ``theta = 0`` (every score is 0 there) without separating anything.
- *Exactness.* Errors, ties, ranks and L_ij are decided on exact rational scores
  (:mod:`aptheory.sections.separable.rational`): features and theta* are the rationals their
  float64 values are, and theta(t) is kept exactly. A float64 run can stop early: on the three
  points of Section 2 with H(0) = 1 it reached theta = (0.3333333333333332, 1.0) after 12
  steps, where the exact theta (1/3, 1) still ties the third box with the negative (an error
  under H(0) = 1); the exact run takes 16 steps (7 under H(0) = 1/2).
- *H(0).* With ``H(0) = 0`` every L_ij is 0 at ``theta = 0``: the update is zero and the
  algorithm cannot start (the run is reported ``"stalled"``); any ``H(0) > 0`` starts it.
  With ``H(0) = 1`` an erring sample has ``max L_ij >= 1 / (|P| + |N|)``, the last line of
  eq. (4). With ``H(0) = h < 1`` a tie-only error can give ``max L_ij = h / (|P| + h |N|)``
  (already at ``theta = 0`` with |P| = |N| = 1 and h = 1/2: 1/3 < 1/2), so eqs. (4)-(6)
  fail as printed; they hold with that constant, the exact minimum for the sample's sizes
  (:func:`aptheory.sections.separable.bounds.max_term_lower_bound`).
- *Norm bound of eq. (7).* ``||sum L_ij (f_i - f_j)||^2 <= |P| |N| max ||f_i - f_j||^2`` holds
  at every theta (every ordering, |P| > |N| included) for ``H(0)`` in {1/2, 1}: then
  ``sum_ij L_ij <= |N| (H_{|N|+|P|} - H_{|N|}) <= |N| ln(1 + |P|/|N|) <= sqrt(|P| |N|)``
  (harmonic numbers H_k; Jensen for the ties at 1/2). With ``H(0) = 0`` tied positives do
  not count each other: five identical positives below one negative give 25/4 > 5 times
  max ||f_i - f_j||^2.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from aptheory.core.exact import exact_primary_terms
from aptheory.core.linear import Sample, validate_theta
from aptheory.core.validation import check_at_zero, check_int
from aptheory.sections.separable.bounds import Constants, constants, pair_masses
from aptheory.sections.separable.problems import SeparableProblem, validate_problem
from aptheory.sections.separable.rational import (
    RationalTheta,
    dyadic_samples,
    errs,
    exact_step,
    integer_scores,
)

RunStatus = Literal["converged", "stalled", "max_steps"]

__all__ = [
    "RunStatus",
    "SeparableTrace",
    "error_driven_update",
    "makes_error",
    "primary_terms_exact",
    "simulate_error_driven",
]


# ------------------------------------------------------------------------- single samples


def _exact_sample(sample: Sample, theta: ArrayLike) -> tuple[list[int], list[int], Any]:
    """The integer scores of ``sample`` at ``theta`` (both read exactly) and its dyadic form."""
    if not isinstance(sample, Sample):
        raise TypeError(f"sample must be an aptheory.linear.Sample, got {type(sample).__name__}")
    t = RationalTheta.from_floats(validate_theta(theta, sample.dim))
    (dy,) = dyadic_samples([sample.features], [sample.positive])
    zp, zn = integer_scores(dy, t)
    return zp, zn, dy


def makes_error(sample: Sample, theta: ArrayLike) -> bool:
    """True when some pair i in P, j in N has x_ij = s_j - s_i >= 0 (the sample errs).

    Decided exactly: the features and ``theta`` are read as the rationals their float64
    values are, so a tie is a tie (no rounding of the scores).
    """
    zp, zn, _ = _exact_sample(sample, theta)
    return errs(zp, zn)[0]


def error_driven_update(
    sample: Sample, theta: ArrayLike, *, at_zero: float = 1.0
) -> NDArray[np.float64]:
    """The step of eq. (2): sum_{i in P} sum_{j in N} L_ij (f_i - f_j), L_ij from eq. (3).

    Computed exactly at the exact scores of ``theta`` (features and ``theta`` read as the
    rationals their float64 values are) and rounded once to float64.
    """
    h = Fraction(check_at_zero(at_zero))
    zp, zn, dy = _exact_sample(sample, theta)
    if not zn:
        return np.zeros(sample.dim)
    return np.array(exact_step(dy, zp, zn, h).floats(), dtype=np.float64)


def primary_terms_exact(
    scores: ArrayLike, positive: ArrayLike, *, at_zero: float | Fraction = 1
) -> list[list[Fraction]]:
    """Exact L_ij = H(x_ij) / (1 + sum_{k != i} H(x_ik)) of eq. (3), as lists of Fractions.

    A thin wrapper over :func:`aptheory.core.exact.exact_primary_terms` (the one exact L_ij):
    rows are the positives, columns the negatives, in order of appearance; scores are read
    exactly (ints, Fractions, finite floats) and ``H(0) = at_zero``. Raises ``ValueError``
    naming ``scores``, ``positive`` or ``at_zero`` for NaN/inf, a shape mismatch or a tie
    value outside [0, 1].
    """
    return [list(row) for row in exact_primary_terms(scores, positive, at_zero=at_zero)]


# ---------------------------------------------------------------------------------- trace


@dataclass(frozen=True, eq=False)
class SeparableTrace:
    """A run of the error-driven algorithm: theta(0) = 0, ..., theta(T) and what each step used.

    Arrays of length T + 1 are indexed by t (after t updates); arrays of length T by the step
    t -> t + 1.

    Attributes:
        problem, at_zero, constants: what was run, with which H(0), and its constants.
        status: ``"converged"`` (no sample errs at theta(T)), ``"stalled"`` (samples err but
            every erring sample's update is zero, so theta never changes again: H(0) = 0; the
            last recorded step is one such zero update) or ``"max_steps"``.
        thetas: theta(t), shape (T + 1, d).
        chosen: index of the sample updated at each step, shape (T,).
        inner: <theta(t), theta*>, shape (T + 1,).
        norm_sq: ||theta(t)||^2, shape (T + 1,).
        sizes: |P| + |N| of the chosen sample, shape (T,).
        sum_terms: sum_ij L_ij, shape (T,).
        max_terms: max_ij L_ij, shape (T,).
        gain: sum_ij L_ij <f_i - f_j, theta*> (the increment of <theta, theta*>), shape (T,).
        cross: sum_ij L_ij x_ji with x_ji = s_i - s_j = -x_ij, i.e.
            <sum_ij L_ij (f_i - f_j), theta(t)>, shape (T,).
        update_norm_sq: ||sum_ij L_ij (f_i - f_j)||^2, shape (T,).
        pair_mass: |P| |N| max ||f_i - f_j||^2 of the chosen sample, shape (T,).
        exact_thetas: theta(t) exactly, one tuple of Fractions per t (``thetas`` is it
            rounded once); ``None`` for a trace built without it.
    """

    problem: SeparableProblem
    at_zero: float
    constants: Constants
    status: RunStatus
    thetas: NDArray[np.float64]
    chosen: NDArray[np.int64]
    inner: NDArray[np.float64]
    norm_sq: NDArray[np.float64]
    sizes: NDArray[np.int64]
    sum_terms: NDArray[np.float64]
    max_terms: NDArray[np.float64]
    gain: NDArray[np.float64]
    cross: NDArray[np.float64]
    update_norm_sq: NDArray[np.float64]
    pair_mass: NDArray[np.float64]
    exact_thetas: tuple[tuple[Fraction, ...], ...] | None = None

    @property
    def t(self) -> NDArray[np.float64]:
        """t = 0, 1, ..., T as float64, the index of ``thetas``, ``inner`` and ``norm_sq``."""
        return np.arange(self.inner.size, dtype=np.float64)

    @property
    def steps(self) -> int:
        """T, the number of updates made."""
        return int(self.chosen.size)

    @property
    def converged(self) -> bool:
        """True when the run stopped because no sample errs."""
        return self.status == "converged"

    @property
    def steps_to_converge(self) -> float:
        """T if the run converged, else ``inf`` (the algorithm would not stop)."""
        return float(self.steps) if self.converged else math.inf


def simulate_error_driven(
    problem: SeparableProblem,
    *,
    at_zero: float = 1.0,
    rng: np.random.Generator | int | None = 0,
    max_steps: int = 100_000,
) -> SeparableTrace:
    """Run the error-driven algorithm of eqs. (2)-(3) from theta = 0 and record its trace.

    At each step a sample with an error (some x_ij >= 0) is drawn uniformly at random with
    ``rng`` (a seed or a ``numpy.random.Generator``) and updated by eq. (2) with L_ij of
    eq. (3) under ``H(0) = at_zero``. The run stops when no sample errs (``"converged"``),
    after one zero update made when every erring sample's update is zero (``"stalled"``: the
    algorithm would repeat it forever; only possible with H(0) = 0, e.g. at theta = 0), or
    after ``max_steps`` updates (``"max_steps"``).

    The run is exact: features, theta* and H(0) are read as the rationals their float64
    values are, theta(t) is kept as an exact rational (:mod:`.rational`), and every error,
    tie, rank and L_ij is decided on exact scores, so no rounding error can break a tie or
    stop the run early. The float64 arrays of the trace are the exact values rounded once
    (``exact_thetas`` keeps theta(t) itself).

    Parameters
    ----------
    problem : SeparableProblem
        The samples and the certificate of eq. (1).
    at_zero : float
        H(0) in [0, 1].
    rng : numpy.random.Generator, int or None
        The sample choices.
    max_steps : int
        At most this many updates (>= 0).

    Returns
    -------
    SeparableTrace
    """
    problem = validate_problem(problem)
    h = check_at_zero(at_zero)
    max_steps = check_int(max_steps, "max_steps", 0)
    return _run(problem, h, np.random.default_rng(rng), max_steps)


def _dot_exact(num: tuple[int, ...], den: int, other: tuple[int, ...], other_den: int) -> float:
    """<num / den, other / other_den> rounded once to float64."""
    return sum(a * b for a, b in zip(num, other, strict=True)) / (den * other_den)


def _run(
    problem: SeparableProblem, h: float, gen: np.random.Generator, max_steps: int
) -> SeparableTrace:
    """:func:`simulate_error_driven` on validated arguments, in exact rational arithmetic."""
    samples = problem.samples
    consts = constants(problem, at_zero=h)
    h0 = Fraction(h)
    dyadic = dyadic_samples([s.features for s in samples], [s.positive for s in samples])
    star = RationalTheta.from_floats(problem.theta_star)
    masses = pair_masses(problem)
    sizes_n = np.array([s.positive.size for s in samples], dtype=np.int64)

    theta = RationalTheta.zeros(problem.dim)
    path = [theta]
    rows: list[tuple[int, float, float, float, float, float]] = []
    status: RunStatus = "max_steps"
    while True:
        scores = [integer_scores(d, theta) for d in dyadic]
        verdicts = [errs(zp, zn) for zp, zn in scores]
        erring = np.array([k for k, (e, _) in enumerate(verdicts) if e], dtype=np.int64)
        if erring.size == 0:
            status = "converged"
            break
        stalled = h == 0.0 and not any(verdicts[k][1] for k in erring)
        if len(rows) >= max_steps:
            break
        k = int(gen.choice(erring))
        step = exact_step(dyadic[k], *scores[k], h0)
        rows.append(
            (
                k,
                float(step.total),
                float(step.biggest),
                _dot_exact(step.num, step.den, star.num, star.den),  # sum L_ij <f_i-f_j, theta*>
                _dot_exact(step.num, step.den, theta.num, theta.den),  # sum L_ij x_ji
                _dot_exact(step.num, step.den, step.num, step.den),  # ||g||^2
            )
        )
        theta = theta.plus(step.num, step.den)
        path.append(theta)
        if stalled:  # every erring sample has only ties: L = 0, theta never changes again
            status = "stalled"
            break

    th = np.array([v.floats() for v in path], dtype=np.float64).reshape(len(path), problem.dim)
    inner = [_dot_exact(v.num, v.den, star.num, star.den) for v in path]
    norm_sq = [_dot_exact(v.num, v.den, v.num, v.den) for v in path]
    chosen = np.array([r[0] for r in rows], dtype=np.int64)
    cols = np.array([r[1:] for r in rows], dtype=np.float64).reshape(len(rows), 5)
    return SeparableTrace(
        problem=problem,
        at_zero=h,
        constants=consts,
        status=status,
        thetas=th,
        chosen=chosen,
        inner=np.array(inner, dtype=np.float64),
        norm_sq=np.array(norm_sq, dtype=np.float64),
        sizes=sizes_n[chosen],
        sum_terms=cols[:, 0],
        max_terms=cols[:, 1],
        gain=cols[:, 2],
        cross=cols[:, 3],
        update_norm_sq=cols[:, 4],
        pair_mass=masses[chosen],
        exact_thetas=tuple(v.fractions() for v in path),
    )
