"""The checking layer: claims, their search, the registry and the audit.

- :mod:`aptheory.checking.claim` - :class:`Claim` (validated when built), :class:`Tolerance`,
  :data:`EXACT` and the registration form :class:`ClaimSet`;
- :mod:`aptheory.checking.search` - :func:`run_claim` and :class:`ClaimResult`;
- :mod:`aptheory.checking.registry` - the built-in claim sets, in the supplement's order, and
  the installed and outside ones (:func:`collect_claims`);
- :mod:`aptheory.checking.audit` - :func:`run_audit` and the text, Markdown and JSON reports.

``docs/WORKBENCH.md`` shows how to write, run and audit a claim of your own.
"""

from aptheory.checking.claim import EXACT, Claim, ClaimSet, Tolerance, to_jsonable
from aptheory.checking.registry import ClaimSetError, collect_claims, load_claim_module
from aptheory.checking.search import PROFILES, ClaimResult, run_claim

__all__ = [
    "EXACT",
    "PROFILES",
    "Claim",
    "ClaimResult",
    "ClaimSet",
    "ClaimSetError",
    "Tolerance",
    "collect_claims",
    "load_claim_module",
    "run_claim",
    "to_jsonable",
]
