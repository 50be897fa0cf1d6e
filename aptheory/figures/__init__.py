"""The figure registry: every section's ``figures`` module, its ``draw_NAME`` and ``fig_NAME``.

A figure ``<section>_<short>`` is two public functions of ``aptheory/sections/<section>/
figures.py``:

- ``draw_<short>(*, preset="slide") -> Figure`` draws it (fixed seeds and sizes; every other
  argument optional) on a :class:`~aptheory.figures.style.StyledFigure`, in the one style
  of :mod:`aptheory.figures.style` (no pyplot, no global backend: in Jupyter the returned
  figure shows itself inline);
- ``fig_<short>(out_dir, *, fmt="png", preset="slide") -> Path`` writes it, as
  ``save_figure(draw_<short>(preset=preset), out_dir / f"<section>_<short>.{fmt}")``
  (:func:`aptheory.core.io.save_figure`: atomic, the same bytes on every run in each format).

The ``fig_`` functions are what is registered (:func:`figure_registry`);
:func:`draw_figure` finds the ``draw_`` function of a name. The sections are named below as
import paths and loaded only when a figure is asked for. The names of version 0.1
(``convergence_*``, ``smoothing_*``) are still accepted.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FigureFn = Callable[..., Path]

__all__ = [
    "FIGURE_ALIASES",
    "FIGURE_SECTIONS",
    "FORMATS",
    "PRESET_NAMES",
    "FigureFn",
    "draw_figure",
    "figure_registry",
    "make_figures",
]

#: The file formats of ``aptheory figures --format`` (each byte-identical across runs).
FORMATS: tuple[str, ...] = ("png", "pdf", "svg")
#: The sizes of ``aptheory figures --preset`` (:data:`aptheory.figures.style.PRESETS`).
PRESET_NAMES: tuple[str, ...] = ("slide", "paper")

FIGURE_SECTIONS: dict[str, str] = {
    "ranking": "aptheory.sections.ranking.figures",
    "separable": "aptheory.sections.separable.figures",
    "smoothed": "aptheory.sections.smoothed.figures",
    "inseparable": "aptheory.sections.inseparable.figures",
    "detection": "aptheory.sections.detection.figures",
}
FIGURE_ALIASES: dict[str, str] = {
    "convergence_envelopes": "separable_envelopes",
    "convergence_margin": "separable_margin",
    "smoothing_basins": "smoothed_basins",
    "smoothing_contour": "smoothed_contour",
    "smoothing_loss_curves": "smoothed_loss_curves",
    "smoothing_region15": "smoothed_region15",
    "smoothing_tau": "smoothed_tau",
}


def figure_registry() -> dict[str, FigureFn]:
    """Name -> figure function ``fig_<short>`` over every section, sorted by name."""
    found: dict[str, FigureFn] = {}
    for section, path in FIGURE_SECTIONS.items():
        module = importlib.import_module(path)
        for attr in sorted(vars(module)):
            fn: Any = getattr(module, attr)
            if attr.startswith("fig_") and callable(fn) and fn.__module__ == module.__name__:
                found[f"{section}_{attr.removeprefix('fig_')}"] = fn
    return dict(sorted(found.items()))


def _check_choice(value: Any, name: str, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return value


def draw_figure(name: str, *, preset: str = "slide") -> Figure:
    """The figure ``name`` (or its 0.1 alias) drawn by its section's ``draw_<short>``.

    Raises
    ------
    ValueError
        If ``name`` is not a registered figure, or ``preset`` not a preset name.
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, got {type(name).__name__}")
    _check_choice(preset, "preset", PRESET_NAMES)
    name = FIGURE_ALIASES.get(name, name)
    if name not in figure_registry():
        raise ValueError(f"unknown figure name {name!r}; see `aptheory figures --list`")
    section = next(s for s in FIGURE_SECTIONS if name.startswith(f"{s}_"))
    module = importlib.import_module(FIGURE_SECTIONS[section])
    short = name.removeprefix(f"{section}_")
    draw = getattr(module, f"draw_{short}", None)
    if draw is None:
        raise LookupError(f"figure {name!r} has no function draw_{short} in {module.__name__}")
    return draw(preset=preset)


def make_figures(
    out_dir: str | Path,
    names: Sequence[str] | None = None,
    *,
    fmt: str = "png",
    preset: str = "slide",
    progress: Any = None,
) -> list[Path]:
    """Write the named figures (all by default) under ``out_dir``; return their paths.

    Parameters
    ----------
    out_dir : path
        The folder (created if missing).
    names : sequence of str, optional
        Figure names or their 0.1 aliases; each figure is made once.
    fmt : {"png", "pdf", "svg"}
        File format: ``<name>.<fmt>``.
    preset : {"slide", "paper"}
        Size (:mod:`aptheory.figures.style`); the committed PNGs are ``"slide"``.
    progress : optional
        An object with ``step(name)``, called after each figure.
    """
    _check_choice(fmt, "fmt", FORMATS)
    _check_choice(preset, "preset", PRESET_NAMES)
    reg = figure_registry()
    chosen: list[str] = []
    for n in names or reg:
        n = FIGURE_ALIASES.get(n, n)
        if n not in chosen:
            chosen.append(n)
    unknown = [n for n in chosen if n not in reg]
    if unknown:
        raise ValueError(f"unknown figure name(s) {unknown}; see `aptheory figures --list`")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in chosen:
        path = reg[name](out, fmt=fmt, preset=preset)
        if path.name != f"{name}.{fmt}":
            raise RuntimeError(f"figure {name} wrote {path.name}, not {name}.{fmt}")
        paths.append(path)
        if progress is not None:
            progress.step(name)
    return paths
