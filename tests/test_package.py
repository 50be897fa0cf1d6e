"""The package says what it is: citation, version, licence, authors, URLs and typing marker.

CITATION.cff is checked against the official Citation File Format 1.2.0 JSON schema as shipped
by ``cffconvert`` (the CFF maintainers' own validator; the schema lies inside the installed
package, so the check runs offline).  The remaining tests compare CITATION.cff, pyproject.toml,
the installed distribution's metadata (``importlib.metadata``) and a wheel built from the tree.
"""

import email.parser
import importlib.metadata
import json
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib.resources import files
from pathlib import Path

import jsonschema  # a dependency of cffconvert: its validate() raises jsonschema's errors
import pytest
from cffconvert import Citation

import aptheory

ROOT = Path(__file__).resolve().parents[1]
CFF_TEXT = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

REPO = "https://github.com/aptheory/aptheory"
URLS = {
    "Homepage": REPO,
    "Documentation": f"{REPO}#readme",
    "Source": REPO,
    "Issues": f"{REPO}/issues",
}
AUTHORS = "The aptheory developers"
LICENSE = "BSD-3-Clause"
PAPER_AUTHORS = [
    ("Chen", "Kean"),
    ("Li", "Jianguo"),
    ("Lin", "Weiyao"),
    ("See", "John"),
    ("Wang", "Ji"),
    ("Duan", "Lingyu"),
    ("Chen", "Zhibo"),
    ("He", "Changwei"),
    ("Zou", "Junni"),
]
STALE = "the installed metadata is stale: reinstall with pip install -e '.[test]'"


@pytest.fixture(scope="module")
def citation():
    return Citation(CFF_TEXT, src="CITATION.cff")


# --- (a) CITATION.cff against the official CFF 1.2.0 schema ---------------------------------


def test_the_schema_is_the_official_cff_1_2_0_one():
    schema = json.loads((files("cffconvert") / "schemas" / "1.2.0" / "schema.json").read_text())
    assert schema["$id"] == "https://citation-file-format.github.io/1.2.0/schema.json"


def test_citation_cff_is_valid_cff_1_2_0(citation):
    assert citation.cffversion == "1.2.0"
    citation.validate()  # raises jsonschema.ValidationError on any violation


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("license: BSD-3-Clause", "license: BSD-3"),  # not an SPDX identifier
        ("type: software\n", "type: program\n"),  # neither 'software' nor 'dataset'
        ("    doi: 10.1109/CVPR.2019.00526\n", "    doi: CVPR.2019.00526\n"),  # not a DOI
        ("authors:\n  - name: The aptheory developers\n", ""),  # authors are required
    ],
)
def test_the_validator_is_not_vacuous(old, new):
    """Breaking one field of the real file makes validation fail."""
    assert old in CFF_TEXT
    broken = Citation(CFF_TEXT.replace(old, new, 1))
    with pytest.raises(jsonschema.ValidationError):
        broken.validate()


def test_the_toolkit_is_cited_as_itself_and_the_paper_is_referenced(citation):
    cff = citation.cffobj
    assert cff["type"] == "software"
    assert cff["authors"] == [{"name": AUTHORS}]
    assert cff["license"] == LICENSE == PYPROJECT["license"]
    assert cff["repository-code"] == REPO
    assert "preferred-citation" not in cff
    (paper,) = cff["references"]
    assert paper["type"] == "conference-paper"
    assert paper["title"] == "Towards Accurate One-Stage Object Detection with AP-Loss"
    got = [(a["family-names"], a["given-names"]) for a in paper["authors"]]
    assert got == PAPER_AUTHORS
    assert paper["conference"]["name"].endswith("(CVPR)")
    assert (paper["year"], paper["start"], paper["end"]) == (2019, 5119, 5127)
    assert paper["doi"] == "10.1109/CVPR.2019.00526"
    assert {"type": "other", "value": "arXiv:1904.06373"}.items() <= next(
        i for i in paper["identifiers"] if i["type"] == "other"
    ).items()


# --- (b) one version everywhere ----------------------------------------------------------------


def test_versions_agree(citation):
    cff_version = citation.cffobj["version"]
    assert isinstance(cff_version, str)
    assert cff_version == PYPROJECT["version"], "CITATION.cff and pyproject.toml disagree"
    assert importlib.metadata.version("aptheory") == PYPROJECT["version"], STALE
    assert aptheory.__version__ == PYPROJECT["version"]


# --- (c) the PEP 561 typing marker ------------------------------------------------------------


def test_py_typed_marker_is_there_and_declared_as_package_data():
    marker = ROOT / "aptheory" / "py.typed"
    assert marker.is_file() and marker.stat().st_size == 0
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    assert "py.typed" in tool["setuptools"]["package-data"]["aptheory"]
    assert "Typing :: Typed" in PYPROJECT["classifiers"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """A wheel built (pip, isolated build) from a copy of the tree, so the tree gets no build/."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, src / name)
    shutil.copytree(
        ROOT / "aptheory", src / "aptheory", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    out = tmp_path_factory.mktemp("wheel")
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    (whl,) = out.glob("aptheory-*.whl")
    with zipfile.ZipFile(whl) as z:
        names = set(z.namelist())
        metadata = z.read(f"aptheory-{PYPROJECT['version']}.dist-info/METADATA").decode()
    return names, email.parser.Parser().parsestr(metadata, headersonly=True)


def test_the_wheel_ships_py_typed_and_the_license(wheel):
    names, metadata = wheel
    assert "aptheory/py.typed" in names
    assert f"aptheory-{PYPROJECT['version']}.dist-info/licenses/LICENSE" in names
    assert metadata["License-Expression"] == LICENSE
    assert metadata.get_all("License-File") == ["LICENSE"]


# --- (d) the installed distribution's metadata ------------------------------------------------


def test_installed_metadata_says_licence_authors_and_urls():
    md = importlib.metadata.metadata("aptheory")
    assert md["License-Expression"] == LICENSE, STALE
    assert "LICENSE" in (md.get_all("License-File") or []), STALE
    assert md["Author"] == AUTHORS, STALE
    urls = dict(u.split(", ", 1) for u in md.get_all("Project-URL") or [])
    assert urls == URLS, STALE
    classifiers = md.get_all("Classifier") or []
    assert set(classifiers) == set(PYPROJECT["classifiers"]), STALE
    assert not any(c.startswith("License ::") for c in classifiers)  # PEP 639


def test_license_file_is_bsd_3_clause_for_the_developers():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("BSD 3-Clause License")
    assert "Copyright (c) 2026, the aptheory developers" in text
    assert "Neither the name of the copyright holder nor the names of its" in text
