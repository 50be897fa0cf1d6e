"""Figures of Section 5, each a ``draw_<short>(*, preset="slide") -> Figure`` (Jupyter shows
the returned figure inline) and a ``fig_<short>(out_dir, *, fmt, preset) -> Path`` that writes
it (the registered figure ``detection_<short>``), in the style of :mod:`aptheory.figures.style`:

- ``detection_loss_curves``: the supplement's Figure 1 in miniature, detection AP (IoU
  0.50:0.95) of the four losses of Table 1 against training iteration, mean and spread over
  five seeds, in the DEFAULT configuration (named on the figure);
- ``detection_task``: one synthetic image of seed 0, its objects and its anchors' labels.
"""

from __future__ import annotations

import textwrap
from dataclasses import replace
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from scipy.ndimage import uniform_filter

from aptheory.core.io import save_figure
from aptheory.figures.style import PALETTE, Preset, figure_legend, panel_axes, picture_axes
from aptheory.figures.style import styled_figure as _styled_figure
from aptheory.sections.detection.comparison import Comparison, run_comparison
from aptheory.sections.detection.config import (
    DEFAULT,
    MAX_DETECTIONS,
    NMS_IOU,
    PAPER_ORDER,
    PRE_NMS_TOP_K,
    Config,
    loss_label,
)
from aptheory.sections.detection.data import ExampleImage, example_image
from aptheory.sections.detection.losses import IGNORED

__all__ = [
    "FIGURE1_CONFIG",
    "FIGURE1_JOBS",
    "FIGURE1_SEEDS",
    "FIGURE1_TITLE",
    "LOSS_STYLES",
    "draw_example",
    "draw_figure1",
    "draw_loss_curves",
    "draw_task",
    "fig_loss_curves",
    "fig_task",
]

#: The configuration, seeds and title of the figure ``detection_loss_curves``: the DEFAULT
#: task and budget, the four losses of the supplement's Table 1.
FIGURE1_CONFIG: Config = replace(
    DEFAULT, losses=tuple(name for name in DEFAULT.losses if name in PAPER_ORDER)
)
FIGURE1_SEEDS: tuple[int, ...] = tuple(range(5))
FIGURE1_JOBS = 2  # worker processes (the result does not depend on it)
FIGURE1_TITLE = "Figure 1 analogue: detection AP on held-out synthetic images"

#: Colour (Okabe-Ito), line style and marker of each loss, so that the curves stay apart for
#: the common colour-vision deficiencies and in grey.
LOSS_STYLES: dict[str, tuple[str, str, str]] = {
    "ap": (PALETTE.vermillion, "-", "o"),
    "ap-image": (PALETTE.purple, "-.", "v"),
    "ce-ohem": (PALETTE.blue, "--", "s"),
    "focal-g1": (PALETTE.orange, ":", "^"),
    "focal-g2": (PALETTE.sky, ":", "D"),
    "auc": (PALETTE.green, "-.", "P"),
}
_USER_STYLE = (PALETTE.black, "--", "X")


def _config_caption(comparison: Comparison, width: int) -> str:
    """The configuration the figure used, wrapped to ``width`` characters."""
    cfg = comparison.config
    t, task = cfg.train, cfg.task
    text = (
        f"{cfg.name.upper()} configuration: {len(comparison.seeds)} seeds, each {t.n_train} "
        f"training / {t.n_test} test images ({task.size} x {task.size}, "
        f"{comparison.n_anchors} anchors x {task.n_classes} classes); {t.iterations} Adam steps "
        f"of {t.batch_size} images; linear scorer (lr {t.learning_rate}) + linear box regressor "
        f"(lr {t.box_learning_rate}); top {PRE_NMS_TOP_K} anchors per class, NMS {NMS_IOU}, "
        f"{MAX_DETECTIONS} detections per image; COCOeval AP over IoU 0.50:0.05:0.95. "
        "Line: mean, band: ± 1 std over seeds."
    )
    return textwrap.fill(text, width=width)


def _legend_label(loss: str) -> str:
    """A loss's label, broken over two lines where it is long."""
    label = loss_label(loss)
    cuts = [k for k in (label.find(" ("), label.find(", ")) if k > 0]
    if len(label) <= 16 or not cuts:
        return label
    k = min(cuts)
    return label[:k] + ("\n" if label[k] == " " else ",\n") + label[k + 1 :].lstrip(" ,")


def draw_loss_curves(
    comparison: Comparison | None = None,
    title: str | None = None,
    *,
    view: str = "detection",
    preset: str | Preset = "slide",
) -> Figure:
    """AP (percent) on held-out images vs training iteration, one line per loss.

    The supplement's Figure 1 (detection mAP over snapshots) in miniature: the mean over
    seeds with a band of ± one standard deviation; ``view`` ``"detection"`` (detection AP,
    COCO's IoU 0.50:0.95) or ``"ranking"`` (ranking AP of anchors). The configuration is
    named under the axes. Without ``comparison``, the figure ``detection_loss_curves``: the
    comparison ``run_comparison(FIGURE1_CONFIG, FIGURE1_SEEDS)`` (DEFAULT configuration,
    about a minute on two cores) with :data:`FIGURE1_TITLE`.
    """
    if view not in ("detection", "ranking"):
        raise ValueError(f"view must be 'detection' or 'ranking', got {view!r}")
    if comparison is None:
        comparison = run_comparison(FIGURE1_CONFIG, FIGURE1_SEEDS, jobs=FIGURE1_JOBS)
        title = FIGURE1_TITLE if title is None else title
    cfg = comparison.config
    what = "detection AP" if view == "detection" else "ranking AP of anchors"
    with _styled_figure(preset, extra_height=2.2) as fig:
        (ax,) = panel_axes(fig, 1)
        for loss in cfg.entries:
            runs = comparison.runs_of(loss)
            its = np.array(runs[0].iterations)
            curves = 100 * np.array([r.det_curve if view == "detection" else r.curve for r in runs])
            mean, std = curves.mean(axis=0), curves.std(axis=0)
            colour, line, marker = LOSS_STYLES.get(loss, _USER_STYLE)
            ax.plot(
                its, mean, linestyle=line, color=colour, marker=marker, label=_legend_label(loss)
            )
            ax.fill_between(its, mean - std, mean + std, color=colour, alpha=0.15, lw=0)
        ax.set_xlabel(f"training iteration (minibatch of {cfg.train.batch_size} images)")
        ax.set_ylabel(f"{what}, IoU 0.50:0.95 (%)")
        ax.grid(True)
        ax.set_ylim(bottom=0)
        figure_legend(fig, title="classification loss")
        if fig.preset.stacked:  # a paper column: the configuration in the title, in short
            ax.set_title(f"{cfg.name.upper()} configuration, {len(comparison.seeds)} seeds")
        else:
            ax.set_title(title or f"{what} vs iteration, {cfg.name} configuration")
            fig.supxlabel(
                _config_caption(comparison, 125),
                fontsize=fig.preset.small_size - 2,
                x=0.01,
                ha="left",
            )
    return fig


def draw_figure1(comparison: Comparison, *, preset: str | Preset = "slide") -> Figure:
    """The figure ``detection_loss_curves`` drawn from a given comparison (its title)."""
    return draw_loss_curves(comparison, title=FIGURE1_TITLE, preset=preset)


def fig_loss_curves(out_dir: Path, *, fmt: str = "png", preset: str | Preset = "slide") -> Path:
    """Write ``detection_loss_curves.<fmt>`` (:func:`draw_loss_curves` without a comparison:
    the four losses of Table 1, DEFAULT configuration, seeds 0..4) under ``out_dir``."""
    return save_figure(
        draw_loss_curves(preset=preset), Path(out_dir) / f"detection_loss_curves.{fmt}"
    )


def draw_example(example: ExampleImage, *, preset: str | Preset = "slide") -> Figure:
    """One synthetic image: class evidence per pixel, objects, positive and ignored anchors.

    The evidence is what a small anchor pools: the image averaged over 5 x 5 pixels, projected
    on each class colour mu_c, the best class kept. Every anchor not drawn is background.
    """
    # what a small anchor pools: the image averaged over 5 x 5 pixels, projected on each mu_c
    pooled = uniform_filter(example.image, size=(5, 5, 1), mode="nearest")
    evidence = np.einsum("hwm,cm->hwc", pooled, example.prototypes).max(axis=2)
    n_pos = int(np.count_nonzero(example.labels >= 0))
    n_ign = int(np.count_nonzero(example.labels == IGNORED))
    with _styled_figure(preset, panels=2) as fig:
        left, right = panel_axes(fig, 2)
        for ax in (left, right):
            ax.imshow(evidence, cmap="gray", origin="upper", interpolation="nearest")
            picture_axes(ax)
        left.set_title("class evidence; objects in orange")
        for box, cls in zip(example.boxes, example.classes, strict=True):
            left.add_patch(_rect(box, PALETTE.orange, 2.0))
            left.text(
                box[0],
                box[1] - 1.5,
                f"class {cls}",
                color=PALETTE.orange,
                fontsize=fig.preset.small_size,
                va="bottom",
            )
        right.set_title(f"{n_pos} positive (blue), {n_ign} ignored (yellow) anchors")
        for box in example.anchors[example.labels == IGNORED]:
            right.add_patch(_rect(box, PALETTE.yellow, 0.8))
        for box in example.anchors[example.labels >= 0]:
            right.add_patch(_rect(box, PALETTE.sky, 1.4))
    return fig


def _rect(box: np.ndarray, colour: str, width: float) -> Rectangle:
    """The outline of a box (x0 y0 x1 y1 pixel corners) on an ``imshow`` picture."""
    x0, y0, x1, y1 = box
    # pixel k covers [k - 0.5, k + 0.5] in imshow coordinates
    return Rectangle(
        (x0 - 0.5, y0 - 0.5), x1 - x0, y1 - y0, fill=False, edgecolor=colour, linewidth=width
    )


def draw_task(*, preset: str | Preset = "slide") -> Figure:
    """The synthetic dense-detection task: the first training image of seed 0 and its anchor
    labels (:func:`draw_example` of ``example_image(0)``)."""
    return draw_example(example_image(0), preset=preset)


def fig_task(out_dir: Path, *, fmt: str = "png", preset: str | Preset = "slide") -> Path:
    """Write ``detection_task.<fmt>`` (:func:`draw_task`) under ``out_dir``."""
    return save_figure(draw_task(preset=preset), Path(out_dir) / f"detection_task.{fmt}")
