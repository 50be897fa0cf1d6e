"""run_detection_command: what ``aptheory detection`` prints and writes, without argparse."""

from __future__ import annotations

import json

import pytest

from aptheory import cli
from aptheory.sections.detection.comparison import run_detection_command
from aptheory.sections.detection.config import LOSSES


def test_json_rows_and_markdown_file(tmp_path, tiny):
    md = tmp_path / "table.md"
    text, status = run_detection_command(
        seeds=2, as_json=True, markdown=str(md), progress=False, config=tiny, jobs=2
    )
    assert status == 0
    rows = json.loads(text)
    assert [r["loss"] for r in rows] == list(LOSSES)
    for row in rows:
        assert {"det_ap", "det_ap50", "det_ap75", "det_ap_std", "det_ap_per_seed"} <= set(row)
        assert all(0.0 <= row[k] <= 1.0 for k in ("det_ap", "det_ap50", "det_ap75"))
        assert len(row["det_ap_per_seed"]) == 2 and row["det_unit"] == "fraction"
    assert "| AP-loss |" in md.read_text()


def test_ranking_image_replaces_and_both_adds_the_per_image_ap_loss(tiny):
    text, _ = run_detection_command(
        seeds=1, as_json=True, progress=False, config=tiny, ranking="image"
    )
    assert [r["loss"] for r in json.loads(text)][-1] == "ap-image"
    assert "ap" not in [r["loss"] for r in json.loads(text)]
    with pytest.raises(ValueError, match="--ranking"):
        run_detection_command(seeds=1, progress=False, config=tiny, ranking="pairs")


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
        "user_losses": (),
        "ranking": "minibatch",
        "jobs": 2,
    }
    seen.clear()
    assert cli.main(["detection"]) == 0
    assert seen == {
        "quick": False,
        "seeds": 5,
        "as_json": False,
        "markdown": None,
        "progress": None,
        "user_losses": (),
        "ranking": "minibatch",
        "jobs": 2,
    }
    seen.clear()
    argv = ["detection", "--loss", "a.py:f", "--loss", "m:g", "--ranking", "both"]
    assert cli.main(argv) == 0
    assert seen["user_losses"] == ("a.py:f", "m:g") and seen["ranking"] == "both"


@pytest.mark.parametrize(
    "argv, message",
    [
        (["detection", "--ranking", "sideways"], "--ranking"),
        (["detection", "--loss", "nocolon"], "--loss must be MODULE:FUNCTION"),
    ],
)
def test_bad_detection_options_are_one_line_exit_2(capsys, argv, message):
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("aptheory: error:") and message in err and err.count("\n") == 1


def test_without_the_evaluator_the_command_names_the_extra(monkeypatch, capsys):
    import sys

    monkeypatch.setitem(sys.modules, "pycocotools", None)
    monkeypatch.setitem(sys.modules, "pycocotools.coco", None)
    assert cli.main(["detection", "--quick", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("aptheory: error: detection AP needs the COCO evaluator pycocotools")
    assert "pip install 'aptheory[detection]'" in err and err.count("\n") == 1
