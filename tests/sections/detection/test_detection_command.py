"""run_detection_command: what ``aptheory detection`` prints and writes, without argparse."""

from __future__ import annotations

import json

import pytest

from aptheory.sections.detection.comparison import run_detection_command
from aptheory.sections.detection.config import LOSSES


def test_json_rows_and_markdown_file(tmp_path, tiny):
    md = tmp_path / "table.md"
    text, status = run_detection_command(
        seeds=2, as_json=True, markdown=str(md), progress=False, config=tiny
    )
    assert status == 0
    assert [r["loss"] for r in json.loads(text)] == list(LOSSES)
    assert "| AP-loss |" in md.read_text()


def test_text_output(tiny):
    text, status = run_detection_command(seeds=1, progress=False, config=tiny)
    assert status == 0
    assert "| CE + OHEM (3:1) |" in text and "measured order" in text


@pytest.mark.parametrize("seeds", [0, -2])
def test_bad_seed_count_raises_naming_the_option(seeds):
    with pytest.raises(ValueError, match="--seeds"):
        run_detection_command(seeds=seeds, progress=False)


def test_cli_flags_reach_the_command(monkeypatch, capsys, tmp_path, tiny):
    """``aptheory detection`` passes its flags through unchanged."""
    from aptheory import cli
    from aptheory.sections.detection import comparison

    seen = {}

    def fake(**kwargs):
        seen.update(kwargs)
        return "table\n", 0

    monkeypatch.setattr(comparison, "run_detection_command", fake)
    md = tmp_path / "t.md"
    argv = ["detection", "--quick", "--seeds", "3", "--json", "--markdown", str(md), "--quiet"]
    assert cli.main(argv) == 0
    assert capsys.readouterr().out == "table\n"
    assert seen == {
        "quick": True,
        "seeds": 3,
        "as_json": True,
        "markdown": str(md),
        "progress": False,
    }
    seen.clear()
    assert cli.main(["detection"]) == 0
    assert seen == {
        "quick": False,
        "seeds": 5,
        "as_json": False,
        "markdown": None,
        "progress": None,
    }
