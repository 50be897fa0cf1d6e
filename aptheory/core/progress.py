"""A minimal progress display for long work: shown on a terminal, silent otherwise."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TextIO

__all__ = ["Progress"]


@dataclass
class Progress:
    """Counts ``total`` steps of ``label`` on ``stream`` (stderr) when it is a terminal.

    ``enabled=None`` means "only on a terminal"; ``False`` (e.g. ``--quiet``) silences it.
    """

    total: int
    label: str
    enabled: bool | None = None
    stream: TextIO = field(default_factory=lambda: sys.stderr)
    done: int = 0

    def __post_init__(self) -> None:
        if self.enabled is None:
            self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())

    def step(self, what: str = "") -> None:
        """Mark one step done, naming ``what`` was just finished."""
        self.done += 1
        if self.enabled:
            self.stream.write(f"\r{self.label} {self.done}/{self.total} {what[:50]:<50}")
            if self.done >= self.total:
                self.stream.write("\n")
            self.stream.flush()
