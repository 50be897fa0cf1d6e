"""Claims of Section 3 (the inseparable case), eqs. (16)-(32), in the one-place form.

Three kinds of check:

- *pointwise* claims over generated scalars x or ranking instances, computed **exactly** with
  ``fractions.Fraction`` through :mod:`aptheory.core.exact` and
  :func:`~aptheory.sections.inseparable.surrogate.exact_surrogate` (scores are
  half-integers, delta a power of two, so Q, H~ and every sum are rational): (19), (23),
  (28) harmonic step, (30), (31) algebra;
- *linear-model* claims over generated samples and parameters (float64): (16) against a
  finite-difference gradient, (20) convexity along random lines and its first-order form,
  (22) the chain-rule norm bound, (23) the gradient-norm formula;
- *run* claims over whole simulated runs (float64): a strategy draws a small
  :class:`~aptheory.sections.inseparable.examples.InseparableRunSpec` (seed, T, delta,
  overlap, sizes, H(0), theta^(1), comparator) and
  :func:`~aptheory.sections.inseparable.examples.simulate_spec` simulates it and finds the
  comparator u with scipy (every bound holds for every u). (20), (21), (24), (26), (27) in
  both settings; (28)-(32) offline.

Runs are recomputed for every example (about 2 ms each, deterministic in the spec): no cache,
no state shared between claims or between audits. The examples and strategies live in
:mod:`aptheory.sections.inseparable.examples`.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st
from numpy.typing import NDArray

from aptheory.checking.claim import EXACT, ClaimSet, Tolerance
from aptheory.checking.exhaustive import Exhaustive, OrderingCase
from aptheory.core.exact import (
    heaviside_exact,
    piecewise_step_exact,
    piecewise_step_integral_exact,
    worst_eq,
    worst_le,
)
from aptheory.core.linear import Sample, jacobian_norm
from aptheory.core.ranking import pair_differences, piecewise_step, piecewise_step_integral
from aptheory.sections.inseparable.bounds import harmonic
from aptheory.sections.inseparable.examples import (
    DELTAS,
    AlgebraExample,
    InseparableRunSpec,
    LinearExample,
    PointExample,
    SurrogateExample,
    ZExample,
    algebra_examples,
    inseparable_run_specs,
    linear_examples,
    overshoot_specs,
    point_examples,
    printed_run_specs,
    simulate_spec,
    surrogate_examples,
    z_examples,
)
from aptheory.sections.inseparable.surrogate import (
    ExactSurrogate,
    convexity_gap,
    denominators,
    exact_surrogate,
    modified_update,
    surrogate_grad_pairs,
    surrogate_grad_theta,
    surrogate_theta,
)
from aptheory.sections.inseparable.tightness import known_suprema
from aptheory.strategies import mixture

__all__ = ["CLAIMS", "RUN"]

CLAIMS = ClaimSet("inseparable")

# ------------------------------------------------------------------------------ tolerances

RUN = Tolerance(
    1e-9,
    "float64 sums of nonnegative terms, at most 2010 steps of at most 3 x 30 x 80 pair terms "
    "(n < 1e7 terms: relative rounding <= n 2^-53 < 1.2e-9 in the worst case, ~sqrt(n) 2^-53 "
    "< 1e-12 in practice); the comparator u is any vector, so its optimisation error cannot "
    "break a bound",
)
FD_UPDATE = Tolerance(
    2e-5,
    "central differences, h = 1e-7, on Q (C^1, piecewise quadratic): exact on a "
    "quadratic piece; a pair sitting on a kink x = +-delta (the grid examples hit "
    "them) adds a^2 h / (8 delta) per pair, a = |f_j - f_i|_k <= 4, so at most "
    "(eta/|P|) * 6 * 16 h / (8 * 0.25) < 1.5e-5; rounding < 1e-6",
)
FD_NORM = Tolerance(
    3e-6,
    "central differences, h = 1e-7, on Q (C^1, piecewise quadratic): per "
    "coordinate error <= h / (8 delta) at a kink plus rounding, < 1e-7; the "
    "squared norm of <= 12 coordinates of size <= 1 moves by < 3e-6",
)
LINEAR = Tolerance(1e-9, "float64, a few dozen terms of size O(10)")
SVD = Tolerance(1e-9, "float64 SVD and products of O(10) numbers")
LOG = Tolerance(1e-12, "float64 log and a Fraction converted to float")
LOG_OF_EXACT = Tolerance(1e-12, "exact Fractions, compared in float64 because of the log")

EXACT_NOTE = "exact: Fractions (half-integer scores, delta a power of two)"
H0_HALF = "H(0) >= 1/2 (here: H(0) in {1/2, 1})"


# ------------------------------------------------------------------ strategies and helpers


def runs() -> st.SearchStrategy[InseparableRunSpec]:
    """Online and offline runs, every H(0) in {0, 1/2, 1}."""
    return inseparable_run_specs()


def offline_runs(
    at_zero: tuple[float, ...] = (0.0, 0.5, 1.0),
) -> st.SearchStrategy[InseparableRunSpec]:
    """Offline runs with H(0) in ``at_zero``."""
    return inseparable_run_specs(settings=("offline",), at_zero=at_zero)


def printed_equal_p() -> st.SearchStrategy[InseparableRunSpec]:
    """Runs of the update (16) as printed; every sample of a run has the same |P|."""
    return printed_run_specs(equal_positives=True)


def printed_varying_p() -> st.SearchStrategy[InseparableRunSpec]:
    """Runs of the update (16) as printed; |P| varies between the samples of a run.

    :func:`printed_run_specs` with ``equal_positives=False``: the overshoot runs (where the
    printed update breaks (26)) a quarter of the draws, :func:`long_overshoots` (where it
    also breaks (27)) a quarter, random online runs half (``st.one_of`` can leave a family
    with a few draws of 60).
    """
    varying = inseparable_run_specs(settings=("online",), update="printed")
    return mixture(overshoot_specs(), long_overshoots(), varying, weights=(1, 1, 2))


def long_overshoots() -> st.SearchStrategy[InseparableRunSpec]:
    """The runs of :func:`overshoot_specs` with m in {64, 100} positives and T in [27, 60]:
    long enough for the overshoot to break (27) too (m = 64 from T = 27 on, m = 100 from
    T = 18), not only (26)."""

    def build(m_t_delta: tuple[int, int, float]) -> InseparableRunSpec:
        m, horizon, delta = m_t_delta
        return InseparableRunSpec(
            setting="online",
            seed=0,
            T=horizon,
            delta=delta,
            overlap=0.3,
            n_samples=2,
            max_positives=m,
            max_negatives=1,
            dim=1,
            at_zero=0.0,
            theta0_scale=0.0,
            comparator="bound",
            data="overshoot",
            update="printed",
        )

    draws = st.tuples(st.sampled_from([64, 100]), st.integers(27, 60), st.sampled_from(DELTAS))
    return draws.map(build)


def inseparable_z(max_positives: int = 8) -> st.SearchStrategy[ZExample]:
    """Certified-inseparable samples (planted) and a comparator u, |P| <= ``max_positives``."""
    return z_examples(planted=True, max_positives=max_positives)


def any_z() -> st.SearchStrategy[ZExample]:
    """The same draws without the plant: separable or not, no certificate."""
    return z_examples(planted=False)


def offline_h0_half() -> st.SearchStrategy[InseparableRunSpec]:
    """Offline runs with H(0) in {1/2, 1} (the condition of (28))."""
    return offline_runs((0.5, 1.0))


def offline_h0_zero() -> st.SearchStrategy[InseparableRunSpec]:
    """Offline runs with H(0) = 0 (the value the condition of (28) excludes)."""
    return offline_runs((0.0,))


def first_step_runs(at_zero: tuple[float, ...]) -> st.SearchStrategy[InseparableRunSpec]:
    """Offline runs from theta^(1) = 0 on one planted (certified inseparable) sample of
    |P| in [4, 30] positives, the comparator u minimising the right side of (27): at t = 1
    every pair is tied, so with H(0) = 0 every D_i = 1 and l^(1)(u) is the mean of the
    A_i(u), while (28) allows only ((ln|P| + 1)/|P|) max_i A_i(u) (0.6 of it at |P| = 4,
    0.15 at |P| = 30)."""
    return st.builds(
        InseparableRunSpec,
        setting=st.just("offline"),
        seed=st.integers(0, 2**16),
        T=st.integers(1, 25),
        delta=st.sampled_from(DELTAS),
        overlap=st.sampled_from([0.02, 0.1, 0.3, 0.7]),
        n_samples=st.just(1),
        max_positives=st.integers(4, 30),
        max_negatives=st.integers(1, 8),
        dim=st.integers(1, 3),
        at_zero=st.sampled_from(at_zero),
        theta0_scale=st.just(0.0),
        comparator=st.just("bound"),
        min_positives=st.just(4),
        min_negatives=st.just(1),
        data=st.sampled_from(["midpoint", "tie"]),
        update=st.just("gradient"),
    )


def start_runs(
    at_zero: tuple[float, ...] = (1.0, 0.5),
    *,
    settings: tuple[str, ...] = ("offline",),
    comparator: str = "loss-x4",
    large: bool = False,
    update: str = "gradient",
) -> st.SearchStrategy[InseparableRunSpec]:
    """Runs of T <= 2 steps from theta^(1) = 0 on certified samples (plant "tie") with one
    positive among 5 to 8 negatives (``large``: 30 among 80) per sample, where the bounds of
    (27)-(32) lean on their 1/T remainder: at theta^(1) = 0 every pair is tied, so the
    AP-loss starts at |N|/(|P| + |N|) (H(0) = 1), above the 2/3 that b/(1 + b) can fall to
    (Z(u) = delta/4 for a comparator far along the class axis, ``comparator="loss-x4"``).
    ``comparator="bound"`` keeps u near theta^(1), where the constants of (27) are tight."""
    n_pos, n_neg = (st.just(30), st.just(80)) if large else (st.just(1), st.integers(5, 8))
    return st.tuples(n_pos, n_neg).flatmap(
        lambda pn: st.builds(
            InseparableRunSpec,
            setting=st.sampled_from(settings),
            seed=st.integers(0, 2**16),
            T=st.integers(1, 2),
            delta=st.sampled_from(DELTAS),
            overlap=st.sampled_from([0.02, 0.1, 0.3, 0.7]),
            n_samples=st.integers(1, 3),
            max_positives=st.just(pn[0]),
            max_negatives=st.just(pn[1]),
            dim=st.integers(1, 3),
            at_zero=st.sampled_from(at_zero),
            theta0_scale=st.just(0.0),
            comparator=st.just(comparator),
            min_positives=st.just(pn[0]),
            min_negatives=st.just(pn[1]),
            data=st.just("tie"),
            update=st.just(update),
        )
    )


def runs_and_starts() -> st.SearchStrategy[InseparableRunSpec]:
    """:func:`runs`, or (one draw in three) :func:`start_runs` online and offline."""
    return mixture(runs(), start_runs(settings=("online", "offline")), weights=(2, 1))


def offline_runs_and_starts() -> st.SearchStrategy[InseparableRunSpec]:
    """:func:`offline_runs`, or (one draw in three) :func:`start_runs`."""
    return mixture(offline_runs(), start_runs(), weights=(2, 1))


def offline_h0_half_and_large_starts() -> st.SearchStrategy[InseparableRunSpec]:
    """:func:`offline_h0_half`, or (one draw in two) :func:`start_runs` on 30 + 80 boxes,
    where (ln|P| + 1)/|P| is small enough for the 1/T remainder of (29) to matter (at one
    draw in three its twin survived 2 of 20 seeds)."""
    return mixture(offline_h0_half(), start_runs(large=True), weights=(1, 1))


def offline_h0_zero_and_large_starts() -> st.SearchStrategy[InseparableRunSpec]:
    """:func:`offline_h0_zero`, or (one draw in two) :func:`start_runs` on 30 + 80 boxes with
    H(0) = 0: the unconditioned family of :func:`offline_h0_half_and_large_starts`."""
    return mixture(offline_h0_zero(), start_runs((0.0,), large=True), weights=(1, 1))


def printed_equal_p_and_starts() -> st.SearchStrategy[InseparableRunSpec]:
    """:func:`printed_equal_p`, or (one draw in three) printed-update :func:`start_runs`
    (one positive per sample, so every sample has the same |P|) with the comparator of
    (27)."""
    starts = start_runs(settings=("online", "offline"), comparator="bound", update="printed")
    return mixture(printed_equal_p(), starts, weights=(2, 1))


@st.composite
def crossing_examples(draw: st.DrawFn) -> LinearExample:
    """A 1-D sample whose segment [theta, v] crosses a tie: positives at 0 and 1, one to
    three negatives at 1, theta and v of opposite signs within delta of 0. At 0 the second
    positive and the negatives change sides of the first positive at once, so a denominator
    that moves with theta jumps there (from 1 to 2 + |N|), while frozen denominators keep
    the loss convex: the case that separates (20) from its twin."""
    n_neg = draw(st.integers(1, 3))
    delta = draw(st.sampled_from(DELTAS))
    a = draw(st.integers(1, 8)) / 8.0 * delta
    b = -draw(st.integers(1, 8)) / 8.0 * delta
    theta, other = (np.array([a]), np.array([b]))
    if draw(st.booleans()):
        theta, other = other, theta
    reference = draw(st.sampled_from([theta, other, np.zeros(1)]))
    features = np.array([[0.0], [1.0]] + [[1.0]] * n_neg)
    positive = np.array([True, True] + [False] * n_neg)
    return LinearExample(
        Sample(features, positive),
        theta,
        reference,
        other,
        draw(st.sampled_from([0.5, 0.25, 0.9, 0.75])),
        draw(st.sampled_from([0.1, 1.0, 3.0])),
        delta,
        draw(st.sampled_from([0.0, 0.5, 1.0])),
    )


def linear_and_crossing_examples() -> st.SearchStrategy[LinearExample]:
    """:func:`linear_examples`, or (one draw in three) :func:`crossing_examples`."""
    return mixture(linear_examples(), crossing_examples(), weights=(2, 1))


def offline_first_steps_h0_half() -> st.SearchStrategy[InseparableRunSpec]:
    """:func:`offline_h0_half`, or (one draw in three) :func:`first_step_runs` with H(0) in
    {1/2, 1}."""
    return mixture(offline_h0_half(), first_step_runs((0.5, 1.0)), weights=(2, 1))


def offline_first_steps_h0_zero() -> st.SearchStrategy[InseparableRunSpec]:
    """:func:`offline_h0_zero`, or (one draw in three) :func:`first_step_runs` with H(0) = 0."""
    return mixture(offline_h0_zero(), first_step_runs((0.0,)), weights=(2, 1))


def surrogate_h0_half() -> st.SearchStrategy[SurrogateExample]:
    """Surrogate instances with H(0) in {1/2, 1}."""
    return surrogate_examples(at_zero=(0.5, 1.0))


def surrogate_every_h0() -> st.SearchStrategy[SurrogateExample]:
    """Surrogate instances with H(0) in {0, 1/2, 1}; one draw in three has H(0) = 0, the
    value the condition of (28) excludes (a tie value drawn from a list comes up unevenly)."""
    return mixture(
        surrogate_examples(at_zero=(0.0, 0.5, 1.0)),
        surrogate_examples(at_zero=(0.0,)),
        weights=(2, 1),
    )


def _every_ordering(tie_values: tuple[float, ...] = (0.0, 0.5, 1.0)) -> Exhaustive:
    """Every weak ordering with |N| >= 1 as a :class:`SurrogateExample`: x = x^ = its levels,
    delta = 1 (the quantities of (19), (23), (28), (30) at that instance, exactly)."""

    def build(case: OrderingCase) -> list[SurrogateExample]:
        x = np.asarray(case.scores, dtype=np.float64)
        p = np.asarray(case.positive, dtype=bool)
        return [SurrogateExample(x, x.copy(), p, 1.0, float(case.at_zero))]

    return Exhaustive(
        build,
        tie_values=tie_values,
        min_negatives=1,
        how="x = x^ = the tie levels, delta = 1",
        sizes=(6, 8),  # exact_surrogate ~0.4 ms a case: 6 boxes quick (1 s), 8 thorough (17 s)
    )


def _exact(ex: SurrogateExample) -> ExactSurrogate:
    """Every exact quantity of (17)-(30) for one instance."""
    return exact_surrogate(
        ex.scores, ex.positive, reference=ex.reference, delta=ex.delta, at_zero=ex.at_zero
    )


def _fd_grad(ex: LinearExample, h: float = 1e-7) -> NDArray[np.float64]:
    """Central finite differences of theta' -> l(X(theta'), X(theta)) at theta."""

    def loss(th: NDArray[np.float64]) -> float:
        return surrogate_theta(ex.sample, th, ex.theta, delta=ex.delta, at_zero=ex.at_zero)

    eye = np.eye(ex.theta.size)
    return np.array([(loss(ex.theta + h * e) - loss(ex.theta - h * e)) / (2 * h) for e in eye])


def _exact_z(ex: ZExample) -> Fraction:
    """Z(u) = max_i sum_j Q(x_ij(u)), x_ij(u) = <f_j - f_i, u>, in exact arithmetic."""
    f = [[Fraction(v) for v in row] for row in ex.sample.features.tolist()]
    u = [Fraction(v) for v in ex.u.tolist()]
    s = [sum((a * b for a, b in zip(row, u, strict=True)), Fraction(0)) for row in f]
    p = ex.sample.positive.tolist()
    pos = [k for k, v in enumerate(p) if v]
    neg = [k for k, v in enumerate(p) if not v]
    d = Fraction(ex.delta)
    return max(
        sum((piecewise_step_integral_exact(s[j] - s[i], d) for j in neg), Fraction(0)) for i in pos
    )


def _first_term_29(ex: ZExample, one: float) -> tuple[float, float]:
    """(one, ((ln|P| + 1)/|P|) (8/delta) Z(u)): the first term of (29) against ``one``."""
    n = ex.sample.n_positive
    return one, (math.log(n) + 1.0) / n * float(8 * _exact_z(ex) / Fraction(ex.delta))


def _run_printed(spec: InseparableRunSpec, which: str, keep_distance: bool) -> tuple[float, float]:
    """Both sides of (26) or (27) on a run of the printed update (the distance term kept)."""
    b = simulate_spec(spec).bounds
    if which == "26":
        rhs = b.bound26 if keep_distance else 2 * b.sum_comparator
        return b.sum_surrogate, rhs
    rhs = b.bound27 if keep_distance else 8 / b.delta * b.sum_comparator
    return b.sum_ap, rhs


def _nonempty(found: tuple[int, bool] | None) -> tuple[int, bool]:
    """The (k, violated) of worst_le / worst_eq on a family with members (None: no members)."""
    assert found is not None, "an empty family"
    return found


def _offline(value: float | None) -> float:
    """A quantity of an offline run (None only online: the strategies here run offline)."""
    assert value is not None, "an offline quantity of an online run"
    return value


def _worst(a: NDArray[np.float64], b: NDArray[np.float64]) -> tuple[float, float]:
    """The (a_k, b_k) with the largest relative gap (:func:`aptheory.core.exact.worst_eq`)."""
    k, _ = _nonempty(worst_eq(a, b, 0.0))  # a and b: the coordinates of an update step
    return float(a[k]), float(b[k])


def _update_step(ex: LinearExample) -> NDArray[np.float64]:
    """theta' - theta for the modified update (16) of ``ex``."""
    new = modified_update(ex.sample, ex.theta, eta=ex.eta, delta=ex.delta, at_zero=ex.at_zero)
    return new - ex.theta


def _first_order(ex: LinearExample, factor: float) -> tuple[float, float]:
    """(l^(t)(theta), l^(t)(u) + factor <theta - u, dl^(t)(theta)/dtheta>), eq. (20)."""
    kw = {"delta": ex.delta, "at_zero": ex.at_zero}
    l_theta = surrogate_theta(ex.sample, ex.theta, ex.reference, **kw)
    l_u = surrogate_theta(ex.sample, ex.other, ex.reference, **kw)
    g = surrogate_grad_theta(ex.sample, ex.theta, ex.reference, **kw)
    return l_theta, l_u + factor * float((ex.theta - ex.other) @ g)


def _chain_rule(ex: LinearExample, factor: float) -> tuple[float, float]:
    """(||dl/dtheta||^2, factor R_d^2 ||dl/dx||^2), eq. (22)."""
    kw = {"delta": ex.delta, "at_zero": ex.at_zero}
    gx = surrogate_grad_pairs(
        ex.sample.features @ ex.theta,
        ex.sample.positive,
        reference=ex.sample.features @ ex.reference,
        **kw,
    )
    gt = surrogate_grad_theta(ex.sample, ex.theta, ex.reference, **kw)
    r = jacobian_norm(ex.sample)
    return float(gt @ gt), factor * r**2 * float(np.sum(gx**2))


def _grad_norm_formula(ex: LinearExample, power: int) -> tuple[float, float]:
    """||dl/dx||^2 by the printed formula (1/|P|^power) vs central differences in x, (23)."""
    s = ex.sample.features @ ex.theta
    p = ex.sample.positive
    den = denominators(ex.sample.features @ ex.reference, p, at_zero=ex.at_zero)
    x = pair_differences(s, p)[:, ~p]  # x_ij = s_j - s_i, i in P, j in N
    n_pos = int(p.sum())
    ht = piecewise_step(x, ex.delta)
    formula = float(np.sum(ht**2 / den[:, None] ** 2)) / n_pos**power

    def loss(xx: NDArray[np.float64]) -> float:
        q = piecewise_step_integral(xx, ex.delta)
        return float((q.sum(axis=1) / den).mean())

    h = 1e-7
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[idx] = h
        grad[idx] = (loss(x + e) - loss(x - e)) / (2 * h)
    return formula, float(np.sum(grad**2))


def _telescoped(spec: InseparableRunSpec, with_last: bool) -> tuple[float, float]:
    """Both sides of the polarisation identity of (21), summed over the run."""
    res = simulate_spec(spec)
    b, run = res.bounds, res.run
    eta = run.eta
    steps = np.diff(run.thetas, axis=0)
    lhs = float(np.sum((run.thetas[:-1] - res.u) * (-steps))) / eta
    if with_last:
        lhs += b.last_dist_sq / (2 * eta)
    return lhs, b.dist_sq / (2 * eta) + float(np.sum(steps**2)) / (2 * eta)


def _harmonic_sum(ex: SurrogateExample) -> Fraction:
    """sum_{i in P} 1 / D_i(x^), the left side of (28)."""
    return sum((1 / di for di in _exact(ex).rank_reference), Fraction(0))


def _surrogate_vs_harmonic_z(ex: SurrogateExample, plus: float) -> tuple[float, float]:
    """(l(x, x^), ((ln|P| + plus)/|P|) Z), eq. (28)."""
    e = _exact(ex)
    n = e.n_positive
    return float(e.loss), (math.log(n) + plus) / n * float(e.z)


def _run_vs_harmonic_z(spec: InseparableRunSpec, plus: float) -> tuple[float, float]:
    """The worst step of l^(t)(u) <= ((ln|P| + plus)/|P|) Z(u) on an offline run, (28)."""
    res = simulate_spec(spec)
    n = res.data[0].n_positive
    rhs = np.full(res.comparator_steps.size, (math.log(n) + plus) / n * _offline(res.z))
    k, _ = _nonempty(worst_le(res.comparator_steps, rhs, RUN.value))  # T >= 1 steps
    return float(res.comparator_steps[k]), float(rhs[k])


def _precision_mean(ex: SurrogateExample, self_term: int) -> tuple[Fraction, Fraction]:
    """((1/|P|) sum_i (rank+(i) - 1 + self_term) / D_i, 1 - L_AP) at x^, eq. (30)."""
    e = _exact(ex)
    prec = sum(
        (
            (rp - 1 + self_term) / di
            for rp, di in zip(e.rank_plus_reference, e.rank_reference, strict=True)
        ),
        Fraction(0),
    )
    return prec / e.n_positive, 1 - e.ap_loss_reference


def _run_vs_precision_z(spec: InseparableRunSpec, factor: float) -> tuple[float, float]:
    """The worst step of l^(t)(u) <= (1 - L_AP(X(theta^(t)))) factor Z(u), (30)."""
    res = simulate_spec(spec)
    rhs = (1.0 - res.run.ap_losses) * (factor * _offline(res.z))
    k, _ = _nonempty(worst_le(res.comparator_steps, rhs, RUN.value))  # T >= 1 steps
    return float(res.comparator_steps[k]), float(rhs[k])


# ------------------------------------------------------------------------------ (16), (19)


@CLAIMS.claim(
    "eq16-update-is-gradient-step",
    "(16), (18)",
    "theta + (eta/|P|) sum_ij L~_ij (f_i - f_j) == theta - eta d/dtheta "
    "l(X(theta'), X(theta)) at theta' = theta (worst coordinate, vs central "
    "finite differences)",
    strategy=linear_examples,
    tol=FD_UPDATE,
    kind="eq",
    note=(
        "The modified update is gradient descent on l(X(theta), X(theta^(t))) with "
        "step eta exactly when the error-driven step size is eta / |P| (the 1/|P| of "
        "eq. (18)); with eta = delta / R^2 it is delta / (R^2 |P|)."
    ),
)
def eq16_update_is_gradient_step(ex: LinearExample):
    return _worst(_update_step(ex), -ex.eta * _fd_grad(ex))


@eq16_update_is_gradient_step.twin("the error-driven step without the 1/|P| factor is the GD step")
def _(ex: LinearExample):
    return _worst(_update_step(ex) * ex.sample.n_positive, -ex.eta * _fd_grad(ex))


PRINTED_PROOF = (
    "Proof when every sample has the same |P| = m: the printed step is gradient descent with "
    "step eta' = m eta = m delta/R^2; by (23) sharpened by |P| (eq23-sharper-by-P), "
    "(eta'/2) ||dl/dtheta||^2 <= (eta'/2) R^2 l/(m delta) = l/2, so (21) gives "
    "sum l - sum l(u) <= ||u - theta^(1)||^2 / (2 eta') + sum l / 2, i.e. sum l <= "
    "2 sum l(u) + R^2 ||u - theta^(1)||^2 / (m delta): (26) with the distance term divided "
    "by |P| (and (27) with it, through (19)). With |P| varying the steps eta |P_t| vary and "
    "the telescoping of (21) breaks: sum_t (D_t - D_{t+1}) / (2 eta_t) is not <= "
    "D_1 / (2 eta_1)."
)


@CLAIMS.claim(
    "eq16-printed-update-eq26",
    "(16), (26)",
    "the update (16) as printed, theta + eta sum_ij L~_ij (f_i - f_j) with eta = delta/R^2 "
    "and no 1/|P|: sum_t l^(t)(theta^(t)) <= 2 sum_t l^(t)(u) + (R^2/delta) ||u - theta^(1)||^2",
    strategy=printed_equal_p,
    tol=RUN,
    expected="conditional",
    condition="every sample of the run has the same |P| (offline runs, in particular)",
    unconditioned=printed_varying_p,
    note=(
        f"{PRINTED_PROOF} Smallest counterexample found: online, sample A = 4 positives at "
        "f = 1 and a negative at 0, sample B = a positive at -2 and a negative at 0, order "
        "A, B, B, theta^(1) = 0, H(0) = 0, any delta (the ratio does not depend on it): the "
        "printed step on A (every D_i = 1, L~ = 1/2) moves theta by delta/2 instead of "
        "delta/8, B's pair lands at x = delta and sum l = 1.07 x (26) at the best u. "
        "Breaks with H(0) = 1 too (a hill-climbed 7 + 2 and 1 + 1 pair of samples in dim 2, "
        "ratio 1.07); the overshoot family "
        "(overshoot_samples: m positives, then a one-positive sample, theta^(1) = 0, "
        "H(0) = 0) breaks it by ~sqrt(m)/4. Random online runs rarely do (none in 3000)."
    ),
)
def eq16_printed_update_eq26(spec: InseparableRunSpec):
    return _run_printed(spec, "26", keep_distance=True)


@eq16_printed_update_eq26.twin("the (R^2/delta) ||u - theta^(1)||^2 term dropped")
def _(spec: InseparableRunSpec):
    return _run_printed(spec, "26", keep_distance=False)


@CLAIMS.claim(
    "eq16-printed-update-eq27",
    "(16), (27)",
    "the update (16) as printed (no 1/|P|), eta = delta/R^2: sum_t L_AP(X(theta^(t))) <= "
    "(8/delta) sum_t l^(t)(u) + (4 R^2/delta^2) ||u - theta^(1)||^2",
    strategy=printed_equal_p_and_starts,
    tol=RUN,
    expected="conditional",
    condition="every sample of the run has the same |P| (offline runs, in particular)",
    unconditioned=printed_varying_p,
    note=(
        "The proof of eq16-printed-update-eq26 with (19). (27) has the slack of (19) "
        "(Q(x) > (delta/4) H(x) away from x = 0), so it breaks later than (26): on the "
        "overshoot family (1-D, theta^(1) = 0, H(0) = 0, A once then B isqrt(m) times, "
        "repeated): the search's shrunk counterexample is m = 100 positives, T = 18 "
        "(ratio 1.02); m = 64, T = 27 gives 1.12; smaller m were not seen to break it."
    ),
)
def eq16_printed_update_eq27(spec: InseparableRunSpec):
    return _run_printed(spec, "27", keep_distance=True)


@eq16_printed_update_eq27.twin(
    "both constants divided by 4: (2/delta) sum_t l^(t)(u) + (R^2/delta^2) ||u - theta^(1)||^2"
)
def _(spec: InseparableRunSpec):
    lhs, rhs = _run_printed(spec, "27", keep_distance=True)
    return lhs, rhs / 4


@CLAIMS.claim(
    "eq19-Q-ge-quarter-delta-H",
    "(19)",
    "(delta/4) H(x) <= Q(x) for every x and every H(0) in {0, 1/2, 1}",
    strategy=point_examples,
    tol=EXACT,
    note=(
        f"{EXACT_NOTE}. Termwise form of (19): Q(0) = delta/4 = (delta/4) H(0) exactly "
        "when H(0) = 1 (tightness 1), Q > delta/4 for x > 0, and H = 0 for x < 0."
    ),
)
def eq19_q_ge_quarter_delta_h(ex: PointExample):
    h = heaviside_exact(ex.x, ex.at_zero)
    return Fraction(1, 4) * Fraction(ex.delta) * h, piecewise_step_integral_exact(ex.x, ex.delta)


@eq19_q_ge_quarter_delta_h.twin("(delta/2) H(x) <= Q(x)")
def _(ex: PointExample):
    h = heaviside_exact(ex.x, ex.at_zero)
    return Fraction(1, 2) * Fraction(ex.delta) * h, piecewise_step_integral_exact(ex.x, ex.delta)


@CLAIMS.claim(
    "eq19-surrogate-ge-ap-loss",
    "(19), (17)",
    "(delta/4) L_AP(x) <= l(x, x), every H(0) in {0, 1/2, 1}",
    strategy=surrogate_examples,
    tol=EXACT,
    exhaustive=_every_ordering(),
    note=(
        f"{EXACT_NOTE}. Holds under each H(0) convention (the denominators are the "
        "same on both sides, and Q >= (delta/4) H termwise); equality when every "
        "counted pair has x_ij = 0 and H(0) = 1."
    ),
)
def eq19_surrogate_ge_ap_loss(ex: SurrogateExample):
    e = _exact(ex)
    return Fraction(1, 4) * e.delta * e.ap_loss_self, e.loss_self


@eq19_surrogate_ge_ap_loss.twin("(delta/2) L_AP(x) <= l(x, x)")
def _(ex: SurrogateExample):
    e = _exact(ex)
    return Fraction(1, 2) * e.delta * e.ap_loss_self, e.loss_self


# ------------------------------------------------------------------------- (20), (21), (22)


@CLAIMS.claim(
    "eq20-convex-along-lines",
    "(20), condition (1)",
    "l(X_d(lam a + (1-lam) b), X_d(theta^)) <= lam l(X_d(a), .) + (1-lam) l(X_d(b), .)",
    strategy=linear_and_crossing_examples,
    tol=LINEAR,
    note=(
        "Condition (1) holds for a linear model because the denominators are frozen "
        "at theta^ and Q is convex; unfreezing them (l(x, x)) breaks convexity."
    ),
)
def eq20_convex_along_lines(ex: LinearExample):
    return convexity_gap(
        ex.sample,
        ex.reference,
        ex.theta,
        ex.other,
        lam=ex.lam,
        delta=ex.delta,
        at_zero=ex.at_zero,
    )


@eq20_convex_along_lines.twin(
    "the same with the denominators moving with theta: l(X(theta), X(theta)) convex"
)
def _(ex: LinearExample):
    def loss(th: NDArray[np.float64]) -> float:  # denominators move with theta
        return surrogate_theta(ex.sample, th, th, delta=ex.delta, at_zero=ex.at_zero)

    mid = ex.lam * ex.theta + (1 - ex.lam) * ex.other
    return loss(mid), ex.lam * loss(ex.theta) + (1 - ex.lam) * loss(ex.other)


@CLAIMS.claim(
    "eq20-first-order",
    "(20)",
    "l^(t)(theta) <= l^(t)(u) + <theta - u, dl^(t)(theta)/dtheta>",
    strategy=linear_examples,
    tol=LINEAR,
)
def eq20_first_order(ex: LinearExample):
    return _first_order(ex, 1.0)


@eq20_first_order.twin("the inner product halved")
def _(ex: LinearExample):
    return _first_order(ex, 0.5)


@CLAIMS.claim(
    "eq20-first-order-run",
    "(20), (21) first line",
    "sum_t l^(t)(theta^(t)) - sum_t l^(t)(u) <= sum_t <theta^(t) - u, grad_t>",
    strategy=runs,
    tol=RUN,
)
def eq20_first_order_run(spec: InseparableRunSpec):
    b = simulate_spec(spec).bounds
    return b.sum_surrogate - b.sum_comparator, b.inner


@eq20_first_order_run.twin("the right side halved")
def _(spec: InseparableRunSpec):
    b = simulate_spec(spec).bounds
    return b.sum_surrogate - b.sum_comparator, 0.5 * b.inner


@CLAIMS.claim(
    "eq21-telescoping-identity",
    "(21)",
    "sum_t <theta^(t) - u, (theta^(t) - theta^(t+1))/eta> + ||u - theta^(T+1)||^2/(2 "
    "eta) == ||u - theta^(1)||^2/(2 eta) + sum_t ||theta^(t) - theta^(t+1)||^2/(2 eta)",
    strategy=runs,
    tol=RUN,
    kind="eq",
    note=(
        "The middle step of (21) is this polarisation identity, summed and "
        "telescoped, with -||u - theta^(T+1)||^2 / (2 eta) <= 0 dropped: it needs no "
        "assumption on theta^(1) (runs start at 0 or at a random theta^(1))."
    ),
)
def eq21_telescoping_identity(spec: InseparableRunSpec):
    return _telescoped(spec, with_last=True)


@eq21_telescoping_identity.twin("the same without the ||u - theta^(T+1)||^2 / (2 eta) term")
def _(spec: InseparableRunSpec):
    return _telescoped(spec, with_last=False)


@CLAIMS.claim(
    "eq21-regret-le-telescoped",
    "(21)",
    "sum_t l^(t)(theta^(t)) - sum_t l^(t)(u) <= ||u - theta^(1)||^2/(2 eta) + "
    "(eta/2) sum_t ||dl^(t)/dtheta||^2",
    strategy=runs,
    tol=RUN,
)
def eq21_regret_le_telescoped(spec: InseparableRunSpec):
    b = simulate_spec(spec).bounds
    return b.sum_surrogate - b.sum_comparator, b.bound21


@eq21_regret_le_telescoped.twin("the ||u - theta^(1)||^2 / (2 eta) term dropped")
def _(spec: InseparableRunSpec):
    b = simulate_spec(spec).bounds
    return b.sum_surrogate - b.sum_comparator, b.bound21 - b.dist_sq / (2 * b.eta)


@CLAIMS.claim(
    "eq22-chain-rule-norm",
    "(22), condition (2)",
    "||dl/dtheta||^2 <= R_d^2 ||dl/dx||^2, R_d = ||J_d||_2 (rows f_j - f_i), where "
    "dl/dtheta = (dX/dtheta)^T dl/dx",
    strategy=linear_examples,
    tol=SVD,
    note=(
        "(22) as printed, dX/dtheta . dl/dx, should read (dX/dtheta)^T dl/dx: the Jacobian "
        "J = dX/dtheta has one row per pair (|P| |N| x d) and dl/dx one entry per pair, so "
        "only the transpose gives a d-vector. With it, ||J^T g|| <= ||J||_2 ||g|| is the "
        "bound used in (24)."
    ),
)
def eq22_chain_rule_norm(ex: LinearExample):
    return _chain_rule(ex, 1.0)


@eq22_chain_rule_norm.twin("R_d replaced by R_d / 2")
def _(ex: LinearExample):
    return _chain_rule(ex, 0.25)


# ------------------------------------------------------------------------------------ (23)


@CLAIMS.claim(
    "eq23-gradient-norm-formula",
    "(23), (22)",
    "||dl(x, x^(t))/dx||^2 == (1/|P|^2) sum_i sum_j H~(x_ij)^2 / D_i(x^(t))^2 "
    "(vs central finite differences in x)",
    strategy=linear_examples,
    tol=FD_NORM,
    kind="eq",
)
def eq23_gradient_norm_formula(ex: LinearExample):
    return _grad_norm_formula(ex, power=2)


@eq23_gradient_norm_formula.twin("with 1/|P| instead of 1/|P|^2")
def _(ex: LinearExample):
    return _grad_norm_formula(ex, power=1)


@CLAIMS.claim(
    "eq23-Htilde-sq-le-Q-over-delta",
    "(23)",
    "H~(x)^2 <= Q(x) / delta for every x",
    strategy=point_examples,
    tol=EXACT,
    note=(
        f"{EXACT_NOTE}. Equality for every x <= delta (both are (x + delta)^2 / "
        "(4 delta^2) on |x| <= delta and 0 below), strict for x > delta (1 < x/delta)."
    ),
)
def eq23_htilde_sq_le_q_over_delta(ex: PointExample):
    q = piecewise_step_integral_exact(ex.x, ex.delta)
    return piecewise_step_exact(ex.x, ex.delta) ** 2, q / Fraction(ex.delta)


@eq23_htilde_sq_le_q_over_delta.twin("H~(x)^2 <= Q(x) / (2 delta)")
def _(ex: PointExample):
    q = piecewise_step_integral_exact(ex.x, ex.delta)
    return piecewise_step_exact(ex.x, ex.delta) ** 2, Fraction(1, 2) * q / Fraction(ex.delta)


@CLAIMS.claim(
    "eq23-grad-sq-le-l-over-delta",
    "(23)",
    "||dl(x, x^)/dx||^2 <= l(x, x^) / delta, every H(0) in {0, 1/2, 1}",
    strategy=surrogate_examples,
    tol=EXACT,
    exhaustive=_every_ordering(),
    note=(
        f"{EXACT_NOTE}. The second step drops a square in the denominator (fine: "
        "D_i >= 1) and the last step drops a factor 1/|P|: the printed bound is "
        "loose by |P| (see eq23-sharper-by-P)."
    ),
)
def eq23_grad_sq_le_l_over_delta(ex: SurrogateExample):
    e = _exact(ex)
    return e.grad_x_sq, e.loss / e.delta


@eq23_grad_sq_le_l_over_delta.twin("<= l(x, x^) / (2 delta)")
def _(ex: SurrogateExample):
    e = _exact(ex)
    return e.grad_x_sq, Fraction(1, 2) * e.loss / e.delta


@CLAIMS.claim(
    "eq23-sharper-by-P",
    "(23)",
    "||dl(x, x^)/dx||^2 <= l(x, x^) / (|P| delta)  (sharper than printed)",
    strategy=surrogate_examples,
    tol=EXACT,
    exhaustive=_every_ordering(),
    note=(
        f"{EXACT_NOTE}. Finding: the middle expression of (23) is already "
        "l / (|P| delta); the printed '<= l / delta' wastes a factor |P|. With it, "
        "eta = delta min_d |P_d| / R^2 would also work in (24)-(27)."
    ),
)
def eq23_sharper_by_p(ex: SurrogateExample):
    e = _exact(ex)
    return e.grad_x_sq, e.loss / (e.delta * e.n_positive)


@eq23_sharper_by_p.twin("<= l(x, x^) / (|P|^2 delta)")
def _(ex: SurrogateExample):
    e = _exact(ex)
    return e.grad_x_sq, e.loss / (e.delta * e.n_positive**2)


# ------------------------------------------------------------------------- (24), (26), (27)


@CLAIMS.claim(
    "eq24-regret-bound",
    "(24)",
    "sum_t l^(t)(theta^(t)) - sum_t l^(t)(u) <= ||u - theta^(1)||^2/(2 eta) + "
    "(eta R^2/(2 delta)) sum_t l^(t)(theta^(t))",
    strategy=runs,
    tol=RUN,
)
def eq24_regret_bound(spec: InseparableRunSpec):
    b = simulate_spec(spec).bounds
    return b.sum_surrogate - b.sum_comparator, b.bound24


@eq24_regret_bound.twin("the ||u - theta^(1)||^2 / (2 eta) term dropped")
def _(spec: InseparableRunSpec):
    b = simulate_spec(spec).bounds
    return b.sum_surrogate - b.sum_comparator, b.bound24 - b.dist_sq / (2 * b.eta)


@CLAIMS.claim(
    "eq26-surrogate-bound",
    "(26), (25)",
    "sum_t l^(t)(theta^(t)) <= 2 sum_t l^(t)(u) + (R^2/delta) ||u - theta^(1)||^2, eta = delta/R^2",
    strategy=runs,
    tol=RUN,
    note="(25) is (26) divided by 2; the algebra from (24) is exact at eta = delta/R^2.",
)
def eq26_surrogate_bound(spec: InseparableRunSpec):
    b = simulate_spec(spec).bounds
    return b.sum_surrogate, b.bound26


@eq26_surrogate_bound.twin("the (R^2/delta) ||u - theta^(1)||^2 term dropped")
def _(spec: InseparableRunSpec):
    b = simulate_spec(spec).bounds
    return b.sum_surrogate, 2 * b.sum_comparator


@CLAIMS.claim(
    "eq27-ap-loss-bound",
    "(27)",
    "sum_t L_AP(X(theta^(t))) <= (8/delta) sum_t l^(t)(u) + (4 R^2/delta^2) "
    "||u - theta^(1)||^2 (online and offline, every H(0))",
    strategy=runs_and_starts,
    tol=RUN,
    note="(26) with (19) at each step: factors 2 * 4/delta = 8/delta and 4 R^2/delta^2.",
)
def eq27_ap_loss_bound(spec: InseparableRunSpec):
    b = simulate_spec(spec).bounds
    return b.sum_ap, b.bound27


@eq27_ap_loss_bound.twin("the (4 R^2/delta^2) ||u - theta^(1)||^2 term dropped")
def _(spec: InseparableRunSpec):
    b = simulate_spec(spec).bounds
    return b.sum_ap, 8 / b.delta * b.sum_comparator


# ------------------------------------------------------------------------------ (28), (29)


@CLAIMS.claim(
    "eq28-harmonic-step",
    "(28)",
    "sum_{i in P} 1 / D_i(x^) <= sum_{i=1}^{|P|} 1/i, H(0) in {1/2, 1}",
    strategy=surrogate_h0_half,
    tol=EXACT,
    exhaustive=_every_ordering((0.5, 1.0)),
    condition=H0_HALF,
    unconditioned=surrogate_every_h0,
    expected="conditional",
    note=(
        f"{EXACT_NOTE}. Finding: the 'ties' remark holds for H(0) = 1 (tied positives "
        "share the larger rank) and H(0) = 1/2 (Jensen on 1/r over each tied group) "
        "but fails for H(0) = 0: two tied positives both get D_i = 1, sum 2 > 3/2. "
        "Exactly: it holds for all instances iff H(0) >= 1/2 (two tied positives "
        "below a positives need H(0) >= 1/2 - 1/(2(2a + 3)))."
    ),
)
def eq28_harmonic_step(ex: SurrogateExample):
    return _harmonic_sum(ex), harmonic(int(ex.positive.sum()))


@eq28_harmonic_step.twin("<= H_|P| - 1/(2 |P|)")
def _(ex: SurrogateExample):
    n = int(ex.positive.sum())
    return _harmonic_sum(ex), harmonic(n) - Fraction(1, 2 * n)


@CLAIMS.claim(
    "eq28-harmonic-le-log",
    "(28)",
    "sum_{i=1}^{n} 1/i <= ln n + 1",
    strategy=lambda: st.integers(1, 300),
    tol=LOG,
    note="Equality at n = 1.",
)
def eq28_harmonic_le_log(n: int):
    return float(harmonic(n)), math.log(n) + 1.0


@eq28_harmonic_le_log.twin("<= ln n + 1/2")
def _(n: int):
    return float(harmonic(n)), math.log(n) + 0.5


@CLAIMS.claim(
    "eq28-surrogate-le-harmonic-Z",
    "(28)",
    "l(X(u), X(theta^(t))) <= ((ln|P| + 1)/|P|) Z(u), H(0) in {1/2, 1}",
    strategy=surrogate_h0_half,
    tol=LOG_OF_EXACT,
    condition=H0_HALF,
    unconditioned=surrogate_every_h0,
    expected="conditional",
    note=(
        "Pointwise (28) with x = X(u) and x^ = X(theta^(t)); fails for H(0) = 0 when "
        "positives tie at theta^(t) (e.g. theta^(1) = 0: every D_i = 1)."
    ),
)
def eq28_surrogate_le_harmonic_z(ex: SurrogateExample):
    return _surrogate_vs_harmonic_z(ex, plus=1.0)


@eq28_surrogate_le_harmonic_z.twin("(ln|P|)/|P| Z(u) (the +1 dropped)")
def _(ex: SurrogateExample):
    return _surrogate_vs_harmonic_z(ex, plus=0.0)


@CLAIMS.claim(
    "eq28-run",
    "(28)",
    "max_t l^(t)(u) <= ((ln|P| + 1)/|P|) Z(u) on offline runs, H(0) in {1/2, 1}",
    strategy=offline_first_steps_h0_half,
    tol=RUN,
    condition=H0_HALF,
    unconditioned=offline_first_steps_h0_zero,
    expected="conditional",
    note=(
        "Unconditioned: the same offline runs with H(0) = 0 (the value the condition "
        "excludes). It breaks at t = 1 when theta^(1) = 0 (every pair tied, every "
        "D_i = 1) and the A_i(u) are nearly equal."
    ),
)
def eq28_run(spec: InseparableRunSpec):
    return _run_vs_harmonic_z(spec, plus=1.0)


@eq28_run.twin("(ln|P|)/|P| Z(u) (the +1 dropped)")
def _(spec: InseparableRunSpec):
    return _run_vs_harmonic_z(spec, plus=0.0)


INSEPARABLE = (
    "the sample is inseparable: no u ranks every positive strictly above every negative "
    "(here certified: a planted configuration whose Gordan certificate is verified exactly)"
)
Z_PROOF = (
    "Proof: a certificate y >= 0, y != 0, sum_k y_k (f_i - f_j) = 0 gives sum_k y_k x_k(u) "
    "= 0 for every u, so some pair (i, j) has x_ij(u) >= 0; Q is nondecreasing, so "
    "Z(u) >= A_i(u) >= Q(x_ij(u)) >= Q(0) = delta/4."
)


@CLAIMS.claim(
    "eq28-Z-ge-quarter-delta",
    "(28)-(32), Sec. 3.3",
    "delta/4 <= Z(u) = max_i sum_j Q(X_ij(u)) for every u, on an inseparable sample",
    strategy=inseparable_z,
    tol=EXACT,
    expected="conditional",
    condition=INSEPARABLE,
    unconditioned=any_z,
    note=(
        f"Exact (Fractions of the float64 features and u). {Z_PROOF} Tight: equality for a "
        "tie (a negative on a positive, x_ij(u) = 0 for every u) when u sends every other "
        "pair below -delta (tightness 1 on the steered examples). Without inseparability "
        "Z(u) -> 0 along a separating direction (the smallest counterexample: a 1 + 1 "
        "sample, u far along f_i - f_j). Only the offline Z of one sample: inseparability "
        "of a multi-sample data set says nothing about one sample."
    ),
)
def eq28_z_ge_quarter_delta(ex: ZExample):
    return Fraction(ex.delta) / 4, _exact_z(ex)


@eq28_z_ge_quarter_delta.twin("delta/2 <= Z(u)")
def _(ex: ZExample):
    return Fraction(ex.delta) / 2, _exact_z(ex)


@CLAIMS.claim(
    "eq29-vacuous-small-P",
    "(29), Sec. 3.3",
    "1 <= ((ln|P| + 1)/|P|) (8/delta) Z(u) for every u on an inseparable sample with "
    "|P| <= 5: the right side of (29) is >= 1 >= the average AP-loss, for every T",
    strategy=lambda: inseparable_z(max_positives=5),
    tol=LOG_OF_EXACT,
    expected="conditional",
    condition=f"{INSEPARABLE}, and |P| <= 5",
    unconditioned=inseparable_z,
    note=(
        "By eq28-Z-ge-quarter-delta, (8/delta) Z(u) >= 2, so the first term of (29) is >= "
        "2 (ln|P| + 1)/|P|, with equality at Z(u) = delta/4 (attained, see there): 2, 1.69, "
        "1.40, 1.19, 1.04 for |P| = 1..5, then 0.93, 0.84, 0.77 for |P| = 6, 7, 8 and -> 0. "
        "So (29) is vacuous on every inseparable sample with |P| <= 5 (L_AP <= 1 always), "
        "whatever u and T; from |P| = 6 on, inseparability alone does not make it vacuous "
        "(unconditioned counterexample: a tie in a sample with 6 positives). The "
        "eps >= 0 of (29) only adds to it."
    ),
)
def eq29_vacuous_small_p(ex: ZExample):
    return _first_term_29(ex, 1.0)


@eq29_vacuous_small_p.twin("1 replaced by 3/2 (the floor is 1.40, 1.19, 1.04 at |P| = 3, 4, 5)")
def _(ex: ZExample):
    return _first_term_29(ex, 1.5)


@CLAIMS.claim(
    "eq31-first-term-ge-two-thirds",
    "(31), (32), Sec. 3.3",
    "2/3 <= b/(1 + b), b = (8/delta) Z(u), for every u on an inseparable sample: the right "
    "side of (31) is >= 2/3 and that of (32) >= min(2 (ln|P| + 1)/|P|, 2/3)",
    strategy=inseparable_z,
    tol=EXACT,
    expected="conditional",
    condition=INSEPARABLE,
    unconditioned=any_z,
    note=(
        "b/(1 + b) is increasing in b and b >= 2 (eq28-Z-ge-quarter-delta): the first term "
        "of (31) is >= 2/3, with equality at Z(u) = delta/4 (attained). (32)'s minimum is "
        ">= 2/3 for |P| <= 9 (2 (ln|P| + 1)/|P| >= 2/3 iff |P| <= 9). So on inseparable "
        "data (31) never certifies an average AP-loss below 2/3."
    ),
)
def eq31_first_term_ge_two_thirds(ex: ZExample):
    b = 8 * _exact_z(ex) / Fraction(ex.delta)
    return Fraction(2, 3), b / (1 + b)


@eq31_first_term_ge_two_thirds.twin("3/4 <= b/(1 + b)")
def _(ex: ZExample):
    b = 8 * _exact_z(ex) / Fraction(ex.delta)
    return Fraction(3, 4), b / (1 + b)


@CLAIMS.claim(
    "eq29-offline-bound",
    "(29)",
    "(1/T) sum_t L_AP <= ((ln|P| + 1)/|P|)(8/delta) Z(u) + 4 R^2 ||u - theta^(1)||^2 / (delta^2 T)",
    strategy=offline_h0_half_and_large_starts,
    tol=RUN,
    condition=H0_HALF,
    unconditioned=offline_h0_zero_and_large_starts,
    note=(
        "proof needs H(0) >= 1/2 via (28); no counterexample found for H(0) = 0 "
        "(empirical): the unconditioned search runs the same offline and start runs with "
        "H(0) = 0 (where (28) itself fails, see eq28-run) and (29) still held on "
        "every one, the slack of (27) absorbing the difference."
    ),
)
def eq29_offline_bound(spec: InseparableRunSpec):
    b = simulate_spec(spec).bounds
    return b.average_ap, b.bound29


@eq29_offline_bound.twin("the 1/T term dropped")
def _(spec: InseparableRunSpec):
    b = simulate_spec(spec).bounds
    return b.average_ap, _offline(b.bound29) - _offline(b.eps)


# ------------------------------------------------------------------------------------ (30)


@CLAIMS.claim(
    "eq30-precision-identity",
    "(30), (17)",
    "(1/|P|) sum_i (1 + sum_{j in P, j != i} H(x_ij)) / D_i == 1 - L_AP(x), every "
    "H(0) in {0, 1/2, 1}",
    strategy=surrogate_examples,
    tol=EXACT,
    exhaustive=_every_ordering(),
    kind="eq",
    note=(
        f"{EXACT_NOTE}. Holds for every H(0): D_i = (1 + sum_{{P}} H) + sum_{{N}} H "
        "splits the same H on both sides; it only needs L_AP and the denominators "
        "to use the same H(0)."
    ),
)
def eq30_precision_identity(ex: SurrogateExample):
    return _precision_mean(ex, self_term=1)


@eq30_precision_identity.twin("without the 1 (self term) in the numerator")
def _(ex: SurrogateExample):
    return _precision_mean(ex, self_term=0)


@CLAIMS.claim(
    "eq30-surrogate-le-precision-Z",
    "(30)",
    "l(X(u), X(theta^(t))) <= (1 - L_AP(X(theta^(t)))) Z(u), every H(0)",
    strategy=surrogate_examples,
    tol=EXACT,
    exhaustive=_every_ordering(),
    note=EXACT_NOTE,
)
def eq30_surrogate_le_precision_z(ex: SurrogateExample):
    e = _exact(ex)
    return e.loss, (1 - e.ap_loss_reference) * e.z


@eq30_surrogate_le_precision_z.twin("Z(u) halved")
def _(ex: SurrogateExample):
    e = _exact(ex)
    return e.loss, (1 - e.ap_loss_reference) * e.z * Fraction(1, 2)


@CLAIMS.claim(
    "eq30-run",
    "(30)",
    "l^(t)(u) <= (1 - L_AP(X(theta^(t)))) Z(u) at every step of offline runs",
    strategy=offline_runs,
    tol=RUN,
)
def eq30_run(spec: InseparableRunSpec):
    return _run_vs_precision_z(spec, factor=1.0)


@eq30_run.twin("Z(u) halved")
def _(spec: InseparableRunSpec):
    return _run_vs_precision_z(spec, factor=0.5)


# ------------------------------------------------------------------------------ (31), (32)


@CLAIMS.claim(
    "eq31-algebra",
    "(31)",
    "a (1 + b) <= b + c, b, c >= 0  implies  a <= b/(1 + b) + c",
    strategy=algebra_examples,
    tol=EXACT,
    note=(
        "a = average AP-loss, b = (8/delta) Z(u), c = 4 R^2 ||u - theta^(1)||^2 / "
        "(delta^2 T); (27)/T with (30) gives a <= b (1 - a) + c. The algebra gives "
        "a <= (b + c)/(1 + b): the printed eps = c is right but loose by 1 + b."
    ),
)
def eq31_algebra(ex: AlgebraExample):
    return ex.a, ex.b / (1 + ex.b) + ex.c


@eq31_algebra.twin("a <= b/(1 + b) (the remainder c dropped)")
def _(ex: AlgebraExample):
    return ex.a, ex.b / (1 + ex.b)


@CLAIMS.claim(
    "eq31-offline-bound",
    "(31)",
    "(1/T) sum_t L_AP <= (8 Z/delta) / (1 + 8 Z/delta) + 4 R^2 ||u - theta^(1)||^2 / (delta^2 T)",
    strategy=offline_runs_and_starts,
    tol=RUN,
)
def eq31_offline_bound(spec: InseparableRunSpec):
    b = simulate_spec(spec).bounds
    return b.average_ap, b.bound31


@eq31_offline_bound.twin("the 1/T term dropped")
def _(spec: InseparableRunSpec):
    b = simulate_spec(spec).bounds
    return b.average_ap, _offline(b.bound31) - _offline(b.eps)


@CLAIMS.claim(
    "eq31-sharper-remainder",
    "(31)",
    "(1/T) sum_t L_AP <= (b + c) / (1 + b), b = 8 Z/delta, c = eps of (31)",
    strategy=offline_runs_and_starts,
    tol=RUN,
)
def eq31_sharper_remainder(spec: InseparableRunSpec):
    b = simulate_spec(spec).bounds
    return b.average_ap, b.bound31_sharp


@eq31_sharper_remainder.twin("the c term dropped")
def _(spec: InseparableRunSpec):
    b = simulate_spec(spec).bounds
    bb = 8 / b.delta * _offline(b.z)
    return b.average_ap, bb / (1 + bb)


@CLAIMS.claim(
    "eq32-min-bound",
    "(32)",
    "(1/T) sum_t L_AP <= min{(29) without eps, (31) without eps} + eps, "
    "eps = 4 R^2 ||u - theta^(1)||^2 / (delta^2 T)",
    strategy=offline_runs_and_starts,
    tol=RUN,
    note=(
        "The epsilon of (32) is a new symbol: the 1/T remainder 4 R^2 ||u - theta^(1)||^2 / "
        "(delta^2 T) of (29) and (31), which -> 0 as T grows for a fixed u; it is not the "
        "margin epsilon of condition (1) of Section 1 (which does not exist on inseparable "
        "data). On inseparable data the minimum itself is >= min(2 (ln|P| + 1)/|P|, 2/3) "
        "(eq29-vacuous-small-P, eq31-first-term-ge-two-thirds)."
    ),
)
def eq32_min_bound(spec: InseparableRunSpec):
    b = simulate_spec(spec).bounds
    return b.average_ap, b.bound32


@eq32_min_bound.twin("eps dropped")
def _(spec: InseparableRunSpec):
    b = simulate_spec(spec).bounds
    return b.average_ap, _offline(b.bound32) - _offline(b.eps)


# --------------------------------------------------------------------- derived suprema

CLAIMS.suprema(known_suprema())  # sup lhs/rhs of each inequality that has one: the audit's "known"


# ---------------------------------------------------------------------------- coverage


def _coverage(examples: list[object]) -> dict[str, object] | None:
    """What the data sets of a run or Z claim's main search covered (``None`` otherwise).

    :func:`~aptheory.sections.inseparable.examples.coverage_of` of the examples the search
    checked: ``inseparable_share`` (certified inseparable / examples; the LP certifies the
    data built without a certificate), the sizes |P|, |N|, the horizons T.
    """
    from aptheory.sections.inseparable.examples import coverage_of

    if not examples or not all(isinstance(e, InseparableRunSpec | ZExample) for e in examples):
        return None
    return {**coverage_of(examples), "of": "the examples of the claim's main search"}


CLAIMS.cover(_coverage)  # every Section-3 claim; null for the pointwise ones (no data set)
