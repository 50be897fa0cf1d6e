"""aptheory.sections.detection.config: the configurations are validated, the tables read-only."""

from __future__ import annotations

import inspect
from dataclasses import FrozenInstanceError, replace

import numpy as np
import pytest

from aptheory.sections.detection import config as cfg
from aptheory.sections.detection.data import make_dataset


@pytest.mark.parametrize(
    "field, value, error",
    [
        ("size", 0, ValueError),
        ("size", 9.5, TypeError),
        ("channels", 0, ValueError),
        ("n_classes", 0, ValueError),
        ("strides", (), ValueError),
        ("strides", [4, 8, 16], TypeError),
        ("strides", (4, 0, 16), ValueError),
        ("bases", (12, 24), ValueError),
        ("scales", (1.0, -1.0), ValueError),
        ("ratios", (np.inf,), ValueError),
        ("objects", (0, 2), ValueError),
        ("objects", (3, 2), ValueError),
        ("distractors", (-1, 2), ValueError),
        ("jitter", -0.1, ValueError),
        ("pixel_noise", np.nan, ValueError),
        ("background_cell", 0, ValueError),
        ("positive_iou", 1.5, ValueError),
        ("negative_iou", -0.1, ValueError),
        ("negative_iou", 0.6, ValueError),  # above positive_iou = 0.5
    ],
)
def test_task_config_is_validated_naming_the_field(field, value, error):
    with pytest.raises(error, match=field):
        replace(cfg.DEFAULT.task, **{field: value})


@pytest.mark.parametrize(
    "field, value, error",
    [
        ("n_train", 0, ValueError),
        ("n_test", -1, ValueError),
        ("iterations", 0, ValueError),
        ("batch_size", 0, ValueError),
        ("batch_size", 2.0, TypeError),
        ("evaluations", 0, ValueError),
        ("learning_rate", 0.0, ValueError),
        ("learning_rate", -0.01, ValueError),
        ("learning_rate", np.inf, ValueError),
        ("learning_rate", True, TypeError),
    ],
)
def test_train_config_is_validated_naming_the_field(field, value, error):
    with pytest.raises(error, match=field):
        replace(cfg.DEFAULT.train, **{field: value})


def test_config_arguments_are_type_checked():
    with pytest.raises(TypeError, match="task"):
        cfg.Config(task=cfg.DEFAULT.train)
    with pytest.raises(TypeError, match="train"):
        cfg.Config(train=cfg.DEFAULT.task)
    with pytest.raises(ValueError, match="losses"):
        cfg.Config(losses=())
    with pytest.raises(ValueError, match="losses"):
        cfg.Config(losses=("ap", "svm"))


def test_module_tables_are_read_only_and_defaults_come_from_train_config():
    with pytest.raises(TypeError):
        cfg.LOSSES["hinge"] = "Hinge"
    with pytest.raises(TypeError):
        cfg.SUPPLEMENT_TABLE1["ap"] = (0.0, 0.0, 0.0)
    with pytest.raises(FrozenInstanceError):
        cfg.DEFAULT.train.n_train = 1
    assert list(cfg.LOSSES) == ["ce-ohem", "focal-g1", "focal-g2", "auc", "ap"]
    assert set(cfg.SUPPLEMENT_TABLE1) <= set(cfg.LOSSES)
    assert set(cfg.PAPER_ORDER) == set(cfg.SUPPLEMENT_TABLE1)
    params = inspect.signature(make_dataset).parameters
    assert params["n_train"].default == cfg.TrainConfig().n_train == cfg.DEFAULT.train.n_train
    assert params["n_test"].default == cfg.TrainConfig().n_test == cfg.DEFAULT.train.n_test


def test_iou_thresholds_are_coco_style():
    assert cfg.IOU_THRESHOLDS == (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
    assert cfg.QUICK.task == cfg.DEFAULT.task  # the quick configuration is the same task
