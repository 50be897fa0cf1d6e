"""Session fixtures of the detection tests: each dataset and training is computed once."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from aptheory.sections.detection.comparison import Comparison, run_comparison, with_ranking
from aptheory.sections.detection.config import DEFAULT, LOSSES, QUICK, Config, TrainConfig
from aptheory.sections.detection.data import Dataset, make_dataset
from aptheory.sections.detection.training import TrainingRun, train

TINY_TASK = replace(DEFAULT.task, size=48, strides=(8, 16), bases=(16, 32))
TINY = Config(
    task=TINY_TASK,
    train=TrainConfig(n_train=6, n_test=4, iterations=6, batch_size=2, evaluations=3),
    name="tiny",
)
TINY_SEED = 3
QUICK_SEEDS = (0,)  # one seed of the QUICK configuration (about 4 s), shared by every test
#: a user loss given by module name: the built-in AUC-loss's function itself, so that its run
#: must be the built-in ``auc`` run
AUC_AS_USER_LOSS = "aptheory.sections.detection.losses:auc_loss"


@pytest.fixture(scope="session")
def default_data() -> Dataset:
    """Seed 0 of the default task, 16 training and 6 test images."""
    return make_dataset(0, DEFAULT.task, n_train=16, n_test=6)


@pytest.fixture(scope="session")
def tiny_data() -> Dataset:
    """Seed 3 of the tiny task (48 x 48 images), the data of the tiny training runs."""
    return make_dataset(TINY_SEED, TINY.task, TINY.train.n_train, TINY.train.n_test)


@pytest.fixture(scope="session")
def tiny_runs(tiny_data) -> dict[str, TrainingRun]:
    """Every loss trained once on ``tiny_data`` (seed 3): loss -> run."""
    return {loss: train(tiny_data, loss, TINY.train, TINY_SEED) for loss in LOSSES}


@pytest.fixture(scope="session")
def quick_comparison() -> Comparison:
    """The QUICK configuration (``--quick``'s and the notebook's) on seed 0, every loss, one
    loss per worker process."""
    return run_comparison(QUICK, QUICK_SEEDS, jobs=2)


@pytest.fixture(scope="session")
def tiny() -> Config:
    """The tiny configuration (6 training images, 6 steps): cheap runs of the command."""
    return TINY


@pytest.fixture(scope="session")
def capped_data(tiny_data) -> Dataset:
    """``tiny_data`` with every test IoU capped at 0.9: no test positive at IoU 0.95."""
    return replace(tiny_data, test_iou=np.minimum(tiny_data.test_iou, 0.9))  # 0.9 still counts


@pytest.fixture(scope="session")
def capped_run(capped_data) -> TrainingRun:
    """AP-loss trained on ``capped_data`` (seed 3): a run with a missing threshold."""
    return train(capped_data, "ap", TINY.train, TINY_SEED)


@pytest.fixture(scope="session")
def tiny_comparison() -> Comparison:
    """The tiny configuration on seeds 0 and 1: every loss, AP-loss ranked both ways and the
    AUC-loss once more as a user loss (given by module name), in two worker processes."""
    config = replace(
        TINY, losses=with_ranking(TINY.losses, "both"), user_losses=(AUC_AS_USER_LOSS,)
    )
    return run_comparison(config, (0, 1), jobs=2)
