"""Moved to :mod:`aptheory.sections.detection` (``config``, ``geometry``, ``data``,
``evaluation``, ``training``, ``comparison``, ``userloss``); the public names of 0.1 stay
importable from here, with ``Run`` (now ``TrainingRun``) and ``render_markdown`` (now
``render_comparison_markdown``) as aliases, beside the detection view's main names."""

from aptheory.sections.detection.comparison import (
    DEFAULT_SEEDS,
    Comparison,
    ordering_verdict,
    ranking_difference,
    render_comparison_markdown,
    run_comparison,
    run_detection_command,
    seed_orderings,
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
    Detections,
    average_precision,
    coco_detection_ap,
    detect_image,
    ranking_ap,
    thresholds_with_positives,
)
from aptheory.sections.detection.geometry import (
    batched_nms,
    decode_boxes,
    encode_boxes,
    iou_matrix,
    label_anchors,
    make_anchors,
)
from aptheory.sections.detection.training import BoxRegressor, TrainingRun, train, training_loss
from aptheory.sections.detection.userloss import UserLoss, load_user_loss

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
    "BoxRegressor",
    "Comparison",
    "Config",
    "Dataset",
    "Detections",
    "ExampleImage",
    "Run",
    "TaskConfig",
    "TrainConfig",
    "TrainingRun",
    "UserLoss",
    "average_precision",
    "batched_nms",
    "coco_detection_ap",
    "decode_boxes",
    "detect_image",
    "encode_boxes",
    "example_image",
    "iou_matrix",
    "label_anchors",
    "load_user_loss",
    "make_anchors",
    "make_dataset",
    "ordering_verdict",
    "ranking_ap",
    "ranking_difference",
    "render_comparison_markdown",
    "render_markdown",
    "run_comparison",
    "run_detection_command",
    "seed_orderings",
    "thresholds_with_positives",
    "train",
    "training_loss",
]
