"""Section 2: the three-point counterexample (aptheory.counterexample)."""

import math
import warnings
from fractions import Fraction

import mpmath
import numpy as np
import pytest

from aptheory.sections.smoothed import model as ce
from aptheory import separable
from aptheory.linear import Sample
from aptheory.problems import SeparableProblem
from aptheory.ranking import ap_loss, smoothed_ap_loss


@pytest.fixture(scope="module")
def sym():
    return ce.derive_symbolic()


@pytest.fixture(scope="module")
def polys():
    return ce.gradient_polynomials()


# ----------------------------------------------------------------------------- symbolic


def test_eq14_is_eq11_applied_to_eq13(sym):
    assert sym.equals_printed
    assert not sym.flipped_equals_printed  # the proof sees the sign convention of x_ij
    assert sym.gradient_matches
    assert sym.tau_scaling


def test_symbolic_F_agrees_with_numeric_F(sym):
    import sympy as sp

    f = sp.lambdify((sym.theta1, sym.theta2), sym.sigmoid, "mpmath")
    d1 = sp.lambdify((sym.theta1, sym.theta2), sym.d_theta1, "mpmath")
    d2 = sp.lambdify((sym.theta1, sym.theta2), sym.d_theta2, "mpmath")
    rng = np.random.default_rng(0)
    with mpmath.workdps(40):
        for t1, t2 in rng.uniform(-6, 6, size=(20, 2)):
            assert abs(float(f(t1, t2)) - ce.F(t1, t2)) < 1e-15
            g1, g2 = ce.grad_F(t1, t2)
            assert abs(float(d1(t1, t2)) - g1) < 1e-15
            assert abs(float(d2(t1, t2)) - g2) < 1e-15


def test_polynomials(polys):
    assert polys.verified
    assert polys.left_ab[(0, 0)] == 9 and polys.left_ab[(0, 1)] == -8  # 9 - 8b as a -> 0
    assert polys.trap_ab[(0, 0)] == 18 and polys.trap_ab[(0, 1)] == -14  # b < 9/7
    negative_right = [ij for ij, c in polys.right.terms() if c < 0]
    assert negative_right == [(10, 3)]  # the single term -5 X^10 Y^3 = X^3 Y (-5 X^7 Y^2)


# ----------------------------------------------------------------------------- numerics


def test_F_matches_eq11_reference_with_tau():
    rng = np.random.default_rng(1)
    for t1, t2 in rng.uniform(-50, 50, size=(50, 2)):
        for tau in (0.1, 1.0, 7.0):
            ref = smoothed_ap_loss(ce.scores(t1, t2), ce.POSITIVE, tau=tau)
            assert ce.F(t1, t2, tau) == pytest.approx(ref, abs=1e-14)
            assert ce.F(t1, t2, tau) == pytest.approx(ce.F(t1 / tau, t2 / tau), abs=1e-13)


def test_F_is_vectorised():
    t1 = np.linspace(-3, 3, 7)
    t2 = np.linspace(0, 5, 5)[:, None]
    out = ce.F(t1, t2)
    assert out.shape == (5, 7)
    assert out[2, 3] == ce.F(t1[3], t2[2, 0])
    g1, g2 = ce.grad_F(t1, t2)
    assert g1.shape == g2.shape == (5, 7)


def test_gradient_matches_high_precision_and_finite_differences():
    rng = np.random.default_rng(2)
    for t1, t2 in rng.uniform(-8, 8, size=(30, 2)):
        g = ce.grad_F(t1, t2)
        gm = ce.grad_F_mp(t1, t2)
        h = mpmath.mpf("1e-20")
        with mpmath.workdps(60):
            fd1 = (ce.F_mp(t1 + h, t2, dps=60) - ce.F_mp(t1 - h, t2, dps=60)) / (2 * h)
            fd2 = (ce.F_mp(t1, t2 + h, dps=60) - ce.F_mp(t1, t2 - h, dps=60)) / (2 * h)
        assert abs(float(gm[0] - fd1)) < 1e-25 and abs(float(gm[1] - fd2)) < 1e-25
        assert g[0] == pytest.approx(float(gm[0]), rel=1e-12, abs=1e-300)
        assert g[1] == pytest.approx(float(gm[1]), rel=1e-12, abs=1e-300)


@pytest.mark.parametrize("t1", [-1e6, -700.0, 0.0, 700.0, 1e6])
@pytest.mark.parametrize("t2", [-1e6, -3e3, 0.0, 3e3, 1e6])
def test_stable_for_large_theta(t1, t2):
    # underflow to 0 is the correctly rounded value of e^-1e6; overflow/NaN must not occur
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        f = ce.F(t1, t2)
        g1, g2 = ce.grad_F(t1, t2)
        run = ce.gradient_descent([[t1, t2]], eta=10.0, steps=3)
    assert all(math.isfinite(v) for v in (f, g1, g2))
    assert np.all(np.isfinite(run.thetas))
    assert float(ce.F_mp(t1, t2)) == pytest.approx(f, abs=1e-15)


def test_stall_and_infimum_values():
    assert ce.F(1e6, 0.5e6) == pytest.approx(1 / 6, abs=1e-15)
    assert ce.F(1e3, 4e3 + 50) < 1e-20  # theta1 -> inf, theta2 - 3 theta1 -> inf
    # theta2 = 3 theta1: F = (1/2) S(0) / (1 + S(theta1) + S(0)) -> (1/2)(1/2)/(5/2) = 1/10
    assert ce.F(1e3, 3e3) == pytest.approx(0.1, abs=1e-15)


# ------------------------------------------------------------------------- certificates


def test_cone_certificate_and_its_sharpness():
    good = ce.certify_chain_cone(Fraction(379, 1000))
    assert good.certified and good.lower_bound > 0
    assert 0.97 < good.theta1_min < 0.9703
    assert not ce.certify_chain_cone(Fraction(38, 100)).certified
    # the certified threshold lies above the true one on the edge theta2 = theta1
    assert ce.chain_threshold(1.0) < good.theta1_min


def test_certified_regions_hold_at_sample_points():
    rng = np.random.default_rng(3)
    cone = ce.certify_chain_cone()
    trap = ce.certify_box("trap", ce.TRAP_A0, ce.TRAP_B0)
    assert trap.certified and ce.certify_dtheta2().certified
    for _ in range(200):
        t1 = cone.theta1_min + rng.exponential(3.0)
        t2 = t1 - rng.exponential(5.0)
        g1, g2 = ce.grad_F_mp(t1, t2)
        assert g1 < g2 < 0
        t1 = trap.theta1_min + rng.exponential(3.0)
        t2 = 2 * t1 - rng.exponential(5.0)
        g1, g2 = ce.grad_F_mp(t1, t2)
        assert g2 - 2 * g1 > 0 and g2 < 0


def test_dtheta2_positive_outside_the_certified_half_plane():
    g1, g2 = ce.grad_F_mp(-4.0, -15.0)
    assert g2 > 0


def test_chain_threshold():
    r = np.linspace(0.0, 0.999, 12)
    th = ce.chain_threshold(r)
    assert np.all(np.diff(th) > 0)
    # the cone certificate proves (15, left) for theta1 >= T_cone and every r <= 1
    assert np.all(th > 0) and np.all(th < ce.certify_chain_cone().theta1_min)
    for rk, tk in zip(r, th, strict=True):
        g1, g2 = ce.grad_F_mp(tk, rk * tk)
        assert abs(float((g1 - g2) / g1)) < 1e-9
        above = ce.grad_F_mp(tk + 1e-3, rk * (tk + 1e-3))
        below = ce.grad_F_mp(tk - 1e-3, rk * (tk - 1e-3))
        assert above[0] < above[1] and below[0] > below[1]


# ----------------------------------------------------------------------------- dynamics


def test_gradient_descent_stalls_at_one_sixth_from_the_paper_region():
    run = ce.gradient_descent([[2.0, 1.0], [4.0, 3.0]], eta=2.0, steps=4000, record_every=1)
    t = run.thetas
    assert np.all(t[:, :, 0] > t[:, :, 1])  # theta1 > theta2 all along
    assert np.all(np.diff(t[:, :, 0] - t[:, :, 1], axis=0) >= 0)  # the gap grows
    assert np.all(np.diff(run.losses, axis=0) <= 0)
    assert np.all(run.losses[-1] > 1 / 6) and np.all(run.losses[-1] < 1 / 6 + 1e-3)
    assert np.all(ce.classify(t[-1], run.losses[-1]) == ce.STALL)


def test_small_theta1_in_the_paper_region_escapes():
    run = ce.gradient_descent([[0.5, 0.2]], eta=1.0, steps=3000, record_every=3000)
    assert run.losses[-1, 0] < 0.05
    assert ce.classify(run.thetas[-1], run.losses[-1])[0] == ce.ESCAPE


def test_basin_map_small():
    bm = ce.basin_map(n=9, steps=400)
    assert bm.labels.shape == (9, 9)
    assert sum(bm.shares.values()) == pytest.approx(1.0)
    assert bm.monotone
    assert bm.shares["stall"] > 0 and bm.shares["escape"] > 0


def test_tau_sweep_is_the_rescaled_run():
    tau, eta = 3.0, 1.0
    starts = np.array([[2.0, 1.0], [-1.0, 4.0], [6.0, 9.0]])
    direct = ce.gradient_descent(starts, eta=eta * tau**2, steps=200, tau=tau)
    scaled = ce.gradient_descent(starts / tau, eta=eta, steps=200)
    np.testing.assert_allclose(direct.thetas[-1] / tau, scaled.thetas[-1], rtol=1e-10)
    sw = ce.tau_sweep([0.5, 1.0, 50.0], n=7, steps=300)
    assert sw.stall_share[-1] == 0.0  # tau large: every start of the box is near the origin
    total = sw.stall_share + sw.escape_share + sw.undecided_share
    np.testing.assert_allclose(total, 1.0)


def _plain_error_driven(at_zero: Fraction, max_steps: int) -> list[tuple[Fraction, Fraction]]:
    """Eq. (2) with L_ij = H(x_ij) / rank(i) (eq. 3) written out for the three points."""
    feats = [(Fraction(0), Fraction(0)), (Fraction(1), Fraction(0)), (Fraction(-3), Fraction(1))]

    def h(x):
        return Fraction(1) if x > 0 else (at_zero if x == 0 else Fraction(0))

    theta = (Fraction(0), Fraction(0))
    path = [theta]
    for _ in range(max_steps):
        s = [f[0] * theta[0] + f[1] * theta[1] for f in feats]
        step = [Fraction(0), Fraction(0)]
        for i in (1, 2):
            rank = 1 + sum(h(s[k] - s[i]) for k in range(3) if k != i)
            term = h(s[0] - s[i]) / rank
            step = [step[d] + term * (feats[i][d] - feats[0][d]) for d in range(2)]
        if step == [0, 0]:
            break
        theta = (theta[0] + step[0], theta[1] + step[1])
        path.append(theta)
    return path


def test_error_driven_path():
    path = ce.error_driven()
    assert path.converged
    # Proposition 1's bound C / c^2 (eqs. (4)-(10)) for the three points, with the margin of
    # theta* = (1, 4): theta*.(f_i - f_0) = 1 for both positives
    problem = SeparableProblem(
        samples=(Sample(ce.FEATURES.copy(), ce.POSITIVE.copy()),),
        theta_star=np.array([1.0, 4.0]),
        epsilon=1.0,
    )
    bound = separable.constants(problem, at_zero=1.0).bound
    assert 1 <= path.steps <= bound
    assert list(path.thetas) == _plain_error_driven(Fraction(1), max_steps=int(bound) + 1)
    t1, t2 = path.thetas[-1]
    assert 0 < t1 < t2 / 3  # separable
    assert path.losses[0] == Fraction(1, 3)
    assert ap_loss(np.zeros(3), ce.POSITIVE) == pytest.approx(1 / 3)
    assert path.losses[-1] == 0
    # with H(0) = 0 the tie at theta = 0 is no "error": the algorithm stops without learning
    lazy = ce.error_driven(at_zero=0.0)
    assert lazy.steps == 0 and lazy.losses[0] == 0
    assert list(lazy.thetas) == _plain_error_driven(Fraction(0), max_steps=5)


def test_gradient_descent_per_start_step_sizes():
    starts = np.array([[2.0, 1.0], [0.5, 0.2], [-1.0, 4.0]])
    etas = np.array([0.5, 1.0, 3.0])
    run = ce.gradient_descent(starts, eta=etas, steps=50, record_every=10)
    for k in range(3):
        one = ce.gradient_descent(starts[k], eta=float(etas[k]), steps=50, record_every=10)
        np.testing.assert_array_equal(run.thetas[:, k], one.thetas[:, 0])
        np.testing.assert_array_equal(run.losses[:, k], one.losses[:, 0])
    assert not run.eta.flags.writeable


def test_basin_shares_are_read_only():
    bm = ce.basin_map(n=3, steps=10)
    with pytest.raises(TypeError):
        bm.shares["stall"] = 1.0  # type: ignore[index]


# ---------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("call", "exc"),
    [
        (lambda: ce.F(np.nan, 0.0), ValueError),
        (lambda: ce.F(0.0, np.inf), ValueError),
        (lambda: ce.F("a", 0.0), TypeError),
        (lambda: ce.F(True, 0.0), TypeError),
        (lambda: ce.F(0.0, 0.0, tau=0.0), ValueError),
        (lambda: ce.F(1e306, 0.0, tau=1e-3), ValueError),
        (lambda: ce.F(np.zeros(2), np.zeros(3)), ValueError),
        (lambda: ce.grad_F(0.0, 0.0, tau=-1.0), ValueError),
        (lambda: ce.F_mp(np.nan, 0.0), ValueError),
        (lambda: ce.gradient_descent(np.zeros(3), eta=1.0, steps=1), ValueError),
        (lambda: ce.gradient_descent([0.0, 0.0], eta=0.0, steps=1), ValueError),
        (lambda: ce.gradient_descent([0.0, 0.0], eta=1.0, steps=0), ValueError),
        (lambda: ce.gradient_descent([np.nan, 0.0], eta=1.0, steps=1), ValueError),
        (lambda: ce.gradient_descent(np.zeros((2, 2)), eta=[1.0, 2.0, 3.0], steps=1), ValueError),
        (lambda: ce.gradient_descent(np.zeros((2, 2)), eta=[1.0, -1.0], steps=1), ValueError),
        (lambda: ce.gradient_descent(np.zeros((2, 2)), eta=[True, True], steps=1), TypeError),
        (lambda: ce.classify(np.zeros((3, 3)), np.zeros(3)), ValueError),
        (lambda: ce.classify(np.zeros((3, 2)), np.zeros(2)), ValueError),
        (lambda: ce.classify(np.array([[np.nan, 0.0]]), np.zeros(1)), ValueError),
        (lambda: ce.classify(np.zeros((1, 2)), np.array([np.inf])), ValueError),
        (lambda: ce.classify(np.zeros((1, 2)), np.zeros(1), tau=0.0), ValueError),
        (lambda: ce.error_driven((np.nan, 0.0)), ValueError),
        (lambda: ce.error_driven((0.0, np.inf)), ValueError),
        (lambda: ce.error_driven((0.0,)), ValueError),
        (lambda: ce.error_driven(("a", 0.0)), TypeError),
        (lambda: ce.error_driven(at_zero=2.0), ValueError),
        (lambda: ce.certify_chain_cone(Fraction(3, 2)), ValueError),
        (lambda: ce.certify_box("nope", Fraction(1, 10), Fraction(1)), ValueError),
        (lambda: ce.certify_dtheta2(Fraction(0)), ValueError),
        (lambda: ce.chain_threshold(2.0), ValueError),
        (lambda: ce.tau_sweep([0.0]), ValueError),
        (lambda: ce.smoothed_ap_loss_symbolic([], [], lambda z: z), ValueError),
    ],
)
def test_bad_input(call, exc):
    with pytest.raises(exc):
        call()


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: ce.classify(np.zeros((3, 3)), np.zeros(3)), "theta"),
        (lambda: ce.classify(np.zeros((3, 2)), np.zeros(2)), "loss"),
        (lambda: ce.classify(np.zeros((1, 2)), np.zeros(1), tau=-1.0), "tau"),
        (lambda: ce.error_driven((np.nan, 0.0)), "theta0"),
        (lambda: ce.gradient_descent(np.zeros((2, 2)), eta=[1.0], steps=1), "eta"),
    ],
)
def test_bad_input_messages_name_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_threshold_staircase_is_certified_and_hugs_the_curve():
    stair = ce.certify_threshold_staircase()
    assert stair.certified
    true = ce.chain_threshold(stair.r_edges[1:])
    assert np.all(stair.thresholds >= true) and np.all(stair.thresholds - true <= 0.0021)
    # the interval bound is not vacuous: a box reaching below the curve is not certified
    table = ce.gradient_polynomials().left_ab
    r0 = 0.5
    t_star = ce.chain_threshold(r0)
    assert ce._box_lower_bound(table, t_star - 0.05, t_star + 0.05, r0, r0 + 1e-6) < 0
    assert ce._box_lower_bound(table, t_star + 0.05, t_star + 0.06, r0 - 1e-6, r0) > 0


def test_exact_conversion_of_mpf():
    assert ce._exact(mpmath.mpf(0.375)) == Fraction(3, 8)
    assert ce._exact(mpmath.mpf(-5)) == -5


def test_classify_labels():
    theta = np.array([[3.0, 5.0], [3.0, 7.0], [0.0, 0.0]])
    loss = np.array([ce.F(3.0, 5.0), 0.01, 0.25])
    np.testing.assert_array_equal(ce.classify(theta, loss), [ce.STALL, ce.ESCAPE, ce.UNDECIDED])
    np.testing.assert_array_equal(ce.classify(theta * 2, loss, tau=2.0), ce.classify(theta, loss))


def test_hessian_norm_is_small_so_unit_steps_descend():
    """The L ~ 0.29 quoted by classify(): gradient descent with eta < 2/L decreases F."""
    u, v = np.meshgrid(np.linspace(-12, 12, 121), np.linspace(-30, 50, 201))
    h = 1e-5
    a = (ce.grad_F(u + h, v)[0] - ce.grad_F(u - h, v)[0]) / (2 * h)
    b = (ce.grad_F(u + h, v)[1] - ce.grad_F(u - h, v)[1]) / (2 * h)
    c = (ce.grad_F(u, v + h)[1] - ce.grad_F(u, v - h)[1]) / (2 * h)
    norm = np.abs((a + c) / 2) + np.sqrt(((a - c) / 2) ** 2 + b**2)
    # the step sizes of the basin maps, the tau sweep and the stall tests
    for eta in (1.0, 2.0):
        assert eta < 2 / norm.max()
    run = ce.gradient_descent(np.c_[u.ravel()[::97], v.ravel()[::97]], eta=2.0, steps=200)
    assert np.all(run.max_increase <= 1e-15)


def test_stall_boundary_in_the_paper_quadrant_lies_below_the_chain_threshold():
    r = np.array([0.05, 0.5, 0.95])
    tol = 1e-3
    b = ce.stall_boundary(r, eta=1.0, steps=2000, tol=tol)
    assert np.all(b < ce.chain_threshold(r))  # some starts where (15) fails still stall
    assert np.all(np.diff(b) > 0)
    # the bisection's answer: just below b the run escapes, just above it stalls
    t = np.r_[b - tol, b + tol]
    run = ce.gradient_descent(np.c_[t, np.r_[r, r] * t], eta=1.0, steps=2000, record_every=2000)
    fates = ce.classify(run.thetas[-1], run.losses[-1])
    np.testing.assert_array_equal(fates, [ce.ESCAPE] * 3 + [ce.STALL] * 3)
    with pytest.raises(ValueError):
        ce.stall_boundary([1.5])
