"""Tests of aptheory.sections.separable.rational: exact dyadic features, theta and steps."""

from fractions import Fraction

import numpy as np
import pytest

from aptheory.core.exact import exact_primary_terms
from aptheory.sections.separable.rational import (
    RationalTheta,
    dyadic_common,
    dyadic_samples,
    errs,
    exact_step,
    integer_scores,
)


def test_dyadic_common_is_exact():
    values = [0.1, -3.0, 2.5e-7, 1e16, 0.0]
    ints, shift = dyadic_common(values)
    assert [Fraction(v, 2**shift) for v in ints] == [Fraction(v) for v in values]
    assert dyadic_common([]) == ([], 0)
    assert dyadic_common([3.0, -1.0]) == ([3, -1], 0)


def test_rational_theta_adds_and_rounds_exactly():
    t = RationalTheta.from_floats(np.array([0.1, -0.5]))
    assert t.fractions() == (Fraction(0.1), Fraction(-1, 2))
    u = t.plus((1, 2), 3)  # + (1/3, 2/3)
    assert u.fractions() == (Fraction(0.1) + Fraction(1, 3), Fraction(1, 6))
    assert u.floats() == [float(Fraction(0.1) + Fraction(1, 3)), 1 / 6]
    assert RationalTheta.zeros(3).fractions() == (0, 0, 0)
    assert RationalTheta.from_floats([0.0, 0.0]) == RationalTheta((0, 0), 1)  # reduced


@pytest.mark.parametrize("h", [Fraction(0), Fraction(1, 2), Fraction(1), Fraction(0.3)])
def test_exact_step_is_eq2_with_the_core_exact_l_ij(h):
    rng = np.random.default_rng(3)
    for _ in range(40):
        n = int(rng.integers(2, 9))
        dim = int(rng.integers(1, 3))
        feats = rng.integers(-2, 3, size=(n, dim)).astype(float) * 0.75
        positive = rng.random(n) < 0.5
        positive[0], positive[-1] = True, False
        theta = rng.integers(-2, 3, size=dim).astype(float) / 4
        (dy,) = dyadic_samples([feats], [positive])
        t = RationalTheta.from_floats(theta)
        zp, zn = integer_scores(dy, t)
        step = exact_step(dy, zp, zn, h)
        # independent: exact scores, core L_ij, plain sum of eq. (2)
        s = [
            sum(Fraction(a) * Fraction(b) for a, b in zip(f, theta, strict=True))
            for f in feats.tolist()
        ]
        lij = exact_primary_terms(s, positive, at_zero=h)
        pos, neg = np.flatnonzero(positive), np.flatnonzero(~positive)
        g = [Fraction(0)] * dim
        for a, i in enumerate(pos):
            for b, j in enumerate(neg):
                for k in range(dim):
                    g[k] += lij[a][b] * (Fraction(feats[i, k]) - Fraction(feats[j, k]))
        assert tuple(Fraction(v, step.den) for v in step.num) == tuple(g)
        assert step.total == sum((v for row in lij for v in row), Fraction(0))
        assert step.biggest == max(v for row in lij for v in row)
        sp = [s[i] for i in pos]
        sn = [s[j] for j in neg]
        assert errs(zp, zn) == (max(sn) >= min(sp), max(sn) > min(sp))
