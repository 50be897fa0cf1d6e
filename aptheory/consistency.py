"""Moved to :mod:`aptheory.sections.consistency.model`; its public names stay importable from here."""

from aptheory.sections.consistency.model import *  # noqa: F403
from aptheory.sections.consistency.model import __all__  # noqa: F401
