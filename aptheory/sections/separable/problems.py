"""Data for Section 1 of the supplement: separable multi-sample linear problems.

A *separable problem* is a tuple of samples (the supplement's superscript (n)), each with its
own positive and negative boxes P(n), N(n) of its own sizes, together with a certificate
``(theta_star, epsilon)`` of eq. (1):

    for all n, i in P(n), j in N(n):  <f_i - f_j, theta*> >= epsilon.

:func:`separable_problem` draws such a problem with a known ``theta*`` (unit norm unless asked
otherwise) and a chosen margin ``epsilon``, attained in every sample (up to a relative 1e-9
safety factor and, where float64 rounding of the features would cost margin, the small shift
of the positives along ``theta*`` that restores it), and *verifies* eq. (1) in float64 before
returning it. Its ``kind`` selects the
non-trivial cases the proof must survive:

- ``"generic"``: features spread in every direction;
- ``"duplicates"``: boxes of a class share at most two distinct feature vectors, so scores tie
  at every theta, not only at theta = 0 (where every score is 0);
- ``"collinear"``: features nearly on one line ``w`` orthogonal to ``theta*`` (spread 1e-3
  off that line; the classes are told apart only by their small offsets along ``theta*``): an
  ill-conditioned problem with large R / epsilon.

``|P| > |N|`` is a matter of the ``sizes`` argument.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from aptheory.core.linear import Sample, pair_features, validate_theta
from aptheory.core.validation import check_bool, check_choice, check_int, check_positive

ProblemKind = Literal["generic", "duplicates", "collinear"]
PROBLEM_KINDS: tuple[str, ...] = ("generic", "duplicates", "collinear")
GIVEN = "given"  # the kind of a problem wrapped by SeparableProblem.from_samples
_SAFETY = 1e-9  # relative: the generator aims at epsilon * (1 + _SAFETY)
_MAX_LIFTS = 64  # rounds of the float64 margin repair in _lift_positives (each doubles the push)

__all__ = [
    "GIVEN",
    "PROBLEM_KINDS",
    "ProblemKind",
    "SeparableProblem",
    "check_separable",
    "integer_problem",
    "separation_margin",
    "separable_problem",
    "separable_samples",
    "unequal_sizes_example",
    "validate_problem",
]


@dataclass(frozen=True, eq=False)
class SeparableProblem:
    """Samples with a separating ``theta_star`` of margin ``epsilon`` (eq. 1), verified.

    Attributes:
        samples: the training samples, each with its own |P(n)| and |N(n)|.
        theta_star: the separating direction of eq. (1) (not necessarily unit norm).
        epsilon: the margin of eq. (1); ``separation_margin(samples, theta_star) >= epsilon``.
        kind: how the features were drawn (``"given"`` for :meth:`from_samples`).
    """

    samples: tuple[Sample, ...]
    theta_star: NDArray[np.float64]
    epsilon: float
    kind: str = GIVEN

    def __post_init__(self) -> None:
        samples = tuple(self.samples)
        if not samples:
            raise ValueError("samples must hold at least one sample")
        for k, s in enumerate(samples):
            if not isinstance(s, Sample):
                raise TypeError(f"samples[{k}] must be an aptheory.linear.Sample")
            if s.n_negative < 1:
                raise ValueError(f"samples[{k}] has no negative box: eq. (1) needs |N| >= 1")
            if s.dim != samples[0].dim:
                raise ValueError(
                    f"samples[{k}] has dimension {s.dim}, samples[0] has {samples[0].dim}"
                )
        check_choice(self.kind, "kind", (*PROBLEM_KINDS, GIVEN))
        theta = validate_theta(self.theta_star, samples[0].dim)
        check_separable(samples, theta, self.epsilon)
        object.__setattr__(self, "samples", samples)
        object.__setattr__(self, "theta_star", theta)
        object.__setattr__(self, "epsilon", float(self.epsilon))

    @classmethod
    def from_samples(
        cls, samples: Sequence[Sample], theta_star: ArrayLike, epsilon: float
    ) -> SeparableProblem:
        """Wrap given samples and a certificate; raises ``ValueError`` if eq. (1) fails."""
        return cls(tuple(samples), np.asarray(theta_star, dtype=np.float64), epsilon, GIVEN)

    @property
    def dim(self) -> int:
        """Feature dimension d."""
        return self.samples[0].dim

    @property
    def sizes(self) -> tuple[tuple[int, int], ...]:
        """``(|P(n)|, |N(n)|)`` of every sample."""
        return tuple((s.n_positive, s.n_negative) for s in self.samples)

    @property
    def margin(self) -> float:
        """The realised margin min_n min_{i,j} <f_i - f_j, theta*> (>= ``epsilon``)."""
        return separation_margin(self.samples, self.theta_star)


def validate_problem(problem: object) -> SeparableProblem:
    """``problem`` if it is a :class:`SeparableProblem` (verified when built); else TypeError."""
    if not isinstance(problem, SeparableProblem):
        raise TypeError(
            f"problem must be an aptheory.problems.SeparableProblem, got {type(problem).__name__}"
        )
    return problem


def separation_margin(samples: Sequence[Sample], theta_star: ArrayLike) -> float:
    """min over samples n and pairs (i in P(n), j in N(n)) of <f_i - f_j, theta*>, eq. (1)."""
    if isinstance(samples, Sample):
        raise TypeError("samples must be a sequence of aptheory.linear.Sample, got one Sample")
    if not samples:
        raise ValueError("samples must hold at least one sample")
    for k, s in enumerate(samples):
        if not isinstance(s, Sample):
            raise TypeError(
                f"samples[{k}] must be an aptheory.linear.Sample, got {type(s).__name__}"
            )
    theta = validate_theta(theta_star, samples[0].dim)
    out = np.inf
    for k, s in enumerate(samples):
        if s.n_negative < 1:
            raise ValueError(f"samples[{k}] has no negative box: eq. (1) needs |N| >= 1")
        if s.dim != theta.size:
            raise ValueError(f"samples[{k}] has dimension {s.dim}, theta_star has {theta.size}")
        out = min(out, float((pair_features(s) @ theta).min()))
    return out


def check_separable(samples: Sequence[Sample], theta_star: ArrayLike, epsilon: float) -> float:
    """Verify eq. (1) for ``(theta_star, epsilon)`` in float64; return the realised margin.

    Raises ``ValueError`` naming the violated inequality if some pair has
    <f_i - f_j, theta*> < epsilon.
    """
    epsilon = check_positive(epsilon, "epsilon")
    m = separation_margin(samples, theta_star)
    if m < epsilon:
        raise ValueError(
            f"eq. (1) fails: min <f_i - f_j, theta_star> = {m!r} < epsilon = {epsilon!r}"
        )
    return m


def _sample_sizes(sizes: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """``sizes`` as a non-empty tuple of ``(|P|, |N|)`` pairs of integers >= 1."""
    try:
        pairs = list(sizes)
    except TypeError as exc:
        raise TypeError("sizes must be a sequence of (|P|, |N|) integer pairs") from exc
    if not pairs:
        raise ValueError("sizes must hold at least one (|P|, |N|) pair")
    out = []
    for k, pair in enumerate(pairs):
        try:
            n_pos, n_neg = pair
        except (TypeError, ValueError) as exc:
            raise TypeError(f"sizes[{k}] must be a (|P|, |N|) pair of integers") from exc
        out.append((check_int(n_pos, f"sizes[{k}][0]", 1), check_int(n_neg, f"sizes[{k}][1]", 1)))
    return tuple(out)


def _class_block(
    rng: np.random.Generator,
    count: int,
    along: NDArray[np.float64],
    u: NDArray[np.float64],
    w: NDArray[np.float64],
    kind: str,
    spread: float,
) -> NDArray[np.float64]:
    """Features ``along[k] * u + (orthogonal part)`` for one class of one sample."""
    dim = u.size
    scale = spread * (1e-3 if kind == "collinear" else 1.0)
    z = rng.normal(0.0, scale, size=(count, dim))
    if kind == "collinear":  # large spread along one line w orthogonal to theta*
        z = z + np.outer(rng.normal(0.0, spread, size=count), w)
    if kind == "duplicates":  # at most two distinct rows per class: ties at every theta
        pick = rng.integers(0, 2, size=count)
        pick[0] = 0  # the row on the margin stays, so eq. (1) is attained
        near, far = along[np.argmin(np.abs(along))], along[np.argmax(np.abs(along))]
        z = z[pick]
        along = np.where(pick == 0, near, far)
    z = z - np.outer(z @ u, u)  # orthogonal to theta*
    return z + np.outer(along, u)


def _lift_positives(
    features: NDArray[np.float64],
    positive: NDArray[np.bool_],
    u: NDArray[np.float64],
    theta_norm: float,
    epsilon: float,
) -> Sample:
    """The sample, with its positives pushed along ``u`` until eq. (1) holds in float64.

    The construction puts every pair at margin >= epsilon (1 + 1e-9) in exact arithmetic,
    but float64 rounding of ``z - <z, u> u`` and of the scores is of order
    ulp(max |f|) ||theta*|| sqrt(d), which exceeds that for small epsilon or large
    ||theta*||. Each round measures the realised margin m = min <f_i - f_j, theta*> and
    moves the positives by (target - m) / ||theta*|| along u plus a push that starts at
    that rounding scale and doubles, with target = epsilon + 2 rounding units (so the margin
    evaluated in any summation order is >= epsilon); it overshoots by a few rounding units.
    """
    theta = u * theta_norm
    f = features.copy()
    scale = float(np.spacing(max(float(np.abs(f).max()), 1.0))) * np.sqrt(u.size)
    # Aim 2 rounding units above epsilon, so a margin summed in another order stays >= epsilon.
    target = epsilon + 2.0 * scale * theta_norm
    push = 0.0
    for _ in range(_MAX_LIFTS):
        sample = Sample(f, positive)
        short = target - float((pair_features(sample) @ theta).min())
        if short <= 0:
            return sample
        f = f.copy()
        f[positive] += (short / theta_norm + push) * u
        push = max(2.0 * push, scale)
    raise RuntimeError(  # pragma: no cover - the push doubles past any rounding error
        "could not restore eq. (1) in float64"
    )


def separable_problem(
    sizes: Sequence[tuple[int, int]],
    *,
    dim: int = 2,
    epsilon: float = 0.1,
    kind: str = "generic",
    theta_star_norm: float = 1.0,
    spread: float = 1.0,
    depth: float | None = None,
    stacked: bool = False,
    rng: np.random.Generator | int | None = 0,
) -> SeparableProblem:
    """The samples of :func:`separable_samples` wrapped as a verified :class:`SeparableProblem`.

    Same arguments; ``ValueError`` if eq. (1) fails in float64 (it never should: see
    :func:`separable_samples`).
    """
    samples, theta_star = separable_samples(
        sizes,
        dim=dim,
        epsilon=epsilon,
        kind=kind,
        theta_star_norm=theta_star_norm,
        spread=spread,
        depth=depth,
        stacked=stacked,
        rng=rng,
    )
    return SeparableProblem(samples, theta_star, epsilon, kind)


def separable_samples(
    sizes: Sequence[tuple[int, int]],
    *,
    dim: int = 2,
    epsilon: float = 0.1,
    kind: str = "generic",
    theta_star_norm: float = 1.0,
    spread: float = 1.0,
    depth: float | None = None,
    stacked: bool = False,
    rng: np.random.Generator | int | None = 0,
) -> tuple[tuple[Sample, ...], NDArray[np.float64]]:
    """``(samples, theta_star)``: separable samples with known ``theta*`` and margin, eq. (1).

    ``sizes`` lists ``(|P(n)|, |N(n)|)`` per sample. ``theta*`` is a random direction scaled to
    ``theta_star_norm`` (unit by default). In every sample the lowest positive and the highest
    negative are ``epsilon * (1 + 1e-9)`` apart along ``theta*`` (so eq. (1) holds with
    ``epsilon`` and is attained up to that factor); where float64 rounding of the features
    loses margin (tiny ``epsilon``, large ``theta_star_norm`` or ``spread``), the positives
    of that sample are moved along ``theta*`` by the measured shortfall plus a push of the
    order of ulp(max |f|) (:func:`_lift_positives`); the other boxes lie further out along
    ``theta*`` by exponential gaps of scale ``depth`` (default: the margin
    ``epsilon / ||theta*||`` itself, so a small margin means a hard problem), plus Gaussian
    spread orthogonal to ``theta*`` of scale ``spread`` (1e-3 x ``spread`` for
    ``kind="collinear"``). ``rng`` is a seed or a ``numpy.random.Generator``.

    ``stacked=True`` shifts every sample along ``theta*`` so that its lowest box lies
    ``depth`` above the highest box of the sample before it: the samples stay separable
    *within* each sample (eq. 1 only asks that), but the pooled boxes are not separated by
    ``theta*`` (sample n's negatives lie above sample n-1's positives; in dimension 1 no
    theta separates them). The shift draws no random number: the stacked problem is the
    unstacked one (same seed) with one offset per sample.
    Eq. (1) holds by construction but is NOT verified here (so a claim can check the
    construction independently); :func:`separable_problem` verifies it.
    """
    sizes = _sample_sizes(sizes)
    epsilon = check_positive(epsilon, "epsilon")
    dim = check_int(dim, "dim", 1)
    kind = check_choice(kind, "kind", PROBLEM_KINDS)

    theta_star_norm = check_positive(theta_star_norm, "theta_star_norm")
    spread = check_positive(spread, "spread")
    depth = epsilon / theta_star_norm if depth is None else check_positive(depth, "depth")
    stacked = check_bool(stacked, "stacked")
    gen = np.random.default_rng(rng)
    v = gen.normal(size=int(dim))
    while np.linalg.norm(v) < 1e-6:  # pragma: no cover - probability ~ 0
        v = gen.normal(size=int(dim))
    u = v / np.linalg.norm(v)
    theta_star = u * float(theta_star_norm)
    w = gen.normal(size=int(dim))
    w = w - (w @ u) * u
    w = w / np.linalg.norm(w) if np.linalg.norm(w) > 1e-12 else np.zeros_like(w)
    half = 0.5 * epsilon * (1.0 + _SAFETY) / float(theta_star_norm)  # along the unit direction
    samples: list[Sample] = []
    for n_pos, n_neg in sizes:
        gaps_p = gen.exponential(depth, size=n_pos)
        gaps_n = gen.exponential(depth, size=n_neg)
        pos = _class_block(gen, n_pos, half + gaps_p - gaps_p.min(), u, w, kind, spread)
        neg = _class_block(gen, n_neg, -half - (gaps_n - gaps_n.min()), u, w, kind, spread)
        order = gen.permutation(n_pos + n_neg)
        features = np.vstack([pos, neg])[order]
        positive = (np.arange(n_pos + n_neg) < n_pos)[order]
        if stacked and samples:  # this sample's lowest box depth above the last one's highest
            top = float((samples[-1].features @ u).max())
            features = features + (top - float((features @ u).min()) + depth) * u
        samples.append(_lift_positives(features, positive, u, float(theta_star_norm), epsilon))
    return tuple(samples), theta_star


def integer_problem(
    sizes: Sequence[tuple[int, int]],
    *,
    dim: int = 2,
    coord: int = 3,
    rng: np.random.Generator | int | None = 0,
) -> SeparableProblem:
    """A separable problem with small integer features, where exact ties recur along a run.

    ``theta*`` has integer coordinates in [-2, 2] (not all 0, not unit norm); the features of
    each sample are integers in [-coord, coord], and the positives of a sample are moved by
    the smallest integer multiple k theta* that makes every <f_i - f_j, theta*> >= 1, so
    eq. (1) holds with ``epsilon = 1`` exactly. Integer features make scores tie at many
    rational thetas, the case where a float64 run could stop early.
    """
    sizes = _sample_sizes(sizes)
    dim = check_int(dim, "dim", 1)
    coord = check_int(coord, "coord", 1)
    gen = np.random.default_rng(rng)
    star = gen.integers(-2, 3, size=dim)
    while not star.any():
        star = gen.integers(-2, 3, size=dim)
    samples = []
    for n_pos, n_neg in sizes:
        f = gen.integers(-coord, coord + 1, size=(n_pos + n_neg, dim))
        positive = np.arange(n_pos + n_neg) < n_pos
        gap = int((f[positive] @ star).min() - (f[~positive] @ star).max())
        k = max(0, -(-(1 - gap) // int(star @ star)))  # ceil((1 - gap) / ||theta*||^2)
        f[positive] += k * star
        order = gen.permutation(n_pos + n_neg)
        samples.append(Sample(f[order].astype(np.float64), positive[order]))
    return SeparableProblem(tuple(samples), star.astype(np.float64), 1.0, GIVEN)


def unequal_sizes_example(epsilon: float = 0.1) -> SeparableProblem:
    """Two samples of sizes 1 + 1 and 3 + 1 where eq. (5) fails if |P| + |N| is the smaller size.

    ``theta* = e_1`` (unit), margin ``epsilon`` attained in both samples. If the first update
    uses sample A (1 + 1, difference (epsilon, 1)), theta(1) = (epsilon/2, 1/2) ranks B's third
    positive below its negative while B's two other positives stay on top, so the second update
    has L = 1/4 on one tight pair: <theta(2), theta*> = 3 epsilon / 4 < 2 epsilon / 2, while
    the max size M = 4 gives 2 epsilon / 4 <= 3 epsilon / 4.

    The story needs ``0 < epsilon <= 1`` (then theta(1) ranks B's third positive, at
    <theta(1), (epsilon, -1)> = epsilon^2 / 2 - 1/2 < 0, below its negative); a larger
    epsilon raises ``ValueError``.
    """
    epsilon = check_positive(epsilon, "epsilon")
    if epsilon > 1:
        raise ValueError(f"epsilon must be <= 1 for this example's story, got {epsilon!r}")
    a = Sample(np.array([[epsilon, 1.0], [0.0, 0.0]]), np.array([True, False]))
    b = Sample(
        np.array([[5.0, 0.0], [6.0, 0.0], [epsilon, -1.0], [0.0, 0.0]]),
        np.array([True, True, True, False]),
    )
    return SeparableProblem((a, b), np.array([1.0, 0.0]), epsilon, GIVEN)
