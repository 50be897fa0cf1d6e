"""Section 4: the derived suprema of lhs / rhs, against the claims' own checks."""

from fractions import Fraction

import numpy as np

from aptheory.sections.consistency import claims as cc
from aptheory.sections.consistency.tightness import (
    ce_logk_supremum,
    kink_subgradient_supremum,
    known_suprema,
)

CLAIMS = {c.id: c for c in cc.CLAIMS.claims()}


def test_ce_logk_supremum_is_attained_at_equal_logits():
    sup = ce_logk_supremum()
    assert sup.attained and sup.value == 1
    for k in (2, 3, 6):
        lhs, rhs = cc.ce_within_log_k((np.full(k, 0.7), k - 1))
        assert abs(lhs / rhs - 1) < 1e-12
    rng = np.random.default_rng(1)
    for _ in range(50):
        x = rng.normal(0.0, 3.0, size=4)
        lhs, rhs = cc.ce_within_log_k((x, 1))
        assert lhs / rhs < 1 - 1e-6  # unequal logits stay below


def test_kink_subgradient_ratio_is_one_minus_h0():
    sup = kink_subgradient_supremum()
    for h in (Fraction(0), Fraction(1, 4), Fraction(1, 2), Fraction(1)):
        for z in (Fraction(-3), Fraction(0), Fraction(7, 8)):
            for y in (0, 1):
                lhs, rhs = cc.kink_subgradient((h, z, y))
                assert lhs / rhs == 1 - h <= sup.value
    lhs, rhs = cc.kink_subgradient((Fraction(0), Fraction(1, 2), 1))
    assert lhs == rhs  # attained


def test_known_suprema_name_the_inequality_claims():
    ids = {s.claim_id for s in known_suprema()}
    inequalities = {cid for cid, c in CLAIMS.items() if c.kind == "le"}
    assert ids == inequalities - {"eq33-softmax-stable"}


def test_found_tightness_reaches_the_supremum(audit_results):
    for sup in known_suprema():
        found = audit_results[sup.claim_id].tightness
        assert found is not None and abs(found - float(sup.value)) <= 1e-9


def test_kink_no_update_text_attributes_no_framework():
    c = CLAIMS["eq38-kink-no-update"]
    assert "autodiff" not in c.statement + c.note
    assert "g_y = H(0) - 1 = 0" in c.statement
