"""Your own classification loss in the comparison: ``aptheory detection --loss MODULE:FUNCTION``.

The contract
------------
``FUNCTION(scores, positive) -> (loss, grad)``, called once per training step:

* ``scores``: a 1-D float64 array, the scores s[a, c] of every (anchor, class) pair of the
  minibatch whose anchor is not ignored (IoU between the two thresholds), flattened in
  (image, anchor, class) order: one ranking over the whole minibatch, as AP-loss's;
* ``positive``: a boolean array of the same shape, True where anchor a is a positive of
  class c (at least one is True);
* ``loss``: a finite real number (recorded, not used by the update);
* ``grad``: a finite real array of the shape of ``scores``, the gradient of ``loss`` with
  respect to ``scores`` (or an update direction such as AP-loss's error-driven one). The
  scorer's parameters follow it by the chain rule and Adam, exactly as for the built-in losses.

The trained model ranks (and NMS keeps) detections by the raw score s, as for the built-in
ranking losses. ``MODULE`` is an importable module name (``mypkg.losses``; the current
directory is searched too) or the path of a ``.py`` file; ``FUNCTION`` a function defined in
it. What it returns is checked at every call, and once before any training on a small
ranking (:func:`probe_user_loss`); anything else (wrong shape, NaN or inf, not a pair, an
exception) stops the run with a one-line ``ValueError`` that names the ``--loss``.

For example, the logistic loss over all pairs (``aptheory detection --loss mine.py:logistic``)::

    import numpy as np

    def logistic(scores, positive):
        y = np.where(positive, 1.0, -1.0)
        loss = np.logaddexp(0.0, -y * scores).sum() / positive.sum()
        grad = -y / (1.0 + np.exp(y * scores)) / positive.sum()
        return loss, grad
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["UserLoss", "check_user_loss_output", "load_user_loss", "probe_user_loss"]

RankFn = Callable[[NDArray[np.float64], NDArray[np.bool_]], Any]


@dataclass(frozen=True)
class UserLoss:
    """A user's loss: its ``MODULE:FUNCTION`` specification and the function it names."""

    spec: str
    function: RankFn

    def __call__(
        self, scores: NDArray[np.float64], positive: NDArray[np.bool_]
    ) -> tuple[float, NDArray[np.float64]]:
        """Call the function on a copy of the inputs and check what it returns."""
        try:
            result = self.function(scores.copy(), positive.copy())
        except Exception as exc:  # the user's code: one line, naming the option
            raise ValueError(f"--loss {self.spec}: raised {_one_line(exc)}") from exc
        return check_user_loss_output(result, scores.shape, self.spec)


def _one_line(exc: BaseException) -> str:
    """``Type: message`` on one line."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def check_user_loss_output(
    result: Any, shape: tuple[int, ...], spec: str
) -> tuple[float, NDArray[np.float64]]:
    """``(loss, grad)`` as (float, float64 array of ``shape``), or a one-line ``ValueError``.

    The loss must be a finite real number and ``grad`` a finite real array of the shape of
    the scores (see the contract in :mod:`aptheory.sections.detection.userloss`).
    """
    where = f"--loss {spec}"
    if not isinstance(result, tuple | list) or len(result) != 2:
        raise ValueError(f"{where}: must return a pair (loss, grad), got {type(result).__name__}")
    loss, grad = result
    value = np.asarray(loss)
    if value.dtype == bool or value.ndim != 0 or not np.issubdtype(value.dtype, np.number):
        raise ValueError(f"{where}: the loss must be a real number, got {_describe(loss)}")
    if np.iscomplexobj(value) or not np.isfinite(value):
        raise ValueError(f"{where}: the loss must be finite and real, got {loss!r}")
    g = np.asarray(grad)
    if g.dtype == bool or not (
        np.issubdtype(g.dtype, np.floating) or np.issubdtype(g.dtype, np.integer)
    ):
        raise ValueError(f"{where}: grad must be a real array, got {_describe(grad)}")
    if g.shape != tuple(shape):
        raise ValueError(
            f"{where}: grad must have the shape of scores {tuple(shape)}, got {g.shape}"
        )
    if not np.all(np.isfinite(g)):
        bad = int(np.count_nonzero(~np.isfinite(g)))
        raise ValueError(f"{where}: grad must be finite, got {bad} NaN or inf value(s)")
    return float(value), g.astype(np.float64)


def _describe(x: Any) -> str:
    """A short description of a returned value for an error message."""
    arr = np.asarray(x) if not isinstance(x, str) else None
    if arr is not None and arr.dtype != object:
        return f"{type(x).__name__} of dtype {arr.dtype} and shape {arr.shape}"
    return type(x).__name__


def load_user_loss(spec: str) -> UserLoss:
    """The function ``FUNCTION`` of ``MODULE`` named by ``spec = "MODULE:FUNCTION"``.

    ``MODULE`` is a path to a ``.py`` file (anything ending in ``.py`` or naming an existing
    file) or an importable module name (the current directory searched too). Raises a
    one-line ``ValueError`` naming ``--loss`` for a malformed ``spec``, a module that cannot
    be imported (its error on one line), a missing name or one that is not callable. The
    function is not called here (:func:`probe_user_loss` does).
    """
    if not isinstance(spec, str):
        raise TypeError(f"--loss must be a str MODULE:FUNCTION, got {type(spec).__name__}")
    module_name, sep, function_name = spec.rpartition(":")
    if not sep or not module_name or not function_name.isidentifier():
        raise ValueError(f"--loss must be MODULE:FUNCTION, got {spec!r}")
    path = Path(module_name)
    is_file = module_name.endswith(".py") or path.is_file()
    if is_file and not path.is_file():
        raise ValueError(f"--loss {spec}: no such file {module_name!r}")
    try:
        module = _load_file(path) if is_file else _import_here(module_name)
    except Exception as exc:  # ImportError, SyntaxError, anything its top level raises
        raise ValueError(f"--loss {spec}: cannot import {module_name} ({_one_line(exc)})") from exc
    function = getattr(module, function_name, None)
    if function is None:
        raise ValueError(f"--loss {spec}: {module_name} has no attribute {function_name!r}")
    if not callable(function):
        raise ValueError(f"--loss {spec}: {function_name} is not callable")
    return UserLoss(spec=spec, function=function)


def _import_here(name: str) -> Any:
    """Import the module ``name``, with the current directory searched too (as ``python -m``
    does; a console script's path does not have it)."""
    here = os.getcwd()
    if here in sys.path:
        return importlib.import_module(name)
    sys.path.insert(0, here)
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(here)


def _load_file(path: Path) -> Any:
    """Import the ``.py`` file at ``path`` as a module of its own (not added to sys.path)."""
    name = f"aptheory_user_loss_{zlib.crc32(str(path.resolve()).encode()):08x}"
    module_spec = importlib.util.spec_from_file_location(name, path)
    if module_spec is None or module_spec.loader is None:
        raise ImportError(f"{str(path)!r} is not a Python module")
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[name] = module
    try:
        module_spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


def probe_user_loss(loss: UserLoss) -> None:
    """Call ``loss`` once on a small ranking (8 scores, 2 positives) and check its output, so
    that a loss that returns the wrong shape or NaN is refused before any training."""
    if not isinstance(loss, UserLoss):
        raise TypeError(f"loss must be a UserLoss, got {type(loss).__name__}")
    scores = np.linspace(-1.0, 1.0, 8)
    positive = np.zeros(8, dtype=bool)
    positive[[1, 5]] = True
    loss(scores, positive)
