"""The claim registry: the built-in claim sets, installed ones and outside ones.

Each section of the supplement is a package ``aptheory.sections.<name>`` whose ``claims``
module is a claim set: it holds a :class:`~aptheory.checking.claim.ClaimSet` (the
registration form) or defines ``claims()`` returning claims. The built-in sets are named
below as import paths and loaded only when asked for, so the checking layer imports no
section at import time.

Claims from outside the package join them in two ways:

- *outside claim sets*, named when asked for: an importable module name or the path of a
  ``.py`` file (``aptheory audit --claims FILE``, ``pytest --aptheory-claims FILE``, the
  ``claims=`` argument of :func:`collect_claims` and
  :func:`aptheory.checking.audit.run_audit`), loaded by :func:`load_claim_module`;
- *installed claim sets*: a package registers a module (or a ``ClaimSet``, or a function
  returning claims) under the entry-point group ``aptheory.claimsets``
  (:data:`ENTRY_POINT_GROUP`); the entry point's name is the set's name.

:func:`registry` returns the built-in claims only (the supplement, in its order);
:func:`collect_claims` returns built-in, installed and outside claims together, with ids
checked to be unique, and :func:`select_claims` picks claims by id.
"""

from __future__ import annotations

import difflib
import hashlib
import importlib
import importlib.util
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from importlib.metadata import EntryPoint
from pathlib import Path
from types import ModuleType
from typing import Any, TypeAlias

from aptheory.checking.claim import Claim, ClaimDraft, ClaimSet

__all__ = [
    "ENTRY_POINT_GROUP",
    "SECTIONS",
    "SECTION_ALIASES",
    "ClaimSetError",
    "ClaimSource",
    "claims_from",
    "claims_of_module",
    "collect_claims",
    "installed_claim_sets",
    "load_claim_module",
    "registry",
    "select_claims",
]

ENTRY_POINT_GROUP = "aptheory.claimsets"

ClaimSource: TypeAlias = (
    "str | os.PathLike[str] | ModuleType | ClaimSet | Claim | ClaimDraft | "
    "Callable[[], Iterable[Claim]]"
)
"""What :func:`claims_from` accepts: a module name or ``.py`` path, a module, a
:class:`ClaimSet`, one :class:`Claim` (or a completed draft of the registration form), or a
function returning claims."""


class ClaimSetError(ValueError):
    """A claim set that cannot be found, loaded or read (a one-line message naming it)."""


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


# ------------------------------------------------------------------------ outside claim sets


def _looks_like_file(spec: str) -> bool:
    return spec.endswith(".py") or os.sep in spec or (os.altsep or os.sep) in spec


def load_claim_module(spec: str | os.PathLike[str]) -> ModuleType:
    """Import a claim set given as a module name or as the path of a ``.py`` file.

    Parameters
    ----------
    spec : str or os.PathLike
        A dotted module name importable from ``sys.path`` (``"mypkg.claims"``), or a path
        (anything ending in ``.py`` or containing a path separator). A file is loaded as a
        fresh module named ``aptheory_claims_<stem>_<hash of its path>`` with its own folder on
        ``sys.path`` while it runs (so it can import its neighbours).

    Returns
    -------
    types.ModuleType
        The module (registered in ``sys.modules``, so that its classes pickle).

    Raises
    ------
    ClaimSetError
        When the module cannot be found or raises while it is imported (the message names
        the claim set and the error).

    Notes
    -----
    No bytecode is written while the claim set is imported: a claim file in the current
    directory leaves no ``__pycache__`` folder behind.

    Examples
    --------
    >>> load_claim_module("aptheory.sections.ranking.claims").CLAIMS
    ClaimSet('ranking', 6 claims)
    """
    if isinstance(spec, os.PathLike):
        spec = os.fspath(spec)
    if not isinstance(spec, str) or not spec.strip():
        raise ClaimSetError(f"a claim set is a module name or a .py file, got {spec!r}")
    dont_write = sys.dont_write_bytecode
    sys.dont_write_bytecode = True
    try:
        if _looks_like_file(spec):
            return _load_file(Path(spec))
        return _import_module(spec)
    finally:
        sys.dont_write_bytecode = dont_write


def _import_module(name: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name is not None and name.startswith(exc.name):
            raise ClaimSetError(
                f"cannot import claim set {name!r}: no module named {exc.name!r} "
                "(for a file, give its path ending in .py)"
            ) from exc
        raise ClaimSetError(f"cannot import claim set {name!r}: {exc}") from exc
    except Exception as exc:
        raise ClaimSetError(
            f"cannot import claim set {name!r}: {type(exc).__name__}: {exc}"
        ) from exc


def _load_file(path: Path) -> ModuleType:
    if not path.is_file():
        raise ClaimSetError(f"claim file {str(path)!r} does not exist or is not a file")
    if path.suffix != ".py":
        raise ClaimSetError(f"claim file {str(path)!r} must be a Python file ending in .py")
    resolved = path.resolve()
    stem = "".join(c if c.isalnum() else "_" for c in resolved.stem)
    digest = hashlib.sha1(str(resolved).encode()).hexdigest()[:8]
    name = f"aptheory_claims_{stem}_{digest}"
    spec = importlib.util.spec_from_file_location(name, resolved)
    if spec is None or spec.loader is None:  # pragma: no cover - a .py file always has one
        raise ClaimSetError(f"cannot load claim file {str(path)!r}")
    module = importlib.util.module_from_spec(spec)
    folder = str(resolved.parent)
    sys.modules[name] = module
    sys.path.insert(0, folder)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[name]
        raise ClaimSetError(
            f"cannot load claim file {str(path)!r}: {type(exc).__name__}: {exc}"
        ) from exc
    finally:
        if folder in sys.path:
            sys.path.remove(folder)
    return module


def claims_from(source: Any, section: str | None = None) -> tuple[Claim, ...]:
    """The claims of one claim source, validated, with their section filled in.

    Parameters
    ----------
    source : ClaimSource
        A module name or ``.py`` path (loaded by :func:`load_claim_module`), a module (see
        :func:`claims_of_module`), a :class:`ClaimSet`, a single :class:`Claim` or completed
        :class:`~aptheory.checking.claim.ClaimDraft`, or a zero-argument function returning
        claims.
    section : str, optional
        The section given to claims that have none (default: the set's or module's name, a
        file's stem, ``"outside"`` for a lone claim).

    Returns
    -------
    tuple of Claim

    Raises
    ------
    ClaimSetError
        When the source cannot be loaded or is not a claim set.

    Examples
    --------
    >>> from hypothesis import strategies as st
    >>> c = Claim(id="x-le-10", equation="(0)", statement="x <= 10",
    ...           check=lambda x: (x, 10), strategy=lambda: st.integers(0, 10),
    ...           twin=lambda x: (x, 5), twin_statement="10 replaced by 5", exact=True)
    >>> [(k.id, k.section) for k in claims_from(c)]
    [('x-le-10', 'outside')]
    """
    if isinstance(source, str | os.PathLike):
        text = os.fspath(source)
        module = load_claim_module(text)
        default = Path(text).stem if _looks_like_file(text) else module.__name__
        return _of_module(module, section or default, text)
    if isinstance(source, ModuleType):
        return _of_module(source, section, source.__name__)
    if isinstance(source, ClaimSet):
        found: Iterable[Any] = source.claims()
        name = source.name
    elif isinstance(source, Claim):
        found, name = (source,), source.id
    elif isinstance(source, ClaimDraft):
        found, name = (source.build(None),), str(source.spec.get("id"))
    elif callable(source):
        name = getattr(source, "__qualname__", repr(source))
        try:
            found = tuple(source())
        except Exception as exc:
            raise ClaimSetError(f"claim set {name} raised {type(exc).__name__}: {exc}") from exc
    else:
        raise ClaimSetError(
            "a claim source is a module name, a .py path, a module, a ClaimSet, a Claim or a "
            f"function returning claims; got {type(source).__name__}"
        )
    claims = _checked(tuple(found), name)
    label = section or "outside"
    return tuple(c if c.section else replace(c, section=label) for c in claims)


def _of_module(module: ModuleType, section: str | None, name: str) -> tuple[Claim, ...]:
    try:
        return claims_of_module(module, section)
    except TypeError as exc:  # claims() gave something else than claims
        raise ClaimSetError(f"claim set {name} must give Claim objects: {exc}") from exc


def _checked(found: tuple[Any, ...], name: str) -> tuple[Claim, ...]:
    bad = [type(c).__name__ for c in found if not isinstance(c, Claim)]
    if bad:
        raise ClaimSetError(f"claim set {name} must give Claim objects, got {bad[0]}")
    return found


def installed_claim_sets() -> dict[str, EntryPoint]:
    """The claim sets installed packages register, by name (entry-point group
    ``aptheory.claimsets``), not yet loaded.

    A package registers one in its ``pyproject.toml``::

        [project.entry-points."aptheory.claimsets"]
        mysets = "mypackage.claims"            # a module with a ClaimSet or claims()
        # or "mypackage.claims:CLAIMS" (a ClaimSet), "mypackage.claims:claims" (a function)

    Returns
    -------
    dict of str to importlib.metadata.EntryPoint

    Examples
    --------
    >>> sorted(installed_claim_sets())  # none in a plain install of aptheory
    []
    """
    from importlib.metadata import entry_points

    found: dict[str, EntryPoint] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        found.setdefault(ep.name, ep)
    return found


def _claims_of_entry_point(ep: EntryPoint) -> tuple[Claim, ...]:
    try:
        obj = ep.load()
    except Exception as exc:
        raise ClaimSetError(
            f"cannot load installed claim set {ep.name!r} ({ep.value}): {type(exc).__name__}: {exc}"
        ) from exc
    return claims_from(obj, ep.name)


def collect_claims(
    sections: Sequence[str] | None = None,
    *,
    claims: Iterable[Any] = (),
    installed: bool = True,
    ids: Sequence[str] | None = None,
) -> tuple[Claim, ...]:
    """Built-in, installed and outside claims together, ids checked to be unique.

    Parameters
    ----------
    sections : sequence of str, optional
        Restrict the built-in and installed sets to these names (default: all of them; an
        empty sequence: none, only ``claims``). Outside ``claims`` are always included, and
        their sets' names are accepted too: ``sections=["mine"]`` with the claims of set
        ``mine`` gives only those (no built-in set is even imported).
    claims : iterable of ClaimSource, default ()
        Outside claim sets (see :func:`claims_from`), e.g. ``["my_claims.py"]``.
    installed : bool, default True
        Include the claim sets of the entry-point group ``aptheory.claimsets``.
    ids : sequence of str, optional
        Keep only these claims, in this order (see :func:`select_claims`).

    Returns
    -------
    tuple of Claim
        Built-in claims in the supplement's order, then installed sets, then outside ones.

    Raises
    ------
    ValueError
        For an unknown section or claim id, or a claim id defined twice
        (:class:`ClaimSetError` for a claim set that cannot be loaded).

    Examples
    --------
    >>> [c.id for c in collect_claims(["ranking"], ids=["eq3-row-sum"])]
    ['eq3-row-sum']
    """
    if isinstance(sections, str):
        raise TypeError("sections must be a sequence of section names, not a string")
    if isinstance(claims, str | os.PathLike | ModuleType | ClaimSet | Claim):
        claims = [claims]
    extra = installed_claim_sets() if installed else {}
    clash = sorted(set(extra) & (set(SECTIONS) | set(SECTION_ALIASES)))
    if clash:
        raise ClaimSetError(f"installed claim set(s) {clash} reuse a built-in section name")
    outside: list[Claim] = []
    seen: list[str] = []
    for source in claims:
        key = os.fspath(source) if isinstance(source, str | os.PathLike) else None
        if key is not None:
            key = str(Path(key).resolve()) if _looks_like_file(key) else key
            if key in seen:  # the same file or module named twice
                continue
            seen.append(key)
        outside.extend(claims_from(source))
    if sections is None:
        built_in, chosen_extra = None, list(extra)
    else:
        names = _unique(sections)
        own = {c.section for c in outside}
        unknown = [n for n in names if n not in SECTIONS and n not in extra and n not in own]
        if unknown:
            known = ", ".join([*SECTIONS, *extra, *sorted(s for s in own if s)])
            raise ValueError(f"unknown claim section(s) {unknown}; known: {known}")
        built_in = [n for n in names if n in SECTIONS]
        chosen_extra = [n for n in names if n in extra]
    out = list(registry(built_in)) if built_in is None or built_in else []
    for name in chosen_extra:
        out.extend(_claims_of_entry_point(extra[name]))
    out.extend(outside)
    ids_all = [c.id for c in out]
    dupes = sorted({i for i in ids_all if ids_all.count(i) > 1})
    if dupes:
        raise ValueError(f"duplicate claim ids: {dupes}")
    result = tuple(out)
    return result if ids is None else select_claims(result, ids)


def select_claims(claims: Sequence[Claim], ids: Sequence[str]) -> tuple[Claim, ...]:
    """The claims with these ids, in the order of ``ids`` (repeats are harmless).

    Raises
    ------
    ValueError
        For an id that none of ``claims`` has; the message suggests the closest ids.

    Examples
    --------
    >>> from aptheory.checking.registry import registry
    >>> [c.id for c in select_claims(registry(["ranking"]), ["eq3-row-sum", "eq3-row-sum"])]
    ['eq3-row-sum']
    """
    if isinstance(ids, str):
        raise TypeError("ids must be a sequence of claim ids, not a string")
    by_id = {c.id: c for c in claims}
    out: list[Claim] = []
    for claim_id in ids:
        if claim_id not in by_id:
            close = difflib.get_close_matches(str(claim_id), list(by_id), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise ValueError(
                f"unknown claim id {claim_id!r}{hint} (see `aptheory audit --json` for all ids)"
            )
        if all(c.id != claim_id for c in out):
            out.append(by_id[claim_id])
    return tuple(out)
