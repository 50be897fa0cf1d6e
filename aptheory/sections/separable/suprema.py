"""How tight each inequality of Section 1 can be: the supremum of lhs / rhs, in closed form.

An audit reports the largest lhs / rhs it found (the *tightness*). These functions give the
true supremum where it has a closed form, with the proof in the docstring, so a reported
tightness can be read as "found x of a known y". :data:`KNOWN_SUPREMA` lists them by claim id
(and says where there is none). Notation: p = |P|, m = |N|, h = H(0), D = max ||f_i - f_j||,
and the harmonic mass ``S(p, m) = m (H_{m+p} - H_m) = sum_{r=0}^{p-1} m / (m + 1 + r)``
(:func:`aptheory.sections.separable.bounds.harmonic_mass`).

- :func:`norm_bound_ratio_supremum` - ``eq7-norm-bound``, per size: S(p, m)^2 / (p m);
- :func:`norm_bound_ratio_supremum_all_sizes` - its supremum over all sizes, u (2 - u) with
  u = -W_0(-2 e^-2), about 0.647610 (approached as m -> inf with p / m -> 3.9216);
- :func:`norm_bound_extremal_ordering` - the family that approaches it;
- :func:`step_mass_ratio_supremum` - ``eq10-step-mass``.

The per-size formulas are checked against a brute force over every weak ordering of up to
8 boxes (:func:`aptheory.strategies.all_weak_orderings`) in the tests.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from aptheory.checking.claim import KnownSupremum  # re-exported: the one record type
from aptheory.core.exact import exact_tie_value
from aptheory.core.validation import check_int
from aptheory.sections.separable.bounds import harmonic_mass

__all__ = [
    "KNOWN_SUPREMA",
    "KnownSupremum",
    "norm_bound_best_ratio",
    "norm_bound_extremal_ordering",
    "norm_bound_ratio_supremum",
    "norm_bound_ratio_supremum_all_sizes",
    "step_mass_ratio_supremum",
]


def _sizes(n_positive: int, n_negative: int) -> tuple[int, int]:
    return check_int(n_positive, "n_positive", 1), check_int(n_negative, "n_negative", 1)


def norm_bound_ratio_supremum(n_positive: int, n_negative: int) -> Fraction:
    """sup ||sum_ij L_ij (f_i - f_j)||^2 / (p m D^2) over orderings and features, H(0) in {1/2, 1}.

    Equals ``S(p, m)^2 / (p m)`` (eq. 7, line 3, ``eq7-norm-bound``).

    Proof. Upper bound: ||sum L_ij (f_i - f_j)|| <= (sum L_ij) D and sum_ij L_ij <= S(p, m)
    for h in {1/2, 1} (the largest step mass, ``eq7-norm-bound-sharp``). Approach: the
    negatives at one point, the positives at f_r = f_neg + (-K, r), r = 0, ..., p - 1, and a
    theta ranking every negative above every positive with the positives distinct
    (:func:`norm_bound_extremal_ordering`): positive r has rank m + p - r, so
    sum L_ij = S(p, m) with no tie (h plays no part), and every f_i - f_j is within p of
    (-K, 0), so the ratio tends to S^2 / (p m) as K -> inf. It is attained for p = 1
    (m / (m + 1)^2, every pair difference equal) and only approached for p >= 2 (equality
    needs every f_i - f_j equal, which ties the positives and lowers the mass).
    """
    p, m = _sizes(n_positive, n_negative)
    return harmonic_mass(p, m) ** 2 / (p * m)


def _lambert_w0(y: float) -> float:
    """The principal branch W_0(y) for -1/e < y < 0 by Newton's method (w e^w = y)."""
    w = -0.5
    for _ in range(100):
        step = (w * math.exp(w) - y) / (math.exp(w) * (w + 1.0))
        w -= step
        if abs(step) < 1e-16:
            break
    return w


def norm_bound_best_ratio() -> float:
    """p / m where S(p, m)^2 / (p m) approaches its supremum over sizes: y - 1 = 3.92155...

    y = 2 / u solves ln y = 2 (y - 1) / y (see :func:`norm_bound_ratio_supremum_all_sizes`).
    """
    return 2.0 / -_lambert_w0(-2.0 * math.exp(-2.0)) - 1.0


def norm_bound_ratio_supremum_all_sizes() -> float:
    """sup over all sizes of S(p, m)^2 / (p m): u (2 - u), u = -W_0(-2 e^-2) = 0.406375...

    About 0.647610; not attained, approached as m -> inf with p / m -> 3.9216.

    Proof. 1 / k <= ln(k / (k - 1)), so S(p, m) <= m ln(1 + x) with x = p / m, and
    S^2 / (p m) <= g(x) = ln^2(1 + x) / x; S(p, m) / (m ln(1 + x)) -> 1 as m -> inf at fixed x.
    g'(x) = 0 gives ln y = 2 (y - 1) / y with y = 1 + x, i.e. u e^-u = 2 e^-2 for u = 2 / y,
    whose root other than u = 2 is u = -W_0(-2 e^-2); there g = ln^2(y) / (y - 1) = u (2 - u).
    """
    u = -_lambert_w0(-2.0 * math.exp(-2.0))
    return u * (2.0 - u)


def norm_bound_extremal_ordering(
    n_positive: int, n_negative: int, scale: int = 10**6
) -> tuple[tuple[tuple[int, int], ...], tuple[bool, ...], tuple[int, int]]:
    """``(features, positive, theta)``: the family that approaches the supremum of eq7-norm-bound.

    Negatives at (0, 0), positive r at (-K, r) with K = ``scale`` * p, theta = (1, 1): every
    negative (score 0) strictly above every positive (score r - K < 0), positives distinct.
    The ratio is S^2 (1 + O(p^2 / K^2)) / (p m) from below.
    """
    p, m = _sizes(n_positive, n_negative)
    k = check_int(scale, "scale", 1) * p
    feats = tuple((-k, r) for r in range(p)) + ((0, 0),) * m
    return feats, (True,) * p + (False,) * m, (1, 1)


def step_mass_ratio_supremum(n_positive: int, n_negative: int, at_zero: Any) -> Fraction:
    """max sum_ij L_ij / (p m / (m + 1)) over all orderings (``eq10-step-mass``), attained.

    1 for h = 0; ``S(p, m) (m + 1) / (p m)`` for h in {1/2, 1} (< 1 for p >= 2).

    Proof. h = 0: every positive tied with the others and below every negative has
    rank 1 + m (ties count 0) and row sum m / (m + 1), the bound of each row. h in {1/2, 1}:
    the largest step mass is S(p, m) (positives distinct, all below every negative; the
    brute force over :func:`aptheory.strategies.weak_orderings` confirms it for p + m <= 8).
    """
    p, m = _sizes(n_positive, n_negative)
    h = exact_tie_value(at_zero)
    if h == 0:
        return Fraction(1)
    if h not in (Fraction(1, 2), Fraction(1)):
        raise ValueError(f"at_zero must be 0, 1/2 or 1 (the values with a proof), got {at_zero!r}")
    return harmonic_mass(p, m) * (m + 1) / (p * m)


# ------------------------------------------------------------------------- the registry


def _known(
    claim: str, per_size: str, all_sizes: float | None, attained: bool, reason: str
) -> KnownSupremum:
    """A :class:`~aptheory.checking.claim.KnownSupremum` in this module's order of fields.

    ``claim``: the claim id; ``per_size``: the supremum for given sizes, as a formula
    (``""`` when none is known); ``all_sizes``: the supremum over every size (``None`` when
    none is known); ``attained``: whether some example reaches it; ``reason``: one line of
    proof, or why there is no closed form. The record keeps ``.claim`` and ``.all_sizes``.
    """
    return KnownSupremum(claim, all_sizes, attained, reason, per_size=per_size)


KNOWN_SUPREMA: tuple[KnownSupremum, ...] = (
    _known(
        "eq7-norm-bound",
        "S(p, m)^2 / (p m) (h in {1/2, 1})",
        norm_bound_ratio_supremum_all_sizes(),
        False,
        "||g|| <= S D; the family of norm_bound_extremal_ordering approaches it; over sizes "
        "S^2/(pm) <= ln^2(1 + x)/x, maximal u (2 - u) at x = p/m = 3.9216",
    ),
    _known(
        "eq7-norm-bound-sharp",
        "1",
        1.0,
        True,
        "attained at p = 1 (one positive below negatives sharing one feature vector)",
    ),
    _known(
        "eq4-max-ge-corrected",
        "1",
        1.0,
        True,
        "h / (p + h m) is the minimum: p - 1 positives on top, the last one tied with every "
        "negative",
    ),
    _known(
        "eq4-max-ge-inverse-size",
        "1",
        1.0,
        True,
        "under H(0) = 1 the same tie ordering gives max L = 1 / (p + m)",
    ),
    _known("eq4-sum-ge-max", "1", 1.0, True, "one non-zero L_ij"),
    _known(
        "eq10-step-mass",
        "1 (h = 0); S(p, m) (m + 1) / (p m) (h in {1/2, 1})",
        1.0,
        True,
        "h = 0: tied positives below every negative give every row m / (m + 1)",
    ),
    _known(
        "eq4-margin", "1", 1.0, True, "a step whose only non-zero L_ij is on a pair at the margin"
    ),
    _known("eq6-cauchy-schwarz", "1", 1.0, True, "theta(t) parallel to theta*"),
    _known(
        "eq7-drop-cross", "1", 1.0, True, "the cross term is 0 at theta = 0 and at tie-only steps"
    ),
    *(
        _known(
            cid,
            "1",
            1.0,
            True,
            "first step of one 1+1 pair parallel to theta* at the "
            "margin (the same at h = 1/2 for the corrected forms)",
        )
        for cid in (
            "eq4-step-gain",
            "eq5-lower-bound",
            "eq5-lower-bound-corrected",
            "eq6-linear-growth",
            "eq6-linear-growth-corrected",
            "eq9-sandwich",
            "eq10-sharper",
        )
    ),
    _known(
        "eq1-margin",
        "1 / (1 + 1e-9)",
        1.0 / (1.0 + 1e-9),
        True,
        "the generator puts one pair of every sample at epsilon (1 + 1e-9)",
    ),
    _known(
        "eq7-step-growth",
        "",
        1.0,
        False,
        "(||theta(t)||^2 + ||g||^2 + 2 cross) / (||theta(t)||^2 + C) -> 1 as ||theta(t)||^2 / C "
        "grows; no closed form at given sizes",
    ),
    _known(
        "eq8-norm-upper",
        "",
        None,
        False,
        "open; at most max_n S_n^2 D_n^2 / C <= u (2 - u), as the cross term is <= 0",
    ),
    _known("eq10-steps", "", None, False, "open: depends on the run; 1/4 at one 1+1 pair"),
    _known(
        "eq10-steps-corrected", "", None, False, "open: depends on the run; 1/4 at one 1+1 pair"
    ),
)
