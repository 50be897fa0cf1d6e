"""Moved to :mod:`aptheory.core.fastap`; its public names stay importable from here."""

from aptheory.core.fastap import *  # noqa: F403
from aptheory.core.fastap import __all__  # noqa: F401
