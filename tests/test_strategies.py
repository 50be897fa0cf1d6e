"""The public strategies draw what they promise."""

import numpy as np
from hypothesis import given

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
