"""Command line: ``aptheory reproduce | audit | figures | bench | detection``.

Bad arguments and bad input print one line on stderr and exit with status 2 (never a
traceback); a failed audit exits with status 1.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main"]

# Sub-commands implemented by the modules that own them: each exposes
# ``configure_parser(parser)`` and ``run_command(args) -> int``.
_DELEGATED = {
    "bench": ("aptheory.core.bench", "time the fast AP-loss against the per-positive loop"),
    "detection": ("aptheory.sections.detection.model", "the miniature of the supplement's loss comparison"),
}


class _UsageError(Exception):
    """A command-line usage error, reported in one line with exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # noqa: D102 - argparse hook
        raise _UsageError(f"{self.prog}: {message}")


def _add_audit_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--profile", choices=["quick", "thorough"], default="quick", help="examples per claim"
    )
    p.add_argument("--quiet", action="store_true", help="no progress display")


def _build_parser(command: str | None = None) -> _Parser:
    """The parser; a delegated sub-command's module is imported only when it is ``command``."""
    parser = _Parser(prog="aptheory", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    rep = sub.add_parser("reproduce", help="the proof audit plus every figure")
    rep.add_argument("--out", default="figures", help="output folder (default: figures)")
    _add_audit_options(rep)

    aud = sub.add_parser("audit", help="check every claim of the supplement")
    _add_audit_options(aud)
    aud.add_argument("--json", action="store_true", help="print a JSON list instead of a table")
    aud.add_argument("--markdown", metavar="PATH", help="also write the table as Markdown")
    aud.add_argument("--section", action="append", help="only this claim section (repeatable)")

    fig = sub.add_parser("figures", help="regenerate figures")
    fig.add_argument("names", nargs="*", metavar="NAME", help="figures to make (default: all)")
    fig.add_argument("--out", default="figures", help="output folder (default: figures)")
    fig.add_argument("--list", action="store_true", help="print the figure names, one a line")
    fig.add_argument("--quiet", action="store_true", help="no progress display")

    for name, (module, help_text) in _DELEGATED.items():
        p = sub.add_parser(name, help=help_text)
        if name == command:
            importlib.import_module(module).configure_parser(p)
    return parser


def _audit(args: argparse.Namespace) -> int:
    from aptheory.audit import render_json, render_markdown, render_text, run_audit
    from aptheory.core.io import atomic_write_text

    report = run_audit(args.profile, sections=args.section, progress=not args.quiet and None)
    if args.markdown:
        atomic_write_text(args.markdown, render_markdown(report))
    sys.stdout.write(render_json(report) if args.json else render_text(report))
    return 0 if report.ok else 1


def _figures(args: argparse.Namespace) -> int:
    from aptheory.figures import figure_registry, make_figures
    from aptheory.core.progress import Progress

    if args.list:
        sys.stdout.write("".join(f"{name}\n" for name in figure_registry()))
        return 0
    names = args.names or list(figure_registry())
    bar = Progress(len(names), "figures", enabled=not args.quiet and None)
    for path in make_figures(args.out, names, progress=bar):
        print(path)
    return 0


def _reproduce(args: argparse.Namespace) -> int:
    from aptheory.audit import render_json, render_markdown, render_text, run_audit
    from aptheory.figures import figure_registry, make_figures
    from aptheory.core.io import atomic_write_text
    from aptheory.core.progress import Progress

    start = time.perf_counter()
    out = Path(args.out)
    report = run_audit(args.profile, progress=not args.quiet and None)
    atomic_write_text(out / "audit.md", render_markdown(report))
    atomic_write_text(out / "audit.json", render_json(report))
    names = list(figure_registry())
    bar = Progress(len(names), "figures", enabled=not args.quiet and None)
    paths = make_figures(out, names, progress=bar)
    sys.stdout.write(render_text(report))
    print(
        f"wrote {len(paths)} figures and the audit to {out}/ in {time.perf_counter() - start:.1f} s"
    )
    return 0 if report.ok else 1


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``aptheory`` command; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        command = next((a for a in argv if not a.startswith("-")), None)
        args = _build_parser(command).parse_args(argv)
        handlers = {"reproduce": _reproduce, "audit": _audit, "figures": _figures}
        if args.command in handlers:
            return handlers[args.command](args)
        return importlib.import_module(_DELEGATED[args.command][0]).run_command(args)
    except _UsageError as exc:
        print(f"{exc} (see --help)", file=sys.stderr)
        return 2
    except (ValueError, TypeError, FileNotFoundError, PermissionError) as exc:
        print(f"aptheory: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("aptheory: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
