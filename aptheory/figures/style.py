"""The one figure style of the package: palette, sizes (slide and paper), fonts, legends.

Every figure of :mod:`aptheory.sections` is drawn on a :class:`StyledFigure` made by
:func:`styled_figure`: a ``matplotlib.figure.Figure`` (no pyplot, no global backend) that
carries the rc parameters of its :class:`Preset` and applies them whenever it is drawn or
saved, so the global ``matplotlib.rcParams`` are never changed and a notebook's own settings
do not leak in. In Jupyter it shows itself inline (``_repr_png_``) with or without
``%matplotlib inline``.

The rules it enforces (``tests/test_figures.py`` checks them on every figure):

- colours from the Okabe-Ito palette (:data:`PALETTE`), safe for the common colour-vision
  deficiencies; a measured quantity and its bound differ in colour *and* line style, and no
  figure sets red against green;
- mathematical notation in mathtext (``$\\theta_1$``, ``$\\tilde H$``, ``$\\delta$``);
- every text at least :data:`MIN_FONT_SIZE` points at the saved size;
- legends outside the data (:func:`figure_legend`: right of the panels on a slide, below them
  in a paper column);
- every axes labelled, except pictures marked with :func:`picture_axes`;
- two sizes, :data:`SLIDE` (16:9, 10 x 5.625 in, the committed PNGs at 160 dpi: 1600 x 900
  pixels) and :data:`PAPER` (one column, 3.5 in wide, panels stacked).
"""

from __future__ import annotations

import contextlib
import io
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, cast

import matplotlib as mpl
from cycler import cycler
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend import Legend

if TYPE_CHECKING:
    from matplotlib.typing import LegendLocType, RcKeyType

__all__ = [
    "CYCLE",
    "MIN_FONT_SIZE",
    "PALETTE",
    "PAPER",
    "PICTURE",
    "PRESETS",
    "SLIDE",
    "Palette",
    "Preset",
    "StyledFigure",
    "figure_legend",
    "figure_style",
    "get_preset",
    "number",
    "panel_axes",
    "picture_axes",
    "rc_params",
    "scientific",
    "styled_figure",
]

#: The smallest font size (points, at the saved size) of any text in a figure.
MIN_FONT_SIZE = 9.0

#: The ``gid`` of an axes that shows a picture (no axes to label): see :func:`picture_axes`.
PICTURE = "aptheory-picture"


@dataclass(frozen=True)
class Palette:
    """The Okabe-Ito colours (Okabe and Ito, *Color Universal Design*, 2008), plus a grey.

    Distinguishable with the common colour-vision deficiencies and in greyscale by lightness
    (``yellow`` and ``sky`` light, ``blue`` and ``vermillion`` dark); ``blue`` against
    ``orange`` is the package's main contrast (positive / negative, escape / stall).
    """

    black: str = "#000000"
    orange: str = "#E69F00"
    sky: str = "#56B4E9"
    green: str = "#009E73"
    yellow: str = "#F0E442"
    blue: str = "#0072B2"
    vermillion: str = "#D55E00"
    purple: str = "#CC79A7"
    grey: str = "#7F7F7F"
    light_grey: str = "#D9D9D9"


PALETTE = Palette()

#: The default colour cycle: dark and light colours alternate.
CYCLE: tuple[str, ...] = (
    PALETTE.blue,
    PALETTE.orange,
    PALETTE.green,
    PALETTE.vermillion,
    PALETTE.purple,
    PALETTE.sky,
    PALETTE.black,
    PALETTE.yellow,
)


@dataclass(frozen=True)
class Preset:
    """A figure size with its fonts and line widths.

    Attributes
    ----------
    name : str
        ``"slide"`` or ``"paper"``.
    width, height : float
        Inches. ``height`` is the whole figure on a slide and one panel on paper (paper
        stacks the panels of a figure in one column, :func:`panel_axes`).
    dpi : int
        Pixels per inch of saved PNGs (and of images inside PDF and SVG files).
    screen_dpi : int
        Pixels per inch of the inline image in Jupyter.
    font_size, small_size : float
        Points: axis labels and titles; tick labels, legends and annotations.
    line_width, marker_size : float
        Points: default line width and marker size.
    stacked : bool
        Panels in one column (paper) instead of one row (slide).
    legend_where : {"right", "below"}
        Where :func:`figure_legend` puts the legend by default.
    """

    name: str
    width: float
    height: float
    dpi: int
    screen_dpi: int
    font_size: float
    small_size: float
    line_width: float
    marker_size: float
    stacked: bool
    legend_where: Literal["right", "below"]

    def __post_init__(self) -> None:
        if min(self.font_size, self.small_size) < MIN_FONT_SIZE:
            raise ValueError(f"font sizes of preset {self.name!r} must be >= {MIN_FONT_SIZE}")


#: A 16:9 slide (10 x 5.625 in, the size of a 16:9 slide in most presentation programs);
#: the committed PNGs use it at 160 dpi (1600 x 900 pixels).
SLIDE = Preset(
    name="slide",
    width=10.0,
    height=5.625,
    dpi=160,
    screen_dpi=100,
    font_size=14.0,
    small_size=12.0,
    line_width=2.0,
    marker_size=7.0,
    stacked=False,
    legend_where="right",
)

#: One column of a two-column paper (3.5 in wide), 2.6 in per panel, at 300 dpi.
PAPER = Preset(
    name="paper",
    width=3.5,
    height=2.6,
    dpi=300,
    screen_dpi=200,
    font_size=10.0,
    small_size=9.0,
    line_width=1.2,
    marker_size=4.0,
    stacked=True,
    legend_where="below",
)

PRESETS: Mapping[str, Preset] = MappingProxyType({"slide": SLIDE, "paper": PAPER})


def get_preset(preset: str | Preset) -> Preset:
    """The :class:`Preset` named ``preset`` (``"slide"`` or ``"paper"``), or ``preset`` itself.

    Raises
    ------
    ValueError
        If ``preset`` names no preset.
    TypeError
        If ``preset`` is neither a name nor a :class:`Preset`.
    """
    if isinstance(preset, Preset):
        return preset
    if not isinstance(preset, str):
        raise TypeError(f"preset must be a preset name or a Preset, got {type(preset).__name__}")
    try:
        return PRESETS[preset]
    except KeyError:
        raise ValueError(f"preset must be one of {', '.join(PRESETS)}, got {preset!r}") from None


def rc_params(preset: str | Preset = "slide") -> dict[RcKeyType, Any]:
    """The matplotlib rc parameters of ``preset``: fonts, palette, lines, deterministic output."""
    p = get_preset(preset)
    return {
        "font.family": "DejaVu Sans",
        "mathtext.fontset": "dejavusans",
        "font.size": p.font_size,
        "axes.titlesize": p.font_size,
        "axes.labelsize": p.font_size,
        "figure.titlesize": p.font_size,
        "xtick.labelsize": p.small_size,
        "ytick.labelsize": p.small_size,
        "legend.fontsize": p.small_size,
        "legend.title_fontsize": p.small_size,
        "legend.frameon": False,
        "legend.handlelength": 2.4,
        "axes.prop_cycle": cycler(color=CYCLE),
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.formatter.use_mathtext": True,
        "axes.titlelocation": "left",
        "axes.titlepad": 0.6 * p.small_size,
        "grid.color": PALETTE.light_grey,
        "grid.linewidth": 0.6 * p.line_width,
        "lines.linewidth": p.line_width,
        "lines.markersize": p.marker_size,
        "hatch.linewidth": 0.5 * p.line_width,
        "image.cmap": "cividis",
        "figure.facecolor": "white",
        "savefig.facecolor": "white",
        "figure.constrained_layout.h_pad": 0.06,
        "figure.constrained_layout.w_pad": 0.06,
        "pdf.fonttype": 42,  # TrueType, not Type 3: what journals ask for
        "svg.fonttype": "path",
        "svg.hashsalt": "aptheory",  # fixed ids: the same SVG bytes on every run
    }


@contextlib.contextmanager
def figure_style(preset: str | Preset = "slide") -> Iterator[Preset]:
    """Apply the rc parameters of ``preset`` inside the ``with`` block; yield the preset.

    For figures not made by :func:`styled_figure` (pyplot figures, for example); the global
    ``rcParams`` are restored on exit.
    """
    p = get_preset(preset)
    with mpl.rc_context(rc_params(p)):
        yield p


class StyledFigure(Figure):
    """A ``Figure`` that draws and saves with the rc parameters of its preset.

    ``preset`` is the :class:`Preset`. In Jupyter the figure displays itself inline as a PNG at
    ``preset.screen_dpi``, whatever the backend (``_repr_png_``).
    """

    def __init__(self, preset: str | Preset = "slide", *, height: float | None = None) -> None:
        p = get_preset(preset)
        self.preset = p
        self._style_rc = rc_params(p)
        with mpl.rc_context(self._style_rc):
            super().__init__(
                figsize=(p.width, p.height if height is None else height),
                dpi=p.dpi,
                layout="constrained",
            )

    def draw(self, renderer: Any) -> None:
        with mpl.rc_context(self._style_rc):
            super().draw(renderer)

    def savefig(self, fname: Any, **kwargs: Any) -> None:
        with mpl.rc_context(self._style_rc):
            super().savefig(fname, **kwargs)

    def _repr_png_(self) -> bytes:
        buf = io.BytesIO()
        self.savefig(buf, format="png", dpi=self.preset.screen_dpi, metadata={"Software": None})
        return buf.getvalue()


@contextlib.contextmanager
def styled_figure(
    preset: str | Preset = "slide", *, panels: int = 1, extra_height: float = 0.0
) -> Iterator[StyledFigure]:
    """A new :class:`StyledFigure`, with the preset's rc parameters applied inside the block.

    Parameters
    ----------
    preset : {"slide", "paper"} or Preset
        The size. A slide is always 16:9.
    panels : int
        Number of panels (paper stacks them: the figure is ``panels`` panel heights tall).
    extra_height : float
        Inches added on paper for a legend below the panels (ignored on a slide).
    """
    p = get_preset(preset)
    if not isinstance(panels, int) or isinstance(panels, bool) or panels < 1:
        raise ValueError(f"panels must be an integer >= 1, got {panels!r}")
    if not isinstance(extra_height, int | float) or not 0 <= extra_height < 20:
        raise ValueError(
            f"extra_height must be a number of inches in [0, 20), got {extra_height!r}"
        )
    height = p.height * panels + extra_height if p.stacked else p.height
    with mpl.rc_context(rc_params(p)):
        yield StyledFigure(p, height=height)


def panel_axes(
    fig: StyledFigure, n: int = 1, *, ratios: Sequence[float] | None = None, **kwargs: Any
) -> list[Axes]:
    """``n`` panels of ``fig``: one row on a slide, one column on paper.

    ``ratios`` are the relative panel widths (slide) or heights (paper); ``kwargs`` go to
    ``Figure.subplots`` (``sharex``, ``sharey``, ...).
    """
    stacked = fig.preset.stacked
    shape = (n, 1) if stacked else (1, n)
    if ratios is not None:
        kwargs["height_ratios" if stacked else "width_ratios"] = list(ratios)
    axes = fig.subplots(*shape, squeeze=False, **kwargs)
    return list(axes.ravel())


def figure_legend(
    fig: Figure,
    handles: Sequence[Artist] | None = None,
    labels: Sequence[str] | None = None,
    *,
    where: Literal["right", "below"] | None = None,
    ncols: int | None = None,
    **kwargs: Any,
) -> Legend:
    """One legend for the whole figure, outside every axes (constrained layout makes room).

    Without ``handles``, the labelled artists of all axes are collected in order and a label
    seen before is skipped (the same series in two panels is listed once). ``where`` is
    ``"right"`` or ``"below"`` (default: the preset's ``legend_where``); ``ncols`` defaults
    to 1, or up to 3 below a slide. A paper column has room for one column only: callers
    pass ``ncols`` for slides alone.
    """
    if handles is None:
        found: dict[str, Artist] = {}
        for ax in fig.axes:
            for h, lab in zip(*ax.get_legend_handles_labels(), strict=True):
                found.setdefault(lab, h)
        handles, labels = list(found.values()), list(found)
    elif labels is None:
        # Artist.set_label stores str(label), or None, which the legend draws as empty text
        # (get_label is typed ``object`` in matplotlib's stubs, labels as Iterable[str])
        labels = [cast(str, h.get_label()) for h in handles]
    preset = getattr(fig, "preset", SLIDE)
    where = where or preset.legend_where
    loc: LegendLocType
    if where == "right":
        loc, cols = "outside right upper", 1
    elif where == "below":
        loc, cols = "outside lower center", 1 if preset.stacked else min(len(handles), 3)
    else:
        raise ValueError(f"where must be 'right' or 'below', got {where!r}")
    return fig.legend(handles, labels, loc=loc, ncols=ncols or cols, **kwargs)


def number(value: float, spec: str = "g") -> str:
    """``format(value, spec)`` with a true minus sign (U+2212), as on matplotlib's ticks."""
    return format(value, spec).replace("-", "\N{MINUS SIGN}")


def scientific(value: float, digits: int = 2) -> str:
    """``value`` in mathtext with ``digits`` significant digits: plain for 0.01 <= |value| <
    10^4 (``$790$``, ``$0.50$``), else m x 10^e (``$8.6 \\times 10^{6}$``)."""
    if value == 0:
        return "$0$"
    exponent = math.floor(math.log10(abs(value)))
    if -2 <= exponent < 4:
        return (
            f"${number(round(value, digits - 1 - exponent), f'.{max(digits - 1 - exponent, 0)}f')}$"
        )
    mantissa, exp = f"{value:.{digits - 1}e}".split("e")
    return f"${number(float(mantissa), f'.{digits - 1}f')} \\times 10^{{{int(exp)}}}$"


def picture_axes(ax: Axes) -> Axes:
    """Mark ``ax`` as a picture (an image with no axes to label): no ticks, gid :data:`PICTURE`.

    The figure tests exempt such axes from the rule that every axes has x and y labels.
    """
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_gid(PICTURE)
    return ax
