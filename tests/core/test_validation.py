"""The validation vocabulary: each check returns the cleaned value or names the argument."""

import numpy as np
import pytest

from aptheory.core import validation as v


@pytest.mark.parametrize(
    "check, value, expected",
    [
        (v.check_real, 3, 3.0),
        (v.check_real, np.float32(-1.5), -1.5),
        (v.check_positive, 2, 2.0),
        (v.check_nonnegative, 0, 0.0),
        (v.check_unit_interval, 1, 1.0),
        (v.check_int, np.int64(4), 4),
        (v.check_bool, np.bool_(True), True),
    ],
)
def test_good_values_come_back_cleaned(check, value, expected):
    out = check(value, "x")
    assert out == expected and type(out) is type(expected)


@pytest.mark.parametrize(
    "check, value, error",
    [
        (v.check_real, True, TypeError),
        (v.check_real, "1", TypeError),
        (v.check_real, float("nan"), ValueError),
        (v.check_positive, 0.0, ValueError),
        (v.check_positive, float("inf"), ValueError),
        (v.check_nonnegative, -1e-300, ValueError),
        (v.check_unit_interval, 1.5, ValueError),
        (v.check_int, 1.0, TypeError),
        (v.check_int, False, TypeError),
        (v.check_bool, 1, TypeError),
    ],
)
def test_bad_values_name_the_argument(check, value, error):
    with pytest.raises(error, match="^the_arg "):
        check(value, "the_arg")


def test_int_minimum_range_tuple_and_choice():
    assert v.check_int(3, "n", 1) == 3
    with pytest.raises(ValueError, match="n must be >= 1"):
        v.check_int(0, "n", 1)
    assert v.check_int_range((2, 5), "sizes", 1) == (2, 5)
    for bad, error in [((5, 2), ValueError), ((0, 2), ValueError), ([1, 2], TypeError)]:
        with pytest.raises(error, match="sizes"):
            v.check_int_range(bad, "sizes", 1)
    with pytest.raises(ValueError, match="t must have 2 items"):
        v.check_tuple((1,), "t", 2)
    assert v.check_choice("le", "kind", ("le", "eq")) == "le"
    with pytest.raises(ValueError, match="kind must be one of le, eq"):
        v.check_choice("ge", "kind", ("le", "eq"))


def test_the_supplements_parameters():
    assert v.check_delta(0.5) == 0.5 and v.check_tau(2) == 2.0 and v.check_at_zero(0) == 0.0
    assert v.check_step("piecewise") == "piecewise" and v.check_seed(0) == 0
    for fn, bad, name in [
        (v.check_delta, 0, "delta"),
        (v.check_tau, -1, "tau"),
        (v.check_at_zero, 2, "at_zero"),
        (v.check_step, "sigmoid", "step"),
        (v.check_seed, -1, "seed"),
    ]:
        with pytest.raises(ValueError, match=name):
            fn(bad)


def test_labels_take_booleans_and_zero_one_integers():
    assert v.check_labels([True, False]).dtype == np.bool_
    np.testing.assert_array_equal(v.check_labels(np.array([1, 0, 1])), [True, False, True])
    with pytest.raises(ValueError, match="positive must hold only 0 and 1.*2"):
        v.check_labels([1, 2])
    with pytest.raises(TypeError, match="positive"):
        v.check_labels([0.0, 1.0])
    with pytest.raises(TypeError, match="positive"):
        v.check_labels(["a"])


def test_validate_ranking():
    s, p = v.validate_ranking([1, 2], [1, 0])
    assert s.dtype == np.float64 and p.dtype == np.bool_
    assert v.validate_ranking([1.0], [False], require_positive=False)[1].tolist() == [False]
    for scores, positive, error, match in [
        ([], [], ValueError, "scores is empty"),
        ([1.0], [False], ValueError, r"\|P\| >= 1"),
        ([1.0, 2.0], [True], ValueError, "shape"),
        ([[1.0]], [[True]], ValueError, "1-D"),
        ([np.nan], [True], ValueError, "finite"),
        ([True], [True], TypeError, "scores"),
    ]:
        with pytest.raises(error, match=match):
            v.validate_ranking(scores, positive)


def test_pair_matrix_guard():
    v.check_pair_matrix_size(1000, 1000)
    with pytest.raises(ValueError, match="1 GiB.*fastap"):
        v.check_pair_matrix_size(1000, 1_000_000)
