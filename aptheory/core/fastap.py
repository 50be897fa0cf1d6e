"""Exact AP-loss and its error-driven gradient in O((|P| + |N|) log |P|) time, O(|P| + |N|) memory.

The plain reference ``aptheory.ranking.ap_loss_grad`` builds the |P| x (|P| + |N|) pair
matrix; the official training code loops over the positives, each iteration vectorised over
all negatives. Both cost O(|P| |N|). This module computes the same numbers (see
``docs/MATH.md``) from counts and sums over intervals.

- Only the ranks of the positives matter, and every step function used here is constant or
  linear in ``s_j`` between the *breakpoints* of the positives: ``s_i`` for H, and
  ``s_i - delta``, ``s_i + delta`` for H~ (all three for eq. (16), which has H in the
  denominator and H~ in the numerator). So the negatives are never sorted: each score gets
  the *code* of its interval between the sorted breakpoints (``bin_index``: a cell table,
  binary search only near a breakpoint), and per-code counts and sums of ``s_j``
  (``np.bincount``) with prefix sums give, for every positive ``i``, the exact counts
  ``#{s_j > s_i}``, ``#{s_j = s_i}`` (Heaviside, tie value ``H(0) = at_zero``) and

      sum_j H~(s_j - s_i) = #{s_j > s_i + delta}
                            + sum over s_i - delta < s_j <= s_i + delta of
                              ((s_j - s_i) / (2 delta) + 1/2).

- The gradient of a negative ``j`` is ``(1/|P|) sum_i step(s_j - s_i) w_i`` with
  ``w_i = 1/rank(i)`` (times the interpolation rescale (1 - p~_i)/(1 - p_i)). As a function of
  ``s_j`` it is constant (H) or affine (H~) on each interval, with coefficients read from
  prefix sums of ``w_i`` and ``s_i w_i`` over the positives sorted by score: one gather and
  one multiply-add per negative.

Cost: one argsort of the positives, O(n) passes over all the scores plus binary searches of
the few scores that share a table cell with a breakpoint; memory a few arrays of n.

Exactness. The comparisons that decide H (``s_j > s_i``, ``s_j = s_i``) are made on the input
floats themselves, never on differences, so the Heaviside form's counts are exact integers and
the tie value is applied exactly, at any magnitude. H~ is continuous, so a score that sits on
a breakpoint may be put on either side of it at the price of rounding only (and a window of
positive ``i`` always contains ``s_i`` itself, even when delta is below the float spacing
there). What remains is the rounding of float64 sums in the place of pair-by-pair
differences: the error of a sum of H~ values is about ``eps * m * span / delta``, with ``span``
the range of the positives' scores plus 2 delta and ``m`` the number of scores inside it
(scores outside only count). Fine for training (span / delta ~ 10); the tests compare with the
reference to 1e-9 for span / delta up to 4e4 (measured with 60 scores: 4e-14 at 1e4, 4e-10 at
1e8, 6e-6 at 1e12). Near span / delta ~ 1 / eps use the reference (the Heaviside form is exact
at any scale). The H~ forms also need ``s_i +- delta`` and their range to be finite floats.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from aptheory.core.ranking import DEFAULT_AT_ZERO
from aptheory.core.validation import (
    check_at_zero,
    check_bool,
    check_delta,
    check_step,
    validate_ranking,
)

__all__ = ["GRID_MIN_VALUES", "ap_loss", "ap_loss_grad", "bin_index"]

GRID_MIN_VALUES = 4096
"""``bin_index`` uses its cell-table lookup (instead of one binary search per value) from this
many values on."""

_MAX_CELLS = 1 << 18


# ------------------------------------------------------------------------------- binning


class _CellTable(NamedTuple):
    """A uniform table of cells over ``[lo, lo + span]`` (see ``bin_index``)."""

    lo: float
    scale: float  # cells per unit of score
    n_cells: int  # cells 1 .. n_cells cover the breakpoints; 0 and n_cells + 1 the outside
    fused: bool  # compute the coordinate as x * scale + offset (two passes instead of three)
    offset: float  # 1 - lo * scale


def _cell_table(breaks: NDArray[np.float64], n_values: int) -> _CellTable | None:
    """The cell table for these breakpoints, or None if their span is 0 or not finite.

    About 13 cells per breakpoint (so that most cells hold none and few hold two or more),
    at most 2**18 (so that the table stays in cache) and not many more than the values.
    """
    if breaks.size < 2:
        return None
    lo = float(breaks[0])
    n_cells = int(min(13 * breaks.size, _MAX_CELLS, max(n_values, 1024)))
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        span = float(breaks[-1]) - lo
        scale = (n_cells - 1) / span if span > 0 else np.inf
        usable = np.isfinite(span) and np.isfinite(scale) and np.isfinite(lo * scale)
    if not usable:
        return None
    # x * scale + offset rounds like (x - lo) * scale + 1 as long as |lo| <= span.
    return _CellTable(lo, float(scale), n_cells, abs(lo) <= span, 1.0 - lo * float(scale))


def _cell_coordinate(
    x: NDArray[np.float64], table: _CellTable, *, clip: bool = True
) -> NDArray[np.float64]:
    """``(x - lo) * scale + 1``, clipped to ``[0, n_cells + 1]``: non-decreasing in ``x``,
    whatever the rounding; its integer part is the cell of ``x``."""
    with np.errstate(over="ignore", invalid="ignore"):
        if table.fused:
            y = np.multiply(x, table.scale)
            y += table.offset
        else:
            y = np.subtract(x, table.lo)
            y *= table.scale
            y += 1.0
    if clip:
        np.clip(y, 0.0, float(table.n_cells + 1), out=y)
    return y


def _codes_exact(
    breaks: NDArray[np.float64], values: NDArray[np.float64], split_ties: bool
) -> NDArray[np.intp]:
    """Code of every value by binary search (see ``_codes``)."""
    b = np.searchsorted(breaks, values, side="left").astype(np.intp, copy=False)
    if not split_ties:
        return b
    padded = np.append(breaks, np.inf)
    code = b * 2
    code += padded[b] == values
    return code


def _codes(
    breaks: NDArray[np.float64],
    values: NDArray[np.float64],
    split_ties: bool,
    table: _CellTable | None,
) -> tuple[NDArray[np.intp], NDArray[np.float64] | None]:
    """Code of every value among the sorted breakpoints ``B``, and its cell coordinate.

    The code is ``b = #{B < v}`` (``v`` in ``(B[b-1], B[b]]``) or, with ``split_ties``, ``2b``
    for ``v`` in the open interval ``(B[b-1], B[b])`` and ``2b + 1`` for ``v = B[b]``; it is
    exact. Without a table every value is binary-searched. With one (see ``bin_index``), a
    value whose cell holds no breakpoint gets its code from the table, one whose cell holds one
    breakpoint by one comparison with it, and only the rest are binary-searched. The cell
    coordinate (None without a table) is returned for reuse as an affine coordinate of ``v``.
    """
    if table is None:
        return _codes_exact(breaks, values, split_ties), None
    stride = 2 if split_ties else 1
    m = breaks.size
    y = _cell_coordinate(values, table)
    cell_of_break = _cell_coordinate(breaks, table).astype(np.intp)
    occupied = np.bincount(cell_of_break, minlength=table.n_cells + 2)
    before = np.cumsum(occupied) - occupied  # breakpoints in the cells below
    # Entry >= 0: the code itself (empty cell); -1 - k: one breakpoint, B[k]; -2 - m: several.
    lookup = np.where(occupied == 0, stride * before, np.where(occupied == 1, -1 - before, -2 - m))
    code = lookup[y.astype(np.intp)]
    near = np.flatnonzero(code < 0)
    if near.size:
        entry, v = code[near], values[near]
        fixed = np.empty(near.size, dtype=np.intp)
        one = entry >= -m
        k = -1 - entry[one]
        v_one, b_one = v[one], breaks[k]
        fixed[one] = stride * (k + (b_one < v_one))
        if split_ties:
            fixed[one] += b_one == v_one
        several = ~one
        fixed[several] = _codes_exact(breaks, v[several], split_ties)
        code[near] = fixed
    return code, y


def bin_index(
    breaks: NDArray[np.float64], values: NDArray[np.float64], *, grid: bool | None = None
) -> NDArray[np.intp]:
    """Bin of every value among sorted breakpoints: ``b_j = #{k : breaks_k < values_j}``.

    Exactly ``np.searchsorted(breaks, values, side="left")``, but faster for many values:
    a uniform table of cells over ``[breaks[0], breaks[-1]]`` answers every value whose cell
    holds no breakpoint by one lookup, every value whose cell holds one breakpoint by one
    comparison, and binary-searches the rest. Exact because the cell map ``kappa(x)``
    (subtract, multiply, add, clip, truncate) is non-decreasing in ``x``: ``kappa(b) <
    kappa(v)`` implies ``b < v`` and ``kappa(b) > kappa(v)`` implies ``b > v``, whatever the
    rounding. ``ap_loss_grad`` bins the scores this way.

    ``grid=None`` chooses the table from ``GRID_MIN_VALUES`` values on; ``True``/``False``
    force it on or off (the tests check both against ``np.searchsorted``).

    Raises ``ValueError`` naming ``breaks`` unless it is 1-D, finite and sorted
    (non-decreasing); the check is O(|breaks|), the values are not checked.
    """
    breaks = np.asarray(breaks, dtype=np.float64)
    if breaks.ndim != 1:
        raise ValueError(f"breaks must be 1-D, got shape {breaks.shape}")
    if not np.all(np.isfinite(breaks)):
        raise ValueError("breaks must be finite (no NaN or inf)")
    if np.any(breaks[1:] < breaks[:-1]):
        raise ValueError("breaks must be sorted in non-decreasing order")
    values = np.asarray(values, dtype=np.float64)
    if grid is None:
        grid = values.size >= GRID_MIN_VALUES
    table = _cell_table(breaks, values.size) if grid else None
    return _codes(breaks, values, False, table)[0]


def _le_index(
    breaks: NDArray[np.float64], tau: NDArray[np.float64], stride: int
) -> NDArray[np.intp]:
    """Index into the cumulative per-code sums giving ``#{v <= tau}`` (``tau`` in ``breaks``)."""
    return np.searchsorted(breaks, tau, side="left") * stride + stride


def _lt_index(breaks: NDArray[np.float64], tau: NDArray[np.float64]) -> NDArray[np.intp]:
    """Index into the cumulative per-code sums giving ``#{v < tau}`` (split codes only)."""
    return np.searchsorted(breaks, tau, side="left") * 2 + 1


def _below_per_code(
    x: NDArray[np.float64], breaks: NDArray[np.float64], stride: int
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """For every code: ``(#{x_k < v}, #{x_k <= v})`` for any value ``v`` with that code.

    ``x`` is sorted and every ``x_k`` is one of the breakpoints.
    """
    at_or_below = np.searchsorted(x, breaks, side="right")  # #{x <= B[b]}
    interval = np.concatenate(([0], at_or_below))  # #{x <= B[b-1]} = #{x < v}, v in bin b
    if stride == 1:
        return interval, interval
    m = breaks.size
    lt = np.empty(2 * (m + 1), dtype=np.intp)
    le = np.empty(2 * (m + 1), dtype=np.intp)
    lt[0::2] = interval
    le[0::2] = interval
    lt[1::2] = np.append(np.searchsorted(x, breaks, side="left"), x.size)  # v = B[b]
    le[1::2] = np.append(at_or_below, x.size)
    return lt, le


def _prefix(x: NDArray) -> NDArray:
    """Prefix sums with a leading zero: ``out[k] = sum(x[:k])``."""
    out = np.empty(x.size + 1, dtype=np.result_type(x.dtype, np.int64))
    out[0] = 0
    np.cumsum(x, out=out[1:])
    return out


def _window_sums(
    sorted_t: NDArray[np.float64],
    centred_t: NDArray[np.float64],
    lower: NDArray[np.float64],
    upper: NDArray[np.float64],
    d2: float,
) -> NDArray[np.float64]:
    """sum_k H~(t_k - t_m) over the sorted positives ``t``, self term included, for every m.

    ``centred_t`` is any affine coordinate of ``t`` and ``d2`` is ``2 delta`` in its units.
    """
    j_lo = np.searchsorted(sorted_t, lower, side="right")
    j_hi = np.searchsorted(sorted_t, upper, side="right")
    csum = _prefix(centred_t)
    count = (j_hi - j_lo).astype(np.float64)
    total = csum[j_hi] - csum[j_lo]
    above = (sorted_t.size - j_hi).astype(np.float64)
    return above + 0.5 * count + (total - count * centred_t) / d2


# -------------------------------------------------------------------------- public API


def ap_loss_grad(
    scores: ArrayLike,
    positive: ArrayLike,
    *,
    step: str = "heaviside",
    delta: float = 1.0,
    interpolated: bool = False,
    at_zero: float = DEFAULT_AT_ZERO,
) -> tuple[float, NDArray[np.float64]]:
    """AP-loss (eq. 17) and its error-driven gradient for every score, in O(n log |P|).

    Same signature, meaning and validation as ``aptheory.ranking.ap_loss_grad``:
    ``g_j = +(1/|P|) sum_i L_ij`` for negatives, ``g_i = -(1/|P|) sum_j L_ij`` for positives,
    with L_ij of eq. (3) (``step="heaviside"``, tie value ``at_zero``), eq. (16)
    (``"piecewise-numerator"``) or the training form with H~ in numerator and denominator
    (``"piecewise"``). ``interpolated=True`` uses interpolated precision p~_i, rescales the
    negatives' terms of positive i by (1 - p~_i)/(1 - p_i) and gives positive i the gradient
    -(1 - p~_i)/|P|; the loss is then 1 - mean p~_i. The paper's training form is
    ``step="piecewise", delta=1, interpolated=True``. Accepts float32 or float64 scores;
    returns ``(loss, grad)`` with ``grad`` float64 of the shape of ``scores``.
    """
    interpolated = check_bool(interpolated, "interpolated")
    s, p = validate_ranking(scores, positive)
    step = check_step(step)
    if interpolated and step == "piecewise-numerator":
        raise ValueError(
            "interpolated=True needs step='heaviside' or 'piecewise' (with eq. (16)'s mixed "
            "form, sum_j L_ij is not 1 - precision)"
        )
    at_zero = check_at_zero(at_zero)
    delta = check_delta(delta)
    return _ap_loss_grad(s, p, step, delta, interpolated, at_zero)


def ap_loss(
    scores: ArrayLike,
    positive: ArrayLike,
    *,
    step: str = "heaviside",
    delta: float = 1.0,
    interpolated: bool = False,
    at_zero: float = DEFAULT_AT_ZERO,
) -> float:
    """AP-loss L_AP of eq. (17) in O(n log |P|): the loss of :func:`ap_loss_grad`.

    The same number as ``aptheory.ranking.ap_loss`` (or ``interpolated_ap_loss`` with
    ``interpolated=True``) for every ``step``, without the |P| x n pair matrix; use it for
    large inputs.
    """
    return ap_loss_grad(
        scores, positive, step=step, delta=delta, interpolated=interpolated, at_zero=at_zero
    )[0]


def _ap_loss_grad(
    s: NDArray[np.float64],
    p: NDArray[np.bool_],
    step: str,
    delta: float,
    interpolated: bool,
    at_zero: float,
) -> tuple[float, NDArray[np.float64]]:
    """The algorithm of ``ap_loss_grad`` on validated input (see the module docstring)."""
    pos_idx = np.flatnonzero(p)
    n_pos = pos_idx.size
    n_neg = s.size - n_pos
    t_in = s[pos_idx]
    order = np.argsort(t_in, kind="stable")
    t = t_in[order]  # positives sorted by score
    first = np.searchsorted(t, t, side="left")  # tie group of each positive: [first, last)
    last = np.searchsorted(t, t, side="right")

    uses_h = step != "piecewise"  # H somewhere (denominator, or everywhere)
    uses_ht = step != "heaviside"  # H~ in the numerator
    stride = 2 if uses_h else 1

    if uses_ht:
        # Window of positive i: (lower_i, upper_i], H~ linear inside; lower_i < t_i <= upper_i
        # even when delta is below the float spacing near t_i (then ties still get 1/2).
        lower = np.minimum(t - delta, np.nextafter(t, -np.inf))
        upper = t + delta
        parts = (lower, t, upper) if uses_h else (lower, upper)
        breaks = np.sort(np.concatenate(parts))
    else:
        breaks = t
    n_codes = stride * (breaks.size + 1)

    # Every score (positives too, subtracted below) is coded once; all further per-score work
    # is one bincount or one gather by code.
    table = _cell_table(breaks, s.size) if s.size >= GRID_MIN_VALUES else None
    code, y = _codes(breaks, s, uses_h, table)
    pos_code = code[pos_idx]
    count = np.bincount(code, minlength=n_codes) - np.bincount(pos_code, minlength=n_codes)
    cum_count = _prefix(count)  # exact integers

    if uses_h:  # #{v > t_i} and #{v = t_i} over the negatives, exact integers
        le_t = cum_count[_le_index(breaks, t, stride)]
        lt_t = cum_count[_lt_index(breaks, t)]
        h_neg = (n_neg - le_t) + at_zero * (le_t - lt_t)
        h_pos = (n_pos - last) + at_zero * (last - first - 1)  # k in P, k != i

    if uses_ht:
        # Sums in an affine coordinate y = (s - lo) * scale + shift (the cell coordinate when
        # there is a table), clipped to the breakpoints' range: outside it a score only counts.
        lo, hi = float(breaks[0]), float(breaks[-1])
        if y is None:
            scale = 1.0
            with np.errstate(over="ignore", invalid="ignore"):
                y = np.subtract(s, lo)
            np.clip(y, 0.0, hi - lo, out=y)
            ty = t - lo
        else:
            assert table is not None  # _codes returns a coordinate y only with a table
            scale = table.scale
            ty = _cell_coordinate(t, table, clip=False)  # the same map as y
        d2 = 2.0 * delta * scale
        code_sum = np.bincount(code, weights=y, minlength=n_codes)
        code_sum -= np.bincount(pos_code, weights=y[pos_idx], minlength=n_codes)
        code_sum[:stride] = 0.0  # below every window
        code_sum[n_codes - stride :] = 0.0  # above every window
        cum_sum = _prefix(code_sum)
        i_lo = _le_index(breaks, lower, stride)
        i_hi = _le_index(breaks, upper, stride)
        inside = cum_count[i_hi] - cum_count[i_lo]
        total = cum_sum[i_hi] - cum_sum[i_lo]
        ht_neg = (n_neg - cum_count[i_hi]) + 0.5 * inside + (total - inside * ty) / d2
        ht_neg = np.maximum(ht_neg, 0.0)

    if step == "heaviside":
        numerator, rank_plus = h_neg, 1.0 + h_pos
        rank = rank_plus + numerator
    elif step == "piecewise-numerator":
        numerator, rank_plus = ht_neg, 1.0 + h_pos
        rank = rank_plus + h_neg
    else:
        rank_plus = 1.0 + _window_sums(t, ty, lower, upper, d2) - 0.5  # self: H~(0) = 1/2
        rank_plus = np.maximum(rank_plus, 1.0)
        numerator = ht_neg
        rank = rank_plus + numerator

    row = numerator / rank  # sum_j L_ij = 1 - p_i
    if interpolated:
        prec = rank_plus / rank
        best = np.maximum.accumulate(prec)[last - 1]  # p~_i: max over s_k <= s_i
        target = 1.0 - best
        with np.errstate(divide="ignore", invalid="ignore"):
            weight = np.where(numerator > 0, np.minimum(target / numerator, 1.0 / rank), 0.0)
        row = target
    else:
        weight = 1.0 / rank

    # Gradient of a negative: (1/|P|) sum_i step(v - t_i) weight_i = alpha + beta * y per code.
    w_cum = _prefix(weight)
    if uses_ht:
        below_upper, _ = _below_per_code(upper, breaks, stride)  # H~ = 1 for these
        below_lower, _ = _below_per_code(lower, breaks, stride)  # H~ > 0 for these
        tw_cum = _prefix(weight * ty)
        w_win = w_cum[below_lower] - w_cum[below_upper]
        tw_win = tw_cum[below_lower] - tw_cum[below_upper]
        alpha = (w_cum[below_upper] + 0.5 * w_win - tw_win / d2) / n_pos
        beta = w_win / (d2 * n_pos)
        grad = beta[code]
        grad *= y
        # y is no longer needed: reuse its memory (mode="clip" lets take write into it without
        # a buffer; every code is in range by construction, so nothing is clipped).
        grad += np.take(alpha, code, out=y, mode="clip")
    else:
        lt, le = _below_per_code(t, breaks, stride)
        alpha = (w_cum[lt] + at_zero * (w_cum[le] - w_cum[lt])) / n_pos
        grad = alpha[code]

    g_pos = np.empty(n_pos, dtype=np.float64)
    g_pos[order] = -row / n_pos
    grad[pos_idx] = g_pos
    return float(np.mean(row)), grad
