"""A claim whose examples hold a function (they do not pickle)."""

from hypothesis import strategies as st

from aptheory.checking import EXACT, ClaimSet

CLAIMS = ClaimSet("unpicklable")


def boxes():
    return st.integers(0, 5).map(lambda k: (k, lambda: k))


@CLAIMS.claim("odd-example", "(F)", "k <= 5", strategy=boxes, tol=EXACT)
def odd(e):
    return e[0], 5


@odd.twin("k <= 2")
def _(e):
    return e[0], 2
