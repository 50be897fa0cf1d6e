"""Moved to :mod:`aptheory.sections.detection.losses`; its public names stay importable here."""

from aptheory.sections.detection.losses import *  # noqa: F403
from aptheory.sections.detection.losses import __all__  # noqa: F401
