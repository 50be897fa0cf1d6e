"""Figures of Section 3 (the inseparable case): accumulated AP-loss against its bounds.

Each figure is a ``draw_<short>(*, preset="slide") -> Figure`` (for notebooks: Jupyter shows
the returned figure inline) and a ``fig_<short>(out_dir, *, fmt, preset) -> Path`` that
writes it (the registered figure ``inseparable_<short>``):

- ``inseparable_online``: cumulative AP-loss of an online run against T, with bound (27)
  and its two parts;
- ``inseparable_offline``: an offline run: cumulative AP-loss with T x (32), and the average
  AP-loss with (29), (31), (32);
- ``inseparable_tightness``: how much of each bound the runs use, against T, against delta
  (with theta^(1) != 0; with theta^(1) = 0 the tightness does not depend on delta at all),
  and where (29) rather than (31) is the active bound.

One colour per bound in all three: (27) vermillion, (29) orange, (31) purple, (32) black;
the measured AP-loss blue. Fixed seeds and sizes; all data come from the section's modules
(:mod:`.data`, :mod:`.runs`, :mod:`.bounds`, :mod:`.tightness`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from aptheory.core.io import save_figure
from aptheory.core.linear import Sample
from aptheory.figures.style import (
    PALETTE,
    Preset,
    figure_legend,
    panel_axes,
    scientific,
    styled_figure,
)
from aptheory.sections.inseparable.bounds import regret_bounds
from aptheory.sections.inseparable.data import inseparable_samples
from aptheory.sections.inseparable.runs import run_offline, run_online
from aptheory.sections.inseparable.tightness import best_bounds, crossover_z, tightness_sweep

__all__ = [
    "BOUND_COLOURS",
    "draw_offline",
    "draw_online",
    "draw_tightness",
    "fig_offline",
    "fig_online",
    "fig_tightness",
    "offline_sample",
    "online_data",
]

CHECKPOINTS = (1, 2, 5, 10, 20, 50, 100, 200, 400)

#: The colour of each bound in every figure of the section; the measured AP-loss is blue.
BOUND_COLOURS = {
    "27": PALETTE.vermillion,
    "29": PALETTE.orange,
    "31": PALETTE.purple,
    "32": PALETTE.black,
}
_MEASURED = PALETTE.blue
_SUM_AP = r"$\sum_t L_{AP}(\theta^{(t)})$"


def online_data() -> tuple[Sample, ...]:
    """The fixed online data set: 12 samples, overlap 0.3, 2-6 positives, 4-16 negatives."""
    return inseparable_samples(12, overlap=0.3, positives=(2, 6), negatives=(4, 16), seed=0)


def offline_sample(
    overlap: float = 0.3, n_positive: int = 8, n_negative: int = 24, seed: int = 2
) -> Sample:
    """The fixed offline sample (one sample, |P| = 8, |N| = 24 by default)."""
    return inseparable_samples(
        1,
        overlap=overlap,
        positives=(n_positive, n_positive),
        negatives=(n_negative, n_negative),
        seed=seed,
    )[0]


def _offline(value: float | None) -> float:
    """A bound of an offline run (:func:`best_bounds` leaves it None only online)."""
    assert value is not None, "an offline bound of an online run"
    return value


def _log_axes(ax: Axes, xlabel: str, ylabel: str) -> None:
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, which="major")


def draw_online(*, preset: str | Preset = "slide") -> Figure:
    """Cumulative AP-loss of the online run against T, with bound (27) and its parts."""
    data = online_data()
    run = run_online(data, CHECKPOINTS[-1], delta=1.0, seed=1)
    rows = [regret_bounds(run, data, T=t) for t in CHECKPOINTS]
    ts = np.arange(1, run.T + 1)
    last = rows[-1]
    with styled_figure(preset, extra_height=2.2) as fig:
        (ax,) = panel_axes(fig, 1)
        ax.plot(
            ts,
            np.cumsum(run.ap_losses),
            color=_MEASURED,
            lw=1.5 * fig.preset.line_width,
            label=_SUM_AP,
        )
        ax.plot(
            ts,
            np.cumsum(run.surrogate) * 4 / run.delta,
            color=PALETTE.sky,
            ls=":",
            label=r"$(4/\delta)\sum_t l^{(t)}(\theta^{(t)})$, eq. (19)",
        )
        ax.plot(
            CHECKPOINTS,
            [b.bound27 for b in rows],
            "s-",
            color=BOUND_COLOURS["27"],
            label="bound (27) = the sum of its two parts:",
        )
        ax.plot(
            CHECKPOINTS,
            [8 / b.delta * b.sum_comparator for b in rows],
            "--",
            color=PALETTE.black,
            label=r"$\quad(8/\delta)\sum_t l^{(t)}(u)$",
        )
        ax.plot(
            CHECKPOINTS,
            [4 * b.radius**2 / b.delta**2 * b.dist_sq for b in rows],
            ":",
            color=PALETTE.black,
            label=r"$\quad(4R^2/\delta^2)\,\|u-\theta^{(1)}\|^2$",
        )
        _log_axes(ax, "steps $T$", "accumulated loss up to $T$")
        ax.set_title("online: 12 samples, overlap 0.3")
        figure_legend(
            fig,
            title=(
                f"$\\delta$ = 1, $R$ = {run.radius:.1f}; at $T$ = {last.T}:\n"
                f"{_SUM_AP} = {last.sum_ap:.1f},\n"
                f"(27) = {scientific(last.bound27)}, tightness {last.tightness27:.3f}"
            ),
            alignment="left",
        )
    return fig


def fig_online(out_dir: Path, *, fmt: str = "png", preset: str | Preset = "slide") -> Path:
    """Write ``inseparable_online.<fmt>`` (:func:`draw_online`) under ``out_dir``."""
    return save_figure(draw_online(preset=preset), Path(out_dir) / f"inseparable_online.{fmt}")


def draw_offline(*, preset: str | Preset = "slide") -> Figure:
    """Offline run: cumulative AP-loss with T x (32); average AP-loss with (29), (31), (32)."""
    sample = offline_sample()
    run = run_offline(sample, CHECKPOINTS[-1], delta=1.0)
    rows = [best_bounds(run, (sample,), T=t) for t in CHECKPOINTS]
    ts = np.arange(1, run.T + 1)
    cum = np.cumsum(run.ap_losses)
    last = rows[-1]
    with styled_figure(preset, panels=2, extra_height=2.6) as fig:
        left, right = panel_axes(fig, 2)
        left.plot(ts, cum, color=_MEASURED, lw=1.5 * fig.preset.line_width, label=_SUM_AP)
        left.plot(
            CHECKPOINTS, [b.bound27 for b in rows], "s-", color=BOUND_COLOURS["27"], label="(27)"
        )
        left.plot(
            CHECKPOINTS,
            [b.T * _offline(b.bound32) for b in rows],
            "o:",
            color=BOUND_COLOURS["32"],
            label=r"$T \times$ (32)",
        )
        left.plot(
            ts, ts, color=PALETTE.grey, ls="-.", lw=1.5, label=r"$T$ (trivial: $L_{AP} \leq 1$)"
        )
        _log_axes(left, "steps $T$", "accumulated AP-loss")
        left.set_title("accumulated")
        right.plot(
            ts,
            cum / ts,
            color=_MEASURED,
            lw=3,
            label=r"average $\frac{1}{T}\sum_t L_{AP}(\theta^{(t)})$",
        )
        right.plot(
            CHECKPOINTS,
            [_offline(b.bound29) for b in rows],
            "^-",
            color=BOUND_COLOURS["29"],
            label="(29)",
        )
        right.plot(
            CHECKPOINTS,
            [_offline(b.bound31) for b in rows],
            "v-",
            color=BOUND_COLOURS["31"],
            label="(31)",
        )
        right.plot(
            CHECKPOINTS,
            [_offline(b.bound32) for b in rows],
            "o:",
            color=BOUND_COLOURS["32"],
            label="(32) = min((29), (31))",
        )
        right.axhline(1.0, color=PALETTE.grey, ls="-.", lw=1.5)
        _log_axes(right, "steps $T$", "average AP-loss and bounds")
        right.set_title("average")
        figure_legend(
            fig,
            title=(
                f"offline: $|P|$ = {sample.n_positive}, $|N|$ = {sample.n_negative}, "
                f"overlap 0.3, $\\delta$ = 1;\nat $T$ = {last.T}: average {last.average_ap:.3f}, "
                f"(29) {last.bound29:.2f},\n(31) {last.bound31:.3f}; active: {last.active}"
            ),
            alignment="left",
        )
    return fig


def fig_offline(out_dir: Path, *, fmt: str = "png", preset: str | Preset = "slide") -> Path:
    """Write ``inseparable_offline.<fmt>`` (:func:`draw_offline`) under ``out_dir``."""
    return save_figure(draw_offline(preset=preset), Path(out_dir) / f"inseparable_offline.{fmt}")


def _tightness_panel(ax: Axes, x, online, offline, xlabel: str, title: str, *extra) -> None:
    """One panel of tightness curves: (27) online and offline, (29), (31), then ``extra``."""
    ax.plot(x, [r.t27 for r in online], "o-", color=BOUND_COLOURS["27"], label="(27) online")
    ax.plot(x, [r.t27 for r in offline], "s--", color=BOUND_COLOURS["27"], label="(27) offline")
    ax.plot(x, [r.t29 for r in offline], "^-", color=BOUND_COLOURS["29"], label="(29) offline")
    ax.plot(x, [r.t31 for r in offline], "v-", color=BOUND_COLOURS["31"], label="(31) offline")
    for y, fmt, color, label in extra:
        ax.plot(x, y, fmt, color=color, mfc="white", label=label)
    _log_axes(ax, xlabel, "tightness = actual / bound")
    ax.set_title(title)


def draw_tightness(*, preset: str | Preset = "slide") -> Figure:
    """Tightness against T and against delta, and where (29) is the active bound."""
    data = online_data()
    sample = offline_sample()
    steps = (10, 30, 100, 300)
    online = tightness_sweep(data, setting="online", steps=steps, seed=1)
    offline = tightness_sweep((sample,), setting="offline", steps=steps)
    deltas = tuple(float(d) for d in np.geomspace(0.1, 10.0, 7))
    theta0 = np.array([-1.0, 0.0])  # a bad start: negatives ranked first
    on_d = tightness_sweep(
        data, setting="online", steps=(100,), deltas=deltas, seed=1, theta0=theta0
    )
    off_d = tightness_sweep(
        (sample,), setting="offline", steps=(100,), deltas=deltas, theta0=theta0
    )
    off_0 = tightness_sweep((sample,), setting="offline", steps=(100,), deltas=deltas)
    ns = np.arange(1, 65)
    points = []
    for overlap, colour, marker in (
        (0.01, PALETTE.sky, "o"),
        (0.1, PALETTE.blue, "s"),
        (0.3, PALETTE.black, "D"),
    ):
        pts = []
        for n_pos in (2, 8, 32):
            s = offline_sample(overlap, n_pos, 3 * n_pos, seed=5)
            b = best_bounds(run_offline(s, 200), (s,))
            pts.append((n_pos, 8 * min(_offline(b.z29), _offline(b.z31))))
        points.append((overlap, colour, marker, pts))

    with styled_figure(preset, panels=3, extra_height=2.4) as fig:
        axes = panel_axes(fig, 3)
        _tightness_panel(
            axes[0],
            steps,
            online,
            offline,
            "steps $T$",
            "against $T$\n" r"($\delta$ = 1, $\theta^{(1)} = 0$)",
        )
        flat = (
            [r.t31 for r in off_0],
            "v:",
            BOUND_COLOURS["31"],
            r"(31) offline, $\theta^{(1)} = 0$: flat in $\delta$",
        )
        _tightness_panel(
            axes[1],
            deltas,
            on_d,
            off_d,
            r"$\delta$",
            "against $\\delta$\n" r"($T$ = 100, $\theta^{(1)} = (-1, 0)$)",
            flat,
        )
        ax = axes[2]
        ax.plot(
            ns,
            [8 * crossover_z(int(n)) for n in ns],
            color=PALETTE.black,
            lw=2,
            label=r"$8Z^*/\delta$: (29) is active below",
        )
        for overlap, colour, marker, pts in points:
            ax.plot(
                *zip(*pts, strict=True),
                marker,
                color=colour,
                ls="none",
                label=f"$8Z(u)/\\delta$, overlap {overlap}, $T$ = 200",
            )
        ax.set_yscale("log")
        ax.set_xlabel("positives $|P|$")
        ax.set_ylabel(r"$8Z/\delta$")
        ax.set_title("the active bound:\n(29) or (31)")
        ax.grid(True, which="major")
        figure_legend(fig, where="below", ncols=None if fig.preset.stacked else 3)
    return fig


def fig_tightness(out_dir: Path, *, fmt: str = "png", preset: str | Preset = "slide") -> Path:
    """Write ``inseparable_tightness.<fmt>`` (:func:`draw_tightness`) under ``out_dir``."""
    return save_figure(
        draw_tightness(preset=preset), Path(out_dir) / f"inseparable_tightness.{fmt}"
    )
