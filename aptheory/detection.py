"""Moved to :mod:`aptheory.sections.detection` (``config``, ``geometry``, ``data``,
``evaluation``, ``training``, ``comparison``); the public names of 0.1 stay importable from
here, with ``Run`` (now ``TrainingRun``) and ``render_markdown`` (now
``render_comparison_markdown``) as aliases."""

from aptheory.sections.detection.comparison import (
    DEFAULT_SEEDS,
    Comparison,
    ordering_verdict,
    render_comparison_markdown,
    run_comparison,
    run_detection_command,
)
from aptheory.sections.detection.config import (
    DEFAULT,
    IOU_THRESHOLDS,
    LOSSES,
    PAPER_ORDER,
    QUICK,
    SUPPLEMENT_TABLE1,
    Config,
    TaskConfig,
    TrainConfig,
)
from aptheory.sections.detection.data import Dataset, ExampleImage, example_image, make_dataset
from aptheory.sections.detection.evaluation import (
    average_precision,
    ranking_ap,
    thresholds_with_positives,
)
from aptheory.sections.detection.geometry import iou_matrix, label_anchors, make_anchors
from aptheory.sections.detection.training import TrainingRun, train, training_loss

Run = TrainingRun  # the 0.1 name
render_markdown = render_comparison_markdown  # the 0.1 name

__all__ = [
    "DEFAULT",
    "DEFAULT_SEEDS",
    "IOU_THRESHOLDS",
    "LOSSES",
    "PAPER_ORDER",
    "QUICK",
    "SUPPLEMENT_TABLE1",
    "Comparison",
    "Config",
    "Dataset",
    "ExampleImage",
    "Run",
    "TaskConfig",
    "TrainConfig",
    "TrainingRun",
    "average_precision",
    "example_image",
    "iou_matrix",
    "label_anchors",
    "make_anchors",
    "make_dataset",
    "ordering_verdict",
    "ranking_ap",
    "render_comparison_markdown",
    "render_markdown",
    "run_comparison",
    "run_detection_command",
    "thresholds_with_positives",
    "train",
    "training_loss",
]
