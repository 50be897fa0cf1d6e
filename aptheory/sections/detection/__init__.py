"""Section package `detection` (see :mod:`aptheory.sections`)."""
