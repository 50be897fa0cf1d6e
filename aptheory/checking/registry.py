"""The claim registry: the built-in claim sets, in the supplement's order.

Each section of the supplement is a package ``aptheory.sections.<name>`` whose ``claims``
module is a claim set: it holds a :class:`~aptheory.checking.claim.ClaimSet` (the
registration form) or defines ``claims()`` returning claims. The built-in sets are named
below as import paths and loaded only when asked for, so the checking layer imports no
section at import time.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from dataclasses import replace
from types import ModuleType

from aptheory.checking.claim import Claim, ClaimSet

__all__ = ["SECTIONS", "SECTION_ALIASES", "claims_of_module", "registry"]

# name -> module, in the order of the supplement: the ranking core, then Sections 1 to 5.
SECTIONS: dict[str, str] = {
    "ranking": "aptheory.sections.ranking.claims",
    "separable": "aptheory.sections.separable.claims",
    "smoothed": "aptheory.sections.smoothed.claims",
    "inseparable": "aptheory.sections.inseparable.claims",
    "consistency": "aptheory.sections.consistency.claims",
}
# names of version 0.1, still accepted by ``--section`` and :func:`registry`
SECTION_ALIASES: dict[str, str] = {"counterexample": "smoothed"}


def claims_of_module(module: ModuleType, section: str | None = None) -> tuple[Claim, ...]:
    """The claims a module defines: its ``ClaimSet`` objects, then ``claims()`` if no set.

    Raises ``ValueError`` when the module is not a claim set.
    """
    sets = [v for v in vars(module).values() if isinstance(v, ClaimSet)]
    if sets:
        found: list[Claim] = [c for s in sets for c in s.claims()]
    elif callable(getattr(module, "claims", None)):
        found = list(module.claims())
    else:
        raise ValueError(
            f"module {module.__name__} is not a claim set: it has no ClaimSet and no claims()"
        )
    bad = [type(c).__name__ for c in found if not isinstance(c, Claim)]
    if bad:
        raise TypeError(f"{module.__name__}.claims() must return Claim objects, got {bad[0]}")
    name = section or module.__name__
    return tuple(c if c.section else replace(c, section=name) for c in found)


def _unique(names: Iterable[str]) -> list[str]:
    out: list[str] = []
    for n in names:
        n = SECTION_ALIASES.get(n, n)
        if n not in out:
            out.append(n)
    return out


def registry(sections: Sequence[str] | None = None) -> tuple[Claim, ...]:
    """All built-in claims, section by section in the supplement's order.

    ``sections`` restricts to the named sets (e.g. ``["ranking"]``; repeats are harmless and
    the 0.1 name ``counterexample`` means ``smoothed``). Raises ``ValueError`` for an unknown
    section or a duplicated claim id.
    """
    if isinstance(sections, str):
        raise TypeError("sections must be a sequence of section names, not a string")
    chosen = list(SECTIONS) if sections is None else _unique(sections)
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        raise ValueError(f"unknown claim section(s) {unknown}; known: {', '.join(SECTIONS)}")
    out: list[Claim] = []
    for name in chosen:
        out.extend(claims_of_module(importlib.import_module(SECTIONS[name]), name))
    ids = [c.id for c in out]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValueError(f"duplicate claim ids: {dupes}")
    return tuple(out)
