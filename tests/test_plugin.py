"""The pytest plugin: `pytest --aptheory` collects claims as items (tested with pytester)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aptheory import pytest_plugin
from aptheory.checking.registry import registry
from aptheory.checking.search import PROFILES

pytest_plugins = ["pytester"]

MINE = Path(__file__).parent / "checking" / "claimsets" / "mine.py"
BASE = ["-p", "no:cacheprovider"]
# Import every section now: in-process pytester runs drop the modules they import, and
# numpy's and scipy's extension modules cannot be imported twice in one process.
BUILT_IN = registry()


@pytest.fixture
def claims_file(pytester):
    """The outside claims of tests/checking/claimsets/mine.py, in the pytester folder."""
    return shutil.copy(MINE, pytester.path / "mine_claims.py")


def test_the_plugin_is_installed_as_a_pytest11_entry_point():
    from importlib.metadata import entry_points

    (ep,) = [e for e in entry_points(group="pytest11") if e.name == "aptheory"]
    assert ep.value == "aptheory.pytest_plugin"
    assert pytest_plugin._DEFAULT_EXAMPLES == PROFILES["quick"]


def test_outside_claims_pass_and_fail_as_items(pytester, claims_file):
    res = pytester.runpytest(*BASE, "--aptheory", "--aptheory-claims", claims_file, "-k", "mine")
    res.assert_outcomes(passed=3, failed=1, deselected=len(BUILT_IN))
    res.stdout.fnmatch_lines(
        [
            "*_ claim mine-weak-twin _*",
            "mine-weak-twin (D): NOT ok: the twin survived: the strategy is too weak*",
            "  statement:      x <= 10",
            "  status:         holds (expected holds)",
            "  counterexample: none found",
            "  twin:           SURVIVED - x <= 20 (a change the strategy cannot see)",
            "expected: status holds and the twin refuted",
            "FAILED aptheory::mine::mine-weak-twin - *",
        ]
    )


def test_a_failing_claim_shows_statement_counterexample_and_expectation(pytester):
    f = pytester.path / "wrong_claims.py"
    text = MINE.read_text().replace('expected="fails"', 'expected="holds"')
    f.write_text(text)
    res = pytester.runpytest(*BASE, "--aptheory", "--aptheory-claims", f, "-k", "mine-false")
    res.assert_outcomes(failed=1, deselected=len(BUILT_IN) + 3)
    res.stdout.fnmatch_lines(
        [
            "mine-false (B): NOT ok: status fails, expected holds",
            "  statement:      x^2 <= 10 x",
            "  counterexample: example 11: lhs 121 > rhs 110",
            f"  defined at:     {f.resolve()}:*",
            "expected: status holds and the twin refuted",
        ]
    )


def test_items_are_named_by_id_under_their_section_and_marked(pytester, claims_file):
    res = pytester.runpytest(
        *BASE, "--aptheory", "--aptheory-claims", claims_file, "--collect-only", "-q"
    )
    ids = [c.id for c in BUILT_IN]
    lines = [ln for ln in res.stdout.lines if ln.startswith("aptheory::")]
    assert lines[: len(ids)] == [f"aptheory::{c.section}::{c.id}" for c in BUILT_IN]
    assert lines[len(ids) :] == [
        "aptheory::mine::" + i for i in ["mine-am-gm", "mine-false", "mine-cond", "mine-weak-twin"]
    ]
    marked = pytester.runpytest(
        *BASE, "--aptheory", "--aptheory-claims", claims_file, "-m", "aptheory", "--co", "-q"
    )
    marked.stdout.fnmatch_lines([f"{len(ids) + 4} tests collected*"])


def test_section_option_keeps_only_the_named_sets(pytester, claims_file):
    res = pytester.runpytest(
        *BASE, "--aptheory", "--aptheory-claims", claims_file, "--aptheory-section", "mine", "--co"
    )
    res.stdout.fnmatch_lines(["collected 4 items*"])
    res = pytester.runpytest(*BASE, "--aptheory", "--aptheory-section", "ranking", "--co", "-q")
    res.stdout.fnmatch_lines([f"{len(registry(['ranking']))} tests collected*"])


def test_examples_option_sets_the_search_size(pytester, claims_file):
    res = pytester.runpytest(
        *BASE,
        *["--aptheory", "--aptheory-claims", claims_file, "-k", "mine-am-gm or mine-cond"],
        *["--aptheory-examples", "7", "-rA", "-o", "junit_family=xunit1"],
        f"--junitxml={pytester.path / 'out.xml'}",
    )
    res.assert_outcomes(passed=2, deselected=len(BUILT_IN) + 2)
    xml = (pytester.path / "out.xml").read_text()
    assert 'name="status" value="holds"' in xml and 'value="conditional"' in xml


def test_without_the_flag_the_plugin_collects_nothing(pytester, claims_file):
    pytester.makepyfile(test_plain="def test_one():\n    assert True\n")
    res = pytester.runpytest(*BASE)
    res.assert_outcomes(passed=1)
    assert "aptheory::" not in res.stdout.str()
    res = pytester.runpytest(*BASE, "--co", "-q")
    res.stdout.fnmatch_lines(["1 test collected*"])


@pytest.mark.parametrize(
    "args, message",
    [
        (["--aptheory-claims", "x.py"], "--aptheory-claims needs --aptheory"),
        (["--aptheory-examples", "5"], "--aptheory-examples needs --aptheory"),
        (["--aptheory-section", "ranking"], "--aptheory-section needs --aptheory"),
        (["--aptheory", "--aptheory-section", "nope"], "aptheory: unknown claim section*"),
        (["--aptheory", "--aptheory-examples", "0"], "--aptheory-examples must be >= 1"),
        (["--aptheory", "--aptheory-claims", "missing.py"], "aptheory: claim file*not exist*"),
    ],
)
def test_usage_errors(pytester, args, message):
    res = pytester.runpytest(*BASE, *args)
    assert res.ret == pytest.ExitCode.USAGE_ERROR
    res.stderr.fnmatch_lines([f"*{message}*"])


def test_the_plugin_can_be_disabled(pytester):
    res = pytester.runpytest(*BASE, "-p", "no:aptheory", "--aptheory")
    assert res.ret == pytest.ExitCode.USAGE_ERROR
    res.stderr.fnmatch_lines(["*unrecognized arguments: --aptheory*"])


def test_importing_the_plugin_imports_nothing_heavy():
    code = (
        "import sys, aptheory.pytest_plugin\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in "
        "('numpy', 'hypothesis', 'scipy', 'sympy', 'matplotlib') or "
        "m.startswith('aptheory.checking')]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_plugin_run_leaves_nothing_in_the_current_directory(tmp_path, monkeypatch):
    work, cache = tmp_path / "work", tmp_path / "cache"
    work.mkdir()
    shutil.copy(MINE, work / "mine_claims.py")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.delenv("HYPOTHESIS_STORAGE_DIRECTORY", raising=False)
    select = "mine-am-gm or eq14-lower-bound"
    args = [*BASE, "--aptheory", "--aptheory-claims", "mine_claims.py", "-k", select, "-q"]
    res = subprocess.run(
        [sys.executable, "-m", "pytest", *args], cwd=work, capture_output=True, text=True
    )
    assert res.returncode == 0, res.stdout
    assert "2 passed" in res.stdout
    assert [p.name for p in work.iterdir()] == ["mine_claims.py"]
    assert (cache / "aptheory" / "hypothesis").is_dir()
