"""Data of Section 3: overlapping Gaussian classes, planted inseparability, and certificates.

The inseparable case (supplement, Sec. 3) is the case where no linear model ranks every
positive strictly above every negative in every sample: there is no theta with
<f_i - f_j, theta> > 0 for every pair (i in P, j in N) of every sample.

- :func:`inseparable_samples` draws two overlapping Gaussian classes (seeded, samples of
  different sizes). Despite its name, small draws are usually *separable* (see its
  docstring for measured shares); :func:`planted_samples` makes a draw inseparable by
  construction and returns it with its certificate.
- :func:`inseparability_certificate` decides a data set by a linear program and, when it is
  inseparable, extracts a certificate that is checked in exact arithmetic
  (:func:`verify_certificate`); :func:`is_separable` is the plain feasibility test.
- :func:`validate_samples` is the one check of a data set (a tuple of
  :class:`~aptheory.core.linear.Sample`) used by every public function of the section.

**What certifies inseparability (Gordan's theorem).** For pair vectors a_k = f_i - f_j,
exactly one of the following holds: (a) some theta has <a_k, theta> > 0 for every k (the
data are separable); (b) some y >= 0, y != 0, has sum_k y_k a_k = 0. A vector y of (b) is a
certificate: if theta separated the pairs, sum_k y_k <a_k, theta> would be > 0 and = 0 at
once. The certificate is checked with ``fractions.Fraction`` (features are float64, converted
exactly), so a certified data set is inseparable without any tolerance. It also bounds the
pair scores: x_k(u) = -<a_k, u> and sum_k y_k x_k(u) = 0, so for every u some pair of the
certificate has x_k(u) >= 0.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy import optimize, stats

from aptheory.core.linear import Sample, pair_jacobian
from aptheory.core.validation import (
    check_choice,
    check_int,
    check_int_range,
    check_unit_interval,
)

__all__ = [
    "MARGIN_TOLERANCE",
    "PLANTS",
    "InseparabilityCertificate",
    "PlantedData",
    "inseparability_certificate",
    "inseparable_samples",
    "is_inseparable",
    "is_separable",
    "overshoot_order",
    "overshoot_samples",
    "pair_index",
    "planted_samples",
    "separation",
    "validate_samples",
    "verify_certificate",
]

Plant = Literal["midpoint", "tie"]
PLANTS: tuple[Plant, ...] = ("midpoint", "tie")

MARGIN_TOLERANCE = 1e-9
"""The LP's verdict "inseparable" is t* <= MARGIN_TOLERANCE * max(1, max_k ||a_k||_1).

HiGHS works to a feasibility tolerance of about 1e-7 on its own scaled problem, so t* is
only known to about that accuracy: the float verdict is reported (``lp_inseparable``) but
never used as a proof; the proof is the exact certificate (``certified``).
"""

_GRID = 2.0**-20  # planted points are rounded to this grid: their midpoints are exact floats


def separation(overlap: float) -> float:
    """Distance of the class means, in noise standard deviations, for a given overlap.

    ``overlap`` is the overlap coefficient of two unit-variance Gaussians along the line of
    their means, OVL = 2 Phi(-sep / 2); so sep = -2 Phi^{-1}(overlap / 2). ``overlap = 1``
    gives identical classes; ``overlap -> 0`` separates them.

    Raises
    ------
    TypeError, ValueError
        If ``overlap`` is not a real number in (0, 1].
    """
    overlap = check_unit_interval(overlap, "overlap")
    if overlap == 0.0:
        raise ValueError("overlap must lie in (0, 1], got 0.0")
    return float(-2.0 * stats.norm.ppf(overlap / 2.0))


def inseparable_samples(
    n_samples: int,
    *,
    overlap: float = 0.3,
    dim: int = 2,
    positives: tuple[int, int] = (2, 6),
    negatives: tuple[int, int] = (4, 16),
    seed: int | np.random.Generator = 0,
) -> tuple[Sample, ...]:
    """Seeded samples of two overlapping Gaussian classes, of different sizes.

    Each sample draws |P| uniformly in ``positives`` and |N| in ``negatives`` (inclusive);
    positives ~ N(+sep/2 e_1, I), negatives ~ N(-sep/2 e_1, I) in R^dim with
    sep = ``separation(overlap)``; boxes are shuffled.

    **Such draws are often linearly separable**, the more so the fewer boxes and the
    smaller the overlap. Measured with :func:`is_separable` on 200 seeds of one sample in
    dim 2: at overlap 0.05, 95% of the draws with the default sizes (2-6 positives, 4-16
    negatives) are separable, 91% with 6 + 30 boxes and 83% with 12 + 24; at overlap 0.1,
    87%, 63% and 51%; at overlap 0.3, 49%, 15% and 6%. (0.1 of the claims' specs and the
    sizes they used before, <= 4 + 6 boxes, are separable almost always.) Use
    :func:`planted_samples` for data that are inseparable by construction, with a
    certificate, or :func:`inseparability_certificate` to decide a draw.

    Parameters
    ----------
    n_samples, dim
        Number of samples and feature dimension (ints >= 1).
    overlap
        Overlap coefficient of the classes, in (0, 1].
    positives, negatives
        ``(low, high)`` ranges of |P| and |N| per sample (ints, 1 <= low <= high).
    seed
        Seed (or generator) of ``numpy.random.default_rng``.
    """
    n_samples = check_int(n_samples, "n_samples", 1)
    dim = check_int(dim, "dim", 1)
    p_lo, p_hi = check_int_range(positives, "positives", 1)
    n_lo, n_hi = check_int_range(negatives, "negatives", 1)
    sep = separation(overlap)
    rng = np.random.default_rng(seed)
    shift = np.zeros(dim)
    shift[0] = sep / 2.0
    out = []
    for _ in range(n_samples):
        n_pos = int(rng.integers(p_lo, p_hi + 1))
        n_neg = int(rng.integers(n_lo, n_hi + 1))
        feats = np.concatenate(
            [rng.normal(size=(n_pos, dim)) + shift, rng.normal(size=(n_neg, dim)) - shift]
        )
        mask = np.arange(n_pos + n_neg) < n_pos
        order = rng.permutation(n_pos + n_neg)
        out.append(Sample(feats[order], mask[order]))
    return tuple(out)


def validate_samples(samples: Sample | Sequence[Sample]) -> tuple[Sample, ...]:
    """A data set as a non-empty tuple of samples with |N| >= 1 and one feature dimension.

    A single :class:`Sample` is taken as a data set of one sample.

    Raises
    ------
    TypeError
        If an item is not a :class:`Sample`.
    ValueError
        If there is no sample, a sample has no negative box, or the dimensions differ.
    """
    if isinstance(samples, Sample):
        samples = (samples,)
    samples = tuple(samples)
    if not samples:
        raise ValueError("samples must hold at least one Sample")
    for s in samples:
        if not isinstance(s, Sample):
            raise TypeError(f"samples must hold Sample objects, got {type(s).__name__}")
        if s.n_negative == 0:
            raise ValueError("every sample needs at least one negative box (|N| >= 1)")
    if len({s.dim for s in samples}) != 1:
        raise ValueError("all samples must have the same feature dimension")
    return samples


def is_separable(samples: Sample | Sequence[Sample]) -> bool:
    """Whether some theta ranks every positive strictly above every negative in every sample.

    Linear feasibility <f_i - f_j, theta> >= 1 for all pairs i in P, j in N (scipy's HiGHS
    ``linprog``); the data set is checked by :func:`validate_samples`. A float verdict:
    :func:`inseparability_certificate` gives the exact certificate of the other answer.
    """
    samples = validate_samples(samples)
    rows = np.concatenate([-pair_jacobian(s) for s in samples])  # f_i - f_j
    res = optimize.linprog(
        np.zeros(rows.shape[1]),
        A_ub=-rows,
        b_ub=-np.ones(rows.shape[0]),
        bounds=[(None, None)] * rows.shape[1],
        method="highs",
    )
    return bool(res.status == 0)


# ---------------------------------------------------------------------- the certificate


def pair_index(samples: Sample | Sequence[Sample]) -> tuple[tuple[int, int, int], ...]:
    """(sample, i, j) box indices of every pair, in the row order of the stacked Jacobians.

    Row k of ``np.concatenate([pair_jacobian(s) for s in samples])`` is pair k: within a
    sample, positives i in order of appearance, then negatives j in order of appearance
    (row i * |N| + j), as :func:`aptheory.core.linear.pair_jacobian` documents.
    """
    samples = validate_samples(samples)
    out: list[tuple[int, int, int]] = []
    for n, s in enumerate(samples):
        pos = np.flatnonzero(s.positive).tolist()
        neg = np.flatnonzero(~s.positive).tolist()
        out.extend((n, i, j) for i in pos for j in neg)
    return tuple(out)


@dataclass(frozen=True, eq=False)
class InseparabilityCertificate:
    """What is known about the separability of a data set, and how it was found.

    Attributes
    ----------
    method
        ``"lp"`` (:func:`inseparability_certificate`) or ``"planted"`` (built with the data
        by :func:`planted_samples`; no LP was run).
    lp_status, lp_message
        scipy's ``linprog`` status (0 = optimal) and message; ``None`` and "" when no LP ran.
    margin
        The LP optimum t* = max over ||theta||_inf <= 1 of min_k <a_k, theta> (float, or
        ``None``): > 0 for separable data, 0 for inseparable data (up to the LP's accuracy).
        By LP duality t* = min over the simplex of ||sum_k y_k a_k||_1.
    margin_tolerance
        The threshold of the float verdict: MARGIN_TOLERANCE * max(1, max_k ||a_k||_1).
    pairs, weights
        The certificate: pairs (sample, i, j) and exact weights y_k >= 0 summing to 1 with
        sum_k y_k (f_i - f_j) = 0; empty when none was found.
    certified
        True iff ``pairs``/``weights`` pass :func:`verify_certificate` (exact arithmetic):
        a proof that the data set is inseparable.
    separable
        True iff the LP's theta separates every pair in float64 with a margin above the
        rounding bound of the products (4 d 2^-53 max_k |a_k| . |theta|): a proof up to that
        stated rounding bound.
    theta
        The LP's theta (``None`` when no LP ran).
    """

    method: str
    lp_status: int | None
    lp_message: str
    margin: float | None
    margin_tolerance: float | None
    pairs: tuple[tuple[int, int, int], ...]
    weights: tuple[Fraction, ...]
    certified: bool
    separable: bool
    theta: NDArray[np.float64] | None = None

    @property
    def lp_inseparable(self) -> bool | None:
        """The LP's float verdict: status 0 and t* <= margin_tolerance (``None``: no LP)."""
        if self.lp_status is None or self.margin is None or self.margin_tolerance is None:
            return None
        return self.lp_status == 0 and self.margin <= self.margin_tolerance


def _exact_row(sample: Sample, i: int, j: int) -> tuple[Fraction, ...]:
    """f_i - f_j of ``sample`` in exact arithmetic."""
    fi, fj = sample.features[i].tolist(), sample.features[j].tolist()
    return tuple(Fraction(a) - Fraction(b) for a, b in zip(fi, fj, strict=True))


def verify_certificate(
    samples: Sample | Sequence[Sample],
    pairs: Sequence[tuple[int, int, int]],
    weights: Sequence[Fraction | int],
) -> bool:
    """Whether weights y_k >= 0, not all 0, satisfy sum_k y_k (f_i - f_j) = 0 exactly.

    Every pair must be (sample, i, j) with i a positive and j a negative box of that sample;
    the weights are ints or Fractions and the features are converted to Fractions exactly,
    so the check has no tolerance. By Gordan's theorem (module docstring) a True answer
    proves that no theta separates the pairs, hence none separates the data set.

    Raises
    ------
    TypeError
        If a weight is not an int or Fraction.
    ValueError
        If pairs and weights differ in length or a pair does not name a (positive,
        negative) pair of the data set.
    """
    samples = validate_samples(samples)
    pairs, weights = tuple(pairs), tuple(weights)
    if len(pairs) != len(weights):
        raise ValueError(f"pairs has {len(pairs)} items but weights has {len(weights)}")
    for w in weights:
        if isinstance(w, bool) or not isinstance(w, int | Fraction):
            raise TypeError(f"weights must be ints or Fractions, got {type(w).__name__}")
    if not pairs or any(w < 0 for w in weights) or sum(weights) == 0:
        return False
    total = [Fraction(0)] * samples[0].dim
    for (n, i, j), w in zip(pairs, weights, strict=True):
        if not (0 <= n < len(samples)):
            raise ValueError(f"pairs names sample {n}, outside [0, {len(samples)})")
        s = samples[n]
        if not (0 <= i < s.positive.size and 0 <= j < s.positive.size):
            raise ValueError(f"pairs names a box outside sample {n}: ({i}, {j})")
        if not (s.positive[i] and not s.positive[j]):
            raise ValueError(f"pairs must name (positive, negative) boxes, got ({n}, {i}, {j})")
        for r, a in enumerate(_exact_row(s, i, j)):
            total[r] += w * a
    return all(t == 0 for t in total)


def _null_vector(
    columns: list[tuple[Fraction, ...]], guess: list[Fraction]
) -> list[Fraction] | None:
    """An exact w >= 0, w != 0, with sum_c w_c columns[c] = 0, near ``guess`` (or None).

    Reduced row echelon form of the d x s matrix of the columns; the free coordinates take
    the guessed values and the pivot coordinates follow exactly.
    """
    d, s = len(columns[0]), len(columns)
    m = [[columns[c][r] for c in range(s)] for r in range(d)]
    pivots: list[int] = []
    row = 0
    for col in range(s):
        pivot = next((r for r in range(row, d) if m[r][col] != 0), None)
        if pivot is None:
            continue
        m[row], m[pivot] = m[pivot], m[row]
        lead = m[row][col]
        m[row] = [v / lead for v in m[row]]
        for r in range(d):
            if r != row and m[r][col] != 0:
                factor = m[r][col]
                m[r] = [a - factor * b for a, b in zip(m[r], m[row], strict=True)]
        pivots.append(col)
        row += 1
        if row == d:
            break
    free = [c for c in range(s) if c not in pivots]
    if not free:
        return None
    w = [Fraction(0)] * s
    for c in free:
        w[c] = guess[c]
    for r, p in enumerate(pivots):
        w[p] = -sum((m[r][c] * w[c] for c in free), Fraction(0))
    if any(v < 0 for v in w) or sum(w) == 0:
        return None
    total = sum(w)
    return [v / total for v in w]


def inseparability_certificate(samples: Sample | Sequence[Sample]) -> InseparabilityCertificate:
    """Decide a data set by a linear program with a margin variable, and certify the answer.

    The LP (scipy's HiGHS ``linprog``) maximises t subject to <a_k, theta> >= t for every
    pair k of every sample (a_k = f_i - f_j) and ||theta||_inf <= 1. Its optimum t* is > 0
    iff the data are separable. Both answers are then checked:

    - inseparable: the LP's dual y (the marginals of the pair constraints, y >= 0,
      sum y = 1, sum_k y_k a_k ~ 0) is turned into exact weights on its support (the
      support's null space in Fractions, free coordinates from y) and checked by
      :func:`verify_certificate`; ``certified`` is that exact verdict;
    - separable: the LP's theta is checked to give every pair a positive score margin
      above the float rounding bound (``separable``).

    A degenerate dual can fail the exact step: then ``certified`` is False while
    ``lp_inseparable`` may be True (the float verdict, with :data:`MARGIN_TOLERANCE`).
    Data with no pair (every sample without positives) are separable.
    """
    samples = validate_samples(samples)
    index = pair_index(samples)
    rows = np.concatenate([-pair_jacobian(s) for s in samples])  # a_k = f_i - f_j
    n_rows, dim = rows.shape
    if n_rows == 0:
        return InseparabilityCertificate("lp", None, "no pairs", None, None, (), (), False, True)
    tol = MARGIN_TOLERANCE * max(1.0, float(np.abs(rows).sum(axis=1).max()))
    cost = np.zeros(dim + 1)
    cost[-1] = -1.0  # maximise t
    res = optimize.linprog(
        cost,
        A_ub=np.hstack([-rows, np.ones((n_rows, 1))]),  # t - <a_k, theta> <= 0
        b_ub=np.zeros(n_rows),
        bounds=[(-1.0, 1.0)] * dim + [(None, None)],
        method="highs",
    )
    if res.status != 0:
        return InseparabilityCertificate(
            "lp", int(res.status), str(res.message), None, tol, (), (), False, False
        )
    theta = np.asarray(res.x[:dim], dtype=np.float64)
    margin = float(-res.fun)
    scores = rows @ theta
    rounding = 4 * dim * 2.0**-53 * float((np.abs(rows) @ np.abs(theta)).max())
    separable = bool(scores.min() > rounding)
    pairs: tuple[tuple[int, int, int], ...] = ()
    weights: tuple[Fraction, ...] = ()
    certified = False
    if not separable:
        y = -np.asarray(res.ineqlin.marginals, dtype=np.float64)
        support = np.flatnonzero(y > 1e-12 * max(float(y.max()), 0.0))
        if support.size:
            columns = [_exact_row(samples[index[k][0]], *index[k][1:]) for k in support]
            w = _null_vector(columns, [Fraction(float(y[k])) for k in support])
            if w is not None:
                keep = [c for c, v in enumerate(w) if v != 0]
                pairs = tuple(index[support[c]] for c in keep)
                weights = tuple(w[c] for c in keep)
                certified = verify_certificate(samples, pairs, weights)
    return InseparabilityCertificate(
        "lp",
        int(res.status),
        str(res.message),
        margin,
        tol,
        pairs if certified else (),
        weights if certified else (),
        certified,
        separable,
        theta,
    )


def is_inseparable(samples: Sample | Sequence[Sample]) -> bool:
    """True iff :func:`inseparability_certificate` finds an exactly verified certificate."""
    return inseparability_certificate(samples).certified


# ------------------------------------------------------------------------ planted data


@dataclass(frozen=True, eq=False)
class PlantedData:
    """Samples made inseparable by construction, with their exactly verified certificate."""

    samples: tuple[Sample, ...]
    certificate: InseparabilityCertificate
    plant: str


def _on_grid(v: NDArray[np.float64]) -> NDArray[np.float64]:
    """``v`` rounded to multiples of 2^-20 (so that sums and halves of such points are exact)."""
    return np.round(v / _GRID) * _GRID


def _plant(sample: Sample, plant: str) -> tuple[Sample, list[tuple[int, int]], list[Fraction]]:
    """The sample with an inseparable configuration planted, its certificate pairs and weights."""
    f = sample.features.copy()
    pos = np.flatnonzero(sample.positive).tolist()
    neg = np.flatnonzero(~sample.positive).tolist()
    half = Fraction(1, 2)
    if plant == "midpoint" and len(neg) >= 2:
        i, j1, j2 = pos[0], neg[0], neg[1]
        f[j1], f[j2] = _on_grid(f[j1]), _on_grid(f[j2])
        f[i] = (f[j1] + f[j2]) / 2.0  # exact: dyadic points of moderate size
        pairs, weights = [(i, j1), (i, j2)], [half, half]
    elif plant == "midpoint" and len(pos) >= 2:
        i1, i2, j = pos[0], pos[1], neg[0]
        f[i1], f[i2] = _on_grid(f[i1]), _on_grid(f[i2])
        f[j] = (f[i1] + f[i2]) / 2.0
        pairs, weights = [(i1, j), (i2, j)], [half, half]
    else:  # "tie", or a 1 + 1 sample, where a tie is the only inseparable configuration
        i, j = pos[int(np.argmin(f[pos, 0]))], neg[0]  # the lowest positive along e_1
        f[j] = f[i]
        pairs, weights = [(i, j)], [Fraction(1)]
    return Sample(f, sample.positive.copy()), pairs, weights


def planted_samples(
    n_samples: int,
    *,
    plant: Plant = "midpoint",
    overlap: float = 0.3,
    dim: int = 2,
    positives: tuple[int, int] = (2, 6),
    negatives: tuple[int, int] = (4, 16),
    seed: int | np.random.Generator = 0,
) -> PlantedData:
    """:func:`inseparable_samples`, with an inseparable configuration planted in sample 0.

    The other samples are left as drawn (so each of them may be separable on its own); the
    union is inseparable because sample 0 is. In sample 0 (boxes in their shuffled order):

    - ``plant="midpoint"``: if |N| >= 2, the first positive is moved to the midpoint of the
      first two negatives (f_i = (f_j1 + f_j2)/2, so (f_i - f_j1) + (f_i - f_j2) = 0: for
      every u one of the two pairs has x >= 0); else, if |P| >= 2, the first negative is
      moved to the midpoint of the first two positives; a 1 + 1 sample gets a tie;
    - ``plant="tie"``: the first negative is moved onto the positive with the smallest first
      coordinate (f_j = f_i, so x_ij(u) = 0 for every u; every other positive lies ahead of
      it along e_1, the axis of the class means, so a u far along e_1 can send every other
      pair below -delta: the equality case of ``offline_floors``).

    The two points a midpoint is taken of are first rounded to multiples of 2^-20 (a change
    of at most 2^-21 per coordinate), so that the midpoint is exact in float64. The
    certificate (``method="planted"``) is checked exactly by :func:`verify_certificate`;
    :func:`inseparability_certificate` (the LP) certifies the same data independently.
    """
    plant = check_choice(plant, "plant", PLANTS)
    samples = inseparable_samples(
        n_samples, overlap=overlap, dim=dim, positives=positives, negatives=negatives, seed=seed
    )
    first, pairs, weights = _plant(samples[0], plant)
    out = (first, *samples[1:])
    full_pairs = tuple((0, i, j) for i, j in pairs)
    certified = verify_certificate(out, full_pairs, weights)
    cert = InseparabilityCertificate(
        "planted", None, "", None, None, full_pairs, tuple(weights), certified, False
    )
    return PlantedData(out, cert, plant)


# ------------------------------------------------------- the printed update's worst case


def overshoot_samples(n_positives: int, *, dim: int = 1) -> tuple[Sample, Sample]:
    """Two samples on which the update (16) as printed (no 1/|P|) overshoots, Sec. 3.2.

    Sample A: ``n_positives`` = m positives at e_1 and one negative at 0 (pair vectors
    f_i - f_j = e_1); sample B: one positive at -sqrt(m) e_1 and one negative at 0. Both have
    ||J||^2 = m, so R^2 = m and eta = delta / m. From theta^(1) = 0 with H(0) = 0 every
    D_i = 1, every L~_ij = 1/2, and the printed step on A is eta sum_ij L~_ij (f_i - f_j) =
    delta / 2 e_1 (m times the gradient step delta / (2m) e_1); it puts B's pair at
    x = sqrt(m) delta / 2, which the gradient steps on B (|P| = 1: step eta) then take about
    sqrt(m) steps to undo. Visited in :func:`overshoot_order`, the union is inseparable
    (A wants theta_1 > 0, B wants theta_1 < 0).
    """
    m = check_int(n_positives, "n_positives", 1)
    dim = check_int(dim, "dim", 1)
    a = np.zeros((m + 1, dim))
    a[:m, 0] = 1.0
    b = np.zeros((2, dim))
    b[0, 0] = -float(np.sqrt(m))
    return (
        Sample(a, np.arange(m + 1) < m),
        Sample(b, np.array([True, False])),
    )


def overshoot_order(n_positives: int, T: int) -> NDArray[np.int64]:  # noqa: N803
    """d^(t) for :func:`overshoot_samples`: A once, then B isqrt(m) times, repeated, T steps."""
    m = check_int(n_positives, "n_positives", 1)
    T = check_int(T, "T", 1)  # noqa: N806
    period = [0] + [1] * math.isqrt(m)
    return np.resize(np.array(period, dtype=np.int64), T)
