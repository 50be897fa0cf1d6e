"""Moved to :mod:`aptheory.core.ranking`; its public names stay importable from here."""

from aptheory.core.ranking import *  # noqa: F403
from aptheory.core.ranking import __all__  # noqa: F401
