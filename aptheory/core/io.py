"""Atomic, deterministic writing of reports and figures, and checks of output paths.

Every file is written to a temporary file in the target folder and then renamed over the
target, so an interrupted run never leaves a half-written file; it gets the mode a plain
``open()`` would give (``0o666`` less the umask: 0644 under umask 022). Figures (PNG, PDF,
SVG) carry no creation date and no software tag, so the same figure gives the same bytes on
every run.

:func:`check_output_dir` and :func:`check_output_file` check an output path *before* any
work (the command line calls them first), and :func:`staged_dir` writes a whole set of files
into a hidden folder beside the target and moves them into place only when all are written.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "atomic_write_bytes",
    "atomic_write_text",
    "check_output_dir",
    "check_output_file",
    "save_figure",
    "staged_dir",
]


def _file_mode() -> int:
    """0o666 less the process umask: the mode ``open(path, "w")`` would give a new file."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _check_writable_dir(folder: Path, option: str, what: str) -> None:
    if not folder.exists():
        raise ValueError(f"{option}: {what} {str(folder)!r} does not exist")
    if not folder.is_dir():
        raise ValueError(f"{option}: {what} {str(folder)!r} is not a folder")
    try:  # the real test: can a file be created there? (os.access says yes on /proc)
        fd, probe = tempfile.mkstemp(prefix=".aptheory-probe-", dir=folder)
    except OSError as exc:
        raise ValueError(
            f"{option}: {what} {str(folder)!r} is not writable ({exc.strerror})"
        ) from None
    os.close(fd)
    os.unlink(probe)


def check_output_dir(path: str | os.PathLike[str], option: str = "--out") -> Path:
    """Check that ``path`` can be the output folder: an existing writable folder, or a new
    folder whose parent exists and is writable. Raises ``ValueError`` naming ``option``."""
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"{option} must be a path, got {type(path).__name__}")
    if str(path) == "":
        raise ValueError(f"{option} must not be empty (give a folder, e.g. {option} figures)")
    target = Path(path)
    if target.exists():
        if not target.is_dir():
            raise ValueError(f"{option}: {str(target)!r} exists and is not a folder")
        _check_writable_dir(target, option, "folder")
    else:
        _check_writable_dir(target.absolute().parent, option, "parent folder")
    return target


def check_output_file(path: str | os.PathLike[str], option: str) -> Path:
    """Check that ``path`` can be written as a file: not a folder, its folder exists and is
    writable. Raises ``ValueError`` naming ``option``."""
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"{option} must be a path, got {type(path).__name__}")
    if str(path) == "":
        raise ValueError(f"{option} must not be empty (give a file path)")
    target = Path(path)
    if target.is_dir():
        raise ValueError(f"{option}: {str(target)!r} is a folder, not a file")
    if target.exists() and not os.access(target, os.W_OK):
        raise ValueError(f"{option}: {str(target)!r} is not writable")
    _check_writable_dir(target.absolute().parent, option, "folder")
    return target


@contextlib.contextmanager
def staged_dir(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a hidden folder beside ``target``; on success move every file into ``target``.

    Files written into the yielded folder appear in ``target`` only once the ``with`` block
    has finished without an exception (each moved by an atomic rename, in a few
    milliseconds); on any exception, including ``KeyboardInterrupt``, the staged files are
    deleted and ``target`` keeps what it had. ``target`` is created if missing.
    """
    final = Path(target)
    final.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{final.name}.partial-", dir=final.absolute().parent))
    try:
        yield stage
        for item in sorted(stage.iterdir()):
            os.replace(item, final / item.name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (temporary file in the same folder, then rename)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, _file_mode())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def save_figure(fig: Figure, path: str | os.PathLike[str], *, dpi: float | None = None) -> Path:
    """Save ``fig`` at ``path`` (PNG, PDF or SVG, from the suffix), atomically, metadata-free.

    Every format gives the same bytes on every run: the PNG has no ``Software`` tag and no
    time, the PDF no ``CreationDate``, ``Producer`` or ``Creator``, the SVG no ``Date`` or
    ``Creator`` and ids from a fixed ``svg.hashsalt``; the bytes are those of a freshly drawn
    figure (constrained layout starts from the figure's current state, so a figure already
    drawn once, e.g. shown in a notebook, can come out shifted by a fraction of a pixel).
    ``dpi`` defaults to the figure's own (160 for the slide preset of
    :mod:`aptheory.figures.style`). The figure is drawn with the canvas of its format, so no
    global backend is set; a figure made by pyplot is closed.

    Raises
    ------
    ValueError
        If ``path`` does not end in ``.png``, ``.pdf`` or ``.svg``.
    """
    import io
    import sys

    import matplotlib

    target = Path(path)
    metadata: dict[str, dict[str, None]] = {
        "png": {"Software": None},
        "pdf": {"CreationDate": None, "Producer": None, "Creator": None},
        "svg": {"Date": None, "Creator": None},
    }
    fmt = target.suffix.lower().removeprefix(".")
    if fmt not in metadata:
        raise ValueError(f"path must end in .png, .pdf or .svg, got {str(path)!r}")
    buf = io.BytesIO()
    try:
        with matplotlib.rc_context({"svg.hashsalt": "aptheory"}):
            fig.savefig(
                buf, format=fmt, dpi=fig.dpi if dpi is None else dpi, metadata=metadata[fmt]
            )
    finally:
        pyplot = sys.modules.get("matplotlib.pyplot")  # only pyplot can have made it
        if pyplot is not None:
            pyplot.close(fig)
    return atomic_write_bytes(target, buf.getvalue())
