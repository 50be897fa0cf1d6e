"""aptheory.sections.detection.figures: both figures draw deterministically.

The figure ``detection_loss_curves`` is ``draw_figure1(run_comparison(QUICK, FIGURE1_SEEDS))``:
training is deterministic (``test_detection_training``), so drawing the same comparison twice
with the same bytes is what remains to check; it is checked on the QUICK session comparison
instead of training the five seeds twice.
"""

from __future__ import annotations

from aptheory.core.io import save_figure
from aptheory.sections.detection import figures
from aptheory.sections.detection.config import LOSSES, QUICK
from aptheory.sections.detection.data import example_image


def test_loss_curves_figure_is_drawn_with_the_same_bytes(quick_comparison, tmp_path):
    fig = figures.draw_figure1(quick_comparison)
    assert len(fig.axes[0].lines) == len(LOSSES)
    assert fig.axes[0].get_title() == figures.FIGURE1_TITLE
    first = save_figure(fig, tmp_path / "a.png").read_bytes()
    second = save_figure(figures.draw_figure1(quick_comparison), tmp_path / "b.png").read_bytes()
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    assert first == second
    other = save_figure(figures.draw_loss_curves(quick_comparison), tmp_path / "c.png")
    assert other.read_bytes() != first  # the default title differs


def test_fig_loss_curves_draws_the_quick_comparison_of_five_seeds(
    quick_comparison, tmp_path, monkeypatch
):
    """fig_loss_curves = draw_figure1(run_comparison(QUICK, (0, ..., 4))), written to its file
    (run_comparison replaced by the session comparison: the call is what is checked)."""
    calls = []

    def recorded(config, seeds, **kwargs):
        calls.append((config, tuple(seeds), kwargs))
        return quick_comparison

    monkeypatch.setattr(figures, "run_comparison", recorded)
    path = figures.fig_loss_curves(tmp_path)
    assert calls == [(QUICK, (0, 1, 2, 3, 4), {})]
    assert figures.FIGURE1_SEEDS == (0, 1, 2, 3, 4)
    assert "QUICK configuration (5 seeds" in figures.FIGURE1_TITLE
    assert path == tmp_path / "detection_loss_curves.png"
    expected = save_figure(figures.draw_figure1(quick_comparison), tmp_path / "x.png")
    assert path.read_bytes() == expected.read_bytes()


def test_task_figure_writes_its_file_with_the_same_bytes(tmp_path):
    first = figures.fig_task(tmp_path / "a").read_bytes()
    second = save_figure(figures.draw_example(example_image(0)), tmp_path / "b.png").read_bytes()
    assert (tmp_path / "a" / "detection_task.png").exists()
    assert first == second
