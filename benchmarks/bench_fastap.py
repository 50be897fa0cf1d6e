"""Time the O(n log |P|) AP-loss against the per-positive loop and one argsort (issue 6).

Usage: ``python benchmarks/bench_fastap.py [--quick] [--seed S] [--repeat R]``, the same as
``aptheory bench``. It prints a table and asserts nothing (see ``aptheory/bench.py``).
"""

from __future__ import annotations

import argparse
import sys

from aptheory.bench import configure_parser, run_command


def main(argv: list[str] | None = None) -> int:
    """Parse the options of ``aptheory bench`` and run it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    configure_parser(parser)
    return run_command(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
