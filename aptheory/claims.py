"""Moved to :mod:`aptheory.checking`; the names of version 0.1 stay importable from here."""

from aptheory.checking.claim import EXACT, Claim, ClaimSet, Tolerance, to_jsonable
from aptheory.checking.registry import registry
from aptheory.checking.search import PROFILES, ClaimResult, run_claim

__all__ = [
    "EXACT",
    "PROFILES",
    "Claim",
    "ClaimResult",
    "ClaimSet",
    "Tolerance",
    "registry",
    "run_claim",
    "to_jsonable",
]
