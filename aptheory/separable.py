"""Moved to :mod:`aptheory.sections.separable.model`; its public names stay importable from here."""

from aptheory.sections.separable.model import *  # noqa: F403
from aptheory.sections.separable.model import __all__  # noqa: F401
