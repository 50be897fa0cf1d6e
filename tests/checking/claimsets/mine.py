"""Outside claims in the registration form: true, false, conditional, weak twin."""

from dataclasses import dataclass

from hypothesis import strategies as st

from aptheory.checking import EXACT, ClaimSet

CLAIMS = ClaimSet("mine")


@dataclass(frozen=True)
class Pair:
    a: int
    b: int


def pairs():
    return st.builds(Pair, st.integers(0, 9), st.integers(0, 9))


@CLAIMS.claim("mine-am-gm", "(A)", "a*b <= (a^2 + b^2)/2", strategy=pairs, tol=EXACT)
def am_gm(p):
    return 2 * p.a * p.b, p.a**2 + p.b**2


@am_gm.twin("a*b <= (a^2 + b^2)/4")
def _(p):
    return 4 * p.a * p.b, p.a**2 + p.b**2


@CLAIMS.claim(
    "mine-false",
    "(B)",
    "x^2 <= 10 x",
    strategy=lambda: st.integers(0, 20),
    tol=EXACT,
    expected="fails",
    note="false from x = 11 on",
)
def false(x):
    return x * x, 10 * x


@false.twin("x^2 <= x")
def _(x):
    return x * x, x


@CLAIMS.claim(
    "mine-cond",
    "(C)",
    "x <= 10 for x in [0, 10]",
    strategy=lambda: st.integers(0, 10),
    tol=EXACT,
    expected="conditional",
    condition="x <= 10",
    unconditioned=lambda: st.integers(0, 100),
    note="the condition is the claim",
)
def cond(x):
    return x, 10


@cond.twin("x <= 5")
def _(x):
    return x, 5


@CLAIMS.claim("mine-weak-twin", "(D)", "x <= 10", strategy=lambda: st.integers(0, 10), tol=EXACT)
def weak(x):
    return x, 10


@weak.twin("x <= 20 (a change the strategy cannot see)")
def _(x):
    return x, 20
