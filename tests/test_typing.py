"""The package type-checks: ``python -m mypy aptheory`` (configuration: ``[tool.mypy]`` in
pyproject.toml) exits with status 0. The cache is mypy's own ``.mypy_cache`` at the root of
the tree (git-ignored), shared with ``mypy aptheory`` run by hand: a fresh check takes about
half a minute, an incremental one a few seconds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytest.importorskip("mypy", reason="mypy is in the `test` extra")


def test_package_type_checks_with_mypy() -> None:
    if not (ROOT / "pyproject.toml").is_file():
        pytest.skip("needs the source tree (pyproject.toml holds the mypy configuration)")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(ROOT / ".mypy_cache"),
            "aptheory",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, (
        f"mypy aptheory exited with status {result.returncode}; mypy's output:\n"
        f"{result.stdout}\n{result.stderr}"
    )
