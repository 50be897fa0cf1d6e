"""Tests of aptheory.sections.separable.problems: separable problems with a known margin (eq. 1)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aptheory import problems as problems_01
from aptheory.core.linear import Sample
from aptheory.sections.separable.algorithm import simulate_error_driven
from aptheory.sections.separable.problems import (
    PROBLEM_KINDS,
    SeparableProblem,
    check_separable,
    integer_problem,
    separable_problem,
    separable_samples,
    separation_margin,
    unequal_sizes_example,
    validate_problem,
)

SIZES = ((3, 5), (2, 7), (6, 2))


def _pairwise_margin(sample, theta):
    """Plain double loop over i in P, j in N of <f_i - f_j, theta>."""
    f, p = sample.features, sample.positive
    return min(float((f[i] - f[j]) @ theta) for i in np.flatnonzero(p) for j in np.flatnonzero(~p))


@pytest.mark.parametrize("kind", PROBLEM_KINDS)
def test_generated_problem_satisfies_and_attains_eq1(kind):
    prob = separable_problem(SIZES, dim=3, epsilon=0.05, kind=kind, rng=4)
    assert prob.sizes == SIZES
    assert np.isclose(np.linalg.norm(prob.theta_star), 1.0, rtol=0, atol=1e-15)
    per_sample = [_pairwise_margin(s, prob.theta_star) for s in prob.samples]
    assert min(per_sample) >= 0.05
    # attained in every sample up to the generator's relative safety factor 1e-9
    assert max(per_sample) <= 0.05 * (1 + 1e-8)
    assert prob.margin == pytest.approx(min(per_sample), rel=1e-12)


@settings(max_examples=30)
@given(
    sizes=st.lists(st.tuples(st.integers(1, 6), st.integers(1, 6)), min_size=1, max_size=4),
    dim=st.integers(1, 5),
    eps=st.floats(1e-12, 10.0),
    norm=st.floats(0.1, 1e8),
    kind=st.sampled_from(PROBLEM_KINDS),
    seed=st.integers(0, 2**32 - 1),
)
def test_generator_verifies_eq1_for_any_parameters(sizes, dim, eps, norm, kind, seed):
    prob = separable_problem(sizes, dim=dim, epsilon=eps, kind=kind, theta_star_norm=norm, rng=seed)
    assert np.linalg.norm(prob.theta_star) == pytest.approx(norm, rel=1e-12)
    assert prob.margin >= eps
    assert check_separable(prob.samples, prob.theta_star, eps) == prob.margin
    for s in prob.samples:  # attained in every sample up to a few float64 rounding units
        unit = np.spacing(max(np.abs(s.features).max(), 1.0)) * norm * np.sqrt(dim)
        assert _pairwise_margin(s, prob.theta_star) <= eps * (1 + 1e-9) + 8 * unit


@pytest.mark.parametrize(("eps", "norm"), [(1e-8, 1.0), (1e-7, 1.0), (0.1, 1e6), (1e-12, 1e8)])
def test_generator_survives_rounding_at_tiny_margins_and_large_norms(eps, norm):
    # Regression: a purely relative safety factor failed eq. (1) on 13-39 of 30-50 seeds here.
    for seed in range(30):
        prob = separable_problem(SIZES, dim=4, epsilon=eps, theta_star_norm=norm, rng=seed)
        assert min(_pairwise_margin(s, prob.theta_star) for s in prob.samples) >= eps


def test_theta_star_norm_scales_the_certificate_not_the_geometry():
    a = separable_problem(SIZES, epsilon=0.2, theta_star_norm=1.0, rng=3)
    b = separable_problem(SIZES, epsilon=0.4, theta_star_norm=2.0, rng=3)
    for sa, sb in zip(a.samples, b.samples, strict=True):
        np.testing.assert_allclose(sa.features, sb.features, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(b.theta_star, 2 * a.theta_star, rtol=1e-15)


def test_kinds_make_ties_and_near_collinearity():
    dup = separable_problem([(6, 6)], dim=3, kind="duplicates", rng=1)
    rows = {tuple(r) for r in dup.samples[0].features}
    assert len(rows) <= 4  # at most two distinct vectors per class: ties at every theta
    col = separable_problem([(6, 6), (4, 3)], dim=4, epsilon=0.01, kind="collinear", rng=1)
    f = np.vstack([s.features for s in col.samples])
    sv = np.linalg.svd(f, compute_uv=False)
    assert sv[1] / sv[0] < 0.05  # nearly on one line
    assert col.margin >= 0.01


def test_imbalanced_samples_have_more_positives():
    prob = separable_problem([(7, 2), (5, 1)], rng=0)
    assert all(p > n for p, n in prob.sizes)


def test_generator_is_deterministic_and_takes_a_generator():
    a = separable_problem(SIZES, rng=11)
    b = separable_problem(SIZES, rng=np.random.default_rng(11))
    for sa, sb in zip(a.samples, b.samples, strict=True):
        np.testing.assert_array_equal(sa.features, sb.features)
        np.testing.assert_array_equal(sa.positive, sb.positive)
    c = separable_problem(SIZES, rng=12)
    assert not np.array_equal(a.samples[0].features, c.samples[0].features)


def test_unequal_sizes_example():
    prob = unequal_sizes_example(0.1)
    assert prob.sizes == ((1, 1), (3, 1))
    assert prob.margin == pytest.approx(0.1)
    np.testing.assert_array_equal(prob.theta_star, [1.0, 0.0])


def test_from_samples_checks_the_certificate():
    s = Sample(np.array([[1.0], [0.0]]), np.array([True, False]))
    prob = SeparableProblem.from_samples([s], [1.0], 1.0)
    assert prob.margin == 1.0 and prob.dim == 1
    with pytest.raises(ValueError, match=r"eq\. \(1\) fails"):
        SeparableProblem.from_samples([s], [1.0], 1.5)
    with pytest.raises(ValueError, match=r"eq\. \(1\) fails"):
        SeparableProblem.from_samples([s], [-1.0], 0.5)


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"sizes": []}, ValueError, "sizes"),
        ({"sizes": [(0, 2)]}, ValueError, "sizes"),
        ({"sizes": [(2, 0)]}, ValueError, "sizes"),
        ({"sizes": ["ab"]}, TypeError, "sizes"),
        ({"sizes": [(1, 2, 3)]}, TypeError, "sizes"),
        ({"sizes": [(1.5, 2)]}, TypeError, "sizes"),
        ({"sizes": 3}, TypeError, "sizes"),
        ({"epsilon": 0.0}, ValueError, "epsilon"),
        ({"epsilon": -1.0}, ValueError, "epsilon"),
        ({"epsilon": float("nan")}, ValueError, "epsilon"),
        ({"epsilon": float("inf")}, ValueError, "epsilon"),
        ({"epsilon": "1"}, TypeError, "epsilon"),
        ({"dim": 0}, ValueError, "dim"),
        ({"dim": 1.5}, TypeError, "dim"),
        ({"dim": True}, TypeError, "dim"),
        ({"kind": "weird"}, ValueError, "kind"),
        ({"theta_star_norm": 0.0}, ValueError, "theta_star_norm"),
        ({"spread": float("nan")}, ValueError, "spread"),
        ({"depth": -1.0}, ValueError, "depth"),
        ({"spread": "x"}, TypeError, "spread"),
        ({"stacked": 1}, TypeError, "stacked"),
    ],
)
def test_bad_generator_input(kwargs, exc, match):
    args = {"sizes": SIZES} | kwargs
    with pytest.raises(exc, match=match):
        separable_problem(args.pop("sizes"), **args)


def test_bad_problem_input():
    s = Sample(np.array([[1.0], [0.0]]), np.array([True, False]))
    only_pos = Sample(np.array([[1.0], [0.0]]), np.array([True, True]))
    two_d = Sample(np.array([[1.0, 0.0], [0.0, 0.0]]), np.array([True, False]))
    with pytest.raises(ValueError, match="at least one sample"):
        SeparableProblem((), np.array([1.0]), 1.0)
    with pytest.raises(ValueError, match="no negative"):
        SeparableProblem((only_pos,), np.array([1.0]), 1.0)
    with pytest.raises(ValueError, match="dimension"):
        SeparableProblem((s, two_d), np.array([1.0]), 1.0)
    with pytest.raises(TypeError, match="Sample"):
        SeparableProblem(("nope",), np.array([1.0]), 1.0)
    with pytest.raises(ValueError, match="theta"):
        SeparableProblem((s,), np.array([1.0, 2.0]), 1.0)
    with pytest.raises(ValueError, match="theta"):
        SeparableProblem((s,), np.array([np.nan]), 1.0)
    with pytest.raises(ValueError, match="epsilon"):
        SeparableProblem((s,), np.array([1.0]), 0.0)
    with pytest.raises(ValueError, match="at least one sample"):
        separation_margin((), [1.0])
    with pytest.raises(TypeError, match="samples"):
        separation_margin(s, [1.0])
    with pytest.raises(TypeError, match=r"samples\[0\]"):
        separation_margin(("nope",), [1.0])
    with pytest.raises(ValueError, match="kind"):
        SeparableProblem((s,), np.array([1.0]), 1.0, "weird")
    assert SeparableProblem((s,), np.array([1.0]), 1.0).kind == "given"


@pytest.mark.parametrize("eps", [1.5, 2.0])
def test_unequal_sizes_example_needs_epsilon_at_most_one(eps):
    with pytest.raises(ValueError, match="epsilon"):
        unequal_sizes_example(eps)
    assert unequal_sizes_example(1.0).margin == 1.0


def test_separable_samples_are_the_problems_samples_unverified():
    samples, theta = separable_samples(SIZES, dim=3, epsilon=0.05, rng=4)
    prob = separable_problem(SIZES, dim=3, epsilon=0.05, rng=4)
    np.testing.assert_array_equal(theta, prob.theta_star)
    for a, b in zip(samples, prob.samples, strict=True):
        np.testing.assert_array_equal(a.features, b.features)
        np.testing.assert_array_equal(a.positive, b.positive)


@pytest.mark.parametrize("kind", PROBLEM_KINDS)
def test_stacked_samples_are_separable_within_but_not_across_samples(kind):
    flat = separable_problem(SIZES, dim=2, epsilon=0.1, kind=kind, rng=6)
    tall = separable_problem(SIZES, dim=2, epsilon=0.1, kind=kind, stacked=True, rng=6)
    u = tall.theta_star / np.linalg.norm(tall.theta_star)
    np.testing.assert_array_equal(tall.theta_star, flat.theta_star)
    assert tall.margin >= 0.1  # eq. (1): every sample separable
    for below, above in zip(tall.samples, tall.samples[1:], strict=False):
        # every box of a sample lies above every box of the sample before it along theta*,
        # so its negatives lie above the previous sample's positives: theta* does not
        # separate the pooled boxes
        assert (above.features @ u).min() > (below.features @ u).max()
        assert (above.features[~above.positive] @ u).max() > (
            below.features[below.positive] @ u
        ).min()
    # the same draw, one offset along theta* per sample (the shift draws no random number)
    for a, b in zip(flat.samples, tall.samples, strict=True):
        np.testing.assert_array_equal(a.positive, b.positive)
        shift = b.features - a.features
        along = shift @ u
        np.testing.assert_allclose(shift, np.outer(along, u), atol=1e-9)
        np.testing.assert_allclose(along[~a.positive], along[~a.positive][0], atol=1e-9)


def test_stacked_one_dimensional_samples_are_not_separable_by_any_theta():
    tall = separable_problem(((2, 2), (3, 1)), dim=1, epsilon=0.2, stacked=True, rng=2)
    f = np.vstack([s.features for s in tall.samples])[:, 0]
    p = np.concatenate([s.positive for s in tall.samples])
    for theta in (1.0, -1.0):  # every theta != 0 in 1-D is one of these up to scale
        assert (f[p] * theta).min() <= (f[~p] * theta).max()


def test_runs_on_stacked_samples_are_the_runs_on_the_unstacked_ones():
    """A per-sample shift adds one constant to every score of that sample: the orderings, the
    L_ij and the updates (differences f_i - f_j) are those of the unstacked problem."""
    for seed in range(6):
        sizes = ((3, 2), (1, 4), (2, 2))
        flat = separable_problem(sizes, dim=2, epsilon=0.2, kind="duplicates", rng=seed)
        tall = separable_problem(
            sizes, dim=2, epsilon=0.2, kind="duplicates", stacked=True, rng=seed
        )
        for h in (1.0, 0.5):
            a = simulate_error_driven(flat, at_zero=h, rng=seed)
            b = simulate_error_driven(tall, at_zero=h, rng=seed)
            assert a.status == b.status == "converged"
            np.testing.assert_array_equal(a.chosen, b.chosen)
            np.testing.assert_allclose(a.thetas, b.thetas, rtol=1e-9, atol=1e-12)
            np.testing.assert_allclose(a.max_terms, b.max_terms, rtol=1e-12)


def test_integer_problems_have_integer_data_and_margin_one():
    prob = integer_problem(((3, 2), (1, 4)), dim=3, coord=2, rng=4)
    assert prob.sizes == ((3, 2), (1, 4)) and prob.epsilon == 1.0
    assert prob.margin >= 1.0
    for s in prob.samples:
        np.testing.assert_array_equal(s.features, np.round(s.features))
    np.testing.assert_array_equal(prob.theta_star, np.round(prob.theta_star))
    with pytest.raises(ValueError, match="coord"):
        integer_problem(((1, 1),), coord=0)


def test_0_1_names_stay_importable():
    assert problems_01.KINDS is PROBLEM_KINDS == ("generic", "duplicates", "collinear")
    assert problems_01.SeparableProblem is SeparableProblem
    assert set(problems_01.__all__) >= {"KINDS", "separable_problem", "unequal_sizes_example"}


def test_validate_problem_names_the_argument():
    prob = unequal_sizes_example(0.1)
    assert validate_problem(prob) is prob
    with pytest.raises(TypeError, match="problem must be .*SeparableProblem, got str"):
        validate_problem("nope")
