"""Figures of Section 1 (Proposition 1): steps taken against the bounds, and the envelopes.

Each figure is a ``draw_<short>(*, preset="slide") -> Figure`` (for notebooks: Jupyter shows
the returned figure inline) and a ``fig_<short>(out_dir, *, fmt, preset) -> Path`` that
writes it (the registered figure ``separable_<short>``):

- ``separable_margin``: steps taken, C / c^2 (eq. 10), the classical perceptron bound
  (R / gamma)^2 and the sharper step-mass bound against the margin epsilon, log-log, several
  seeds (one problem and one run per seed and margin).
- ``separable_envelopes``: along one run, <theta(t), theta*> and ||theta(t)|| against t with
  the envelopes c t (eq. 6) and sqrt(C t) (eq. 8), which must cross at t = C / c^2 (eq. 10).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from aptheory.core.io import save_figure
from aptheory.figures.style import (
    PALETTE,
    Preset,
    figure_legend,
    panel_axes,
    scientific,
    styled_figure,
)
from aptheory.sections.separable.algorithm import simulate_error_driven
from aptheory.sections.separable.problems import separable_problem
from aptheory.sections.separable.sweeps import sweep

__all__ = [
    "ENVELOPE_RUN",
    "MARGIN_SWEEP",
    "draw_envelopes",
    "draw_margin",
    "fig_envelopes",
    "fig_margin",
]

# The fixed settings of both figures (the notebook reuses them).
MARGIN_SWEEP: dict[str, Any] = {
    "epsilons": tuple(float(e) for e in np.geomspace(0.02, 1.0, 6)),
    "seeds": (0, 1, 2, 3),
    "sizes": ((3, 5), (2, 7), (6, 2)),
    "dim": 4,
}
ENVELOPE_RUN: dict[str, Any] = {
    "sizes": ((3, 5), (2, 7), (6, 2)),
    "dim": 4,
    "epsilon": 0.05,
    "seed": 2,
}


def _samples(sizes: tuple[tuple[int, int], ...]) -> str:
    """``3+5, 2+7, 6+2``: |P|+|N| of each sample."""
    return ", ".join(f"{p}+{n}" for p, n in sizes)


def draw_margin(*, preset: str | Preset = "slide") -> Figure:
    """Steps taken and the bounds C / c^2, (R / gamma)^2 against epsilon (log-log).

    One line per seed of :data:`MARGIN_SWEEP`; a run stopped without converging is left out
    of the steps line and marked where it stopped.
    """
    cfg = MARGIN_SWEEP
    rows = sweep(cfg["epsilons"], cfg["seeds"], sizes=cfg["sizes"], dim=cfg["dim"])
    eps = np.array([r.epsilon for r in rows])
    series = (
        ("bound", r"$C/c^2$, eq. (10)", PALETTE.vermillion, "-"),
        (
            "sharper_bound",
            r"$(s_{\max}/s_{\min})\,(R/\gamma)^2$ (step masses)",
            PALETTE.purple,
            "-.",
        ),
        ("perceptron_bound", r"$(R/\gamma)^2$ (classical perceptron)", PALETTE.orange, "--"),
    )
    with styled_figure(preset, extra_height=2.0) as fig:
        (ax,) = panel_axes(fig, 1)
        for attr, label, color, style in series:
            vals = np.array([getattr(r, attr) for r in rows])
            for k, seed in enumerate(cfg["seeds"]):
                sel = np.array([r.seed == seed for r in rows])
                ax.plot(eps[sel], vals[sel], style, color=color, label=label if k == 0 else None)
        converged = np.array([r.status == "converged" for r in rows])
        steps = np.array([r.steps if ok else np.nan for r, ok in zip(rows, converged, strict=True)])
        for k, seed in enumerate(cfg["seeds"]):
            sel = np.array([r.seed == seed for r in rows])
            ax.plot(
                eps[sel],
                steps[sel],
                "o-",
                color=PALETTE.blue,
                label="steps taken $T$ (converged runs)" if k == 0 else None,
            )
        if not converged.all():
            ax.plot(
                eps[~converged],
                [r.steps for r, ok in zip(rows, converged, strict=True) if not ok],
                "x",
                color=PALETTE.black,
                mew=2,
                label="stopped without converging",
            )
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(r"margin $\epsilon$ (unit $\theta^*$)")
        ax.set_ylabel("steps $T$ and its bounds")
        ax.set_title("Proposition 1: steps and bounds")
        ax.grid(True, which="major")
        figure_legend(
            fig,
            title=(
                f"{len(cfg['seeds'])} seeds, one line each;\nsamples $|P|+|N|$ = "
                f"{_samples(cfg['sizes'])};\n$d$ = {cfg['dim']}, $H(0) = 1$"
            ),
            alignment="left",
        )
    return fig


def fig_margin(out_dir: Path, *, fmt: str = "png", preset: str | Preset = "slide") -> Path:
    """Write ``separable_margin.<fmt>`` (:func:`draw_margin`) under ``out_dir``."""
    return save_figure(draw_margin(preset=preset), Path(out_dir) / f"separable_margin.{fmt}")


def draw_envelopes(*, preset: str | Preset = "slide") -> Figure:
    """<theta, theta*> and ||theta|| along one run, with c t and sqrt(C t) up to t = C / c^2.

    The run of :data:`ENVELOPE_RUN`. The envelopes c t <= <theta, theta*> <= ||theta|| <=
    sqrt(C t) (eqs. 5-8) can only hold together up to their crossing t = C / c^2 (eq. 10).
    """
    cfg = ENVELOPE_RUN
    problem = separable_problem(
        cfg["sizes"], dim=cfg["dim"], epsilon=cfg["epsilon"], rng=cfg["seed"]
    )
    tr = simulate_error_driven(problem, rng=cfg["seed"])
    k = tr.constants
    t = np.arange(1, tr.steps + 1, dtype=float)
    t_env = np.geomspace(1.0, 3.0 * k.bound, 200)
    with styled_figure(preset, extra_height=2.4) as fig:
        (ax,) = panel_axes(fig, 1)
        ax.plot(t_env, np.sqrt(k.C * t_env), color=PALETTE.black, label=r"$\sqrt{C t}$, eq. (8)")
        ax.plot(t_env, k.c * t_env, color=PALETTE.black, ls="--", label=r"$c\, t$, eqs. (5)-(6)")
        ax.plot(t, np.sqrt(tr.norm_sq[1:]), color=PALETTE.blue, label=r"$\|\theta^{(t)}\|$")
        ax.plot(
            t,
            tr.inner[1:],
            color=PALETTE.orange,
            label=r"$\langle\theta^{(t)}, \theta^*\rangle$",
        )
        ax.axvline(
            tr.steps, color=PALETTE.blue, ls=":", lw=1.5, label=f"the run stops: $T$ = {tr.steps}"
        )
        ax.axvline(
            k.bound,
            color=PALETTE.grey,
            ls=":",
            lw=1.5,
            label=f"envelopes cross: $C/c^2$ = {scientific(k.bound)}",
        )
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("step $t$")
        ax.set_ylabel(r"$\langle\theta^{(t)}, \theta^*\rangle$ and $\|\theta^{(t)}\|$")
        ax.set_title(r"$c\,t \leq \|\theta^{(t)}\| \leq \sqrt{C t}$ forces $t \leq C/c^2$")
        ax.grid(True, which="major")
        figure_legend(
            fig,
            title=(
                f"one run: $\\epsilon$ = {cfg['epsilon']},\nsamples $|P|+|N|$ = "
                f"{_samples(cfg['sizes'])},\n$d$ = {cfg['dim']}, seed {cfg['seed']}"
            ),
            alignment="left",
        )
    return fig


def fig_envelopes(out_dir: Path, *, fmt: str = "png", preset: str | Preset = "slide") -> Path:
    """Write ``separable_envelopes.<fmt>`` (:func:`draw_envelopes`) under ``out_dir``."""
    return save_figure(draw_envelopes(preset=preset), Path(out_dir) / f"separable_envelopes.{fmt}")
