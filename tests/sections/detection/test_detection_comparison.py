"""aptheory.sections.detection.comparison: the table, the verdict and ``aptheory detection``."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from aptheory.sections.detection.comparison import (
    Comparison,
    ordering_verdict,
    ranking_difference,
    render_comparison_markdown,
    run_comparison,
    run_detection_command,
    seed_orderings,
    with_ranking,
)
from aptheory.sections.detection.config import LOSSES, PAPER_ORDER, QUICK, SUPPLEMENT_TABLE1


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
    assert "measured order by mean ranking AP" in verdict and "better on" in verdict
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


# --------------------------------------------------- both views, seeds, ranking, workers


def test_rows_carry_both_views_and_the_supplement(quick_comparison):
    for row in quick_comparison.rows():
        run = quick_comparison.runs_of(row["loss"])[0]
        assert row["det_ap"] == round(run.det_ap, 4) and row["det_ap75"] == round(run.det_ap75, 4)
        assert row["det_ap_std"] == 0.0 and row["det_ap_per_seed"] == [round(run.det_ap, 4)]
        assert 0.0 <= row["det_ap"] <= row["det_ap50"] <= 1.0
        assert row["unit"] == "percent" and row["det_unit"] == "fraction"


def test_markdown_shows_both_views_seed_verdicts_and_the_ranking_difference(tiny_comparison):
    text = render_comparison_markdown(tiny_comparison)
    assert "| Loss | Detection AP | AP50 | AP75 | Ranking AP | AP50 | AP75 | Supplement AP" in text
    assert "| AP-loss, per-image ranking |" in text
    assert "| aptheory.sections.detection.losses:auc_loss |" in text
    assert "measured order by mean detection AP" in text
    assert "measured order by mean ranking AP" in text
    for seed, holds, order in seed_orderings(tiny_comparison):
        line = f"seed {seed}: {'holds' if holds else 'does NOT hold'} ({order})"
        assert line in text
    assert ranking_difference(tiny_comparison).split("\n")[0] in text
    assert "pycocotools" in text and "NMS at IoU 0.45" in text


def test_seed_orderings_follow_the_runs(tiny_comparison):
    c = tiny_comparison
    per_seed = seed_orderings(c, "detection")
    assert [seed for seed, _, _ in per_seed] == [0, 1]
    for k, (_, holds, order) in enumerate(per_seed):
        values = [c.runs_of(name)[k].det_ap for name in PAPER_ORDER]
        assert holds == all(a > b for a, b in zip(values, values[1:], strict=False))
        assert order.count(" > ") == 3
    ranking_view = seed_orderings(c, "ranking")
    assert len(ranking_view) == 2
    with pytest.raises(ValueError, match="view"):
        seed_orderings(c, "boxes")


def test_ranking_difference_is_paired_per_seed(tiny_comparison, quick_comparison):
    c = tiny_comparison
    text = ranking_difference(c)
    per_image = [r.det_ap for r in c.runs_of("ap-image")]
    minibatch = [r.det_ap for r in c.runs_of("ap")]
    mean = 100 * float(np.mean(np.subtract(per_image, minibatch)))
    assert f"detection AP: {mean:+.2f} ± " in text
    assert ranking_difference(quick_comparison) is None  # no per-image run there


def test_with_ranking():
    base = ("ce-ohem", "ap", "auc")
    assert with_ranking(base, "minibatch") == base
    assert with_ranking(base, "image") == ("ce-ohem", "ap-image", "auc")
    assert with_ranking(base, "both") == ("ce-ohem", "ap", "ap-image", "auc")
    assert with_ranking(("auc",), "both") == ("auc",)
    with pytest.raises(ValueError, match="ranking"):
        with_ranking(base, "pairs")


def test_workers_give_the_serial_result(tiny_comparison):
    """tiny_comparison ran a seed per worker; seed 1 again here, serially and with one loss
    per worker (fewer seeds than workers), is the same."""
    serial = run_comparison(tiny_comparison.config, (1,))
    split = run_comparison(tiny_comparison.config, (1,), jobs=2)
    assert [r.loss for r in serial.runs] == list(tiny_comparison.config.entries)
    assert [r.loss for r in split.runs] == list(tiny_comparison.config.entries)
    for run, other in zip(serial.runs, split.runs, strict=True):
        (twin,) = [r for r in tiny_comparison.runs_of(run.loss) if r.seed == 1]
        for r in (run, other):
            assert r.det_curve == twin.det_curve and r.curve == twin.curve
            assert np.array_equal(r.box.weights, twin.box.weights)
    assert serial.imbalance == split.imbalance
    with pytest.raises(ValueError, match="jobs"):
        run_comparison(tiny_comparison.config, (0,), jobs=0)


def test_config_accepts_the_variant_and_checks_user_losses(tiny):
    assert replace(tiny, losses=("ap-image",)).entries == ("ap-image",)
    assert replace(tiny, user_losses=("m:f",)).entries == (*tiny.losses, "m:f")
    with pytest.raises(ValueError, match="MODULE:FUNCTION"):
        replace(tiny, user_losses=("nocolon",))
    with pytest.raises(ValueError, match="distinct"):
        replace(tiny, user_losses=("m:f", "m:f"))
    with pytest.raises(TypeError, match="user_losses"):
        replace(tiny, user_losses=["m:f"])
    with pytest.raises(ValueError, match="distinct"):
        replace(tiny, losses=("ap", "ap"))
