"""The Table 1 comparison: every loss on every seed, the table, the verdict on the ordering.

:func:`run_comparison` trains each loss of a :class:`~.config.Config` on each seed's task
(the same data, initialisation and minibatches for every loss of a seed);
:func:`render_comparison_markdown` prints the Table 1 analogue beside the supplement's
numbers and :func:`ordering_verdict` says whether the supplement's ordering
AP > CE+OHEM > focal > AUC holds here. :func:`run_detection_command` is ``aptheory
detection`` without its argument parsing.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from aptheory.core.io import atomic_write_text
from aptheory.core.progress import Progress
from aptheory.core.validation import check_bool, check_seed
from aptheory.sections.detection.config import (
    DEFAULT,
    LOSSES,
    PAPER_ORDER,
    QUICK,
    SUPPLEMENT_TABLE1,
    Config,
)
from aptheory.sections.detection.data import make_dataset
from aptheory.sections.detection.training import TrainingRun, train

__all__ = [
    "DEFAULT_SEEDS",
    "Comparison",
    "ordering_verdict",
    "render_comparison_markdown",
    "run_comparison",
    "run_detection_command",
]

DEFAULT_SEEDS = 5  # seeds 0..4 of ``aptheory detection`` and of the README's table


@dataclass(frozen=True)
class Comparison:
    """Every (loss, seed) run of one configuration, with the task statistics."""

    config: Config
    seeds: tuple[int, ...]
    runs: tuple[TrainingRun, ...]
    imbalance: float  # negative pairs per positive pair (mean over seeds' training sets)
    anchor_imbalance: float  # background anchors per positive anchor
    n_anchors: int
    seconds: float

    def runs_of(self, loss: str) -> list[TrainingRun]:
        """The runs of one loss, in seed order."""
        return [r for r in self.runs if r.loss == loss]

    def missing_thresholds(self, loss: str) -> list[list[float]]:
        """Per run of ``loss`` (seed order): the IoU thresholds left out of its AP (no test
        positive there); empty lists when every threshold was evaluated."""
        return [list(r.missing_thresholds) for r in self.runs_of(loss)]

    def rows(self) -> list[dict]:
        """One row per loss: mean and std over seeds of AP, AP50, AP75 (percent)."""
        rows = []
        for loss in self.config.losses:
            runs = self.runs_of(loss)
            ap = 100 * np.array([r.ap for r in runs])
            ap50 = 100 * np.array([r.ap50 for r in runs])
            ap75 = 100 * np.array([r.ap75 for r in runs])
            row = {
                "loss": loss,
                "label": LOSSES[loss],
                "ap": round(float(ap.mean()), 2),
                "ap50": round(float(ap50.mean()), 2),
                "ap75": round(float(ap75.mean()), 2),
                "ap_std": round(float(ap.std()), 2),
                "ap50_std": round(float(ap50.std()), 2),
                "ap75_std": round(float(ap75.std()), 2),
                "seeds": len(runs),
                "unit": "percent",
                "missing_thresholds": self.missing_thresholds(loss),
            }
            if loss in SUPPLEMENT_TABLE1:
                paper = SUPPLEMENT_TABLE1[loss]
                row.update(paper_ap=paper[0], paper_ap50=paper[1], paper_ap75=paper[2])
            rows.append(row)
        return rows


def run_comparison(
    config: Config = DEFAULT,
    seeds: Sequence[int] = range(5),
    *,
    progress: Progress | None = None,
) -> Comparison:
    """Train every loss of ``config`` on every seed's task; same data, init and batches."""
    if not isinstance(config, Config):
        raise TypeError(f"config must be a Config, got {type(config).__name__}")
    seeds = tuple(check_seed(s, f"seeds[{k}]") for k, s in enumerate(seeds))
    if not seeds:
        raise ValueError("seeds must name at least one seed")
    for loss in config.losses:
        if loss not in LOSSES:
            raise ValueError(f"loss must be one of {', '.join(LOSSES)}; got {loss!r}")
    start = time.perf_counter()
    runs, imb, aimb = [], [], []
    n_anchors = 0
    for seed in seeds:
        data = make_dataset(seed, config.task, config.train.n_train, config.train.n_test)
        imb.append(data.imbalance)
        aimb.append(data.anchor_imbalance)
        n_anchors = data.anchors.shape[0]
        for loss in config.losses:
            runs.append(train(data, loss, config.train, seed))
            if progress is not None:
                progress.step(f"seed {seed} {loss}")
    return Comparison(
        config=config,
        seeds=seeds,
        runs=tuple(runs),
        imbalance=float(np.mean(imb)),
        anchor_imbalance=float(np.mean(aimb)),
        n_anchors=n_anchors,
        seconds=time.perf_counter() - start,
    )


def ordering_verdict(comparison: Comparison) -> str:
    """Does the supplement's ordering AP > CE+OHEM > focal(gamma=1) > AUC hold here?

    Compares mean AP and, for every pair of the four losses, counts the seeds on which the
    paper's better loss wins (the same seed means the same data, init and batches).
    """
    present = [name for name in PAPER_ORDER if name in comparison.config.losses]
    means = {name: float(np.mean([r.ap for r in comparison.runs_of(name)])) for name in present}
    measured = sorted(present, key=lambda name: -means[name])
    lines = [
        "measured order by mean AP: " + " > ".join(LOSSES[n] for n in measured),
        "supplement's order:        " + " > ".join(LOSSES[n] for n in present),
    ]
    pairs = [(a, b) for k, a in enumerate(present) for b in present[k + 1 :]]
    for better, worse in pairs:
        a = np.array([r.ap for r in comparison.runs_of(better)])
        b = np.array([r.ap for r in comparison.runs_of(worse)])
        wins = int(np.sum(a > b))
        lines.append(
            f"{LOSSES[better]} vs {LOSSES[worse]}: mean difference "
            f"{100 * float(np.mean(a - b)):+.2f} AP points, better on {wins}/{a.size} seeds"
        )
    steps = [
        f"{LOSSES[a]} > {LOSSES[b]}: {'yes' if means[a] > means[b] else 'NO'}"
        for a, b in zip(present, present[1:], strict=False)
    ]
    lines.append("each step of the supplement's order, by mean AP: " + "; ".join(steps))
    holds = measured == present
    lines.append(
        "the supplement's ordering "
        + ("REPRODUCES here (by mean AP)." if holds else "does NOT reproduce here (by mean AP).")
    )
    return "\n".join(lines)


def render_comparison_markdown(comparison: Comparison) -> str:
    """The Table 1 analogue as Markdown: mean ± std over seeds, beside the supplement."""
    cfg = comparison.config
    head = (
        f"Ranking AP (percent) of anchors on held-out synthetic images, configuration "
        f"`{cfg.name}`: {len(comparison.seeds)} seeds, {cfg.train.iterations} Adam steps of "
        f"{cfg.train.batch_size} images, {comparison.n_anchors} anchors x "
        f"{cfg.task.n_classes} classes per image, 1:{comparison.imbalance:.0f} positive:negative "
        f"(anchor, class) pairs (1:{comparison.anchor_imbalance:.0f} anchors). "
        "Mean ± std over seeds; the supplement's SSD512 / VOC2007 numbers beside them.\n\n"
    )
    table = [
        "| Loss | AP | AP50 | AP75 | Supplement AP | AP50 | AP75 |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in comparison.rows():
        paper = SUPPLEMENT_TABLE1.get(row["loss"])
        paper_cells = " | ".join(f"{x:.1f}" for x in paper) if paper else "- | - | -"
        table.append(
            f"| {row['label']} | {row['ap']:.1f} ± {row['ap_std']:.1f} | "
            f"{row['ap50']:.1f} ± {row['ap50_std']:.1f} | "
            f"{row['ap75']:.1f} ± {row['ap75_std']:.1f} | {paper_cells} |"
        )
    missing = sorted(
        {(r.seed, r.missing_thresholds) for r in comparison.runs if r.missing_thresholds}
    )
    note = "".join(
        f"Seed {seed}: no test positive at IoU {', '.join(f'{t:.2f}' for t in ts)}; its AP is "
        "the mean over the other thresholds.  \n"
        for seed, ts in missing
    )
    return (
        head
        + "\n".join(table)
        + "\n\n"
        + note
        + ordering_verdict(comparison).replace("\n", "  \n")
        + "\n"
    )


def run_detection_command(
    quick: bool = False,
    seeds: int | None = None,
    as_json: bool = False,
    markdown: str | None = None,
    progress: bool | None = None,
    *,
    config: Config | None = None,
) -> tuple[str, int]:
    """``aptheory detection``: run the comparison; returns (text to print, exit status).

    ``quick`` picks :data:`QUICK` instead of :data:`DEFAULT` (``config``, not a command-line
    option, replaces either, for tests); ``seeds`` is the number of seeds 0..K-1 (default
    5); ``as_json`` prints the table rows as JSON instead of Markdown; ``markdown`` is a path
    the Markdown table is also written to; ``progress`` enables the progress display (None:
    when stderr is a terminal). Raises ``ValueError`` naming ``--seeds`` for a seed count
    below 1.
    """
    quick = check_bool(quick, "quick")
    as_json = check_bool(as_json, "as_json")
    n_seeds = DEFAULT_SEEDS if seeds is None else seeds
    if isinstance(n_seeds, bool) or not isinstance(n_seeds, int) or n_seeds < 1:
        raise ValueError(f"seeds (--seeds) must be an integer >= 1, got {n_seeds!r}")
    if markdown is not None and not isinstance(markdown, str | os.PathLike):
        raise TypeError(f"markdown must be a path, got {type(markdown).__name__}")
    chosen = config if config is not None else (QUICK if quick else DEFAULT)
    bar = Progress(n_seeds * len(chosen.losses), "detection", enabled=progress)
    comparison = run_comparison(chosen, range(n_seeds), progress=bar)
    table = render_comparison_markdown(comparison)
    if markdown is not None:
        atomic_write_text(markdown, table)
    if as_json:
        return json.dumps(comparison.rows(), indent=2) + "\n", 0
    return table + f"\n{comparison.seconds:.1f} s\n", 0
