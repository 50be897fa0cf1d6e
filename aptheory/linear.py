"""Moved to :mod:`aptheory.core.linear`; its public names stay importable from here."""

from aptheory.core.linear import *  # noqa: F403
from aptheory.core.linear import __all__  # noqa: F401
