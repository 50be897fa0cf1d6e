"""Time the O(n log |P|) AP-loss against the per-positive loop and one argsort.

Usage: ``python benchmarks/bench_fastap.py [--quick]``, the same table as ``aptheory bench``
(which takes ``--seed`` and ``--repeat`` too). It prints a table and asserts nothing.
"""

from __future__ import annotations

import sys

from aptheory.cli import main

if __name__ == "__main__":
    sys.exit(main(["bench", *sys.argv[1:]]))
