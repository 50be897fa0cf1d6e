"""The one-ordering claims of Section 1 ((4), (7), (10)) and the closed-form suprema by value.

``test_separable_bounds.py`` recomputes the constants c, C, C / c^2 and the corrected ones;
here each claim that reads one ordering (features, labels, theta, H(0)) is compared, side by
side, with the printed formula recomputed in plain exact loops from docs/MATH.md:
rank(i) = 1 + sum_{k != i} H(s_k - s_i), L_ij = H(s_j - s_i) / rank(i),
g = sum_ij L_ij (f_i - f_j), D^2 = max_ij ||f_i - f_j||^2, S = sum_{r < |P|} |N| / (|N| + 1 + r).
Everything is exact (Fractions), so the comparison is equality: a constant changed by a
factor 2 or shifted by one fails here even when the changed bound still holds.
"""

from __future__ import annotations

import math
from fractions import Fraction

from hypothesis import given, settings

from aptheory.sections.separable.claims import CLAIMS
from aptheory.sections.separable.examples import Ordering
from aptheory.sections.separable.suprema import (
    norm_bound_ratio_supremum,
    norm_bound_ratio_supremum_all_sizes,
    step_mass_ratio_supremum,
)

BY_ID = {c.id: c for c in CLAIMS.claims()}


def _h(x: int, h0: Fraction) -> Fraction:
    return Fraction(1) if x > 0 else (Fraction(0) if x < 0 else h0)


def printed(o: Ordering) -> dict:
    """L_ij, g, D^2, S and the sizes of ``o``, from the printed formulas."""
    s = [sum(a * b for a, b in zip(f, o.theta, strict=True)) for f in o.features]
    pos = [k for k, v in enumerate(o.positive) if v]
    neg = [k for k, v in enumerate(o.positive) if not v]
    h0 = Fraction(o.at_zero)
    n = len(s)
    lij = {}
    for i in pos:
        rank = 1 + sum((_h(s[k] - s[i], h0) for k in range(n) if k != i), Fraction(0))
        for j in neg:
            lij[i, j] = _h(s[j] - s[i], h0) / rank
    dim = len(o.theta)
    g = [
        sum((v * (o.features[i][d] - o.features[j][d]) for (i, j), v in lij.items()), Fraction(0))
        for d in range(dim)
    ]
    d_sq = max(
        sum((o.features[i][d] - o.features[j][d]) ** 2 for d in range(dim))
        for i in pos
        for j in neg
    )
    p, m = len(pos), len(neg)
    return {
        "p": p,
        "m": m,
        "h": h0,
        "max": max(lij.values()),
        "sum": sum(lij.values(), Fraction(0)),
        "g_sq": sum((v * v for v in g), Fraction(0)),
        "g_theta": sum((a * b for a, b in zip(g, o.theta, strict=True)), Fraction(0)),
        "cross": sum((v * (s[i] - s[j]) for (i, j), v in lij.items()), Fraction(0)),
        "D2": d_sq,
        "S": sum((Fraction(m, m + 1 + r) for r in range(p)), Fraction(0)),
    }


def _orderings():
    """Erring orderings with |P| >= 2 (so a factor in S or in |P| shows), ties, 3 tie values."""
    feats = ((0, 0), (1, -1), (2, 1), (1, 1), (3, 0), (0, 2))
    labels = (True, True, False, True, False, False)
    for theta in ((0, 0), (1, 0), (1, 1), (-1, 2), (2, -1)):
        for h in (Fraction(1), Fraction(1, 2), Fraction(0)):
            yield Ordering(feats, labels, theta, h)
    # every negative above distinct positives: the step mass is the harmonic mass S
    yield Ordering(
        ((-5, 0), (-5, 1), (-5, 2), (0, 0), (0, 0)), (True,) * 3 + (False,) * 2, (1, 1), Fraction(1)
    )
    # everything tied: every row is h |N| / (1 + h (n - 1))
    yield Ordering(((1,), (1,), (1,), (1,)), (True, True, False, False), (3,), Fraction(1, 2))


ORDERINGS = list(_orderings())


def _sides(cid, o):
    return BY_ID[cid].check(o)


def test_eq4_and_eq10_sides_by_value():
    for o in ORDERINGS:
        w = printed(o)
        if w["sum"] == 0:
            continue
        p, m, h = w["p"], w["m"], w["h"]
        assert _sides("eq4-sum-ge-max", o) == (w["max"], w["sum"])
        assert _sides("eq4-max-ge-inverse-size", o) == (Fraction(1, p + m), w["max"])
        if h > 0:
            assert _sides("eq4-max-ge-corrected", o) == (h / (p + h * m), w["max"])
        assert _sides("eq10-step-mass", o) == (w["sum"], Fraction(p * m, m + 1))


def test_eq7_sides_by_value():
    for o in ORDERINGS:
        w = printed(o)
        p, m = w["p"], w["m"]
        assert _sides("eq7-norm-bound", o) == (w["g_sq"], p * m * w["D2"])
        assert _sides("eq7-norm-bound-sharp", o) == (w["g_sq"], w["S"] ** 2 * w["D2"])
        assert _sides("eq7-cross-identity", o) == (w["g_theta"], w["cross"])


def test_the_orderings_have_every_term_nonzero():
    masses = [printed(o)["sum"] for o in ORDERINGS]
    assert sum(1 for v in masses if v > 0) >= 15
    assert any(printed(o)["p"] >= 3 for o in ORDERINGS)


def _tie_values_drawn(claim_id: str, n: int = 80) -> set[Fraction]:
    seen: set[Fraction] = set()
    strategy = BY_ID[claim_id].strategy()

    @settings(max_examples=n, database=None, derandomize=True, deadline=None)
    @given(strategy)
    def collect(ex):
        seen.add(Fraction(ex.at_zero))

    collect()
    return seen


def test_the_positive_tie_claims_search_both_tie_values():
    """The claims of (7) conditional on H(0) in {1/2, 1} and the corrected runs of (5), (6),
    (10) must be searched at both tie values, not only at H(0) = 1."""
    for cid in (
        "eq7-norm-bound-sharp",
        "eq7-norm-bound",
        "eq5-lower-bound-corrected",
        "eq10-steps-corrected",
        "eq10-sharper",
    ):
        assert _tie_values_drawn(cid) == {Fraction(1), Fraction(1, 2)}, cid


def test_the_closed_form_suprema_by_value():
    """suprema.py: S(p, m)^2 / (p m) (eq7-norm-bound), S(p, m) (m + 1) / (p m) and 1 at
    h = 0 (eq10-step-mass), and u (2 - u) over all sizes with u e^-u = 2 e^-2, u < 2."""
    for p in range(1, 6):
        for m in range(1, 5):
            s = sum((Fraction(m, m + 1 + r) for r in range(p)), Fraction(0))
            assert norm_bound_ratio_supremum(p, m) == s**2 / (p * m)
            for h in (Fraction(1), Fraction(1, 2)):
                assert step_mass_ratio_supremum(p, m, h) == s * (m + 1) / (p * m)
            assert step_mass_ratio_supremum(p, m, Fraction(0)) == 1
    u = 0.4  # u e^-u = 2 e^-2 by bisection on (0, 1): float64 to 1e-15, so rel 1e-12 is ample
    lo, hi = 0.0, 1.0
    for _ in range(200):
        u = (lo + hi) / 2
        lo, hi = (u, hi) if u * math.exp(-u) < 2 * math.exp(-2) else (lo, u)
    assert abs(norm_bound_ratio_supremum_all_sizes() - u * (2 - u)) < 1e-12
