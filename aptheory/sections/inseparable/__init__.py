"""Section package `inseparable` (see :mod:`aptheory.sections`)."""
