"""Moved to :mod:`aptheory.sections.detection.model`; its public names stay importable from here."""

from aptheory.sections.detection.model import *  # noqa: F403
from aptheory.sections.detection.model import __all__  # noqa: F401
