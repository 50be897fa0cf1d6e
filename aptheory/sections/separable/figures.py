"""Figures of Section 1 (Proposition 1): steps taken against the bounds, and the envelopes.

- ``separable_margin``: steps taken, C / c^2 (eq. 10), the classical perceptron bound
  (R / gamma)^2 and the sharper step-mass bound against the margin epsilon, log-log, several
  seeds (one problem and one run per seed and margin).
- ``separable_envelopes``: along one run, <theta(t), theta*> and ||theta(t)|| against t with
  the envelopes c t (eq. 6) and sqrt(C t) (eq. 8), which must cross at t = C / c^2 (eq. 10).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from aptheory.core.io import save_figure
from aptheory.sections.separable.algorithm import simulate_error_driven
from aptheory.sections.separable.problems import separable_problem
from aptheory.sections.separable.sweeps import sweep

__all__ = ["ENVELOPE_RUN", "MARGIN_SWEEP", "fig_envelopes", "fig_margin"]

# The fixed settings of both figures (the notebook reuses them).
MARGIN_SWEEP = {
    "epsilons": tuple(float(e) for e in np.geomspace(0.02, 1.0, 6)),
    "seeds": (0, 1, 2, 3),
    "sizes": ((3, 5), (2, 7), (6, 2)),
    "dim": 4,
}
ENVELOPE_RUN = {"sizes": ((3, 5), (2, 7), (6, 2)), "dim": 4, "epsilon": 0.05, "seed": 2}


def fig_margin(out_dir: Path) -> Path:
    """Steps taken and the bounds C / c^2, (R / gamma)^2 against epsilon (log-log)."""
    cfg = MARGIN_SWEEP
    rows = sweep(cfg["epsilons"], cfg["seeds"], sizes=cfg["sizes"], dim=cfg["dim"])
    eps = np.array([r.epsilon for r in rows])
    fig, ax = plt.subplots(figsize=(6.4, 4.6))
    series = (
        ("bound", "C / c$^2$, eq. (10)", "C3", "-"),
        ("sharper_bound", r"(s$_{max}$/s$_{min}$) (R/$\gamma$)$^2$ (step masses)", "C2", "-."),
        ("perceptron_bound", r"(R/$\gamma$)$^2$ (classical perceptron)", "C1", "--"),
    )
    for attr, label, color, style in series:
        vals = np.array([getattr(r, attr) for r in rows])
        for k, seed in enumerate(cfg["seeds"]):
            sel = np.array([r.seed == seed for r in rows])
            ax.plot(
                eps[sel],
                vals[sel],
                style,
                color=color,
                lw=1,
                alpha=0.7,
                label=label if k == 0 else None,
            )
    # Only converged runs have a "steps taken"; a run stopped by max_steps (or stalled) is
    # left out of the line and marked where it stopped.
    converged = np.array([r.status == "converged" for r in rows])
    steps = np.array([r.steps if r.status == "converged" else np.nan for r in rows], dtype=float)
    for k, seed in enumerate(cfg["seeds"]):
        sel = np.array([r.seed == seed for r in rows])
        ax.plot(
            eps[sel],
            steps[sel],
            "o-",
            color="C0",
            ms=4,
            lw=1,
            label=f"steps taken T ({len(cfg['seeds'])} seeds, converged runs)" if k == 0 else None,
        )
    if not converged.all():
        ax.plot(
            eps[~converged],
            [r.steps for r, ok in zip(rows, converged, strict=True) if not ok],
            "x",
            color="k",
            ms=6,
            label="stopped without converging (max_steps / stalled)",
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"margin $\epsilon$ (unit $\theta^*$)")
    ax.set_ylabel("steps")
    sizes = ", ".join(f"{p}+{n}" for p, n in cfg["sizes"])
    ax.set_title(
        f"Proposition 1: steps vs bounds (samples {sizes}, d = {cfg['dim']}, H(0) = 1)", fontsize=9
    )
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    return save_figure(fig, Path(out_dir) / "separable_margin.png")


def fig_envelopes(out_dir: Path) -> Path:
    """<theta, theta*> and ||theta|| along one run, with c t and sqrt(C t) up to t = C / c^2."""
    cfg = ENVELOPE_RUN
    problem = separable_problem(
        cfg["sizes"], dim=cfg["dim"], epsilon=cfg["epsilon"], rng=cfg["seed"]
    )
    tr = simulate_error_driven(problem, rng=cfg["seed"])
    k = tr.constants
    t = np.arange(1, tr.steps + 1, dtype=float)
    t_env = np.geomspace(1.0, 3.0 * k.bound, 200)
    fig, ax = plt.subplots(figsize=(6.4, 4.6))
    ax.plot(t_env, np.sqrt(k.C * t_env), color="C3", lw=1.2, label=r"$\sqrt{C t}$, eq. (8)")
    ax.plot(t_env, k.c * t_env, color="C2", lw=1.2, label=r"$c\, t$, eqs. (5)-(6)")
    ax.plot(t, np.sqrt(tr.norm_sq[1:]), color="C0", lw=1.5, label=r"$\|\theta^{(t)}\|$")
    ax.plot(t, tr.inner[1:], color="C1", lw=1.5, label=r"$\langle\theta^{(t)}, \theta^*\rangle$")
    ax.axvline(k.bound, color="0.3", ls=":", lw=1)
    ax.annotate(
        f"envelopes cross at\nC / c$^2$ = {k.bound:.3g}",
        (k.bound, k.c * k.bound),
        xytext=(0.45, 0.85),
        textcoords="axes fraction",
        fontsize=8,
        arrowprops={"arrowstyle": "->", "lw": 0.8},
    )
    ax.axvline(tr.steps, color="C0", ls=":", lw=1)
    ax.annotate(
        f"run stops at T = {tr.steps}",
        (tr.steps, np.sqrt(tr.norm_sq[-1])),
        xytext=(0.05, 0.6),
        textcoords="axes fraction",
        fontsize=8,
        arrowprops={"arrowstyle": "->", "lw": 0.8},
    )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("step t")
    ax.set_ylabel("value")
    ax.set_title(
        rf"One run ($\epsilon$ = {cfg['epsilon']}, samples "
        + ", ".join(f"{p}+{n}" for p, n in cfg["sizes"])
        + r"): $c t \leq \|\theta\| \leq \sqrt{C t}$ forces $t \leq C/c^2$",
        fontsize=9,
    )
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    return save_figure(fig, Path(out_dir) / "separable_envelopes.png")
