"""Figures of Section 2: gradient descent on the smoothed AP-loss stalls at 1/6.

Each figure is a ``draw_<short>(*, preset="slide") -> Figure`` (for notebooks: Jupyter shows
the returned figure inline) and a ``fig_<short>(out_dir, *, fmt, preset) -> Path`` that
writes it (the registered figure ``smoothed_<short>``):

- ``smoothed_contour``: F (eq. 14) with gradient-descent paths for three step sizes, and the
  path of Proposition 1's error-driven algorithm to zero AP-loss;
- ``smoothed_basins``: the fate of gradient descent from a grid of starts;
- ``smoothed_loss_curves``: F against iterations, stalled runs approaching 1/6;
- ``smoothed_region15``: where the inequality chain (15) holds, the threshold theta1*(r) and
  the certified regions;
- ``smoothed_tau``: beyond the paper, the share of stalling starts against the temperature.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.colors import ListedColormap, to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from aptheory.core.io import save_figure
from aptheory.figures.style import (
    PALETTE,
    Preset,
    figure_legend,
    number,
    panel_axes,
    styled_figure,
)
from aptheory.sections.smoothed.certificates import (
    TRAP_A0,
    TRAP_B0,
    certify_box,
    certify_chain_cone,
    certify_threshold_staircase,
)
from aptheory.sections.smoothed.dynamics import (
    STALL,
    BasinMap,
    TauSweep,
    basin_map,
    classify,
    gradient_descent,
    tau_sweep,
)
from aptheory.sections.smoothed.error_driven import error_driven
from aptheory.sections.smoothed.numerics import F, grad_F
from aptheory.sections.smoothed.symbolic import GradientPolynomials, ensure_polynomials
from aptheory.sections.smoothed.threshold import chain_threshold

__all__ = [
    "ETAS",
    "FATE_COLOURS",
    "STARTS",
    "TAUS",
    "draw_basins",
    "draw_contour",
    "draw_loss_curves",
    "draw_region15",
    "draw_tau",
    "fig_basins",
    "fig_contour",
    "fig_loss_curves",
    "fig_region15",
    "fig_tau",
    "plot_basins",
    "plot_tau",
]

STARTS = np.array([[2.0, 1.0], [4.0, 3.0], [0.5, 0.2], [1.5, 3.5], [-2.0, 2.0], [1.0, 6.0]])
STARTS.setflags(write=False)
ETAS = (0.5, 2.0, 8.0)
TAUS = np.geomspace(0.05, 20.0, 13)
TAUS.setflags(write=False)

#: The colour of each fate (:data:`~aptheory.sections.smoothed.dynamics.STALL` = 0, ESCAPE,
#: UNDECIDED) in every figure of the section.
FATE_COLOURS: tuple[str, str, str] = (PALETTE.vermillion, PALETTE.blue, PALETTE.black)
_FATE_NAMES = ("stall: $F \\to 1/6$", "escape: $F \\to 0$", "undecided")
# gradient descent paths, one per step size: the widest drawn first, so all three show
_ETA_STYLE: dict[float, dict[str, Any]] = {
    0.5: {"color": PALETTE.black, "lw": 1.2, "marker": "o"},
    2.0: {"color": PALETTE.orange, "lw": 3.0, "marker": "s"},
    8.0: {"color": PALETTE.sky, "lw": 6.0, "marker": "D"},
}
_T1 = r"$\theta_1$"
_T2 = r"$\theta_2$"


def _tint(colour: str, alpha: float = 0.45) -> tuple[float, float, float, float]:
    """``colour`` blended with white (opaque), for filled regions under black lines."""
    r, g, b, _ = to_rgba(colour)
    return (1 - alpha + alpha * r, 1 - alpha + alpha * g, 1 - alpha + alpha * b, 1.0)


def _third(k: int) -> str:
    """k/3 as a tick label: 0, 1/3, 2/3, 1, 4/3, with a true minus sign."""
    sign = "\N{MINUS SIGN}" if k < 0 else ""
    k = abs(k)
    return f"{sign}{k // 3}" if k % 3 == 0 else f"{sign}{k}/3"


def _swatch(ax, colour, label: str) -> None:
    """A legend entry for a filled region of ``ax`` (an empty rectangle: no data, no limits)."""
    ax.add_patch(Rectangle((0, 0), 0, 0, facecolor=colour, edgecolor="none", label=label))


# ------------------------------------------------------------------------------- contour


def draw_contour(*, preset: str | Preset = "slide") -> Figure:
    """F (eq. 14) with gradient-descent paths and the error-driven path of Proposition 1.

    Left: filled contours of F on the plane, the level F = 1/6, the separable cone
    {theta1 > 0, theta2 > 3 theta1} (AP-loss 0), and gradient descent from :data:`STARTS`
    for each step size of :data:`ETAS` (3000 steps; end points marked: the three step sizes
    follow the same paths, a larger step further). Right: a zoom on the error-driven
    algorithm (eq. 2), which walks the lattice (1/3) Z^2 into the separable cone.
    """
    t1 = np.linspace(-3.0, 10.0, 261)
    t2 = np.linspace(-4.0, 28.0, 321)
    uu, vv = np.meshgrid(t1, t2)
    ff = F(uu, vv)
    n = STARTS.shape[0]
    # every (step size, start) pair in one run: eta is per start
    run = gradient_descent(
        np.tile(STARTS, (len(ETAS), 1)), eta=np.repeat(ETAS, n), steps=3000, record_every=5
    )
    path = error_driven()
    pts = np.array([[float(a), float(b)] for a, b in path.thetas])
    x0, x1, y0, y1 = -0.9, 0.6, -0.35, 1.8  # the zoom

    with styled_figure(preset, panels=2, extra_height=1.6) as fig:
        small = fig.preset.small_size
        widen = fig.preset.line_width / 2.0  # the path widths of _ETA_STYLE are for a slide
        ax, zoom = panel_axes(fig, 2, ratios=[1.5, 1.0])
        for a in (ax, zoom):
            cs = a.contourf(uu, vv, ff, levels=np.linspace(0.0, 0.5, 21), cmap="Greys", vmax=0.9)
            a.contour(uu, vv, ff, levels=[1 / 6], colors=PALETTE.black, linewidths=1.0)
            a.plot([0, t1[-1]], [0, 3 * t1[-1]], color=PALETTE.blue, lw=1.5, ls="--")
            a.plot([0, 0], [0, t2[-1]], color=PALETTE.blue, lw=1.5, ls="--")
            a.set_xlabel(_T1)
            a.set_ylabel(_T2)
        fig.colorbar(
            cs,
            ax=ax,
            label=r"$F(\theta_1, \theta_2)$",
            ticks=[0, 1 / 6, 0.25, 0.5],
            format=lambda v, _: "1/6" if abs(v - 1 / 6) < 1e-9 else f"{v:g}",
        )
        for e in sorted(ETAS, reverse=True):  # widest first, so that all three show
            st = _ETA_STYLE[e]
            for k in range(n):
                xy = run.thetas[:, ETAS.index(e) * n + k, :]
                ax.plot(
                    xy[:, 0],
                    xy[:, 1],
                    color=st["color"],
                    lw=st["lw"] * widen,
                    solid_capstyle="butt",
                )
                ax.plot(*xy[-1], st["marker"], color=st["color"], mec=PALETTE.black, mew=0.8)
        ax.plot(STARTS[:, 0], STARTS[:, 1], "o", color="white", mec=PALETTE.black, mew=1.2)
        ax.add_patch(
            Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, ec=PALETTE.vermillion, lw=1.5)
        )
        ax.set_xlim(t1[0], t1[-1])
        ax.set_ylim(t2[0], t2[-1])
        ax.set_title("gradient descent on $F$ (14), 3000 steps")

        zoom.fill_between([0, x1], [0, 3 * x1], y1, color=_tint(PALETTE.sky, 0.35), lw=0)
        arrow = {
            "arrowstyle": "-|>",
            "color": PALETTE.vermillion,
            "lw": 1.2,
            "shrinkA": 5,
            "shrinkB": 5,
            "mutation_scale": small,
        }
        for k in range(len(pts) - 1):
            zoom.annotate("", pts[k + 1], pts[k], arrowprops=arrow)
        zoom.plot(pts[:, 0], pts[:, 1], "o", color=PALETTE.vermillion, mec="white", mew=0.8)
        zoom.annotate(
            r"$\theta^{(0)} = 0$",
            pts[0],
            (8, -4),
            textcoords="offset points",
            fontsize=small,
            va="top",
        )
        zoom.annotate(
            rf"$\theta^{{({path.steps})}}$",
            pts[-1],
            (6, 6),
            textcoords="offset points",
            fontsize=small,
        )
        thirds = np.arange(-2, 6)
        zoom.set_xticks(thirds[thirds / 3 <= x1] / 3, [_third(k) for k in thirds[thirds / 3 <= x1]])
        zoom.set_yticks(thirds[thirds >= 0] / 3, [_third(k) for k in thirds[thirds >= 0]])
        zoom.set_xlim(x0, x1)
        zoom.set_ylim(y0, y1)
        for side in ("top", "right", "bottom", "left"):
            zoom.spines[side].set(visible=True, color=PALETTE.vermillion, lw=1.5)
        zoom.set_title("error-driven update (2)")

        handles = [
            Line2D([], [], color=PALETTE.black, lw=1.0, label="level $F = 1/6$"),
            Line2D(
                [],
                [],
                color=PALETTE.blue,
                lw=1.5,
                ls="--",
                label=r"separable cone $\theta_2 > 3\theta_1 > 0$: $L_{AP} = 0$",
            ),
            Line2D(
                [],
                [],
                ls="none",
                marker="o",
                color="white",
                mec=PALETTE.black,
                mew=1.2,
                label=r"start $\theta^{(0)}$ of gradient descent",
            ),
            Line2D(
                [],
                [],
                color=PALETTE.vermillion,
                marker="o",
                mec="white",
                label=(
                    f"error-driven update: {path.steps} steps, "
                    f"$L_{{AP}}$ from 1/3 to {float(path.losses[-1]):g}"
                ),
            ),
        ]
        handles += [
            Line2D(
                [],
                [],
                color=_ETA_STYLE[e]["color"],
                lw=_ETA_STYLE[e]["lw"] * widen,
                marker=_ETA_STYLE[e]["marker"],
                mec=PALETTE.black,
                mew=0.8,
                label=f"gradient descent, step $\\eta$ = {e:g} (end marked)",
            )
            for e in ETAS
        ]
        figure_legend(fig, handles, where="below", ncols=None if fig.preset.stacked else 2)
    return fig


def fig_contour(out_dir: Path, *, fmt: str = "png", preset: str | Preset = "slide") -> Path:
    """Write ``smoothed_contour.<fmt>`` (:func:`draw_contour`) under ``out_dir``."""
    return save_figure(draw_contour(preset=preset), Path(out_dir) / f"smoothed_contour.{fmt}")


# -------------------------------------------------------------------------------- basins


def draw_basins(bm: BasinMap | None = None, *, preset: str | Preset = "slide") -> Figure:
    """Basin map: certified stall (F -> 1/6), escape (F -> 0), undecided.

    ``bm`` is a :class:`~aptheory.sections.smoothed.dynamics.BasinMap`; by default the
    figure's own, ``basin_map(n=41, steps=3000)`` (41 x 41 starts, step 1).
    """
    bm = basin_map(n=41, steps=3000) if bm is None else bm
    with styled_figure(preset, extra_height=1.3) as fig:
        (ax,) = panel_axes(fig, 1)
        cmap = ListedColormap([_tint(c) for c in FATE_COLOURS])
        d1 = (bm.theta1_grid[1] - bm.theta1_grid[0]) / 2
        d2 = (bm.theta2_grid[1] - bm.theta2_grid[0]) / 2
        extent = (
            bm.theta1_grid[0] - d1,
            bm.theta1_grid[-1] + d1,
            bm.theta2_grid[0] - d2,
            bm.theta2_grid[-1] + d2,
        )
        ax.imshow(
            bm.labels,
            origin="lower",
            extent=extent,
            aspect="auto",
            cmap=cmap,
            vmin=0,
            vmax=2,
            interpolation="nearest",
        )
        x = np.linspace(0, bm.theta1_grid[-1], 50)
        ax.plot(x, x, color=PALETTE.black, lw=1.2, label=r"$\theta_2 = \theta_1$")
        ax.plot(
            x,
            2 * x + np.log(9 / 7),
            color=PALETTE.black,
            lw=1.2,
            ls="--",
            label=r"$\theta_2 = 2\theta_1 + \ln(9/7)$",
        )
        ax.plot(x, 3 * x, color=PALETTE.black, lw=1.2, ls=":", label=r"$\theta_2 = 3\theta_1$")
        shares = list(bm.shares.values())
        for k, name in enumerate(_FATE_NAMES):
            _swatch(ax, cmap(k), f"{name} ({100 * shares[k]:.1f}%)")
        ax.set_xlim(extent[0], extent[1])
        ax.set_ylim(extent[2], extent[3])
        ax.set_xlabel(r"start $\theta_1^{(0)}$")
        ax.set_ylabel(r"start $\theta_2^{(0)}$")
        ax.set_title("fate of gradient descent from each start")
        figure_legend(
            fig,
            title=f"{bm.labels.size} starts, step $\\eta$ = {bm.eta:g},\n{bm.steps} steps",
            alignment="left",
        )
    return fig


def fig_basins(out_dir: Path, *, fmt: str = "png", preset: str | Preset = "slide") -> Path:
    """Write ``smoothed_basins.<fmt>`` (:func:`draw_basins`) under ``out_dir``."""
    return save_figure(draw_basins(preset=preset), Path(out_dir) / f"smoothed_basins.{fmt}")


def plot_basins(bm: BasinMap, path: Path) -> Path:
    """Write :func:`draw_basins` of ``bm`` to ``path`` (format from its suffix)."""
    return save_figure(draw_basins(bm), path)


# --------------------------------------------------------------------------- loss curves


def draw_loss_curves(*, preset: str | Preset = "slide") -> Figure:
    """F against iterations: stalled runs approach 1/6 from above, escaped ones go to 0.

    Gradient descent with step 5 from :data:`STARTS`, 6000 steps; stalled runs (certified by
    :func:`~aptheory.sections.smoothed.dynamics.classify`) in warm colours, escaped ones in
    cool colours. Right: F - 1/6 of the stalled runs, with 1/t for the slope.
    """
    run = gradient_descent(STARTS, eta=5.0, steps=6000, record_every=10)
    it = np.arange(run.losses.shape[0]) * run.record_every
    fates = classify(run.thetas[-1], run.losses[-1])
    warm = iter((PALETTE.vermillion, PALETTE.orange, PALETTE.purple, PALETTE.yellow))
    cool = iter((PALETTE.blue, PALETTE.sky, PALETTE.green, PALETTE.black, PALETTE.grey))
    with styled_figure(preset, panels=2, extra_height=1.4) as fig:
        ax, bx = panel_axes(fig, 2)
        for k in range(STARTS.shape[0]):
            stalled = bool(fates[k] == STALL)
            colour = next(warm) if stalled else next(cool)
            label = f"$\\theta^{{(0)}}$ = ({number(STARTS[k, 0])}, {number(STARTS[k, 1])}): " + (
                "stall" if stalled else "escape"
            )
            ax.plot(it[1:], run.losses[1:, k], color=colour, label=label)
            if stalled:
                bx.plot(it[1:], run.losses[1:, k] - 1 / 6, color=colour, label=label)
        ax.axhline(1 / 6, color=PALETTE.black, ls="--", lw=1.0, label="$F = 1/6$")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(r"iteration $t$ (step $\eta$ = 5)")
        ax.set_ylabel(r"$F(\theta^{(t)})$")
        ax.set_title("$F$ along gradient descent")
        bx.plot(it[1:], 1.0 / it[1:], color=PALETTE.grey, ls=":", lw=1.5, label="$1/t$")
        bx.set_xscale("log")
        bx.set_yscale("log")
        bx.set_xlabel(r"iteration $t$ (step $\eta$ = 5)")
        bx.set_ylabel(r"$F(\theta^{(t)}) - 1/6$")
        bx.set_title("$F - 1/6$ of the stalled runs")
        figure_legend(fig)
    return fig


def fig_loss_curves(out_dir: Path, *, fmt: str = "png", preset: str | Preset = "slide") -> Path:
    """Write ``smoothed_loss_curves.<fmt>`` (:func:`draw_loss_curves`) under ``out_dir``."""
    return save_figure(
        draw_loss_curves(preset=preset), Path(out_dir) / f"smoothed_loss_curves.{fmt}"
    )


# ------------------------------------------------------------------------------ region15


def draw_region15(
    *, polynomials: GradientPolynomials | None = None, preset: str | Preset = "slide"
) -> Figure:
    """Where (15) holds (eq. 15), the threshold theta1*(r) and the certified regions.

    Left: the plane coloured by which part of dF/dtheta1 < dF/dtheta2 < 0 holds, with the
    threshold theta1*(r) on the rays theta2 = r theta1, the certified cone and the certified
    trap. Right: theta1*(r) against r with the certified staircase above it.
    ``polynomials`` (the sign polynomials of (15)) are built here when not given.
    """
    t1 = np.linspace(-3.0, 6.0, 361)
    t2 = np.linspace(-4.0, 14.0, 361)
    uu, vv = np.meshgrid(t1, t2)
    g1, g2 = grad_F(uu, vv)
    polys = ensure_polynomials(polynomials)  # read by the threshold and the certificates
    code = np.where(g2 >= 0, 2, np.where(g1 < g2, 0, 1))
    r = np.linspace(-1.0, 1.9, 59)
    th = np.asarray(chain_threshold(r, polynomials=polys))
    stair = certify_threshold_staircase(polynomials=polys)
    cone = certify_chain_cone(polynomials=polys)
    trap = certify_box("trap", TRAP_A0, TRAP_B0, polynomials=polys)
    region_colours = (_tint(PALETTE.sky, 0.5), _tint(PALETTE.orange, 0.5), PALETTE.light_grey)
    staircase = PALETTE.purple

    with styled_figure(preset, panels=2, extra_height=2.0) as fig:
        ax, rx = panel_axes(fig, 2, ratios=[1.3, 1.0])
        cmap = ListedColormap(region_colours)
        ax.imshow(
            code,
            origin="lower",
            extent=(t1[0], t1[-1], t2[0], t2[-1]),
            aspect="auto",
            cmap=cmap,
            vmin=0,
            vmax=2,
            interpolation="nearest",
        )
        names = (
            r"(15) holds: $\partial_{\theta_1} F < \partial_{\theta_2} F < 0$",
            r"$\partial_{\theta_1} F \geq \partial_{\theta_2} F$",
            r"$\partial_{\theta_2} F \geq 0$",
        )
        for k in np.unique(code):
            _swatch(ax, cmap(int(k)), names[int(k)])
        ax.plot(th, r * th, color=PALETTE.black, lw=2.0, label=r"threshold $\theta_1^*(r)$")
        xs, ys = [], []
        for k, tk in enumerate(stair.thresholds):
            xs += [tk, tk]
            ys += [stair.r_edges[k] * tk, stair.r_edges[k + 1] * tk]
        ax.plot(xs, ys, color=staircase, lw=1.5)
        x = np.linspace(cone.theta1_min, t1[-1], 20)
        ax.fill_between(
            x,
            t2[0],
            x,
            facecolor="none",
            hatch="//",
            edgecolor=PALETTE.black,
            linewidth=0.0,
            label=(
                f"certified (15): $\\theta_1 \\geq {cone.theta1_min:.4f}$, "
                r"$\theta_2 \leq \theta_1$"
            ),
        )
        ax.plot([cone.theta1_min] * 2, [t2[0], cone.theta1_min], color=PALETTE.black, lw=1.0)
        ax.plot(x, x, color=PALETTE.black, lw=1.0)
        x = np.linspace(trap.theta1_min, t1[-1], 20)
        ax.plot(
            x,
            2 * x,
            color=PALETTE.black,
            ls="--",
            lw=1.5,
            label=(
                f"certified trap: $\\theta_1 \\geq {trap.theta1_min:.3f}$, "
                r"$\theta_2 \leq 2\theta_1$"
            ),
        )
        ax.plot(
            [trap.theta1_min] * 2,
            [t2[0], 2 * trap.theta1_min],
            color=PALETTE.black,
            ls="--",
            lw=1.5,
        )
        ax.set_xlim(t1[0], t1[-1])
        ax.set_ylim(t2[0], t2[-1])
        ax.set_xlabel(_T1)
        ax.set_ylabel(_T2)
        ax.set_title("where the chain (15) holds")

        rr = np.linspace(0.0, 1.0, 81)
        rx.plot(rr, np.asarray(chain_threshold(rr, polynomials=polys)), color=PALETTE.black, lw=2.0)
        rx.stairs(
            stair.thresholds,
            stair.r_edges,
            color=staircase,
            lw=1.5,
            baseline=None,
            label=f"certified staircase ({len(stair.thresholds)} slabs, interval bounds)",
        )
        rx.set_xlabel(r"slope $r = \theta_2 / \theta_1$")
        rx.set_ylabel(r"$\theta_1$ on the ray $\theta_2 = r\,\theta_1$")
        rx.set_title(r"threshold $\theta_1^*(r)$, $0 \leq r \leq 1$")
        rx.grid(True)
        figure_legend(fig, where="below", ncols=None if fig.preset.stacked else 2)
    return fig


def fig_region15(
    out_dir: Path,
    *,
    polynomials: GradientPolynomials | None = None,
    fmt: str = "png",
    preset: str | Preset = "slide",
) -> Path:
    """Write ``smoothed_region15.<fmt>`` (:func:`draw_region15`) under ``out_dir``."""
    fig = draw_region15(polynomials=polynomials, preset=preset)
    return save_figure(fig, Path(out_dir) / f"smoothed_region15.{fmt}")


# ----------------------------------------------------------------------------------- tau


def draw_tau(sw: TauSweep | None = None, *, preset: str | Preset = "slide") -> Figure:
    """Beyond the paper: basin shares and stalled value against the temperature tau.

    ``sw`` is a :class:`~aptheory.sections.smoothed.dynamics.TauSweep`; by default the
    figure's own, ``tau_sweep(TAUS, n=21, steps=2000)`` (21 x 21 starts in [-4, 8] x [-4, 20],
    step eta tau^2 with eta = 1, 2000 steps).
    """
    sw = tau_sweep(TAUS, n=21, steps=2000) if sw is None else sw
    gap = sw.stalled_loss - 1 / 6
    with styled_figure(preset, panels=2, extra_height=0.9) as fig:
        ax, bx = panel_axes(fig, 2)
        stall, escape, undecided = FATE_COLOURS
        ax.plot(sw.taus, sw.stall_share, "o-", color=stall, label=_FATE_NAMES[0])
        ax.plot(sw.taus, sw.escape_share, "s--", color=escape, label=_FATE_NAMES[1])
        ax.plot(sw.taus, sw.undecided_share, "^:", color=undecided, label=_FATE_NAMES[2])
        ax.set_xscale("log")
        ax.set_ylim(-0.03, 1.03)
        ax.set_xlabel(r"temperature $\tau$ of $S(x/\tau)$")
        ax.set_ylabel("share of starts")
        ax.set_title(r"fate on $F_\tau$ (step $\tau^2$, 2000 steps)")
        ax.grid(True)
        bx.plot(sw.taus, gap, "o-", color=stall)
        bx.set_xscale("log")
        bx.set_xlabel(r"temperature $\tau$ of $S(x/\tau)$")
        bx.set_ylabel(r"median $F_\tau - 1/6$, stalled runs")
        bx.ticklabel_format(axis="y", style="sci", scilimits=(0, 0))
        bx.set_title("how close stalled runs get to 1/6")
        bx.grid(True)
        figure_legend(fig)
    return fig


def fig_tau(out_dir: Path, *, fmt: str = "png", preset: str | Preset = "slide") -> Path:
    """Write ``smoothed_tau.<fmt>`` (:func:`draw_tau`) under ``out_dir``."""
    return save_figure(draw_tau(preset=preset), Path(out_dir) / f"smoothed_tau.{fmt}")


def plot_tau(sw: TauSweep, path: Path) -> Path:
    """Write :func:`draw_tau` of ``sw`` to ``path`` (format from its suffix)."""
    return save_figure(draw_tau(sw), path)
