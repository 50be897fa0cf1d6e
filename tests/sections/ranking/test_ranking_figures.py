"""The figure of the ranking core: its fixed example."""

import numpy as np

from aptheory.core.ranking import ap_loss
from aptheory.sections.ranking.figures import example_ranking


def test_example_ranking_is_fixed_and_small():
    scores, positive = example_ranking()
    again, same = example_ranking()
    np.testing.assert_array_equal(scores, again)
    np.testing.assert_array_equal(positive, same)
    assert scores.shape == (10,) and np.flatnonzero(positive).tolist() == [0, 3, 5, 8]
    assert np.all(np.round(scores, 2) == scores)
    assert 0.0 < ap_loss(scores, positive) < 1.0  # a ranking with errors to draw
