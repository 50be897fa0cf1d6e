"""Claims of the ranking core: eq. (3) and eq. (17), checked exactly and in float64.

The exact claims recompute every quantity from integer counts of the pair signs and a
rational H(0) (``fractions.Fraction``), so they test the mathematics with no rounding; the
float claims test that :mod:`aptheory.ranking` computes the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from aptheory.core import ranking
from aptheory.checking.claim import Claim
from aptheory.strategies import RankingInstance, at_zero_values, ranking_instances

__all__ = ["ExactRanks", "RankCase", "claims", "exact_ranks"]


@dataclass(frozen=True)
class RankCase:
    """A ranking instance, a tie value H(0) and the index (among positives) of one positive."""

    instance: RankingInstance
    at_zero: float
    i: int


@dataclass(frozen=True)
class ExactRanks:
    """Per positive i, exact rank(i), rank+(i) and sum_{j in N} H(x_ij) as Fractions."""

    rank: tuple[Fraction, ...]
    rank_plus: tuple[Fraction, ...]
    neg_ahead: tuple[Fraction, ...]
    n_negative: int


def exact_ranks(scores: np.ndarray, positive: np.ndarray, at_zero: Fraction) -> ExactRanks:
    """rank(i) = 1 + #{k != i: s_k > s_i} + H(0) #{k != i: s_k = s_i}, exactly (MATH.md)."""
    s_pos, s_neg = scores[positive], scores[~positive]
    gp = (s_pos[None, :] > s_pos[:, None]).sum(axis=1)
    tp = (s_pos[None, :] == s_pos[:, None]).sum(axis=1) - 1  # k != i
    gn = (s_neg[None, :] > s_pos[:, None]).sum(axis=1)
    tn = (s_neg[None, :] == s_pos[:, None]).sum(axis=1)
    neg = tuple(int(g) + at_zero * int(t) for g, t in zip(gn, tn, strict=True))
    plus = tuple(1 + int(g) + at_zero * int(t) for g, t in zip(gp, tp, strict=True))
    return ExactRanks(
        rank=tuple(p + n for p, n in zip(plus, neg, strict=True)),
        rank_plus=plus,
        neg_ahead=neg,
        n_negative=int(s_neg.size),
    )


def _cases(**kwargs) -> st.SearchStrategy[RankCase]:
    def pick(inst: RankingInstance) -> st.SearchStrategy[RankCase]:
        n_pos = int(inst.positive.sum())
        return st.builds(RankCase, st.just(inst), at_zero_values(), st.integers(0, n_pos - 1))

    return ranking_instances(**kwargs).flatmap(pick)


def _exact(case: RankCase) -> ExactRanks:
    return exact_ranks(*case.instance, Fraction(case.at_zero))


def _ap_loss_exact(case: RankCase, offset: int = 0) -> Fraction:
    r = _exact(case)
    n_pos = len(r.rank)
    return (
        sum((n / (d + offset) for n, d in zip(r.neg_ahead, r.rank, strict=True)), Fraction(0))
        / n_pos
    )


def _one_minus_ap_exact(case: RankCase) -> Fraction:
    r = _exact(case)
    n_pos = len(r.rank)
    return 1 - sum((p / d for p, d in zip(r.rank_plus, r.rank, strict=True)), Fraction(0)) / n_pos


def _row_sum(case: RankCase) -> Fraction:
    r = _exact(case)
    return r.neg_ahead[case.i] / r.rank[case.i]


def _float_loss(case: RankCase) -> tuple[float, float]:
    got = ranking.ap_loss(*case.instance, at_zero=case.at_zero)
    return got, float(_ap_loss_exact(case))


def _grad_balance(case: RankCase, factor: float = 1.0) -> tuple[float, float]:
    s, p = case.instance
    loss, g = ranking.ap_loss_grad(s, p, at_zero=case.at_zero)
    return float(g[~p].sum()), factor * loss


def claims() -> tuple[Claim, ...]:
    """The ranking core's claims (eq. 3, eq. 17, the error-driven gradient)."""
    ties = dict(max_size=10, ties=True)
    exact_why = "exact: Fractions from integer pair counts"
    return (
        Claim(
            id="eq17-one-minus-ap",
            equation="(17)",
            statement="L_AP = (1/|P|) sum_i sum_j H(x_ij)/rank(i) equals 1 - AP = "
            "1 - (1/|P|) sum_i rank+(i)/rank(i), for H(0) in {0, 1/2, 1}, with ties",
            check=lambda c: (_ap_loss_exact(c), _one_minus_ap_exact(c)),
            strategy=lambda: _cases(**ties),
            twin=lambda c: (_ap_loss_exact(c, offset=1), _one_minus_ap_exact(c)),
            twin_statement="the same with rank(i) + 1 in the denominator of L_ij (off by one)",
            kind="eq",
            exact=True,
            tolerance_reason=exact_why,
        ),
        Claim(
            id="eq3-row-sum",
            equation="(3)",
            statement="sum_{j in N} L_ij = 1 - rank+(i)/rank(i) for every positive i",
            check=lambda c: (_row_sum(c), 1 - _exact(c).rank_plus[c.i] / _exact(c).rank[c.i]),
            strategy=lambda: _cases(**ties),
            twin=lambda c: (_row_sum(c), 1 - _exact(c).rank_plus[c.i] / (_exact(c).rank[c.i] + 1)),
            twin_statement="sum_j L_ij = 1 - rank+(i)/(rank(i) + 1)",
            kind="eq",
            exact=True,
            tolerance_reason=exact_why,
        ),
        Claim(
            id="eq3-row-bound",
            equation="(3)",
            statement="sum_{j in N} L_ij <= 1 for every positive i",
            check=lambda c: (_row_sum(c), Fraction(1)),
            strategy=lambda: _cases(**ties),
            twin=lambda c: (_row_sum(c), Fraction(1, 2)),
            twin_statement="sum_j L_ij <= 1/2 (the constant halved)",
            exact=True,
            tolerance_reason=exact_why,
            note="the sharp bound is |N|/(|N| + 1), see eq3-row-bound-sharp",
        ),
        Claim(
            id="eq3-row-bound-sharp",
            equation="(3)",
            statement="sum_{j in N} L_ij <= |N|/(|N| + 1), attained by a positive below "
            "every negative and above every other positive",
            check=lambda c: (_row_sum(c), Fraction(_exact(c).n_negative, _exact(c).n_negative + 1)),
            strategy=lambda: _cases(**ties),
            twin=lambda c: (
                _row_sum(c),
                Fraction(max(_exact(c).n_negative - 1, 0), _exact(c).n_negative + 1),
            ),
            twin_statement="sum_j L_ij <= (|N| - 1)/(|N| + 1)",
            exact=True,
            tolerance_reason=exact_why,
        ),
        Claim(
            id="eq17-float",
            equation="(17)",
            statement="aptheory.ranking.ap_loss equals the exact rational L_AP (float64)",
            check=_float_loss,
            strategy=lambda: _cases(**ties),
            twin=lambda c: (_float_loss(c)[0], float(_one_minus_ap_exact(c)) / 2),
            twin_statement="ap_loss equals (1 - AP)/2",
            kind="eq",
            tolerance=1e-12,
            tolerance_reason="float64 sums of at most 10 terms in [0, 1]: rounding < 1e-14",
        ),
        Claim(
            id="grad-balance",
            equation="(2), MATH.md",
            statement="error-driven gradient: the negatives' gradients sum to L_AP, "
            "sum_{j in N} g_j = L_AP",
            check=_grad_balance,
            strategy=lambda: _cases(**ties),
            twin=lambda c: _grad_balance(c, factor=0.5),
            twin_statement="sum_j g_j = L_AP / 2",
            kind="eq",
            tolerance=1e-12,
            tolerance_reason="float64 sums of at most 100 terms in [0, 1]: rounding < 1e-13",
        ),
    )
