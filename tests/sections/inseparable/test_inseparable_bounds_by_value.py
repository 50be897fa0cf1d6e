"""Every bound of Section 3 recomputed from the printed formulas, by plain independent code.

The library's R, eta, Z(u), the sums of a run and the right-hand sides of (21) and (24) to
(32) (in ``Bounds``, in the claims' checks, in the comparator's objective and in the
crossover of (32)) are compared *by value* with a recomputation written here from the
supplement's formulas in plain Python loops. A constant changed by a factor of 2 (8/delta of
(27) to 16/delta or 4/delta, ln|P| + 1 of (29) to ln|P| + 2, ...) fails these tests even when
the changed bound still holds: the runs are chosen so that every term is nonzero.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from aptheory.sections.inseparable.bounds import offline_floors, regret_bounds
from aptheory.sections.inseparable.claims import CLAIMS
from aptheory.sections.inseparable.comparator import offline_comparator, offline_constants
from aptheory.sections.inseparable.examples import InseparableRunSpec, simulate_spec
from aptheory.sections.inseparable.runs import data_radius, step_size
from aptheory.sections.inseparable.tightness import crossover_z

REL = 1e-11  # float64 sums of at most a few thousand terms computed in another order

# ------------------------------------------------------- the printed formulas, plainly


def h(x: float, h0: float) -> float:
    """H of eq. (3)."""
    return 1.0 if x > 0 else (0.0 if x < 0 else h0)


def h_tilde(x: float, d: float) -> float:
    """H~ (main paper, Sec. 3.4.2): 0 below -d, (x + d)/(2d) between, 1 above d."""
    return 0.0 if x < -d else (1.0 if x > d else (x + d) / (2 * d))


def q(x: float, d: float) -> float:
    """Q(x) = int_{-inf}^x H~, eq. (18)."""
    return 0.0 if x < -d else (x if x > d else (x + d) ** 2 / (4 * d))


def scores(sample, theta):
    return [float(sum(f * t for f, t in zip(row, theta, strict=True))) for row in sample.features]


def pos_neg(sample):
    p = sample.positive.tolist()
    return [k for k, v in enumerate(p) if v], [k for k, v in enumerate(p) if not v]


def denominators(sample, theta_hat, h0):
    """1 + sum_{k in P u N, k != i} H(s^_k - s^_i) for every positive i, eqs. (16)-(18)."""
    s = scores(sample, theta_hat)
    pos, _ = pos_neg(sample)
    n = len(s)
    return [1.0 + sum(h(s[k] - s[i], h0) for k in range(n) if k != i) for i in pos]


def a_terms(sample, u, d):
    """A_i(u) = sum_{j in N} Q(X_ij(u)) (Sec. 3.3)."""
    s = scores(sample, u)
    pos, neg = pos_neg(sample)
    return [sum(q(s[j] - s[i], d) for j in neg) for i in pos]


def surrogate(sample, theta, theta_hat, d, h0):
    """l(X(theta), X(theta^)) of eq. (18)."""
    den = denominators(sample, theta_hat, h0)
    return sum(a / di for a, di in zip(a_terms(sample, theta, d), den, strict=True)) / len(den)


def ap_loss(sample, theta, h0):
    """L_AP of eq. (17)."""
    s = scores(sample, theta)
    pos, neg = pos_neg(sample)
    den = denominators(sample, theta, h0)
    num = [sum(h(s[j] - s[i], h0) for j in neg) for i in pos]
    return sum(a / di for a, di in zip(num, den, strict=True)) / len(pos)


def gradient(sample, theta, d, h0):
    """dl^(t)/dtheta at theta^(t) = theta: (1/|P|) sum_ij H~(x_ij)/D_i (f_j - f_i), (22)."""
    s = scores(sample, theta)
    pos, neg = pos_neg(sample)
    den = denominators(sample, theta, h0)
    g = np.zeros(sample.dim)
    for i, di in zip(pos, den, strict=True):
        for j in neg:
            g += h_tilde(s[j] - s[i], d) / di * (sample.features[j] - sample.features[i])
    return g / len(pos)


def radius(samples):
    """R of condition (2): max over samples of the largest singular value of the matrix of
    rows f_j - f_i (i in P, j in N), as the square root of the top eigenvalue of J^T J."""
    out = 0.0
    for s in samples:
        pos, neg = pos_neg(s)
        rows = [s.features[j] - s.features[i] for i in pos for j in neg]
        jtj = sum(np.outer(r, r) for r in rows)
        out = max(out, math.sqrt(max(np.linalg.eigvalsh(jtj))))
    return out


def printed(spec: InseparableRunSpec):
    """Every quantity of Sec. 3.2-3.3 for ``spec``'s run and comparator, from the formulas."""
    res = simulate_spec(spec)
    run, data, u = res.run, res.data, res.u
    d, h0, big_t = spec.delta, spec.at_zero, run.T
    r = radius(data)
    eta = d / r**2
    # the path, simulated again by the printed update (gradient descent with step eta)
    theta = run.thetas[0].copy()
    path = [theta.copy()]
    grads = []
    for k in run.order.tolist():
        g = gradient(data[k], theta, d, h0)
        grads.append(g)
        step = eta if spec.update == "gradient" else eta * data[k].n_positive
        theta = theta - step * g
        path.append(theta.copy())
    steps = [data[k] for k in run.order.tolist()]
    sum_l = sum(surrogate(s, path[t], path[t], d, h0) for t, s in enumerate(steps))
    per_lu = [surrogate(s, u, path[t], d, h0) for t, s in enumerate(steps)]
    sum_lu = sum(per_lu)
    sum_ap = sum(ap_loss(s, path[t], h0) for t, s in enumerate(steps))
    dist = float(np.sum((u - path[0]) ** 2))
    out = {
        "path": np.array(path),
        "R": r,
        "eta": eta,
        "sum_l": sum_l,
        "sum_lu": sum_lu,
        "per_lu": per_lu,
        "sum_ap": sum_ap,
        "dist": dist,
        "b21": dist / (2 * eta) + eta / 2 * sum(float(g @ g) for g in grads),
        "b24": dist / (2 * eta) + eta * r**2 / (2 * d) * sum_l,
        "b26": 2 * sum_lu + r**2 / d * dist,
        "b27": 8 / d * sum_lu + 4 * r**2 / d**2 * dist,
    }
    if run.setting == "offline":
        sample = data[0]
        n = sample.n_positive
        z = max(a_terms(sample, u, d))
        b = 8 / d * z
        eps = 4 * r**2 * dist / (d**2 * big_t)
        first29 = (math.log(n) + 1) / n * b
        first31 = b / (1 + b)
        aps = [ap_loss(sample, path[t], h0) for t in range(big_t)]
        out |= {
            "Z": z,
            "eps": eps,
            "b28": (math.log(n) + 1) / n * z,
            "b30": [(1 - a) * z for a in aps],
            "b29": first29 + eps,
            "b31": first31 + eps,
            "b31_sharp": (b + eps) / (1 + b),
            "b32": min(first29, first31) + eps,
        }
    return res, out


# Runs with every term nonzero: theta^(1) != 0 and u != theta^(1) (so the distance terms
# count), Z(u) > 0, sum l(u) > 0; both settings, both updates, several delta and H(0).
SPECS = [
    InseparableRunSpec("offline", 3, 40, 0.5, 0.3, 1, 4, 6, 2, 1.0, 1.0, "loss", 2, 3),
    InseparableRunSpec("offline", 5, 25, 2.0, 0.7, 1, 5, 5, 3, 0.5, 1.0, "bound", 5, 5, "tie"),
    InseparableRunSpec("offline", 8, 30, 1.0, 0.3, 1, 3, 4, 1, 0.0, 1.0, "loss-x4", 3, 2),
    InseparableRunSpec("online", 9, 50, 0.25, 0.3, 3, 4, 6, 2, 1.0, 1.0, "loss", 1, 2),
    InseparableRunSpec(
        "online", 4, 30, 1.0, 0.1, 2, 3, 5, 2, 0.5, 1.0, "bound", 1, 2, "midpoint", "printed"
    ),
    InseparableRunSpec(
        "offline", 6, 20, 0.5, 0.3, 1, 4, 6, 2, 1.0, 1.0, "loss", 2, 2, "midpoint", "printed"
    ),
]


@pytest.fixture(scope="module", params=range(len(SPECS)), ids=lambda k: f"spec{k}")
def case(request):
    spec = SPECS[request.param]
    res, want = printed(spec)
    return spec, res, want


def close(a, b):
    return a == pytest.approx(b, rel=REL, abs=1e-13)


def test_every_term_is_nonzero(case):
    _, _, want = case
    assert want["dist"] > 1e-3 and want["sum_lu"] > 1e-3 and want["sum_l"] > 1e-3
    if "Z" in want:
        assert want["Z"] > 1e-3


def test_r_eta_and_the_path(case):
    spec, res, want = case
    assert close(data_radius(res.data), want["R"]) and close(res.run.radius, want["R"])
    assert close(res.run.eta, want["eta"])
    assert close(step_size(want["R"], spec.delta), spec.delta / want["R"] ** 2)
    np.testing.assert_allclose(res.run.thetas, want["path"], rtol=1e-10, atol=1e-12)


def test_sums_and_bounds_21_to_27(case):
    _, res, want = case
    b = res.bounds
    assert close(b.sum_surrogate, want["sum_l"]) and close(b.sum_comparator, want["sum_lu"])
    assert close(b.sum_ap, want["sum_ap"]) and close(b.dist_sq, want["dist"])
    np.testing.assert_allclose(res.comparator_steps, want["per_lu"], rtol=REL, atol=1e-13)
    if res.run.update == "gradient":  # (21) and (24) are stated for the step-eta update
        assert close(b.bound21, want["b21"]) and close(b.bound24, want["b24"])
    assert close(b.bound26, want["b26"])
    assert close(b.bound27, want["b27"])


def test_offline_bounds_28_to_32(case):
    spec, res, want = case
    b = res.bounds
    if res.run.setting != "offline":
        assert b.bound29 is None and b.z is None
        return
    sample = res.data[0]
    assert close(offline_constants(sample, res.u, delta=spec.delta)[1], want["Z"])
    assert close(b.z, want["Z"]) and close(res.z, want["Z"]) and close(b.eps, want["eps"])
    for name in ("29", "31", "32"):
        assert close(getattr(b, f"bound{name}"), want[f"b{name}"]), name
    assert close(b.bound31_sharp, want["b31_sharp"])


def check_of(claim_id):
    return next(c for c in CLAIMS.claims() if c.id == claim_id).check


def test_the_claims_compare_the_printed_sides(case):
    spec, res, want = case
    if res.run.update == "printed":
        assert np.allclose(check_of("eq16-printed-update-eq26")(spec), (want["sum_l"], want["b26"]))
        assert np.allclose(
            check_of("eq16-printed-update-eq27")(spec), (want["sum_ap"], want["b27"])
        )
        return
    pairs = {
        "eq24-regret-bound": (want["sum_l"] - want["sum_lu"], want["b24"]),
        "eq26-surrogate-bound": (want["sum_l"], want["b26"]),
        "eq27-ap-loss-bound": (want["sum_ap"], want["b27"]),
        "eq21-regret-le-telescoped": (want["sum_l"] - want["sum_lu"], want["b21"]),
    }
    if res.run.setting == "offline":
        avg = want["sum_ap"] / res.run.T
        pairs |= {
            "eq29-offline-bound": (avg, want["b29"]),
            "eq31-offline-bound": (avg, want["b31"]),
            "eq31-sharper-remainder": (avg, want["b31_sharp"]),
            "eq32-min-bound": (avg, want["b32"]),
        }
    for cid, (lhs, rhs) in pairs.items():
        got = check_of(cid)(spec)
        assert close(got[0], lhs) and close(got[1], rhs), cid
    if res.run.setting == "offline":
        # (28) and (30) are families over t: the check returns one member, which must be
        # (l^(t)(u), the printed right side) for some t.
        lhs, rhs = check_of("eq28-run")(spec)
        assert close(rhs, want["b28"]) and any(close(lhs, v) for v in want["per_lu"])
        lhs, rhs = check_of("eq30-run")(spec)
        assert any(
            close(lhs, a) and close(rhs, b)
            for a, b in zip(want["per_lu"], want["b30"], strict=True)
        )


def test_the_offline_comparator_minimises_the_printed_bound(case):
    spec, res, want = case
    if res.run.setting != "offline":
        return
    sample = res.data[0]
    n, d = sample.n_positive, spec.delta
    for which in ("29", "31"):
        u = offline_comparator(res.run, sample, bound=which)
        z = max(a_terms(sample, u, d))
        b = 8 / d * z
        first = (math.log(n) + 1) / n * b if which == "29" else b / (1 + b)
        eps = 4 * want["R"] ** 2 * float(np.sum((u - res.run.thetas[0]) ** 2)) / (d**2 * res.run.T)
        bounds = regret_bounds(res.run, res.data, u)
        assert close(getattr(bounds, f"bound{which}"), first + eps)
        # the comparator is no worse than the printed bound at the run's own u
        assert first + eps <= want[f"b{which}"] + 1e-9


@pytest.mark.parametrize("n", [1, 2, 5, 6, 9, 10, 40])
def test_floors_and_crossover_by_value(n):
    f = offline_floors(n)
    assert f.first29 == pytest.approx(2 * (math.log(n) + 1) / n, rel=1e-15)
    assert f.first31 == pytest.approx(2 / 3) and f.first32 == min(f.first29, 2 / 3)
    assert f.vacuous29 == (2 * (math.log(n) + 1) / n >= 1)
    for d in (0.5, 2.0):
        # (29) = (31) at 8 Z / delta = b*: ((ln n + 1)/n) b* = b*/(1 + b*)
        b_star = n / (math.log(n) + 1) - 1
        assert crossover_z(n, d) == pytest.approx(d / 8 * b_star, rel=1e-14, abs=1e-15)


def test_vacuity_claim_uses_the_printed_first_term():
    from fractions import Fraction

    from aptheory.core.linear import Sample
    from aptheory.sections.inseparable.examples import ZExample

    # a tie (x = 0 for all u) and one other pair sent below -delta: Z(u) = delta/4 exactly
    f = np.array([[0.0], [0.0], [-3.0]])
    for n_extra, want in ((0, 2.0), (3, 2 * (math.log(4) + 1) / 4)):
        feats = np.vstack([f[:1]] * (1 + n_extra) + [f[1:]])
        positive = np.array([True] * (1 + n_extra) + [False, False])
        ex = ZExample(Sample(feats, positive), np.array([1.0]), 1.0, "tie", (), (), "x")
        one, rhs = check_of("eq29-vacuous-small-P")(ex)
        assert one == 1.0 and rhs == pytest.approx(want, rel=1e-14)
        lhs, z = check_of("eq28-Z-ge-quarter-delta")(ex)
        assert lhs == Fraction(1, 4) and z == Fraction(1, 4)
        two_thirds, first31 = check_of("eq31-first-term-ge-two-thirds")(ex)
        assert two_thirds == first31 == Fraction(2, 3)
