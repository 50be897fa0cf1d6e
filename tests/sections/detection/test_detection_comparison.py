"""aptheory.sections.detection.comparison: the table, the verdict and ``aptheory detection``."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from aptheory.sections.detection.comparison import (
    Comparison,
    ordering_verdict,
    render_comparison_markdown,
    run_comparison,
    run_detection_command,
)
from aptheory.sections.detection.config import LOSSES, QUICK, SUPPLEMENT_TABLE1


def test_missing_thresholds_are_reported(capped_data, capped_run, tiny):
    comparison = Comparison(
        config=replace(tiny, losses=("ap",)),
        seeds=(3,),
        runs=(capped_run,),
        imbalance=capped_data.imbalance,
        anchor_imbalance=capped_data.anchor_imbalance,
        n_anchors=capped_data.anchors.shape[0],
        seconds=0.0,
    )
    assert "Seed 3: no test positive at IoU 0.95" in render_comparison_markdown(comparison)
    assert comparison.rows()[0]["missing_thresholds"] == [[0.95]]


def test_quick_comparison_rows_table_and_verdict(quick_comparison):
    c = quick_comparison
    assert c.config is QUICK and c.seeds == (0,)
    assert [r.loss for r in c.runs] == list(LOSSES)
    assert c.imbalance >= 1000 and c.anchor_imbalance >= 100
    rows = c.rows()
    assert [r["loss"] for r in rows] == list(LOSSES)
    for row in rows:
        assert 0 <= row["ap"] <= 100 and row["ap_std"] == 0.0 and row["seeds"] == 1
        assert row["missing_thresholds"] == [[]]
        if row["loss"] in SUPPLEMENT_TABLE1:
            assert row["paper_ap"] == SUPPLEMENT_TABLE1[row["loss"]][0]
    text = render_comparison_markdown(c)
    assert f"{c.n_anchors} anchors x {QUICK.task.n_classes} classes" in text
    assert "| AP-loss |" in text and "| Focal (gamma=2, alpha=0.25) | " in text
    verdict = ordering_verdict(c)
    assert verdict in text.replace("  \n", "\n")
    assert "measured order by mean AP" in verdict and "better on" in verdict
    assert ("REPRODUCES" in verdict) != ("does NOT reproduce" in verdict)


def test_run_detection_command_json_rows(tmp_path, tiny):
    md = tmp_path / "table.md"
    text, status = run_detection_command(
        seeds=2, as_json=True, markdown=str(md), progress=False, config=tiny
    )
    assert status == 0
    rows = json.loads(text)
    assert [r["loss"] for r in rows] == list(LOSSES)
    for row in rows:
        assert {"loss", "ap", "ap50", "ap75", "ap_std"} <= set(row)
        assert 0 <= row["ap"] <= 100 and row["ap_std"] >= 0 and row["seeds"] == 2
    table = md.read_text()
    assert "| AP-loss |" in table and "Supplement" in table and "ordering" in table


def test_run_detection_command_text_output(tiny):
    text, status = run_detection_command(seeds=1, progress=False, config=tiny)
    assert status == 0
    assert "| CE + OHEM (3:1) |" in text and "measured order" in text
    assert text.rstrip().endswith(" s")


@pytest.mark.parametrize("seeds", [0, -2, 1.5, True])
def test_bad_seed_count_raises_naming_the_argument(seeds):
    with pytest.raises(ValueError, match="--seeds"):
        run_detection_command(seeds=seeds, progress=False)


def test_run_detection_command_checks_its_flags():
    with pytest.raises(TypeError, match="quick"):
        run_detection_command(quick="yes", seeds=1, progress=False)
    with pytest.raises(TypeError, match="markdown"):
        run_detection_command(seeds=1, markdown=3, progress=False)


def test_comparison_needs_seeds_and_known_losses(tiny):
    with pytest.raises(ValueError, match="seeds"):
        run_comparison(tiny, [])
    with pytest.raises(ValueError, match="seeds"):
        run_comparison(tiny, [-1])
    with pytest.raises(TypeError, match="config"):
        run_comparison(tiny.train, [0])
    # a Config refuses unknown losses itself; a hand-made one is refused again here
    bad = replace(tiny, losses=("ap",))
    object.__setattr__(bad, "losses", ("ap", "svm"))
    with pytest.raises(ValueError, match="loss"):
        run_comparison(bad, [0])
