"""Results that read well (repr, to_text, the documented renderers) and no litter in ./."""

import doctest
import json
import os
from pathlib import Path

import pytest
from hypothesis import configuration
from hypothesis import strategies as st

import aptheory.checking.audit
import aptheory.checking.claim
import aptheory.checking.judge
import aptheory.checking.registry
import aptheory.checking.search
from aptheory.checking import Claim, run_claim
from aptheory.checking.audit import AuditReport, render_json, render_markdown, render_text
from aptheory.checking.registry import registry
from aptheory.checking.search import isolated_storage, storage_folder


def test_claim_result_repr_is_one_short_line(toy_claim):
    r = run_claim(toy_claim(id="t-read"), 30)
    text = repr(r)
    assert "\n" not in text and len(text) < 120
    assert text == (
        "ClaimResult('t-read', holds, expected holds, 11 examples, tightness 1, twin refuted: ok)"
    )
    bad = run_claim(toy_claim(id="t-read", twin=lambda x: (x, 100)), 30)
    assert repr(bad).endswith("twin SURVIVED: NOT ok)")


def test_to_text_of_a_failing_claim_shows_the_shrunk_counterexample_and_expectation(toy_claim):
    r = run_claim(toy_claim(id="t-read", check=lambda x: (x, 3), note="found by the test"), 50)
    lines = r.to_text().splitlines()
    assert lines[0] == "t-read (0): NOT ok: status fails, expected holds"
    text = r.to_text()
    assert "counterexample: example 4: lhs 4 > rhs 3" in text
    assert "status:         fails (expected holds)" in text
    assert "note:           found by the test" in text
    assert "twin:           refuted - x <= 5" in text
    assert f"defined at:     {r.source}" in text


def test_to_text_of_a_conditional_claim_and_of_a_surviving_twin(toy_claim):
    cond = toy_claim(
        id="t-read",
        condition="x <= 10",
        unconditioned=lambda: st.integers(0, 100),
        expected="conditional",
    )
    text = run_claim(cond, 50).to_text()
    assert text.startswith("t-read (0): ok\n")
    assert "without cond.:  example 11: lhs 11 > rhs 10" in text
    assert "condition:      x <= 10" in text
    weak = run_claim(toy_claim(id="t-read", twin=lambda x: (x, 100), twin_statement="x <= 100"), 30)
    assert "the twin survived: the strategy is too weak" in weak.to_text()
    assert "twin:           SURVIVED - x <= 100\n" in weak.to_text()


def test_claim_repr_and_to_text_show_every_field_a_checker_needs(toy_claim):
    c = toy_claim(
        id="t-read",
        check=lambda x: (x, 10),  # check and twin defined here, so recorded here
        twin=lambda x: (x, 5),
        exact=False,
        tolerance=1e-9,
        tolerance_reason="sums of 10 floats",
        condition="x >= 0",
        unconditioned=lambda: st.integers(-5, 10),
        expected="conditional",
        note="a note",
        min_examples=80,
        section="demo",
    )
    assert repr(c) == "Claim('t-read', (0), expected conditional, tolerance 1e-09)"
    text = c.to_text()
    for piece in [
        "t-read: equation (0), section demo",
        "statement:  x <= 10",
        "kind:       inequality, lhs <= rhs",
        "condition:  x >= 0 (also searched with it dropped",
        "expected:   conditional",
        "exactness:  float64",
        "tolerance:  1e-09 (relative) - sums of 10 floats",
        "twin:       x <= 5",
        f"twin at:    {c.twin_source}",
        "note:       a note",
        "examples:   at least 80",
        f"defined at: {c.source}",
    ]:
        assert piece in text, piece
    assert c.twin_source.split(":")[0].endswith("test_results_read_well.py")


def test_renderers_on_a_small_report(toy_claim):
    results = (
        run_claim(toy_claim(id="t-read"), 20),
        run_claim(toy_claim(id="t-bad", check=lambda x: (x, 3)), 20),
    )
    report = AuditReport("quick", results)
    assert not report.ok and [r.id for r in report.failures] == ["t-bad"]
    table = render_text(report).splitlines()
    assert table[0].split() == [
        "id", "eq.", "status", "expected", "n", "tightness", "max", "gap", "twin", "verdict",
    ]  # fmt: skip
    assert table[2].split()[-1] == "MISMATCH"
    assert table[-1] == "2 claims, 1 mismatched or with a surviving twin (profile quick)"
    md = render_markdown(report)
    assert md.startswith("# Proof audit (profile `quick`)\n")
    assert '- counterexample (fails): `{"example": 4, "lhs": 4, "rhs": 3}`' in md
    rows = json.loads(render_json(report))
    assert [r["id"] for r in rows] == ["t-read", "t-bad"]
    assert "section" not in rows[0] and "source" not in rows[0]  # the JSON keys are unchanged


@pytest.mark.parametrize(
    "module",
    [
        aptheory.checking.claim,
        aptheory.checking.search,
        aptheory.checking.registry,
        aptheory.checking.audit,
        aptheory.checking.judge,
    ],
)
def test_docstring_examples_run(module, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    failed, attempted = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert attempted > 0 and failed == 0
    assert list(tmp_path.iterdir()) == []


def test_public_api_is_documented_with_examples():
    for obj in [
        AuditReport,
        render_text,
        render_markdown,
        render_json,
        aptheory.checking.audit.run_audit,
        run_claim,
        aptheory.checking.search.ClaimResult,
        aptheory.checking.search.ClaimResult.to_text,
        Claim.to_text,
    ]:
        assert "Examples" in (obj.__doc__ or ""), obj


# ------------------------------------------------------------------------------- no litter


def _home():
    return getattr(configuration, "__hypothesis_home_directory")


def test_isolated_storage_points_hypothesis_elsewhere_and_restores_it(monkeypatch, tmp_path):
    monkeypatch.delenv("HYPOTHESIS_STORAGE_DIRECTORY", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    before = _home()
    with isolated_storage() as folder:
        assert folder == tmp_path / "cache" / "aptheory" / "hypothesis" == storage_folder()
        assert configuration.storage_directory("x").path == folder / "x"
        with isolated_storage() as inner:  # nesting keeps the outer choice
            assert inner == folder
    assert _home() == before


def test_isolated_storage_respects_the_users_choice(monkeypatch, tmp_path):
    monkeypatch.setenv("HYPOTHESIS_STORAGE_DIRECTORY", str(tmp_path / "mine"))
    with isolated_storage() as folder:
        assert folder is None
    monkeypatch.delenv("HYPOTHESIS_STORAGE_DIRECTORY")
    before = _home()
    configuration.set_hypothesis_home_dir(tmp_path / "chosen")
    try:
        with isolated_storage() as folder:
            assert folder == tmp_path / "chosen"
            assert configuration.storage_directory("y").path == tmp_path / "chosen" / "y"
    finally:
        monkeypatch.setattr(configuration, "__hypothesis_home_directory", before)


def test_storage_folder_falls_back_to_a_temporary_folder(monkeypatch, tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    folder = storage_folder()
    assert folder.is_dir() and os.access(folder, os.W_OK)
    assert not str(folder).startswith(str(blocked))


def test_running_a_claim_leaves_nothing_in_the_current_directory(toy_claim, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path.parent / f"{tmp_path.name}-cache"))
    text = toy_claim(
        id="t-read",
        strategy=lambda: st.text(max_size=3),
        check=lambda s: (len(s), 3),
        twin=lambda s: (len(s), 1),
    )
    assert run_claim(text, 20).status == "holds"
    assert run_claim(registry(["ranking"])[0], 5).ok
    assert list(Path.cwd().iterdir()) == []


# ------------------------------------------------------------------------- same draws


_CONSTANT_CLAIM = """
from hypothesis import strategies as st
from aptheory.checking import EXACT, ClaimSet
CLAIMS = ClaimSet("consts")
RARE = {{987_654 + 7 * k for k in range(1, 201)}}  # 200 of a million values
{extra}
@CLAIMS.claim("consts", "(0)", "x is not rare", strategy=lambda: st.integers(0, 10**6), tol=EXACT)
def not_rare(x):
    return int(x in RARE), 0
not_rare.twin("x <= 10")(lambda x: (x, 10))
"""


def test_the_draws_do_not_depend_on_constants_in_local_files(tmp_path):
    from hypothesis.internal.conjecture import providers

    from aptheory.checking.registry import claims_from

    plain, noisy = tmp_path / "plain.py", tmp_path / "noisy.py"
    plain.write_text(_CONSTANT_CLAIM.format(extra=""))
    literals = ", ".join(str(987_654 + 7 * k) for k in range(1, 201))
    noisy.write_text(_CONSTANT_CLAIM.format(extra=f"LITERALS = ({literals},)"))
    original = providers._get_local_constants
    (a,), (b,) = claims_from(plain), claims_from(noisy)
    ra, rb = run_claim(a, 300), run_claim(b, 300)
    # hypothesis would draw the noisy file's literals (and break the claim); the search does not
    assert ra.status == rb.status == "holds"
    assert ra.as_dict() == rb.as_dict()
    assert providers._get_local_constants is original  # the user's hypothesis is untouched
