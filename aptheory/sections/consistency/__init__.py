"""Section package `consistency` (see :mod:`aptheory.sections`)."""
