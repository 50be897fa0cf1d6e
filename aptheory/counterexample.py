"""Moved to :mod:`aptheory.sections.smoothed.model`; its public names stay importable from here."""

from aptheory.sections.smoothed.model import *  # noqa: F403
from aptheory.sections.smoothed.model import __all__  # noqa: F401
