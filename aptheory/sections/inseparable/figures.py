"""Figures of Section 3 (the inseparable case): accumulated AP-loss against its bounds.

- ``inseparable_online``: cumulative AP-loss of an online run against T, with bound (27)
  and its two parts;
- ``inseparable_offline``: an offline run: cumulative AP-loss with T x (32), and the average
  AP-loss with (29), (31), (32);
- ``inseparable_tightness``: how much of each bound the runs use, against T, against delta
  (with theta^(1) != 0; with theta^(1) = 0 the tightness does not depend on delta at all),
  and where (29) rather than (31) is the active bound.

Fixed seeds and sizes; all data come from the section's modules (:mod:`.data`, :mod:`.runs`,
:mod:`.bounds`, :mod:`.tightness`).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from aptheory.core.io import save_figure
from aptheory.core.linear import Sample
from aptheory.sections.inseparable.bounds import regret_bounds
from aptheory.sections.inseparable.data import inseparable_samples
from aptheory.sections.inseparable.runs import run_offline, run_online
from aptheory.sections.inseparable.tightness import best_bounds, crossover_z, tightness_sweep

__all__ = ["fig_offline", "fig_online", "fig_tightness", "offline_sample", "online_data"]

CHECKPOINTS = (1, 2, 5, 10, 20, 50, 100, 200, 400)


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


def fig_online(out_dir: Path) -> Path:
    """Cumulative AP-loss of the online run against T, with bound (27) and its parts."""
    data = online_data()
    run = run_online(data, CHECKPOINTS[-1], delta=1.0, seed=1)
    rows = [regret_bounds(run, data, T=t) for t in CHECKPOINTS]
    ts = np.arange(1, run.T + 1)
    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    ax.plot(ts, np.cumsum(run.ap_losses), color="C0", lw=2, label=r"$\sum_t L_{AP}(\theta^{(t)})$")
    ax.plot(
        ts,
        np.cumsum(run.surrogate) * 4 / run.delta,
        color="C0",
        ls=":",
        label=r"$(4/\delta)\sum_t l^{(t)}(\theta^{(t)})$  (19)",
    )
    ax.plot(CHECKPOINTS, [b.bound27 for b in rows], "o-", color="C3", label="bound (27)")
    ax.plot(
        CHECKPOINTS,
        [8 / b.delta * b.sum_comparator for b in rows],
        "--",
        color="C3",
        alpha=0.6,
        label=r"$(8/\delta)\sum_t l^{(t)}(u)$",
    )
    ax.plot(
        CHECKPOINTS,
        [4 * b.radius**2 / b.delta**2 * b.dist_sq for b in rows],
        ":",
        color="C3",
        alpha=0.6,
        label=r"$(4R^2/\delta^2)\|u-\theta^{(1)}\|^2$",
    )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("T (steps)")
    ax.set_ylabel("accumulated loss")
    last = rows[-1]
    ax.set_title(
        f"Online, 12 samples, overlap 0.3, delta = 1, R = {run.radius:.1f}\n"
        f"T = {last.T}: sum L_AP = {last.sum_ap:.1f}, bound (27) = {last.bound27:.0f} "
        f"(tightness {last.tightness27:.3f})",
        fontsize=9,
    )
    ax.legend(fontsize=8, loc="upper left")
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    return save_figure(fig, Path(out_dir) / "inseparable_online.png")


def fig_offline(out_dir: Path) -> Path:
    """Offline run: cumulative AP-loss with T x (32); average AP-loss with (29), (31), (32)."""
    sample = offline_sample()
    run = run_offline(sample, CHECKPOINTS[-1], delta=1.0)
    rows = [best_bounds(run, (sample,), T=t) for t in CHECKPOINTS]
    ts = np.arange(1, run.T + 1)
    cum = np.cumsum(run.ap_losses)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.2))
    left.plot(ts, cum, color="C0", lw=2, label=r"$\sum_t L_{AP}(\theta^{(t)})$")
    left.plot(CHECKPOINTS, [b.T * b.bound32 for b in rows], "o-", color="C2", label="T x (32)")
    left.plot(CHECKPOINTS, [b.bound27 for b in rows], "s--", color="C3", label="(27)")
    left.plot(ts, ts, color="0.5", ls=":", label="T (trivial: L_AP <= 1)")
    left.set_xscale("log")
    left.set_yscale("log")
    left.set_xlabel("T (steps)")
    left.set_ylabel("accumulated AP-loss")
    left.legend(fontsize=8)
    left.grid(True, which="both", alpha=0.3)
    right.plot(ts, cum / ts, color="C0", lw=2, label="average AP-loss")
    right.plot(CHECKPOINTS, [b.bound29 for b in rows], "^-", color="C1", label="(29)")
    right.plot(CHECKPOINTS, [b.bound31 for b in rows], "v-", color="C4", label="(31)")
    right.plot(CHECKPOINTS, [b.bound32 for b in rows], "o:", color="C2", label="(32) = min")
    right.axhline(1.0, color="0.5", ls=":")
    right.set_xscale("log")
    right.set_yscale("log")
    right.set_xlabel("T (steps)")
    right.set_ylabel("average AP-loss and bounds")
    right.legend(fontsize=8)
    right.grid(True, which="both", alpha=0.3)
    last = rows[-1]
    fig.suptitle(
        f"Offline, |P| = {sample.n_positive}, |N| = {sample.n_negative}, overlap 0.3, "
        f"delta = 1: at T = {last.T} average AP-loss {last.average_ap:.3f}, (29) "
        f"{last.bound29:.2f}, (31) {last.bound31:.3f}; active: {last.active}",
        fontsize=9,
    )
    fig.tight_layout()
    return save_figure(fig, Path(out_dir) / "inseparable_offline.png")


def _tightness_panel(ax, x, online, offline, xlabel: str, title: str, *extra) -> None:
    """One panel of tightness curves: (27) online and offline, (29), (31), then ``extra``."""
    ax.plot(x, [r.t27 for r in online], "o-", color="C3", label="(27) online")
    ax.plot(x, [r.t27 for r in offline], "s--", color="C3", label="(27) offline")
    ax.plot(x, [r.t29 for r in offline], "^-", color="C1", label="(29)")
    ax.plot(x, [r.t31 for r in offline], "v-", color="C4", label="(31)")
    for y, fmt, color, label in extra:
        ax.plot(x, y, fmt, color=color, label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=8)
    ax.grid(True, which="both", alpha=0.3)


def fig_tightness(out_dir: Path) -> Path:
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

    fig, axes = plt.subplots(1, 3, figsize=(13, 4.2))
    _tightness_panel(axes[0], steps, online, offline, "T", "against T (delta = 1, theta(1) = 0)")
    axes[0].set_ylabel("tightness = actual / bound")
    flat = ([r.t31 for r in off_0], "v:", "0.4", "(31), theta(1) = 0 (flat)")
    _tightness_panel(
        axes[1], deltas, on_d, off_d, "delta", "against delta (T = 100, theta(1) = (-1, 0))", flat
    )

    ax = axes[2]
    ns = np.arange(1, 65)
    ax.plot(
        ns,
        [8 * crossover_z(int(n)) for n in ns],
        color="k",
        label=r"$8Z^*/\delta$: (29) active below",
    )
    for overlap, color in ((0.01, "C0"), (0.1, "C1"), (0.3, "C2")):
        pts = []
        for n_pos in (2, 8, 32):
            s = offline_sample(overlap, n_pos, 3 * n_pos, seed=5)
            b = best_bounds(run_offline(s, 200), (s,))
            pts.append((n_pos, 8 * min(b.z29, b.z31)))
        ax.plot(
            *zip(*pts, strict=True),
            "o",
            color=color,
            label=f"8 Z(u)/delta, overlap {overlap}, T = 200",
        )
    ax.set_yscale("log")
    ax.set_xlabel("|P|")
    ax.set_title("which of (29), (31) is active", fontsize=9)
    ax.legend(fontsize=7)
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    return save_figure(fig, Path(out_dir) / "inseparable_tightness.png")
