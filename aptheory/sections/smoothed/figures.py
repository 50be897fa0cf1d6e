"""Figures of Section 2: gradient descent on the smoothed AP-loss stalls at 1/6.

- ``smoothed_contour``: contour of F (eq. 14) with gradient-descent trajectories (several
  starts and step sizes) and the path of Proposition 1's error-driven algorithm;
- ``smoothed_basins``: the fate of gradient descent from a grid of starts;
- ``smoothed_loss_curves``: F against iterations, stalled runs approaching 1/6;
- ``smoothed_region15``: where the inequality chain (15) holds, the threshold theta1*(r) and
  the certified regions;
- ``smoothed_tau``: beyond the paper, the share of stalling starts against the temperature.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap

from aptheory.core.io import save_figure
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
    "STARTS",
    "TAUS",
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


def _plane():
    t1 = np.linspace(-3.0, 8.0, 221)
    t2 = np.linspace(-4.0, 20.0, 241)
    return t1, t2, np.meshgrid(t1, t2)


def fig_contour(out_dir: Path) -> Path:
    """Contour of F (eq. 14) with gradient-descent trajectories and the error-driven path."""
    t1, t2, (uu, vv) = _plane()
    fig, ax = plt.subplots(figsize=(7.0, 5.6))
    cs = ax.contourf(uu, vv, F(uu, vv), levels=np.linspace(0.0, 0.5, 26), cmap="viridis")
    ax.contour(uu, vv, F(uu, vv), levels=[1 / 6], colors="white", linewidths=0.8)
    fig.colorbar(cs, ax=ax, label="F(theta1, theta2)")
    ax.plot(t1, 3 * t1, "w--", lw=0.8, label="theta2 = 3 theta1 (separable above, theta1 > 0)")
    styles = {0.5: ":", 2.0: "-", 8.0: "--"}
    n = STARTS.shape[0]
    # every (step size, start) pair in one run: eta is per start, the paths are the same
    run = gradient_descent(
        np.tile(STARTS, (len(ETAS), 1)), eta=np.repeat(ETAS, n), steps=3000, record_every=5
    )
    for e, eta in enumerate(ETAS):
        for k in range(n):
            path = run.thetas[:, e * n + k, :]
            ax.plot(path[:, 0], path[:, 1], styles[eta], color="orange", lw=1.0)
        ax.plot([], [], styles[eta], color="orange", label=f"gradient descent, eta = {eta}")
    ax.plot(STARTS[:, 0], STARTS[:, 1], "o", color="orange", ms=4)
    path = error_driven()
    pts = np.array([[float(a), float(b)] for a, b in path.thetas])
    ax.plot(
        pts[:, 0],
        pts[:, 1],
        "-o",
        color="red",
        ms=3,
        lw=1.2,
        label=f"error-driven (Prop. 1), {path.steps} steps",
    )
    ax.set_xlim(t1[0], t1[-1])
    ax.set_ylim(t2[0], t2[-1])
    ax.set_xlabel("theta1")
    ax.set_ylabel("theta2")
    ax.set_title("Smoothed AP-loss (14): white contour F = 1/6")
    ax.legend(loc="upper left", fontsize=7)
    return save_figure(fig, out_dir / "smoothed_contour.png")


def fig_basins(out_dir: Path) -> Path:
    """Basin map: certified stall (F -> 1/6), escape (F -> 0), undecided."""
    return plot_basins(basin_map(n=41, steps=3000), out_dir / "smoothed_basins.png")


def plot_basins(bm: BasinMap, path: Path) -> Path:
    """Draw a :class:`~aptheory.sections.smoothed.dynamics.BasinMap` to ``path``."""
    fig, ax = plt.subplots(figsize=(6.4, 5.6))
    cmap = ListedColormap(["#d95f02", "#1b9e77", "#bbbbbb"])
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
    ax.plot(x, x, "k-", lw=0.8, label="theta2 = theta1")
    ax.plot(x, 2 * x + np.log(9 / 7), "k--", lw=0.8, label="theta2 = 2 theta1 + ln(9/7)")
    ax.plot(x, 3 * x, "k:", lw=0.8, label="theta2 = 3 theta1")
    for k, name in enumerate(("stall: F -> 1/6", "escape: F -> 0", "undecided")):
        ax.plot(
            [], [], "s", color=cmap(k), label=f"{name} ({100 * list(bm.shares.values())[k]:.1f}%)"
        )
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_xlabel("theta1 (start)")
    ax.set_ylabel("theta2 (start)")
    ax.set_title(f"Fate of gradient descent (eta = {bm.eta}, {bm.steps} steps)")
    ax.legend(loc="upper left", fontsize=7)
    return save_figure(fig, path)


def fig_loss_curves(out_dir: Path) -> Path:
    """F against iterations: stalled runs approach 1/6 from above, escaped ones go to 0."""
    run = gradient_descent(STARTS, eta=5.0, steps=6000, record_every=10)
    it = np.arange(run.losses.shape[0]) * run.record_every
    fates = classify(run.thetas[-1], run.losses[-1])
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(10.0, 4.2))
    for k in range(STARTS.shape[0]):
        label = f"start ({STARTS[k, 0]:g}, {STARTS[k, 1]:g})"
        (line,) = ax.plot(it[1:], run.losses[1:, k], lw=1.2, label=label)
        if fates[k] == STALL:
            bx.plot(it[1:], run.losses[1:, k] - 1 / 6, lw=1.2, color=line.get_color(), label=label)
    ax.axhline(1 / 6, color="k", ls="--", lw=0.8, label="1/6")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("iteration (eta = 5)")
    ax.set_ylabel("F")
    ax.set_title("F along gradient descent")
    ax.legend(fontsize=7)
    bx.plot(it[1:], 1.0 / it[1:], "k:", lw=0.8, label="1 / t")
    bx.set_xscale("log")
    bx.set_yscale("log")
    bx.set_xlabel("iteration (eta = 5)")
    bx.set_ylabel("F - 1/6")
    bx.set_title("Certified stalls: F - 1/6 > 0 decays like 1/t")
    bx.legend(fontsize=7)
    return save_figure(fig, out_dir / "smoothed_loss_curves.png")


def fig_region15(out_dir: Path, *, polynomials: GradientPolynomials | None = None) -> Path:
    """Where (15) holds (eq. 15), the threshold theta1*(r) and the certified regions.

    ``polynomials`` (the sign polynomials of (15)) are built here when not given.
    """
    t1 = np.linspace(-3.0, 6.0, 361)
    t2 = np.linspace(-4.0, 14.0, 361)
    uu, vv = np.meshgrid(t1, t2)
    g1, g2 = grad_F(uu, vv)
    polys = ensure_polynomials(polynomials)  # read by the threshold and the certificates
    code = np.where(g2 >= 0, 2, np.where(g1 < g2, 0, 1))
    fig, ax = plt.subplots(figsize=(6.6, 5.6))
    cmap = ListedColormap(["#a6dba0", "#f4a582", "#92c5de"])
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
    r = np.linspace(-1.0, 1.9, 59)
    th = np.asarray(chain_threshold(r, polynomials=polys))
    ax.plot(th, r * th, "k-", lw=1.2, label="theta1*(r) on theta2 = r theta1")
    stair = certify_threshold_staircase(polynomials=polys)
    xs, ys = [], []
    for k, tk in enumerate(stair.thresholds):
        xs += [tk, tk]
        ys += [stair.r_edges[k] * tk, stair.r_edges[k + 1] * tk]
    ax.plot(
        xs,
        ys,
        color="#5e3c99",
        lw=1.0,
        label=f"certified staircase ({len(stair.thresholds)} slabs, interval bounds)",
    )
    ins = ax.inset_axes([0.62, 0.11, 0.35, 0.25])
    ins.set_facecolor("white")
    ins.plot(xs, np.array(ys) / np.array(xs), color="#5e3c99", lw=1.0)
    rr = np.linspace(0.0, 1.0, 41)
    ins.plot(np.asarray(chain_threshold(rr, polynomials=polys)), rr, "k-", lw=1.0)
    ins.set_xlabel("theta1", fontsize=7)
    ins.set_ylabel("r = theta2/theta1", fontsize=7)
    ins.tick_params(labelsize=6)
    ins.set_title("zoom: threshold and certified staircase", fontsize=7)
    cone = certify_chain_cone(polynomials=polys)
    box = certify_box("trap", TRAP_A0, TRAP_B0, polynomials=polys)
    x = np.linspace(cone.theta1_min, t1[-1], 20)
    ax.fill_between(
        x,
        t2[0],
        x,
        facecolor="none",
        hatch="//",
        edgecolor="k",
        linewidth=0.5,
        label=f"certified: theta1 >= {cone.theta1_min:.4f}, theta2 <= theta1",
    )
    x = np.linspace(box.theta1_min, t1[-1], 20)
    ax.plot(
        x,
        2 * x,
        "k--",
        lw=1.0,
        label=f"certified trap edge: theta1 >= {box.theta1_min:.3f}, theta2 <= 2 theta1",
    )
    ax.plot([box.theta1_min] * 2, [t2[0], 2 * box.theta1_min], "k--", lw=1.0)
    ax.plot(np.linspace(0, t1[-1]), np.linspace(0, t1[-1]), "k:", lw=0.8)
    for k, name in enumerate(("(15) holds", "dF/dtheta1 >= dF/dtheta2", "dF/dtheta2 >= 0")):
        ax.plot([], [], "s", color=cmap(k), label=name)
    ax.set_xlim(t1[0], t1[-1])
    ax.set_ylim(t2[0], t2[-1])
    ax.set_xlabel("theta1")
    ax.set_ylabel("theta2")
    ax.set_title("Where dF/dtheta1 < dF/dtheta2 < 0 (eq. 15)")
    ax.legend(loc="upper left", fontsize=7)
    return save_figure(fig, out_dir / "smoothed_region15.png")


def fig_tau(out_dir: Path) -> Path:
    """Beyond the paper: basin shares and stalled value against the temperature tau."""
    return plot_tau(tau_sweep(TAUS, n=21, steps=2000), out_dir / "smoothed_tau.png")


def plot_tau(sw: TauSweep, path: Path) -> Path:
    """Draw a :class:`~aptheory.sections.smoothed.dynamics.TauSweep` to ``path``."""
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(9.0, 3.8))
    ax.plot(sw.taus, sw.stall_share, "o-", color="#d95f02", label="stall (F -> 1/6)")
    ax.plot(sw.taus, sw.escape_share, "s-", color="#1b9e77", label="escape (F -> 0)")
    ax.plot(sw.taus, sw.undecided_share, "^-", color="#888888", label="undecided (frozen)")
    ax.set_xscale("log")
    ax.set_xlabel("tau")
    ax.set_ylabel("share of starts in [-4, 8] x [-4, 20]")
    ax.set_title("S(x / tau), step eta tau^2")
    ax.legend(fontsize=7)
    bx.plot(sw.taus, sw.stalled_loss - 1 / 6, "o-")
    bx.set_xscale("log")
    bx.set_xlabel("tau")
    bx.set_ylabel("median F - 1/6 of stalled runs (2000 steps)")
    bx.set_title("The stalled value stays 1/6")
    return save_figure(fig, path)
