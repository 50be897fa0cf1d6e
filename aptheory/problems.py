"""Moved to :mod:`aptheory.sections.separable.problems`; the public names of 0.1 stay here.

``KINDS`` is now ``PROBLEM_KINDS`` (``KINDS`` is an alias).
"""

from aptheory.sections.separable.problems import *  # noqa: F403
from aptheory.sections.separable.problems import PROBLEM_KINDS
from aptheory.sections.separable.problems import __all__ as _moved

KINDS = PROBLEM_KINDS

__all__ = ["KINDS", *_moved]
