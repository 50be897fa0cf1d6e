"""The 0.1 module aptheory.counterexample: every documented name still importable from it."""

import aptheory.counterexample as old
from aptheory.sections.smoothed import (
    certificates,
    dynamics,
    error_driven,
    numerics,
    symbolic,
    threshold,
)

NAMES_01 = {
    "FEATURES", "POSITIVE", "STALL_VALUE", "BasinMap", "Certificate", "DescentRun",
    "ErrorDrivenPath", "GradientPolynomials", "SymbolicF", "TauSweep", "F", "F_mp",
    "basin_map", "certify_box", "certify_chain_cone", "certify_dtheta2",
    "certify_threshold_staircase", "classify", "ESCAPE", "STALL", "StaircaseCertificate",
    "TRAP_A0", "TRAP_B0", "UNDECIDED", "chain_holds", "chain_threshold", "derive_symbolic",
    "error_driven", "gradient_descent", "gradient_polynomials", "grad_F", "grad_F_mp",
    "scores", "smoothed_ap_loss_symbolic", "stall_boundary", "tau_sweep",
}  # fmt: skip


def test_every_01_name_is_re_exported():
    assert set(old.__all__) == NAMES_01
    for name in NAMES_01:
        assert hasattr(old, name), name


def test_re_exports_are_the_new_objects():
    modules = (numerics, symbolic, threshold, certificates, dynamics, error_driven)
    for name in NAMES_01:
        homes = [m for m in modules if name in m.__all__]
        assert len(homes) == 1, (name, homes)
        assert getattr(old, name) is getattr(homes[0], name)
    assert old.F(3.0, 1.0) == numerics.F(3.0, 1.0)
