"""pytest plugin: every registered claim as a test item (``pytest --aptheory``).

Installed with aptheory (entry point ``aptheory`` of the group ``pytest11``)::

    pytest --aptheory                                  # the built-in and installed claims
    pytest --aptheory --aptheory-claims my_claims.py   # ... and the claims of a file
    pytest --aptheory -k eq3                           # select by id, as any test
    pytest --aptheory --aptheory-claims my_claims.py --aptheory-section mine  # only set "mine"
    pytest -p no:aptheory                              # disable the plugin altogether

Each claim is an item ``aptheory::<section>::<id>``; it passes when the claim gets its
expected status and its twin is refuted, and fails with the claim's report (statement,
status against the expected one, the shrunk counterexample, the twin). Items carry the marker
``aptheory``. Without ``--aptheory`` the plugin only adds its options: it imports nothing of
aptheory and collects nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:  # pragma: no cover - for annotations only
    from aptheory.checking.claim import Claim
    from aptheory.checking.search import ClaimResult

__all__ = ["ClaimItem", "ClaimNotOk", "ClaimSection"]

_DEFAULT_EXAMPLES = 60  # the quick profile (checked against PROFILES by the tests)


def pytest_addoption(parser: pytest.Parser) -> None:
    """The options ``--aptheory``, ``--aptheory-claims``, ``--aptheory-section`` and
    ``--aptheory-examples``."""
    group = parser.getgroup("aptheory", "aptheory: claims of the AP-Loss supplement as tests")
    group.addoption(
        "--aptheory",
        action="store_true",
        default=False,
        help="collect every registered claim (built-in and installed) as a test item",
    )
    group.addoption(
        "--aptheory-claims",
        action="append",
        default=[],
        metavar="MODULE_OR_FILE",
        help="with --aptheory: also collect the claims of this module or .py file (repeatable)",
    )
    group.addoption(
        "--aptheory-section",
        action="append",
        default=[],
        metavar="NAME",
        help="with --aptheory: only this claim set (repeatable), built-in, installed or one of "
        "--aptheory-claims (then the built-in sets are not imported)",
    )
    group.addoption(
        "--aptheory-examples",
        type=int,
        default=None,
        metavar="N",
        help=f"with --aptheory: examples per claim (default {_DEFAULT_EXAMPLES}, the quick "
        "profile)",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker; refuse the claim options without ``--aptheory``."""
    config.addinivalue_line("markers", "aptheory: a claim of aptheory, collected by --aptheory")
    if config.getoption("aptheory"):
        n = config.getoption("aptheory_examples")
        if n is not None and n < 1:
            raise pytest.UsageError(f"--aptheory-examples must be >= 1, got {n}")
        return
    for option in ("aptheory_claims", "aptheory_section", "aptheory_examples"):
        if config.getoption(option):
            flag = "--" + option.replace("_", "-")
            raise pytest.UsageError(f"{flag} needs --aptheory")


class ClaimNotOk(Exception):
    """Raised by a :class:`ClaimItem` whose claim did not get its expected status."""

    def __init__(self, result: ClaimResult) -> None:
        super().__init__(result.verdict)
        self.result = result


class ClaimSection(pytest.Collector):
    """The claims of one section (claim set), as collected items."""

    def __init__(self, *, claims: tuple[Claim, ...], examples: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.claims = claims
        self.examples = examples

    def collect(self) -> list[pytest.Item]:
        """One :class:`ClaimItem` per claim, named by its id."""
        return [
            ClaimItem.from_parent(self, name=c.id, claim=c, examples=self.examples)
            for c in self.claims
        ]


class _Root(pytest.Collector):
    """The node ``aptheory`` that holds the sections."""

    def collect(self) -> list[pytest.Collector]:  # pragma: no cover - built directly
        return []


class ClaimItem(pytest.Item):
    """One claim as a test: passes when its status is the expected one and its twin fails."""

    def __init__(self, *, claim: Claim, examples: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.claim = claim
        self.examples = examples
        self.add_marker("aptheory")

    def runtest(self) -> None:
        """Search the claim; raise :class:`ClaimNotOk` unless it is ok."""
        from aptheory.checking.search import run_claim

        result = run_claim(self.claim, self.examples)
        self.user_properties += [("status", result.status), ("tightness", result.tightness)]
        if not result.ok:
            raise ClaimNotOk(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        """The claim's report for a claim that is not ok; the usual traceback otherwise."""
        if isinstance(excinfo.value, ClaimNotOk):
            r = excinfo.value.result
            expected = f"expected: status {r.expected} and the twin refuted"
            return f"{r.to_text()}{expected}"
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        """Where the claim is defined (``Claim.source``) and its id."""
        source = self.claim.source
        if source and ":" in source:
            file, _, line = source.rpartition(":")
            if line.isdigit():
                return Path(file), int(line) - 1, f"claim {self.claim.id}"
        return self.path, None, f"claim {self.claim.id}"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """With ``--aptheory``: add one item per registered claim (before ``-k``/``-m`` select)."""
    if not config.getoption("aptheory"):
        return
    from aptheory.checking.registry import collect_claims

    try:
        claims = collect_claims(
            config.getoption("aptheory_section") or None,
            claims=config.getoption("aptheory_claims"),
            installed=True,
        )
    except (ValueError, TypeError) as exc:  # ClaimSetError, duplicate ids, a bad claim
        raise pytest.UsageError(f"aptheory: {exc}") from exc
    examples = config.getoption("aptheory_examples") or _DEFAULT_EXAMPLES
    sections: dict[str, list[Claim]] = {}
    for c in claims:
        sections.setdefault(c.section or "outside", []).append(c)
    root = _Root.from_parent(session, name="aptheory", nodeid="aptheory")
    for name, members in sections.items():
        node = ClaimSection.from_parent(root, name=name, claims=tuple(members), examples=examples)
        # the public collection hooks, so that reporters count the items and show errors
        config.hook.pytest_collectstart(collector=node)
        report = config.hook.pytest_make_collect_report(collector=node)
        config.hook.pytest_collectreport(report=report)
        if report.passed:
            items.extend(x for x in report.result if isinstance(x, pytest.Item))
