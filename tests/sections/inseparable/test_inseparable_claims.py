"""The claims of Section 3 (aptheory.sections.inseparable.claims): metadata and findings.

That every claim has its documented status and a refuted twin is tested once for the whole
registry (tests/checking); here: what is specific to this section.
"""

from __future__ import annotations

import re

from aptheory.checking.registry import registry
from aptheory.sections.inseparable.claims import CLAIMS, RUN

SECTION = CLAIMS.claims()


def test_ids_are_unique_and_named_after_their_equation():
    ids = [c.id for c in SECTION]
    assert len(ids) == len(set(ids))
    for c in SECTION:
        assert c.id.startswith("eq")
        first = re.findall(r"\d+", c.equation)[0]
        assert c.id.startswith(f"eq{first}"), (c.id, c.equation)


def test_every_equation_16_to_32_is_covered():
    covered = set()
    for c in SECTION:
        for a, b in re.findall(r"\((\d+)\)(?:-\((\d+)\))?", c.equation):
            covered.update(range(int(a), int(b or a) + 1))
    assert set(range(16, 33)) <= covered, sorted(set(range(16, 33)) - covered)


def test_the_registry_discovers_the_section():
    assert [c.id for c in registry(["inseparable"])] == [c.id for c in SECTION]
    assert {c.section for c in SECTION} == {"inseparable"}


def test_float_claims_say_why_their_tolerance():
    for c in SECTION:
        if not c.exact:
            assert c.tolerance_reason and 0 < c.tolerance <= 2e-5
        if c.expected != "holds":
            assert c.note and c.condition and c.unconditioned is not None
    runs = [c for c in SECTION if c.tolerance_reason == RUN.reason]
    assert len(runs) == 14 and all(c.tolerance == RUN.value for c in runs)


def test_le_claims_never_exceed_their_bound(audit_results):
    for c in SECTION:
        r = audit_results[c.id]
        assert r.examples >= 1
        if c.kind == "le" and r.status == "holds" and r.tightness is not None:
            assert r.tightness <= 1.0 + 1e-9, c.id


def test_the_ties_remark_fails_exactly_under_h0_zero(audit_results):
    result = audit_results["eq28-harmonic-step"]
    example = result.counterexample["example"]
    assert example.at_zero == 0.0
    assert result.counterexample["lhs"] > result.counterexample["rhs"]


def test_offline_bound_29_needs_its_condition_only_in_the_proof(audit_results):
    # (29) is proved through (28), which needs H(0) >= 1/2 (eq28-run breaks at H(0) = 0);
    # the unconditioned search with H(0) = 0 found no counterexample to (29) itself.
    claim = next(c for c in SECTION if c.id == "eq29-offline-bound")
    assert claim.condition and claim.unconditioned is not None
    assert audit_results["eq28-run"].status == "conditional"
    assert audit_results["eq28-run"].counterexample["example"].at_zero == 0.0
    assert audit_results["eq29-offline-bound"].status == claim.expected == "holds"


def test_the_printed_update_breaks_26_and_27_only_when_p_varies(audit_results):
    for cid in ("eq16-printed-update-eq26", "eq16-printed-update-eq27"):
        r = audit_results[cid]
        assert r.status == "conditional"
        ex = r.counterexample["example"]
        assert ex.update == "printed" and ex.setting == "online"
        assert r.counterexample["lhs"] > r.counterexample["rhs"]
    # the shrunk counterexample to (26) is the smallest of the overshoot family
    ex = audit_results["eq16-printed-update-eq26"].counterexample["example"]
    assert ex.data == "overshoot" and ex.max_positives == 4 and ex.T == 3


def test_inseparability_forces_z_and_the_first_terms(audit_results):
    z = audit_results["eq28-Z-ge-quarter-delta"]
    assert z.status == "conditional" and z.tightness == 1.0  # attained (a tie)
    ex = z.counterexample["example"]  # without a plant: separable, Z(u) < delta/4
    assert ex.plant == "none" and ex.pairs == ()
    assert audit_results["eq31-first-term-ge-two-thirds"].tightness == 1.0
    vac = audit_results["eq29-vacuous-small-P"]
    assert vac.status == "conditional"
    assert vac.counterexample["example"].sample.n_positive >= 6  # the condition |P| <= 5 bites
