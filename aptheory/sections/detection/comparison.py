"""The Table 1 comparison: every loss on every seed, both views, the verdicts on the ordering.

:func:`run_comparison` trains each loss of a :class:`~.config.Config` on each seed's task
(the same data, initialisation and minibatches for every loss of a seed), in ``jobs``
processes (one seed per task; the result is the same for any ``jobs``);
:func:`render_comparison_markdown` prints the Table 1 analogue in both views (detection AP of
boxes, ranking AP of anchors) beside the supplement's numbers; :func:`ordering_verdict` and
:func:`seed_orderings` say whether the supplement's ordering AP > CE+OHEM > focal > AUC holds
here, by mean and seed by seed; :func:`ranking_difference` compares AP-loss ranked per image
with AP-loss ranked over the minibatch. :func:`run_detection_command` is ``aptheory
detection`` without its argument parsing.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import queue
import time
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from aptheory.core.io import atomic_write_text
from aptheory.core.progress import Progress
from aptheory.core.validation import check_bool, check_choice, check_int, check_seed
from aptheory.sections.detection.config import (
    DEFAULT,
    LOSSES,
    MAX_DETECTIONS,
    NMS_IOU,
    PAPER_ORDER,
    PRE_NMS_TOP_K,
    QUICK,
    SUPPLEMENT_TABLE1,
    VARIANTS,
    Config,
    loss_label,
)
from aptheory.sections.detection.data import make_dataset
from aptheory.sections.detection.evaluation import require_evaluator
from aptheory.sections.detection.training import TrainingRun, train
from aptheory.sections.detection.userloss import UserLoss, load_user_loss, probe_user_loss

__all__ = [
    "DEFAULT_SEEDS",
    "RANKING_CHOICES",
    "Comparison",
    "ordering_verdict",
    "ranking_difference",
    "render_comparison_markdown",
    "run_comparison",
    "run_detection_command",
    "seed_orderings",
    "with_ranking",
]

DEFAULT_SEEDS = 5  # seeds 0..4 of ``aptheory detection`` and of the README's table

#: ``aptheory detection --ranking``: where AP-loss ranks; ``both`` trains it both ways.
RANKING_CHOICES: tuple[str, ...] = ("minibatch", "image", "both")

_VIEWS = {"ranking": "ap", "detection": "det_ap"}


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
        """Per run of ``loss`` (seed order): the IoU thresholds left out of its ranking AP (no
        test positive there); empty lists when every threshold was evaluated."""
        return [list(r.missing_thresholds) for r in self.runs_of(loss)]

    def rows(self) -> list[dict]:
        """One row per loss (``config.entries``): both views, mean and std over seeds.

        Ranking AP ``ap``, ``ap50``, ``ap75`` (and ``_std``) in percent (``unit``); detection AP
        ``det_ap``, ``det_ap50``, ``det_ap75`` (and ``_std``) as fractions in [0, 1], as the
        COCO evaluator returns them (``det_unit``), with ``det_ap_per_seed`` in seed order;
        the supplement's percent numbers as ``paper_*`` where it has the loss.
        """
        rows = []
        for loss in self.config.entries:
            runs = self.runs_of(loss)
            ap = 100 * np.array([r.ap for r in runs])
            ap50 = 100 * np.array([r.ap50 for r in runs])
            ap75 = 100 * np.array([r.ap75 for r in runs])
            det = {k: np.array([getattr(r, k) for r in runs]) for k in _DET_KEYS}
            row: dict[str, Any] = {
                "loss": loss,
                "label": loss_label(loss),
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
            for key, values in det.items():
                row[key] = round(float(values.mean()), 4)
            for key, values in det.items():
                row[f"{key}_std"] = round(float(values.std()), 4)
            row["det_ap_per_seed"] = [round(float(x), 4) for x in det["det_ap"]]
            row["det_unit"] = "fraction"
            if loss in SUPPLEMENT_TABLE1:
                paper = SUPPLEMENT_TABLE1[loss]
                row.update(paper_ap=paper[0], paper_ap50=paper[1], paper_ap75=paper[2])
            rows.append(row)
        return rows


_DET_KEYS = ("det_ap", "det_ap50", "det_ap75")


def with_ranking(losses: tuple[str, ...], ranking: str) -> tuple[str, ...]:
    """``losses`` with AP-loss ranked as ``ranking`` says (:data:`RANKING_CHOICES`).

    ``"minibatch"``: unchanged; ``"image"``: ``"ap"`` replaced by ``"ap-image"``; ``"both"``:
    ``"ap-image"`` added after ``"ap"``. Losses without ``"ap"`` are left as they are.
    """
    ranking = check_choice(ranking, "ranking (--ranking)", RANKING_CHOICES)
    if ranking == "minibatch" or "ap" not in losses:
        return losses
    if ranking == "image":
        return tuple("ap-image" if x == "ap" else x for x in losses if x != "ap-image")
    if "ap-image" in losses:
        return losses
    k = losses.index("ap")
    return (*losses[: k + 1], "ap-image", *losses[k + 1 :])


# ------------------------------------------------------------------------------ running

_WORKER: dict[str, Any] = {}

_SeedResult = tuple[list[TrainingRun], float, float, int]


def _run_seed(
    config: Config,
    seed: int,
    losses: tuple[str, ...],
    users: dict[str, UserLoss],
    report: Any = None,
    data: Any = None,
) -> _SeedResult:
    """``losses`` on one seed's task (``data`` if given, else generated): (runs, imbalance,
    anchor imbalance, anchors per image); ``report(text)`` after each loss."""
    if data is None:
        data = make_dataset(seed, config.task, config.train.n_train, config.train.n_test)
    runs = []
    for loss in losses:
        runs.append(train(data, users.get(loss, loss), config.train, seed))
        if report is not None:
            report(f"seed {seed} {loss}")
    return runs, data.imbalance, data.anchor_imbalance, data.anchors.shape[0]


def _init_worker(config: Config, messages: Any) -> None:
    """Worker start (fork): the configuration, its user losses loaded again, the queue."""
    _WORKER.clear()
    _WORKER["config"] = config
    _WORKER["users"] = {spec: load_user_loss(spec) for spec in config.user_losses}
    _WORKER["messages"] = messages


def _worker_task(seed: int, losses: tuple[str, ...]) -> _SeedResult:
    """Some losses of one seed in a worker, which keeps the dataset of its last seed;
    progress messages go to the parent through the queue."""
    config = _WORKER["config"]
    if _WORKER.get("seed") != seed:
        _WORKER["data"] = None  # free the previous seed's data first
        _WORKER["data"] = make_dataset(seed, config.task, config.train.n_train, config.train.n_test)
        _WORKER["seed"] = seed
    return _run_seed(
        config, seed, losses, _WORKER["users"], _WORKER["messages"].put, _WORKER["data"]
    )


def run_comparison(
    config: Config = DEFAULT,
    seeds: Sequence[int] = range(5),
    *,
    progress: Progress | None = None,
    jobs: int = 1,
) -> Comparison:
    """Train every loss of ``config`` on every seed's task; same data, init and batches.

    Parameters
    ----------
    config : Config
        The task, the budget, the losses (``config.entries``: built-in, then users').
    seeds : sequence of int
        The seeds, each a task, an initialisation and a minibatch sequence.
    progress : Progress, optional
        Stepped once per (seed, loss).
    jobs : int, default 1
        Worker processes (fork), one seed per task; the comparison is the same for any
        ``jobs`` (every run is a deterministic function of its seed).

    Raises ``ValueError`` (one line) for an unknown loss, a user loss that cannot be loaded
    or that returns a malformed (loss, grad), or without the COCO evaluator, before any
    training where it can be known before.
    """
    if not isinstance(config, Config):
        raise TypeError(f"config must be a Config, got {type(config).__name__}")
    seeds = tuple(check_seed(s, f"seeds[{k}]") for k, s in enumerate(seeds))
    if not seeds:
        raise ValueError("seeds must name at least one seed")
    jobs = check_int(jobs, "jobs", 1)
    for loss in config.losses:
        if loss not in LOSSES and loss not in VARIANTS:
            known = ", ".join((*LOSSES, *VARIANTS))
            raise ValueError(f"loss must be one of {known}; got {loss!r}")
    users = {spec: load_user_loss(spec) for spec in config.user_losses}
    for user in users.values():
        probe_user_loss(user)
    require_evaluator()
    start = time.perf_counter()
    step = progress.step if progress is not None else None
    if jobs == 1:
        results = [_run_seed(config, seed, config.entries, users, step) for seed in seeds]
    else:
        results = _run_parallel(config, seeds, jobs, step)
    return Comparison(
        config=config,
        seeds=seeds,
        runs=tuple(run for runs, *_ in results for run in runs),
        imbalance=float(np.mean([r[1] for r in results])),
        anchor_imbalance=float(np.mean([r[2] for r in results])),
        n_anchors=results[-1][3],
        seconds=time.perf_counter() - start,
    )


def _run_parallel(
    config: Config, seeds: tuple[int, ...], jobs: int, step: Any
) -> list[_SeedResult]:
    """The seeds on ``jobs`` forked workers, results in seed order; progress as it comes.

    A task is a whole seed when there are at least as many seeds as workers, else one loss
    of a seed (each worker then makes the seed's dataset once, and the losses run side by
    side). Either way every run is the serial one.
    """
    entries = config.entries
    if len(seeds) >= jobs:
        tasks = [(seed, entries) for seed in seeds]
    else:
        tasks = [(seed, (loss,)) for seed in seeds for loss in entries]
    ctx = multiprocessing.get_context("fork")
    messages = ctx.Queue()

    def drain() -> None:
        while True:
            try:
                text = messages.get_nowait()
            except queue.Empty:
                return
            if step is not None:
                step(text)

    with ProcessPoolExecutor(
        max_workers=min(jobs, len(tasks)),
        mp_context=ctx,
        initializer=_init_worker,
        initargs=(config, messages),
    ) as pool:
        futures = [pool.submit(_worker_task, seed, losses) for seed, losses in tasks]
        pending = set(futures)
        while pending:
            done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            drain()
            for fut in done:
                error = fut.exception()
                if error is not None:  # stop at the first error (one line)
                    for other in pending:
                        other.cancel()
                    raise error
        parts = [fut.result() for fut in futures]
    time.sleep(0.05)  # the last messages of the queue's feeder thread
    drain()
    results = []
    for seed in seeds:
        mine = [part for (s, _), part in zip(tasks, parts, strict=True) if s == seed]
        runs = [run for part in mine for run in part[0]]
        results.append((runs, *mine[0][1:]))
    return results


# ----------------------------------------------------------------------------- verdicts


def _ap_loss_key(config: Config) -> str | None:
    """The AP-loss of the comparison's ordering: minibatch ranking if present, else per image."""
    return next((k for k in ("ap", "ap-image") if k in config.entries), None)


def _paper_order(config: Config) -> list[str]:
    """The losses of PAPER_ORDER in the comparison (AP-loss as :func:`_ap_loss_key`)."""
    ap = _ap_loss_key(config)
    order = [ap if name == "ap" else name for name in PAPER_ORDER]
    return [name for name in order if name is not None and name in config.entries]


def _values(comparison: Comparison, loss: str, view: str) -> np.ndarray:
    """Per seed: ranking AP (``view="ranking"``) or detection AP of ``loss``, as fractions."""
    key = _VIEWS[check_choice(view, "view", tuple(_VIEWS))]
    return np.array([getattr(r, key) for r in comparison.runs_of(loss)])


def ordering_verdict(comparison: Comparison, view: str = "ranking") -> str:
    """Does the supplement's ordering AP > CE+OHEM > focal(gamma=1) > AUC hold here?

    ``view`` is ``"ranking"`` (ranking AP of anchors) or ``"detection"`` (detection AP of
    boxes). Compares means and, for every pair of the four losses, counts the seeds on which
    the paper's better loss wins (the same seed means the same data, init and batches).
    """
    present = _paper_order(comparison.config)
    what = "ranking AP" if view == "ranking" else "detection AP"
    values = {name: _values(comparison, name, view) for name in present}
    means = {name: float(np.mean(values[name])) for name in present}
    measured = sorted(present, key=lambda name: -means[name])
    lines = [
        f"measured order by mean {what}: " + " > ".join(loss_label(n) for n in measured),
        "supplement's order:        " + " > ".join(loss_label(n) for n in present),
    ]
    pairs = [(a, b) for k, a in enumerate(present) for b in present[k + 1 :]]
    for better, worse in pairs:
        a, b = values[better], values[worse]
        wins = int(np.sum(a > b))
        lines.append(
            f"{loss_label(better)} vs {loss_label(worse)}: mean difference "
            f"{100 * float(np.mean(a - b)):+.2f} {what} points, better on {wins}/{a.size} seeds"
        )
    steps = [
        f"{loss_label(a)} > {loss_label(b)}: {'yes' if means[a] > means[b] else 'NO'}"
        for a, b in zip(present, present[1:], strict=False)
    ]
    lines.append(f"each step of the supplement's order, by mean {what}: " + "; ".join(steps))
    holds = measured == present
    lines.append(
        "the supplement's ordering "
        + (
            f"REPRODUCES here (by mean {what})."
            if holds
            else f"does NOT reproduce here (by mean {what})."
        )
    )
    return "\n".join(lines)


def seed_orderings(comparison: Comparison, view: str = "detection") -> list[tuple[int, bool, str]]:
    """Seed by seed: does AP > CE+OHEM > focal(gamma=1) > AUC hold on ``view``'s AP?

    Returns ``(seed, holds, measured order)`` per seed; ``holds`` means strictly in the
    supplement's order.
    """
    present = _paper_order(comparison.config)
    values = {name: _values(comparison, name, view) for name in present}
    out = []
    for k, seed in enumerate(comparison.seeds):
        ranked = sorted(present, key=lambda name: -values[name][k])
        holds = all(values[a][k] > values[b][k] for a, b in zip(present, present[1:], strict=False))
        text = " > ".join(f"{loss_label(n)} {100 * values[n][k]:.1f}" for n in ranked)
        out.append((seed, holds, text))
    return out


def ranking_difference(comparison: Comparison) -> str | None:
    """AP-loss ranked per image minus AP-loss ranked over the minibatch, in both views.

    Paired by seed (same data, init and minibatches); ``None`` unless the comparison has both
    ``"ap"`` and ``"ap-image"``.
    """
    if not {"ap", "ap-image"} <= set(comparison.config.entries):
        return None
    lines = []
    for view, what in (("detection", "detection AP"), ("ranking", "ranking AP")):
        a = _values(comparison, "ap-image", view)
        b = _values(comparison, "ap", view)
        d = 100 * (a - b)
        lines.append(
            f"AP-loss per-image minus minibatch ranking, {what}: {float(d.mean()):+.2f} ± "
            f"{float(d.std()):.2f} points (per seed: {', '.join(f'{x:+.1f}' for x in d)}), "
            f"per-image better on {int(np.sum(a > b))}/{a.size} seeds"
        )
    return "\n".join(lines)


# ---------------------------------------------------------------------------- rendering


def _cell(mean: float, std: float) -> str:
    return f"{mean:.1f} ± {std:.1f}"


def render_comparison_markdown(comparison: Comparison) -> str:
    """The Table 1 analogue as Markdown, both views (percent, mean ± std over seeds), beside
    the supplement; then the verdicts on the ordering (detection view by seed) and, when
    AP-loss was trained both ways, the per-image versus minibatch difference."""
    cfg = comparison.config
    head = (
        f"Configuration `{cfg.name}`: {len(comparison.seeds)} seeds, {cfg.train.iterations} "
        f"Adam steps of {cfg.train.batch_size} images ({cfg.train.n_train} training, "
        f"{cfg.train.n_test} test images per seed), {comparison.n_anchors} anchors x "
        f"{cfg.task.n_classes} classes per image, 1:{comparison.imbalance:.0f} positive:negative "
        f"(anchor, class) pairs (1:{comparison.anchor_imbalance:.0f} anchors). "
        "**Detection AP**: boxes decoded by the linear box regressor from the "
        f"{PRE_NMS_TOP_K} best anchors per class, NMS at IoU {NMS_IOU} per class, "
        f"{MAX_DETECTIONS} detections per image kept, scored by pycocotools' COCOeval (AP "
        "over IoU 0.50:0.05:0.95, AP50, AP75). **Ranking AP**: every (anchor, class) pair of "
        "the test images ranked by its score, positive iff the anchor overlaps an object of "
        "that class by the IoU threshold (no boxes, no NMS). Percent, mean ± std over seeds; "
        "the supplement's SSD512 / VOC2007 numbers beside them.\n\n"
    )
    table = [
        "| Loss | Detection AP | AP50 | AP75 | Ranking AP | AP50 | AP75 "
        "| Supplement AP | AP50 | AP75 |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in comparison.rows():
        paper = SUPPLEMENT_TABLE1.get(row["loss"])
        paper_cells = " | ".join(f"{x:.1f}" for x in paper) if paper else "- | - | -"
        det = " | ".join(
            _cell(100 * row[k], 100 * row[f"{k}_std"]) for k in ("det_ap", "det_ap50", "det_ap75")
        )
        rank = " | ".join(_cell(row[k], row[f"{k}_std"]) for k in ("ap", "ap50", "ap75"))
        table.append(f"| {row['label']} | {det} | {rank} | {paper_cells} |")
    missing = sorted(
        {(r.seed, r.missing_thresholds) for r in comparison.runs if r.missing_thresholds}
    )
    note = "".join(
        f"Seed {seed}: no test positive at IoU {', '.join(f'{t:.2f}' for t in ts)}; its ranking "
        "AP is the mean over the other thresholds.  \n"
        for seed, ts in missing
    )
    parts = [head + "\n".join(table) + "\n\n" + note]
    present = _paper_order(cfg)
    if len(present) >= 2:
        per_seed = seed_orderings(comparison, "detection")
        held = sum(holds for _, holds, _ in per_seed)
        lines = [
            "**Detection view.**",
            ordering_verdict(comparison, "detection"),
            f"the supplement's ordering holds on detection AP on {held}/{len(per_seed)} seeds:",
            *(
                f"seed {seed}: {'holds' if holds else 'does NOT hold'} ({text})"
                for seed, holds, text in per_seed
            ),
            "",
            "**Ranking view.**",
            ordering_verdict(comparison, "ranking"),
        ]
        parts.append("\n".join(lines).replace("\n", "  \n") + "\n")
    difference = ranking_difference(comparison)
    if difference is not None:
        parts.append(
            "\n**Per-image vs minibatch ranking.**  \n" + difference.replace("\n", "  \n") + "\n"
        )
    return "".join(parts)


def run_detection_command(
    quick: bool = False,
    seeds: int | None = None,
    as_json: bool = False,
    markdown: str | None = None,
    progress: bool | None = None,
    *,
    config: Config | None = None,
    user_losses: Sequence[str] = (),
    ranking: str = "minibatch",
    jobs: int = 1,
) -> tuple[str, int]:
    """``aptheory detection``: run the comparison; returns (text to print, exit status).

    ``quick`` picks :data:`QUICK` instead of :data:`DEFAULT` (``config``, not a command-line
    option, replaces either, for tests); ``seeds`` is the number of seeds 0..K-1 (default
    5); ``as_json`` prints the table rows as JSON instead of Markdown; ``markdown`` is a path
    the Markdown table is also written to; ``progress`` enables the progress display (None:
    when stderr is a terminal); ``user_losses`` are ``MODULE:FUNCTION`` specifications of
    users' losses (``--loss``, :mod:`~.userloss`); ``ranking`` where AP-loss ranks
    (``--ranking``, :func:`with_ranking`); ``jobs`` worker processes. Raises ``ValueError``
    (one line) naming ``--seeds`` for a seed count below 1, ``--loss`` for a user loss that
    cannot be loaded or misbehaves, ``--ranking`` for an unknown choice, and naming the
    extra ``aptheory[detection]`` without the COCO evaluator, all before any training (a
    user loss is tried once on a small ranking first; one that misbehaves only on the task's
    scores stops the run when it does).
    """
    quick = check_bool(quick, "quick")
    as_json = check_bool(as_json, "as_json")
    n_seeds = DEFAULT_SEEDS if seeds is None else seeds
    if isinstance(n_seeds, bool) or not isinstance(n_seeds, int) or n_seeds < 1:
        raise ValueError(f"seeds (--seeds) must be an integer >= 1, got {n_seeds!r}")
    if markdown is not None and not isinstance(markdown, str | os.PathLike):
        raise TypeError(f"markdown must be a path, got {type(markdown).__name__}")
    if isinstance(user_losses, str) or not all(isinstance(x, str) for x in user_losses):
        raise TypeError("user_losses must be a sequence of MODULE:FUNCTION strings (--loss)")
    for spec in user_losses:
        load_user_loss(spec)  # a malformed or unloadable --loss is named as such
    if len(set(user_losses)) != len(user_losses):
        raise ValueError(f"--loss must name each loss once, got {list(user_losses)!r}")
    chosen = config if config is not None else (QUICK if quick else DEFAULT)
    chosen = replace(
        chosen,
        losses=with_ranking(chosen.losses, ranking),
        user_losses=(*chosen.user_losses, *user_losses),
    )
    bar = Progress(n_seeds * len(chosen.entries), "detection", enabled=progress)
    comparison = run_comparison(chosen, range(n_seeds), progress=bar, jobs=jobs)
    table = render_comparison_markdown(comparison)
    if markdown is not None:
        atomic_write_text(markdown, table)
    if as_json:
        return json.dumps(comparison.rows(), indent=2) + "\n", 0
    return table + f"\n{comparison.seconds:.1f} s\n", 0
