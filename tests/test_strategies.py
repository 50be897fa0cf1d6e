"""The public strategies draw what they promise."""

import numpy as np
from hypothesis import given

from aptheory.core.ranking import ap_loss
from aptheory.strategies import linear_problems, ranking_instances


@given(ranking_instances(ties=True, min_negatives=1, max_size=9))
def test_tied_instances_have_positives_negatives_and_grid_scores(inst):
    s, p = inst
    assert p.dtype == bool and p.any() and (~p).any()
    assert np.all(s * 2 == np.round(s * 2)) and np.all(np.abs(s) <= 1.5)


@given(ranking_instances(ties=False, max_size=9))
def test_untied_instances_are_distinct(inst):
    s, _ = inst
    assert np.unique(s).size == s.size


def test_tied_strategy_does_draw_ties():
    seen = []

    @given(ranking_instances(ties=True, min_size=4, max_size=4))
    def collect(inst):
        seen.append(np.unique(inst.scores).size < 4)

    collect()
    assert any(seen)


@given(linear_problems(min_samples=2, max_samples=3))
def test_linear_problems_share_a_dimension(problem):
    dims = {s.dim for s in problem}
    assert len(dims) == 1
    assert all(s.n_positive >= 1 and s.n_negative >= 1 for s in problem)


# ------------------------------------------------------------------------- weak orderings

import doctest  # noqa: E402
import itertools  # noqa: E402
from math import comb  # noqa: E402

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

import aptheory.strategies as strategies  # noqa: E402
from aptheory.checking.search import isolated_storage  # noqa: E402
from aptheory.strategies import (  # noqa: E402
    all_weak_orderings,
    count_weak_orderings,
    ranking_cases,
    weak_ordering_instances,
    weak_orderings,
)

SPLITS = [(p, n) for p in range(6) for n in range(6) if 1 <= p + n <= 6]


def _canonical(scores, positive):
    """A weak ordering up to same-label swaps: (positives, negatives) per level, top first."""
    levels = sorted(set(scores), reverse=True)
    return tuple(
        (int(np.sum(positive & (scores == v))), int(np.sum(~positive & (scores == v))))
        for v in levels
    )


def _brute_force(p, n):
    """Every weak ordering of p + n *distinct* boxes (level assignments), then the quotient."""
    size = p + n
    positive = np.array([True] * p + [False] * n)
    seen = set()
    for levels in itertools.product(range(size), repeat=size):
        used = sorted(set(levels))
        if used != list(range(len(used))):  # keep surjections onto 0..k-1 only
            continue
        seen.add(_canonical(np.array(levels, dtype=float), positive))
    return seen


def _by_levels(p, n, k):
    """Compositions of (p, n) into k non-empty parts, by inclusion-exclusion."""
    return sum(
        (-1) ** j * comb(k, j) * comb(p + k - j - 1, k - j - 1) * comb(n + k - j - 1, k - j - 1)
        for j in range(k)
    )


@pytest.mark.parametrize("p, n", SPLITS)
def test_weak_orderings_are_all_distinct_and_as_many_as_the_formula(p, n):
    found = [_canonical(s, pos) for s, pos in weak_orderings(p, n)]
    assert len(found) == len(set(found)) == count_weak_orderings(p, n)
    assert count_weak_orderings(p, n) == sum(_by_levels(p, n, k) for k in range(1, p + n + 1))
    if p + n <= 5:  # against every ordering of labelled boxes, quotiented
        assert set(found) == _brute_force(p, n)


def test_known_counts():
    assert [count_weak_orderings(p, 0) for p in range(1, 6)] == [1, 2, 4, 8, 16]  # 2^(p-1)
    assert [count_weak_orderings(1, 1), count_weak_orderings(2, 1)] == [3, 8]
    assert count_weak_orderings(2, 2) == 26 and count_weak_orderings(3, 3) == 252


def test_weak_orderings_are_canonical_integer_level_vectors():
    for p, n in SPLITS:
        for s, pos in weak_orderings(p, n):
            k = len(set(s))
            assert s.dtype == np.float64 and pos.dtype == bool
            assert int(pos.sum()) == p and int((~pos).sum()) == n
            assert sorted(set(s)) == list(range(k))  # dense integer levels 0..k-1
            assert np.all(np.diff(s) <= 0)  # listed from the top level down
            for v in set(s):  # positives first within a level
                block = pos[s == v]
                assert list(block) == sorted(block, reverse=True)


def test_weak_orderings_come_in_a_fixed_order_all_tied_first():
    first, *_, last = weak_orderings(2, 2)
    assert first.scores.tolist() == [0, 0, 0, 0]
    assert len(set(last.scores)) == 4  # a strict order comes last
    assert [x.scores.tolist() for x in weak_orderings(1, 1)] == [[0, 0], [1, 0], [1, 0]]


def test_all_weak_orderings_runs_over_every_split():
    splits = [(p, s - p) for s in range(1, 6) for p in range(1, s + 1)]
    instances = list(all_weak_orderings(5))
    assert len(instances) == sum(count_weak_orderings(p, n) for p, n in splits) == 364
    sizes = [x.scores.size for x in instances]
    assert sizes == sorted(sizes)  # by size
    assert all(x.positive.any() for x in instances)
    both = list(all_weak_orderings(4, min_positives=1, min_negatives=1, min_size=3))
    assert {x.scores.size for x in both} == {3, 4}
    assert all((~x.positive).any() for x in both)
    assert [len(list(all_weak_orderings(m))) for m in range(1, 5)] == [1, 6, 26, 100]


@pytest.mark.parametrize(
    "call, error",
    [
        (lambda: list(weak_orderings(0, 0)), ValueError),
        (lambda: list(weak_orderings(-1, 2)), ValueError),
        (lambda: list(weak_orderings(1.5, 2)), TypeError),
        (lambda: count_weak_orderings(True, 1), TypeError),
        (lambda: list(all_weak_orderings(0)), ValueError),
        (lambda: weak_ordering_instances(0), ValueError),
        (lambda: weak_ordering_instances(2, min_positives=2, min_negatives=1), ValueError),
        (lambda: ranking_cases(at_zero=2.0), ValueError),
    ],
)
def test_bad_arguments_are_refused(call, error):
    with pytest.raises(error):
        call()


def test_the_strategy_draws_from_the_same_enumeration_and_reaches_all_of_it():
    table = {_canonical(s, p) for s, p in all_weak_orderings(2)}
    seen = set()

    @settings(max_examples=200, database=None)
    @given(weak_ordering_instances(2))
    def collect(inst):
        seen.add(_canonical(inst.scores, inst.positive))
        inst.scores[:] = 99.0  # mutating a draw is harmless

    collect()
    assert seen == table
    assert {_canonical(s, p) for s, p in all_weak_orderings(2)} == table


def test_the_strategy_shrinks_to_few_boxes_positives_and_levels():
    from hypothesis import find

    def shrunk(condition, **kw):
        found = find(weak_ordering_instances(6, **kw), condition, settings=settings(database=None))
        return found.scores.tolist(), found.positive.tolist()

    # a negative ahead of every positive: one negative above one positive
    assert shrunk(lambda x: not x.positive[0]) == ([1.0, 0.0], [False, True])
    # three tie levels and a negative: three boxes, one positive, the positive on top
    assert shrunk(lambda x: len(set(x.scores)) == 3, min_negatives=1) == (
        [2.0, 1.0, 0.0],
        [True, False, False],
    )

    # L_AP > |N| / (|P| + |N|), the tutorial's false bound: a counterexample of the smallest
    # size there is (none of at most 2 boxes), with two positives
    def bound(x):
        return ap_loss(x.scores, x.positive) > (~x.positive).sum() / x.positive.size + 1e-12

    scores, positive = shrunk(bound, min_negatives=1)
    assert len(scores) == 3 and sum(positive) == 2
    assert not any(bound(x) for x in all_weak_orderings(2, min_negatives=1))


def test_big_weak_orderings_are_drawn_without_enumerating_them():
    seen = []

    @settings(max_examples=20, database=None)
    @given(weak_ordering_instances(40, min_size=40))
    def collect(inst):
        seen.append(inst.scores.size)

    collect()
    assert set(seen) == {40}


def test_ranking_cases_fix_or_draw_the_tie_value():
    fixed, drawn = [], []

    @settings(max_examples=40, database=None)
    @given(ranking_cases(at_zero=0.25, ties=False, max_size=5), ranking_cases(max_size=5))
    def collect(a, b):
        fixed.append(a.at_zero)
        drawn.append(b.at_zero)
        assert np.unique(a.scores).size == a.scores.size

    collect()
    assert set(fixed) == {0.25}
    assert set(drawn) == {0.0, 0.5, 1.0}


def test_strategies_docstring_examples_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with isolated_storage():
        failed, attempted = doctest.testmod(strategies)
    assert attempted >= 10 and failed == 0
    for name in strategies.__all__:
        obj = getattr(strategies, name)
        if callable(obj):
            assert "Examples" in (obj.__doc__ or ""), name
