"""Command line: aptheory reproduce | audit | figures | bench | detection.

Every argument is parsed here (the layers below take plain values). Bad arguments, bad input
and unusable output paths print one line on stderr, starting ``aptheory: error:``, and exit
with status 2, never a traceback; output paths are checked before any work starts. A failed
audit exits with status 1; an interruption (Ctrl-C) exits with status 130.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from typing import NoReturn

__all__ = ["main"]

_PREFIX = "aptheory: error:"
_SECTIONS = ("ranking", "separable", "smoothed", "inseparable", "consistency")


class _UsageError(Exception):
    """A command-line usage error, reported in one line with exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse hook: no usage dump, one line
        raise _UsageError(f"{message} (see `{self.prog} --help`)")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("aptheory")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "unknown (not installed)"


def _profiles_help() -> str:
    from aptheory.checking.search import PROFILES

    counts = ", ".join(f"{name} = {n}" for name, n in PROFILES.items())
    return f"examples per claim ({counts}; default quick)"


def _add_audit_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--profile", choices=["quick", "thorough"], default="quick", help=_profiles_help()
    )
    p.add_argument("--quiet", action="store_true", help="no progress display")
    p.add_argument(
        "--seed",
        type=int,
        metavar="N",
        help="search every claim with this seed (default: the fixed derandomised run)",
    )


def _add_claim_options(p: argparse.ArgumentParser) -> None:
    """--claims and --examples, shared by ``audit`` and ``show``."""
    p.add_argument(
        "--claims",
        action="append",
        default=[],
        metavar="MODULE_OR_FILE",
        help="also load the claim set of this module name or .py file (repeatable)",
    )
    p.add_argument(
        "--examples",
        type=int,
        metavar="N",
        help="examples per claim, overriding the profile's count",
    )


def _build_parser() -> _Parser:
    parser = _Parser(
        prog="aptheory",
        description="The theory of AP-Loss for one-stage object detection, as code that "
        "runs, checks itself and teaches.",
    )
    parser.add_argument("--version", action="version", version=f"aptheory {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    rep = sub.add_parser("reproduce", help="the proof audit plus every figure")
    rep.add_argument("--out", default="figures", help="output folder (default: figures)")
    _add_audit_options(rep)

    aud = sub.add_parser(
        "audit", help="check every claim of the supplement (and your own, with --claims)"
    )
    _add_audit_options(aud)
    aud.add_argument("--json", action="store_true", help="print a JSON list instead of a table")
    aud.add_argument("--markdown", metavar="PATH", help="also write the table as Markdown")
    aud.add_argument(
        "--section",
        action="append",
        metavar="NAME",
        help=f"only this claim section (repeatable): {', '.join(_SECTIONS)}, or the name of an "
        "installed claim set; --claims sets are always audited (name one to audit only it)",
    )
    aud.add_argument(
        "--id",
        action="append",
        dest="ids",
        metavar="ID",
        help="only this claim (repeatable; an unknown id is an error)",
    )
    _add_claim_options(aud)

    show = sub.add_parser(
        "show", help="print one claim: statement, condition, tolerance, twin, where defined"
    )
    show.add_argument("id", metavar="ID", help="the claim's id, e.g. eq3-row-sum")
    show.add_argument(
        "--run", action="store_true", help="also search it: status, tightness, counterexample"
    )
    show.add_argument(
        "--profile", choices=["quick", "thorough"], default="quick", help=_profiles_help()
    )
    _add_claim_options(show)

    fig = sub.add_parser("figures", help="regenerate figures")
    fig.add_argument("names", nargs="*", metavar="NAME", help="figures to make (default: all)")
    fig.add_argument("--out", default="figures", help="output folder (default: figures)")
    fig.add_argument("--list", action="store_true", help="print the figure names, one a line")
    fig.add_argument(
        "--format",
        choices=("png", "pdf", "svg"),  # aptheory.figures.FORMATS (tests/test_figures.py)
        default="png",
        help="file format (default: png); each gives the same bytes on every run",
    )
    fig.add_argument(
        "--preset",
        choices=("slide", "paper"),  # aptheory.figures.PRESET_NAMES
        default="slide",
        help="size: slide (16:9, 10 x 5.625 in, as committed; default) or paper (one column, "
        "3.5 in wide)",
    )
    fig.add_argument("--quiet", action="store_true", help="no progress display")

    ben = sub.add_parser("bench", help="time the fast AP-loss against the per-positive loop")
    ben.add_argument("--quick", action="store_true", help="a small table that runs in seconds")
    ben.add_argument("--seed", type=int, default=0, help="seed of the instances (default 0)")
    ben.add_argument(
        "--repeat", type=int, default=5, help="timed calls per measurement, best kept (default 5)"
    )
    ben.add_argument("--quiet", action="store_true", help="no progress display")

    det = sub.add_parser("detection", help="the miniature of the supplement's loss comparison")
    det.add_argument(
        "--quick", action="store_true", help="the small configuration (seconds, not minutes)"
    )
    det.add_argument("--seeds", type=int, default=5, help="number of seeds 0..K-1 (default 5)")
    det.add_argument("--json", action="store_true", help="print the table as JSON rows")
    det.add_argument("--markdown", metavar="PATH", help="also write the table as Markdown")
    det.add_argument("--quiet", action="store_true", help="no progress display")
    det.add_argument(
        "--loss",
        action="append",
        default=[],
        dest="user_losses",
        metavar="MODULE:FUNCTION",
        help="add your classification loss FUNCTION(scores, positive) -> (loss, grad) from a "
        "module or a .py file (repeatable)",
    )
    det.add_argument(
        "--ranking",
        choices=["minibatch", "image", "both"],
        default="minibatch",
        help="AP-loss ranks all pairs of the minibatch together (default), each image's on "
        "their own, or both (two rows)",
    )
    book = sub.add_parser(
        "book", help="the notebooks, executed, as static HTML pages that need no kernel or network"
    )
    book.add_argument("--out", default="build/book", help="output folder (default: build/book)")
    book.add_argument(
        "--notebooks",
        default="notebooks",
        help="folder of the NN_*.ipynb notebooks (default: notebooks)",
    )
    book.add_argument("--jobs", type=int, default=2, help="notebooks executed at once (default 2)")
    book.add_argument(
        "--timeout", type=float, default=120.0, help="seconds allowed per cell (default 120)"
    )
    book.add_argument("--quiet", action="store_true", help="no progress display")
    return parser


def _progress(args: argparse.Namespace) -> bool | None:
    """``None`` (only on a terminal) unless ``--quiet``."""
    return False if args.quiet else None


def _audit(args: argparse.Namespace) -> int:
    from aptheory.checking.audit import render_json, render_markdown, render_text, run_audit
    from aptheory.core.io import atomic_write_text, check_output_file
    from aptheory.core.validation import check_int

    if args.examples is not None:
        check_int(args.examples, "--examples", 1)
    if args.markdown is not None:
        check_output_file(args.markdown, "--markdown")
    report = run_audit(
        args.profile,
        sections=args.section,
        progress=_progress(args),
        jobs=2,
        claims=args.claims,
        ids=args.ids,
        examples=args.examples,
        installed=True,
        seed=args.seed,
    )
    if args.markdown is not None:
        atomic_write_text(args.markdown, render_markdown(report))
    sys.stdout.write(render_json(report) if args.json else render_text(report))
    return 0 if report.ok else 1


def _show(args: argparse.Namespace) -> int:
    from aptheory.checking.registry import collect_claims
    from aptheory.checking.search import PROFILES, run_claim
    from aptheory.core.validation import check_int

    if args.examples is not None:
        check_int(args.examples, "--examples", 1)
    (claim,) = collect_claims(claims=args.claims, installed=True, ids=[args.id])
    sys.stdout.write(claim.to_text())
    if not args.run:
        return 0
    n = PROFILES[args.profile] if args.examples is None else args.examples
    result = run_claim(claim, n)
    sys.stdout.write("\n" + result.to_text())
    return 0 if result.ok else 1


def _figures(args: argparse.Namespace) -> int:
    from aptheory.core.io import check_output_dir
    from aptheory.core.progress import Progress
    from aptheory.figures import FIGURE_ALIASES, figure_registry, make_figures

    if args.list:
        sys.stdout.write("".join(f"{name}\n" for name in figure_registry()))
        return 0
    out = check_output_dir(args.out, "--out")
    known = figure_registry()
    unknown = [n for n in args.names if FIGURE_ALIASES.get(n, n) not in known]
    if unknown:
        raise ValueError(f"unknown figure name(s) {unknown}; see `aptheory figures --list`")
    names = args.names or list(known)
    bar = Progress(len(names), "figures", enabled=_progress(args))
    for path in make_figures(out, names, fmt=args.format, preset=args.preset, progress=bar):
        print(path)
    return 0


def _reproduce(args: argparse.Namespace) -> int:
    from aptheory.checking.audit import render_json, render_markdown, render_text, run_audit
    from aptheory.core.io import atomic_write_text, check_output_dir, staged_dir
    from aptheory.core.progress import Progress
    from aptheory.figures import figure_registry, make_figures

    start = time.perf_counter()
    out = check_output_dir(args.out, "--out")
    names = list(figure_registry())
    with staged_dir(out) as stage:
        report = run_audit(args.profile, progress=_progress(args), jobs=2, seed=args.seed)
        atomic_write_text(stage / "audit.md", render_markdown(report))
        atomic_write_text(stage / "audit.json", render_json(report))
        bar = Progress(len(names), "figures", enabled=_progress(args))
        paths = make_figures(stage, names, progress=bar)
    sys.stdout.write(render_text(report))
    print(
        f"wrote {len(paths)} figures and the audit to {out}/ in {time.perf_counter() - start:.1f} s"
    )
    return 0 if report.ok else 1


def _bench(args: argparse.Namespace) -> int:
    from aptheory.core.bench import run_bench_command

    text, status = run_bench_command(
        quick=args.quick, seed=args.seed, repeat=args.repeat, progress=_progress(args)
    )
    sys.stdout.write(text)
    return status


def _detection(args: argparse.Namespace) -> int:
    from aptheory.core.io import check_output_file
    from aptheory.sections.detection.comparison import run_detection_command

    if args.markdown is not None:
        check_output_file(args.markdown, "--markdown")
    text, status = run_detection_command(
        quick=args.quick,
        seeds=args.seeds,
        as_json=args.json,
        markdown=args.markdown,
        progress=_progress(args),
        user_losses=tuple(args.user_losses),
        ranking=args.ranking,
        jobs=2,
    )
    sys.stdout.write(text)
    return status


def _book(args: argparse.Namespace) -> int:
    from aptheory.book import NotebookError, build_book, notebook_paths
    from aptheory.core.io import check_output_dir
    from aptheory.core.progress import Progress
    from aptheory.core.validation import check_int, check_positive

    check_int(args.jobs, "--jobs", 1)
    check_positive(args.timeout, "--timeout")
    check_output_dir(args.out, "--out")
    bar = Progress(len(notebook_paths(args.notebooks)), "notebooks", enabled=_progress(args))
    try:
        report = build_book(
            args.out, args.notebooks, jobs=args.jobs, timeout=args.timeout, progress=bar
        )
    except NotebookError as exc:  # one line: the notebook and its error
        print(f"{_PREFIX} {str(exc).splitlines()[0]}", file=sys.stderr)
        return 1
    sys.stdout.write(report.to_text())
    return 0


_HANDLERS = {
    "reproduce": _reproduce,
    "audit": _audit,
    "show": _show,
    "figures": _figures,
    "bench": _bench,
    "detection": _detection,
    "book": _book,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``aptheory`` command; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = _build_parser().parse_args(argv)
        return _HANDLERS[args.command](args)
    except _UsageError as exc:
        print(f"{_PREFIX} {exc}", file=sys.stderr)
        return 2
    except (ValueError, TypeError, OSError) as exc:
        print(f"{_PREFIX} {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        lead = "\n" if sys.stderr.isatty() else ""  # end a progress line first
        print(f"{lead}aptheory: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
