"""Section 4 symbolic derivations: eq. (35) and eq. (38) with sympy."""

import pytest
import sympy as sp

from aptheory.sections.consistency import symbolic as cs


@pytest.mark.parametrize("k", [1, 2, 3, 4])
def test_eq35_symbolic(k):
    assert cs.derive_cross_entropy_gradient(k)


def test_eq38_symbolic_and_the_h0_each_reading_needs():
    d = cs.derive_hinge_gradient()
    assert d.off_kink
    half = sp.Rational(1, 2)
    assert d.sympy_kink == -half and d.h0_matching_sympy == half
    assert d.right_derivative == 0 and d.h0_matching_right == 1
    assert d.left_derivative == -1 and d.h0_matching_left == 0


@pytest.mark.parametrize(("k", "exc"), [(0, ValueError), (1.5, TypeError), (True, TypeError)])
def test_derive_cross_entropy_gradient_rejects_bad_k(k, exc):
    with pytest.raises(exc):
        cs.derive_cross_entropy_gradient(k)


def test_derive_cross_entropy_gradient_names_k():
    with pytest.raises(TypeError, match="k must be an int"):
        cs.derive_cross_entropy_gradient(1.5)
    with pytest.raises(ValueError, match="k must be >= 1"):
        cs.derive_cross_entropy_gradient(0)
