"""Exhaustive small cases, derived suprema and coverage: the audit keys of issue 11."""

import json
from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import strategies as st

from aptheory.checking.audit import AuditReport, render_json, render_markdown, run_audit
from aptheory.checking.claim import EXACT, Claim, ClaimSet, KnownSupremum
from aptheory.checking.exhaustive import (
    MAX_SIZE,
    TIE_VALUES,
    Exhaustive,
    OrderingCase,
    count_cases,
    count_orderings,
    merge_exhaustive,
    orderings,
    run_exhaustive,
)
from aptheory.checking.registry import registry
from aptheory.checking.search import run_claim
from aptheory.strategies import all_weak_orderings, count_weak_orderings

NEW_KEYS = ("exhaustive", "supremum", "supremum_reason", "coverage")

# the claims item 1 of issue 11 names, and the others whose check consumes only an ordering
EXHAUSTIVE_IDS = {
    "eq17-one-minus-ap",
    "eq3-row-sum",
    "eq3-row-bound",
    "eq3-row-bound-sharp",
    "eq4-sum-ge-max",
    "eq4-max-ge-inverse-size",
    "eq4-max-ge-inverse-size-half",
    "eq4-max-ge-corrected",
    "eq7-cross-identity",
    "eq7-cross-term",
    "eq7-norm-bound",
    "eq7-norm-bound-sharp",
    "eq10-step-mass",
    "eq19-surrogate-ge-ap-loss",
    "eq23-grad-sq-le-l-over-delta",
    "eq23-sharper-by-P",
    "eq28-harmonic-step",
    "eq30-precision-identity",
    "eq30-surrogate-le-precision-Z",
}


# ------------------------------------------------------------------------------ counting


def test_counts_are_macmahons_and_match_the_enumeration():
    for p in range(0, 7):
        for n in range(0, 7):
            if p + n:
                assert count_orderings(p, n) == count_weak_orderings(p, n)
    for size in range(1, 8):
        assert count_cases(size) == sum(1 for _ in orderings(size))
    assert count_cases(MAX_SIZE["quick"]) == 15_504
    assert count_cases(MAX_SIZE["thorough"]) == 182_688
    assert count_cases(8, min_negatives=1) == 15_504 - 255  # |N| = 0: 2^(p-1), p = 1..8
    with pytest.raises(ValueError):
        count_orderings(0, 0)


def test_enumeration_is_the_strategies_one():
    mine = [(s, p) for _, s, p in orderings(6)]
    theirs = [
        (tuple(int(v) for v in i.scores), tuple(i.positive.tolist())) for i in all_weak_orderings(6)
    ]
    assert mine == theirs
    case = OrderingCase(
        ((2, 1), (0, 1), (1, 0)), (2, 2, 2, 1, 0), (True, True, False, False, True), Fraction(0)
    )
    assert case.positive_blocks() == [0, 2] and case.n_positive == 3 and case.n_negative == 2


# ------------------------------------------------------------------------- toy claims


def _toy(check, *, tie_values=(0, Fraction(1, 2), 1), expected="holds", unconditioned=None, **kw):
    return Claim(
        id="toy",
        equation="(0)",
        statement="toy",
        check=check,
        strategy=lambda: st.just(None).map(
            lambda _: OrderingCase(((1, 0),), (0,), (True,), Fraction(1))
        ),
        twin=lambda c: (1, 0),
        twin_statement="always false",
        exact=True,
        expected=expected,
        condition="H(0) = 1" if unconditioned else None,
        unconditioned=unconditioned,
        exhaustive=Exhaustive(lambda c: [c], tie_values=tie_values),
        **kw,
    )


def _tied_mass(case):
    """H(0) times the number of boxes tied with the top box, against 2."""
    top = case.blocks[0]
    return case.at_zero * (top[0] + top[1] - 1), 2


def test_a_holding_claim_runs_every_case_and_keeps_its_status():
    claim = _toy(lambda c: (c.at_zero, 1))
    found = run_exhaustive(claim, 5)
    assert found.cases == 3 * count_cases(5) and found.counterexample is None
    assert found.tightness == 1.0 and found.as_dict() == {"max_size": 5, "cases": found.cases}
    r = run_claim(claim, 5, exhaustive=5)
    assert r.status == "holds" and r.exhaustive == {"max_size": 5, "cases": found.cases}


def test_a_violated_case_makes_the_claim_fail_with_the_smallest_case():
    claim = _toy(_tied_mass)
    found = run_exhaustive(claim, 6)
    ce = found.counterexample
    assert ce is not None and ce["lhs"] > ce["rhs"]
    assert len(ce["example"].scores) == 4  # 4 tied boxes at H(0) = 1: the smallest
    r = run_claim(claim, 5, exhaustive=6)  # the random search never draws it
    assert r.status == "fails" and r.counterexample["example"] == ce["example"]
    assert run_claim(claim, 5, exhaustive=3).status == "holds"  # too small to break


def test_outside_the_condition_a_violation_is_the_documented_conditional():
    free = lambda: st.just(OrderingCase(((1, 0),), (0,), (True,), Fraction(1)))  # noqa: E731
    claim = _toy(
        _tied_mass, tie_values=(Fraction(1, 2),), expected="conditional", unconditioned=free
    )
    found = run_exhaustive(claim, 5)
    assert found.counterexample is None  # under H(0) = 1/2, 5 tied boxes give 2 <= 2
    assert found.free_counterexample["example"].at_zero == 1
    r = run_claim(claim, 5, exhaustive=5)
    assert r.status == "conditional" and r.ok
    assert r.counterexample["example"].at_zero == 1
    assert run_claim(claim, 5, exhaustive=6).status == "fails"  # 6 tied: 5/2 > 2 inside
    # not conditional: the other tie values are not the claim's, and are not run
    plain = _toy(_tied_mass, tie_values=(Fraction(1, 2),))
    assert run_exhaustive(plain, 5).cases == count_cases(5)


def test_merge_keeps_the_search_counterexample_of_a_failing_claim():
    claim = _toy(_tied_mass)
    r = run_claim(claim, 5)
    found = run_exhaustive(claim, 6)
    failed = replace(r, status="fails", counterexample={"example": 1, "lhs": 3, "rhs": 2})
    merged = merge_exhaustive(failed, found)
    assert merged.status == "fails" and merged.counterexample["example"] == 1
    assert merge_exhaustive(r, None) is r


def test_adaptor_validation():
    with pytest.raises(ValueError, match="tie_values"):
        Exhaustive(lambda c: [c], tie_values=(Fraction(1, 3),))
    with pytest.raises(TypeError, match="build"):
        Exhaustive(None)
    with pytest.raises(ValueError, match="sizes"):
        Exhaustive(lambda c: [c], sizes=(8,))
    assert Exhaustive(lambda c: [c], sizes=(6, 8)).size_at(8) == 6
    assert Exhaustive(lambda c: [c], sizes=(6, 8)).size_at(10) == 8
    assert set(TIE_VALUES) == {0, Fraction(1, 2), 1}
    with pytest.raises(TypeError, match="exhaustive"):
        replace(_toy(lambda c: (0, 1)), exhaustive=3)


# --------------------------------------------------------------------------- suprema


def test_supremum_is_validated_and_attached_in_one_place():
    sup = KnownSupremum("toy", Fraction(1), True, "x = 10")
    assert sup.claim == "toy" and sup.all_sizes == 1.0 and "attained" in sup.summary()
    with pytest.raises(ValueError, match="names claim"):
        _toy(lambda c: (0, 1), supremum=KnownSupremum("other", 1, True, "r"))
    with pytest.raises(ValueError, match="inequality"):
        Claim(
            id="toy",
            equation="(0)",
            statement="x == x",
            check=lambda x: (x, x),
            strategy=lambda: st.integers(0, 3),
            twin=lambda x: (x, x + 1),
            twin_statement="off by one",
            exact=True,
            kind="eq",
            supremum=sup,
        )
    with pytest.raises(ValueError, match="reason"):
        KnownSupremum("toy", 1, True, " ")
    cs = ClaimSet("toys")

    @cs.claim("toy", "(0)", "x <= 10", strategy=lambda: st.integers(0, 10), tol=EXACT)
    def toy(x):
        return x, 10

    @toy.twin("x <= 5")
    def _(x):
        return x, 5

    cs.suprema([sup])
    with pytest.raises(ValueError, match="twice"):
        cs.suprema([sup])
    with pytest.raises(ValueError, match="no claim"):
        cs.suprema([KnownSupremum("nope", 1, True, "r")])
    (claim,) = cs.claims()
    row = json.loads(render_json(run_audit(sections=[], claims=[cs], examples=20, progress=False)))[
        0
    ]
    assert claim.supremum is sup and row["supremum"] == 1.0 and "x = 10" in row["supremum_reason"]
    assert row["exhaustive"] is None and row["coverage"] is None


def test_old_names_of_the_supremum_record_still_import():
    from aptheory.sections.inseparable.tightness import KnownSupremum as Inseparable
    from aptheory.sections.separable.suprema import KnownSupremum as Separable
    from aptheory.sections.smoothed.tightness import Supremum

    assert Inseparable is Separable is Supremum is KnownSupremum


def test_registry_declares_the_exhaustive_claims_and_the_suprema():
    claims = {c.id: c for c in registry()}
    assert {cid for cid, c in claims.items() if c.exhaustive is not None} == EXHAUSTIVE_IDS
    for c in claims.values():
        if c.supremum is not None:
            assert c.kind == "le" and c.supremum.claim_id == c.id
    assert (
        sum(c.supremum is not None and c.supremum.value is not None for c in claims.values()) >= 40
    )


# -------------------------------------------------------------------- the audit's rows


def test_every_row_has_the_new_keys(audit_results):
    for r in audit_results.values():
        row = r.as_dict()
        for key in NEW_KEYS:
            assert key in row, (r.id, key)
        if row["exhaustive"] is not None:
            assert (
                set(row["exhaustive"]) == {"max_size", "cases"} and row["exhaustive"]["cases"] > 0
            )
        assert (row["supremum"] is None) == (row["supremum_reason"] is None)
    json.dumps([r.as_dict() for r in audit_results.values()])


def test_exhaustive_rows_at_the_quick_profile(audit_results):
    for cid in EXHAUSTIVE_IDS:
        r = audit_results.get(cid)
        if r is None:  # its section is not audited in this session (APTHEORY_AUDIT_SECTIONS)
            continue
        assert r.exhaustive is not None and r.exhaustive["max_size"] >= 6, cid
    r = audit_results.get("eq17-one-minus-ap")
    if r is not None:
        assert r.exhaustive == {"max_size": 8, "cases": 3 * 15_504}


def test_declared_suprema_are_not_below_the_found_tightness(audit_results):
    claims = {c.id: c for c in registry()}
    for cid, r in audit_results.items():
        sup = claims[cid].supremum if cid in claims else None
        if sup is None or sup.value is None or r.tightness is None:
            continue
        tol = 1e-9 if claims[cid].exact else max(claims[cid].tolerance, 1e-9)
        assert r.tightness <= float(sup.value) * (1 + tol) + tol, (cid, r.tightness, sup.value)


def test_section_3_rows_report_coverage(audit_results):
    claims = {c.id: c for c in registry(["inseparable"])}
    seen = 0
    for cid in claims:
        r = audit_results.get(cid)
        if r is None or r.coverage is None:
            continue
        seen += 1
        share = [k for k in r.coverage if "inseparable" in k and k.endswith("share")]
        assert share and 0.9 <= r.coverage[share[0]] <= 1, (cid, r.coverage)
        assert {"sizes", "horizons", "examples"} <= set(r.coverage)
        if r.coverage["horizons"] is not None:  # a run claim: long runs, and large samples
            assert r.coverage["horizons"][1] >= 200, (cid, r.coverage["horizons"])
            assert r.coverage["sizes"]["P"][1] >= 30 and r.coverage["sizes"]["N"][1] >= 80
    if any(cid in audit_results for cid in claims):
        assert seen >= 10


def test_markdown_shows_exhaustive_and_known_supremum(audit_results):
    """The session audit's eq3-row-bound row (the quick profile), rendered on its own."""
    report = AuditReport(profile="quick", results=(audit_results["eq3-row-bound"],))
    md = render_markdown(report)
    assert "known sup." in md and "exhaustive" in md
    assert "46,512 cases, <= 8 boxes" in md
    row = json.loads(render_json(report))[0]
    assert row["exhaustive"] == {"max_size": 8, "cases": 46_512} and row["supremum"] == 1.0


def test_a_twin_the_random_search_misses_is_refuted_by_an_exhaustive_case():
    holds = _toy(lambda c: (c.at_zero, 1))
    claim = replace(holds, twin=_tied_mass)  # broken only by 4 tied boxes at H(0) = 1
    assert not run_claim(claim, 5).twin_refuted  # the strategy draws one box only
    r = run_claim(claim, 5, exhaustive=5)
    assert r.twin_refuted and r.ok
    assert len(r.twin_counterexample["example"].scores) == 4


def test_the_fast_exact_ranks_are_the_pairwise_definition():
    """exact_ranks / exact_primary_terms count ties by level: the same as sum_k H(s_k - s_i)."""
    import numpy as np

    from aptheory.core.exact import exact_primary_terms, exact_ranks, heaviside_exact

    def brute(s, p, h):
        pos = [k for k in range(len(s)) if p[k]]
        neg = [k for k in range(len(s)) if not p[k]]
        rows = []
        for i in pos:
            plus = 1 + sum(heaviside_exact(s[k] - s[i], h) for k in pos if k != i)
            ahead = sum((heaviside_exact(s[j] - s[i], h) for j in neg), Fraction(0))
            rows.append((plus + ahead, plus, ahead))
        terms = tuple(
            tuple(heaviside_exact(s[j] - s[i], h) / r[0] for j in neg)
            for i, r in zip(pos, rows, strict=True)
        )
        return rows, terms

    for _, scores, positive in orderings(5):
        for h in (*TIE_VALUES, Fraction(1, 3)):
            for s in (list(scores), np.asarray(scores, dtype=np.float64) / 2 - 0.25):
                s_exact = [Fraction(v) for v in (s.tolist() if hasattr(s, "tolist") else s)]
                rows, terms = brute(s_exact, positive, h)
                r = exact_ranks(s, np.asarray(positive), h)
                assert list(zip(r.rank, r.rank_plus, r.neg_ahead, strict=True)) == rows
                assert r.n_negative == len(positive) - sum(positive)
                assert exact_primary_terms(s, positive, at_zero=h) == terms
