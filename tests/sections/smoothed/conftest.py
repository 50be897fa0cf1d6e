"""Section 2 fixtures: the expensive symbolic results, computed once per test session."""

import pytest

from aptheory.sections.smoothed.symbolic import derive_symbolic, gradient_polynomials


@pytest.fixture(scope="session")
def polynomials():
    """The sign polynomials of (15) (about a second of sympy), shared by every test."""
    return gradient_polynomials()


@pytest.fixture(scope="session")
def symbolic():
    """The symbolic derivation of eq. (14) from eq. (11)."""
    return derive_symbolic()
