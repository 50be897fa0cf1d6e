"""Public strategies and enumerations for checking conjectures about rankings.

Everything here draws *small* examples on purpose: shrinking then lands on the smallest
counterexample, which is what a proof checker wants to read. Four kinds of example:

- **rankings with and without ties** - :func:`ranking_instances` (a :class:`RankingInstance`:
  float64 ``scores`` and the boolean mask ``positive``), :func:`tied_scores`,
  :func:`labelings`;
- **rankings at a tie value** - :func:`at_zero_values` (the three conventions H(0) in
  {0, 1/2, 1}) and :func:`ranking_cases` (a :class:`RankingCase`: an instance and its H(0),
  drawn or fixed);
- **weak orderings of labelled boxes** - every way to rank |P| positive and |N| negative boxes
  with ties, up to swapping boxes of the same label: the plain generators
  :func:`weak_orderings` and :func:`all_weak_orderings` (to run a conjecture over *all*
  small cases), their exact count :func:`count_weak_orderings`, and the hypothesis
  strategy :func:`weak_ordering_instances` drawing from the same enumeration;
- **linear problems** - :func:`samples` (one :class:`~aptheory.core.linear.Sample`) and
  :func:`linear_problems` (a tuple of samples sharing a dimension).

Strategies for the sections' own objects (separable and inseparable problems, Section-3 runs)
live in the section packages, ``aptheory.sections.<name>.strategies``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

import numpy as np
from hypothesis import strategies as st
from numpy.typing import NDArray

from aptheory.checking.exhaustive import compositions, count_orderings, ordering_layout
from aptheory.core.linear import Sample
from aptheory.core.validation import check_at_zero, check_bool, check_int

__all__ = [
    "RankingCase",
    "RankingInstance",
    "all_weak_orderings",
    "at_zero_values",
    "count_weak_orderings",
    "labelings",
    "linear_problems",
    "mixture",
    "ranking_cases",
    "ranking_instances",
    "samples",
    "tied_scores",
    "weak_ordering_instances",
    "weak_orderings",
]


class RankingInstance(NamedTuple):
    """One ranking instance: ``scores`` (float64) and the boolean mask ``positive``.

    Examples
    --------
    >>> import numpy as np
    >>> inst = RankingInstance(np.array([2.0, 1.0, 1.0]), np.array([True, False, True]))
    >>> int(inst.positive.sum())
    2
    """

    scores: NDArray[np.float64]
    positive: NDArray[np.bool_]


class RankingCase(NamedTuple):
    """A ranking instance with the tie value ``at_zero`` = H(0) it is to be read with.

    Examples
    --------
    >>> import numpy as np
    >>> case = RankingCase(np.array([1.0, 1.0]), np.array([True, False]), 0.5)
    >>> case.at_zero
    0.5
    """

    scores: NDArray[np.float64]
    positive: NDArray[np.bool_]
    at_zero: float


# ------------------------------------------------------------------------------ mixtures


def mixture(*strategies: st.SearchStrategy, weights: tuple[float, ...] | None = None):
    """One of ``strategies``, picked with the given ``weights`` (default: equal) *as stated*.

    ``st.one_of`` picks its branch with a bounded integer, which hypothesis draws far from
    uniformly (a search of 60 examples can see one branch twice); here the branch is picked by
    a number uniform over hypothesis's draws of a 32-bit seed (a seeded numpy generator evens
    them out), so a branch that holds the worst cases gets its share of the examples under
    every seed. The seed shrinks towards 0, which picks the first branch: a failure shrinks
    towards ``strategies[0]``.

    Examples
    --------
    >>> from hypothesis import given, settings, strategies as st
    >>> seen = []
    >>> @settings(max_examples=60, database=None, derandomize=True)
    ... @given(mixture(st.just("a"), st.just("b"), weights=(1, 3)))
    ... def test_shares(x):
    ...     seen.append(x)
    >>> test_shares()
    >>> 0.5 < seen.count("b") / len(seen) < 0.95
    True
    """
    if not strategies:
        raise ValueError("mixture needs at least one strategy")
    w = np.ones(len(strategies)) if weights is None else np.asarray(weights, dtype=np.float64)
    if w.shape != (len(strategies),) or not np.all(np.isfinite(w)) or (w < 0).any() or w.sum() <= 0:
        raise ValueError(f"weights must be {len(strategies)} finite numbers >= 0, not all 0")
    edges = tuple(float(e) for e in np.cumsum(w / w.sum()))
    return _mixture_of(tuple(strategies), edges)  # its repr shows the branches


@st.composite
def _mixture_of(
    draw: st.DrawFn, strategies: tuple[st.SearchStrategy, ...], edges: tuple[float, ...]
) -> object:
    seed = draw(st.integers(0, 2**32 - 1))
    u = np.random.default_rng(seed).random()
    k = 0 if seed == 0 else int(np.searchsorted(np.asarray(edges), u, side="right"))
    return draw(strategies[min(k, len(strategies) - 1)])


# ------------------------------------------------------------------------- random rankings


def at_zero_values() -> st.SearchStrategy[float]:
    """The three conventions for H(0) that the proofs distinguish: 0, 1/2 and 1.

    Shrinks towards 0.0 (the convention under which most conditions first bite).

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, database=None)
    ... @given(at_zero_values())
    ... def test_convention(h0):
    ...     assert h0 in (0.0, 0.5, 1.0)
    >>> test_convention()
    """
    return st.sampled_from([0.0, 0.5, 1.0])


@st.composite
def labelings(
    draw: st.DrawFn, size: int, *, min_positives: int = 1, min_negatives: int = 0
) -> NDArray[np.bool_]:
    """A boolean mask of ``size`` boxes with at least the given numbers of each label.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(labelings(4, min_positives=1, min_negatives=2))
    ... def test_counts(mask):
    ...     assert mask.size == 4 and mask.sum() >= 1 and (~mask).sum() >= 2
    >>> test_counts()
    """
    if min_positives + min_negatives > size:
        raise ValueError(f"size {size} cannot hold {min_positives} + {min_negatives} boxes")
    n_pos = draw(st.integers(min_positives, size - min_negatives))
    order = draw(st.permutations(range(size)))
    mask = np.zeros(size, dtype=bool)
    mask[list(order[:n_pos])] = True
    return mask


def tied_scores(size: int, *, grid: int = 3) -> st.SearchStrategy[NDArray[np.float64]]:
    """Scores from the small grid {-grid, ..., grid} / 2, so that ties are frequent.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(tied_scores(5, grid=2))
    ... def test_grid(s):
    ...     assert s.shape == (5,) and set(s * 2) <= {-2.0, -1.0, 0.0, 1.0, 2.0}
    >>> test_grid()
    """
    values = st.integers(-grid, grid).map(lambda v: v / 2.0)
    return st.lists(values, min_size=size, max_size=size).map(
        lambda xs: np.asarray(xs, dtype=np.float64)
    )


def _distinct_scores(size: int, bound: float) -> st.SearchStrategy[NDArray[np.float64]]:
    values = st.floats(-bound, bound, allow_nan=False, allow_infinity=False, allow_subnormal=False)
    return st.lists(values, min_size=size, max_size=size, unique=True).map(
        lambda xs: np.asarray(xs, dtype=np.float64)
    )


@st.composite
def ranking_instances(
    draw: st.DrawFn,
    *,
    min_size: int = 1,
    max_size: int = 12,
    ties: bool = True,
    min_positives: int = 1,
    min_negatives: int = 0,
    bound: float = 4.0,
) -> RankingInstance:
    """A ranking instance with at least ``min_positives`` positives.

    ``ties=True`` draws half-integer scores in [-1.5, 1.5] (ties are frequent);
    ``ties=False`` draws distinct floats in [-bound, bound].

    Examples
    --------
    >>> import numpy as np
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=30, database=None)
    ... @given(ranking_instances(ties=False, max_size=6, min_negatives=1))
    ... def test_no_ties(inst):
    ...     assert np.unique(inst.scores).size == inst.scores.size
    ...     assert inst.positive.any() and (~inst.positive).any()
    >>> test_no_ties()
    """
    lo = max(min_size, min_positives + min_negatives, 1)
    if max_size < lo:
        raise ValueError(f"max_size {max_size} < the smallest legal size {lo}")
    size = draw(st.integers(lo, max_size))
    scores = draw(tied_scores(size) if ties else _distinct_scores(size, bound))
    positive = draw(labelings(size, min_positives=min_positives, min_negatives=min_negatives))
    return RankingInstance(scores, positive)


def ranking_cases(
    at_zero: float | None = None,
    *,
    ties: bool = True,
    min_size: int = 1,
    max_size: int = 10,
    min_positives: int = 1,
    min_negatives: int = 0,
) -> st.SearchStrategy[RankingCase]:
    """A ranking instance (with or without ties) and the tie value H(0) to read it with.

    Parameters
    ----------
    at_zero : float, optional
        A fixed tie value in [0, 1]; ``None`` (default) draws it from
        :func:`at_zero_values` (0, 1/2 or 1).
    ties : bool, default True
        Tie-rich half-integer scores, or distinct floats (see :func:`ranking_instances`).
    min_size, max_size, min_positives, min_negatives : int
        As in :func:`ranking_instances`.

    Returns
    -------
    hypothesis.strategies.SearchStrategy of RankingCase

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=30, database=None)
    ... @given(ranking_cases(at_zero=0.5, max_size=5))
    ... def test_half(case):
    ...     assert case.at_zero == 0.5 and case.positive.any()
    >>> test_half()
    """
    check_bool(ties, "ties")
    h0 = at_zero_values() if at_zero is None else st.just(check_at_zero(at_zero))
    instances = ranking_instances(
        min_size=min_size,
        max_size=max_size,
        ties=ties,
        min_positives=min_positives,
        min_negatives=min_negatives,
    )
    return st.builds(lambda inst, h: RankingCase(inst.scores, inst.positive, h), instances, h0)


# ------------------------------------------------------------------------- weak orderings


def count_weak_orderings(n_positive: int, n_negative: int) -> int:
    """The number of weak orderings :func:`weak_orderings` yields for |P| + |N| boxes.

    A weak ordering of boxes up to swapping boxes of the same label is a sequence of tie
    levels, each a non-empty block of ``a`` positives and ``b`` negatives, with the ``a``
    summing to |P| and the ``b`` to |N|: a composition of the pair (|P|, |N|). Their number
    is MacMahon's count of compositions of a bipartite number,

    .. math:: c(p, n) = \\sum_{i=0}^{\\min(p, n)} \\binom{p}{i} \\binom{n}{i} 2^{p + n - 1 - i},

    for p + n >= 1: c(1, 1) = 3 (ahead, behind, tied), c(2, 1) = 8, c(2, 2) = 26,
    c(p, 0) = 2^(p - 1).

    Parameters
    ----------
    n_positive, n_negative : int
        |P| >= 0 and |N| >= 0, with |P| + |N| >= 1.

    Returns
    -------
    int

    Examples
    --------
    >>> [count_weak_orderings(p, 4 - p) for p in range(5)]
    [8, 20, 26, 20, 8]
    """
    return count_orderings(*_check_split(n_positive, n_negative))


def _check_split(n_positive: int, n_negative: int) -> tuple[int, int]:
    p = check_int(n_positive, "n_positive", 0)
    n = check_int(n_negative, "n_negative", 0)
    if p + n < 1:
        raise ValueError("a weak ordering needs at least one box: n_positive + n_negative >= 1")
    return p, n


def _instance(blocks: tuple[tuple[int, int], ...]) -> RankingInstance:
    scores, positive = ordering_layout(blocks)
    return RankingInstance(np.asarray(scores, dtype=np.float64), np.asarray(positive, dtype=bool))


def weak_orderings(n_positive: int, n_negative: int) -> Iterator[RankingInstance]:
    """Every weak ordering of |P| positive and |N| negative boxes, up to same-label swaps.

    Each is yielded once as a :class:`RankingInstance` whose scores are the integer levels
    ``k - 1, ..., 1, 0`` of its ``k`` tie levels (higher ranks first; tied boxes share a
    level), boxes listed from the top level down and, within a level, positives first. The
    order is fixed: by number of levels (all tied first, strict orders last), then by the
    blocks from the top, more positives first. There are exactly
    :func:`count_weak_orderings` ``(n_positive, n_negative)`` of them.

    Parameters
    ----------
    n_positive, n_negative : int
        |P| >= 0 and |N| >= 0, with |P| + |N| >= 1.

    Yields
    ------
    RankingInstance

    Examples
    --------
    >>> for inst in weak_orderings(1, 1):
    ...     print(inst.scores.tolist(), inst.positive.tolist())
    [0.0, 0.0] [True, False]
    [1.0, 0.0] [True, False]
    [1.0, 0.0] [False, True]

    A conjecture run over every case of up to five boxes (here: 0 <= AP-loss <= 1):

    >>> from aptheory.core.ranking import ap_loss
    >>> all(0 <= ap_loss(s, pos) <= 1 for s, pos in all_weak_orderings(5))
    True
    """
    p, n = _check_split(n_positive, n_negative)
    for parts in range(1, p + n + 1):
        for blocks in compositions(p, n, parts):
            yield _instance(blocks)


def _splits(
    max_size: int, min_positives: int, min_negatives: int, min_size: int
) -> Iterator[tuple[int, int]]:
    max_size = check_int(max_size, "max_size", 1)
    min_positives = check_int(min_positives, "min_positives", 0)
    min_negatives = check_int(min_negatives, "min_negatives", 0)
    min_size = check_int(min_size, "min_size", 1)
    for size in range(max(min_size, min_positives + min_negatives, 1), max_size + 1):
        for p in range(min_positives, size - min_negatives + 1):
            yield p, size - p


def all_weak_orderings(
    max_size: int, *, min_positives: int = 1, min_negatives: int = 0, min_size: int = 1
) -> Iterator[RankingInstance]:
    """Every weak ordering of every split |P| + |N| of ``min_size`` to ``max_size`` boxes.

    The enumeration exhaustive checks run over: :func:`weak_orderings` for each split, by
    size, then by number of positives. The count is the sum of
    :func:`count_weak_orderings` over the splits; with the defaults (at least one
    positive) it is 1, 6, 26, 100, 364, 1288, 4488, 15504, 53296 for ``max_size`` = 1, ..., 9.

    Parameters
    ----------
    max_size : int
        The largest number of boxes (>= 1).
    min_positives, min_negatives : int
        At least this many boxes of each label (defaults 1 and 0).
    min_size : int, default 1
        The smallest number of boxes.

    Yields
    ------
    RankingInstance

    Examples
    --------
    >>> sum(1 for _ in all_weak_orderings(3))
    26
    >>> [inst.positive.tolist() for inst in all_weak_orderings(2)][:3]
    [[True], [True, False], [True, False]]
    """
    for p, n in _splits(max_size, min_positives, min_negatives, min_size):
        yield from weak_orderings(p, n)


def weak_ordering_instances(
    max_size: int = 5, *, min_positives: int = 1, min_negatives: int = 0, min_size: int = 1
) -> st.SearchStrategy[RankingInstance]:
    """A hypothesis strategy drawing from :func:`all_weak_orderings` (the same enumeration).

    It draws a size, a number of positives, then the tie levels from the top down, each as
    large as it can be unless the draw says otherwise; so every weak ordering of ``min_size``
    to ``max_size`` boxes can be drawn (and nothing else), and a failure shrinks towards few
    boxes, then few positives, then few tie levels. For a proof *over all* small cases, loop
    over :func:`all_weak_orderings` instead.

    Parameters
    ----------
    max_size : int, default 5
        The largest number of boxes (>= 1).
    min_positives, min_negatives, min_size : int
        As in :func:`all_weak_orderings`.

    Returns
    -------
    hypothesis.strategies.SearchStrategy of RankingInstance

    Examples
    --------
    Combined with a tie value, as the proofs need it:

    >>> from hypothesis import given, settings, strategies as st
    >>> @settings(max_examples=30, database=None)
    ... @given(st.tuples(weak_ordering_instances(4, min_negatives=1), at_zero_values()))
    ... def test_levels(case):
    ...     (scores, positive), h0 = case
    ...     assert scores.max() <= scores.size - 1 and (~positive).any()
    >>> test_levels()
    """
    splits = list(_splits(max_size, min_positives, min_negatives, min_size))
    if not splits:
        raise ValueError(
            f"no split of {min_size} to {max_size} boxes has at least {min_positives} "
            f"positives and {min_negatives} negatives"
        )
    by_size: dict[int, list[int]] = {}
    for p, n in splits:
        by_size.setdefault(p + n, []).append(p)

    @st.composite
    def draw_one(draw: st.DrawFn) -> RankingInstance:
        size = draw(st.sampled_from(sorted(by_size)))
        p = draw(st.sampled_from(by_size[size]))
        n = size - p
        blocks: list[tuple[int, int]] = []
        while p + n:  # the next level: as many of each label as are left, less a draw
            a, b = p - draw(st.integers(0, p)), n - draw(st.integers(0, n))
            if a + b == 0:
                a, b = (0, 1) if n else (1, 0)
            blocks.append((a, b))
            p, n = p - a, n - b
        return _instance(tuple(blocks))

    return draw_one()


# ------------------------------------------------------------------------ linear problems


@st.composite
def samples(
    draw: st.DrawFn,
    *,
    dim: int = 2,
    min_size: int = 2,
    max_size: int = 8,
    min_negatives: int = 1,
    integer: bool = False,
) -> Sample:
    """One linear sample: features in [-2, 2]^dim (integers if ``integer``) and labels.

    At least one positive and ``min_negatives`` negatives.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(samples(dim=3, integer=True))
    ... def test_sample(s):
    ...     assert s.dim == 3 and s.n_positive >= 1 and s.n_negative >= 1
    ...     assert (s.features == s.features.round()).all()
    >>> test_sample()
    """
    size = draw(st.integers(max(min_size, 1 + min_negatives), max_size))
    coord = (
        st.integers(-2, 2).map(float)
        if integer
        else st.floats(-2.0, 2.0, allow_nan=False, allow_infinity=False, allow_subnormal=False)
    )
    flat = draw(st.lists(coord, min_size=size * dim, max_size=size * dim))
    features = np.asarray(flat, dtype=np.float64).reshape(size, dim)
    positive = draw(labelings(size, min_positives=1, min_negatives=min_negatives))
    return Sample(features, positive)


@st.composite
def linear_problems(
    draw: st.DrawFn,
    *,
    min_samples: int = 1,
    max_samples: int = 4,
    min_dim: int = 1,
    max_dim: int = 4,
    max_size: int = 8,
    integer: bool = False,
) -> tuple[Sample, ...]:
    """A multi-sample linear problem: samples of one dimension but different sizes.

    Generic problems (not certified separable or inseparable: those strategies live in
    ``aptheory.sections.<name>.strategies``).

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(linear_problems(min_samples=2, max_samples=3))
    ... def test_problem(problem):
    ...     assert 2 <= len(problem) <= 3 and len({s.dim for s in problem}) == 1
    >>> test_problem()
    """
    dim = draw(st.integers(min_dim, max_dim))
    k = draw(st.integers(min_samples, max_samples))
    return tuple(draw(samples(dim=dim, max_size=max_size, integer=integer)) for _ in range(k))
