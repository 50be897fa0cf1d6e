"""Outside claim sets: loading files and modules, entry points, selection by id, the audit."""

import pickle
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import strategies as st

from aptheory.checking import EXACT, ClaimSet
from aptheory.checking.audit import render_json, render_markdown, render_text, run_audit
from aptheory.checking.registry import (
    ENTRY_POINT_GROUP,
    ClaimSetError,
    claims_from,
    collect_claims,
    installed_claim_sets,
    load_claim_module,
    registry,
    select_claims,
)

DATA = Path(__file__).parent / "claimsets"
MINE = DATA / "mine.py"
MINE_IDS = ["mine-am-gm", "mine-false", "mine-cond", "mine-weak-twin"]


# ------------------------------------------------------------------------------ loading


def test_a_file_in_the_registration_form_is_a_claim_set():
    found = claims_from(str(MINE))
    assert [c.id for c in found] == MINE_IDS
    assert {c.section for c in found} == {"mine"}  # the ClaimSet's name
    assert all(c.source.startswith(str(MINE.resolve())) for c in found)


def test_a_file_with_claims_function_uses_its_stem_as_section():
    (c,) = claims_from(DATA / "claims_fn.py")  # a PathLike works too
    assert c.id == "fn-square" and c.section == "claims_fn"


def test_an_importable_module_name_is_a_claim_set(tmp_path, monkeypatch):
    pkg = tmp_path / "outsidepkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    shutil.copy(DATA / "claims_fn.py", pkg / "claims.py")
    monkeypatch.syspath_prepend(str(tmp_path))
    (c,) = claims_from("outsidepkg.claims")
    assert c.id == "fn-square" and c.section == "outsidepkg.claims"
    assert not list(tmp_path.rglob("__pycache__"))  # no bytecode written


def test_loading_a_file_writes_no_bytecode_and_can_import_neighbours(tmp_path):
    (tmp_path / "helper_values.py").write_text("LIMIT = 10\n")
    f = tmp_path / "uses_helper.py"
    f.write_text(
        textwrap.dedent(
            """
            from hypothesis import strategies as st
            from helper_values import LIMIT
            from aptheory.checking import EXACT, ClaimSet
            CLAIMS = ClaimSet("helped")
            @CLAIMS.claim("helped", "(0)", "x <= LIMIT", strategy=lambda: st.integers(0, LIMIT),
                          tol=EXACT)
            def helped(x):
                return x, LIMIT
            helped.twin("x <= LIMIT - 1")(lambda x: (x, LIMIT - 1))
            """
        )
    )
    module = load_claim_module(f)
    assert module.__name__ in sys.modules  # so that its classes pickle
    assert str(tmp_path) not in sys.path  # the folder was on sys.path only while loading
    assert sorted(p.name for p in tmp_path.iterdir()) == ["helper_values.py", "uses_helper.py"]


@pytest.mark.parametrize(
    "text, match",
    [
        ("x = 1\n", "not a claim set"),
        ("def claims():\n    return [1]\n", "must give Claim objects"),
        ("def broken(:\n", "SyntaxError"),
        ("raise RuntimeError('boom')\n", "RuntimeError: boom"),
        ("import no_such_module_xyz\n", "no_such_module_xyz"),
    ],
)
def test_a_bad_claim_file_is_one_clear_error(tmp_path, text, match):
    f = tmp_path / "bad.py"
    f.write_text(text)
    with pytest.raises(ValueError, match=match):
        claims_from(str(f))


def test_missing_files_and_modules_are_named(tmp_path):
    with pytest.raises(ClaimSetError, match="does not exist"):
        load_claim_module(str(tmp_path / "nope.py"))
    with pytest.raises(ClaimSetError, match="no module named 'no_such_pkg_xyz'.*\\.py"):
        load_claim_module("no_such_pkg_xyz.claims")
    (tmp_path / "notes.txt").write_text("")
    with pytest.raises(ClaimSetError, match="ending in .py"):
        load_claim_module(str(tmp_path / "notes.txt"))
    with pytest.raises(ClaimSetError, match="module name or a .py file"):
        load_claim_module("")


def test_claims_from_accepts_claims_sets_drafts_and_functions(toy_claim):
    lone = toy_claim(id="t-outside")
    assert claims_from(lone)[0].section == "outside"
    cs = ClaimSet("tiny")
    draft = cs.claim("tiny-1", "(0)", "x <= 1", strategy=lambda: st.just(0), tol=EXACT)(
        lambda x: (x, 1)
    )
    draft.twin("x <= -1")(lambda x: (x, -1))
    assert [c.section for c in claims_from(cs)] == ["tiny"]
    assert claims_from(draft)[0].id == "tiny-1"
    assert claims_from(lambda: [lone], section="fn")[0].section == "fn"
    with pytest.raises(ClaimSetError, match="claim source"):
        claims_from(42)
    with pytest.raises(ClaimSetError, match="raised ZeroDivisionError"):
        claims_from(lambda: [1 / 0])


# ------------------------------------------------------------------------------ collecting


def test_collect_adds_outside_claims_after_the_built_in_ones():
    built_in = [c.id for c in registry()]
    ids = [c.id for c in collect_claims(claims=[str(MINE)], installed=False)]
    assert ids == built_in + MINE_IDS
    only = collect_claims([], claims=[str(MINE), str(MINE)], installed=False)  # repeat: once
    assert [c.id for c in only] == MINE_IDS


def test_an_outside_claim_may_not_reuse_a_built_in_id(toy_claim):
    clash = toy_claim(id="eq3-row-sum")
    with pytest.raises(ValueError, match="duplicate claim ids: \\['eq3-row-sum'\\]"):
        collect_claims(["ranking"], claims=[clash], installed=False)


def test_select_by_id_keeps_the_order_given_and_suggests_close_ids():
    claims = collect_claims([], claims=[str(MINE)], installed=False)
    picked = select_claims(claims, ["mine-cond", "mine-am-gm", "mine-cond"])
    assert [c.id for c in picked] == ["mine-cond", "mine-am-gm"]
    with pytest.raises(ValueError, match="unknown claim id 'mine-fals'; did you mean mine-false"):
        select_claims(claims, ["mine-fals"])
    with pytest.raises(TypeError, match="not a string"):
        select_claims(claims, "mine-cond")


def test_naming_an_outside_set_as_section_keeps_only_it_and_imports_no_built_in_set():
    assert [c.id for c in collect_claims(["mine"], claims=[MINE], installed=False)] == MINE_IDS
    both = collect_claims(["ranking", "mine"], claims=[MINE], installed=False)
    assert [c.section for c in both] == ["ranking"] * len(registry(["ranking"])) + ["mine"] * 4
    code = (
        "import sys\n"
        "from aptheory.checking.registry import collect_claims\n"
        f"found = collect_claims(['mine'], claims=[{str(MINE)!r}])\n"
        "print(len(found), [m for m in sys.modules if m.startswith('aptheory.sections')])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "4 []"


def test_unknown_sections_list_the_known_ones():
    with pytest.raises(ValueError, match="unknown claim section.*known: ranking"):
        collect_claims(["nope"], installed=False)
    with pytest.raises(ValueError, match="known: ranking, .*consistency, mine"):
        collect_claims(["nope"], claims=[MINE], installed=False)


# ------------------------------------------------------------------------------ entry points


def _install_fake_distribution(root: Path, name: str, value: str) -> None:
    dist = root / "fake_claimsets-0.1.dist-info"
    dist.mkdir(exist_ok=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: fake-claimsets\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\n{name} = {value}\n")


def test_installed_claim_sets_join_through_the_entry_point_group(tmp_path, monkeypatch):
    shutil.copy(MINE, tmp_path / "fake_claimset_mod.py")
    _install_fake_distribution(tmp_path, "fakeset", "fake_claimset_mod")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert "fakeset" in installed_claim_sets()
    everything = [c.id for c in collect_claims()]
    assert everything[-4:] == MINE_IDS
    chosen = collect_claims(["fakeset"])  # an installed set is a section name too
    assert [c.id for c in chosen] == MINE_IDS
    with pytest.raises(ValueError, match="unknown claim section"):
        collect_claims(["fakeset"], installed=False)  # not installed: not a section
    report = run_audit(sections=["fakeset"], ids=["mine-am-gm"], installed=True, examples=10)
    assert report.ok


def test_an_installed_set_may_point_at_a_claimset_object(tmp_path, monkeypatch):
    shutil.copy(MINE, tmp_path / "fake_claimset_obj.py")
    _install_fake_distribution(tmp_path, "objset", "fake_claimset_obj:CLAIMS")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert [c.id for c in collect_claims(["objset"])] == MINE_IDS


def test_broken_or_clashing_installed_sets_are_errors(tmp_path, monkeypatch):
    _install_fake_distribution(tmp_path, "brokenset", "no_such_module_for_entry_point")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ClaimSetError, match="cannot load installed claim set 'brokenset'"):
        collect_claims(["brokenset"])
    _install_fake_distribution(tmp_path, "ranking", "no_such_module_for_entry_point")
    with pytest.raises(ClaimSetError, match="reuse a built-in section name"):
        collect_claims()


# ------------------------------------------------------------------------------ the audit


def test_audit_of_outside_claims_by_id_with_an_example_count():
    report = run_audit(
        sections=[], claims=[str(MINE)], ids=["mine-false", "mine-am-gm"], examples=25
    )
    assert [r.id for r in report.results] == ["mine-false", "mine-am-gm"]
    assert report.ok and report.examples == 25
    assert report.by_id["mine-false"].counterexample == {"example": 11, "lhs": 121, "rhs": 110}
    assert report.results[1].examples == 25
    assert "(25 examples per claim)" in render_text(report).splitlines()[-1]
    assert render_markdown(report).startswith("# Proof audit (25 examples per claim)")
    assert '"id": "mine-false"' in render_json(report)


def test_audit_reports_a_surviving_twin_and_the_failures():
    report = run_audit(sections=[], claims=[str(MINE)], examples=30)
    assert not report.ok
    assert [r.id for r in report.failures] == ["mine-weak-twin"]
    assert "SURVIVED" in render_text(report)


def test_audit_is_the_same_for_any_number_of_jobs_with_outside_claims():
    sources = [str(MINE), str(DATA / "claims_fn.py"), str(DATA / "unpicklable.py")]
    ids = ["eq14-lower-bound", "mine-am-gm", "mine-cond", "fn-square", "odd-example", "mine-false"]
    one = run_audit(claims=sources, ids=ids, jobs=1, examples=30)
    two = run_audit(claims=sources, ids=ids, jobs=2, examples=30)
    assert [r.id for r in two.results] == ids
    picklable = [k for k, i in enumerate(ids) if i != "odd-example"]
    assert [one.results[k].as_dict() for k in picklable] == [
        two.results[k].as_dict() for k in picklable
    ]
    # its result holds a function and does not pickle: it was searched again in the parent
    odd1, odd2 = one.by_id["odd-example"], two.by_id["odd-example"]
    assert odd2.ok and odd2.counterexample is None
    with pytest.raises((pickle.PicklingError, AttributeError, TypeError)):
        pickle.dumps(odd2)  # so the worker could not have sent it back
    assert (odd1.examples, odd1.tightness, odd1.twin_counterexample["example"][0]) == (
        odd2.examples,
        odd2.tightness,
        odd2.twin_counterexample["example"][0],
    )


def test_run_audit_validates_its_new_arguments():
    with pytest.raises(ValueError, match="examples must be >= 1"):
        run_audit(examples=0, sections=[])
    with pytest.raises(TypeError, match="installed must be a bool"):
        run_audit(installed="yes", sections=[])
    with pytest.raises(ValueError, match="unknown claim id"):
        run_audit(ids=["no-such-claim"], sections=["ranking"])
