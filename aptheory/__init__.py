"""aptheory: the theory of AP-Loss for one-stage object detection, as runnable, checked code."""

__version__ = "0.1.0"
