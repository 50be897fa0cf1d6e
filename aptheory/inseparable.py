"""Moved to :mod:`aptheory.sections.inseparable.model`; its public names stay importable from here."""

from aptheory.sections.inseparable.model import *  # noqa: F403
from aptheory.sections.inseparable.model import __all__  # noqa: F401
