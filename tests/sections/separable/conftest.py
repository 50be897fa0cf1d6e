"""Session fixtures of the Section 1 tests: one problem and its runs, and the table of every
weak ordering of up to 8 boxes, computed once."""

from fractions import Fraction

import pytest

from aptheory.sections.separable.algorithm import simulate_error_driven
from aptheory.sections.separable.problems import separable_problem
from aptheory.strategies import weak_orderings

SIZES = ((3, 5), (2, 7), (6, 2))


@pytest.fixture(scope="session")
def problem():
    """Three samples of sizes 3+5, 2+7 and 6+2 (|P| > |N| in the last), epsilon = 0.1."""
    return separable_problem(SIZES, dim=3, epsilon=0.1, rng=5)


@pytest.fixture(scope="session")
def runs(problem):
    """H(0) -> the run on ``problem`` from theta = 0 with rng=0, for H(0) in {1, 1/2, 0}."""
    return {h: simulate_error_driven(problem, at_zero=h, rng=0) for h in (1.0, 0.5, 0.0)}


def _level(above, above_neg, n_pos, n_neg, h):
    """(row sum, max L_ij) of a positive in a level with n_pos + n_neg boxes below ``above``
    boxes (``above_neg`` negatives): rank = 1 + above + h (n_pos + n_neg - 1)."""
    rank = 1 + above + h * (n_pos + n_neg - 1)
    top = 1 if above_neg else (h if n_neg else 0)
    return (above_neg + h * n_neg) / rank, top / rank


def level_summary(scores, positive, at_zero, memo=None):
    """(errs, max L_ij, sum L_ij, max_i sum_j L_ij) of one weak ordering, exactly, per tie level.

    A plain computation independent of the package: boxes of one tie level share their counts,
    so rank(i) = 1 + (boxes above) + h (others in the level), L_ij = 1 / rank(i) for a negative
    above i, h / rank(i) for a tied one (Fractions; ``scores`` are integer levels). ``memo``,
    a dict, keeps the per-level values between calls.
    """
    h = Fraction(at_zero)
    memo = {} if memo is None else memo
    counts = {}
    for v, p in zip(scores, positive, strict=True):
        pos_neg = counts.setdefault(v, [0, 0])
        pos_neg[0 if p else 1] += 1
    above = above_neg = 0
    errs, biggest, total, row_max = False, Fraction(0), Fraction(0), Fraction(0)
    for level in sorted(counts, reverse=True):
        n_pos, n_neg = counts[level]
        if n_pos:
            key = (above, above_neg, n_pos, n_neg, h)
            if key not in memo:
                memo[key] = _level(*key)
            row, top = memo[key]
            errs = errs or bool(above_neg or n_neg)
            total += n_pos * row
            row_max = max(row_max, row)
            biggest = max(biggest, top)
        above += n_pos + n_neg
        above_neg += n_neg
    return errs, biggest, total, row_max


TIES = (Fraction(0), Fraction(1, 2), Fraction(1))


@pytest.fixture(scope="session")
def weak_ordering_table():
    """(|P|, |N|, h) -> (min max L over erring orderings, max sum L, max row sum, count).

    Every weak ordering of |P| + |N| <= 8 boxes (|P|, |N| >= 1), up to swapping boxes of the
    same label (:func:`aptheory.strategies.weak_orderings`), and h in {0, 1/2, 1}.
    """
    table, memo = {}, {}
    for n in range(2, 9):
        for p in range(1, n):
            insts = [
                ([int(v) for v in i.scores.tolist()], i.positive.tolist())
                for i in weak_orderings(p, n - p)
            ]
            for h in TIES:
                rows = [level_summary(s, pos, h, memo) for s, pos in insts]
                table[p, n - p, h] = (
                    min(r[1] for r in rows if r[0]),
                    max(r[2] for r in rows),
                    max(r[3] for r in rows),
                    len(rows),
                )
    return table
