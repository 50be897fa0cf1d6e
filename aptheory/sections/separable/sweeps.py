"""Steps taken against the bounds of eq. (10) over many problems and runs (the notebook's tables).

:func:`sweep` draws one problem per (epsilon, seed) with
:func:`aptheory.sections.separable.problems.separable_problem`, runs
:func:`aptheory.sections.separable.algorithm.simulate_error_driven` on it and reports the
steps taken next to C / c^2 (eq. 10), the corrected bound, the classical perceptron bound and
the sharper step-mass bound (:class:`aptheory.sections.separable.bounds.Constants`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from numpy.typing import ArrayLike

from aptheory.core.validation import check_int_array, check_real_array
from aptheory.sections.separable.algorithm import simulate_error_driven
from aptheory.sections.separable.problems import separable_problem

__all__ = ["SweepRow", "sweep"]


@dataclass(frozen=True)
class SweepRow:
    """Steps taken against the bounds for one problem and one run (see :func:`sweep`)."""

    epsilon: float
    seed: int
    sizes: tuple[tuple[int, int], ...]
    status: str
    steps: int
    bound: float
    bound_at_zero: float
    perceptron_bound: float
    sharper_bound: float

    @property
    def looseness(self) -> float:
        """(C / c^2) / T: how many times the eq. (10) bound exceeds the steps taken."""
        return self.bound / self.steps if self.steps else math.inf

    @property
    def perceptron_looseness(self) -> float:
        """(R / gamma)^2 / T."""
        return self.perceptron_bound / self.steps if self.steps else math.inf


def sweep(
    epsilons: ArrayLike,
    seeds: ArrayLike,
    *,
    sizes: tuple[tuple[int, int], ...] = ((3, 5), (2, 7), (6, 2)),
    dim: int = 4,
    kind: str = "generic",
    at_zero: float = 1.0,
    max_steps: int = 100_000,
) -> tuple[SweepRow, ...]:
    """Run the algorithm on ``separable_problem(sizes, epsilon=e, rng=seed)`` for every pair.

    The run's sample choices use the same ``seed``. Returns one :class:`SweepRow` per
    (epsilon, seed), epsilons outermost, with the bounds of eq. (10). ``seeds`` must be
    integers (``TypeError`` otherwise); the other arguments are checked by
    ``separable_problem`` and ``simulate_error_driven``.
    """
    seed_list = [int(v) for v in check_int_array(seeds, "seeds").ravel()]
    rows = []
    for eps in check_real_array(epsilons, "epsilons").ravel():
        for seed in seed_list:
            problem = separable_problem(sizes, dim=dim, epsilon=float(eps), kind=kind, rng=seed)
            tr = simulate_error_driven(problem, at_zero=at_zero, rng=seed, max_steps=max_steps)
            k = tr.constants
            rows.append(
                SweepRow(
                    epsilon=float(eps),
                    seed=seed,
                    sizes=problem.sizes,
                    status=tr.status,
                    steps=tr.steps,
                    bound=k.bound,
                    bound_at_zero=k.bound_at_zero,
                    perceptron_bound=k.perceptron_bound,
                    sharper_bound=k.sharper_bound,
                )
            )
    return tuple(rows)
