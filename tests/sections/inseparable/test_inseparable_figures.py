"""Tests of aptheory.sections.inseparable.figures: deterministic PNGs, named as registered."""

from __future__ import annotations

from pathlib import Path

from aptheory.sections.inseparable import figures as figs


def test_figures_are_byte_identical(tmp_path: Path):
    for fn, name in ((figs.fig_online, "online"), (figs.fig_offline, "offline")):
        first_path = fn(tmp_path / "a")
        assert first_path.name == f"inseparable_{name}.png"
        first = first_path.read_bytes()
        second = fn(tmp_path / "b").read_bytes()
        assert first == second and first[:8] == b"\x89PNG\r\n\x1a\n"


def test_fixed_data():
    data = figs.online_data()
    assert len(data) == 12 and all(2 <= s.n_positive <= 6 for s in data)
    sample = figs.offline_sample()
    assert (sample.n_positive, sample.n_negative) == (8, 24)
