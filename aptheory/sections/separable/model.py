"""Section 1 of the supplement: the error-driven algorithm on separable data (Proposition 1).

Starting from ``theta = 0``, each step picks at random (seeded) a training sample that still
makes an *error* and applies eq. (2),

    theta(t+1) = theta(t) + sum_{i in P} sum_{j in N} L_ij (f_i - f_j),

with the primary terms L_ij of eq. (3) (``aptheory.ranking.primary_terms``, tie value
``H(0) = at_zero``). It stops when no sample errs. :func:`simulate` records a :class:`Trace`
with every quantity a line of the proof uses, and :func:`constants` the constants c, C and the
bound C / c^2 of eqs. (6), (7) and (10).

Conventions (each one is a finding, checked by ``aptheory.claimsets.separable``):

- *Index.* ``theta(0) = 0`` and ``theta(t)`` is theta after ``t`` updates; eqs. (5)-(9) are
  read with this index (with ``theta(1) = 0``, as Section 3 writes, eq. (5) would be off by one).
- *Error.* A sample errs when some pair has ``x_ij = s_j - s_i >= 0`` (a negative ranked at or
  above a positive). Ties must count as errors, or the algorithm would stop at once at
  ``theta = 0`` (every score is 0 there) without separating anything.
- *H(0).* With ``H(0) = 0`` every L_ij is 0 at ``theta = 0``: the update is zero and the
  algorithm cannot start (the run is reported ``"stalled"``). With ``H(0) = 1`` an erring
  sample has ``max L_ij >= 1 / (|P| + |N|)``, the last line of eq. (4). With ``H(0) = 1/2``
  a tie-only error can give ``max L_ij = 1 / (2 (|P| + |N|) - 1)`` (already at ``theta = 0``
  with |P| = |N| = 1: 1/3 < 1/2), so eqs. (4)-(6) fail as printed; they hold with the
  constant ``h / (|P| + |N| - 1 + h)`` for ``h = H(0) > 0`` (which is ``1 / (|P| + |N|)`` at
  ``h = 1``).
- *Norm bound of eq. (7).* ``||sum L_ij (f_i - f_j)||^2 <= |P| |N| max ||f_i - f_j||^2`` holds
  at every theta (every ordering, |P| > |N| included) for ``H(0)`` in {1/2, 1}: then
  ``sum_ij L_ij <= |N| (H_{|N|+|P|} - H_{|N|}) <= |N| ln(1 + |P|/|N|) <= sqrt(|P| |N|)``
  (harmonic numbers H_k; Jensen for the ties at 1/2). With ``H(0) = 0`` tied positives do
  not count each other: five identical positives below one negative give 25/4 > 5 times
  max ||f_i - f_j||^2.
- *Several samples.* The per-step constants must be uniform over samples:
  ``c = epsilon / (M ||theta*||)`` with ``M = max_n (|P(n)| + |N(n)|)`` and
  ``C = max_n |P(n)| |N(n)| max_{i,j} ||f_i - f_j||^2`` (the product taken per sample, then
  the max; not max |P| times max |N| times the overall max distance, which is also valid but
  looser). ``||theta*||`` is kept, so ``theta*`` need not be unit norm.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from aptheory.core.exact import as_fraction, heaviside_exact, worst_eq, worst_le
from aptheory.core.linear import Sample, pair_features, sample_scores
from aptheory.sections.separable.problems import SeparableProblem
from aptheory.core.ranking import check_at_zero, pair_differences, primary_terms, validate_ranking

Status = Literal["converged", "stalled", "max_steps"]

__all__ = [
    "Constants",
    "ProofLine",
    "SweepRow",
    "Trace",
    "constants",
    "error_driven_update",
    "makes_error",
    "max_term_lower_bound",
    "pair_masses",
    "primary_terms_exact",
    "proof_lines",
    "simulate",
    "sweep",
]


# ------------------------------------------------------------------------- single samples


def makes_error(sample: Sample, theta: ArrayLike) -> bool:
    """True when some pair i in P, j in N has x_ij = s_j - s_i >= 0 (the sample errs)."""
    s = sample_scores(sample, theta)
    if sample.n_negative == 0:
        return False
    return bool(s[~sample.positive].max() >= s[sample.positive].min())


def error_driven_update(
    sample: Sample, theta: ArrayLike, *, at_zero: float = 1.0
) -> NDArray[np.float64]:
    """The step of eq. (2): sum_{i in P} sum_{j in N} L_ij (f_i - f_j), L_ij from eq. (3)."""
    s = sample_scores(sample, theta)
    terms = primary_terms(s, sample.positive, at_zero=check_at_zero(at_zero))
    return np.tensordot(terms, pair_features(sample), axes=2)


def primary_terms_exact(
    scores: ArrayLike, positive: ArrayLike, *, at_zero: float | Fraction = 1
) -> list[list[Fraction]]:
    """Plain exact reference of eq. (3): L_ij = H(x_ij) / (1 + sum_{k != i} H(x_ik)).

    Rows are the positives, columns the negatives, in order of appearance. Scores are
    converted to ``Fraction`` (exact for ints, Fractions and finite floats), ``H(0) = at_zero``
    (:func:`aptheory.exact.heaviside_exact`). NaN/inf raise ``ValueError`` naming ``scores``
    or ``at_zero``.
    """
    raw = list(np.asarray(scores, dtype=object).ravel()) if np.ndim(scores) == 1 else None
    if raw is None:
        raise ValueError(f"scores must be 1-D, got shape {np.shape(scores)}")
    s = [as_fraction(v, "scores") for v in raw]
    _, p = validate_ranking(np.array([float(v) for v in s]), positive)
    h0 = _tie_fraction(at_zero)
    boxes = range(len(s))
    out = []
    for i in boxes:
        if not p[i]:
            continue
        denom = 1 + sum((heaviside_exact(s[k] - s[i], h0) for k in boxes if k != i), Fraction(0))
        out.append([heaviside_exact(s[j] - s[i], h0) / denom for j in boxes if not p[j]])
    return out


def _tie_fraction(at_zero: object) -> Fraction:
    h = as_fraction(at_zero, "at_zero")
    if not 0 <= h <= 1:
        raise ValueError(f"at_zero must lie in [0, 1], got {at_zero!r}")
    return h


def max_term_lower_bound(size: int, at_zero: float | Fraction) -> Fraction:
    """Smallest max L_ij over erring rankings of ``size`` = |P| + |N| boxes, eq. (4) last line.

    Equals ``h / (size - 1 + h)`` for ``h = H(0)``: ``1 / size`` for ``h = 1`` (the printed
    constant), ``1 / (2 size - 1)`` for ``h = 1/2``, and 0 for ``h = 0``. (A strict error
    gives L_ij = 1 / rank(i) >= 1 / size; a tie-only error gives h / rank(i) with
    rank(i) <= size - 1 + h, attained when every other box is a positive ranked above i.)
    """
    if isinstance(size, bool) or not isinstance(size, int | np.integer) or size < 2:
        raise ValueError(f"size must be an integer >= 2 (|P| + |N|), got {size!r}")
    h = _tie_fraction(at_zero)
    return h / (int(size) - 1 + h) if h > 0 else Fraction(0)


# ------------------------------------------------------------------------------ constants


def pair_masses(problem: SeparableProblem) -> NDArray[np.float64]:
    """|P(n)| |N(n)| max_{i,j} ||f_i - f_j||^2 for every sample n: the per-sample C of eq. (7).

    The constant C of eq. (7) is their maximum (:func:`constants`).
    """
    if not isinstance(problem, SeparableProblem):
        raise TypeError("problem must be an aptheory.problems.SeparableProblem")
    return np.array(
        [
            s.n_positive * s.n_negative * float((pair_features(s) ** 2).sum(axis=2).max())
            for s in problem.samples
        ],
        dtype=np.float64,
    )


@dataclass(frozen=True)
class Constants:
    """The constants of the proof for one problem and one tie value H(0).

    Attributes:
        at_zero: H(0).
        max_size: M = max_n (|P(n)| + |N(n)|).
        epsilon: the margin of eq. (1); ``theta_star_norm`` is ||theta*||.
        c: epsilon / (M ||theta*||), eq. (6) as printed.
        C: max_n |P(n)| |N(n)| max_{i,j} ||f_i - f_j||^2, eq. (7).
        bound: C / c^2, eq. (10).
        min_max_term: proven lower bound of max L_ij for an erring sample under this H(0),
            ``h / (M - 1 + h)`` (= 1 / M for h = 1).
        c_at_zero: epsilon * min_max_term / ||theta*|| (the c this H(0) supports).
        bound_at_zero: C / c_at_zero^2 (inf for H(0) = 0: no guarantee).
        R: max over all samples and pairs of ||f_i - f_j||.
        gamma: epsilon / ||theta*|| (the normalised margin).
        perceptron_bound: (R / gamma)^2, the classical pairwise-perceptron bound.
        max_row_mass: s_max = max_n |P(n)| |N(n)| / (|N(n)| + 1), an upper bound of
            sum_ij L_ij on any sample at any theta.
        sharper_bound: (s_max / min_max_term) (R / gamma)^2, a bound on the steps that the
            same argument gives when the step sizes sum_ij L_ij are tracked (see the claims).
    """

    at_zero: float
    max_size: int
    epsilon: float
    theta_star_norm: float
    c: float
    C: float
    bound: float
    min_max_term: float
    c_at_zero: float
    bound_at_zero: float
    R: float
    gamma: float
    perceptron_bound: float
    max_row_mass: float
    sharper_bound: float


def constants(problem: SeparableProblem, *, at_zero: float = 1.0) -> Constants:
    """c (eq. 6), C (eq. 7), C / c^2 (eq. 10) and the comparison bounds for ``problem``."""
    if not isinstance(problem, SeparableProblem):
        raise TypeError("problem must be an aptheory.problems.SeparableProblem")
    h = check_at_zero(at_zero)
    eps = problem.epsilon
    norm = float(np.linalg.norm(problem.theta_star))
    sizes = problem.sizes
    max_size = max(p + n for p, n in sizes)
    sq = [float((pair_features(s) ** 2).sum(axis=2).max()) for s in problem.samples]
    big_c = float(pair_masses(problem).max())
    c = eps / (max_size * norm)
    mmt = float(max_term_lower_bound(max_size, Fraction(h)))
    c_h = eps * mmt / norm
    r = math.sqrt(max(sq))
    gamma = eps / norm
    s_max = max(p * n / (n + 1) for p, n in sizes)
    return Constants(
        at_zero=h,
        max_size=max_size,
        epsilon=eps,
        theta_star_norm=norm,
        c=c,
        C=big_c,
        bound=big_c / c**2,
        min_max_term=mmt,
        c_at_zero=c_h,
        bound_at_zero=big_c / c_h**2 if c_h > 0 else math.inf,
        R=r,
        gamma=gamma,
        perceptron_bound=(r / gamma) ** 2,
        max_row_mass=s_max,
        sharper_bound=(s_max / mmt) * (r / gamma) ** 2 if mmt > 0 else math.inf,
    )


# ---------------------------------------------------------------------------------- trace


@dataclass(frozen=True, eq=False)
class Trace:
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
    """

    problem: SeparableProblem
    at_zero: float
    constants: Constants
    status: Status
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


def simulate(
    problem: SeparableProblem,
    *,
    at_zero: float = 1.0,
    rng: np.random.Generator | int | None = 0,
    max_steps: int = 100_000,
) -> Trace:
    """Run the error-driven algorithm of eqs. (2)-(3) from theta = 0 and record its trace.

    At each step a sample with an error (some x_ij >= 0) is drawn uniformly at random with
    ``rng`` (a seed or a ``numpy.random.Generator``) and updated by eq. (2) with L_ij of
    eq. (3) under ``H(0) = at_zero``. The run stops when no sample errs (``"converged"``),
    after one zero update made when every erring sample's update is zero (``"stalled"``: the
    algorithm would repeat it forever; only possible with H(0) = 0, e.g. at theta = 0), or
    after ``max_steps`` updates (``"max_steps"``).
    """
    if not isinstance(problem, SeparableProblem):
        raise TypeError("problem must be an aptheory.problems.SeparableProblem")
    h = check_at_zero(at_zero)
    if isinstance(max_steps, bool) or not isinstance(max_steps, int | np.integer):
        raise TypeError(f"max_steps must be an integer, got {type(max_steps).__name__}")
    if max_steps < 0:
        raise ValueError(f"max_steps must be >= 0, got {max_steps}")
    gen = np.random.default_rng(rng)
    samples = problem.samples
    theta_star = problem.theta_star
    consts = constants(problem, at_zero=h)

    # Everything that does not depend on theta, once: stacked features, segments, pairs.
    feats = np.vstack([s.features for s in samples])
    counts = np.array([s.positive.size for s in samples])
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    pos_all = np.concatenate([s.positive for s in samples])
    sample_of = np.repeat(np.arange(len(samples)), counts)
    pos_rows = np.flatnonzero(pos_all)
    neg_rows = np.flatnonzero(~pos_all)
    pos_starts = np.searchsorted(sample_of[pos_rows], np.arange(len(samples)))
    neg_starts = np.searchsorted(sample_of[neg_rows], np.arange(len(samples)))
    pairs = [pair_features(s) for s in samples]
    pair_gain = [d @ theta_star for d in pairs]
    masses = pair_masses(problem)
    sizes_n = counts.astype(np.int64)

    theta = np.zeros(problem.dim)
    thetas = [theta]
    rows: list[tuple[int, float, float, float, float, float]] = []
    status: Status = "max_steps"
    while True:
        s_all = feats @ theta
        low_pos = np.minimum.reduceat(s_all[pos_rows], pos_starts)
        high_neg = np.maximum.reduceat(s_all[neg_rows], neg_starts)
        erring = np.flatnonzero(high_neg >= low_pos)
        if erring.size == 0:
            status = "converged"
            break
        stalled = h == 0.0 and not np.any(high_neg[erring] > low_pos[erring])
        if len(rows) >= max_steps:
            break
        k = int(gen.choice(erring))
        sample = samples[k]
        s = s_all[starts[k] : starts[k] + counts[k]]
        terms = primary_terms(s, sample.positive, at_zero=h)
        update = np.tensordot(terms, pairs[k], axes=2)
        x = pair_differences(s, sample.positive)[:, ~sample.positive]  # x_ij = s_j - s_i
        rows.append(
            (
                k,
                float(terms.sum()),
                float(terms.max()),
                float((terms * pair_gain[k]).sum()),
                float(-(terms * x).sum()),  # sum L_ij x_ji, x_ji = s_i - s_j
                float(update @ update),
            )
        )
        theta = theta + update
        thetas.append(theta)
        if stalled:  # every erring sample has only ties: L = 0, theta never changes again
            status = "stalled"
            break

    th = np.asarray(thetas)
    chosen = np.array([r[0] for r in rows], dtype=np.int64)
    cols = np.array([r[1:] for r in rows], dtype=np.float64).reshape(len(rows), 5)
    return Trace(
        problem=problem,
        at_zero=h,
        constants=consts,
        status=status,
        thetas=th,
        chosen=chosen,
        inner=th @ theta_star,
        norm_sq=np.einsum("td,td->t", th, th),
        sizes=sizes_n[chosen],
        sum_terms=cols[:, 0],
        max_terms=cols[:, 1],
        gain=cols[:, 2],
        cross=cols[:, 3],
        update_norm_sq=cols[:, 4],
        pair_mass=masses[chosen],
    )


# ---------------------------------------------------------------------------------- sweeps


@dataclass(frozen=True)
class SweepRow:
    """Steps taken against the bounds for one problem and one run (see :func:`sweep`)."""

    epsilon: float
    seed: int
    sizes: tuple[tuple[int, int], ...]
    status: str
    steps: int
    bound: float
    bound_at_zero: float
    perceptron_bound: float
    sharper_bound: float

    @property
    def looseness(self) -> float:
        """(C / c^2) / T: how many times the eq. (10) bound exceeds the steps taken."""
        return self.bound / self.steps if self.steps else math.inf

    @property
    def perceptron_looseness(self) -> float:
        """(R / gamma)^2 / T."""
        return self.perceptron_bound / self.steps if self.steps else math.inf


def sweep(
    epsilons: ArrayLike,
    seeds: ArrayLike,
    *,
    sizes: tuple[tuple[int, int], ...] = ((3, 5), (2, 7), (6, 2)),
    dim: int = 4,
    kind: str = "generic",
    at_zero: float = 1.0,
    max_steps: int = 100_000,
) -> tuple[SweepRow, ...]:
    """Run the algorithm on ``separable_problem(sizes, epsilon=e, rng=seed)`` for every pair.

    The run's sample choices use the same ``seed``. Returns one :class:`SweepRow` per
    (epsilon, seed), epsilons outermost. ``seeds`` must be integers (``TypeError`` otherwise).
    """
    from aptheory.sections.separable.problems import separable_problem

    seed_arr = np.asarray(seeds).ravel()
    if seed_arr.dtype == bool or not np.issubdtype(seed_arr.dtype, np.integer):
        raise TypeError(f"seeds must be integers, got dtype {seed_arr.dtype}")
    rows = []
    for eps in np.asarray(epsilons, dtype=np.float64).ravel():
        for seed in seed_arr:
            problem = separable_problem(
                sizes, dim=dim, epsilon=float(eps), kind=kind, rng=int(seed)
            )
            tr = simulate(problem, at_zero=at_zero, rng=int(seed), max_steps=max_steps)
            k = tr.constants
            rows.append(
                SweepRow(
                    epsilon=float(eps),
                    seed=int(seed),
                    sizes=problem.sizes,
                    status=tr.status,
                    steps=tr.steps,
                    bound=k.bound,
                    bound_at_zero=k.bound_at_zero,
                    perceptron_bound=k.perceptron_bound,
                    sharper_bound=k.sharper_bound,
                )
            )
    return tuple(rows)


# ----------------------------------------------------------------------------- proof table


@dataclass(frozen=True)
class ProofLine:
    """One line of the proof checked on a run: the worst ratio lhs / rhs over its steps.

    ``ratio <= 1`` means the line held at every step (``holds``, up to 1e-9 relative); for
    identities ``ratio`` is the largest relative gap and ``holds`` means it is <= 1e-9.
    ``ratio`` is ``None`` when the line has no instance on the run (no step was made).
    """

    equation: str
    statement: str
    ratio: float | None
    holds: bool


_PROOF_TOL = 1e-9  # float64 sums over at most a few hundred steps of O(10) pairs each


def _ratio_le(lhs: NDArray[np.float64], rhs: NDArray[np.float64]) -> tuple[float | None, bool]:
    """(largest lhs / rhs, every lhs <= rhs up to 1e-9 relative); (None, True) if empty.

    The verdict is :func:`aptheory.exact.worst_le`'s; the ratio is the largest over all
    members, +inf where rhs <= 0 < lhs and 0 where both are <= 0.
    """
    lhs, rhs = np.atleast_1d(lhs), np.atleast_1d(rhs)
    found = worst_le(lhs, rhs, _PROOF_TOL)
    if found is None:
        return None, True
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(rhs > 0, lhs / rhs, np.where(lhs <= 0, 0.0, np.inf))
    return float(np.max(ratio)), not found[1]


def _gap_eq(lhs: NDArray[np.float64], rhs: NDArray[np.float64]) -> tuple[float | None, bool]:
    """(largest relative gap, gap <= 1e-9 everywhere); (None, True) if empty."""
    lhs, rhs = np.atleast_1d(lhs), np.atleast_1d(rhs)
    found = worst_eq(lhs, rhs, _PROOF_TOL)
    if found is None:
        return None, True
    k, broken = found
    a, b = float(lhs.ravel()[k]), float(rhs.ravel()[k])
    gap = abs(a - b) / max(1.0, abs(a), abs(b)) if math.isfinite(a - b) else math.inf
    return gap, not broken


def proof_lines(trace: Trace) -> tuple[ProofLine, ...]:
    """Every line of the proof of Proposition 1 evaluated on ``trace`` (worst step each).

    The ratios are lhs / rhs of the inequality as written in the statement, so a ratio
    above 1 is a broken line and the ratio itself says how tight the line is on this run.
    """
    tr, k = trace, trace.constants
    eps = tr.problem.epsilon
    t = np.arange(tr.inner.size, dtype=np.float64)
    steps = np.diff(tr.thetas, axis=0)
    upd = []
    for s_idx, theta in zip(tr.chosen, tr.thetas[:-1], strict=True):
        upd.append(error_driven_update(tr.problem.samples[s_idx], theta, at_zero=tr.at_zero))
    upd_arr = np.asarray(upd).reshape(steps.shape)
    sq = np.sqrt(tr.norm_sq)
    rows = [
        (
            "(1)",
            "epsilon <= min <f_i - f_j, theta*>",
            _ratio_le(np.array([eps]), np.array([tr.problem.margin])),
        ),
        (
            "(2)-(3)",
            "theta(t+1) - theta(t) == sum L_ij (f_i - f_j)",
            _gap_eq(steps.ravel(), upd_arr.ravel()),
        ),
        (
            "(4) line 1",
            "<theta(t+1),theta*> == <theta(t),theta*> + sum L_ij <f_i-f_j,theta*>",
            _gap_eq(tr.inner[1:], tr.inner[:-1] + tr.gain),
        ),
        (
            "(4) line 2",
            "epsilon sum L_ij <= sum L_ij <f_i - f_j, theta*>",
            _ratio_le(eps * tr.sum_terms, tr.gain),
        ),
        ("(4) line 3", "max L_ij <= sum L_ij", _ratio_le(tr.max_terms, tr.sum_terms)),
        ("(4) line 4", "1 / (|P| + |N|) <= max L_ij", _ratio_le(1.0 / tr.sizes, tr.max_terms)),
        ("(5)", "epsilon t / M <= <theta(t), theta*>", _ratio_le(eps * t / k.max_size, tr.inner)),
        (
            "(6) line 1",
            "<theta(t), theta*> / ||theta*|| <= ||theta(t)||",
            _ratio_le(tr.inner / k.theta_star_norm, sq),
        ),
        ("(6) line 2", "c t <= ||theta(t)||", _ratio_le(k.c * t, sq)),
        (
            "(7) line 1",
            "||theta(t+1)||^2 == ||theta(t)||^2 + ||sum L d||^2 + 2 sum L_ij x_ji",
            _gap_eq(tr.norm_sq[1:], tr.norm_sq[:-1] + tr.update_norm_sq + 2 * tr.cross),
        ),
        (
            "(7) line 2",
            "sum L_ij x_ji <= 0 (x_ji = s_i - s_j)",
            (float(tr.cross.max()) if tr.steps else None, bool(np.all(tr.cross <= 0))),
        ),
        (
            "(7) line 3",
            "||sum L_ij (f_i - f_j)||^2 <= |P||N| max ||f_i - f_j||^2",
            _ratio_le(tr.update_norm_sq, tr.pair_mass),
        ),
        (
            "(7) line 4",
            "||theta(t+1)||^2 - ||theta(t)||^2 <= C",
            _ratio_le(np.diff(tr.norm_sq), np.full(tr.steps, k.C)),
        ),
        ("(8)", "||theta(t)||^2 <= C t", _ratio_le(tr.norm_sq, k.C * t)),
        ("(9)", "c^2 t^2 <= ||theta(t)||^2", _ratio_le(k.c**2 * t**2, tr.norm_sq)),
        ("(10)", "T <= C / c^2", _ratio_le(np.array([tr.steps_to_converge]), np.array([k.bound]))),
    ]
    return tuple(ProofLine(eq, st, ratio, ok) for eq, st, (ratio, ok) in rows)
