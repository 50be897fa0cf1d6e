"""Moved to :mod:`aptheory.sections.separable`; the public names of 0.1 stay importable from here.

``simulate`` is now :func:`~aptheory.sections.separable.algorithm.simulate_error_driven` and
``Trace`` is :class:`~aptheory.sections.separable.algorithm.SeparableTrace`; the old names are
aliases.
"""

from aptheory.sections.separable.algorithm import (
    SeparableTrace,
    error_driven_update,
    makes_error,
    primary_terms_exact,
    simulate_error_driven,
)
from aptheory.sections.separable.bounds import (
    Constants,
    constants,
    max_term_lower_bound,
    max_term_lower_bound_of_size,
    min_max_term,
    pair_masses,
)
from aptheory.sections.separable.proof import ProofLine, proof_lines
from aptheory.sections.separable.sweeps import SweepRow, sweep

simulate = simulate_error_driven
Trace = SeparableTrace

__all__ = [
    "Constants",
    "ProofLine",
    "SeparableTrace",
    "SweepRow",
    "Trace",
    "constants",
    "error_driven_update",
    "makes_error",
    "max_term_lower_bound",
    "max_term_lower_bound_of_size",
    "min_max_term",
    "pair_masses",
    "primary_terms_exact",
    "proof_lines",
    "simulate",
    "simulate_error_driven",
    "sweep",
]
