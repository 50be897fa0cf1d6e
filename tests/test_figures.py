"""Every registered figure: the committed bytes, the one style, every format byte-identical.

The style rules of :mod:`aptheory.figures.style` are checked on the drawn ``Figure`` objects:
every text at least 9 pt at the saved size, every axes labelled (pictures and colour bars
excepted explicitly), legends outside the data and every title and label inside the figure and
clear of the legends. Each figure is drawn once per session (slide preset, the committed one);
the paper preset is checked on a cheap subset.
"""

from __future__ import annotations

import inspect
import os
import re
import struct
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from aptheory.cli import main
from aptheory.core.io import save_figure
from aptheory.figures import (
    FIGURE_ALIASES,
    FIGURE_SECTIONS,
    FORMATS,
    PRESET_NAMES,
    draw_figure,
    figure_registry,
    make_figures,
)
from aptheory.figures.style import MIN_FONT_SIZE, PAPER, PICTURE, PRESETS, SLIDE, StyledFigure

NAMES = list(figure_registry())
COMMITTED = Path(__file__).resolve().parents[1] / "figures"
CHEAP = ["ranking_gradient", "separable_envelopes"]  # under a second each
PAPER_SUBSET = [
    "ranking_gradient",
    "separable_margin",
    "smoothed_loss_curves",
    "inseparable_online",
]
TOLERANCE = 1.0  # pixels: how far a bounding box may reach over another (anti-aliasing)


@dataclass(frozen=True)
class Drawn:
    """A figure drawn and saved once: the Figure, its PNG bytes, a renderer of its layout."""

    fig: Figure
    png: bytes
    renderer: object


def _draw(name: str, preset: str, folder: Path) -> Drawn:
    fig = draw_figure(name, preset=preset)
    png = save_figure(fig, folder / f"{name}.png").read_bytes()  # as `aptheory figures` does
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)  # the layout that was saved, for the bounding boxes below
    return Drawn(fig, png, renderer)


def _draw_all(names, preset: str, folder: Path) -> dict[str, Drawn | Exception]:
    """name -> Drawn, or the exception its drawing raised (reported by that figure's tests
    only, so one broken figure does not hide the others)."""
    found: dict[str, Drawn | Exception] = {}
    for name in names:
        try:
            found[name] = _draw(name, preset, folder)
        except Exception as exc:  # noqa: BLE001 - re-raised by _get
            found[name] = exc
    return found


def _get(found: dict[str, Drawn | Exception], name: str) -> Drawn:
    value = found[name]
    if isinstance(value, Exception):
        raise value
    return value


@pytest.fixture(scope="session")
def drawn(tmp_path_factory) -> dict[str, Drawn | Exception]:
    """Every figure, slide preset: name -> Drawn."""
    return _draw_all(NAMES, "slide", tmp_path_factory.mktemp("figures"))


@pytest.fixture(scope="session")
def drawn_paper(tmp_path_factory) -> dict[str, Drawn | Exception]:
    """The paper preset of :data:`PAPER_SUBSET`: name -> Drawn."""
    return _draw_all(PAPER_SUBSET, "paper", tmp_path_factory.mktemp("figures-paper"))


def _cases():
    return [pytest.param((n, "slide"), id=n) for n in NAMES] + [
        pytest.param((n, "paper"), id=f"{n}-paper") for n in PAPER_SUBSET
    ]


@pytest.fixture
def figure(request, drawn, drawn_paper) -> Drawn:
    name, preset = request.param
    return _get(drawn if preset == "slide" else drawn_paper, name)


def _png_size(data: bytes) -> tuple[int, int]:
    return struct.unpack(">II", data[16:24])


# --------------------------------------------------------------------- committed bytes


@pytest.mark.parametrize("name", NAMES)
def test_figure_regenerates_the_committed_bytes(drawn, name):
    data = _get(drawn, name).png
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"Software" not in data and b"Creation" not in data
    assert data == (COMMITTED / f"{name}.png").read_bytes(), (
        f"{name}.png differs from figures/: with the pinned versions of constraints.txt the "
        "bytes must be the same (regenerate with `aptheory figures` if the change is wanted)"
    )


@pytest.mark.parametrize("name", NAMES)
def test_committed_figures_are_16_9_slides_at_160_dpi(drawn, name):
    d = _get(drawn, name)
    assert isinstance(d.fig, StyledFigure) and d.fig.preset == SLIDE
    assert tuple(d.fig.get_size_inches()) == (SLIDE.width, SLIDE.height)
    assert _png_size(d.png) == (1600, 900)


def test_every_committed_figure_has_a_function_and_is_in_the_readme_gallery():
    assert sorted(p.stem for p in COMMITTED.glob("*.png")) == NAMES
    readme = (COMMITTED.parent / "README.md").read_text()
    gallery = readme[readme.index("## Gallery") :].split("\n## ")[0]
    assert sorted(re.findall(r"\(figures/([a-z0-9_]+)\.png\)", gallery)) == NAMES


def test_names_carry_their_section_and_old_names_still_work(tmp_path):
    assert {n.split("_")[0] for n in NAMES} == set(FIGURE_SECTIONS)
    assert set(FIGURE_ALIASES.values()) <= set(NAMES)
    (path,) = make_figures(tmp_path, ["convergence_envelopes", "separable_envelopes"])
    assert path.name == "separable_envelopes.png"
    assert draw_figure("smoothing_contour", preset="paper").preset == PAPER


def test_unknown_names_formats_and_presets_are_rejected(tmp_path):
    with pytest.raises(ValueError, match="unknown figure"):
        make_figures(tmp_path, ["nope"])
    with pytest.raises(ValueError, match="unknown figure"):
        draw_figure("nope")
    with pytest.raises(ValueError, match="fmt must be one of png, pdf, svg"):
        make_figures(tmp_path, CHEAP, fmt="jpg")
    with pytest.raises(ValueError, match="preset must be one of"):
        make_figures(tmp_path, CHEAP, preset="poster")
    with pytest.raises(ValueError, match="path must end in .png, .pdf or .svg"):
        save_figure(Figure(), tmp_path / "x.jpg")
    assert set(PRESETS) == set(PRESET_NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_every_figure_has_a_drawing_function_without_required_arguments(name):
    section = name.split("_")[0]
    module = sys.modules[FIGURE_SECTIONS[section]]
    short = name.removeprefix(f"{section}_")
    draw = getattr(module, f"draw_{short}")
    required = [
        p.name
        for p in inspect.signature(draw).parameters.values()
        if p.default is inspect.Parameter.empty and p.kind is not p.VAR_KEYWORD
    ]
    assert required == [], f"draw_{short} must draw the figure with no arguments"
    assert "fmt" in inspect.signature(figure_registry()[name]).parameters


# ---------------------------------------------------------------------------- the style


def _tick_labels(fig: Figure) -> set[int]:
    found = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                found.update((id(tick.label1), id(tick.label2)))
    return found


def _texts(fig: Figure) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def _legends(fig: Figure):
    return list(fig.legends) + [ax.get_legend() for ax in fig.axes if ax.get_legend()]


def _overlap(a: Bbox, b: Bbox) -> float:
    """Width x height of the intersection of ``a`` and ``b`` less the tolerance (0 if apart)."""
    w = min(a.x1, b.x1) - max(a.x0, b.x0) - TOLERANCE
    h = min(a.y1, b.y1) - max(a.y0, b.y0) - TOLERANCE
    return max(w, 0.0) * max(h, 0.0)


@pytest.mark.parametrize("figure", _cases(), indirect=True)
def test_every_text_is_at_least_9_points(figure):
    small = [
        (t.get_text(), t.get_fontsize())
        for t in _texts(figure.fig)
        if t.get_fontsize() < MIN_FONT_SIZE
    ]
    assert small == []


@pytest.mark.parametrize("figure", _cases(), indirect=True)
def test_negative_numbers_carry_a_minus_sign_not_a_hyphen(figure):
    """Outside mathtext (which sets "-" as a minus itself) "-2" must be written "\u22122"."""
    hyphens = [
        t.get_text()
        for t in _texts(figure.fig)
        if re.search(r"(?<![\w)])-\d", re.sub(r"\$[^$]*\$", "", t.get_text()))
    ]
    assert hyphens == []


@pytest.mark.parametrize("figure", _cases(), indirect=True)
def test_every_axes_says_what_it_shows(figure):
    for ax in figure.fig.axes:
        if ax.get_gid() == PICTURE:  # a picture (marked with style.picture_axes)
            assert not ax.get_xticks().size and not ax.get_yticks().size
        elif ax.get_label() == "<colorbar>":  # a colour bar: its long axis is labelled
            assert ax.get_ylabel() or ax.get_xlabel(), "a colour bar without a label"
        else:
            assert ax.get_xlabel().strip(), f"axes {ax.get_title()!r} without an x label"
            assert ax.get_ylabel().strip(), f"axes {ax.get_title()!r} without a y label"


@pytest.mark.parametrize("figure", _cases(), indirect=True)
def test_legends_are_outside_the_data(figure):
    legends = _legends(figure.fig)
    for legend in legends:
        box = legend.get_window_extent(figure.renderer)
        for ax in figure.fig.axes:
            assert _overlap(box, ax.bbox) == 0, (
                f"the legend {[t.get_text() for t in legend.get_texts()][:3]} covers axes "
                f"{ax.get_title()!r}"
            )


@pytest.mark.parametrize("figure", _cases(), indirect=True)
def test_titles_labels_and_notes_are_inside_the_figure_and_clear_of_legends(figure):
    fig, renderer = figure.fig, figure.renderer
    inside = fig.bbox.padded(TOLERANCE)
    legend_texts = {id(t) for lg in _legends(fig) for t in [*lg.get_texts(), lg.get_title()]}
    skip = _tick_labels(fig) | legend_texts
    legend_boxes = [lg.get_window_extent(renderer) for lg in _legends(fig)]
    for text in _texts(fig):
        box = text.get_window_extent(renderer)
        if id(text) in legend_texts:
            assert inside.contains(box.x0, box.y0) and inside.contains(box.x1, box.y1), (
                f"legend text {text.get_text()!r} leaves the figure"
            )
            continue
        if id(text) in skip:
            continue
        assert inside.contains(box.x0, box.y0) and inside.contains(box.x1, box.y1), (
            f"{text.get_text()!r} leaves the figure"
        )
        for lb in legend_boxes:
            assert _overlap(box, lb) == 0, f"{text.get_text()!r} runs into a legend"


def test_paper_figures_are_one_column_wide(drawn_paper):
    for name in PAPER_SUBSET:
        d = _get(drawn_paper, name)
        assert d.fig.get_size_inches()[0] == PAPER.width, name
        assert _png_size(d.png)[0] == round(PAPER.width * PAPER.dpi), name


# ------------------------------------------------------------------ formats and headless


def test_fig_functions_write_what_draw_functions_draw(drawn, tmp_path):
    paths = make_figures(tmp_path, CHEAP)
    assert [p.read_bytes() for p in paths] == [_get(drawn, n).png for n in CHEAP]


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_is_byte_identical_across_runs_and_has_no_metadata(fmt, tmp_path):
    first = [p.read_bytes() for p in make_figures(tmp_path / "a", CHEAP[:1], fmt=fmt)]
    second = [p.read_bytes() for p in make_figures(tmp_path / "b", CHEAP[:1], fmt=fmt)]
    assert first == second
    magic = {"png": b"\x89PNG", "pdf": b"%PDF", "svg": b"<?xml"}[fmt]
    stamps = (b"Software", b"Creation", b"CreationDate", b"Producer", b"Creator", b"<dc:date")
    for data in first:
        assert data.startswith(magic)
        assert not [s for s in stamps if s in data]
        assert matplotlib.__version__.encode() not in data


def test_a_fresh_process_writes_the_same_bytes_in_every_format(tmp_path):
    """Another interpreter (another hash seed) writes the same file in every format."""
    here = {fmt: make_figures(tmp_path / "here", CHEAP[:1], fmt=fmt)[0] for fmt in FORMATS}
    script = textwrap.dedent(
        f"""
        from aptheory.figures import make_figures
        for fmt in {list(FORMATS)!r}:
            make_figures({str(tmp_path / "there")!r}, [{CHEAP[0]!r}], fmt=fmt)
        """
    )
    env = os.environ | {"PYTHONHASHSEED": "7"}
    subprocess.run([sys.executable, "-c", script], check=True, env=env)
    for fmt, path in here.items():
        assert (tmp_path / "there" / path.name).read_bytes() == path.read_bytes(), fmt


def test_the_figures_command_takes_a_format_and_a_preset(tmp_path, capsys):
    assert (
        main(
            [
                "figures",
                CHEAP[0],
                "--quiet",
                "--format",
                "svg",
                "--preset",
                "paper",
                "--out",
                str(tmp_path),
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.split() == [str(tmp_path / f"{CHEAP[0]}.svg")]
    assert b'width="252pt"' in (tmp_path / f"{CHEAP[0]}.svg").read_bytes()  # 3.5 in
    assert main(["figures", CHEAP[0], "--format", "gif", "--out", str(tmp_path)]) == 2


def test_drawing_sets_no_backend_and_needs_no_pyplot():
    """Importing the registry and every section's figures and drawing one figure neither
    imports pyplot nor calls matplotlib.use, so Jupyter keeps its inline backend."""
    script = textwrap.dedent(
        f"""
        import importlib, sys
        import matplotlib

        def refuse(*args, **kwargs):
            raise AssertionError(f"matplotlib.use{{args}} was called")

        matplotlib.use = refuse
        import aptheory.figures
        for path in {sorted(FIGURE_SECTIONS.values())!r}:
            importlib.import_module(path)
        fig = aptheory.figures.draw_figure({CHEAP[0]!r})
        assert fig._repr_png_().startswith(b"\\x89PNG")
        assert "matplotlib.pyplot" not in sys.modules, "pyplot was imported"
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True)


def test_a_notebook_shows_a_drawn_figure_inline():
    """In a Jupyter kernel the returned Figure is displayed as a PNG, without pyplot."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            f"from aptheory.figures import draw_figure\ndraw_figure({CHEAP[0]!r})"
        )
    ]
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    (output,) = nb.cells[0].outputs
    assert "image/png" in output["data"]
