"""The CLI for outside claims: audit --claims/--id/--examples, show, and no litter in ./."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aptheory import cli

DATA = Path(__file__).parent / "claimsets"
MINE = str(DATA / "mine.py")


def _run(*args, cwd=None, env=None):
    return subprocess.run(
        [sys.executable, "-m", "aptheory.cli", *args],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=cwd,
        env=env,
    )


def test_audit_one_outside_claim_as_json(capsys):
    status = cli.main(["audit", "--claims", MINE, "--id", "mine-am-gm", "--json", "--quiet"])
    (row,) = json.loads(capsys.readouterr().out)
    assert status == 0
    assert row["id"] == "mine-am-gm" and row["status"] == "holds" and row["twin_refuted"]
    assert row["examples"] == 60 and row["exact"] is True


def test_audit_ids_keep_their_order_and_examples_override_the_profile(capsys):
    argv = ["audit", "--claims", MINE, "--id", "mine-false", "--id", "eq14-lower-bound"]
    status = cli.main([*argv, "--examples", "15", "--json", "--quiet"])
    rows = json.loads(capsys.readouterr().out)
    assert status == 0
    assert [r["id"] for r in rows] == ["mine-false", "eq14-lower-bound"]
    assert rows[0]["counterexample"] == {"example": 11, "lhs": 121, "rhs": 110}
    assert rows[1]["examples"] == 15


def test_audit_of_only_the_outside_set_by_its_section_name(capsys):
    status = cli.main(["audit", "--claims", MINE, "--section", "mine", "--json", "--quiet"])
    rows = json.loads(capsys.readouterr().out)
    assert status == 1  # mine-weak-twin's twin survives
    assert [r["id"] for r in rows] == ["mine-am-gm", "mine-false", "mine-cond", "mine-weak-twin"]


def test_audit_of_a_claim_that_is_not_ok_exits_1_with_the_table(capsys):
    status = cli.main(["audit", "--claims", MINE, "--id", "mine-weak-twin", "--quiet"])
    out = capsys.readouterr().out
    assert status == 1
    assert "SURVIVED" in out and "MISMATCH" in out
    assert out.splitlines()[-1].startswith("1 claims, 1 mismatched")


def test_audit_accepts_a_module_name_and_several_claim_sets(tmp_path, capsys, monkeypatch):
    shutil.copy(DATA / "claims_fn.py", tmp_path / "outside_cli_claims.py")
    monkeypatch.syspath_prepend(str(tmp_path))
    argv = ["audit", "--claims", "outside_cli_claims", "--claims", MINE, "--json", "--quiet"]
    status = cli.main([*argv, "--id", "fn-square", "--id", "mine-cond", "--examples", "20"])
    rows = json.loads(capsys.readouterr().out)
    assert status == 0 and [r["id"] for r in rows] == ["fn-square", "mine-cond"]
    assert rows[1]["status"] == "conditional"


@pytest.mark.parametrize(
    "args, match",
    [
        (["audit", "--claims", MINE, "--id", "mine-fals"], "unknown claim id 'mine-fals'"),
        (["audit", "--id", "eq3-row-sum", "--examples", "0"], "--examples must be >= 1"),
        (["audit", "--id", "eq3-row-sum", "--examples", "x"], "invalid int value"),
        (["audit", "--claims", "/no/such/claims.py"], "does not exist"),
        (["audit", "--claims", "no_such_claims_module_xyz"], "cannot import claim set"),
        (["show", "no-such-claim"], "unknown claim id 'no-such-claim'"),
        (["show", "mine-am-gm"], "unknown claim id"),  # an outside id needs --claims
        (["show"], "the following arguments are required: ID"),
        (["show", "eq3-row-sum", "--examples", "-1"], "--examples must be >= 1"),
    ],
)
def test_bad_workbench_arguments_are_one_line_and_exit_2(args, match, capsys):
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("aptheory: error:") and match in err


def test_show_prints_the_claim_and_where_it_is_defined(capsys):
    assert cli.main(["show", "mine-cond", "--claims", MINE]) == 0
    out = capsys.readouterr().out
    assert out.startswith("mine-cond: equation (C), section mine\n")
    for piece in [
        "statement:  x <= 10 for x in [0, 10]",
        "condition:  x <= 10 (also searched with it dropped",
        "expected:   conditional",
        "exactness:  exact",
        "tolerance:  0 - exact: int and Fraction comparisons, no rounding",
        "twin:       x <= 5",
        "note:       the condition is the claim",
        f"defined at: {Path(MINE).resolve()}:",
    ]:
        assert piece in out, piece
    assert "status:" not in out  # not run without --run


def test_show_run_prints_status_tightness_examples_and_counterexample(capsys):
    assert cli.main(["show", "mine-false", "--claims", MINE, "--run", "--examples", "40"]) == 0
    out = capsys.readouterr().out
    run = out.split("\n\n", 1)[1]
    assert run.startswith("mine-false (B): ok\n")
    assert "status:         fails (expected fails)" in run
    assert "counterexample: example 11: lhs 121 > rhs 110" in run
    assert "tightness:" in run and "examples:" in run
    assert cli.main(["show", "mine-weak-twin", "--claims", MINE, "--run"]) == 1
    assert "SURVIVED" in capsys.readouterr().out


def test_show_a_built_in_claim_by_id(capsys):
    assert cli.main(["show", "eq3-row-sum"]) == 0
    out = capsys.readouterr().out
    assert "section ranking" in out
    assert "aptheory/sections/ranking/claims.py:" in out


def test_the_cli_leaves_nothing_in_the_current_directory(tmp_path):
    work, cache = tmp_path / "work", tmp_path / "cache"
    work.mkdir()
    shutil.copy(MINE, work / "my_claims.py")
    shutil.copy(DATA / "text_claims.py", work / "text_claims.py")
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    env.pop("HYPOTHESIS_STORAGE_DIRECTORY", None)
    audit = _run(
        *["audit", "--claims", "my_claims.py", "--claims", "text_claims.py", "--json"],
        *["--id", "mine-am-gm", "--id", "text-len", "--id", "eq14-lower-bound", "--quiet"],
        cwd=work,
        env=env,
    )
    assert audit.returncode == 0, audit.stderr
    ids = [r["id"] for r in json.loads(audit.stdout)]
    assert ids == ["mine-am-gm", "text-len", "eq14-lower-bound"]
    show = _run("show", "text-len", "--claims", "text_claims.py", "--run", cwd=work, env=env)
    assert show.returncode == 0, show.stderr
    assert sorted(p.name for p in work.iterdir()) == ["my_claims.py", "text_claims.py"]
    # hypothesis did write its unicode tables (for st.text): in the user cache, not in ./
    assert list((cache / "aptheory" / "hypothesis" / "unicode_data").rglob("*.json.gz"))
