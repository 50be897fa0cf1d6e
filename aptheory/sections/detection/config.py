"""The configuration of the miniature: the task, the training budget, the losses compared.

Every value here was fixed before any loss was compared (see
:mod:`aptheory.sections.detection`). :data:`DEFAULT` is the configuration of the README's
table and of the figure ``detection_loss_curves``, :data:`QUICK` the small one of
``aptheory detection --quick`` and the notebook. The detection post-processing (pre-NMS
candidates, NMS threshold, detections kept) is SSD's and COCO's and the same for every loss.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from aptheory.core.validation import (
    check_int,
    check_int_range,
    check_nonnegative,
    check_positive,
    check_tuple,
)

__all__ = [
    "AP_RANKINGS",
    "DEFAULT",
    "IOU_THRESHOLDS",
    "LOSSES",
    "MAX_DETECTIONS",
    "NMS_IOU",
    "PRE_NMS_TOP_K",
    "VARIANTS",
    "PAPER_ORDER",
    "QUICK",
    "SUPPLEMENT_TABLE1",
    "Config",
    "TaskConfig",
    "TrainConfig",
    "loss_label",
]

IOU_THRESHOLDS: tuple[float, ...] = tuple(round(0.5 + 0.05 * k, 2) for k in range(10))

#: name -> human label, in the order of the supplement's Table 1 (focal gamma = 2 added).
#: Read-only (a mapping proxy): no module-level mutable state.
LOSSES: Mapping[str, str] = MappingProxyType(
    {
        "ce-ohem": "CE + OHEM (3:1)",
        "focal-g1": "Focal (gamma=1, alpha=0.25)",
        "focal-g2": "Focal (gamma=2, alpha=0.25)",
        "auc": "AUC-loss",
        "ap": "AP-loss",
    }
)

#: The supplement's Table 1 (SSD512, VOC2007 test): loss -> (AP, AP50, AP75) in percent.
SUPPLEMENT_TABLE1: Mapping[str, tuple[float, float, float]] = MappingProxyType(
    {
        "ce-ohem": (43.6, 76.0, 44.7),
        "focal-g1": (39.3, 69.9, 38.0),
        "auc": (33.8, 63.7, 31.5),
        "ap": (45.2, 77.3, 47.3),
    }
)

#: The ordering the supplement reports, best first.
PAPER_ORDER: tuple[str, ...] = ("ap", "ce-ohem", "focal-g1", "auc")

#: Where AP-loss ranks: all (anchor, class) pairs of the minibatch together (the main paper,
#: Sec. 3.4.1) or each image's pairs on their own (the AP-losses of the images averaged).
AP_RANKINGS: tuple[str, ...] = ("minibatch", "image")

#: Losses beside those of :data:`LOSSES` that a :class:`Config` may name: AP-loss ranked per
#: image (``aptheory detection --ranking image`` or ``both``).
VARIANTS: Mapping[str, str] = MappingProxyType({"ap-image": "AP-loss, per-image ranking"})

#: Detection post-processing (SSD's test settings, COCO's detection budget), every loss alike:
#: per image and class the ``PRE_NMS_TOP_K`` best-scored anchors are decoded, greedy NMS at
#: IoU ``NMS_IOU`` runs per class, and the ``MAX_DETECTIONS`` best detections of the image are
#: kept (COCO's maxDets = 100). No score threshold: the losses' scores live on different
#: scales (probabilities for CE, logits for focal, raw scores for the ranking losses).
PRE_NMS_TOP_K = 100
NMS_IOU = 0.45
MAX_DETECTIONS = 100


def loss_label(name: str) -> str:
    """The human label of a loss of :data:`LOSSES` or :data:`VARIANTS`; a user loss's
    ``MODULE:FUNCTION`` is its own label."""
    return LOSSES.get(name) or VARIANTS.get(name) or name


@dataclass(frozen=True)
class TaskConfig:
    """The synthetic dense-detection task (:mod:`aptheory.sections.detection`); fixed before
    any comparison.

    Validated on construction: ``ValueError``/``TypeError`` naming the field.
    """

    size: int = 96
    channels: int = 8
    n_classes: int = 5
    strides: tuple[int, ...] = (4, 8, 16)
    bases: tuple[int, ...] = (12, 24, 48)
    scales: tuple[float, ...] = (1.0, 2**0.5)
    ratios: tuple[float, ...] = (0.5, 1.0, 2.0)
    objects: tuple[int, int] = (1, 2)
    distractors: tuple[int, int] = (1, 3)
    jitter: float = 0.25
    pixel_noise: float = 1.0
    background_noise: float = 0.5
    background_cell: int = 8
    object_noise: float = 0.3
    positive_iou: float = 0.5
    negative_iou: float = 0.4

    def __post_init__(self) -> None:
        check_int(self.size, "size", 2)  # boxes are at least 2 pixels wide
        check_int(self.channels, "channels", 1)
        check_int(self.n_classes, "n_classes", 1)
        check_int(self.background_cell, "background_cell", 1)
        for name in ("strides", "bases"):
            for k, value in enumerate(check_tuple(getattr(self, name), name)):
                check_int(value, f"{name}[{k}]", 1)
        if len(self.bases) != len(self.strides):
            raise ValueError(
                f"bases must have one entry per stride ({len(self.strides)}), got {self.bases!r}"
            )
        if max(self.strides) > self.size:
            raise ValueError(f"strides must be <= size ({self.size}), got {self.strides!r}")
        for name in ("scales", "ratios"):
            for k, value in enumerate(check_tuple(getattr(self, name), name)):
                check_positive(value, f"{name}[{k}]")
        check_int_range(self.objects, "objects", 1)  # every image needs a positive anchor
        check_int_range(self.distractors, "distractors", 0)
        if self.distractors[1] > 0 and self.n_classes < 2:
            raise ValueError("n_classes must be >= 2 when there are distractors (two colours)")
        for name in ("jitter", "pixel_noise", "background_noise", "object_noise"):
            check_nonnegative(getattr(self, name), name)
        for name in ("negative_iou", "positive_iou"):
            check_nonnegative(getattr(self, name), name)
        if not 0.0 <= self.negative_iou <= self.positive_iou <= 1.0:
            raise ValueError(
                "negative_iou and positive_iou must satisfy 0 <= negative_iou <= positive_iou "
                f"<= 1, got negative_iou={self.negative_iou!r}, positive_iou={self.positive_iou!r}"
            )


@dataclass(frozen=True)
class TrainConfig:
    """Data sizes, optimiser and budget, the same for every loss.

    Validated on construction: ``ValueError``/``TypeError`` naming the field.
    """

    n_train: int = 120
    n_test: int = 40
    iterations: int = 300
    batch_size: int = 4
    learning_rate: float = 0.01
    evaluations: int = 7  # points of the AP-vs-iteration curve (including 0 and the end)
    #: Adam's step for the box regressor (the same for every classification loss): chosen by
    #: the regressed boxes' IoU alone (see :mod:`aptheory.sections.detection`).
    box_learning_rate: float = 0.003

    def __post_init__(self) -> None:
        for name in ("n_train", "n_test", "iterations", "batch_size", "evaluations"):
            check_int(getattr(self, name), name, 1)
        check_positive(self.learning_rate, "learning_rate")
        check_positive(self.box_learning_rate, "box_learning_rate")


@dataclass(frozen=True)
class Config:
    """One comparison: the task, the training budget and the losses.

    ``losses`` name losses of :data:`LOSSES` or :data:`VARIANTS`; ``user_losses`` are
    ``MODULE:FUNCTION`` specifications of users' classification losses
    (:func:`~.userloss.load_user_loss`), trained after them.
    """

    task: TaskConfig = field(default_factory=TaskConfig)
    train: TrainConfig = field(default_factory=TrainConfig)
    losses: tuple[str, ...] = tuple(LOSSES)
    name: str = "default"
    user_losses: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.task, TaskConfig):
            raise TypeError(f"task must be a TaskConfig, got {type(self.task).__name__}")
        if not isinstance(self.train, TrainConfig):
            raise TypeError(f"train must be a TrainConfig, got {type(self.train).__name__}")
        known = (*LOSSES, *VARIANTS)
        for loss in check_tuple(self.losses, "losses"):
            if loss not in known:
                raise ValueError(f"losses must name losses of {', '.join(known)}; got {loss!r}")
        if not isinstance(self.name, str):
            raise TypeError(f"name must be a str, got {type(self.name).__name__}")
        specs = self.user_losses
        if not isinstance(specs, tuple):
            raise TypeError(f"user_losses must be a tuple, got {type(specs).__name__}")
        for k, spec in enumerate(specs):
            if not isinstance(spec, str) or ":" not in spec.strip(":"):
                raise ValueError(f"user_losses[{k}] must be MODULE:FUNCTION (--loss), got {spec!r}")
        if len(set(specs)) != len(specs) or set(specs) & set(known):
            raise ValueError(f"user_losses (--loss) must be distinct loss names, got {specs!r}")
        if len(set(self.losses)) != len(self.losses):
            raise ValueError(f"losses must be distinct, got {self.losses!r}")

    @property
    def entries(self) -> tuple[str, ...]:
        """Every loss of the comparison, in order: ``losses`` then ``user_losses``."""
        return (*self.losses, *self.user_losses)


DEFAULT = Config()
QUICK = Config(
    train=TrainConfig(n_train=48, n_test=20, iterations=100, batch_size=4, evaluations=5),
    name="quick",
)
