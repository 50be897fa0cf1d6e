"""The command line: exit codes, one-line errors, the audit JSON contract, reproduce."""

import json
import subprocess
import sys

import pytest

from aptheory import cli
from aptheory.checking.registry import registry

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
        ["detection", "--seeds", "x"],
    ],
)
def test_bad_arguments_print_one_line_and_exit_2(args):
    res = _run(*args)
    assert res.returncode == 2
    assert len(res.stderr.strip().splitlines()) == 1
    assert res.stderr.startswith("aptheory: error:")
    assert "Traceback" not in res.stderr


BAD_PATHS = [
    (["figures", "--out", "{file}", "ranking_gradient"], "--out"),
    (["reproduce", "--out", "{file}"], "--out"),
    (["reproduce", "--out", "/proc/x"], "--out"),
    (["reproduce", "--out", ""], "--out"),
    (["reproduce", "--out", "{missing}/deeper"], "--out"),
    (["audit", "--markdown", "/proc/x/a.md"], "--markdown"),
    (["audit", "--markdown", "{dir}"], "--markdown"),
    (["audit", "--markdown", ""], "--markdown"),
    (["detection", "--quick", "--markdown", "/proc/x/d.md"], "--markdown"),
]


@pytest.mark.parametrize("args, option", BAD_PATHS)
def test_bad_output_paths_fail_before_any_work(tmp_path, capsys, args, option):
    """In-process, so that a path check that came after the work would show in the time."""
    import time

    (tmp_path / "f.txt").write_text("x")
    subs = {"file": str(tmp_path / "f.txt"), "dir": str(tmp_path), "missing": str(tmp_path / "m")}
    argv = [a.format(**subs) for a in args]
    start = time.perf_counter()
    assert cli.main(argv) == 2
    assert time.perf_counter() - start < 2.0
    err = capsys.readouterr().err
    assert err.startswith(f"aptheory: error: {option}") and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.txt"]


def test_version_and_help_text(capsys):
    from importlib.metadata import version

    with pytest.raises(SystemExit) as info:
        cli.main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"aptheory {version('aptheory')}"
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    top = capsys.readouterr().out
    assert "``" not in top and ":func:" not in top
    with pytest.raises(SystemExit):
        cli.main(["audit", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for name in ("ranking", "separable", "smoothed", "inseparable", "consistency"):
        assert name in text
    assert "quick = 60" in text and "thorough = 600" in text


# The audit commands are exercised on Section 4 (consistency): six claims, holding and
# conditional, in under a second. Every section's verdicts are the session audit's job
# (tests/checking/test_registry_claims.py); these tests are about the command line.
CHEAP_SECTION = "consistency"


def test_repeated_sections_are_harmless(capsys):
    argv = ["audit", "--json", "--quiet", "--section", CHEAP_SECTION, "--section", CHEAP_SECTION]
    assert cli.main(argv) == 0
    ids = [r["id"] for r in json.loads(capsys.readouterr().out)]
    assert ids == [c.id for c in registry([CHEAP_SECTION])]


def test_audit_json_lists_the_seeded_claims():
    res = _run("audit", "--json", "--section", CHEAP_SECTION, "--quiet")
    assert res.returncode == 0, res.stderr
    rows = json.loads(res.stdout)
    assert [r["id"] for r in rows] == [c.id for c in registry([CHEAP_SECTION])]
    assert {r["status"] for r in rows} == {"holds", "conditional"}
    for row in rows:
        assert AUDIT_KEYS <= set(row)
        assert row["status"] == row["expected"] and row["twin_refuted"] is True


def test_audit_markdown_is_written(tmp_path, capsys):
    out = tmp_path / "audit.md"
    argv = ["audit", "--section", CHEAP_SECTION, "--markdown", str(out), "--quiet"]
    assert cli.main(argv) == 0
    assert "| eq34-ce-logK |" in out.read_text()
    assert "6 claims, 0 mismatched" in capsys.readouterr().out


def test_figures_list_prints_one_name_a_line(capsys):
    from aptheory.figures import figure_registry

    assert cli.main(["figures", "--list"]) == 0
    assert capsys.readouterr().out.splitlines() == list(figure_registry())


def test_reproduce_writes_audit_and_figures(tmp_path, monkeypatch, capsys):
    """`reproduce` on the cheap section and one figure (the full run is the CLI's job)."""
    import aptheory.figures
    from aptheory.checking import registry as reg

    monkeypatch.setattr(reg, "SECTIONS", {CHEAP_SECTION: reg.SECTIONS[CHEAP_SECTION]})
    monkeypatch.setattr(
        aptheory.figures,
        "FIGURE_SECTIONS",
        {"ranking": aptheory.figures.FIGURE_SECTIONS["ranking"]},
    )
    out = tmp_path / "out"
    assert cli.main(["reproduce", "--out", str(out), "--quiet"]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "audit.json",
        "audit.md",
        "ranking_gradient.png",
    ]
    first = registry([CHEAP_SECTION])[0].id
    assert json.loads((out / "audit.json").read_text())[0]["id"] == first
    assert "wrote 1 figures" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging folder left


def test_interrupted_reproduce_leaves_no_partial_set(tmp_path, monkeypatch, capsys):
    import aptheory.figures

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(aptheory.figures, "make_figures", interrupted)
    from aptheory.checking import registry as reg

    monkeypatch.setattr(reg, "SECTIONS", {CHEAP_SECTION: reg.SECTIONS[CHEAP_SECTION]})
    out = tmp_path / "out"
    assert cli.main(["reproduce", "--out", str(out), "--quiet"]) == 130
    assert list(out.iterdir()) == []  # the audit files were staged, never moved in
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert capsys.readouterr().err.strip().splitlines()[-1] == "aptheory: interrupted"
