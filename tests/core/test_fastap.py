"""aptheory.fastap: the O(n log |P|) AP-loss and gradient equal the plain reference.

Tolerance: 1e-9 absolute on the loss and on every gradient entry (they lie in [-1, 1], except
in eq. (16)'s mixed form, where H~ >= H lets a row sum_j L_ij exceed 1; up to |N| / |P|).
The two implementations add the same float64 terms in different orders (pair by pair in the
reference, through prefix sums here), so equality is up to rounding, not bit for bit; the
Heaviside counts themselves are exact integers in both.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aptheory.core import fastap, ranking
from aptheory.strategies import at_zero_values, ranking_instances

TOL = 1e-9
SETTINGS = settings(max_examples=400, deadline=None, derandomize=True)

# (step, interpolated) pairs the reference accepts.
FORMS = [
    ("heaviside", False),
    ("heaviside", True),
    ("piecewise", False),
    ("piecewise", True),
    ("piecewise-numerator", False),
]


def assert_matches_reference(scores, positive, **options) -> None:
    """Fast and reference (loss, grad) agree to TOL; grad is float64 of the right shape."""
    loss_ref, grad_ref = ranking.ap_loss_grad(scores, positive, **options)
    loss, grad = fastap.ap_loss_grad(scores, positive, **options)
    assert isinstance(loss, float)
    assert grad.dtype == np.float64
    assert grad.shape == np.shape(scores)
    assert abs(loss - loss_ref) <= TOL, (loss, loss_ref, options)
    np.testing.assert_allclose(grad, grad_ref, rtol=0, atol=TOL, err_msg=str(options))


forms = st.sampled_from(FORMS)
deltas = st.sampled_from([1.0, 0.5, 0.25, 2.0, 1e-3])


@SETTINGS
@given(ranking_instances(max_size=14, ties=True), forms, at_zero_values(), deltas)
def test_matches_reference_with_ties(instance, form, at_zero, delta):
    step, interpolated = form
    assert_matches_reference(
        instance.scores,
        instance.positive,
        step=step,
        interpolated=interpolated,
        at_zero=at_zero,
        delta=delta,
    )


@SETTINGS
@given(
    ranking_instances(max_size=14, ties=False, bound=50.0),
    forms,
    st.floats(0.0, 1.0),
    st.floats(1e-2, 10.0),
)
def test_matches_reference_distinct_scores(instance, form, at_zero, delta):
    step, interpolated = form
    assert_matches_reference(
        instance.scores,
        instance.positive,
        step=step,
        interpolated=interpolated,
        at_zero=at_zero,
        delta=delta,
    )


@st.composite
def tie_heavy_instances(draw):
    """Scores on a grid of step delta / 2, so that many pairs sit exactly on 0 and +-delta."""
    n = draw(st.integers(1, 16))
    delta = draw(st.sampled_from([1.0, 0.5, 2.0]))
    ints = draw(st.lists(st.integers(-4, 4), min_size=n, max_size=n))
    scores = np.asarray(ints, dtype=np.float64) * (delta / 2.0)
    positive = np.asarray(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    positive[draw(st.integers(0, n - 1))] = True
    return scores, positive, delta


@SETTINGS
@given(tie_heavy_instances(), forms, at_zero_values())
def test_matches_reference_on_breakpoints(example, form, at_zero):
    scores, positive, delta = example
    step, interpolated = form
    assert_matches_reference(
        scores, positive, step=step, interpolated=interpolated, at_zero=at_zero, delta=delta
    )


# ------------------------------------------------------------------------ explicit cases


def explicit_cases():
    rng = np.random.default_rng(6)
    cases = {
        "single positive": (np.array([0.3, -1.0, 2.0, 0.3, 0.29]), [1, 0, 0, 0, 0]),
        "single positive alone": (np.array([1.5]), [1]),
        "no negatives": (np.array([0.5, -0.5, 0.5, 3.0]), [1, 1, 1, 1]),
        "all scores equal": (np.zeros(9), [1, 0, 0, 1, 0, 1, 0, 0, 0]),
        "all equal, one positive": (np.full(6, 7.25), [0, 0, 0, 1, 0, 0]),
        "spread far beyond delta": (rng.uniform(-1e3, 1e3, 40), rng.random(40) < 0.4),
        "all within delta": (rng.uniform(-0.2, 0.2, 40), rng.random(40) < 0.4),
        "ties across labels": (np.repeat([-1.0, 0.0, 1.0], 7), np.tile([1, 0, 0, 1, 0, 0, 0], 3)),
        "offset scores": (1e4 + rng.normal(0, 1, 30), rng.random(30) < 0.3),
        "on both window edges": (np.array([0.0, 1.0, -1.0, 2.0, -2.0, 0.0]), [1, 0, 0, 1, 0, 0]),
    }
    out = []
    for name, (scores, positive) in cases.items():
        positive = np.asarray(positive, dtype=bool)
        positive[0] = True
        out.append(pytest.param(scores, positive, id=name))
    return out


@pytest.mark.parametrize("scores, positive", explicit_cases())
@pytest.mark.parametrize("step, interpolated", FORMS)
@pytest.mark.parametrize("at_zero", [0.0, 0.5, 1.0])
def test_explicit_cases(scores, positive, step, interpolated, at_zero):
    for delta in (1.0, 0.05):
        assert_matches_reference(
            scores, positive, step=step, interpolated=interpolated, at_zero=at_zero, delta=delta
        )


def test_no_negatives_gives_zero():
    for step, interpolated in FORMS:
        loss, grad = fastap.ap_loss_grad(
            np.array([1.0, 2.0, 2.0]), np.ones(3, bool), step=step, interpolated=interpolated
        )
        assert loss == 0.0
        assert np.all(grad == 0.0)


def test_all_equal_heaviside_values():
    """All scores tied, H(0) = 1: every positive has rank n and rank+ |P| (exact values)."""
    scores, positive = np.zeros(5), np.array([1, 1, 0, 0, 0], bool)
    loss, grad = fastap.ap_loss_grad(scores, positive, at_zero=1.0)
    assert loss == pytest.approx(1.0 - 2.0 / 5.0, abs=1e-15)
    np.testing.assert_allclose(grad, [-0.6 / 2, -0.6 / 2, 0.2, 0.2, 0.2], atol=1e-15)


@pytest.mark.parametrize("step, interpolated", FORMS)
def test_float32_input(step, interpolated):
    rng = np.random.default_rng(32)
    scores = rng.normal(0, 1, 200).astype(np.float32)
    scores[:20] = np.float32(0.5)  # ties survive the cast
    positive = rng.random(200) < 0.2
    positive[0] = True
    assert_matches_reference(scores, positive, step=step, interpolated=interpolated)
    _, grad = fastap.ap_loss_grad(scores, positive, step=step, interpolated=interpolated)
    assert grad.dtype == np.float64


@pytest.mark.parametrize("step, interpolated", FORMS)
@pytest.mark.parametrize("ties", [False, True])
def test_large_instance_uses_the_cell_table(step, interpolated, ties):
    """Above GRID_MIN_VALUES the negatives are binned through the cell table: still exact."""
    rng = np.random.default_rng(7 + ties)
    n_pos, n_neg = 40, 3 * fastap.GRID_MIN_VALUES
    scores = np.concatenate([rng.normal(1, 1, n_pos), rng.normal(-1, 1, n_neg)])
    if ties:
        scores = np.round(scores * 4) / 4  # many exact ties and pairs at exactly +-delta
    positive = np.zeros(scores.size, bool)
    positive[:n_pos] = True
    perm = rng.permutation(scores.size)
    assert_matches_reference(
        scores[perm], positive[perm], step=step, interpolated=interpolated, at_zero=0.5
    )


@pytest.mark.parametrize("step, interpolated", FORMS)
def test_delta_below_float_spacing(step, interpolated):
    """delta = 1 is below the float spacing (16) near 1e17: ties must still get H~(0) = 1/2."""
    big = np.array([1e17, 1e17, 1e17 + 16, 1e17 - 16, 1e17, 3e17])
    positive = np.array([1, 0, 1, 0, 0, 0], bool)
    assert_matches_reference(big, positive, step=step, interpolated=interpolated, at_zero=0.5)


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")  # the reference's
@pytest.mark.parametrize("interpolated", [False, True])
@pytest.mark.parametrize("at_zero", [0.0, 0.5, 1.0])
def test_heaviside_is_exact_at_any_magnitude(interpolated, at_zero):
    """The Heaviside form only compares scores, so it is exact up to the float limit.

    (The H~ forms are not tested here: their error grows like eps * n * spread / delta, see
    the module docstring, and spread / delta = 1e300 is outside that bound.)
    """
    huge = np.array([1e300, -1e300, 0.0, 1e300, -1e300, 5e-324, -np.finfo(float).max])
    positive = np.array([1, 0, 1, 0, 1, 0, 0], bool)
    assert_matches_reference(huge, positive, interpolated=interpolated, at_zero=at_zero)


def test_gradient_balances_and_loss_matches_positive_gradients():
    """sum_j g_j = -sum_i g_i (each L_ij enters once with each sign); loss = -sum_i g_i."""
    rng = np.random.default_rng(11)
    scores = np.concatenate([rng.normal(1, 1, 300), rng.normal(-1, 1, 30000)])
    positive = np.zeros(scores.size, bool)
    positive[:300] = True
    for step, interpolated in FORMS:
        loss, grad = fastap.ap_loss_grad(scores, positive, step=step, interpolated=interpolated)
        assert abs(grad.sum()) <= 1e-12 * scores.size
        assert loss == pytest.approx(-grad[positive].sum(), abs=1e-12)
        assert np.all(grad[~positive] >= 0.0) and np.all(grad[positive] <= 0.0)


# ----------------------------------------------------------------------------- bin_index


@st.composite
def breaks_and_values(draw):
    grid = st.integers(-6, 6).map(lambda k: k / 2.0)
    breaks = np.sort(np.asarray(draw(st.lists(grid, min_size=1, max_size=20)), dtype=float))
    finite = st.floats(allow_nan=False, allow_infinity=False)
    values = draw(st.lists(st.one_of(grid, finite), min_size=0, max_size=60))
    return breaks, np.asarray(values, dtype=np.float64)


@SETTINGS
@given(breaks_and_values())
def test_bin_index_equals_searchsorted(example):
    breaks, values = example
    expected = np.searchsorted(breaks, values, side="left")
    for grid in (True, False, None):
        got = fastap.bin_index(breaks, values, grid=grid)
        np.testing.assert_array_equal(got, expected)


@st.composite
def breaks_and_near_values(draw):
    """Distinct-ish breakpoints (many cells with exactly one) and values on and next to them."""
    floats = st.floats(-8.0, 8.0, allow_nan=False, allow_subnormal=False)
    breaks = np.sort(np.asarray(draw(st.lists(floats, min_size=2, max_size=30)), dtype=float))
    picks = st.integers(0, breaks.size - 1).map(lambda k: float(breaks[k]))
    nudged = st.tuples(picks, st.sampled_from([-np.inf, np.inf])).map(
        lambda pair: float(np.nextafter(*pair))
    )
    values = draw(st.lists(st.one_of(picks, nudged, floats), min_size=1, max_size=80))
    return breaks, np.asarray(values, dtype=np.float64)


@SETTINGS
@given(breaks_and_near_values(), st.booleans())
def test_codes_with_cell_table_equal_binary_search(example, split_ties):
    """The table path of the scores' codes (one, several or no breakpoint per cell) is exact."""
    breaks, values = example
    table = fastap._cell_table(breaks, values.size)
    expected = fastap._codes_exact(breaks, values, split_ties)
    if table is not None:
        got, coordinate = fastap._codes(breaks, values, split_ties, table)
        np.testing.assert_array_equal(got, expected)
        assert np.all(np.diff(coordinate[np.argsort(values, kind="stable")]) >= 0)
    np.testing.assert_array_equal(
        fastap.bin_index(breaks, values, grid=True), np.searchsorted(breaks, values)
    )


def test_bin_index_extremes():
    finfo = np.finfo(np.float64)
    breaks = np.array([-finfo.max, -1.0, -1.0, 0.0, 5e-324, 1.0, finfo.max])
    values = np.array([-finfo.max, -1e308, -1.0, -0.0, 0.0, 5e-324, 1e-300, 1.0, 2.0, finfo.max])
    for b in (breaks, breaks[1:-1], breaks[2:4]):
        np.testing.assert_array_equal(
            fastap.bin_index(b, values, grid=True), np.searchsorted(b, values)
        )


@pytest.mark.parametrize(
    "breaks, match",
    [
        ([0.0, 2.0, 1.0], "sorted"),
        ([1.0, 0.0], "sorted"),
        ([0.0, np.nan, 1.0], "finite"),
        ([0.0, np.inf], "finite"),
        ([-np.inf, 0.0], "finite"),
        ([[0.0, 1.0]], "1-D"),
    ],
)
@pytest.mark.parametrize("grid", [True, False, None])
def test_bin_index_rejects_unsorted_or_non_finite_breaks(breaks, match, grid):
    with pytest.raises(ValueError, match=f"^breaks must be .*{match}"):
        fastap.bin_index(np.array(breaks), np.array([0.5, 1.5]), grid=grid)


# ---------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    "scores, positive, options, error, match",
    [
        ([0.0, np.nan], [True, False], {}, ValueError, "scores"),
        ([0.0, np.inf], [True, False], {}, ValueError, "scores"),
        ([0.0, 1.0], [True], {}, ValueError, "positive"),
        ([[0.0, 1.0]], [[True, False]], {}, ValueError, "scores"),
        ([0.0, 1.0], [False, False], {}, ValueError, "positive"),
        ([0.0, 1.0], [2, 0], {}, ValueError, "positive"),
        ([0.0, 1.0], [1.0, 0.0], {}, TypeError, "positive"),
        ([], [], {}, ValueError, "empty"),
        ([True, False], [True, False], {}, TypeError, "scores"),
        ([0.0, 1.0], [True, False], {"delta": 0.0}, ValueError, "delta"),
        ([0.0, 1.0], [True, False], {"delta": -1.0}, ValueError, "delta"),
        ([0.0, 1.0], [True, False], {"delta": np.inf}, ValueError, "delta"),
        ([0.0, 1.0], [True, False], {"step": "sigmoid"}, ValueError, "step"),
        ([0.0, 1.0], [True, False], {"at_zero": 1.5}, ValueError, "at_zero"),
        ([0.0, 1.0], [True, False], {"at_zero": "1"}, TypeError, "at_zero"),
        ([0.0, 1.0], [True, False], {"interpolated": 1}, TypeError, "interpolated"),
        (
            [0.0, 1.0],
            [True, False],
            {"interpolated": True, "step": "piecewise-numerator"},
            ValueError,
            "interpolated",
        ),
    ],
)
def test_bad_input_raises_like_the_reference(scores, positive, options, error, match):
    with pytest.raises(error, match=match):
        fastap.ap_loss_grad(scores, positive, **options)
    with pytest.raises(error):
        ranking.ap_loss_grad(scores, positive, **options)
