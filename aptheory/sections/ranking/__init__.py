"""Section package `ranking` (see :mod:`aptheory.sections`)."""
