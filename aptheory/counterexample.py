"""Moved to :mod:`aptheory.sections.smoothed` (split by concern); the 0.1 names stay here.

Every public name that version 0.1 documented in ``aptheory.counterexample`` is importable
from this module; see :mod:`aptheory.sections.smoothed` for the module of each equation.
"""

from aptheory.sections.smoothed.certificates import (
    TRAP_A0,
    TRAP_B0,
    Certificate,
    StaircaseCertificate,
    certify_box,
    certify_chain_cone,
    certify_dtheta2,
    certify_threshold_staircase,
)
from aptheory.sections.smoothed.dynamics import (
    ESCAPE,
    STALL,
    UNDECIDED,
    BasinMap,
    DescentRun,
    TauSweep,
    basin_map,
    classify,
    gradient_descent,
    stall_boundary,
    tau_sweep,
)
from aptheory.sections.smoothed.error_driven import ErrorDrivenPath, error_driven
from aptheory.sections.smoothed.numerics import (
    FEATURES,
    POSITIVE,
    STALL_VALUE,
    F,
    F_mp,
    grad_F,
    grad_F_mp,
    scores,
)
from aptheory.sections.smoothed.symbolic import (
    GradientPolynomials,
    SymbolicF,
    derive_symbolic,
    gradient_polynomials,
    smoothed_ap_loss_symbolic,
)
from aptheory.sections.smoothed.threshold import chain_holds, chain_threshold

__all__ = [
    "ESCAPE",
    "FEATURES",
    "POSITIVE",
    "STALL",
    "STALL_VALUE",
    "TRAP_A0",
    "TRAP_B0",
    "UNDECIDED",
    "BasinMap",
    "Certificate",
    "DescentRun",
    "ErrorDrivenPath",
    "F",
    "F_mp",
    "GradientPolynomials",
    "StaircaseCertificate",
    "SymbolicF",
    "TauSweep",
    "basin_map",
    "certify_box",
    "certify_chain_cone",
    "certify_dtheta2",
    "certify_threshold_staircase",
    "chain_holds",
    "chain_threshold",
    "classify",
    "derive_symbolic",
    "error_driven",
    "grad_F",
    "grad_F_mp",
    "gradient_descent",
    "gradient_polynomials",
    "scores",
    "smoothed_ap_loss_symbolic",
    "stall_boundary",
    "tau_sweep",
]
