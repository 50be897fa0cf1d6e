"""Shared data of the Section 3 tests, built once per session."""

from __future__ import annotations

import pytest

from aptheory.core.linear import Sample
from aptheory.sections.inseparable.data import inseparable_samples
from aptheory.sections.inseparable.runs import InseparableRun, run_offline


@pytest.fixture(scope="session")
def data() -> tuple[Sample, ...]:
    """Five samples of different sizes (1-4 positives, 2-6 negatives), overlap 0.3."""
    return inseparable_samples(5, overlap=0.3, positives=(1, 4), negatives=(2, 6), seed=3)


@pytest.fixture(scope="session")
def one_sample() -> Sample:
    """One sample with |P| = 4 and |N| = 9."""
    return inseparable_samples(1, overlap=0.3, positives=(4, 4), negatives=(9, 9), seed=4)[0]


@pytest.fixture(scope="session")
def offline_run(one_sample: Sample) -> InseparableRun:
    """An offline run of 60 steps on ``one_sample`` from theta^(1) = 0."""
    return run_offline(one_sample, 60)
