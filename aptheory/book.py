"""The course book (``aptheory book``) and the small helpers the notebooks teach with.

``aptheory book --out DIR`` executes every notebook ``NN_*.ipynb`` of ``notebooks/`` and
writes it as a static HTML page, with an index page, that a student reads in a browser with
no kernel, no installation and no network: the figures are PNGs embedded in the pages and the
mathematics is typeset in the browser by MathJax 3 served from ``DIR/_static/mathjax/``.

Why nbconvert. It is the Jupyter project's own converter: an executed notebook becomes one
self-contained page that looks like JupyterLab, images embedded, with no project
configuration to maintain; the notebooks are executed by nbclient, the runner nbmake and the
test suite use, so the book shows exactly what the tests checked. (Jupyter Book 2 needs
Node.js and a MyST project; Sphinx with myst-nb a Sphinx project for a handful of pages.)

Why the page template here. nbconvert's ``lab`` template loads MathJax 2 and require.js from
CDNs (and mermaid and the widget manager when used). :data:`PAGE_TEMPLATE` extends it,
drops those scripts and loads the MathJax 3 SVG build (``tex-svg-full.js``: every TeX
extension included, SVG output, so no web fonts and no further downloads) shipped by the PyPI
package ``django-static-mathjax`` (MathJax 3.2.2, Apache-2.0, no Django needed), copied into
the book. :func:`external_references` lists what a page would still load from the network
(the tests and ``tools/check_book.py`` require none). Cells tagged ``solution`` are folded
into a ``<details>`` element, so that a reader tries the exercise first.

Notebook conventions the tests check (``tests/test_notebooks.py``), with the tags named by
the constants below: the first cell (tagged ``objectives``) has a ``# title``, a heading
``What you will learn`` followed by a list of 2 to 4 objectives, and a line starting
``**Equations``; a markdown cell tagged ``predict`` is followed by the code cell that answers
it; each markdown cell tagged ``exercise`` starts with ``### Exercise`` and is followed by a
code cell tagged ``solution`` that checks its answer with ``assert``.

Teaching helpers: :func:`show` displays a matplotlib figure once as a PNG, whatever the
backend; :func:`explore` displays a slider (with the ``widgets`` extra, in a kernel) or, as
the static fallback that renders without a kernel, a grid of pre-drawn panels;
:func:`markdown_table` turns rows of strings into a table instead of a raw object dump.
"""

from __future__ import annotations

import html
import io
import os
import re
import shutil
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = [
    "EXERCISE_TAG",
    "OBJECTIVES_TAG",
    "PAGE_TEMPLATE",
    "PREDICT_TAG",
    "SOLUTION_TAG",
    "STATIC_ENV",
    "BookReport",
    "ExecutedNotebook",
    "NotebookError",
    "Outline",
    "PageReport",
    "build_book",
    "control",
    "execute_notebook",
    "explore",
    "external_references",
    "markdown_table",
    "mathjax_source",
    "notebook_paths",
    "outline",
    "render_index",
    "render_page",
    "show",
]

OBJECTIVES_TAG = "objectives"
PREDICT_TAG = "predict"
EXERCISE_TAG = "exercise"
SOLUTION_TAG = "solution"
#: Set to "1" in a kernel's environment, :func:`explore` draws the static grid even where
#: ipywidgets is installed (the book and the tests execute the notebooks with it set).
STATIC_ENV = "APTHEORY_STATIC_WIDGETS"

_MATHJAX_FILE = "tex-svg-full.js"
_STATIC = "_static"
_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_NOTEBOOK_NAME = re.compile(r"^\d\d_[A-Za-z0-9_]+\.ipynb$")
_IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml", "image/gif")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


class NotebookError(RuntimeError):
    """A notebook raised while it was executed.

    The first line of the message names the notebook and the error; the next lines hold the
    failing cell and its traceback.
    """


# --------------------------------------------------------------------------- teaching helpers


def _png(fig: Any, dpi: int) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)  # the figure's own layout: one draw, not two
    return buf.getvalue()


def show(fig: Any, *, dpi: int = 100) -> None:
    """Display the matplotlib figure ``fig`` once, as a PNG, and close it.

    Works for figures made with pyplot (closed here, so the inline backend does not show
    them a second time) and for bare ``matplotlib.figure.Figure`` objects (which IPython
    would otherwise print as ``<Figure size ...>`` when pyplot was never imported).
    """
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    import matplotlib.pyplot as plt
    from IPython.display import Image, display

    data = _png(fig, dpi)
    plt.close(fig)
    display(Image(data=data, format="png"))


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Any:
    """A Markdown table (``IPython.display.Markdown``) of ``header`` and ``rows``.

    Every cell is turned into text with ``str`` (format numbers before); a ``|`` is escaped
    unless it already is (``\\|``, as in the norm ``$\\|x\\|$``), so that it never splits a cell.
    """
    from IPython.display import Markdown

    header = [str(h) for h in header]
    if not header:
        raise ValueError("header must name at least one column")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for k, row in enumerate(rows):
        cells = [_UNESCAPED_PIPE.sub(r"\\|", str(c)) for c in row]
        if len(cells) != len(header):
            raise ValueError(f"rows[{k}] has {len(cells)} cells, the header {len(header)}")
        lines.append("| " + " | ".join(cells) + " |")
    return Markdown("\n".join(lines))


def _in_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def _widgets_available() -> bool:
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        return False
    return True


def control(
    draw: Callable[[Any, Any], None],
    values: Sequence[Any],
    *,
    label: str,
    fmt: Callable[[Any], str] = str,
    start: Any = None,
    static: bool | None = None,
    columns: int = 3,
    panel: tuple[float, float] = (3.6, 2.8),
) -> Any:
    """A control over ``values`` that redraws ``draw(ax, value)``: a widget or a figure.

    Parameters
    ----------
    draw
        ``draw(ax, value)`` draws the picture for one value on a matplotlib ``Axes``.
    values
        The values the control offers, in order (at least one).
    label
        The name of the value (``"H(0)"``, ``"tau"``), shown beside the slider and in the
        panel titles.
    fmt
        Turns a value into its label text.
    start
        The slider's first value (default: the middle one); must be one of ``values``.
    static
        ``True``: a figure with one panel per value (the fallback that renders without a
        kernel); ``False``: an ipywidgets ``SelectionSlider`` above an ``Output`` that
        redraws on change (needs the ``widgets`` extra); ``None``: the slider where
        ipywidgets is installed, the code runs in a kernel and :data:`STATIC_ENV` is not
        ``"1"``, else the figure.
    columns, panel
        The grid of the static figure: panels per row and the size of one panel (inches).

    Returns
    -------
    ipywidgets.VBox or matplotlib.figure.Figure
    """
    values = tuple(values)
    if not values:
        raise ValueError("values must offer at least one value")
    if not isinstance(label, str) or not label:
        raise ValueError("label must be a non-empty string")
    if not callable(draw) or not callable(fmt):
        raise TypeError("draw and fmt must be callable")
    if isinstance(columns, bool) or not isinstance(columns, int) or columns < 1:
        raise ValueError(f"columns must be an integer >= 1, got {columns!r}")
    if start is None:
        start = values[len(values) // 2]
    elif start not in values:
        raise ValueError(f"start must be one of values, got {start!r}")
    if static is None:
        static = os.environ.get(STATIC_ENV) == "1" or not (_widgets_available() and _in_kernel())
    if static:
        return _static_grid(draw, values, label, fmt, columns, panel)
    return _slider(draw, values, label, fmt, start, panel)


def _static_grid(draw, values, label, fmt, columns, panel):
    from matplotlib.figure import Figure

    cols = min(columns, len(values))
    rows = -(-len(values) // cols)
    fig = Figure(figsize=(panel[0] * cols, panel[1] * rows), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False)
    for ax, value in zip(axes.flat, values, strict=False):
        draw(ax, value)
        ax.set_title(f"{label} = {fmt(value)}", fontsize=10)
    for ax in axes.flat[len(values) :]:
        ax.set_visible(False)
    return fig


def _slider(draw, values, label, fmt, start, panel):
    import ipywidgets as widgets
    from matplotlib.figure import Figure

    slider = widgets.SelectionSlider(
        options=[(fmt(v), v) for v in values],
        value=start,
        description=label,
        continuous_update=False,
    )
    out = widgets.Output()

    def redraw(change: Any = None) -> None:
        fig = Figure(figsize=panel, layout="constrained")
        ax = fig.add_subplot()
        draw(ax, slider.value)
        ax.set_title(f"{label} = {fmt(slider.value)}", fontsize=10)
        with out:
            out.clear_output(wait=True)
            show(fig)

    slider.observe(redraw, names="value")
    redraw()
    return widgets.VBox([slider, out])


def explore(draw: Callable[[Any, Any], None], values: Sequence[Any], **options: Any) -> None:
    """Display :func:`control` ``(draw, values, **options)``: a slider, or the static grid."""
    view = control(draw, values, **options)
    from matplotlib.figure import Figure

    if isinstance(view, Figure):
        show(view)
    else:
        from IPython.display import display

        display(view)


# ------------------------------------------------------------------------- notebook structure


@dataclass(frozen=True)
class Outline:
    """The opening of a notebook: its title, objectives and the equations it covers."""

    title: str
    objectives: tuple[str, ...]
    equations: str


def _tags(cell: Any) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def outline(nb: Any) -> Outline:
    """Read the title, the objectives and the equations line of a notebook's first cell.

    The first cell must be a markdown cell with a ``# title`` line, a heading ``What you will
    learn`` followed by a list (``-``, ``*`` or ``1.`` items; continuation lines indented),
    and a paragraph starting ``**Equations``. Missing parts are empty (the tests say which).
    """
    cells = nb.get("cells", [])
    if not cells or cells[0].get("cell_type") != "markdown":
        return Outline("", (), "")
    lines = "".join(cells[0]["source"]).splitlines()
    title = next((ln[2:].strip() for ln in lines if ln.startswith("# ")), "")
    items: list[str] = []
    inside = False
    for ln in lines:
        if re.match(r"^#{2,4}\s+What you will learn", ln, re.IGNORECASE):
            inside = True
            continue
        if not inside:
            continue
        item = re.match(r"^\s{0,3}(?:[-*]|\d+\.)\s+(.*)$", ln)
        if item:
            items.append(item.group(1).strip())
        elif items and ln.startswith("  ") and ln.strip():
            items[-1] += " " + ln.strip()
        elif items or (ln.strip() and not ln.startswith("#")):
            break
    eq_lines: list[str] = []
    for ln in lines:
        if eq_lines and not ln.strip():
            break
        if eq_lines or ln.strip().lower().startswith("**equations"):
            eq_lines.append(ln.strip())
    return Outline(title, tuple(items), " ".join(eq_lines))


def notebook_paths(folder: str | os.PathLike[str] = "notebooks") -> list[Path]:
    """The notebooks ``NN_name.ipynb`` of ``folder``, in order."""
    root = Path(folder)
    if not root.is_dir():
        raise ValueError(f"notebooks: {str(root)!r} is not a folder")
    found = sorted(p for p in root.iterdir() if _NOTEBOOK_NAME.match(p.name) and p.is_file())
    if not found:
        raise ValueError(f"notebooks: no NN_name.ipynb notebook in {str(root)!r}")
    return found


# ----------------------------------------------------------------------------------- execution

_PROBE_SETUP = """\
def _aptheory_probe():
    import functools

    import matplotlib.figure

    counts, current = {}, [0]
    init = matplotlib.figure.Figure.__init__

    @functools.wraps(init)
    def counting_init(self, *args, **kwargs):
        current[0] += 1
        init(self, *args, **kwargs)

    matplotlib.figure.Figure.__init__ = counting_init

    def before(*_):
        current[0] = 0

    def after(result):
        counts[result.execution_count] = current[0]

    get_ipython().events.register("pre_run_cell", before)
    get_ipython().events.register("post_run_cell", after)
    return counts


_aptheory_figures = _aptheory_probe()
"""
_PROBE_REPORT = "print(__import__('json').dumps(_aptheory_figures))"


@dataclass(frozen=True)
class ExecutedNotebook:
    """One notebook after execution.

    Attributes
    ----------
    path
        The notebook file (not modified).
    notebook
        The executed ``nbformat`` notebook, with its outputs.
    seconds
        Wall time of the execution, kernel start included.
    figures
        Number of matplotlib figures each cell created while it ran, by cell index (only
        when executed with ``count_figures=True``; cells that made none are left out).
    """

    path: Path
    notebook: Any = field(repr=False)
    seconds: float
    figures: dict[int, int] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.stem


def _kernel_env() -> dict[str, str]:
    env = dict(os.environ)
    env[STATIC_ENV] = "1"
    env.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    return env


def execute_notebook(
    path: str | os.PathLike[str], *, timeout: float = 120.0, count_figures: bool = False
) -> ExecutedNotebook:
    """Execute the notebook at ``path`` top to bottom in a fresh ``python3`` kernel.

    The kernel runs in the notebook's folder with :data:`STATIC_ENV` set, so every control
    is the static grid (what a page without a kernel can show). With ``count_figures`` two
    probe cells, removed afterwards, count the matplotlib figures each cell creates.
    Raises :class:`NotebookError` naming the notebook when a cell raises or times out.
    """
    import json

    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    path = Path(path)
    if not path.is_file():
        raise ValueError(f"path: {str(path)!r} is not a notebook file")
    if not (isinstance(timeout, int | float) and timeout > 0):
        raise ValueError(f"timeout must be > 0 seconds, got {timeout!r}")
    nb = nbformat.read(path, as_version=4)
    if count_figures:
        nb.cells.insert(0, nbformat.v4.new_code_cell(_PROBE_SETUP))
        nb.cells.append(nbformat.v4.new_code_cell(_PROBE_REPORT))
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent.absolute())}},
    )
    start = time.perf_counter()
    try:
        client.execute(env=_kernel_env())
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        detail = re.sub(r"\x1b\[[0-9;]*m", "", str(exc))  # drop the traceback's colours
        what = (
            f"{exc.ename}: {exc.evalue}"
            if isinstance(exc, CellExecutionError)
            else type(exc).__name__
        )
        raise NotebookError(f"notebook {path.name} failed: {what}\n{detail}") from exc
    seconds = time.perf_counter() - start
    figures: dict[int, int] = {}
    if count_figures:
        report = nb.cells.pop()
        nb.cells.pop(0)
        counts = json.loads("".join(o.get("text", "") for o in report.outputs) or "{}")
        for index, cell in enumerate(nb.cells):
            n = counts.get(str(cell.get("execution_count")), 0)
            if cell.cell_type == "code" and n:
                figures[index] = n
    return ExecutedNotebook(path, nb, seconds, figures)


# ------------------------------------------------------------------------------------- pages

_BOOK_CSS = """
body.jp-Notebook main, body.aptheory-index main { max-width: 980px; margin: 0 auto; }
nav.aptheory-nav { display: flex; justify-content: space-between; gap: 1em;
  padding: 0.6em 1em; margin: 0 0 1em 0; border-bottom: 1px solid #ddd;
  font-family: sans-serif; font-size: 14px; }
nav.aptheory-nav.bottom { border-top: 1px solid #ddd; border-bottom: none; margin-top: 2em; }
details.aptheory-solution { margin: 0.5em 0 1em 0; padding: 0.3em 0.8em;
  border-left: 4px solid #2a9d8f; background: #f4faf9; }
details.aptheory-solution > summary { cursor: pointer; font-family: sans-serif;
  font-weight: bold; color: #1d6f65; }
.celltag_exercise { border-left: 4px solid #e9a23b; background: #fffaf0; }
.celltag_predict { border-left: 4px solid #6c63ff; background: #f6f5ff; }
.celltag_objectives { border-left: 4px solid #3b7ddd; background: #f5f9ff; }
body.aptheory-index { font-family: sans-serif; line-height: 1.45; padding: 0 1em; }
body.aptheory-index li.page { margin-bottom: 1.2em; }
body.aptheory-index .meta { color: #666; font-size: 90%; }
"""

_MATHJAX_CONFIG = """window.MathJax = {
  tex: {inlineMath: [['$', '$'], ['\\\\(', '\\\\)']],
        displayMath: [['$$', '$$'], ['\\\\[', '\\\\]']],
        processEscapes: true, processEnvironments: true},
  options: {ignoreHtmlClass: 'tex2jax_ignore', processHtmlClass: 'tex2jax_process'},
  svg: {fontCache: 'global'}
};"""

#: The page template: nbconvert's ``lab`` page without any network script, with MathJax 3
#: from the book's own ``_static`` folder, navigation links and folded solutions.
PAGE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_js_mathjax -%}
<script>
MATHJAX_CONFIG
</script>
<script defer src="{{ resources.aptheory.mathjax }}"></script>
<style type="text/css">
BOOK_CSS
</style>
{%- endblock html_head_js_mathjax -%}
{%- block body_header -%}
{{ super() }}
{{ resources.aptheory.nav_top }}
{%- endblock body_header -%}
{% block any_cell %}
{%- if 'solution' in cell.metadata.get('tags', []) -%}
<details class="aptheory-solution"><summary>Worked solution (try the exercise first)</summary>
{{ super() }}
</details>
{%- else -%}
{{ super() }}
{%- endif -%}
{% endblock any_cell %}
{% block body_footer %}
{{ resources.aptheory.nav_bottom }}
{{ super() }}
{% endblock body_footer %}
""".replace("MATHJAX_CONFIG", _MATHJAX_CONFIG).replace("BOOK_CSS", _BOOK_CSS)


def _nav(prev: tuple[str, str] | None, nxt: tuple[str, str] | None, where: str) -> str:
    def link(target: tuple[str, str] | None, arrow: str) -> str:
        if target is None:
            return "<span></span>"
        href, title = target
        return f'<a href="{html.escape(href)}">{arrow} {html.escape(title)}</a>'

    return (
        f'<nav class="aptheory-nav {where}">{link(prev, "&larr;")}'
        f'<a href="index.html">Contents</a>{link(nxt, "&rarr;")}</nav>'
    )


def _strip_widgets(nb: Any) -> Any:
    """A copy of ``nb`` without widget views (they need a kernel) or widget state."""
    import copy

    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if _WIDGET_VIEW not in o.get("data", {})]
    return nb


def render_page(
    nb: Any,
    *,
    title: str,
    mathjax: str = f"{_STATIC}/mathjax/{_MATHJAX_FILE}",
    prev: tuple[str, str] | None = None,
    next: tuple[str, str] | None = None,  # noqa: A002 - the natural name beside prev
) -> str:
    """The HTML page of the executed notebook ``nb`` (see :data:`PAGE_TEMPLATE`).

    ``prev`` and ``next`` are ``(href, title)`` of the neighbouring pages; ``mathjax`` the
    relative URL of MathJax.
    """
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        template_file="aptheory_page.html.j2",
        extra_loaders=[DictLoader({"aptheory_page.html.j2": PAGE_TEMPLATE})],
        embed_images=True,
    )
    res = {
        "metadata": {"name": title},
        "aptheory": {
            "mathjax": mathjax,
            "nav_top": _nav(prev, next, "top"),
            "nav_bottom": _nav(prev, next, "bottom"),
        },
    }
    body, _ = exporter.from_notebook_node(_strip_widgets(nb), resources=res)
    return body


@dataclass(frozen=True)
class PageReport:
    """One page of the book: its file, title, outline and the notebook's execution time."""

    file: str
    title: str
    outline: Outline
    seconds: float


def render_index(pages: Sequence[PageReport], *, mathjax: str) -> str:
    """The index page: every page with its objectives and equations."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    items = []
    for page in pages:
        objectives = "\n".join(f"- {o}" for o in page.outline.objectives)
        body = markdown2html_mistune(objectives + "\n\n" + page.outline.equations)
        items.append(
            f'<li class="page"><a href="{html.escape(page.file)}"><strong>'
            f"{html.escape(page.title)}</strong></a>{body}"
            f'<div class="meta">executed in {page.seconds:.1f} s</div></li>'
        )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>aptheory: the theory of AP-Loss, as a course</title>
<script>
{_MATHJAX_CONFIG}
</script>
<script defer src="{html.escape(mathjax)}"></script>
<style type="text/css">{_BOOK_CSS}</style>
</head>
<body class="aptheory-index">
<main>
<h1>aptheory: the theory of AP-Loss, as a course</h1>
<p>The supplement of <em>Towards Accurate One-Stage Object Detection with AP-Loss</em>
(Chen et al., CVPR 2019), one notebook per section. Each page is the notebook as it ran:
read the prose, <strong>predict</strong> before you look at an output, then do the
<strong>exercises</strong> (the worked solutions are folded). To change the code, open
<code>notebooks/</code> in Jupyter (<code>pip install "aptheory[widgets]"</code> adds the
sliders; these pages show their static panels).</p>
<ol>
{"".join(items)}
</ol>
</main>
</body>
</html>
"""


def mathjax_source() -> Path:
    """The folder of the MathJax 3 distribution shipped by ``django-static-mathjax``."""
    try:
        root = Path(str(resources.files("mathjax"))) / "static" / "mathjax"
    except ModuleNotFoundError:
        root = None
    if root is None or not (root / "es5" / _MATHJAX_FILE).is_file():
        raise RuntimeError(
            "MathJax 3 is not installed: the book needs the `book` extra "
            "(pip install 'aptheory[book]', which brings django-static-mathjax)"
        )
    return root


# -------------------------------------------------------------------------- offline checking


class _References(HTMLParser):
    _ATTRS = frozenset({"src", "href", "srcset", "data", "poster", "action", "formaction"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._text_of: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None or (tag == "a" and name == "href"):
                continue
            if name in self._ATTRS and _remote(value):
                self.found.append(f"<{tag} {name}={value.strip()[:120]}>")
            elif name == "style":
                self.found += [f"<{tag} style> {u}" for u in _remote_urls_in_css(value)]
        self._text_of = tag if tag in ("style", "script") else None

    def handle_endtag(self, tag: str) -> None:
        self._text_of = None

    def handle_data(self, data: str) -> None:
        if self._text_of == "style":
            self.found += [f"<style> {u}" for u in _remote_urls_in_css(data)]
        elif self._text_of == "script":
            self.found += [f"<script> {u}" for u in re.findall(r"https?://[^\s'\"`)]+", data)]


def _remote(value: str) -> bool:
    v = value.strip().lower()
    return v.startswith(("http://", "https://", "//"))


def _remote_urls_in_css(css: str) -> list[str]:
    urls = re.findall(r"url\(\s*['\"]?([^'\")\s]+)", css)
    urls += re.findall(r"@import\s+['\"]([^'\"]+)", css)
    return [u for u in urls if _remote(u)]


def external_references(page: str) -> list[str]:
    """What the HTML text ``page`` would load from the network, one entry per reference.

    Counts ``src``/``href``/``srcset``/``data``/``poster``/``action`` attributes, CSS
    ``url(...)`` and ``@import`` (in ``<style>`` and ``style=""``) and URLs in inline
    scripts that start with ``http://``, ``https://`` or ``//``. Plain ``<a href>`` links
    are allowed: a reader may follow one, the page does not load it.
    """
    parser = _References()
    parser.feed(page)
    parser.close()
    return parser.found


# -------------------------------------------------------------------------------------- build


@dataclass(frozen=True)
class BookReport:
    """What :func:`build_book` wrote: the folder, its pages, the build time and the size."""

    out: Path
    pages: tuple[PageReport, ...]
    seconds: float
    size_bytes: int

    def to_text(self) -> str:
        lines = [f"{p.file:32s} {p.seconds:6.1f} s  {p.title}" for p in self.pages]
        lines.append(
            f"wrote {len(self.pages)} pages and index.html to {self.out}/ in "
            f"{self.seconds:.1f} s ({self.size_bytes / 2**20:.1f} MiB)"
        )
        return "\n".join(lines) + "\n"


def build_book(
    out: str | os.PathLike[str],
    notebooks: str | os.PathLike[str] = "notebooks",
    *,
    jobs: int = 2,
    timeout: float = 120.0,
    progress: Any = None,
) -> BookReport:
    """Execute every notebook of ``notebooks`` and write the book into ``out``.

    Writes ``out/index.html``, ``out/<notebook>.html`` for each notebook and
    ``out/_static/mathjax/`` (MathJax 3 and its licence). Nothing is written before every
    notebook has run; each page is written atomically. ``jobs`` notebooks run at once.
    """
    from aptheory.core.io import atomic_write_text, check_output_dir

    target = check_output_dir(out, "--out")
    paths = notebook_paths(notebooks)
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be an integer >= 1, got {jobs!r}")
    source = mathjax_source()
    start = time.perf_counter()

    def run(path: Path) -> ExecutedNotebook:
        done = execute_notebook(path, timeout=timeout)
        if progress is not None:
            progress.step(path.stem)
        return done

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        executed = list(pool.map(run, paths))

    pages = []
    for e in executed:
        head = outline(e.notebook)
        pages.append(PageReport(f"{e.name}.html", head.title or e.name, head, e.seconds))
    mathjax = f"{_STATIC}/mathjax/{_MATHJAX_FILE}"
    texts = {}
    for k, (e, page) in enumerate(zip(executed, pages, strict=True)):
        prev = (pages[k - 1].file, pages[k - 1].title) if k > 0 else None
        nxt = (pages[k + 1].file, pages[k + 1].title) if k + 1 < len(pages) else None
        texts[page.file] = render_page(
            e.notebook, title=page.title, mathjax=mathjax, prev=prev, next=nxt
        )
    texts["index.html"] = render_index(pages, mathjax=mathjax)

    target.mkdir(parents=True, exist_ok=True)
    static = target / _STATIC / "mathjax"
    static.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source / "es5" / _MATHJAX_FILE, static / _MATHJAX_FILE)
    shutil.copyfile(source / "LICENSE", static / "LICENSE")
    written = [static / _MATHJAX_FILE, static / "LICENSE"]
    written += [atomic_write_text(target / name, text) for name, text in texts.items()]
    seconds = time.perf_counter() - start
    return BookReport(target, tuple(pages), seconds, sum(p.stat().st_size for p in written))
