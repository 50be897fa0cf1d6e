"""Benchmark of the fast AP-loss (``aptheory.fastap``) against the per-positive loop.

``aptheory bench`` (and ``benchmarks/bench_fastap.py``) prints one table: for every |P| and |N|,
positives ~ N(1, 1) and negatives ~ N(-1, 1), the time of

- ``fastap.ap_loss_grad`` in the paper's training form (H~ in numerator and denominator,
  delta = 1, interpolated precision) and in the Heaviside form (eq. 3, H(0) = 1);
- ``per_positive_loop``: the same training-form numbers computed the way the official AP-loss
  code does it, one Python iteration per positive (ascending score), each vectorised over the
  relevant negatives: O(|P| |N|);
- one ``numpy.argsort`` of all the scores, the floor of any sort-based method;

with the ratios, the largest gradient difference between the fast version and the loop, and
the peak memory of the fast version (``tracemalloc``, which sees numpy's allocations) against
the size of the input. It prints and asserts nothing: timings on a shared machine are noisy,
so the header records the load average.
"""

from __future__ import annotations

import os
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from aptheory.core import fastap
from aptheory.core.progress import Progress
from aptheory.core.validation import (
    check_bool,
    check_delta,
    check_int,
    check_seed,
    validate_ranking,
)

__all__ = [
    "FULL_NEGATIVES",
    "FULL_POSITIVES",
    "QUICK_NEGATIVES",
    "QUICK_POSITIVES",
    "BenchRow",
    "MemoryRow",
    "bench_instance",
    "format_memory",
    "format_table",
    "measure_memory",
    "per_positive_loop",
    "run_bench_command",
    "run_table",
]

FULL_POSITIVES = (100, 1000, 5000)
FULL_NEGATIVES = (10_000, 100_000, 1_000_000)
QUICK_POSITIVES = (10, 100)
QUICK_NEGATIVES = (1_000, 10_000)


# -------------------------------------------------------------------------- the baseline


def per_positive_loop(
    scores: ArrayLike, positive: ArrayLike, *, delta: float = 1.0
) -> tuple[float, NDArray[np.float64]]:
    """Training-form AP-loss and gradient the way the official code computes them: O(|P| |N|).

    Visits the positives from the lowest score up; for each, H~ against all positives and all
    *relevant* negatives (those scoring at least min(positive scores) - delta; the others have
    L_ij = 0), rank, precision, the running maximum of precision (interpolated AP) and the
    rescaled negative terms (1 - p~_i)/(1 - p_i) when the precision was interpolated. Equal to
    ``aptheory.ranking.ap_loss_grad(step="piecewise", interpolated=True)``, ties included:
    tied positives have the same rank and rank+ (H~ is used in both), hence the same precision,
    so the order in which a tie group is visited does not change the running maximum.
    """
    s, p = validate_ranking(scores, positive)
    delta = check_delta(delta)
    fg = s[p]
    n_pos = fg.size
    bg_idx = np.flatnonzero(~p & (s >= fg.min() - delta))
    bg = s[bg_idx]
    bg_grad = np.zeros(bg.size)
    fg_grad = np.zeros(n_pos)
    buf = np.empty(bg.size)
    max_prec = 0.0
    half_inv = 1.0 / (2.0 * delta)
    for i in np.argsort(fg, kind="stable"):
        fg_rel = np.clip((fg - fg[i]) * half_inv + 0.5, 0.0, 1.0)
        fg_rel[i] = 0.0
        np.subtract(bg, fg[i], out=buf)
        buf *= half_inv
        buf += 0.5
        np.clip(buf, 0.0, 1.0, out=buf)
        rank_pos = 1.0 + fg_rel.sum()
        rank = rank_pos + buf.sum()
        prec = rank_pos / rank
        if max_prec <= prec:
            max_prec = prec
            buf *= 1.0 / rank
        else:
            buf *= (1.0 - max_prec) / ((1.0 - prec) * rank)
        bg_grad += buf
        fg_grad[i] = -(1.0 - max_prec)
    grad = np.zeros(s.size)
    grad[p] = fg_grad / n_pos
    grad[bg_idx] = bg_grad / n_pos
    return float(-fg_grad.mean()), grad


# ------------------------------------------------------------------------- measurements


@dataclass(frozen=True)
class BenchRow:
    """One line of the table; times in seconds (best of the repeats)."""

    n_pos: int
    n_neg: int
    fast: float  # fastap, training form
    fast_heaviside: float  # fastap, Heaviside form
    loop: float  # per_positive_loop
    argsort: float  # numpy.argsort of all scores
    max_grad_diff: float  # max |grad_fast - grad_loop|

    @property
    def loop_over_fast(self) -> float:
        """Speed-up of the fast version over the loop."""
        return self.loop / self.fast

    @property
    def fast_over_argsort(self) -> float:
        """Time of the fast version in units of one argsort (target: <= 1 at |N| = 1e6)."""
        return self.fast / self.argsort


@dataclass(frozen=True)
class MemoryRow:
    """Peak traced memory of one ``fastap.ap_loss_grad`` call against the input size."""

    n_pos: int
    n_neg: int
    peak_bytes: int
    input_bytes: int  # scores (float64) + labels (bool)

    @property
    def ratio(self) -> float:
        """Peak memory in units of the input size."""
        return self.peak_bytes / self.input_bytes


def bench_instance(
    n_pos: int, n_neg: int, rng: np.random.Generator
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Scores with positives ~ N(1, 1) and negatives ~ N(-1, 1), shuffled."""
    scores = np.concatenate([rng.normal(1.0, 1.0, n_pos), rng.normal(-1.0, 1.0, n_neg)])
    positive = np.zeros(scores.size, dtype=bool)
    positive[:n_pos] = True
    perm = rng.permutation(scores.size)
    return scores[perm], positive[perm]


def _best_time(fn: Callable[[], Any], repeat: int, budget: float) -> tuple[float, Any]:
    """Best wall time of up to ``repeat`` calls (stops once ``budget`` seconds are spent)."""
    best, spent, out = np.inf, 0.0, None
    for _ in range(max(repeat, 1)):
        start = time.perf_counter()
        out = fn()
        elapsed = time.perf_counter() - start
        best, spent = min(best, elapsed), spent + elapsed
        if spent >= budget:
            break
    return best, out


def run_table(
    positives: Sequence[int],
    negatives: Sequence[int],
    *,
    seed: int = 0,
    repeat: int = 5,
    progress: bool | None = None,
) -> list[BenchRow]:
    """Time every (|P|, |N|) pair (see the module docstring)."""
    positives = [check_int(n, f"positives[{k}]", 1) for k, n in enumerate(positives)]
    negatives = [check_int(n, f"negatives[{k}]", 0) for k, n in enumerate(negatives)]
    repeat = check_int(repeat, "repeat", 1)
    rng = np.random.default_rng(check_seed(seed))
    pairs = [(n_pos, n_neg) for n_pos in positives for n_neg in negatives]
    bar = Progress(len(pairs), "bench", enabled=progress)
    rows = []
    for n_pos, n_neg in pairs:
        scores, positive = bench_instance(n_pos, n_neg, rng)
        fast, (_, g_fast) = _best_time(
            partial(
                fastap.ap_loss_grad,
                scores,
                positive,
                step="piecewise",
                delta=1.0,
                interpolated=True,
            ),
            repeat,
            budget=2.0,
        )
        fast_h, _ = _best_time(partial(fastap.ap_loss_grad, scores, positive), repeat, budget=2.0)
        loop, (_, g_loop) = _best_time(
            partial(per_positive_loop, scores, positive, delta=1.0), repeat, budget=1.0
        )
        arg, _ = _best_time(partial(np.argsort, scores), repeat, budget=2.0)
        diff = float(np.max(np.abs(g_fast - g_loop)))
        rows.append(BenchRow(n_pos, n_neg, fast, fast_h, loop, arg, diff))
        bar.step(f"|P|={n_pos} |N|={n_neg}")
    return rows


def measure_memory(n_pos: int, n_neg: int, *, seed: int = 0) -> MemoryRow:
    """Peak memory traced during one training-form ``fastap.ap_loss_grad`` call."""
    n_pos, n_neg = check_int(n_pos, "n_pos", 1), check_int(n_neg, "n_neg", 0)
    scores, positive = bench_instance(n_pos, n_neg, np.random.default_rng(check_seed(seed)))
    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base, _ = tracemalloc.get_traced_memory()
        fastap.ap_loss_grad(scores, positive, step="piecewise", delta=1.0, interpolated=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        if started:
            tracemalloc.stop()
    return MemoryRow(n_pos, n_neg, peak - base, scores.nbytes + positive.nbytes)


# ---------------------------------------------------------------------------- rendering

COLUMNS = (
    "|P|",
    "|N|",
    "fast_ms",
    "fast_H_ms",
    "loop_ms",
    "argsort_ms",
    "loop/fast",
    "fast/argsort",
    "max|dg|",
)


def format_table(rows: Sequence[BenchRow]) -> str:
    """The table as aligned text, one line per row, with a header line."""
    lines = [COLUMNS]
    for r in rows:
        lines.append(
            (
                f"{r.n_pos}",
                f"{r.n_neg:.0e}".replace("e+0", "e"),
                f"{1e3 * r.fast:.2f}",
                f"{1e3 * r.fast_heaviside:.2f}",
                f"{1e3 * r.loop:.1f}",
                f"{1e3 * r.argsort:.2f}",
                f"{r.loop_over_fast:.0f}x",
                f"{r.fast_over_argsort:.2f}",
                f"{r.max_grad_diff:.1e}",
            )
        )
    widths = [max(len(line[k]) for line in lines) for k in range(len(COLUMNS))]
    return "\n".join(
        "  ".join(cell.rjust(w) for cell, w in zip(line, widths, strict=True)) for line in lines
    )


def format_memory(row: MemoryRow) -> str:
    """One line: peak memory of the fast version against the input size."""
    return (
        f"peak memory at |P|={row.n_pos}, |N|={row.n_neg}: {row.peak_bytes / 2**20:.1f} MiB "
        f"= {row.ratio:.1f} x the input ({row.input_bytes / 2**20:.1f} MiB of float64 scores "
        "and bool labels)"
    )


def _header() -> str:
    try:
        load = "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover - platform without getloadavg
        load = "load average unknown"
    return (
        f"numpy {np.__version__}, {os.cpu_count()} CPUs, {load}; wall times, best of repeats; "
        "training form = H~ in both, delta = 1, interpolated; H = Heaviside, H(0) = 1"
    )


# ---------------------------------------------------------------------------- the command


def run_bench_command(
    quick: bool = False, seed: int = 0, repeat: int = 5, progress: bool | None = None
) -> tuple[str, int]:
    """``aptheory bench`` without its argument parsing: (text to print, exit status 0).

    ``quick`` picks the small table (:data:`QUICK_POSITIVES` x :data:`QUICK_NEGATIVES`)
    instead of the full one; ``seed`` seeds the instances; ``repeat`` is the number of timed
    calls per measurement (best kept); ``progress`` enables the progress display (None: when
    stderr is a terminal). The text is the header, the table and the memory line. Raises
    ``ValueError`` naming ``--repeat`` for a repeat count below 1.
    """
    quick = check_bool(quick, "quick")
    seed = check_seed(seed)
    if isinstance(repeat, bool) or not isinstance(repeat, int) or repeat < 1:
        raise ValueError(f"repeat (--repeat) must be an integer >= 1, got {repeat!r}")
    positives = QUICK_POSITIVES if quick else FULL_POSITIVES
    negatives = QUICK_NEGATIVES if quick else FULL_NEGATIVES
    header = _header()
    rows = run_table(positives, negatives, seed=seed, repeat=repeat, progress=progress)
    memory = measure_memory(positives[-1], negatives[-1], seed=seed)
    return f"{header}\n{format_table(rows)}\n{format_memory(memory)}\n", 0
