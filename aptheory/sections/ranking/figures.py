"""Figure of the ranking core: a small ranked list with its primary terms and gradient.

``ranking_gradient`` (:func:`draw_gradient`, written by :func:`fig_gradient`): the primary
terms L_ij (eq. 3) of a ranked list of 10 boxes, and the error-driven gradient on every box.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from aptheory.core.io import save_figure
from aptheory.core.ranking import ap_loss_grad, primary_terms
from aptheory.figures.style import (
    PALETTE,
    Preset,
    figure_legend,
    number,
    panel_axes,
    styled_figure,
)

__all__ = ["draw_gradient", "example_ranking", "fig_gradient"]


def example_ranking() -> tuple[np.ndarray, np.ndarray]:
    """A fixed ranking of 10 boxes (4 positives), drawn from seed 7."""
    rng = np.random.default_rng(7)
    positive = np.zeros(10, dtype=bool)
    positive[[0, 3, 5, 8]] = True
    scores = np.round(np.where(positive, 0.6, -0.2) + rng.normal(0.0, 0.8, size=10), 2)
    return scores, positive


def draw_gradient(*, preset: str | Preset = "slide") -> Figure:
    """AP-loss (eq. 17) and its error-driven gradient, drawn on the ranked list.

    Left: the primary terms L_ij (eq. 3) of each positive i (rows) against each negative j
    (columns), in ranked order. Right: the gradient g_k on every box, positives pushed up
    (g < 0) and negatives pushed down (g > 0), for H with H(0) = 1 (solid) and for the
    training form (H~, delta = 1, interpolated precision; hatched).
    """
    scores, positive = example_ranking()
    order = np.argsort(-scores, kind="stable")
    s, p = scores[order], positive[order]
    terms = primary_terms(s, p)
    loss_h, grad_h = ap_loss_grad(s, p)
    loss_t, grad_t = ap_loss_grad(s, p, step="piecewise", interpolated=True)
    colours = np.where(p, PALETTE.blue, PALETTE.orange)

    with styled_figure(preset, panels=2, extra_height=0.9) as fig:
        ax0, ax1 = panel_axes(fig, 2, ratios=[1.0, 1.45])
        vmax = max(float(terms.max()), 1e-12)
        im = ax0.imshow(terms, cmap="Purples", vmin=0, vmax=vmax)
        ax0.set_xticks(range(terms.shape[1]), [number(v, ".2f") for v in s[~p]], rotation=90)
        ax0.set_yticks(range(terms.shape[0]), [number(v, ".2f") for v in s[p]])
        ax0.set_xlabel("negative $j$ (score $s_j$)")
        ax0.set_ylabel("positive $i$ (score $s_i$)")
        ax0.set_title("primary terms $L_{ij}$, eq. (3)")
        for (r, c), v in np.ndenumerate(terms):
            if v > 0:
                ax0.text(
                    c,
                    r,
                    number(v, ".2f"),
                    ha="center",
                    va="center",
                    color="white" if v > 0.6 * vmax else "black",
                    fontsize=fig.preset.small_size,
                )
        fig.colorbar(im, ax=ax0, label="$L_{ij}$", shrink=0.8)

        pos = np.arange(s.size)
        ax1.bar(pos - 0.2, grad_h, width=0.4, color=colours, edgecolor=colours)
        ax1.bar(
            pos + 0.2,
            grad_t,
            width=0.4,
            color="white",
            edgecolor=colours,
            hatch="///",
            linewidth=1.0,
        )
        ax1.axhline(0, color=PALETTE.black, lw=0.8)
        ax1.set_xticks(pos, [number(v, ".2f") for v in s], rotation=90)
        for tick, colour in zip(ax1.get_xticklabels(), colours, strict=True):
            tick.set_color(colour)
        ax1.set_xlabel("boxes in ranked order (score $s_k$)")
        ax1.set_ylabel("gradient $g_k$")
        ax1.set_title("error-driven gradient on every box")
        handles = [
            Patch(color=PALETTE.blue, label="positive: $g_k < 0$"),
            Patch(color=PALETTE.orange, label="negative: $g_k > 0$"),
            Patch(facecolor=PALETTE.grey, label=f"$H$, $H(0)=1$: $L_{{AP}}$ = {loss_h:.3f}"),
            Patch(
                facecolor="white",
                edgecolor=PALETTE.grey,
                hatch="///",
                label=f"$\\tilde H$, interpolated: $L_{{AP}}$ = {loss_t:.3f}",
            ),
        ]
        figure_legend(fig, handles, where="below", ncols=None if fig.preset.stacked else 2)
    return fig


def fig_gradient(out_dir: Path, *, fmt: str = "png", preset: str | Preset = "slide") -> Path:
    """Write ``ranking_gradient.<fmt>`` (:func:`draw_gradient`) under ``out_dir``."""
    return save_figure(draw_gradient(preset=preset), Path(out_dir) / f"ranking_gradient.{fmt}")
