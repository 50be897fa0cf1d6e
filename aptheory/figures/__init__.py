"""The figure registry: every section's ``figures`` module, its ``fig_NAME`` functions.

A function ``fig_<name>(out_dir) -> Path`` in ``aptheory/sections/<section>/figures.py``
is the figure ``<section>_<name>``: it draws with fixed seeds and sizes and writes
``out_dir / "<section>_<name>.png"`` through :func:`aptheory.core.io.save_figure` (atomic,
metadata-free, drawn on its own ``Figure`` with the Agg canvas, so no global backend is
set). The sections are named below as import paths and loaded only when a figure is asked
for. The names of version 0.1 (``convergence_*``, ``smoothing_*``) are still accepted.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

FigureFn = Callable[[Path], Path]

__all__ = ["FIGURE_ALIASES", "FIGURE_SECTIONS", "FigureFn", "figure_registry", "make_figures"]

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
    """Name -> figure function over every section, sorted by name."""
    found: dict[str, FigureFn] = {}
    for section, path in FIGURE_SECTIONS.items():
        module = importlib.import_module(path)
        for attr in sorted(vars(module)):
            fn: Any = getattr(module, attr)
            if attr.startswith("fig_") and callable(fn) and fn.__module__ == module.__name__:
                found[f"{section}_{attr.removeprefix('fig_')}"] = fn
    return dict(sorted(found.items()))


def make_figures(
    out_dir: str | Path, names: Sequence[str] | None = None, *, progress: Any = None
) -> list[Path]:
    """Regenerate the named figures (all by default) under ``out_dir``; return their paths."""
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
        path = reg[name](out)
        if path.name != f"{name}.png":
            raise RuntimeError(f"figure {name} wrote {path.name}, not {name}.png")
        paths.append(path)
        if progress is not None:
            progress.step(name)
    return paths
