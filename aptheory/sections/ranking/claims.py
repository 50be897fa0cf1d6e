"""Claims of the ranking core: eq. (3) and eq. (17), checked exactly and in float64.

The exact claims recompute every quantity with :func:`aptheory.core.exact.exact_ranks`
(``fractions.Fraction`` ranks from the pair signs and a rational H(0)), so they test the
mathematics with no rounding; the float claims test that :mod:`aptheory.core.ranking`
computes the same numbers. Every example is a :class:`RankCase`: a tie-rich ranking
instance, a tie value H(0) in {0, 1/2, 1} and one positive i.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from aptheory.checking.claim import EXACT, ClaimSet, KnownSupremum, Tolerance
from aptheory.checking.exhaustive import Exhaustive, OrderingCase
from aptheory.core import ranking
from aptheory.core.exact import ExactRanks, exact_ranks, exact_tie_value
from aptheory.core.validation import check_int
from aptheory.strategies import RankingInstance, at_zero_values, ranking_instances

__all__ = [
    "CLAIMS",
    "KNOWN_SUPREMA",
    "ROW_EXTREMAL_MAX_NEGATIVES",
    "RankCase",
    "claims",
    "rank_cases",
    "rank_cases_with_extremal_rows",
    "row_bound_ratio_supremum",
    "row_extremal_cases",
]

CLAIMS = ClaimSet("ranking")

FLOAT_SUMS_10 = Tolerance(1e-12, "float64 sums of at most 10 terms in [0, 1]: rounding < 1e-14")
FLOAT_SUMS_100 = Tolerance(1e-12, "float64 sums of at most 100 terms in [0, 1]: rounding < 1e-13")


# ---------------------------------------------------------------------------- examples


@dataclass(frozen=True)
class RankCase:
    """A ranking instance, a tie value H(0) and the index (among positives) of one positive."""

    instance: RankingInstance
    at_zero: float
    i: int


ROW_EXTREMAL_MAX_NEGATIVES = 1000  # |N| of the extremal rows drawn by row_extremal_cases


def row_extremal_cases() -> st.SearchStrategy[RankCase]:
    """The rows where sum_j L_ij = |N| / (|N| + 1), the supremum of eq. (3)'s row sum, at any size.

    Positive i below |N| negatives (|N| up to :data:`ROW_EXTREMAL_MAX_NEGATIVES`, some of
    them tied with each other) and zero to two other positives below everything; H(0) in
    {0, 1/2, 1} (no tie involves i, so the row sum does not depend on it). Cheap at any size:
    the exact ranks of at most three positives.
    """

    def build(n_neg: int, n_other: int, levels: int, h: float) -> RankCase:
        neg = [1.0 + (k % levels) for k in range(n_neg)]
        scores = np.array([0.0] + neg + [-1.0] * n_other)
        positive = np.array([True] + [False] * n_neg + [True] * n_other)
        return RankCase(RankingInstance(scores, positive), h, 0)

    return st.builds(
        build,
        st.integers(1, ROW_EXTREMAL_MAX_NEGATIVES),
        st.integers(0, 2),
        st.integers(1, 3),
        at_zero_values(),
    )


def rank_cases_with_extremal_rows() -> st.SearchStrategy[RankCase]:
    """:func:`rank_cases` or (about one draw in two) :func:`row_extremal_cases`.

    A failure shrinks towards :func:`rank_cases`.
    """
    return st.one_of(rank_cases(), row_extremal_cases())


def row_bound_ratio_supremum(n_negative: int) -> Fraction:
    """max_i sum_{j in N} L_ij over every ordering of boxes with |N| negatives: |N| / (|N| + 1).

    The supremum of lhs / rhs of ``eq3-row-bound`` at that size (attained); over all sizes it
    is 1, never attained. Proof: sum_j L_ij = a / (1 + a + b) with a = sum_j H(x_ij) <= |N|
    and b = sum_{k in P, k != i} H(x_ik) >= 0, increasing in a and decreasing in b; equality
    for a = |N|, b = 0 (i below every negative, no positive at or above it, any H(0)).
    """
    n = check_int(n_negative, "n_negative", 0)
    return Fraction(n, n + 1)


def rank_cases() -> st.SearchStrategy[RankCase]:
    """Tie-rich instances of at most 10 boxes, H(0) in {0, 1/2, 1} and one positive i."""

    def pick(inst: RankingInstance) -> st.SearchStrategy[RankCase]:
        n_pos = int(inst.positive.sum())
        return st.builds(RankCase, st.just(inst), at_zero_values(), st.integers(0, n_pos - 1))

    return ranking_instances(max_size=10, ties=True).flatmap(pick)


def _case_instance(case: OrderingCase) -> RankingInstance:
    return RankingInstance(
        np.asarray(case.scores, dtype=np.float64), np.asarray(case.positive, dtype=bool)
    )


def _one_per_positive_level(case: OrderingCase) -> list[RankCase]:
    """One :class:`RankCase` per tie level holding positives (they are interchangeable)."""
    inst = _case_instance(case)
    return [RankCase(inst, float(case.at_zero), i) for i in case.positive_blocks()]


def _whole_ranking(case: OrderingCase) -> list[RankCase]:
    """The ordering as one :class:`RankCase` (for a claim about the whole ranking)."""
    return [RankCase(_case_instance(case), float(case.at_zero), 0)]


EVERY_ROW = Exhaustive(
    _one_per_positive_level,
    how="scores = the tie levels, one positive i per tie level holding positives",
)
WHOLE_RANKING = Exhaustive(_whole_ranking, how="scores = the tie levels")


# ----------------------------------------------------------- exact quantities of one case


def _exact(case: RankCase) -> ExactRanks:
    """rank(i), rank+(i), sum_{j in N} H(x_ij) of every positive, exactly."""
    return exact_ranks(case.instance.scores, case.instance.positive, case.at_zero)


def _ap_loss_exact(r: ExactRanks) -> Fraction:
    """L_AP = (1/|P|) sum_i sum_j H(x_ij) / rank(i), eq. (17)."""
    total = sum((n / d for n, d in zip(r.neg_ahead, r.rank, strict=True)), Fraction(0))
    return total / len(r.rank)


def _one_minus_ap_exact(r: ExactRanks) -> Fraction:
    """1 - AP = 1 - (1/|P|) sum_i rank+(i) / rank(i) (docs/MATH.md)."""
    total = sum((p / d for p, d in zip(r.rank_plus, r.rank, strict=True)), Fraction(0))
    return 1 - total / len(r.rank)


def _row_sum(case: RankCase) -> Fraction:
    """sum_{j in N} L_ij = sum_j H(x_ij) / rank(i) of the case's positive i, eq. (3).

    The numerator is counted pair by pair (H(x_ij) is 1 for s_j > s_i, H(0) for a tie),
    not taken from rank(i) - rank+(i): the identity of eq3-row-sum then compares two
    computations, not one quantity with itself.
    """
    scores, positive = case.instance.scores, case.instance.positive
    s_i = scores[np.flatnonzero(positive)[case.i]]
    neg = scores[~positive]
    above, tied = int(np.sum(neg > s_i)), int(np.sum(neg == s_i))
    numerator = above + exact_tie_value(case.at_zero) * tied
    return numerator / _exact(case).rank[case.i]


# ------------------------------------------------------------------------------ claims


@CLAIMS.claim(
    "eq17-one-minus-ap",
    "(17)",
    "L_AP = (1/|P|) sum_i sum_j H(x_ij)/rank(i) equals 1 - AP = "
    "1 - (1/|P|) sum_i rank+(i)/rank(i), for H(0) in {0, 1/2, 1}, with ties",
    strategy=rank_cases,
    tol=EXACT,
    kind="eq",
    exhaustive=WHOLE_RANKING,
)
def eq17_one_minus_ap(case: RankCase) -> tuple[Fraction, Fraction]:
    """L_AP of eq. (17) and 1 - AP, exactly."""
    r = _exact(case)
    return _ap_loss_exact(r), _one_minus_ap_exact(r)


@eq17_one_minus_ap.twin("the same with rank(i) + 1 in the denominator of L_ij (off by one)")
def _(case: RankCase) -> tuple[Fraction, Fraction]:
    r = _exact(case)
    off = sum((n / (d + 1) for n, d in zip(r.neg_ahead, r.rank, strict=True)), Fraction(0))
    return off / len(r.rank), _one_minus_ap_exact(r)


@CLAIMS.claim(
    "eq3-row-sum",
    "(3)",
    "sum_{j in N} L_ij = 1 - rank+(i)/rank(i) for every positive i",
    strategy=rank_cases,
    tol=EXACT,
    kind="eq",
    exhaustive=EVERY_ROW,
)
def eq3_row_sum(case: RankCase) -> tuple[Fraction, Fraction]:
    """The row sum of the primary terms of eq. (3) and 1 - precision, exactly."""
    r = _exact(case)
    return _row_sum(case), 1 - r.rank_plus[case.i] / r.rank[case.i]


@eq3_row_sum.twin("sum_j L_ij = 1 - rank+(i)/(rank(i) + 1)")
def _(case: RankCase) -> tuple[Fraction, Fraction]:
    r = _exact(case)
    return _row_sum(case), 1 - r.rank_plus[case.i] / (r.rank[case.i] + 1)


@CLAIMS.claim(
    "eq3-row-bound",
    "(3)",
    "sum_{j in N} L_ij <= 1 for every positive i",
    strategy=rank_cases_with_extremal_rows,
    tol=EXACT,
    exhaustive=EVERY_ROW,
    note="the sharp bound is |N|/(|N| + 1), see eq3-row-bound-sharp; so the supremum of "
    "lhs/rhs is |N|/(|N|+1) at each size (row_bound_ratio_supremum) and 1 over all sizes, "
    "not attained. Half of the draws are the extremal rows with |N| up to 1000.",
)
def eq3_row_bound(case: RankCase) -> tuple[Fraction, Fraction]:
    """The row sum of eq. (3) against 1."""
    return _row_sum(case), Fraction(1)


@eq3_row_bound.twin("sum_j L_ij <= 1/2 (the constant halved)")
def _(case: RankCase) -> tuple[Fraction, Fraction]:
    return _row_sum(case), Fraction(1, 2)


@CLAIMS.claim(
    "eq3-row-bound-sharp",
    "(3)",
    "sum_{j in N} L_ij <= |N|/(|N| + 1), attained by a positive below "
    "every negative and above every other positive",
    strategy=rank_cases,
    tol=EXACT,
    exhaustive=EVERY_ROW,
)
def eq3_row_bound_sharp(case: RankCase) -> tuple[Fraction, Fraction]:
    """The row sum of eq. (3) against |N| / (|N| + 1)."""
    n = _exact(case).n_negative
    return _row_sum(case), Fraction(n, n + 1)


@eq3_row_bound_sharp.twin("sum_j L_ij <= (|N| - 1)/(|N| + 1)")
def _(case: RankCase) -> tuple[Fraction, Fraction]:
    n = _exact(case).n_negative
    return _row_sum(case), Fraction(max(n - 1, 0), n + 1)


@CLAIMS.claim(
    "eq17-float",
    "(17)",
    "aptheory.ranking.ap_loss equals the exact rational L_AP (float64)",
    strategy=rank_cases,
    tol=FLOAT_SUMS_10,
    kind="eq",
)
def eq17_float(case: RankCase) -> tuple[float, float]:
    """``ranking.ap_loss`` (eq. 17 in float64) against the exact L_AP."""
    got = ranking.ap_loss(*case.instance, at_zero=case.at_zero)
    return got, float(_ap_loss_exact(_exact(case)))


@eq17_float.twin("ap_loss equals (1 - AP)/2")
def _(case: RankCase) -> tuple[float, float]:
    got = ranking.ap_loss(*case.instance, at_zero=case.at_zero)
    return got, float(_one_minus_ap_exact(_exact(case))) / 2


@CLAIMS.claim(
    "grad-balance",
    "(2), MATH.md",
    "error-driven gradient: the negatives' gradients sum to L_AP, sum_{j in N} g_j = L_AP",
    strategy=rank_cases,
    tol=FLOAT_SUMS_100,
    kind="eq",
)
def grad_balance(case: RankCase) -> tuple[float, float]:
    """sum_{j in N} g_j of the error-driven gradient (docs/MATH.md) against L_AP."""
    s, p = case.instance
    loss, g = ranking.ap_loss_grad(s, p, at_zero=case.at_zero)
    return float(g[~p].sum()), loss


@grad_balance.twin("sum_j g_j = L_AP / 2")
def _(case: RankCase) -> tuple[float, float]:
    s, p = case.instance
    loss, g = ranking.ap_loss_grad(s, p, at_zero=case.at_zero)
    return float(g[~p].sum()), 0.5 * loss


KNOWN_SUPREMA: tuple[KnownSupremum, ...] = (
    KnownSupremum(
        "eq3-row-bound",
        Fraction(1),
        False,
        "row_bound_ratio_supremum: a / (1 + a + b) with a <= |N|, b >= 0",
        per_size="|N| / (|N| + 1)",
    ),
    KnownSupremum(
        "eq3-row-bound-sharp",
        Fraction(1),
        True,
        "a positive below every negative and above every other positive",
        per_size="1",
    ),
)
CLAIMS.suprema(KNOWN_SUPREMA)


def claims():
    """The claims of :data:`CLAIMS` (kept for callers of version 0.1's ``claims()``)."""
    return CLAIMS.claims()
