"""Section package `separable` (see :mod:`aptheory.sections`)."""
