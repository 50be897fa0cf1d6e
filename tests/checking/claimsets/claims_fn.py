"""An outside claim set in the claims() form, with the 0.1 dataclass Claim."""

from hypothesis import strategies as st

from aptheory.claims import Claim


def claims():
    return [
        Claim(
            id="fn-square",
            equation="(E)",
            statement="x <= x^2 for integers",
            check=lambda x: (x, x * x),
            strategy=lambda: st.integers(-20, 20),
            twin=lambda x: (x + 1, x * x),
            twin_statement="x + 1 <= x^2",
            exact=True,
        )
    ]
