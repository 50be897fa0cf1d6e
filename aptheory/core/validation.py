"""One validation vocabulary, applied once at each public boundary.

Every public function of the package validates its arguments with the checks below and then
hands validated values (Python floats and ints, float64 and bool arrays) to inner functions,
which do not check again. Each check returns the cleaned value and raises ``TypeError`` (wrong
kind of value) or ``ValueError`` (right kind, wrong value) with a one-line message that names
the argument, in the style ``"delta must be finite and > 0, got -1.0"``.

- numbers: :func:`check_real`, :func:`check_positive`, :func:`check_nonnegative`,
  :func:`check_unit_interval`, :func:`check_int`, :func:`check_int_range`, :func:`check_bool`;
- names: :func:`check_choice`; containers: :func:`check_tuple`;
- the supplement's parameters: :func:`check_delta`, :func:`check_tau`, :func:`check_at_zero`,
  :func:`check_step`, :func:`check_seed`;
- arrays: :func:`check_real_array`, :func:`check_labels`, :func:`validate_ranking`
  (one ranking instance ``(scores, positive)``) and :func:`check_pair_matrix_size` (the memory
  guard of the plain O(|P| (|P| + |N|)) reference functions).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, TypeVar, cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "MAX_PAIR_MATRIX_BYTES",
    "STEPS",
    "check_at_zero",
    "check_bool",
    "check_choice",
    "check_delta",
    "check_int",
    "check_int_array",
    "check_int_range",
    "check_labels",
    "check_nonnegative",
    "check_pair_matrix_size",
    "check_positive",
    "check_real",
    "check_real_array",
    "check_real_range",
    "check_seed",
    "check_step",
    "check_tau",
    "check_tuple",
    "check_unit_interval",
    "validate_ranking",
]

STEPS: tuple[str, ...] = ("heaviside", "piecewise", "piecewise-numerator")
MAX_PAIR_MATRIX_BYTES = 1 << 30  # 1 GiB: the reference functions refuse larger pair matrices

_REAL = (int, float, np.integer, np.floating)


def check_real(value: Any, name: str) -> float:
    """``value`` as a finite float, or raise naming ``name``."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, _REAL):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    out = float(value)
    if not math.isfinite(out):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return out


def check_positive(value: Any, name: str) -> float:
    """``value`` as a float, or raise naming ``name`` if it is not a finite number > 0."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, _REAL):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    out = float(value)
    if not math.isfinite(out) or out <= 0:
        raise ValueError(f"{name} must be finite and > 0, got {value!r}")
    return out


def check_nonnegative(value: Any, name: str) -> float:
    """``value`` as a float, or raise naming ``name`` if it is not a finite number >= 0."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, _REAL):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    out = float(value)
    if not math.isfinite(out) or out < 0:
        raise ValueError(f"{name} must be finite and >= 0, got {value!r}")
    return out


def check_unit_interval(value: Any, name: str) -> float:
    """``value`` as a float in [0, 1], or raise naming ``name``."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, _REAL):
        raise TypeError(f"{name} must be a real number in [0, 1], got {type(value).__name__}")
    out = float(value)
    if not 0.0 <= out <= 1.0:
        raise ValueError(f"{name} must lie in [0, 1], got {value!r}")
    return out


def check_int(value: Any, name: str, minimum: int | None = None) -> int:
    """``value`` as an int (bools refused), at least ``minimum`` if given."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    out = int(value)
    if minimum is not None and out < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {out}")
    return out


def check_bool(value: Any, name: str) -> bool:
    """``value`` as a bool (Python or numpy), or raise naming ``name``."""
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be a bool, got {type(value).__name__}")
    return bool(value)


def check_tuple(value: Any, name: str, length: int | None = None) -> tuple:
    """``value`` if it is a non-empty tuple (of exactly ``length`` items when given)."""
    if not isinstance(value, tuple):
        raise TypeError(f"{name} must be a tuple, got {type(value).__name__}")
    if not value or (length is not None and len(value) != length):
        need = f"{length} items" if length is not None else "at least one item"
        raise ValueError(f"{name} must have {need}, got {value!r}")
    return value


def check_int_range(value: Any, name: str, minimum: int) -> tuple[int, int]:
    """A ``(low, high)`` tuple of ints with ``minimum <= low <= high``."""
    lo, hi = check_tuple(value, name, 2)
    lo = check_int(lo, f"{name}[0]", minimum)
    hi = check_int(hi, f"{name}[1]", minimum)
    if lo > hi:
        raise ValueError(f"{name} must be (low, high) with low <= high, got {value!r}")
    return lo, hi


def check_real_range(value: Any, name: str) -> tuple[float, float]:
    """A ``(low, high)`` tuple of finite reals with ``low <= high``."""
    lo, hi = check_tuple(value, name, 2)
    lo = check_real(lo, f"{name}[0]")
    hi = check_real(hi, f"{name}[1]")
    if lo > hi:
        raise ValueError(f"{name} must be (low, high) with low <= high, got {value!r}")
    return lo, hi


_Choice = TypeVar("_Choice", bound=str)


def check_choice(value: Any, name: str, options: Sequence[_Choice]) -> _Choice:
    """``value`` if it is one of ``options`` (strings; literal options give a literal type)."""
    if not isinstance(value, str) or value not in options:
        raise ValueError(f"{name} must be one of {', '.join(options)}; got {value!r}")
    return cast(_Choice, value)  # value is equal to one of options: a valid _Choice


def check_delta(delta: Any) -> float:
    """The half-width ``delta`` of H~ (finite and > 0)."""
    return check_positive(delta, "delta")


def check_tau(tau: Any) -> float:
    """A sigmoid temperature ``tau`` (finite and > 0)."""
    return check_positive(tau, "tau")


def check_at_zero(at_zero: Any) -> float:
    """The tie value ``H(0)``: a real number in [0, 1]."""
    return check_unit_interval(at_zero, "at_zero")


def check_step(step: Any) -> str:
    """The name of a step-function form (one of :data:`STEPS`)."""
    return check_choice(step, "step", STEPS)


def check_seed(seed: Any, name: str = "seed") -> int:
    """A seed for ``numpy.random.default_rng``: an integer >= 0."""
    return check_int(seed, name, 0)


def check_real_array(x: ArrayLike, name: str, *, ndim: int | None = None) -> NDArray[np.float64]:
    """``x`` as a finite float64 array (bools and non-numbers refused), of ``ndim`` if given."""
    arr = np.asarray(x)
    if arr.dtype == bool or not (
        np.issubdtype(arr.dtype, np.floating) or np.issubdtype(arr.dtype, np.integer)
    ):
        raise TypeError(f"{name} must be a real-valued array, got dtype {arr.dtype}")
    arr = arr.astype(np.float64, copy=False)
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or inf)")
    return arr


def check_int_array(x: ArrayLike, name: str) -> NDArray[np.int64]:
    """``x`` as an int64 array (bools, floats and non-numbers refused with ``TypeError``)."""
    arr = np.asarray(x)
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(f"{name} must be integers, got dtype {arr.dtype}")
    return arr.astype(np.int64, copy=False)


def check_labels(positive: ArrayLike, name: str = "positive") -> NDArray[np.bool_]:
    """Binary labels as a bool array: booleans, or integers that are all 0 or 1.

    The convention of scikit-learn's ``average_precision_score``: 1 (or ``True``) marks a
    positive box. Any other integer, or a float or object array, is refused.
    """
    arr = np.asarray(positive)
    if arr.dtype == np.bool_:
        return arr
    if np.issubdtype(arr.dtype, np.integer):
        if not np.isin(arr, (0, 1)).all():
            bad = arr[~np.isin(arr, (0, 1))].ravel()[0]
            raise ValueError(f"{name} must hold only 0 and 1 (or booleans), got the value {bad}")
        return arr.astype(bool)
    if arr.size == 0 and arr.dtype == np.float64:  # ``[]`` parses as an empty float array
        return arr.astype(bool)
    raise TypeError(f"{name} must be a boolean or 0/1 integer array, got dtype {arr.dtype}")


def validate_ranking(
    scores: ArrayLike, positive: ArrayLike, *, require_positive: bool = True
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Validate one ranking instance and return ``(scores, positive)`` as float64 and bool.

    ``positive`` may be booleans or 0/1 integers (:func:`check_labels`). Raises ``TypeError``
    for non-real scores or non-binary labels and ``ValueError`` for empty input, NaN/inf
    scores, a shape mismatch, non-1-D input or (by default) no positive box. Zero negatives is
    legal.
    """
    s = check_real_array(scores, "scores")
    p = check_labels(positive)
    if s.ndim != 1:
        raise ValueError(f"scores must be 1-D, got shape {s.shape}")
    if p.shape != s.shape:
        raise ValueError(f"positive has shape {p.shape} but scores has shape {s.shape}")
    if s.size == 0:
        raise ValueError("scores is empty: a ranking instance needs at least one box")
    if require_positive and not p.any():
        raise ValueError("positive must mark at least one box (|P| >= 1)")
    return s, p


def check_pair_matrix_size(n_rows: int, n_cols: int, *, what: str = "the pair matrix") -> None:
    """Refuse a float64 ``n_rows x n_cols`` matrix above :data:`MAX_PAIR_MATRIX_BYTES` (1 GiB).

    The plain reference functions build the |P| x (|P| + |N|) pair matrix; past this size
    they would take minutes or fail with ``MemoryError``, and ``aptheory.fastap`` computes
    the same numbers in O(n log |P|) time and O(n) memory.
    """
    need = 8 * int(n_rows) * int(n_cols)
    if need > MAX_PAIR_MATRIX_BYTES:
        raise ValueError(
            f"{what} would take {need / 2**30:.1f} GiB ({n_rows} x {n_cols} float64), above the "
            f"1 GiB limit of the reference implementation; use aptheory.fastap for large inputs"
        )
