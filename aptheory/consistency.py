"""Moved to :mod:`aptheory.sections.consistency` (``numerics`` and ``symbolic``); the public
names of 0.1 stay importable from here."""

from aptheory.sections.consistency.numerics import *  # noqa: F403
from aptheory.sections.consistency.numerics import __all__ as _numerics
from aptheory.sections.consistency.symbolic import *  # noqa: F403
from aptheory.sections.consistency.symbolic import __all__ as _symbolic

__all__ = sorted([*_numerics, *_symbolic])
