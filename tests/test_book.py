"""The course book (``aptheory book``) and the teaching helpers of :mod:`aptheory.book`.

The book machinery is tested on two tiny notebooks built here (a kernel start each), so that
these tests stay fast; the real book is built and checked in a browser by ``.ci/run``
(``tools/check_book.py``). The browser test below runs when Chromium and Playwright are
installed and is skipped otherwise.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import nbformat
import pytest

from aptheory import book
from aptheory.cli import main

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")

FIRST = """\
# 01 · A tiny page

Some prose with inline mathematics $x_{ij} = s_j - s_i$.

### What you will learn

1. that $\\mathcal{L}_{AP} = 1 - \\mathrm{AP}$;
2. to read a figure
   that spans two lines.

**Equations covered:** (3),
(17).

Notation.
"""


def _tiny_notebooks(folder: Path) -> Path:
    folder.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.cells = [
        nbformat.v4.new_markdown_cell(FIRST, metadata={"tags": ["objectives"]}),
        nbformat.v4.new_code_cell(
            "from matplotlib.figure import Figure\n"
            "from aptheory.book import explore, markdown_table, show\n"
            "fig = Figure(figsize=(3, 2))\n"
            "fig.add_subplot().plot([0, 1], [1, 0])\n"
            "show(fig)"
        ),
        nbformat.v4.new_markdown_cell("$$\\sum_j L_{ij} = 1 - p_i$$"),
        nbformat.v4.new_code_cell(
            "explore(lambda ax, v: ax.plot([0, v]), [1, 2, 3], label='v')\n"
            "markdown_table(['a', 'b'], [(1, '$x^2$')])"
        ),
        nbformat.v4.new_markdown_cell("### Exercise 1\n\nWhy?", metadata={"tags": ["exercise"]}),
        nbformat.v4.new_code_cell(
            "assert 1 + 1 == 2\nprint('ok')", metadata={"tags": ["solution"]}
        ),
    ]
    nbformat.write(nb, folder / "01_tiny.ipynb")
    other = nbformat.v4.new_notebook()
    other.metadata["kernelspec"] = nb.metadata["kernelspec"]
    other.cells = [
        nbformat.v4.new_markdown_cell("# 02 · Second\n\n### What you will learn\n\n- a\n- b"),
        nbformat.v4.new_code_cell("print('second')"),
    ]
    nbformat.write(other, folder / "02_second.ipynb")
    (folder / "notes.ipynb").write_text("not a numbered notebook: ignored")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The book of the two tiny notebooks: (report, output folder, notebooks folder)."""
    root = tmp_path_factory.mktemp("book")
    notebooks = _tiny_notebooks(root / "nbs")
    report = book.build_book(root / "out", notebooks, jobs=2)
    return report, root / "out", notebooks


# ------------------------------------------------------------------------- teaching helpers


def test_markdown_table_escapes_pipes_and_checks_widths():
    table = book.markdown_table(["a", "b"], [(1, "x | y")])
    assert table.data.splitlines() == ["| a | b |", "|---|---|", "| 1 | x \\| y |"]
    # an escaped pipe (the norm $\|x\|$) is kept, not escaped twice into "\\|", which would
    # end the cell at the pipe and break the row
    norm = book.markdown_table(["a", "b"], [("$\\|x\\|$", "p | q")])
    assert norm.data.splitlines()[2] == "| $\\|x\\|$ | p \\| q |"
    with pytest.raises(ValueError, match=r"rows\[0\] has 1 cells"):
        book.markdown_table(["a", "b"], [(1,)])
    with pytest.raises(ValueError, match="header"):
        book.markdown_table([], [])


def test_control_static_draws_one_panel_per_value():
    seen = []
    fig = book.control(
        lambda ax, v: seen.append(v), [0.0, 0.5, 1.0, 2.0], label="H(0)", static=True
    )
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert seen == [0.0, 0.5, 1.0, 2.0] and len(visible) == 4
    assert [ax.get_title() for ax in visible] == [f"H(0) = {v}" for v in seen]


def test_control_is_static_where_the_environment_asks(monkeypatch):
    from matplotlib.figure import Figure

    monkeypatch.setenv(book.STATIC_ENV, "1")
    assert isinstance(book.control(lambda ax, v: None, [1, 2], label="v"), Figure)


def test_control_slider_redraws_on_change():
    widgets = pytest.importorskip("ipywidgets")
    seen = []
    view = book.control(lambda ax, v: seen.append(v), [1, 2, 3], label="tau", static=False)
    slider = view.children[0]
    assert isinstance(slider, widgets.SelectionSlider) and slider.value == 2
    slider.value = 3
    assert seen == [2, 3]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"values": []}, ValueError),
        ({"label": ""}, ValueError),
        ({"start": 9}, ValueError),
        ({"columns": 0}, ValueError),
        ({"draw": 3}, TypeError),
    ],
)
def test_control_refuses_bad_arguments(kwargs, error):
    args = {"draw": lambda ax, v: None, "values": [1, 2], "label": "v", "static": True}
    args.update(kwargs)
    with pytest.raises(error):
        book.control(args.pop("draw"), args.pop("values"), **args)


def test_show_displays_one_png_and_closes_a_pyplot_figure(monkeypatch):
    import IPython.display
    import matplotlib.pyplot as plt

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    fig = plt.figure()
    fig.add_subplot().plot([0, 1])
    book.show(fig)
    assert len(shown) == 1 and shown[0].data.startswith(b"\x89PNG")
    assert not plt.fignum_exists(fig.number)
    with pytest.raises(TypeError, match="fig must be a matplotlib Figure"):
        book.show("not a figure")


# ------------------------------------------------------------------------------ structure


def test_outline_reads_title_objectives_and_equations():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(FIRST)]
    head = book.outline(nb)
    assert head.title == "01 · A tiny page"
    assert head.objectives == (
        "that $\\mathcal{L}_{AP} = 1 - \\mathrm{AP}$;",
        "to read a figure that spans two lines.",
    )
    assert head.equations == "**Equations covered:** (3), (17)."
    assert book.outline(nbformat.v4.new_notebook()) == book.Outline("", (), "")


def test_notebook_paths_lists_numbered_notebooks_in_order(tmp_path):
    for name in ("02_b.ipynb", "00_a.ipynb", "x.ipynb", "03_c.txt"):
        (tmp_path / name).write_text("{}")
    assert [p.name for p in book.notebook_paths(tmp_path)] == ["00_a.ipynb", "02_b.ipynb"]
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="no NN_name.ipynb"):
        book.notebook_paths(tmp_path / "empty")
    with pytest.raises(ValueError, match="is not a folder"):
        book.notebook_paths(tmp_path / "missing")


def test_execute_notebook_reports_the_failing_cell(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("raise ValueError('planted failure')")]
    nbformat.write(nb, tmp_path / "00_bad.ipynb")
    with pytest.raises(book.NotebookError) as info:
        book.execute_notebook(tmp_path / "00_bad.ipynb")
    first, *rest = str(info.value).splitlines()
    assert first == "notebook 00_bad.ipynb failed: ValueError: planted failure"
    assert "raise ValueError('planted failure')" in rest and "\x1b[" not in str(info.value)


# ---------------------------------------------------------------------- offline references


def test_external_references_finds_what_a_page_would_load():
    page = """<html><head>
    <script src="https://cdn.example/x.js"></script>
    <link rel="stylesheet" href="http://cdn.example/a.css">
    <style>@import "https://fonts.example/f.css";
    body { background: url(//cdn.example/b.png) }</style>
    <script>fetch("https://api.example/data")</script>
    </head><body>
    <img src="data:image/png;base64,AAAA"><img src="_static/local.png">
    <a href="https://github.com/aptheory/aptheory">a link a reader may follow</a>
    <div style="background-image: url('https://cdn.example/c.png')"></div>
    </body></html>"""
    found = book.external_references(page)
    assert len(found) == 6
    assert not any("github.com" in ref or "data:" in ref or "_static" in ref for ref in found)
    assert book.external_references("<p>$x$ and <a href='http://x.org'>x</a></p>") == []


# ---------------------------------------------------------------------------------- the book


def test_book_writes_index_pages_and_mathjax(built):
    report, out, _ = built
    assert [p.file for p in report.pages] == ["01_tiny.html", "02_second.html"]
    assert (out / "index.html").is_file() and (out / "_static/mathjax/tex-svg-full.js").is_file()
    assert (out / "_static/mathjax/LICENSE").is_file()
    written = [out / "index.html", *(out / p.file for p in report.pages)]
    written += [out / "_static/mathjax/tex-svg-full.js", out / "_static/mathjax/LICENSE"]
    assert report.size_bytes == sum(p.stat().st_size for p in written)
    assert report.pages[0].outline.objectives[0].startswith("that")
    assert "wrote 2 pages" in report.to_text()


def test_book_pages_load_nothing_from_the_network(built):
    _, out, _ = built
    for page in out.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert book.external_references(text) == [], page.name
        assert 'src="_static/mathjax/tex-svg-full.js"' in text, page.name


def test_book_page_embeds_figures_folds_solutions_and_keeps_math_for_mathjax(built):
    _, out, _ = built
    text = (out / "01_tiny.html").read_text(encoding="utf-8")
    assert text.count('src="data:image/png;base64,') == 2  # show(fig) and the static grid
    assert '<details class="aptheory-solution">' in text
    assert "x_{ij} = s_j - s_i" in text and "\\sum_j L_{ij}" in text
    assert 'href="02_second.html"' in text and 'href="index.html"' in text
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="01_tiny.html"' in index and "\\mathcal{L}_{AP}" in index


def test_render_page_drops_widget_views_and_state():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("slider")
    view = {"application/vnd.jupyter.widget-view+json": {"model_id": "m"}, "text/plain": "VBox"}
    cell.outputs = [nbformat.v4.new_output("display_data", data=view)]
    nb.cells = [cell]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    page = book.render_page(nb, title="t")
    assert "widget-view" not in page and "widget-state" not in page and "VBox" not in page
    assert book.external_references(page) == []
    assert nb.cells[0].outputs, "the notebook itself is not modified"


def test_cli_book_builds_and_refuses_bad_paths(tmp_path, built, capsys):
    _, _, notebooks = built
    assert (
        main(["book", "--out", str(tmp_path / "b"), "--notebooks", str(notebooks), "--quiet"]) == 0
    )
    assert "wrote 2 pages" in capsys.readouterr().out
    (tmp_path / "file").write_text("x")
    assert main(["book", "--out", str(tmp_path / "file"), "--notebooks", str(notebooks)]) == 2
    assert "--out" in capsys.readouterr().err
    assert main(["book", "--out", str(tmp_path / "c"), "--notebooks", str(tmp_path / "no")]) == 2
    assert "is not a folder" in capsys.readouterr().err
    assert main(["book", "--out", str(tmp_path / "c"), "--jobs", "0"]) == 2


def test_cli_book_exits_1_when_a_notebook_fails(tmp_path, capsys):
    folder = tmp_path / "nbs"
    folder.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("1 / 0")]
    nbformat.write(nb, folder / "00_bad.ipynb")
    assert main(["book", "--out", str(tmp_path / "out"), "--notebooks", str(folder)]) == 1
    assert capsys.readouterr().err == (
        "aptheory: error: notebook 00_bad.ipynb failed: ZeroDivisionError: division by zero\n"
    )
    assert not (tmp_path / "out" / "index.html").exists()


# ------------------------------------------------------------------------------ the browser


def _check_book():
    spec = importlib.util.spec_from_file_location("check_book", ROOT / "tools" / "check_book.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(
    not CHROMIUM.is_file() or importlib.util.find_spec("playwright") is None,
    reason="needs Chromium (/usr/bin/chromium) and playwright",
)
def test_browser_check_passes_on_the_book_and_fails_on_broken_pages(built, tmp_path, capsys):
    _, out, _ = built
    check = _check_book()
    assert check.main([str(out)]) == 0
    assert (out / "_screenshots" / "01_tiny.png").stat().st_size > 0
    capsys.readouterr()

    broken = tmp_path / "broken"
    shutil.copytree(out, broken)
    page = broken / "01_tiny.html"
    text = page.read_text(encoding="utf-8")
    text = text.replace('src="_static/mathjax/tex-svg-full.js"', 'src="_static/missing.js"')
    text = text.replace(
        "</main>", '<img src="missing.png"><script src="https://cdn.example/x.js"></script></main>'
    )
    page.write_text(text, encoding="utf-8")
    assert check.main([str(broken)]) == 1
    report = capsys.readouterr().out
    assert "01_tiny.html: references the network" in report
    assert "01_tiny.html: blocked a network request to https://cdn.example/x.js" in report
    assert "01_tiny.html: image did not load" in report
    assert "01_tiny.html: MathJax did not run" in report
    assert "raw mathematics left in the text" in report
    assert "FAILED 02_second.html" not in report  # the other page is fine


def test_check_book_refuses_a_folder_without_a_book(tmp_path, capsys):
    assert _check_book().main([str(tmp_path)]) == 1
    assert "no index.html" in capsys.readouterr().err
