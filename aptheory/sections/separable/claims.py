"""Claims of Section 1 of the supplement: every numbered line of the proof of Proposition 1.

Two kinds of examples:

- :class:`RunSpec` - a separable problem drawn by :func:`aptheory.problems.separable_problem`
  (sizes, dimension, margin, kind, ||theta*||, seed) and a run of the error-driven algorithm
  (:func:`aptheory.separable.simulate`) under one tie value H(0). Trajectory claims check
  every step t of the run and report the worst one. Comparisons use a relative tolerance of
  1e-9 (float64 sums over at most a few hundred steps of O(10) pairs each).
- :class:`Ordering` - one sample with small integer features, an arbitrary integer theta (any
  ordering of the boxes, ties frequent, |P| up to 8 > |N| up to 3) and a tie value. Its
  scores are integers, so L_ij (eq. 3) and every quantity built from it are computed exactly
  with ``fractions.Fraction`` (``Claim(exact=True)``): these are the lemmas of the proof
  checked "over all orderings", not only along trajectories.

The tie value matters: ``conventions()`` draws H(0) from (1, 1/2, 0) in that order, so a
conditional claim's recorded counterexample shrinks to H(0) = 1/2 whenever one exists there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st

from aptheory.checking.claim import Claim
from aptheory.core.exact import heaviside_exact, worst_eq, worst_le
from aptheory.core.linear import pair_features
from aptheory.sections.separable.problems import (
    KINDS,
    SeparableProblem,
    separable_problem,
    separable_samples,
    unequal_sizes_example,
)
from aptheory.core.ranking import primary_terms
from aptheory.sections.separable.model import (
    Trace,
    max_term_lower_bound,
    pair_masses,
    primary_terms_exact,
    simulate,
)

__all__ = ["Ordering", "RunSpec", "claims", "conventions", "orderings", "run_specs"]

TOL = 1e-9
TOL_REASON = (
    "float64 sums over at most a few hundred steps of O(10) pairs each; every other check of "
    "this section is exact"
)
H1 = "H(0) = 1"


# ---------------------------------------------------------------------------- examples


@dataclass(frozen=True)
class RunSpec:
    """A generated separable problem and the run of the algorithm on it (reproducible)."""

    sizes: tuple[tuple[int, int], ...]
    dim: int
    epsilon: float
    kind: str
    theta_star_norm: float
    seed: int
    at_zero: float

    def _kwargs(self) -> dict[str, Any]:
        return {
            "dim": self.dim,
            "epsilon": self.epsilon,
            "kind": self.kind,
            "theta_star_norm": self.theta_star_norm,
            "rng": self.seed,
        }

    def samples(self):
        """``(samples, theta_star)`` as drawn, before ``SeparableProblem`` verifies eq. (1)."""
        return separable_samples(self.sizes, **self._kwargs())

    def problem(self) -> SeparableProblem:
        """The problem, drawn by ``separable_problem`` with ``rng=seed``."""
        return separable_problem(self.sizes, **self._kwargs())

    def trace(self) -> Trace:
        """The run from theta = 0, sample choices drawn with ``rng=seed``."""
        return simulate(self.problem(), at_zero=self.at_zero, rng=self.seed, max_steps=20_000)


@dataclass(frozen=True)
class Ordering:
    """One sample with integer features, an integer theta and a tie value H(0)."""

    features: tuple[tuple[int, ...], ...]
    positive: tuple[bool, ...]
    theta: tuple[int, ...]
    at_zero: Fraction

    def scores(self) -> list[int]:
        """Integer scores s_k = <f_k, theta>."""
        return [sum(a * b for a, b in zip(f, self.theta, strict=True)) for f in self.features]

    def terms(self) -> list[list[Fraction]]:
        """Exact L_ij of eq. (3) (rows: positives, columns: negatives)."""
        return primary_terms_exact(self.scores(), np.array(self.positive), at_zero=self.at_zero)

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


def conventions(values: tuple[float, ...] = (1.0, 0.5, 0.0)) -> st.SearchStrategy[float]:
    """Tie values H(0), shrinking towards the first one."""
    return st.sampled_from(values)


def run_specs(at_zero: tuple[float, ...] = (1.0,)) -> st.SearchStrategy[RunSpec]:
    """Small generated problems (1-3 samples of different sizes) and a run under H(0)."""
    sizes = st.lists(st.tuples(st.integers(1, 5), st.integers(1, 4)), min_size=1, max_size=3).map(
        tuple
    )
    return st.builds(
        RunSpec,
        sizes=sizes,
        dim=st.integers(1, 3),
        epsilon=st.sampled_from([1.0, 0.5, 0.2, 0.1]),
        kind=st.sampled_from(KINDS),
        theta_star_norm=st.sampled_from([1.0, 2.0, 0.5]),
        seed=st.integers(0, 1000),
        at_zero=conventions(at_zero),
    )


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


# ------------------------------------------------------------------------------ helpers


def _pick(lhs: Any, rhs: Any, found: tuple[int, bool] | None) -> tuple[float, float]:
    if found is None:  # an empty family (a run with no step) holds trivially
        return 0.0, 0.0
    a = np.atleast_1d(np.asarray(lhs, dtype=np.float64)).ravel()
    b = np.atleast_1d(np.asarray(rhs, dtype=np.float64)).ravel()
    return float(a[found[0]]), float(b[found[0]])


def _worst(lhs: Any, rhs: Any) -> tuple[float, float]:
    """The (lhs, rhs) pair of a family of inequalities lhs_t <= rhs_t that is worst.

    :func:`aptheory.exact.worst_le`: a violated index (beyond the tolerance) wins; otherwise
    the largest ratio lhs / rhs among rhs > 0; an empty family gives (0, 0).
    """
    return _pick(lhs, rhs, worst_le(lhs, rhs, TOL))


def _worst_eq(lhs: Any, rhs: Any) -> tuple[float, float]:
    """The (lhs, rhs) pair of a family of identities lhs_t == rhs_t with the largest gap."""
    return _pick(lhs, rhs, worst_eq(lhs, rhs, TOL))


def _steps(tr: Trace) -> np.ndarray:
    return np.arange(tr.inner.size, dtype=np.float64)


def _max_size(tr: Trace) -> int:
    return tr.constants.max_size


def _min_size(tr: Trace) -> int:
    return min(p + n for p, n in tr.problem.sizes)


def _exact_update(tr: Trace) -> np.ndarray:
    """sum_ij L_ij (f_i - f_j) at each step with L_ij from the exact reference of eq. (3)."""
    out = []
    for t, k in enumerate(tr.chosen):
        sample = tr.problem.samples[int(k)]
        s = (sample.features @ tr.thetas[t]).tolist()
        terms = primary_terms_exact(s, sample.positive, at_zero=Fraction(tr.at_zero))
        lf = np.array([[float(v) for v in row] for row in terms])
        out.append(np.tensordot(lf, pair_features(sample), axes=2))
    return np.asarray(out).reshape(len(out), tr.thetas.shape[1])


def _ordering_update(o: Ordering) -> tuple[list[Fraction], list[list[Fraction]]]:
    """Exact g = sum_ij L_ij (f_i - f_j) and the exact L_ij of an ordering."""
    terms = o.terms()
    pairs = o.pairs()
    dim = len(o.theta)
    g = [Fraction(0)] * dim
    for row_l, row_d in zip(terms, pairs, strict=True):
        for lij, d in zip(row_l, row_d, strict=True):
            for a in range(dim):
                g[a] += lij * d[a]
    return g, terms


def _sq(v: list[Fraction] | tuple[int, ...]) -> Fraction:
    return sum((Fraction(a) * a for a in v), Fraction(0))


def _max_d2(o: Ordering) -> int:
    return max(int(_sq(d)) for row in o.pairs() for d in row)


def _cross(o: Ordering, terms: list[list[Fraction]], sign: int) -> Fraction:
    """sum_ij L_ij x_ji with x_ji = s_i - s_j (sign = +1), or sum_ij L_ij x_ij (sign = -1)."""
    s = o.scores()
    pos = [v for v, p in zip(s, o.positive, strict=True) if p]
    neg = [v for v, p in zip(s, o.positive, strict=True) if not p]
    return sum(
        (
            lij * sign * (si - sj)
            for row, si in zip(terms, pos, strict=True)
            for lij, sj in zip(row, neg, strict=True)
        ),
        Fraction(0),
    )


def _max_term(o: Ordering) -> Fraction:
    return max(v for row in o.terms() for v in row)


# ------------------------------------------------------------------------------- checks


def _eq1(spec: RunSpec, factor: float = 1.0) -> tuple[float, float]:
    """(factor epsilon, min_n min_{i,j} <f_i - f_j, theta*>) by a plain loop over the pairs.

    The samples come from ``separable_samples``, before ``SeparableProblem`` verifies eq. (1),
    and the margin is recomputed here independently, so a broken construction would show.
    """
    samples, theta_star = spec.samples()
    theta = theta_star.tolist()
    margin = math.inf
    for s in samples:
        f, p = s.features.tolist(), s.positive.tolist()
        for fi, pi in zip(f, p, strict=True):
            for fj, pj in zip(f, p, strict=True):
                if pi and not pj:
                    pair = zip(fi, fj, theta, strict=True)
                    margin = min(margin, sum((a - b) * t for a, b, t in pair))
    return factor * spec.epsilon, margin


def _eq2(spec: RunSpec, sign: float = 1.0) -> tuple[float, float]:
    tr = spec.trace()
    if tr.steps == 0:
        return 0.0, 0.0
    step = np.diff(tr.thetas, axis=0)
    ref = sign * _exact_update(tr)
    k = int(np.argmax(np.abs(step - ref).max(axis=1)))
    a = int(np.argmax(np.abs(step[k] - ref[k])))
    return float(step[k, a]), float(ref[k, a])


def _terms_with_self(o: Ordering) -> list[list[Fraction]]:
    """The twin of eq. (3): the sum in the denominator also takes k = i (adds H(0))."""
    s = o.scores()
    h = o.at_zero
    out = []
    for i, pi in enumerate(o.positive):
        if not pi:
            continue
        denom = 1 + sum((heaviside_exact(s[k] - s[i], h) for k in range(len(s))), Fraction(0))
        out.append(
            [heaviside_exact(s[j] - s[i], h) / denom for j, pj in enumerate(o.positive) if not pj]
        )
    return out


def _eq3(o: Ordering, *, twin: bool = False) -> tuple[float, float]:
    """(ranking.primary_terms, exact eq. (3)) at the entry where they differ most."""
    got = primary_terms(
        np.array(o.scores(), dtype=np.float64), np.array(o.positive), at_zero=float(o.at_zero)
    )
    ref = np.array(
        [[float(v) for v in row] for row in (_terms_with_self(o) if twin else o.terms())]
    )
    return _worst_eq(got.ravel(), ref.ravel())


def _traj(fn):
    """Lift ``trace -> (lhs, rhs)`` to ``RunSpec -> (lhs, rhs)``."""

    def check(spec: RunSpec) -> tuple[float, float]:
        return fn(spec.trace())

    return check


def _eq4_identity(tr: Trace, *, twin: bool = False) -> tuple[float, float]:
    inc = tr.problem.epsilon * tr.sum_terms if twin else tr.gain
    return _worst_eq(tr.inner[1:], tr.inner[:-1] + inc)


def _eq4_margin(tr: Trace, factor: float = 1.0) -> tuple[float, float]:
    return _worst(factor * tr.problem.epsilon * tr.sum_terms, tr.gain)


def _eq4_gain(tr: Trace, factor: float = 1.0) -> tuple[float, float]:
    return _worst(factor * tr.problem.epsilon / tr.sizes, tr.gain)


def _eq5(tr: Trace, *, size: str = "max", factor: float = 1.0) -> tuple[float, float]:
    """<theta(t), theta*> >= eps t / m with m = max_n (|P|+|N|) (or the min, for a twin)."""
    m = _max_size(tr) if size == "max" else _min_size(tr)
    return _worst(factor * tr.problem.epsilon * _steps(tr) / m, tr.inner)


def _eq5_unequal(seed: int, factor: float = 1.0) -> tuple[float, float]:
    """eq. (5) with the smallest sample size, on ``unequal_sizes_example`` run with ``seed``."""
    return _eq5(simulate(unequal_sizes_example(), rng=seed), size="min", factor=factor)


def _eq6_cs(tr: Trace, *, twin: bool = False) -> tuple[float, float]:
    norm = float(np.linalg.norm(tr.problem.theta_star))
    bound = tr.inner * norm if twin else tr.inner / norm
    return _worst(bound, np.sqrt(tr.norm_sq))


def _eq6_growth(tr: Trace, *, twin: bool = False) -> tuple[float, float]:
    c = tr.constants.c
    if twin:  # ||theta*|| dropped from c
        c = c * tr.constants.theta_star_norm
    return _worst(c * _steps(tr), np.sqrt(tr.norm_sq))


def _eq7_expansion(tr: Trace, *, twin: bool = False) -> tuple[float, float]:
    sign = -2.0 if twin else 2.0
    return _worst_eq(tr.norm_sq[1:], tr.norm_sq[:-1] + tr.update_norm_sq + sign * tr.cross)


def _eq7_drop(tr: Trace, factor: float = 1.0) -> tuple[float, float]:
    return _worst(tr.norm_sq[1:], tr.norm_sq[:-1] + factor * tr.update_norm_sq)


def _eq7_growth(tr: Trace, *, twin: bool = False) -> tuple[float, float]:
    big_c = float(pair_masses(tr.problem).min()) if twin else tr.constants.C
    return _worst(tr.norm_sq[1:], tr.norm_sq[:-1] + big_c)


def _eq8(tr: Trace, *, twin: bool = False) -> tuple[float, float]:
    big_c = float(pair_masses(tr.problem).min()) if twin else tr.constants.C
    return _worst(tr.norm_sq, big_c * _steps(tr))


def _eq9(tr: Trace, factor: float = 1.0) -> tuple[float, float]:
    t = _steps(tr)
    lower = _worst(factor * tr.constants.c**2 * t**2, tr.norm_sq)
    upper = _worst(tr.norm_sq, tr.constants.C * t)
    ratio = [
        lo / hi if hi > 0 else (math.inf if lo > hi else -math.inf) for lo, hi in (lower, upper)
    ]
    return lower if ratio[0] >= ratio[1] else upper


def _eq10(tr: Trace, factor: float = 1.0) -> tuple[float, float]:
    return tr.steps_to_converge, factor * tr.constants.bound


def _eq10_at_zero(tr: Trace, factor: float = 1.0) -> tuple[float, float]:
    return tr.steps_to_converge, factor * tr.constants.bound_at_zero


def _eq10_sharper(tr: Trace, factor: float = 1.0) -> tuple[float, float]:
    return tr.steps_to_converge, factor * tr.constants.sharper_bound


def _o_sum_max(o: Ordering, factor: int = 1) -> tuple[Fraction, Fraction]:
    terms = o.terms()
    flat = [v for row in terms for v in row]
    return factor * max(flat), sum(flat, Fraction(0))


def _o_max_size(o: Ordering, *, drop: int = 0) -> tuple[Fraction, Fraction]:
    return Fraction(1, o.n_pos + o.n_neg - drop), _max_term(o)


def _o_max_corrected(o: Ordering, *, drop: int = 0) -> tuple[Fraction, Fraction]:
    n, h = o.n_pos + o.n_neg, o.at_zero
    bound = max_term_lower_bound(n, h) if drop == 0 else h / (n - 1 - drop + h)
    return bound, _max_term(o)


def _o_cross_identity(o: Ordering, *, sign: int = 1) -> tuple[Fraction, Fraction]:
    g, terms = _ordering_update(o)
    inner = sum((a * b for a, b in zip(g, o.theta, strict=True)), Fraction(0))
    return inner, _cross(o, terms, sign)


def _o_cross_term(o: Ordering, *, sign: int = 1) -> tuple[Fraction, Fraction]:
    return _cross(o, o.terms(), sign), Fraction(0)


def _o_norm_bound(o: Ordering, *, drop_sizes: bool = False) -> tuple[Fraction, Fraction]:
    g, _ = _ordering_update(o)
    factor = 1 if drop_sizes else o.n_pos * o.n_neg
    return _sq(g), Fraction(factor * _max_d2(o))


def _harmonic_mass(n_pos: int, n_neg: int) -> Fraction:
    """|N| (H_{|N|+|P|} - H_{|N|}) = sum_{r=0}^{|P|-1} |N| / (|N| + 1 + r)."""
    return sum((Fraction(n_neg, n_neg + 1 + r) for r in range(n_pos)), Fraction(0))


def _o_norm_sharp(o: Ordering, *, power: int = 2) -> tuple[Fraction, Fraction]:
    g, _ = _ordering_update(o)
    return _sq(g), _harmonic_mass(o.n_pos, o.n_neg) ** power * _max_d2(o)


def _o_mass(o: Ordering, *, extra: int = 0) -> tuple[Fraction, Fraction]:
    total = sum((v for row in o.terms() for v in row), Fraction(0))
    return total, Fraction(o.n_pos * o.n_neg, o.n_neg + 1 + extra)


# ------------------------------------------------------------------------------- claims

ALL = (1.0, 0.5, 0.0)
POSITIVE_TIES = (1.0, 0.5)


def _runs(values: tuple[float, ...] = (1.0,)):
    return lambda: run_specs(values)


def _orders(values: tuple[float, ...] = (1.0,), *, only_errors: bool = False, aim: bool = False):
    return lambda: orderings(values, only_errors=only_errors, aim=aim)


def claims() -> tuple[Claim, ...]:
    """The claims of Section 1 (Proposition 1), in proof order."""
    traj = {"tolerance": TOL, "tolerance_reason": TOL_REASON}
    return (
        Claim(
            id="eq1-margin",
            equation="(1)",
            statement="generated problems: epsilon <= min_n min_{i,j} <f_i - f_j, theta*>",
            check=_eq1,
            strategy=_runs(),
            twin=lambda sp: _eq1(sp, 2.0),
            twin_statement="2 epsilon <= min <f_i - f_j, theta*> (margin doubled)",
            note="The generator guarantees eq. (1) by construction (lowest positive and highest "
            "negative epsilon (1 + 1e-9) apart along theta*, plus a float64 repair that pushes "
            "the positives along theta* where rounding would cost margin); this claim "
            "recomputes the margin by a plain loop over the pairs of the unverified samples, so "
            "a broken construction fails it. Tightness 1 - 1e-9 = 1 / (1 + 1e-9): some sample "
            "attains the margin up to the generator's relative safety factor.",
            **traj,
        ),
        Claim(
            id="eq2-update",
            equation="(2)",
            statement="theta(t+1) - theta(t) == sum_ij L_ij (f_i - f_j), L_ij exact (eq. 3), "
            "at every step, every H(0)",
            check=_eq2,
            strategy=_runs(ALL),
            twin=lambda sp: _eq2(sp, -1.0),
            twin_statement="theta(t+1) - theta(t) == sum_ij L_ij (f_j - f_i) (sign flipped)",
            kind="eq",
            note="Worst coordinate of the worst step. A stalled H(0) = 0 run has one zero step.",
            **traj,
        ),
        Claim(
            id="eq3-definition",
            equation="(3)",
            statement="ranking.primary_terms == H(x_ij) / (1 + sum_{k != i} H(x_ik)) "
            "(exact Fractions), every ordering, every H(0)",
            check=_eq3,
            strategy=_orders(ALL),
            twin=lambda o: _eq3(o, twin=True),
            twin_statement="denominator 1 + sum_k H(x_ik) with k = i included (adds H(0))",
            kind="eq",
            tolerance=1e-15,
            tolerance_reason="one float64 division of small integers (relative error <= 2^-52)",
            note="The twin survives only when H(0) = 0, where the self term vanishes.",
        ),
        Claim(
            id="eq4-identity",
            equation="(4)",
            statement="<theta(t+1), theta*> == <theta(t), theta*> + sum_ij L_ij "
            "<f_i - f_j, theta*> (line 1), every step, every H(0)",
            check=_traj(_eq4_identity),
            strategy=_runs(ALL),
            twin=_traj(lambda tr: _eq4_identity(tr, twin=True)),
            twin_statement="... == <theta(t), theta*> + epsilon sum_ij L_ij (the bound "
            "of line 2 taken as equality)",
            kind="eq",
            **traj,
        ),
        Claim(
            id="eq4-margin",
            equation="(4)",
            statement="epsilon sum_ij L_ij <= sum_ij L_ij <f_i - f_j, theta*> (line 2), every "
            "step, every H(0)",
            check=_traj(_eq4_margin),
            strategy=_runs(ALL),
            twin=_traj(lambda tr: _eq4_margin(tr, 2.0)),
            twin_statement="2 epsilon sum_ij L_ij <= sum_ij L_ij <f_i - f_j, theta*>",
            note="Uses only L_ij >= 0 and eq. (1); the tightness is 1 when a step's only "
            "non-zero L_ij sits on a pair that attains the margin.",
            **traj,
        ),
        Claim(
            id="eq4-sum-ge-max",
            equation="(4)",
            statement="max_ij L_ij <= sum_ij L_ij (line 3), every ordering, every H(0)",
            check=_o_sum_max,
            strategy=_orders(ALL),
            twin=lambda o: _o_sum_max(o, 2),
            twin_statement="2 max_ij L_ij <= sum_ij L_ij",
            exact=True,
        ),
        Claim(
            id="eq4-max-ge-inverse-size",
            equation="(4)",
            statement="a sample that errs (some x_ij >= 0) has 1 / (|P| + |N|) <= max_ij L_ij "
            "(line 4), every ordering",
            check=_o_max_size,
            strategy=_orders((1.0,), only_errors=True),
            twin=lambda o: _o_max_size(o, drop=1),
            twin_statement="1 / (|P| + |N| - 1) <= max_ij L_ij",
            exact=True,
            condition=H1,
            unconditioned=_orders(ALL, only_errors=True),
            expected="conditional",
            note="With H(0) = 1/2 a tie-only error can give (at minimum) max L_ij = "
            "1 / (2 (|P|+|N|) - 1) "
            "(at theta = 0 with |P| = |N| = 1: 1/3 < 1/2); with H(0) = 0 it gives max L_ij = 0 "
            "(at theta = 0 every L_ij is 0 and the algorithm cannot start). Tight at theta = 0.",
        ),
        Claim(
            id="eq4-max-ge-inverse-size-half",
            equation="(4)",
            statement="under H(0) = 1/2: 1 / (|P| + |N|) <= max_ij L_ij for an erring sample",
            check=_o_max_size,
            strategy=_orders((0.5,), only_errors=True),
            twin=lambda o: _o_max_size(o, drop=1),
            twin_statement="1 / (|P| + |N| - 1) <= max_ij L_ij under H(0) = 1/2",
            exact=True,
            expected="fails",
            note="The printed last line of (4) is false under H(0) = 1/2; see "
            "eq4-max-ge-corrected for the constant that holds.",
        ),
        Claim(
            id="eq4-max-ge-corrected",
            equation="(4)",
            statement="a sample that errs has h / (|P| + |N| - 1 + h) <= max_ij L_ij, "
            "h = H(0) in {1/2, 1} (= 1/(|P|+|N|) at h = 1, 1/(2(|P|+|N|)-1) at h = 1/2)",
            check=_o_max_corrected,
            strategy=_orders(POSITIVE_TIES, only_errors=True),
            twin=lambda o: _o_max_corrected(o, drop=1),
            twin_statement="h / (|P| + |N| - 2 + h) <= max_ij L_ij",
            exact=True,
            note="The repaired last line of (4); tight (a tie-only error below every other "
            "box, or theta = 0 at h = 1). With h = 0 the bound is 0: no progress guaranteed.",
        ),
        Claim(
            id="eq4-step-gain",
            equation="(4)",
            statement="<theta(t+1), theta*> - <theta(t), theta*> >= epsilon / (|P| + |N|) for "
            "the chosen sample, every step (the whole chain (4))",
            check=_traj(_eq4_gain),
            strategy=_runs((1.0,)),
            twin=_traj(lambda tr: _eq4_gain(tr, 2.0)),
            twin_statement="gain >= 2 epsilon / (|P| + |N|)",
            condition=H1,
            unconditioned=_runs(ALL),
            expected="conditional",
            note="Tight at the first step of a single 1+1 sample whose pair attains the margin.",
            **traj,
        ),
        Claim(
            id="eq5-lower-bound",
            equation="(5)",
            statement="<theta(t), theta*> >= epsilon t / M, M = max_n (|P(n)| + |N(n)|), "
            "theta(0) = 0, every t of the run",
            check=_traj(_eq5),
            strategy=_runs((1.0,)),
            twin=_traj(lambda tr: _eq5(tr, factor=2.0)),
            twin_statement="<theta(t), theta*> >= 2 epsilon t / M",
            condition=H1,
            unconditioned=_runs(ALL),
            expected="conditional",
            note="With several samples the size must be the max over samples (the min "
            "fails: eq5-min-size). Index: theta(t) is after t updates (theta(0) = 0).",
            **traj,
        ),
        Claim(
            id="eq5-min-size",
            equation="(5)",
            statement="with samples of different sizes, <theta(t), theta*> >= epsilon t / m, "
            "m = min_n (|P(n)| + |N(n)|) (the size of the smallest sample)",
            check=_eq5_unequal,
            strategy=lambda: st.integers(0, 20),
            twin=lambda seed: _eq5_unequal(seed, 2.0),
            twin_statement="the same with 2 epsilon t / m",
            expected="fails",
            note="Example: problems.unequal_sizes_example (samples 1+1 and 3+1, epsilon = 0.1) "
            "run with seed 1 (A then B): at t = 2, <theta(2), theta*> = 0.075 < 2 (0.1) / 2 = "
            "0.1; the audit records the worst step of that run, t = 3: epsilon t / m = 0.15 > "
            "<theta(3), theta*> = 0.1. With M = 4 the bounds 0.05 and 0.075 hold. The "
            "constants must use the max size.",
            **traj,
        ),
        Claim(
            id="eq6-cauchy-schwarz",
            equation="(6)",
            statement="<theta(t), theta*> / ||theta*|| <= ||theta(t)||, every t, every H(0)",
            check=_traj(_eq6_cs),
            strategy=_runs(ALL),
            twin=_traj(lambda tr: _eq6_cs(tr, twin=True)),
            twin_statement="<theta(t), theta*> ||theta*|| <= ||theta(t)|| (norm misplaced; "
            "only equivalent when ||theta*|| = 1)",
            note="Problems draw ||theta*|| in {1/2, 1, 2} with the margin scaled with it, so "
            "keeping ||theta*|| in (6) matters.",
            **traj,
        ),
        Claim(
            id="eq6-linear-growth",
            equation="(6)",
            statement="c t <= ||theta(t)||, c = epsilon / (M ||theta*||), every t",
            check=_traj(_eq6_growth),
            strategy=_runs((1.0,)),
            twin=_traj(lambda tr: _eq6_growth(tr, twin=True)),
            twin_statement="c t <= ||theta(t)|| with c = epsilon / M (||theta*|| dropped)",
            condition=H1,
            unconditioned=_runs(ALL),
            expected="conditional",
            note="Unit-norm theta* makes the two forms agree; with ||theta*|| = 2 and the "
            "margin scaled accordingly, c = epsilon / M is too large by a factor 2.",
            **traj,
        ),
        Claim(
            id="eq7-expansion",
            equation="(7)",
            statement="||theta(t+1)||^2 == ||theta(t)||^2 + ||sum L_ij (f_i - f_j)||^2 "
            "+ 2 sum L_ij x_ji, x_ji = s_i - s_j, every step, every H(0)",
            check=_traj(_eq7_expansion),
            strategy=_runs(ALL),
            twin=_traj(lambda tr: _eq7_expansion(tr, twin=True)),
            twin_statement="... + 2 sum L_ij x_ij (x_ji read as s_j - s_i: the sign trap)",
            kind="eq",
            **traj,
        ),
        Claim(
            id="eq7-cross-identity",
            equation="(7)",
            statement="<sum_ij L_ij (f_i - f_j), theta> == sum_ij L_ij x_ji with "
            "x_ji = s_i - s_j = -x_ij, every ordering, every H(0)",
            check=_o_cross_identity,
            strategy=_orders(ALL),
            twin=lambda o: _o_cross_identity(o, sign=-1),
            twin_statement="<sum L_ij (f_i - f_j), theta> == sum_ij L_ij x_ij",
            kind="eq",
            exact=True,
        ),
        Claim(
            id="eq7-cross-term",
            equation="(7)",
            statement="sum_ij L_ij x_ji <= 0 (L_ij > 0 only where s_j >= s_i), every "
            "ordering, every H(0)",
            check=_o_cross_term,
            strategy=_orders(ALL),
            twin=lambda o: _o_cross_term(o, sign=-1),
            twin_statement="sum_ij L_ij x_ij <= 0 (the opposite sign convention)",
            exact=True,
            note="rhs is 0, so no tightness ratio; the maximum is 0, reached by tie-only "
            "errors (e.g. theta = 0).",
        ),
        Claim(
            id="eq7-drop-cross",
            equation="(7)",
            statement="||theta(t+1)||^2 <= ||theta(t)||^2 + ||sum L_ij (f_i - f_j)||^2, every "
            "step, every H(0)",
            check=_traj(_eq7_drop),
            strategy=_runs(ALL),
            twin=_traj(lambda tr: _eq7_drop(tr, 0.5)),
            twin_statement="||theta(t+1)||^2 <= ||theta(t)||^2 + ||sum ...||^2 / 2",
            note="Equality at the first step (theta(0) = 0) and at tie-only steps.",
            **traj,
        ),
        Claim(
            id="eq7-norm-bound",
            equation="(7)",
            statement="||sum_ij L_ij (f_i - f_j)||^2 <= |P| |N| max_ij ||f_i - f_j||^2, every "
            "ordering (|P| > |N| included)",
            check=_o_norm_bound,
            strategy=_orders(POSITIVE_TIES, aim=True),
            twin=lambda o: _o_norm_bound(o, drop_sizes=True),
            twin_statement="||sum_ij L_ij (f_i - f_j)||^2 <= max_ij ||f_i - f_j||^2",
            exact=True,
            condition="H(0) in {1/2, 1}",
            unconditioned=_orders(ALL, aim=True),
            expected="conditional",
            note="Proof: ||sum L d|| <= (sum L) max||d|| and, with H(0) >= 1/2, sum_ij L_ij <= "
            "|N| (H_{|N|+|P|} - H_{|N|}) <= |N| ln(1 + |P|/|N|) <= sqrt(|P||N|). With "
            "H(0) = 0 tied positives do not count each other: |P| = 5 identical positives "
            "below one negative give (5/2)^2 D^2 > 5 D^2.",
        ),
        Claim(
            id="eq7-norm-bound-sharp",
            equation="(7)",
            statement="||sum_ij L_ij (f_i - f_j)||^2 <= (|N| (H_{|N|+|P|} - H_{|N|}))^2 "
            "max_ij ||f_i - f_j||^2 (H_k harmonic numbers), every ordering",
            check=_o_norm_sharp,
            strategy=_orders(POSITIVE_TIES, aim=True),
            twin=lambda o: _o_norm_sharp(o, power=1),
            twin_statement="the same with the harmonic mass not squared",
            exact=True,
            condition="H(0) in {1/2, 1}",
            unconditioned=_orders(ALL, aim=True),
            expected="conditional",
            note="A sharper form of the norm bound (the proof of eq7-norm-bound): "
            "(|N| (H_{|N|+|P|} - H_{|N|}))^2 <= (|N| ln(1 + |P|/|N|))^2 <= |P||N|. It fails "
            "with H(0) = 0 like the printed bound.",
        ),
        Claim(
            id="eq7-step-growth",
            equation="(7)",
            statement="||theta(t+1)||^2 <= ||theta(t)||^2 + C, C = max_n |P(n)||N(n)| "
            "max ||f_i - f_j||^2, every step, every H(0)",
            check=_traj(_eq7_growth),
            strategy=_runs(ALL),
            twin=_traj(lambda tr: _eq7_growth(tr, twin=True)),
            twin_statement="the same with C taken as the min over samples",
            note="Along trajectories from theta = 0, H(0) = 0 never moves, so it cannot break "
            "this line (eq7-norm-bound breaks it at other thetas).",
            **traj,
        ),
        Claim(
            id="eq8-norm-upper",
            equation="(8)",
            statement="||theta(t)||^2 <= C t, every t, every H(0)",
            check=_traj(_eq8),
            strategy=_runs(ALL),
            twin=_traj(lambda tr: _eq8(tr, twin=True)),
            twin_statement="||theta(t)||^2 <= C_min t, C_min the min over samples",
            **traj,
        ),
        Claim(
            id="eq9-sandwich",
            equation="(9)",
            statement="c^2 t^2 <= ||theta(t)||^2 <= C t, every t (the worse side reported)",
            check=_traj(_eq9),
            strategy=_runs((1.0,)),
            twin=_traj(lambda tr: _eq9(tr, 4.0)),
            twin_statement="(2c)^2 t^2 <= ||theta(t)||^2 <= C t",
            condition=H1,
            unconditioned=_runs(ALL),
            expected="conditional",
            note="The left side is (6) squared and needs H(0) = 1 (at H(0) = 1/2 a single "
            "1+1 pair gives ||theta(1)||^2 = ||d||^2 / 9, = epsilon^2 / 9 for d parallel to "
            "theta*, < c^2 = epsilon^2 / 4); the right "
            "side is (8) and holds for every H(0).",
            **traj,
        ),
        Claim(
            id="eq10-steps",
            equation="(10)",
            statement="steps to converge T <= C / c^2",
            check=_traj(_eq10),
            strategy=_runs((1.0,)),
            twin=_traj(lambda tr: _eq10(tr, 1 / 8)),
            twin_statement="T <= C / (8 c^2)",
            condition=H1,
            unconditioned=_runs(ALL),
            expected="conditional",
            note="H(0) = 0: the run stalls at theta = 0 (T = inf). H(0) = 1/2: the proof "
            "does not give C / c^2 (eq. (4) fails) but C / c_h^2, see eq10-steps-corrected. "
            "The bound is very loose (see the notebook); tightness 1/4 is a single 1+1 pair.",
            **traj,
        ),
        Claim(
            id="eq10-steps-corrected",
            equation="(10)",
            statement="T <= C / c_h^2, c_h = epsilon h / ((M - 1 + h) ||theta*||), "
            "h = H(0) in {1/2, 1}",
            check=_traj(_eq10_at_zero),
            strategy=_runs(POSITIVE_TIES),
            twin=_traj(lambda tr: _eq10_at_zero(tr, 1 / 8)),
            twin_statement="T <= C / (8 c_h^2)",
            note="The bound the proof supports under either tie value that lets the "
            "algorithm start.",
            **traj,
        ),
        Claim(
            id="eq10-step-mass",
            equation="(10)",
            statement="sum_ij L_ij <= |P| |N| / (|N| + 1), every ordering, every H(0)",
            check=_o_mass,
            strategy=_orders(ALL, aim=True),
            twin=lambda o: _o_mass(o, extra=1),
            twin_statement="sum_ij L_ij <= |P| |N| / (|N| + 2)",
            exact=True,
            note="Each row: a / (1 + a + b) <= |N| / (|N| + 1). Lemma of eq10-sharper.",
        ),
        Claim(
            id="eq10-sharper",
            equation="(10)",
            statement="T <= (s_max / s_min) (R / gamma)^2, s_max = max_n |P||N|/(|N|+1), "
            "s_min = h / (M - 1 + h), R = max ||f_i - f_j||, gamma = epsilon / ||theta*||",
            check=_traj(_eq10_sharper),
            strategy=_runs(POSITIVE_TIES),
            twin=_traj(lambda tr: _eq10_sharper(tr, 1 / 2)),
            twin_statement="T <= (s_max / s_min) (R / gamma)^2 / 2",
            note="Perceptron argument with the step masses S_t = sum L_ij tracked: "
            "gamma sum S_t <= ||theta(T)|| <= R sqrt(s_max sum S_t), so sum S_t <= "
            "s_max (R/gamma)^2 and T s_min <= sum S_t. Smaller than C / c^2 by about "
            "M (|N| + 1).",
            **traj,
        ),
    )
