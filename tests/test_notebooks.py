"""Every notebook, executed once per session: it runs, it shows its plots, and it teaches.

Each notebook of ``notebooks/`` is executed at most once per test session (by
:func:`aptheory.book.execute_notebook`, with nbclient, the runner nbmake uses, and a probe
that counts the matplotlib figures each cell creates); the tests below read that one
execution. The conventions they check are those of :mod:`aptheory.book`: the opening cell
(title, two to four objectives, the equations covered), a prediction cell, two or three
exercises each followed by a solution cell that checks its answer with ``assert``. The time
of each notebook is printed at the end of the session (measured, not asserted: the budget is
10 s on 2 idle cores).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

from aptheory.book import (
    EXERCISE_TAG,
    OBJECTIVES_TAG,
    PREDICT_TAG,
    SOLUTION_TAG,
    NotebookError,
    execute_notebook,
    notebook_paths,
    outline,
)

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = notebook_paths(NOTEBOOK_DIR)
NAMES = [p.stem for p in NOTEBOOKS]
IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml")
# a status line that reads as a failure: "ok False", "twin refuted False", "refuted: False"
FAILING_STATUS = re.compile(r"\b(ok|refuted)\b\s*[:=]?\s*False\b")


@pytest.fixture(scope="session")
def executed(request):
    """name -> ExecutedNotebook (or the NotebookError it raised), each executed on first use."""
    done: dict = {}
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")

    def get(name: str):
        if name not in done:
            try:
                done[name] = execute_notebook(NOTEBOOK_DIR / f"{name}.ipynb", count_figures=True)
            except NotebookError as exc:
                done[name] = exc
        return done[name]

    yield get
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None or not done:
        return
    with capture.global_and_fixture_disabled():  # teardown output is captured otherwise
        reporter.write_line("")
        reporter.write_sep("-", "notebook execution times (budget: 10 s each on 2 idle cores)")
        for name, result in done.items():
            seconds = "failed" if isinstance(result, Exception) else f"{result.seconds:.1f} s"
            reporter.write_line(f"{name:28s} {seconds}")


def _run(executed, name: str):
    result = executed(name)
    if isinstance(result, Exception):
        pytest.fail(f"{name} did not run: {result}", pytrace=False)
    return result


def _text(cell) -> str:
    return "".join(cell.source) if isinstance(cell.source, list) else cell.source


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _output_texts(cell):
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            yield out.get("text", "")
        for mime in ("text/plain", "text/markdown", "text/html"):
            if mime in out.get("data", {}):
                yield out["data"][mime]


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_committed_without_outputs(name):
    nb = nbformat.read(NOTEBOOK_DIR / f"{name}.ipynb", as_version=4)
    with_outputs = [k for k, c in enumerate(nb.cells) if c.cell_type == "code" and c.outputs]
    counted = [k for k, c in enumerate(nb.cells) if c.get("execution_count") is not None]
    assert not with_outputs and not counted, f"cells {with_outputs or counted} keep outputs"


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_top_to_bottom(executed, name):
    result = _run(executed, name)
    code = [c for c in result.notebook.cells if c.cell_type == "code"]
    assert code and all(c.execution_count is not None for c in code)


@pytest.mark.parametrize("name", NAMES)
def test_every_cell_that_draws_shows_an_image(executed, name):
    result = _run(executed, name)
    missing = [
        k
        for k in result.figures
        if not any(
            mime in out.get("data", {})
            for out in result.notebook.cells[k].outputs
            for mime in IMAGE_TYPES
        )
    ]
    assert not missing, f"cells {missing} create a matplotlib figure but show no image"
    reprs = [
        k
        for k, cell in enumerate(result.notebook.cells)
        if any(t.lstrip().startswith("<Figure size") for t in _output_texts(cell))
    ]
    assert not reprs, f"cells {reprs} print a figure's repr instead of drawing it"


@pytest.mark.parametrize("name", NAMES)
def test_notebook_opens_with_objectives_and_equations(name):
    nb = nbformat.read(NOTEBOOK_DIR / f"{name}.ipynb", as_version=4)
    head = outline(nb)
    assert OBJECTIVES_TAG in _tags(nb.cells[0]), "the first cell must be tagged 'objectives'"
    assert head.title, "the first cell needs a '# title' line"
    assert 2 <= len(head.objectives) <= 4, (
        f"'What you will learn' lists {len(head.objectives)} objectives, not 2 to 4"
    )
    assert head.equations, "the first cell needs a line starting '**Equations'"


@pytest.mark.parametrize("name", NAMES)
def test_notebook_asks_for_a_prediction_before_running(name):
    cells = nbformat.read(NOTEBOOK_DIR / f"{name}.ipynb", as_version=4).cells
    found = [
        k
        for k, c in enumerate(cells)
        if c.cell_type == "markdown"
        and PREDICT_TAG in _tags(c)
        and "predict" in _text(c).lower()
        and k + 1 < len(cells)
        and cells[k + 1].cell_type == "code"
    ]
    assert found, "no markdown cell tagged 'predict' followed by the code cell that answers it"


def _asserts(source: str) -> int:
    tree = ast.parse(source)
    return sum(isinstance(node, ast.Assert) for node in ast.walk(tree))


@pytest.mark.parametrize("name", NAMES)
def test_exercises_have_solutions_that_check_their_answer(executed, name):
    result = _run(executed, name)
    cells = result.notebook.cells
    exercises = [k for k, c in enumerate(cells) if EXERCISE_TAG in _tags(c)]
    assert 2 <= len(exercises) <= 3, f"{len(exercises)} exercises, not 2 or 3"
    for k in exercises:
        assert cells[k].cell_type == "markdown"
        assert _text(cells[k]).lstrip().startswith("### Exercise"), f"cell {k}: '### Exercise'"
        assert k + 1 < len(cells), f"exercise cell {k} is the last cell"
        solution = cells[k + 1]
        assert solution.cell_type == "code" and SOLUTION_TAG in _tags(solution), (
            f"exercise cell {k} is not followed by a code cell tagged 'solution'"
        )
        assert _asserts(_text(solution)) >= 1, f"the solution of cell {k} asserts nothing"
        assert solution.execution_count is not None and solution.outputs, (
            f"the solution of cell {k} did not run or shows nothing"
        )
    solutions = [k for k, c in enumerate(cells) if SOLUTION_TAG in _tags(c)]
    assert solutions == [k + 1 for k in exercises], "every solution cell follows an exercise"


@pytest.mark.parametrize("name", NAMES)
def test_outputs_are_not_raw_object_dumps(executed, name):
    result = _run(executed, name)
    bare = []
    for k, cell in enumerate(result.notebook.cells):
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if out.get("output_type") == "execute_result" and set(data) <= {"text/plain"}:
                bare.append(k)
        if any(re.search(r"object at 0x[0-9a-f]+", t) for t in _output_texts(cell)):
            bare.append(k)
    assert not bare, f"cells {sorted(set(bare))} show a bare repr (use a table or a sentence)"


@pytest.mark.parametrize("name", NAMES)
def test_no_output_prints_a_failing_looking_status(executed, name):
    result = _run(executed, name)
    hits = [
        (k, m.group(0))
        for k, cell in enumerate(result.notebook.cells)
        for text in _output_texts(cell)
        for m in FAILING_STATUS.finditer(text)
    ]
    assert not hits, f"outputs that read as failures: {hits}"
