"""The claims of Section 4: registration and what their audit results say (audit_results)."""

from fractions import Fraction

from aptheory.checking.registry import registry
from aptheory.sections.consistency import claims as cc

CLAIMS = {c.id: c for c in cc.CLAIMS.claims()}


def test_registry_discovers_the_section():
    ids = [c.id for c in registry(["consistency"])]
    assert ids == list(CLAIMS)
    equations = " ".join(c.equation for c in CLAIMS.values())
    for k in (33, 34, 35, 36, 38):
        assert f"({k}" in equations or f"{k})" in equations


def test_kink_counterexamples(audit_results):
    x, y = audit_results["eq38-hinge-gradient"].counterexample["example"]
    # the kink of label y: x_y = 1 with (x_1, x_2) = (-x, x), i.e. x = -1 for y = 0, 1 for y = 1
    assert x == (1.0 if y == 1 else -1.0)
    h, _ = audit_results["eq38-kink-no-update"].counterexample["example"]
    assert h in (Fraction(0), Fraction(1, 2))


def test_subgradient_is_tight_at_h0_zero(audit_results):
    assert audit_results["eq38-kink-subgradient"].tightness == 1.0
