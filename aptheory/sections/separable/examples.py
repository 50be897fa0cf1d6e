"""The examples the claims of Section 1 are checked on, and their hypothesis strategies.

- :class:`SeparableRunSpec` - a separable problem drawn by
  :func:`aptheory.sections.separable.problems.separable_problem` (sizes, dimension, margin,
  kind, ||theta*||, seed) and a run of the error-driven algorithm
  (:func:`aptheory.sections.separable.algorithm.simulate_error_driven`) under one tie value
  H(0); :func:`separable_run_specs` draws them. Trajectory claims check every step t of the
  run (:mod:`aptheory.sections.separable.proof`).
- :class:`Ordering` - one sample with small integer features, an arbitrary integer theta (any
  ordering of the boxes, ties frequent, |P| up to 8 > |N| up to 3) and a tie value; its
  scores are integers, so L_ij (eq. 3) and every quantity built from it are exact
  ``fractions.Fraction``: the lemmas of the proof checked "over all orderings", not only
  along trajectories. :func:`orderings` draws them.

The tie value matters: :func:`conventions` draws H(0) from (1, 1/2, 0) in that order, so a
conditional claim's recorded counterexample shrinks to H(0) = 1/2 whenever one exists there.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st
from numpy.typing import NDArray

from aptheory.core.exact import exact_primary_terms
from aptheory.core.linear import Sample
from aptheory.sections.separable.algorithm import SeparableTrace, simulate_error_driven
from aptheory.sections.separable.problems import (
    PROBLEM_KINDS,
    SeparableProblem,
    separable_problem,
    separable_samples,
)
from aptheory.sections.separable.suprema import norm_bound_best_ratio, norm_bound_extremal_ordering

__all__ = [
    "Ordering",
    "SeparableRunSpec",
    "NORM_EXTREMAL_MAX_NEGATIVES",
    "conventions",
    "norm_extremal_orderings",
    "norm_orderings",
    "orderings",
    "separable_run_specs",
]

RUN_MAX_STEPS = 20_000  # the runs of the claims stop here (none of the drawn problems needs it)


# ------------------------------------------------------------------------------ runs


@dataclass(frozen=True)
class SeparableRunSpec:
    """A generated separable problem and the run of the algorithm on it (reproducible).

    ``stacked=True`` draws the same problem with every sample shifted along theta* above the
    previous one: separable within each sample (all eq. (1) asks), not across samples.
    """

    sizes: tuple[tuple[int, int], ...]
    dim: int
    epsilon: float
    kind: str
    theta_star_norm: float
    seed: int
    at_zero: float
    stacked: bool = False

    def _kwargs(self) -> dict[str, Any]:
        return {
            "dim": self.dim,
            "epsilon": self.epsilon,
            "kind": self.kind,
            "theta_star_norm": self.theta_star_norm,
            "stacked": self.stacked,
            "rng": self.seed,
        }

    def samples(self) -> tuple[tuple[Sample, ...], NDArray[np.float64]]:
        """``(samples, theta_star)`` as drawn, before ``SeparableProblem`` verifies eq. (1)."""
        return separable_samples(self.sizes, **self._kwargs())

    def problem(self) -> SeparableProblem:
        """The problem, drawn by ``separable_problem`` with ``rng=seed``."""
        return separable_problem(self.sizes, **self._kwargs())

    def trace(self) -> SeparableTrace:
        """The run from theta = 0, sample choices drawn with ``rng=seed``."""
        return simulate_error_driven(
            self.problem(), at_zero=self.at_zero, rng=self.seed, max_steps=RUN_MAX_STEPS
        )


def conventions(values: tuple[float, ...] = (1.0, 0.5, 0.0)) -> st.SearchStrategy[float]:
    """Tie values H(0), shrinking towards the first one."""
    return st.sampled_from(values)


def separable_run_specs(
    at_zero: tuple[float, ...] = (1.0,),
) -> st.SearchStrategy[SeparableRunSpec]:
    """Small generated problems (1-3 samples of different sizes) and a run under H(0).

    Half of the draws are *stacked* (shrinking to unstacked): separable within each sample
    but not across samples, the case eq. (1) allows.
    """
    sizes = st.lists(st.tuples(st.integers(1, 5), st.integers(1, 4)), min_size=1, max_size=3).map(
        tuple
    )
    return st.builds(
        SeparableRunSpec,
        sizes=sizes,
        dim=st.integers(1, 3),
        epsilon=st.sampled_from([1.0, 0.5, 0.2, 0.1]),
        kind=st.sampled_from(PROBLEM_KINDS),
        theta_star_norm=st.sampled_from([1.0, 2.0, 0.5]),
        seed=st.integers(0, 1000),
        at_zero=conventions(at_zero),
        stacked=st.booleans(),
    )


# -------------------------------------------------------------------------- orderings


def _squared_norm(v: tuple[Fraction, ...] | tuple[int, ...]) -> Fraction:
    return sum((Fraction(a) * a for a in v), Fraction(0))


@dataclass(frozen=True)
class Ordering:
    """One sample with integer features, an integer theta and a tie value H(0).

    Its methods give the exact quantities of the proof's lemmas at this theta: the scores,
    L_ij of eq. (3), the update g of eq. (2) and the cross term of eq. (7).
    """

    features: tuple[tuple[int, ...], ...]
    positive: tuple[bool, ...]
    theta: tuple[int, ...]
    at_zero: Fraction

    def scores(self) -> list[int]:
        """Integer scores s_k = <f_k, theta>."""
        return [sum(a * b for a, b in zip(f, self.theta, strict=True)) for f in self.features]

    def terms(self) -> tuple[tuple[Fraction, ...], ...]:
        """Exact L_ij of eq. (3) (rows: positives, columns: negatives)."""
        return self._terms

    @cached_property
    def _terms(self) -> tuple[tuple[Fraction, ...], ...]:
        return exact_primary_terms(self.scores(), self.positive, at_zero=self.at_zero)

    def pairs(self) -> list[list[tuple[int, ...]]]:
        """f_i - f_j for positives i (rows) and negatives j (columns)."""
        pos = [f for f, p in zip(self.features, self.positive, strict=True) if p]
        neg = [f for f, p in zip(self.features, self.positive, strict=True) if not p]
        return [[tuple(a - b for a, b in zip(fi, fj, strict=True)) for fj in neg] for fi in pos]

    @property
    def n_pos(self) -> int:
        """|P|."""
        return sum(self.positive)

    @property
    def n_neg(self) -> int:
        """|N|."""
        return len(self.positive) - self.n_pos

    def errs(self) -> bool:
        """Some pair has x_ij = s_j - s_i >= 0."""
        s = self.scores()
        pos = [v for v, p in zip(s, self.positive, strict=True) if p]
        neg = [v for v, p in zip(s, self.positive, strict=True) if not p]
        return max(neg) >= min(pos)

    def max_term(self) -> Fraction:
        """max_ij L_ij."""
        return max(v for row in self.terms() for v in row)

    def total_mass(self) -> Fraction:
        """sum_ij L_ij."""
        return sum((v for row in self.terms() for v in row), Fraction(0))

    def update(self) -> tuple[Fraction, ...]:
        """g = sum_ij L_ij (f_i - f_j), the step of eq. (2), exactly."""
        return self._update

    @cached_property
    def _update(self) -> tuple[Fraction, ...]:
        # Row i: sum_j L_ij d_ij, with the L_ij of one row grouped by value (at most three
        # distinct values: 1 / rank, h / rank, 0), so the inner sums are integer sums.
        g = [Fraction(0)] * len(self.theta)
        for row_l, row_d in zip(self.terms(), self.pairs(), strict=True):
            groups: dict[Fraction, list[int]] = {}
            for lij, d in zip(row_l, row_d, strict=True):
                if lij:
                    acc = groups.setdefault(lij, [0] * len(d))
                    for a, da in enumerate(d):
                        acc[a] += da
            for lij, acc in groups.items():
                for a, da in enumerate(acc):
                    g[a] += lij * da
        return tuple(g)

    def update_norm_sq(self) -> Fraction:
        """||sum_ij L_ij (f_i - f_j)||^2, exactly."""
        return _squared_norm(self.update())

    def update_dot_theta(self) -> Fraction:
        """<sum_ij L_ij (f_i - f_j), theta>, exactly."""
        return sum((a * b for a, b in zip(self.update(), self.theta, strict=True)), Fraction(0))

    def cross(self) -> Fraction:
        """sum_ij L_ij x_ji with x_ji = s_i - s_j = -x_ij, the cross term of eq. (7)."""
        s = self.scores()
        pos = [v for v, p in zip(s, self.positive, strict=True) if p]
        neg = [v for v, p in zip(s, self.positive, strict=True) if not p]
        return sum(
            (
                lij * (si - sj)
                for row, si in zip(self.terms(), pos, strict=True)
                for lij, sj in zip(row, neg, strict=True)
            ),
            Fraction(0),
        )

    def max_pair_sq(self) -> int:
        """max_ij ||f_i - f_j||^2."""
        return max(int(_squared_norm(d)) for row in self.pairs() for d in row)


@st.composite
def orderings(
    draw: st.DrawFn,
    at_zero: tuple[float, ...] = (1.0,),
    *,
    only_errors: bool = False,
    aim: bool = False,
) -> Ordering:
    """A sample whose boxes of each class share at most three integer feature vectors.

    Shared vectors make ties and parallel differences f_i - f_j frequent (the worst cases of
    the norm bound); half of the draws are *clustered* (one vector per class). |P| ranges up
    to 8 and |N| up to 3, so |P| > |N| is common. ``theta`` is arbitrary, so every ordering
    of the boxes (with ties) can occur; with ``aim=True`` a
    clustered draw takes, half of the time, ``theta = f_neg - f_pos``, which ranks every
    negative at or above every positive (the adversarial corner of the norm bound).
    """
    dim = draw(st.integers(1, 2))
    coord = st.integers(-2, 2)
    vec = st.tuples(*[coord] * dim)
    n_pos = draw(st.integers(1, 8))
    n_neg = draw(st.integers(1, 3))
    clustered = draw(st.booleans())  # one vector per class: the extreme case of sharing
    size = st.just(1) if clustered else st.integers(1, 3)
    pool_p = [draw(vec) for _ in range(draw(size))]
    pool_n = [draw(vec) for _ in range(draw(size))]
    if clustered:
        feats = [pool_p[0]] * n_pos + [pool_n[0]] * n_neg
    else:
        pick = st.integers(0, 2)
        feats = [pool_p[draw(pick) % len(pool_p)] for _ in range(n_pos)]
        feats += [pool_n[draw(pick) % len(pool_n)] for _ in range(n_neg)]
    positive = (True,) * n_pos + (False,) * n_neg  # box order is irrelevant to eq. (3)
    features = tuple(feats)
    if aim and clustered and draw(st.booleans()):
        theta = tuple(a - b for a, b in zip(pool_n[0], pool_p[0], strict=True))
    else:
        theta = draw(vec)
    h = Fraction(draw(conventions(at_zero)))
    out = Ordering(features, positive, theta, h)
    if only_errors:
        assume(out.errs())
    return out


NORM_EXTREMAL_MAX_NEGATIVES = 24  # |N| of the extremal family drawn by norm_extremal_orderings


@st.composite
def norm_extremal_orderings(draw: st.DrawFn, at_zero: tuple[float, ...] = (1.0,)) -> Ordering:
    """The family that approaches the supremum of ``eq7-norm-bound``, at a random size.

    |N| = m up to :data:`NORM_EXTREMAL_MAX_NEGATIVES` and |P| = p within m / 4 of 3.92 m
    (where S(p, m)^2 / (p m) peaks), built by
    :func:`aptheory.sections.separable.suprema.norm_bound_extremal_ordering`: negatives at one
    point, strictly above p distinct positives whose differences to them are nearly equal.
    The ratio ||g||^2 / (p m D^2) is S(p, m)^2 / (p m) up to 1e-12 (0.633 at m = 24; the
    supremum over all sizes, 0.6476, needs m -> inf). Half of the draws put the positives at
    one point instead (all tied: the shape that breaks the bound under H(0) = 0).
    """
    m = draw(st.integers(1, NORM_EXTREMAL_MAX_NEGATIVES))
    p = max(1, round(norm_bound_best_ratio() * m) + draw(st.integers(-(m // 4), m // 4)))
    features, positive, theta = norm_bound_extremal_ordering(p, m)
    if draw(st.booleans()):  # every positive at the first one's point: tied
        features = (features[0],) * p + features[p:]
    return Ordering(features, positive, theta, Fraction(draw(conventions(at_zero))))


@st.composite
def norm_orderings(draw: st.DrawFn, at_zero: tuple[float, ...] = (1.0,)) -> Ordering:
    """:func:`orderings` with ``aim=True``; about one draw in four from the extremal family.

    The extremal family is :func:`norm_extremal_orderings`; its branch is the last value of
    the switch, so a failure shrinks away from it.
    """
    if draw(st.sampled_from((False, False, False, True))):
        return draw(norm_extremal_orderings(at_zero))
    return draw(orderings(at_zero, aim=True))
