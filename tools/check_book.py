"""Check the built course book in a real headless browser (Chromium from the OS packages).

Usage: ``python tools/check_book.py DIR [--chromium /usr/bin/chromium] [--timeout S]``, on
the folder that ``aptheory book --out DIR`` wrote. For every ``*.html`` page of ``DIR``:

- the page references nothing on the network (:func:`aptheory.book.external_references`),
  and while it loads every request that is not ``file:``, ``data:``, ``blob:`` or
  ``about:`` is blocked and reported;
- it loads without a JavaScript error;
- every ``<img>`` has loaded (``complete`` and ``naturalWidth > 0``);
- MathJax has finished (``MathJax.startup.promise``), produced at least one rendered formula
  when the page has mathematics, reported no TeX error (``mjx-merror``), and no text outside
  code, ``<pre>`` and the rendered formulas still holds raw ``$...$``, ``\\(...\\)`` or
  ``\\[...\\]``;
- a full-page screenshot is saved as ``DIR/_screenshots/<page>.png``.

Prints one line per page, then one line per failure, and exits with status 1 if there was
any. The browser is driven with Playwright's Python package, which bundles its driver; it
never downloads a browser (do not run ``playwright install``): it launches the given
Chromium executable.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
_LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
_MATH = re.compile(r"\$[^$\s][^$]*\$|\\\(|\\\[")

# Runs in the page: what it shows, after MathJax has finished.
_INSPECT = r"""
async () => {
  const result = {mathjax: false, typesetError: null};
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    try { await MathJax.startup.promise; result.mathjax = true; }
    catch (e) { result.typesetError = String(e); }
  }
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const imgs = Array.from(document.images);
  await Promise.all(imgs.map(img => img.decode().catch(() => null)));
  result.images = imgs.length;
  result.brokenImages = imgs
    .filter(img => !(img.complete && img.naturalWidth > 0))
    .map(img => (img.getAttribute('src') || '').slice(0, 60));
  result.formulas = document.querySelectorAll('mjx-container').length;
  result.mathErrors = Array.from(document.querySelectorAll('mjx-merror'))
    .map(e => (e.getAttribute('data-mjx-error') || e.textContent).slice(0, 80));
  const skip = new Set(['SCRIPT', 'STYLE', 'PRE', 'CODE', 'TEXTAREA', 'MJX-CONTAINER']);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      for (let el = node.parentElement; el; el = el.parentElement) {
        if (skip.has(el.tagName) || el.classList.contains('highlight')) {
          return NodeFilter.FILTER_REJECT;
        }
      }
      return NodeFilter.FILTER_ACCEPT;
    }
  });
  const raw = [];
  const pattern = /\$[^$\s][^$]*\$|\\\(|\\\[/;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (pattern.test(n.textContent)) raw.push(n.textContent.trim().slice(0, 80));
  }
  result.rawMath = raw;
  return result;
}
"""


class _ProseText(HTMLParser):
    """The text of a page outside scripts, styles, code and ``<pre>`` blocks."""

    _SKIP = frozenset({"script", "style", "pre", "code", "textarea"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self._SKIP:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.parts.append(data)


def has_math(page: str) -> bool:
    """Whether the prose of the HTML text ``page`` holds TeX for MathJax to render."""
    parser = _ProseText()
    parser.feed(page)
    return _MATH.search("".join(parser.parts)) is not None


def check_page(page, path: Path, shots: Path, timeout_ms: float) -> list[str]:
    """Load ``path`` in ``page``, check it, save its screenshot; return the failures."""
    from aptheory.book import external_references

    name = path.name
    text = path.read_text(encoding="utf-8")
    failures = [f"{name}: references the network: {ref}" for ref in external_references(text)]
    blocked: list[str] = []
    errors: list[str] = []

    def route(r) -> None:
        if r.request.url.startswith(_LOCAL_SCHEMES):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    response = page.goto(path.absolute().as_uri(), wait_until="load", timeout=timeout_ms)
    if response is not None and not response.ok:
        failures.append(f"{name}: did not load (status {response.status})")
    info = page.evaluate(_INSPECT)
    page.screenshot(path=str(shots / f"{path.stem}.png"), full_page=True)
    failures += [f"{name}: blocked a network request to {url}" for url in blocked]
    failures += [f"{name}: JavaScript error: {e}" for e in errors]
    failures += [f"{name}: image did not load: {src}..." for src in info["brokenImages"]]
    if info["typesetError"]:
        failures.append(f"{name}: MathJax failed: {info['typesetError']}")
    if has_math(text):
        if not info["mathjax"]:
            failures.append(f"{name}: MathJax did not run")
        elif info["formulas"] == 0:
            failures.append(f"{name}: the page has mathematics but MathJax rendered none")
    failures += [f"{name}: TeX error: {e}" for e in info["mathErrors"]]
    failures += [f"{name}: raw mathematics left in the text: {t!r}" for t in info["rawMath"]]
    print(
        f"{name:28s} images {info['images']:3d} formulas {info['formulas']:4d} "
        f"{'ok' if not failures else 'FAILED'}",
        flush=True,
    )
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", type=Path, help="the folder `aptheory book --out` wrote")
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="the browser to run")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per page")
    args = parser.parse_args(argv)
    pages = sorted(args.book.glob("*.html"))
    if not pages or not (args.book / "index.html").is_file():
        print(f"check_book: no index.html and pages in {args.book}", file=sys.stderr)
        return 1
    if not Path(args.chromium).is_file():
        print(f"check_book: no browser at {args.chromium}", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    shots = args.book / "_screenshots"
    shots.mkdir(exist_ok=True)
    failures: list[str] = []
    start = time.perf_counter()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=args.chromium, args=LAUNCH_ARGS)
        try:
            for path in pages:
                context = browser.new_context(viewport={"width": 1100, "height": 900})
                try:
                    failures += check_page(context.new_page(), path, shots, args.timeout * 1e3)
                except Exception as exc:  # a crash or time-out is one failure of this page
                    failures.append(f"{path.name}: {type(exc).__name__}: {exc}")
                finally:
                    context.close()
        finally:
            browser.close()
    for line in failures:
        print(f"FAILED {line}")
    print(
        f"checked {len(pages)} pages in {time.perf_counter() - start:.1f} s: "
        f"{len(failures)} failures; screenshots in {shots}/"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
