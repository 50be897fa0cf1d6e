"""Section 2, certificates of (15): exact rational bounds and the interval staircase."""

import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest

from aptheory.sections.smoothed.certificates import (
    RIGHT_X0,
    TRAP_A0,
    TRAP_B0,
    box_lower_bound,
    ceil_log,
    certify_box,
    certify_chain_cone,
    certify_dtheta2,
    certify_dtheta2_sturm,
    certify_dtheta2_wedge,
    certify_threshold_staircase,
    mpf_to_fraction,
    right_threshold,
)
from aptheory.sections.smoothed.numerics import grad_F_mp
from aptheory.sections.smoothed.threshold import chain_threshold


def test_cone_certificate_and_its_sharpness(polynomials):
    good = certify_chain_cone(Fraction(379, 1000), polynomials=polynomials)
    assert good.certified and good.lower_bound > 0
    assert 0.97 < good.theta1_min < 0.9703
    assert not certify_chain_cone(Fraction(38, 100), polynomials=polynomials).certified
    # the certified threshold lies above the true one on the edge theta2 = theta1
    assert chain_threshold(1.0, polynomials=polynomials) < good.theta1_min


def test_certified_regions_hold_at_sample_points(polynomials):
    rng = np.random.default_rng(3)
    cone = certify_chain_cone(polynomials=polynomials)
    trap = certify_box("trap", TRAP_A0, TRAP_B0, polynomials=polynomials)
    assert trap.certified and certify_dtheta2(polynomials=polynomials).certified
    for _ in range(200):
        t1 = cone.theta1_min + rng.exponential(3.0)
        t2 = t1 - rng.exponential(5.0)
        g1, g2 = grad_F_mp(t1, t2)
        assert g1 < g2 < 0
        t1 = trap.theta1_min + rng.exponential(3.0)
        t2 = 2 * t1 - rng.exponential(5.0)
        g1, g2 = grad_F_mp(t1, t2)
        assert g2 - 2 * g1 > 0 and g2 < 0


def test_box_certificates_are_sharp_in_b(polynomials):
    # left_ab = 9 - 8b + O(a): certified for b0 < 9/8, not beyond
    a0 = Fraction(1, 1000)
    assert certify_box("left", a0, Fraction(1), polynomials=polynomials).certified
    assert not certify_box("left", a0, Fraction(9, 8), polynomials=polynomials).certified
    # trap_ab = 18 - 14b + O(a): not certified for b0 = 9/7
    assert not certify_box("trap", TRAP_A0, Fraction(9, 7), polynomials=polynomials).certified


def test_dtheta2_positive_outside_the_certified_half_plane(polynomials):
    g1, g2 = grad_F_mp(-4.0, -15.0)
    assert g2 > 0
    assert -4.0 < certify_dtheta2(polynomials=polynomials).theta1_min


def test_sturm_certificate_decides_the_sharp_threshold(polynomials):
    good = certify_dtheta2_sturm(polynomials=polynomials)
    assert good.certified and good.discriminant_roots == 0 and good.positive_roots == 0
    assert good.ends_positive and good.taylor.certified
    rt = right_threshold(digits=20, polynomials=polynomials)
    # just below X* the discriminant has its root in [x0, 9/100]: not certified, and R has
    # positive roots there (dF/dtheta2 > 0 somewhere)
    bad = certify_dtheta2_sturm(rt.x_lower, polynomials=polynomials)
    assert not bad.certified and bad.discriminant_roots == 1
    # X* is the only root of the discriminant in [1e-30, 9/100]: for every theta1 in
    # [-69, theta1*) R keeps its two positive roots, i.e. dF/dtheta2 > 0 on an interval
    assert (
        certify_dtheta2_sturm(Fraction(1, 10**30), polynomials=polynomials).discriminant_roots == 1
    )
    assert certify_dtheta2_sturm(rt.x_upper, polynomials=polynomials).certified
    assert rt.x_lower < RIGHT_X0 and rt.below_positive_roots == 2
    # the Taylor shift alone stops at 0.08595: far from X* ~ 0.020265
    assert not certify_dtheta2(RIGHT_X0, polynomials=polynomials).certified


def test_sturm_certificate_holds_at_sample_points(polynomials):
    rng = np.random.default_rng(5)
    t_min = certify_dtheta2_sturm(polynomials=polynomials).theta1_min
    for _ in range(100):
        t1 = t_min + rng.exponential(0.5)
        t2 = 3.82 * t1 + rng.normal(0.0, 0.5)  # near the worst slope
        assert grad_F_mp(t1, t2)[1] < 0


def test_positive_dtheta2_lies_in_the_wedge(polynomials):
    wedge = certify_dtheta2_wedge(polynomials=polynomials)
    assert wedge.certified and wedge.lower_bound >= 0
    rng = np.random.default_rng(6)
    found = 0
    for _ in range(300):
        t1 = rng.uniform(-40.0, -3.0)
        t2 = t1 * rng.uniform(3.3, 4.2)
        if grad_F_mp(t1, t2)[1] > 0:
            found += 1
            assert 4 * t1 < t2 < 3.5 * t1
    assert found > 10  # the wedge is not empty: the statement is not vacuous


def test_threshold_staircase_is_certified_and_hugs_the_curve(polynomials):
    stair = certify_threshold_staircase(polynomials=polynomials)
    assert stair.certified
    true = chain_threshold(stair.r_edges[1:], polynomials=polynomials)
    assert np.all(stair.thresholds >= true) and np.all(stair.thresholds - true <= 0.0021)
    # too few boxes: the same staircase is not certified
    assert not certify_threshold_staircase(max_boxes=10, polynomials=polynomials).certified


def test_box_lower_bound_is_not_vacuous(polynomials):
    # a box reaching below the curve is not certified, one just above it is
    r0 = 0.5
    t_star = chain_threshold(r0, polynomials=polynomials)
    polys = {"polynomials": polynomials}
    below = box_lower_bound((t_star - 0.05, t_star + 0.05), (r0, r0 + 1e-6), **polys)
    above = box_lower_bound((t_star + 0.05, t_star + 0.06), (r0 - 1e-6, r0), **polys)
    assert below < 0 < above


def test_exact_conversion_of_mpf():
    assert mpf_to_fraction(mpmath.mpf(0.375)) == Fraction(3, 8)
    assert mpf_to_fraction(mpmath.mpf(-5)) == -5
    assert mpf_to_fraction(mpmath.mpf(0.1)) == Fraction(0.1)  # the binary value, exactly


def test_ceil_log_rounds_up():
    for v in (Fraction(1000, 379), Fraction(9, 100), 10, 0.5):
        up = ceil_log(v)
        with mpmath.workdps(50):
            exact = mpmath.log(mpmath.mpf(Fraction(v).numerator) / Fraction(v).denominator)
            assert mpmath.mpf(up) >= exact
        assert math.nextafter(up, -math.inf) <= float(exact)


@pytest.mark.parametrize(
    ("call", "exc"),
    [
        (lambda: certify_chain_cone(Fraction(3, 2)), ValueError),
        (lambda: certify_chain_cone("0.3"), TypeError),
        (lambda: certify_box("nope", Fraction(1, 10), Fraction(1)), ValueError),
        (lambda: certify_box("trap", Fraction(1, 10), Fraction(0)), ValueError),
        (lambda: certify_dtheta2(Fraction(0)), ValueError),
        (lambda: certify_dtheta2_sturm(Fraction(1, 10)), ValueError),
        (lambda: certify_dtheta2_sturm(Fraction(0)), ValueError),
        (lambda: certify_dtheta2_sturm("0.03"), TypeError),
        (lambda: right_threshold(digits=2), ValueError),
        (lambda: certify_threshold_staircase(n_slabs=0), ValueError),
        (lambda: certify_threshold_staircase(margin=-1.0), ValueError),
        (lambda: box_lower_bound((0.0, 1.0), (0.0, 0.5)), ValueError),
        (lambda: box_lower_bound((1.0, 2.0), (0.0, 2.5)), ValueError),
        (lambda: box_lower_bound((1.0, 2.0), (0.0, 0.5), which="right"), ValueError),
        (lambda: mpf_to_fraction(0.5), TypeError),
        (lambda: mpf_to_fraction(mpmath.mpf("nan")), ValueError),
        (lambda: ceil_log(0), ValueError),
    ],
)
def test_bad_input(call, exc):
    with pytest.raises(exc):
        call()


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: certify_chain_cone(Fraction(3, 2)), "a0"),
        (lambda: certify_box("nope", Fraction(1, 10), Fraction(1)), "which"),
        (lambda: certify_dtheta2(Fraction(0)), "x0"),
        (lambda: certify_dtheta2_sturm(Fraction(0)), "x0"),
        (lambda: right_threshold(digits=2), "digits"),
        (lambda: certify_threshold_staircase(margin=-1.0), "margin"),
        (lambda: box_lower_bound((0.0, 1.0), (0.0, 0.5)), "theta1_range"),
    ],
)
def test_bad_input_messages_name_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()
