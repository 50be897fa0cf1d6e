"""Figures of Section 5: the task (``detection_task``) and the Figure 1 analogue, ranking AP
of anchors against training iteration, one line per loss (``detection_loss_curves``)."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from scipy.ndimage import uniform_filter

from aptheory.core.io import save_figure
from aptheory.sections.detection.comparison import Comparison, run_comparison
from aptheory.sections.detection.config import LOSSES, QUICK
from aptheory.sections.detection.data import ExampleImage, example_image
from aptheory.sections.detection.losses import BACKGROUND, IGNORED

__all__ = [
    "FIGURE1_SEEDS",
    "FIGURE1_TITLE",
    "draw_example",
    "draw_figure1",
    "draw_loss_curves",
    "fig_loss_curves",
    "fig_task",
]

#: The seeds and title of the figure ``detection_loss_curves`` (QUICK configuration).
FIGURE1_SEEDS: tuple[int, ...] = tuple(range(5))
FIGURE1_TITLE = (
    "Figure 1 analogue, QUICK configuration (5 seeds, mean ± std):\n"
    "ranking AP of anchors on held-out synthetic images vs iteration"
)

_STYLE = {
    "ce-ohem": ("tab:blue", "-"),
    "focal-g1": ("tab:orange", "-"),
    "focal-g2": ("tab:orange", ":"),
    "auc": ("tab:green", "-"),
    "ap": ("tab:red", "-"),
}


def draw_loss_curves(comparison: Comparison, title: str | None = None) -> Figure:
    """AP (IoU 0.50:0.95, percent) on held-out images vs iteration: mean over seeds +- std."""
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    for loss in comparison.config.losses:
        runs = comparison.runs_of(loss)
        its = np.array(runs[0].iterations)
        curves = 100 * np.array([r.curve for r in runs])
        mean, std = curves.mean(axis=0), curves.std(axis=0)
        colour, line = _STYLE.get(loss, ("black", "-"))
        ax.plot(its, mean, line, color=colour, marker="o", ms=3, label=LOSSES[loss])
        ax.fill_between(its, mean - std, mean + std, color=colour, alpha=0.12, lw=0)
    cfg = comparison.config
    ax.set_xlabel(f"training iteration (minibatch of {cfg.train.batch_size} images)")
    ax.set_ylabel("ranking AP of anchors, IoU 0.50:0.95 (%)")
    ax.set_title(
        title
        or (
            f"Loss comparison in miniature ({cfg.name} configuration, "
            f"{len(comparison.seeds)} seeds, mean ± std)"
        ),
        fontsize=10,
    )
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    return fig


def draw_figure1(comparison: Comparison) -> Figure:
    """The figure ``detection_loss_curves`` drawn from a comparison (its title, its axes)."""
    return draw_loss_curves(comparison, title=FIGURE1_TITLE)


def fig_loss_curves(out_dir: Path) -> Path:
    """The supplement's Figure 1 in miniature, from the *quick* configuration (seeds 0..4)."""
    fig = draw_figure1(run_comparison(QUICK, FIGURE1_SEEDS))
    return save_figure(fig, Path(out_dir) / "detection_loss_curves.png")


def draw_example(example: ExampleImage) -> Figure:
    """One synthetic image: class evidence per pixel, objects, positive and ignored anchors."""
    fig, axes = plt.subplots(1, 2, figsize=(8.4, 4.2))
    # what a small anchor pools: the image averaged over 5 x 5 pixels, projected on each mu_c
    pooled = uniform_filter(example.image, size=(5, 5, 1), mode="nearest")
    evidence = np.einsum("hwm,cm->hwc", pooled, example.prototypes).max(axis=2)
    for ax in axes:
        ax.imshow(evidence, cmap="gray", origin="upper", interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
    axes[0].set_title("evidence max_c <mu_c, 5x5 mean>; objects in red", fontsize=9)
    for box, cls in zip(example.boxes, example.classes, strict=True):
        axes[0].add_patch(_rect(box, "tab:red", 1.5))
        axes[0].text(box[0], box[1] - 1, f"class {cls}", color="tab:red", fontsize=8)
    n_pos = int(np.count_nonzero(example.labels >= 0))
    n_ign = int(np.count_nonzero(example.labels == IGNORED))
    axes[1].set_title(
        f"{n_pos} positive anchors (green), {n_ign} ignored (yellow),\n"
        f"{int(np.count_nonzero(example.labels == BACKGROUND))} background of "
        f"{example.labels.size}",
        fontsize=9,
    )
    for box in example.anchors[example.labels == IGNORED]:
        axes[1].add_patch(_rect(box, "gold", 0.6))
    for box in example.anchors[example.labels >= 0]:
        axes[1].add_patch(_rect(box, "lime", 1.0))
    fig.tight_layout()
    return fig


def _rect(box, colour: str, width: float) -> Rectangle:
    x0, y0, x1, y1 = box
    # pixel k covers [k - 0.5, k + 0.5] in imshow coordinates
    return Rectangle(
        (x0 - 0.5, y0 - 0.5), x1 - x0, y1 - y0, fill=False, edgecolor=colour, linewidth=width
    )


def fig_task(out_dir: Path) -> Path:
    """The synthetic dense-detection task: one image of seed 0 and its anchor labels."""
    fig = draw_example(example_image(0))
    return save_figure(fig, Path(out_dir) / "detection_task.png")
