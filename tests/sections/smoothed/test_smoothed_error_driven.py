"""Section 2, Proposition 1's error-driven algorithm on the three points, exactly."""

from fractions import Fraction

import numpy as np
import pytest

from aptheory import separable
from aptheory.linear import Sample
from aptheory.problems import SeparableProblem
from aptheory.ranking import ap_loss
from aptheory.sections.smoothed.error_driven import error_driven
from aptheory.sections.smoothed.numerics import FEATURES, POSITIVE


def _plain_error_driven(at_zero: Fraction, max_steps: int) -> list[tuple[Fraction, Fraction]]:
    """Eq. (2) with L_ij = H(x_ij) / rank(i) (eq. 3) written out for the three points."""
    feats = [(Fraction(0), Fraction(0)), (Fraction(1), Fraction(0)), (Fraction(-3), Fraction(1))]

    def h(x):
        return Fraction(1) if x > 0 else (at_zero if x == 0 else Fraction(0))

    theta = (Fraction(0), Fraction(0))
    path = [theta]
    for _ in range(max_steps):
        s = [f[0] * theta[0] + f[1] * theta[1] for f in feats]
        step = [Fraction(0), Fraction(0)]
        for i in (1, 2):
            rank = 1 + sum(h(s[k] - s[i]) for k in range(3) if k != i)
            term = h(s[0] - s[i]) / rank
            step = [step[d] + term * (feats[i][d] - feats[0][d]) for d in range(2)]
        if step == [0, 0]:
            break
        theta = (theta[0] + step[0], theta[1] + step[1])
        path.append(theta)
    return path


def test_error_driven_path():
    path = error_driven()
    assert path.converged
    # Proposition 1's bound C / c^2 (eqs. (4)-(10)) for the three points, with the margin of
    # theta* = (1, 4): theta*.(f_i - f_0) = 1 for both positives
    problem = SeparableProblem(
        samples=(Sample(FEATURES.copy(), POSITIVE.copy()),),
        theta_star=np.array([1.0, 4.0]),
        epsilon=1.0,
    )
    bound = separable.constants(problem, at_zero=1.0).bound
    assert 1 <= path.steps <= bound
    assert list(path.thetas) == _plain_error_driven(Fraction(1), max_steps=int(bound) + 1)
    t1, t2 = path.thetas[-1]
    assert 0 < t1 < t2 / 3  # separable
    assert path.losses[0] == Fraction(1, 3)
    assert ap_loss(np.zeros(3), POSITIVE) == pytest.approx(1 / 3)
    assert path.losses[-1] == 0
    # with H(0) = 0 the tie at theta = 0 is no "error": the algorithm stops without learning
    lazy = error_driven(at_zero=0.0)
    assert lazy.steps == 0 and lazy.losses[0] == 0
    assert list(lazy.thetas) == _plain_error_driven(Fraction(0), max_steps=5)


def test_error_driven_stops_at_max_steps_and_takes_exact_starts():
    short = error_driven(max_steps=2)
    assert short.steps == 2 and not short.converged
    assert short.thetas == error_driven().thetas[:3]
    start = (Fraction(1, 3), Fraction(2))  # separable already: 0 < 1/3 < 2/3
    done = error_driven(start)
    assert done.steps == 0 and done.converged and done.thetas == (start,)


@pytest.mark.parametrize(
    ("call", "exc"),
    [
        (lambda: error_driven((np.nan, 0.0)), ValueError),
        (lambda: error_driven((0.0, np.inf)), ValueError),
        (lambda: error_driven((0.0,)), ValueError),
        (lambda: error_driven(("a", 0.0)), TypeError),
        (lambda: error_driven((True, 0.0)), TypeError),
        (lambda: error_driven(at_zero=2.0), ValueError),
        (lambda: error_driven(max_steps=0), ValueError),
    ],
)
def test_bad_input(call, exc):
    with pytest.raises(exc):
        call()


def test_bad_input_messages_name_the_argument():
    with pytest.raises(ValueError, match="theta0"):
        error_driven((np.nan, 0.0))
