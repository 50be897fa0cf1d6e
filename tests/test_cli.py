"""The command line: exit codes, one-line errors, the audit JSON contract, reproduce."""

import json
import subprocess
import sys

import pytest

from aptheory import cli
from aptheory.sections.ranking import claims as ranking_claims

AUDIT_KEYS = {
    "id",
    "equation",
    "statement",
    "status",
    "condition",
    "expected",
    "examples",
    "tightness",
    "twin_refuted",
    "counterexample",
}


def _run(*args):
    return subprocess.run(
        [sys.executable, "-m", "aptheory.cli", *args], capture_output=True, text=True, timeout=600
    )


@pytest.mark.parametrize(
    "args",
    [
        ["audit", "--profile", "bogus"],
        ["nosuchcommand"],
        [],
        ["figures", "no-such-figure", "--out", "unused"],
        ["audit", "--section", "nope"],
    ],
)
def test_bad_arguments_print_one_line_and_exit_2(args):
    res = _run(*args)
    assert res.returncode == 2
    assert len(res.stderr.strip().splitlines()) == 1
    assert "Traceback" not in res.stderr


def test_audit_json_lists_the_seeded_claims():
    res = _run("audit", "--json", "--section", "ranking", "--quiet")
    assert res.returncode == 0, res.stderr
    rows = json.loads(res.stdout)
    assert [r["id"] for r in rows] == [c.id for c in ranking_claims.claims()]
    for row in rows:
        assert AUDIT_KEYS <= set(row)
        assert row["status"] == "holds" and row["twin_refuted"] is True


def test_audit_markdown_is_written(tmp_path, capsys):
    out = tmp_path / "audit.md"
    assert cli.main(["audit", "--section", "ranking", "--markdown", str(out), "--quiet"]) == 0
    assert "| eq17-one-minus-ap |" in out.read_text()
    assert "6 claims, 0 mismatched" in capsys.readouterr().out


def test_figures_list_prints_one_name_a_line(capsys):
    from aptheory.figures import figure_registry

    assert cli.main(["figures", "--list"]) == 0
    assert capsys.readouterr().out.splitlines() == list(figure_registry())


def test_reproduce_writes_audit_and_figures(tmp_path, monkeypatch, capsys):
    """`reproduce` on a one-section registry and one figure (the full run is the CLI's job)."""
    import aptheory.figures
    from aptheory.checking import registry

    monkeypatch.setattr(registry, "SECTIONS", {"ranking": registry.SECTIONS["ranking"]})
    monkeypatch.setattr(
        aptheory.figures, "FIGURE_SECTIONS", {"ranking": aptheory.figures.FIGURE_SECTIONS["ranking"]}
    )
    assert cli.main(["reproduce", "--out", str(tmp_path), "--quiet"]) == 0
    assert (tmp_path / "ranking_gradient.png").exists()
    assert json.loads((tmp_path / "audit.json").read_text())[0]["id"] == "eq17-one-minus-ap"
    assert "wrote 1 figures" in capsys.readouterr().out
