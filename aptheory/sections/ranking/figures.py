"""Figure of the ranking core: a small ranked list with its primary terms and gradient."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from aptheory.core.io import save_figure
from aptheory.core.ranking import ap_loss_grad, primary_terms

__all__ = ["example_ranking", "fig_gradient"]


def example_ranking() -> tuple[np.ndarray, np.ndarray]:
    """A fixed ranking of 10 boxes (4 positives), drawn from seed 7."""
    rng = np.random.default_rng(7)
    positive = np.zeros(10, dtype=bool)
    positive[[0, 3, 5, 8]] = True
    scores = np.round(np.where(positive, 0.6, -0.2) + rng.normal(0.0, 0.8, size=10), 2)
    return scores, positive


def fig_gradient(out_dir: Path) -> Path:
    """AP-loss (eq. 17) and its error-driven gradient, drawn on the ranked list.

    Left: the primary terms L_ij (eq. 3) of each positive (rows) against each negative
    (columns), in ranked order. Right: the gradient g_k on every box, positives pushed up
    (g < 0) and negatives pushed down (g > 0), for H and for the training form.
    """
    import matplotlib.pyplot as plt

    scores, positive = example_ranking()
    order = np.argsort(-scores, kind="stable")
    s, p = scores[order], positive[order]
    terms = primary_terms(s, p)
    loss_h, grad_h = ap_loss_grad(s, p)
    loss_t, grad_t = ap_loss_grad(s, p, step="piecewise", interpolated=True)

    fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(10, 4.2), width_ratios=[1, 1.3])
    im = ax0.imshow(terms, cmap="Reds", vmin=0, vmax=max(terms.max(), 1e-12))
    ax0.set_xticks(range(terms.shape[1]), [f"{v:.2f}" for v in s[~p]], rotation=60)
    ax0.set_yticks(range(terms.shape[0]), [f"{v:.2f}" for v in s[p]])
    ax0.set_xlabel("negative j (score)")
    ax0.set_ylabel("positive i (score)")
    ax0.set_title("primary terms $L_{ij}$, eq. (3)")
    for (r, c), v in np.ndenumerate(terms):
        if v > 0:
            ax0.text(c, r, f"{v:.2f}", ha="center", va="center", fontsize=7)
    fig.colorbar(im, ax=ax0, fraction=0.046)

    pos = np.arange(s.size)
    ax1.bar(
        pos - 0.2,
        grad_h,
        width=0.4,
        color=np.where(p, "tab:green", "tab:red"),
        label=f"H, $H(0)=1$: loss {loss_h:.3f}",
    )
    ax1.bar(
        pos + 0.2,
        grad_t,
        width=0.4,
        color=np.where(p, "tab:green", "tab:red"),
        alpha=0.45,
        label=f"training form ($\\tilde H$, interp.): loss {loss_t:.3f}",
    )
    ax1.axhline(0, color="black", lw=0.8)
    ax1.set_xticks(
        pos, [f"{'P' if q else 'N'} {v:+.2f}" for v, q in zip(s, p, strict=True)], rotation=60
    )
    ax1.set_xlabel("boxes in ranked order (P positive, N negative; score)")
    ax1.set_ylabel("error-driven gradient $g_k$")
    ax1.set_title("positives pushed up, negatives pushed down")
    ax1.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    return save_figure(fig, Path(out_dir) / "ranking_gradient.png")
