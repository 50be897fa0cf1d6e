"""Every registered figure regenerates byte-identically, with no metadata, atomically."""

import pytest

from aptheory.figures import figure_registry, make_figures
from aptheory.core.io import atomic_write_text

NAMES = list(figure_registry())


@pytest.mark.parametrize("name", NAMES)
def test_figure_is_byte_identical_across_runs(name, tmp_path):
    first = make_figures(tmp_path / "a", [name])[0].read_bytes()
    second = make_figures(tmp_path / "b", [name])[0].read_bytes()
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    assert first == second
    assert b"Software" not in first and b"Creation" not in first


def test_unknown_figure_name_is_rejected(tmp_path):
    with pytest.raises(ValueError, match="unknown figure"):
        make_figures(tmp_path, ["nope"])


def test_atomic_write_leaves_no_partial_file(tmp_path, monkeypatch):
    import os

    target = tmp_path / "report.md"
    atomic_write_text(target, "old")

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        atomic_write_text(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]
