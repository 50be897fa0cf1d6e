"""Section package `smoothed` (see :mod:`aptheory.sections`)."""
