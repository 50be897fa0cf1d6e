"""A toy claim for the checking layer's own tests: ``x <= 10`` on the integers 0..10."""

import pytest
from hypothesis import strategies as st

from aptheory.checking import Claim


@pytest.fixture
def toy_claim():
    """Build the toy claim, any field overridden: ``toy_claim(id="t-read", twin=...)``.

    It holds with tightness 1 (hypothesis reaches x = 10); its twin ``x <= 5`` is refuted.
    """

    def build(**fields) -> Claim:
        base = dict(
            id="t",
            equation="(0)",
            statement="x <= 10",
            check=lambda x: (x, 10),
            strategy=lambda: st.integers(0, 10),
            twin=lambda x: (x, 5),
            twin_statement="x <= 5",
            exact=True,
        )
        base.update(fields)
        return Claim(**base)

    return build
