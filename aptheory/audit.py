"""Moved to :mod:`aptheory.checking.audit`; its public names stay importable from here."""

from aptheory.checking.audit import *  # noqa: F403
from aptheory.checking.audit import __all__  # noqa: F401
