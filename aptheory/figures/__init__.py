"""The figure registry: every module here defines one or more ``fig_NAME(out_dir) -> Path``.

Figures are discovered, not listed: a module ``aptheory/figures/<topic>.py`` whose functions
are named ``fig_<name>`` contributes the figures ``<name>``. Each function draws with the Agg
backend, uses fixed seeds and sizes, and writes ``out_dir / "<name>.png"`` through
:func:`aptheory.io.save_figure` (atomic, metadata-free).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

FigureFn = Callable[[Path], Path]

__all__ = ["FigureFn", "figure_registry", "make_figures"]


def figure_registry() -> dict[str, FigureFn]:
    """Name -> figure function, over all modules of this package, sorted by name."""
    found: dict[str, FigureFn] = {}
    for mod in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if mod.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{mod.name}")
        for attr in sorted(vars(module)):
            fn = getattr(module, attr)
            if attr.startswith("fig_") and callable(fn) and fn.__module__ == module.__name__:
                name = attr.removeprefix("fig_")
                if name in found:
                    raise ValueError(f"figure {name!r} is defined twice")
                found[name] = fn
    return dict(sorted(found.items()))


def make_figures(
    out_dir: str | Path, names: Sequence[str] | None = None, *, progress=None
) -> list[Path]:
    """Regenerate the named figures (all by default) under ``out_dir``; return their paths."""
    reg = figure_registry()
    chosen = list(reg) if not names else list(names)
    unknown = [n for n in chosen if n not in reg]
    if unknown:
        raise ValueError(f"unknown figure name(s) {unknown}; see `aptheory figures --list`")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in chosen:
        paths.append(reg[name](out))
        if progress is not None:
            progress.step(name)
    return paths
