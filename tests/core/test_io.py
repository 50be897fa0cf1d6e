"""Atomic writes with the umask's mode, output-path checks, staged output folders."""

import os
import stat

import pytest

from aptheory.core.io import (
    atomic_write_text,
    check_output_dir,
    check_output_file,
    staged_dir,
)


def test_atomic_write_leaves_no_partial_file(tmp_path, monkeypatch):
    target = tmp_path / "report.md"
    atomic_write_text(target, "old")

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        atomic_write_text(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_written_files_get_the_mode_of_the_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        path = atomic_write_text(tmp_path / "a.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == mode


def test_output_dir_checks(tmp_path):
    assert check_output_dir(tmp_path, "--out") == tmp_path
    assert check_output_dir(tmp_path / "new", "--out") == tmp_path / "new"
    assert not (tmp_path / "new").exists()  # checking creates nothing
    (tmp_path / "file").write_text("x")
    cases = [
        ("", "must not be empty"),
        (tmp_path / "file", "is not a folder"),
        (tmp_path / "missing" / "deeper", "does not exist"),
        ("/proc/x", "not writable"),
    ]
    for path, match in cases:
        with pytest.raises(ValueError, match=match) as info:
            check_output_dir(path, "--out")
        assert str(info.value).startswith("--out")
    with pytest.raises(TypeError, match="--out"):
        check_output_dir(3, "--out")


def test_output_file_checks(tmp_path):
    assert check_output_file(tmp_path / "a.md", "--markdown") == tmp_path / "a.md"
    for path, match in [
        ("", "must not be empty"),
        (tmp_path, "is a folder"),
        (tmp_path / "missing" / "a.md", "does not exist"),
        ("/proc/a.md", "not writable"),
    ]:
        with pytest.raises(ValueError, match=match) as info:
            check_output_file(path, "--markdown")
        assert str(info.value).startswith("--markdown")


def test_staged_dir_moves_everything_only_on_success(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("old")
    with staged_dir(out) as stage:
        atomic_write_text(stage / "a.txt", "a")
        atomic_write_text(stage / "keep.txt", "new")
        assert not (out / "a.txt").exists()  # nothing shows before the end
    assert (out / "a.txt").read_text() == "a" and (out / "keep.txt").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # the stage is gone


def test_staged_dir_leaves_the_target_alone_when_interrupted(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt), staged_dir(out) as stage:
        atomic_write_text(stage / "a.txt", "a")
        raise KeyboardInterrupt
    assert out.is_dir() and list(out.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
