"""The ranking core's claims (eqs. 3 and 17): their checks on hand-computed cases."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings

from aptheory.checking.registry import registry
from aptheory.core.exact import exact_ranks
from aptheory.sections.ranking import claims as rk
from aptheory.sections.ranking.claims import RankCase, rank_cases
from aptheory.strategies import RankingInstance, all_weak_orderings

BY_ID = {c.id: c for c in rk.CLAIMS.claims()}


def _case(scores, positive, at_zero, i=0):
    return RankCase(RankingInstance(np.array(scores, float), np.array(positive)), at_zero, i)


TIED_PAIR = _case([0.0, 0.0], [True, False], 0.5)  # one positive tied with one negative


def test_registry_discovers_the_section_in_order():
    ids = [c.id for c in registry(["ranking"])]
    assert (
        ids
        == list(BY_ID)
        == [
            "eq17-one-minus-ap",
            "eq3-row-sum",
            "eq3-row-bound",
            "eq3-row-bound-sharp",
            "eq17-float",
            "grad-balance",
        ]
    )
    assert [c.id for c in rk.claims()] == ids  # the 0.1 spelling


def test_the_tied_pair_by_hand():
    """H(0) = 1/2: rank(i) = 1 + 1/2, L = (1/2) / (3/2) = 1/3, 1 - AP = 1 - 1/(3/2) = 1/3."""
    third = Fraction(1, 3)
    assert rk.eq17_one_minus_ap(TIED_PAIR) == (third, third)
    assert BY_ID["eq17-one-minus-ap"].twin(TIED_PAIR) == (Fraction(1, 5), third)  # 1/2 / 5/2
    assert rk.eq3_row_sum(TIED_PAIR) == (third, third)
    assert rk.eq3_row_bound(TIED_PAIR) == (third, 1)
    assert rk.eq3_row_bound_sharp(TIED_PAIR) == (third, Fraction(1, 2))
    loss, exact = rk.eq17_float(TIED_PAIR)
    assert loss == pytest.approx(1 / 3, rel=1e-15) and exact == pytest.approx(1 / 3, rel=1e-15)
    assert rk.grad_balance(TIED_PAIR) == pytest.approx((1 / 3, 1 / 3), rel=1e-15)


def test_the_sharp_row_bound_is_attained():
    """A positive below every negative and above every other positive: |N| / (|N| + 1)."""
    case = _case([0.0, 1.0, 2.0, 3.0, -1.0], [True, False, False, False, True], 1.0, i=0)
    assert rk.eq3_row_bound_sharp(case) == (Fraction(3, 4), Fraction(3, 4))
    lhs, rhs = BY_ID["eq3-row-bound-sharp"].twin(case)
    assert lhs > rhs == Fraction(2, 4)


@pytest.mark.parametrize("h", [0.0, 0.5, 1.0])
def test_all_tied_losses_depend_on_the_tie_value(h):
    case = _case([0.0, 0.0, 0.0], [True, False, True], h)
    # each positive: rank = 1 + 2h, one negative ahead with weight h
    want = Fraction(h) / (1 + 2 * Fraction(h))
    assert rk.eq17_one_minus_ap(case) == (want, want)


@settings(max_examples=30)
@given(rank_cases())
def test_rank_cases_are_small_tie_rich_instances(case):
    s, p = case.instance
    assert 1 <= s.size <= 10 and p.any() and case.at_zero in (0.0, 0.5, 1.0)
    assert 0 <= case.i < int(p.sum())
    assert np.all(s * 2 == np.round(s * 2))  # half-integers: ties are frequent


def test_the_float_claims_twins_are_refuted_on_the_tied_pair(audit_results):
    for cid in ("eq17-float", "grad-balance"):
        ce = audit_results[cid].twin_counterexample
        assert ce is not None and ce["lhs"] == pytest.approx(2 * ce["rhs"]), cid


def test_row_bound_supremum_is_the_largest_row_sum_over_all_weak_orderings():
    """Brute force over every weak ordering of up to 6 boxes, H(0) in {0, 1/2, 1}: the largest
    sum_j L_ij (exact ranks of the core) is |N| / (|N| + 1), the supremum of eq3-row-bound."""
    best = {}
    for inst in all_weak_orderings(6, min_negatives=0):
        m = int((~inst.positive).sum())
        for h in (Fraction(0), Fraction(1, 2), Fraction(1)):
            r = exact_ranks(inst.scores, inst.positive, h)
            top = max(a / d for a, d in zip(r.neg_ahead, r.rank, strict=True))
            best[m] = max(best.get(m, Fraction(0)), top)
    assert best == {m: rk.row_bound_ratio_supremum(m) for m in range(6)}


@settings(max_examples=30)
@given(rk.row_extremal_cases())
def test_extremal_rows_attain_the_row_supremum_at_their_size(case):
    n_neg = int((~case.instance.positive).sum())
    lhs, rhs = BY_ID["eq3-row-bound"].check(case)
    assert rhs == 1 and lhs == rk.row_bound_ratio_supremum(n_neg) == Fraction(n_neg, n_neg + 1)


def test_the_audit_approaches_the_row_supremum(audit_results):
    if "eq3-row-bound" not in audit_results:
        pytest.skip("ranking not audited in this session")
    t = audit_results["eq3-row-bound"].tightness
    assert 0.99 < t < 1  # |N| up to 1000 drawn; the supremum 1 is not attained
