"""Verdict stability: audit every claim under several seeds and count documented verdicts.

Run by hand (a benchmark, not a test)::

    python benchmarks/verdict_stability.py --seeds 20 [--profile quick] [--jobs 2] [--id ID ...]

Seeds 1..K are the audit seeds of ``aptheory audit --seed N``
(:func:`aptheory.checking.audit.run_audit`). For each claim and seed the random searches are
run once (``run_audit(..., seed=N, exhaustive=False)``); the exhaustive pass over the small
weak orderings does not depend on the seed, so it is run once per claim and folded into each
seed's result exactly as :func:`aptheory.checking.search.run_claim` folds it
(:func:`~aptheory.checking.exhaustive.merge_exhaustive`, then
:func:`~aptheory.checking.exhaustive.refute_twin_exhaustively` if the twin survived). Per
claim the table gives in how many seeds

- ``status``: the audit's status (searches and exhaustive pass) was the documented one;
- ``twin``: the audit refuted the twin;
- ``twin rnd``: the twin's *random search alone* refuted it (no exhaustive case, no pinned
  example: the searches have no explicit examples, ``Phase.explicit`` finds none);
- ``uncond.`` (conditional and failing claims): the random search found a counterexample on
  its own (the unconditioned search of a conditional claim, the main search of a failing
  one), without the exhaustive pass.

A claim is stable when ``status``, ``twin`` and ``twin rnd`` are K/K and ``uncond.`` is at
least 95% of K (19 of 20). Exit status 1 when some claim is not.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from aptheory.checking.audit import run_audit
from aptheory.checking.exhaustive import (
    MAX_SIZE,
    merge_exhaustive,
    refute_twin_exhaustively,
    run_exhaustive,
)
from aptheory.checking.registry import collect_claims


def _exhaustive_parts(claims: Any, profile: str) -> dict[str, tuple[Any, bool]]:
    """Per claim id: (the exhaustive result or None, whether an exhaustive case breaks the twin)."""
    size = MAX_SIZE[profile]
    parts: dict[str, tuple[Any, bool]] = {}
    for claim in claims:
        if getattr(claim, "exhaustive", None) is None:
            parts[claim.id] = (None, False)
            continue
        parts[claim.id] = (
            run_exhaustive(claim, size),
            refute_twin_exhaustively(claim, size) is not None,
        )
    return parts


def main(argv: list[str] | None = None) -> int:
    """Run the sweep and print the table; exit 1 when any claim is not stable."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20, help="number of seeds 1..K (default 20)")
    parser.add_argument("--profile", choices=["quick", "thorough"], default="quick")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--id", action="append", dest="ids", help="only this claim (repeatable)")
    parser.add_argument("--all", action="store_true", help="print every row, not only unstable")
    parser.add_argument("--out", type=Path, help="also write the table to this file")
    args = parser.parse_args(argv)
    if args.seeds < 1:
        raise ValueError(f"--seeds must be >= 1, got {args.seeds}")
    k = args.seeds
    start = time.perf_counter()
    claims = collect_claims(ids=args.ids)
    parts = _exhaustive_parts(claims, args.profile)
    print(f"exhaustive passes: {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    status_ok: Counter[str] = Counter()
    twin_ok: Counter[str] = Counter()
    twin_random: Counter[str] = Counter()
    free_found: Counter[str] = Counter()
    misses: dict[str, list[str]] = {c.id: [] for c in claims}
    expected = {c.id: c.expected for c in claims}
    order = [c.id for c in claims]
    for seed in range(1, k + 1):
        report = run_audit(
            args.profile,
            ids=order,
            progress=False,
            jobs=args.jobs,
            seed=seed,
            exhaustive=False,
        )
        bad = 0
        for r in report.results:
            found, twin_by_case = parts[r.id]
            audited = merge_exhaustive(r, found)
            twin = r.twin_refuted or twin_by_case
            status_ok[r.id] += audited.status == r.expected
            twin_ok[r.id] += twin
            twin_random[r.id] += r.twin_refuted
            free_found[r.id] += r.status in ("conditional", "fails")
            if audited.status != r.expected:
                misses[r.id].append(f"{seed}:status {audited.status}")
            if not r.twin_refuted:
                misses[r.id].append(f"{seed}:twin" + (" (exhaustive only)" if twin else ""))
            if r.expected != "holds" and r.status == "holds":
                misses[r.id].append(f"{seed}:uncond.")
            bad += audited.status != r.expected or not twin
        print(
            f"seed {seed}: {bad} not ok ({time.perf_counter() - start:.0f} s)",
            file=sys.stderr,
            flush=True,
        )
    need_free = math.ceil(0.95 * k)
    lines = [
        f"{'claim id':<36} {'expected':<12} {'status':>6} {'twin':>6} {'twin rnd':>8} "
        f"{'uncond.':>7}  misses (seed:what)"
    ]
    unstable = 0
    for cid in order:
        holds = expected[cid] == "holds"
        free = "-" if holds else f"{free_found[cid]}/{k}"
        stable = (
            status_ok[cid] == k
            and twin_ok[cid] == k
            and twin_random[cid] == k
            and (holds or free_found[cid] >= need_free)
        )
        unstable += not stable
        if args.all or not stable:
            lines.append(
                f"{cid:<36} {expected[cid]:<12} {status_ok[cid]:>3}/{k} {twin_ok[cid]:>3}/{k} "
                f"{twin_random[cid]:>5}/{k} {free:>7}  {' '.join(misses[cid])}"
            )
    lines.append(
        f"{len(order)} claims, {len(order) - unstable} stable in {k} seeds (status and twin "
        f"{k}/{k}, twin by the random search {k}/{k}, unconditioned >= {need_free}/{k}), "
        f"{unstable} not ({args.profile}, {time.perf_counter() - start:.0f} s)"
    )
    text = "\n".join(lines) + "\n"
    print(text, end="")
    if args.out is not None:
        args.out.write_text(text)
    return 0 if unstable == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
