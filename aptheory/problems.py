"""Moved to :mod:`aptheory.sections.separable.problems`; its public names stay importable from here."""

from aptheory.sections.separable.problems import *  # noqa: F403
from aptheory.sections.separable.problems import __all__  # noqa: F401
