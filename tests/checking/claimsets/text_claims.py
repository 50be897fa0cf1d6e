"""A claim on text: hypothesis needs (and caches) its unicode tables."""

from hypothesis import strategies as st

from aptheory.checking import EXACT, ClaimSet

CLAIMS = ClaimSet("text")


@CLAIMS.claim("text-len", "(T)", "len(s) <= 5", strategy=lambda: st.text(max_size=5), tol=EXACT)
def length(s):
    return len(s), 5


@length.twin("len(s) <= 2")
def _(s):
    return len(s), 2
