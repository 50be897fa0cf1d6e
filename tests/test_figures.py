"""Every registered figure regenerates to the committed bytes, with no metadata."""

from pathlib import Path

import pytest

from aptheory.figures import FIGURE_ALIASES, figure_registry, make_figures

NAMES = list(figure_registry())
COMMITTED = Path(__file__).resolve().parents[1] / "figures"


@pytest.fixture(scope="session")
def fresh_figures(tmp_path_factory):
    """Every figure made once in a fresh folder: name -> bytes."""
    out = tmp_path_factory.mktemp("figures")
    return {p.stem: p.read_bytes() for p in make_figures(out)}


@pytest.mark.parametrize("name", NAMES)
def test_figure_regenerates_the_committed_bytes(fresh_figures, name):
    data = fresh_figures[name]
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"Software" not in data and b"Creation" not in data
    assert data == (COMMITTED / f"{name}.png").read_bytes(), (
        f"{name}.png differs from figures/: with the pinned versions of constraints.txt the "
        "bytes must be the same (regenerate with `aptheory figures` if the change is wanted)"
    )


def test_every_committed_figure_has_a_function():
    assert sorted(p.stem for p in COMMITTED.glob("*.png")) == NAMES


def test_names_carry_their_section_and_old_names_still_work(tmp_path):
    sections = {"ranking", "separable", "smoothed", "inseparable", "detection"}
    assert {n.split("_")[0] for n in NAMES} == sections
    assert set(FIGURE_ALIASES.values()) <= set(NAMES)
    (path,) = make_figures(tmp_path, ["convergence_margin", "separable_margin"])
    assert path.name == "separable_margin.png"


def test_unknown_figure_name_is_rejected(tmp_path):
    with pytest.raises(ValueError, match="unknown figure"):
        make_figures(tmp_path, ["nope"])
