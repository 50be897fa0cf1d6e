"""The lines of the proof of Proposition 1 as families of inequalities on one run (eqs. 1-10).

Each line of the proof, read on a run of the algorithm, is a *family*: one instance
``lhs_t <= rhs_t`` (or ``lhs_t == rhs_t``) per step t. The functions ``eq*`` below build
these families from a :class:`~aptheory.sections.separable.algorithm.SeparableTrace`, and
there is one way to judge a family: :func:`worst_pair` (the instance the claims report) and
:func:`line_verdict` (the proof table's ratio and verdict), both through
:func:`aptheory.core.exact.worst_le` / :func:`~aptheory.core.exact.worst_eq` with the
tolerance :data:`TRAJECTORY_TOL`. The trajectory claims of
:mod:`aptheory.sections.separable.claims` are built from the same families with the same
tolerance, so :func:`proof_lines` and the audit cannot disagree on a run.

| proof line | family | claim |
|---|---|---|
| (1) | :func:`eq1_margin` | ``eq1-margin`` |
| (2)-(3) | :func:`eq2_update` | ``eq2-update`` |
| (4) line 1 | :func:`eq4_identity` | ``eq4-identity`` |
| (4) line 2 | :func:`eq4_margin` | ``eq4-margin`` |
| (4) line 3 | :func:`eq4_max_le_sum` | ``eq4-sum-ge-max`` (every ordering) |
| (4) line 4 | :func:`eq4_inverse_size` | ``eq4-max-ge-inverse-size`` (every ordering) |
| (4), the chain | :func:`eq4_step_gain` | ``eq4-step-gain`` |
| (5) | :func:`eq5_lower_bound` | ``eq5-lower-bound`` |
| (6) line 1 | :func:`eq6_cauchy_schwarz` | ``eq6-cauchy-schwarz`` |
| (6) line 2 | :func:`eq6_linear_growth` | ``eq6-linear-growth`` |
| (7) line 1 | :func:`eq7_expansion` | ``eq7-expansion`` |
| (7) line 2 | :func:`eq7_cross_term` | ``eq7-cross-term`` (every ordering) |
| (7) line 3 | :func:`eq7_norm_bound` | ``eq7-norm-bound`` (every ordering) |
| (7), cross term dropped | :func:`eq7_drop_cross` | ``eq7-drop-cross`` |
| (7) line 4 | :func:`eq7_step_growth` | ``eq7-step-growth`` |
| (8) | :func:`eq8_norm_upper` | ``eq8-norm-upper`` |
| (9) | :func:`eq9_lower` | ``eq9-sandwich`` (with (8)) |
| (10) | :func:`eq10_steps` | ``eq10-steps`` |

The lines marked "every ordering" are claims over all orderings of one sample, checked
exactly; on a run the proof table checks the same inequality at the orderings the run met.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from aptheory.checking.claim import Tolerance
from aptheory.core.exact import exact_primary_terms, worst_eq, worst_le
from aptheory.core.linear import Sample, pair_features
from aptheory.sections.separable.algorithm import SeparableTrace

__all__ = [
    "PROOF_LINES",
    "TRAJECTORY_TOL",
    "LineFamily",
    "ProofLine",
    "eq1_margin",
    "eq2_update",
    "eq4_identity",
    "eq4_inverse_size",
    "eq4_margin",
    "eq4_max_le_sum",
    "eq4_step_gain",
    "eq5_lower_bound",
    "eq5_lower_bound_corrected",
    "eq6_cauchy_schwarz",
    "eq6_linear_growth",
    "eq6_linear_growth_corrected",
    "eq7_cross_term",
    "eq7_drop_cross",
    "eq7_expansion",
    "eq7_norm_bound",
    "eq7_step_growth",
    "eq8_norm_upper",
    "eq9_lower",
    "eq10_steps",
    "exact_updates",
    "eq10_steps_corrected",
    "eq10_steps_sharper",
    "line_verdict",
    "proof_lines",
    "worst_pair",
]

TRAJECTORY_TOL = Tolerance(
    1e-9,
    "float64 sums over at most a few hundred steps of O(10) pairs each; every other check of "
    "this section is exact",
)


# ---------------------------------------------------------------------------- families


@dataclass(frozen=True, eq=False)
class LineFamily:
    """The instances of one proof line on one run: ``lhs_t <= rhs_t`` or ``lhs_t == rhs_t``.

    Attributes:
        kind: ``"le"`` (inequalities) or ``"eq"`` (identities).
        lhs, rhs: the two sides, one entry per instance (1-D float64, same size; empty when
            the run made no step).
    """

    kind: Literal["le", "eq"]
    lhs: NDArray[np.float64]
    rhs: NDArray[np.float64]

    def __post_init__(self) -> None:
        if self.kind not in ("le", "eq"):
            raise ValueError(f"kind must be one of le, eq; got {self.kind!r}")
        a = np.atleast_1d(np.asarray(self.lhs, dtype=np.float64)).ravel()
        b = np.atleast_1d(np.asarray(self.rhs, dtype=np.float64)).ravel()
        if a.shape != b.shape:
            raise ValueError(f"lhs has {a.size} entries but rhs has {b.size}")
        object.__setattr__(self, "lhs", a)
        object.__setattr__(self, "rhs", b)

    @classmethod
    def le(cls, lhs: ArrayLike, rhs: ArrayLike) -> LineFamily:
        """The family lhs_t <= rhs_t."""
        return cls("le", np.asarray(lhs, dtype=np.float64), np.asarray(rhs, dtype=np.float64))

    @classmethod
    def eq(cls, lhs: ArrayLike, rhs: ArrayLike) -> LineFamily:
        """The family lhs_t == rhs_t."""
        return cls("eq", np.asarray(lhs, dtype=np.float64), np.asarray(rhs, dtype=np.float64))


def _worst(family: LineFamily, tol: Tolerance) -> tuple[int, bool] | None:
    """The worst instance and whether it is violated (``None`` for an empty family)."""
    pick = worst_le if family.kind == "le" else worst_eq
    return pick(family.lhs, family.rhs, tol.value)


def worst_pair(family: LineFamily, tol: Tolerance = TRAJECTORY_TOL) -> tuple[float, float]:
    """The ``(lhs, rhs)`` of the worst instance, what a trajectory claim's check returns.

    The worst instance is :func:`aptheory.core.exact.worst_le`'s (a violation beyond ``tol``
    first, then the largest ratio lhs / rhs among rhs > 0) or, for identities,
    :func:`~aptheory.core.exact.worst_eq`'s (the largest relative gap). An empty family (a
    run with no step) holds trivially and gives ``(0.0, 0.0)``.
    """
    found = _worst(family, tol)
    if found is None:
        return 0.0, 0.0
    k = found[0]
    return float(family.lhs[k]), float(family.rhs[k])


def line_verdict(family: LineFamily, tol: Tolerance = TRAJECTORY_TOL) -> tuple[float | None, bool]:
    """``(ratio, holds)`` of a family: the proof table's entry for one line on one run.

    ``holds`` is False exactly when :func:`worst_pair`'s instance breaks the line beyond
    ``tol`` (the claims' comparison). ``ratio`` is read at that instance: for inequalities
    lhs / rhs when rhs > 0 (how tight the line is), lhs - rhs when no instance has rhs > 0
    and the line holds (the cross term of (7), whose rhs is 0), ``inf`` for a broken
    instance with rhs <= 0; for identities the relative gap |lhs - rhs| / max(1, |lhs|,
    |rhs|). ``(None, True)`` for an empty family.
    """
    found = _worst(family, tol)
    if found is None:
        return None, True
    k, broken = found
    a, b = float(family.lhs[k]), float(family.rhs[k])
    if family.kind == "eq":
        gap = abs(a - b) / max(1.0, abs(a), abs(b)) if math.isfinite(a - b) else math.inf
        return gap, not broken
    if b > 0:
        ratio = a / b
    elif not broken:
        ratio = a - b
    else:
        ratio = math.inf
    return (ratio if math.isfinite(ratio) else math.inf), not broken


# ------------------------------------------------------------------------ eqs. (1)-(3)


def eq1_margin(samples: Sequence[Sample], theta_star: ArrayLike, epsilon: float) -> LineFamily:
    """Eq. (1): epsilon <= min_n min_{i in P(n), j in N(n)} <f_i - f_j, theta*>.

    The margin is recomputed by a plain loop over the pairs (not by the generator's code), so
    a broken construction shows. Takes validated samples, ``theta_star`` and ``epsilon``.
    """
    theta = np.asarray(theta_star, dtype=np.float64).tolist()
    margin = math.inf
    for s in samples:
        f, p = s.features.tolist(), s.positive.tolist()
        for fi, pi in zip(f, p, strict=True):
            for fj, pj in zip(f, p, strict=True):
                if pi and not pj:
                    pair = zip(fi, fj, theta, strict=True)
                    margin = min(margin, sum((a - b) * t for a, b, t in pair))
    return LineFamily.le([epsilon], [margin])


def _exact_scores(sample: Sample, theta: Sequence[Fraction]) -> list[Fraction]:
    """s_k = <f_k, theta> in Fractions (features read exactly), by a plain loop."""
    return [
        sum((Fraction(a) * b for a, b in zip(row, theta, strict=True)), Fraction(0))
        for row in sample.features.tolist()
    ]


def exact_updates(tr: SeparableTrace) -> NDArray[np.float64]:
    """sum_ij L_ij (f_i - f_j) at every step of ``tr``, L_ij exact (eq. 3), shape (T, d).

    L_ij comes from :func:`aptheory.core.exact.exact_primary_terms` at the exact theta(t)
    (``tr.exact_thetas``; the recorded float64 theta(t) for a trace without it), with scores
    recomputed by a plain Fraction loop, and is rounded once to float64 before the sum of
    eq. (2).
    """
    out = []
    for t, k in enumerate(tr.chosen):
        sample = tr.problem.samples[int(k)]
        if tr.exact_thetas is not None:
            s: list[Fraction] | list[float] = _exact_scores(sample, tr.exact_thetas[t])
        else:
            s = (sample.features @ tr.thetas[t]).tolist()
        terms = exact_primary_terms(s, sample.positive, at_zero=Fraction(tr.at_zero))
        lf = np.array([[float(v) for v in row] for row in terms])
        out.append(np.tensordot(lf, pair_features(sample), axes=2))
    return np.asarray(out).reshape(len(out), tr.thetas.shape[1])


def eq2_update(tr: SeparableTrace) -> LineFamily:
    """Eqs. (2)-(3): theta(t+1) - theta(t) == sum_ij L_ij (f_i - f_j), every coordinate."""
    return LineFamily.eq(np.diff(tr.thetas, axis=0).ravel(), exact_updates(tr).ravel())


# ------------------------------------------------------------------------------ eq. (4)


def eq4_identity(tr: SeparableTrace) -> LineFamily:
    """Eq. (4) line 1: <theta(t+1), theta*> == <theta(t), theta*> + sum L_ij <f_i-f_j, theta*>."""
    return LineFamily.eq(tr.inner[1:], tr.inner[:-1] + tr.gain)


def eq4_margin(tr: SeparableTrace) -> LineFamily:
    """Eq. (4) line 2: epsilon sum_ij L_ij <= sum_ij L_ij <f_i - f_j, theta*>."""
    return LineFamily.le(tr.problem.epsilon * tr.sum_terms, tr.gain)


def eq4_max_le_sum(tr: SeparableTrace) -> LineFamily:
    """Eq. (4) line 3: max_ij L_ij <= sum_ij L_ij."""
    return LineFamily.le(tr.max_terms, tr.sum_terms)


def eq4_inverse_size(tr: SeparableTrace) -> LineFamily:
    """Eq. (4) line 4: 1 / (|P| + |N|) <= max_ij L_ij for the chosen (erring) sample."""
    return LineFamily.le(1.0 / tr.sizes, tr.max_terms)


def eq4_step_gain(tr: SeparableTrace) -> LineFamily:
    """The chain (4): epsilon / (|P| + |N|) <= <theta(t+1), theta*> - <theta(t), theta*>."""
    return LineFamily.le(tr.problem.epsilon / tr.sizes, tr.gain)


# -------------------------------------------------------------------------- eqs. (5)-(6)


def eq5_lower_bound(tr: SeparableTrace) -> LineFamily:
    """Eq. (5): epsilon t / M <= <theta(t), theta*>, M = max_n (|P(n)| + |N(n)|)."""
    return LineFamily.le(tr.problem.epsilon * tr.t / tr.constants.max_size, tr.inner)


def eq5_lower_bound_corrected(tr: SeparableTrace) -> LineFamily:
    """Eq. (5) with the constant H(0) supports: epsilon mu t <= <theta(t), theta*>.

    mu = min_n h / (|P(n)| + h |N(n)|) (``tr.constants.min_max_term``), the sharp last line
    of eq. (4) for the problem's sizes.
    """
    mu = tr.constants.min_max_term
    return LineFamily.le(tr.problem.epsilon * mu * tr.t, tr.inner)


def eq6_cauchy_schwarz(tr: SeparableTrace) -> LineFamily:
    """Eq. (6) line 1: <theta(t), theta*> / ||theta*|| <= ||theta(t)||."""
    norm = float(np.linalg.norm(tr.problem.theta_star))
    return LineFamily.le(tr.inner / norm, np.sqrt(tr.norm_sq))


def eq6_linear_growth(tr: SeparableTrace) -> LineFamily:
    """Eq. (6) line 2: c t <= ||theta(t)||, c = epsilon / (M ||theta*||)."""
    return LineFamily.le(tr.constants.c * tr.t, np.sqrt(tr.norm_sq))


def eq6_linear_growth_corrected(tr: SeparableTrace) -> LineFamily:
    """Eq. (6) with the c H(0) supports: c_h t <= ||theta(t)||, c_h = epsilon mu / ||theta*||."""
    return LineFamily.le(tr.constants.c_at_zero * tr.t, np.sqrt(tr.norm_sq))


# ------------------------------------------------------------------------------ eq. (7)


def eq7_expansion(tr: SeparableTrace) -> LineFamily:
    """Eq. (7) line 1: ||theta(t+1)||^2 == ||theta(t)||^2 + ||sum L d||^2 + 2 sum L_ij x_ji."""
    return LineFamily.eq(tr.norm_sq[1:], tr.norm_sq[:-1] + tr.update_norm_sq + 2.0 * tr.cross)


def eq7_cross_term(tr: SeparableTrace) -> LineFamily:
    """Eq. (7) line 2: sum_ij L_ij x_ji <= 0, x_ji = s_i - s_j."""
    return LineFamily.le(tr.cross, np.zeros_like(tr.cross))


def eq7_norm_bound(tr: SeparableTrace) -> LineFamily:
    """Eq. (7) line 3: ||sum_ij L_ij (f_i - f_j)||^2 <= |P| |N| max ||f_i - f_j||^2."""
    return LineFamily.le(tr.update_norm_sq, tr.pair_mass)


def eq7_drop_cross(tr: SeparableTrace) -> LineFamily:
    """Eq. (7), cross term dropped: ||theta(t+1)||^2 <= ||theta(t)||^2 + ||sum L d||^2."""
    return LineFamily.le(tr.norm_sq[1:], tr.norm_sq[:-1] + tr.update_norm_sq)


def eq7_step_growth(tr: SeparableTrace) -> LineFamily:
    """Eq. (7) line 4: ||theta(t+1)||^2 <= ||theta(t)||^2 + C."""
    return LineFamily.le(tr.norm_sq[1:], tr.norm_sq[:-1] + tr.constants.C)


# ------------------------------------------------------------------------- eqs. (8)-(10)


def eq8_norm_upper(tr: SeparableTrace) -> LineFamily:
    """Eq. (8): ||theta(t)||^2 <= C t."""
    return LineFamily.le(tr.norm_sq, tr.constants.C * tr.t)


def eq9_lower(tr: SeparableTrace) -> LineFamily:
    """Eq. (9), left side ((6) squared): c^2 t^2 <= ||theta(t)||^2."""
    return LineFamily.le(tr.constants.c**2 * tr.t**2, tr.norm_sq)


def eq10_steps(tr: SeparableTrace) -> LineFamily:
    """Eq. (10): T <= C / c^2 (T = inf for a run that did not converge)."""
    return LineFamily.le([tr.steps_to_converge], [tr.constants.bound])


def eq10_steps_corrected(tr: SeparableTrace) -> LineFamily:
    """Eq. (10) with the c that H(0) supports: T <= C / c_h^2."""
    return LineFamily.le([tr.steps_to_converge], [tr.constants.bound_at_zero])


def eq10_steps_sharper(tr: SeparableTrace) -> LineFamily:
    """The step-mass form of eq. (10): T <= (s_max / s_min) (R / gamma)^2."""
    return LineFamily.le([tr.steps_to_converge], [tr.constants.sharper_bound])


# ----------------------------------------------------------------------------- proof table


def _eq1_on_run(tr: SeparableTrace) -> LineFamily:
    return eq1_margin(tr.problem.samples, tr.problem.theta_star, tr.problem.epsilon)


# (label, statement, family, claim id), in the order of the proof
PROOF_LINES: tuple[tuple[str, str, Callable[[SeparableTrace], LineFamily], str], ...] = (
    ("(1)", "epsilon <= min <f_i - f_j, theta*>", _eq1_on_run, "eq1-margin"),
    ("(2)-(3)", "theta(t+1) - theta(t) == sum L_ij (f_i - f_j)", eq2_update, "eq2-update"),
    (
        "(4) line 1",
        "<theta(t+1),theta*> == <theta(t),theta*> + sum L_ij <f_i-f_j,theta*>",
        eq4_identity,
        "eq4-identity",
    ),
    (
        "(4) line 2",
        "epsilon sum L_ij <= sum L_ij <f_i - f_j, theta*>",
        eq4_margin,
        "eq4-margin",
    ),
    ("(4) line 3", "max L_ij <= sum L_ij", eq4_max_le_sum, "eq4-sum-ge-max"),
    ("(4) line 4", "1 / (|P| + |N|) <= max L_ij", eq4_inverse_size, "eq4-max-ge-inverse-size"),
    ("(5)", "epsilon t / M <= <theta(t), theta*>", eq5_lower_bound, "eq5-lower-bound"),
    (
        "(6) line 1",
        "<theta(t), theta*> / ||theta*|| <= ||theta(t)||",
        eq6_cauchy_schwarz,
        "eq6-cauchy-schwarz",
    ),
    ("(6) line 2", "c t <= ||theta(t)||", eq6_linear_growth, "eq6-linear-growth"),
    (
        "(7) line 1",
        "||theta(t+1)||^2 == ||theta(t)||^2 + ||sum L d||^2 + 2 sum L_ij x_ji",
        eq7_expansion,
        "eq7-expansion",
    ),
    ("(7) line 2", "sum L_ij x_ji <= 0 (x_ji = s_i - s_j)", eq7_cross_term, "eq7-cross-term"),
    (
        "(7) line 3",
        "||sum L_ij (f_i - f_j)||^2 <= |P||N| max ||f_i - f_j||^2",
        eq7_norm_bound,
        "eq7-norm-bound",
    ),
    ("(7) line 4", "||theta(t+1)||^2 <= ||theta(t)||^2 + C", eq7_step_growth, "eq7-step-growth"),
    ("(8)", "||theta(t)||^2 <= C t", eq8_norm_upper, "eq8-norm-upper"),
    ("(9)", "c^2 t^2 <= ||theta(t)||^2", eq9_lower, "eq9-sandwich"),
    ("(10)", "T <= C / c^2", eq10_steps, "eq10-steps"),
)


@dataclass(frozen=True)
class ProofLine:
    """One line of the proof checked on a run: the worst step's ratio and the verdict.

    Attributes:
        equation: the line's label, e.g. ``"(6) line 2"``.
        statement: the inequality (or identity) as checked.
        ratio: :func:`line_verdict`'s ratio at the worst step (``<= 1`` for a line that
            holds; for identities the largest relative gap); ``None`` when the line has no
            instance on the run (no step was made).
        holds: no step breaks the line beyond :data:`TRAJECTORY_TOL` (the claims' test).
        claim: the id of the claim that checks this line in general.
    """

    equation: str
    statement: str
    ratio: float | None
    holds: bool
    claim: str | None = None


def proof_lines(trace: SeparableTrace) -> tuple[ProofLine, ...]:
    """Every line of the proof of Proposition 1 evaluated on ``trace`` (worst step each).

    Each line is its family (:data:`PROOF_LINES`) judged by :func:`line_verdict` with
    :data:`TRAJECTORY_TOL`, the families and tolerance of the trajectory claims. The ratios
    are lhs / rhs of the inequality as written in the statement, so a ratio above 1 is a
    broken line and the ratio itself says how tight the line is on this run.
    """
    if not isinstance(trace, SeparableTrace):
        raise TypeError(f"trace must be a SeparableTrace, got {type(trace).__name__}")
    out = []
    for label, statement, family, claim in PROOF_LINES:
        ratio, holds = line_verdict(family(trace))
        out.append(ProofLine(label, statement, ratio, holds, claim))
    return tuple(out)
