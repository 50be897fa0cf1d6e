"""The examples the claims of Section 3 are checked on: hypothesis strategies and run specs.

Four kinds of example, each small on purpose (shrinking then lands on a readable
counterexample):

- :class:`PointExample` (:func:`point_examples`) - a scalar pair score x, delta and H(0);
- :class:`SurrogateExample` (:func:`surrogate_examples`) - a tie-rich ranking instance with
  a second score vector x^ (half-integer scores, delta a power of two, so every quantity of
  :func:`~aptheory.sections.inseparable.surrogate.exact_surrogate` is rational);
- :class:`LinearExample` (:func:`linear_examples`) - a linear sample and parameter vectors;
- :class:`InseparableRunSpec` (:func:`inseparable_run_specs`) - everything that determines a
  simulated run; :func:`simulate_spec` runs it and evaluates every bound
  (:class:`InseparableRunResult`);
- :class:`AlgebraExample` (:func:`algebra_examples`) - the numbers of the algebra of (31).

:func:`simulate_spec` is a pure function of its spec and costs about 2 ms: the run claims
recompute it for every example (no cache, so no state shared between claims or audits).
"""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

import numpy as np
from hypothesis import strategies as st
from numpy.typing import NDArray

from aptheory.core.linear import Sample
from aptheory.core.validation import check_choice
from aptheory.sections.inseparable.bounds import Bounds, regret_bounds
from aptheory.sections.inseparable.comparator import (
    comparator,
    comparator_losses,
    offline_constants,
)
from aptheory.sections.inseparable.data import inseparable_samples
from aptheory.sections.inseparable.runs import InseparableRun, run_offline, run_online
from aptheory.strategies import at_zero_values, labelings, tied_scores

__all__ = [
    "COMPARATORS",
    "DELTAS",
    "AlgebraExample",
    "InseparableRunResult",
    "InseparableRunSpec",
    "LinearExample",
    "PointExample",
    "SurrogateExample",
    "algebra_examples",
    "inseparable_run_specs",
    "linear_examples",
    "point_examples",
    "simulate_spec",
    "surrogate_examples",
]

DELTAS = (0.25, 0.5, 1.0, 2.0)
COMPARATORS = ("bound", "loss", "loss-x4")


class PointExample(NamedTuple):
    """A scalar pair score x, the half-width delta and the tie value H(0)."""

    x: float
    delta: float
    at_zero: float


@st.composite
def point_examples(draw: st.DrawFn) -> PointExample:
    """x on the special points {0, +-delta/2, +-delta, 2 delta} or anywhere in [-4, 4]."""
    delta = draw(st.sampled_from(DELTAS))
    special = st.sampled_from([0.0, 0.5, -0.5, 1.0, -1.0, 2.0]).map(lambda c: c * delta)
    free = st.floats(-4.0, 4.0, allow_nan=False, allow_subnormal=False)
    return PointExample(draw(st.one_of(special, free)), delta, draw(at_zero_values()))


class SurrogateExample(NamedTuple):
    """Scores x (numerators), reference scores x^ (denominators), labels, delta, H(0)."""

    scores: NDArray[np.float64]
    reference: NDArray[np.float64]
    positive: NDArray[np.bool_]
    delta: float
    at_zero: float


@st.composite
def surrogate_examples(
    draw: st.DrawFn, *, at_zero: tuple[float, ...] = (0.0, 0.5, 1.0), max_size: int = 7
) -> SurrogateExample:
    """A tie-rich ranking instance with a second score vector (x^) and |N| >= 1.

    Scores are half-integers on a grid of 3 or 7 values (ties are frequent); x^ is either
    x itself (the l(x, x) of eq. 19), all zeros (theta^(t) = 0: the first step of a run from
    theta^(1) = 0, every pair tied) or free.
    """
    size = draw(st.integers(2, max_size))
    grid = draw(st.sampled_from([1, 3]))
    scores = draw(tied_scores(size, grid=grid))
    positive = draw(labelings(size, min_positives=1, min_negatives=1))
    kind = draw(st.sampled_from(["same", "zero", "free"]))
    if kind == "same":
        reference = scores.copy()
    elif kind == "zero":
        reference = np.zeros(size)
    else:
        reference = draw(tied_scores(size, grid=grid))
    return SurrogateExample(
        scores,
        reference,
        positive,
        draw(st.sampled_from(DELTAS)),
        draw(st.sampled_from(at_zero)),
    )


class LinearExample(NamedTuple):
    """A linear sample, parameters theta, theta^ (reference), v (u or a second point)."""

    sample: Sample
    theta: NDArray[np.float64]
    reference: NDArray[np.float64]
    other: NDArray[np.float64]
    lam: float
    eta: float
    delta: float
    at_zero: float


@st.composite
def linear_examples(draw: st.DrawFn) -> LinearExample:
    """A linear sample with three parameter vectors, built from a seed and a few sizes.

    dim 1-3, 2-7 boxes with 1 <= |P| and |N| >= 1, integer features in [-2, 2] and parameter
    vectors in {-2, -1.75, ..., 2}^dim (numpy, seeded): pair scores hit ties and the kinks
    +-delta of Q exactly. Drawing a seed instead of every coordinate keeps hypothesis's
    generation and shrinking cheap; the example records the arrays themselves.
    """
    dim = draw(st.integers(1, 3))
    size = draw(st.integers(2, 7))
    n_pos = draw(st.integers(1, size - 1))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    features = rng.integers(-2, 3, size=(size, dim)).astype(float)
    positive = rng.permutation(np.arange(size) < n_pos)
    theta, reference, other = (rng.integers(-8, 9, size=dim) / 4.0 for _ in range(3))
    return LinearExample(
        Sample(features, positive),
        theta,
        reference,
        other,
        draw(st.sampled_from([0.5, 0.25, 0.9])),
        draw(st.sampled_from([0.1, 1.0, 3.0])),
        draw(st.sampled_from(DELTAS)),
        draw(at_zero_values()),
    )


class InseparableRunSpec(NamedTuple):
    """Everything that determines one simulated run (small on purpose)."""

    setting: str
    seed: int
    T: int
    delta: float
    overlap: float
    n_samples: int
    max_positives: int
    max_negatives: int
    dim: int
    at_zero: float
    theta0_scale: float
    comparator: str = "bound"


def inseparable_run_specs(
    *,
    settings: tuple[str, ...] = ("online", "offline"),
    at_zero: tuple[float, ...] = (0.0, 0.5, 1.0),
) -> st.SearchStrategy[InseparableRunSpec]:
    """Small runs: T <= 25, <= 3 samples of <= 4 positives and <= 6 negatives, dim <= 3.

    The comparator u (every bound holds for every u) is the minimiser of the right side of
    (27) ("bound"), of sum_t l^(t)(u) ("loss", the issue's choice) or 4 times the latter
    ("loss-x4": far from theta^(1), small Z(u), large 1/T term).
    """
    return st.builds(
        InseparableRunSpec,
        setting=st.sampled_from(settings),
        seed=st.integers(0, 2**16),
        T=st.integers(1, 25),
        delta=st.sampled_from(DELTAS),
        overlap=st.sampled_from([0.02, 0.1, 0.3, 0.7]),
        n_samples=st.integers(1, 3),
        max_positives=st.integers(1, 4),
        max_negatives=st.integers(1, 6),
        dim=st.integers(1, 3),
        at_zero=st.sampled_from(at_zero),
        theta0_scale=st.sampled_from([0.0, 1.0]),
        comparator=st.sampled_from(COMPARATORS),
    )


class InseparableRunResult(NamedTuple):
    """A run, its data, its comparator u and the bounds and per-step offline quantities."""

    data: tuple[Sample, ...]
    run: InseparableRun
    u: NDArray[np.float64]
    bounds: Bounds
    comparator_steps: NDArray[np.float64]  # l^(t)(u), t = 1..T
    z: float | None  # Z(u) (offline; None online: not applicable)


def simulate_spec(spec: InseparableRunSpec) -> InseparableRunResult:
    """Simulate ``spec`` (deterministic in the spec) and evaluate every bound, eqs. (20)-(32).

    The data are ``inseparable_samples`` seeded by ``spec.seed`` (one sample offline);
    theta^(1) is ``theta0_scale`` times a normal vector seeded by ``spec.seed + 1``.
    """
    comparator_kind = check_choice(spec.comparator, "comparator", COMPARATORS)
    n = 1 if spec.setting == "offline" else spec.n_samples
    data = inseparable_samples(
        n,
        overlap=spec.overlap,
        dim=spec.dim,
        positives=(1, spec.max_positives),
        negatives=(1, spec.max_negatives),
        seed=spec.seed,
    )
    theta0 = spec.theta0_scale * np.random.default_rng(spec.seed + 1).normal(size=spec.dim)
    if spec.setting == "offline":
        run = run_offline(data[0], spec.T, delta=spec.delta, at_zero=spec.at_zero, theta0=theta0)
    else:
        run = run_online(
            data, spec.T, delta=spec.delta, at_zero=spec.at_zero, seed=spec.seed, theta0=theta0
        )
    u = comparator(run, data, objective="bound" if comparator_kind == "bound" else "loss")
    if comparator_kind == "loss-x4":
        u = run.thetas[0] + 4.0 * (u - run.thetas[0])
    bounds = regret_bounds(run, data, u)
    steps = comparator_losses(run, data, u)
    z = offline_constants(data[0], u, delta=spec.delta)[1]
    return InseparableRunResult(
        data, run, u, bounds, steps, z if spec.setting == "offline" else None
    )


class AlgebraExample(NamedTuple):
    """b, c >= 0 and a = lam * (b + c) / (1 + b): every a with a (1 + b) <= b + c."""

    a: Fraction
    b: Fraction
    c: Fraction


@st.composite
def algebra_examples(draw: st.DrawFn) -> AlgebraExample:
    """Rationals b, c in [0, 64] with denominators <= 8, and a = lam (b + c)/(1 + b), (31)."""
    b = Fraction(draw(st.integers(0, 64)), draw(st.integers(1, 8)))
    c = Fraction(draw(st.integers(0, 64)), draw(st.integers(1, 8)))
    lam = Fraction(draw(st.integers(0, 8)), 8)
    return AlgebraExample(lam * (b + c) / (1 + b), b, c)
