"""Session fixtures of the Section 1 tests: one problem and its runs, computed once."""

import pytest

from aptheory.sections.separable.algorithm import simulate_error_driven
from aptheory.sections.separable.problems import separable_problem

SIZES = ((3, 5), (2, 7), (6, 2))


@pytest.fixture(scope="session")
def problem():
    """Three samples of sizes 3+5, 2+7 and 6+2 (|P| > |N| in the last), epsilon = 0.1."""
    return separable_problem(SIZES, dim=3, epsilon=0.1, rng=5)


@pytest.fixture(scope="session")
def runs(problem):
    """H(0) -> the run on ``problem`` from theta = 0 with rng=0, for H(0) in {1, 1/2, 0}."""
    return {h: simulate_error_driven(problem, at_zero=h, rng=0) for h in (1.0, 0.5, 0.0)}
