"""The checking layer: claims, their search, the registry and the audit.

- :mod:`aptheory.checking.claim` - :class:`Claim` (validated when built), :class:`Tolerance`,
  :data:`EXACT` and the registration form :class:`ClaimSet`;
- :mod:`aptheory.checking.search` - :func:`run_claim` and :class:`ClaimResult`;
- :mod:`aptheory.checking.registry` - the built-in claim sets, in the supplement's order;
- :mod:`aptheory.checking.audit` - :func:`run_audit` and the text, Markdown and JSON reports.
"""

from aptheory.checking.claim import EXACT, Claim, ClaimSet, Tolerance, to_jsonable
from aptheory.checking.search import PROFILES, ClaimResult, run_claim

__all__ = [
    "EXACT",
    "PROFILES",
    "Claim",
    "ClaimResult",
    "ClaimSet",
    "Tolerance",
    "run_claim",
    "to_jsonable",
]
