"""aptheory.sections.detection.figures: both figures draw deterministically and readably.

The figure ``detection_loss_curves`` is ``draw_loss_curves()``, which draws
``run_comparison(FIGURE1_CONFIG, FIGURE1_SEEDS, jobs=2)`` with :data:`FIGURE1_TITLE`: training
is deterministic (``test_detection_training``, and the same for any ``jobs``,
``test_detection_comparison``), so drawing the same comparison twice with the same bytes is
what remains to check; it is checked on the QUICK session comparison instead of training the
DEFAULT configuration's five seeds (``tests/test_figures.py`` draws the committed one).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from matplotlib.text import Text

from aptheory.core.io import save_figure
from aptheory.figures.style import MIN_FONT_SIZE, PALETTE, PICTURE, SLIDE, StyledFigure
from aptheory.sections.detection import figures
from aptheory.sections.detection.config import DEFAULT, LOSSES, PAPER_ORDER


def test_loss_curves_figure_is_drawn_with_the_same_bytes(quick_comparison, tmp_path):
    fig = figures.draw_figure1(quick_comparison)
    assert isinstance(fig, StyledFigure) and fig.preset == SLIDE
    assert len(fig.axes[0].lines) == len(LOSSES)
    assert fig.axes[0].get_title(loc="left") == figures.FIGURE1_TITLE
    first = save_figure(fig, tmp_path / "a.png").read_bytes()
    second = save_figure(figures.draw_figure1(quick_comparison), tmp_path / "b.png").read_bytes()
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    assert first == second
    other = save_figure(figures.draw_loss_curves(quick_comparison), tmp_path / "c.png")
    assert other.read_bytes() != first  # the default title differs


def test_the_figure_plots_detection_ap_and_names_its_configuration(quick_comparison):
    fig = figures.draw_figure1(quick_comparison)
    ax = fig.axes[0]
    assert "detection AP" in ax.get_ylabel() and "iteration" in ax.get_xlabel()
    for line, loss in zip(ax.lines, quick_comparison.config.entries, strict=True):
        mean = 100 * np.mean([r.det_curve for r in quick_comparison.runs_of(loss)], axis=0)
        np.testing.assert_allclose(line.get_ydata(), mean)
    caption = " ".join(fig.get_supxlabel().split())
    assert caption.startswith("QUICK configuration: 1 seeds, each 48 training / 20 test")
    assert "100 Adam steps" in caption and "NMS 0.45" in caption
    ranking = figures.draw_loss_curves(quick_comparison, view="ranking").axes[0]
    assert "ranking AP" in ranking.get_ylabel()
    paper = figures.draw_figure1(quick_comparison, preset="paper")
    assert paper.axes[0].get_title(loc="left") == "QUICK configuration, 1 seeds"


def _check_style(fig) -> None:
    """The rules of aptheory.figures.style, as tests/test_figures.py checks them."""
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    assert min(t.get_fontsize() for t in texts) >= MIN_FONT_SIZE
    ticks = {
        id(label)
        for ax in fig.axes
        for axis in (ax.xaxis, ax.yaxis)
        for tick in axis.get_major_ticks() + axis.get_minor_ticks()
        for label in (tick.label1, tick.label2)
    }
    texts = [t for t in texts if id(t) not in ticks]  # ticks outside the view are not drawn
    inside = fig.bbox.padded(1.0)
    for t in texts:
        box = t.get_window_extent(renderer)
        assert inside.contains(box.x0, box.y0) and inside.contains(box.x1, box.y1), t.get_text()
    legends = list(fig.legends) + [ax.get_legend() for ax in fig.axes if ax.get_legend()]
    for legend in legends:
        lb = legend.get_window_extent(renderer)
        for ax in fig.axes:
            assert lb.x0 >= ax.bbox.x1 - 1 or lb.y1 <= ax.bbox.y0 + 1  # right of or below
        for t in texts:
            if t in legend.get_texts() or t is legend.get_title():
                continue
            box = t.get_window_extent(renderer)
            assert min(box.x1, lb.x1) - max(box.x0, lb.x0) <= 1.0 or (
                min(box.y1, lb.y1) - max(box.y0, lb.y0) <= 1.0
            ), t.get_text()
    for ax in fig.axes:
        if ax.get_gid() != PICTURE:
            assert ax.get_xlabel().strip() and ax.get_ylabel().strip()


def test_the_figures_are_readable_on_a_slide_and_on_paper(quick_comparison):
    """Fonts of at least 9 pt, legends outside the data, labelled axes, Okabe-Ito colours."""
    for preset in ("slide", "paper"):
        _check_style(figures.draw_figure1(quick_comparison, preset=preset))
    _check_style(figures.draw_task())
    ax = figures.draw_figure1(quick_comparison).axes[0]
    okabe_ito = {to_hex(c) for c in vars(PALETTE).values()}
    assert {to_hex(line.get_color()) for line in ax.lines} <= okabe_ito
    assert len({(line.get_color(), line.get_linestyle()) for line in ax.lines}) == len(ax.lines)


def test_fig_loss_curves_draws_the_default_comparison_of_five_seeds(
    quick_comparison, tmp_path, monkeypatch
):
    """fig_loss_curves writes draw_loss_curves(), that is draw_figure1 of
    run_comparison(FIGURE1_CONFIG, (0, ..., 4), jobs=2) (run_comparison replaced by the
    session comparison: the call is what is checked)."""
    calls = []

    def recorded(config, seeds, **kwargs):
        calls.append((config, tuple(seeds), kwargs))
        return quick_comparison

    monkeypatch.setattr(figures, "run_comparison", recorded)
    path = figures.fig_loss_curves(tmp_path)
    assert calls == [(figures.FIGURE1_CONFIG, (0, 1, 2, 3, 4), {"jobs": 2})]
    assert figures.FIGURE1_CONFIG == replace(DEFAULT, losses=("ce-ohem", "focal-g1", "auc", "ap"))
    assert set(figures.FIGURE1_CONFIG.losses) == set(PAPER_ORDER)
    assert path == tmp_path / "detection_loss_curves.png"
    expected = save_figure(figures.draw_figure1(quick_comparison), tmp_path / "x.png")
    assert path.read_bytes() == expected.read_bytes()
    svg = figures.fig_loss_curves(tmp_path, fmt="svg")
    assert svg.name == "detection_loss_curves.svg"


def test_task_figure_writes_its_file_with_the_same_bytes(tmp_path):
    first = figures.fig_task(tmp_path / "a").read_bytes()
    second = save_figure(figures.draw_task(), tmp_path / "b.png").read_bytes()
    assert (tmp_path / "a" / "detection_task.png").exists()
    assert first == second
    assert figures.draw_task().axes[0].get_gid() == PICTURE
