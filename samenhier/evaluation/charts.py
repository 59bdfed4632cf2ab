"""Bar charts of the figures, as SVG for pages and PDFs (ARCHITECTURE.md: matplotlib on the
server, a text table beside every chart).

Text stays text in the SVG (fonttype none), so the browser shapes Arabic and a PDF keeps it
searchable; a fixed hash salt and no date keep the output the same for the same numbers.
"""

import base64
import hashlib
import json
from io import StringIO
from typing import Any

from django.core.cache import cache

from samenhier.svg import accessible_svg

# Colours with enough contrast on white for bars beside each other (blue, amber, green, grey).
COLOURS = ("#1f5f8b", "#7a4a00", "#2e6b30", "#5a5a5a")
BAR_SPACE = 0.8  # of each label's slot; the rest separates the labels
CACHE_SECONDS = 24 * 60 * 60
FONT_SIZE = 10  # points, as all sizes below
TICK_POINTS = 3.5  # matplotlib's tick length, and the gap between a tick and its label
LABEL_PAD = 4.0  # between the tick labels and the axis' own label
LEGEND_LINES = 2.4  # a legend row's height in lines of text, its padding included
EDGE = 6.0  # free space along the figure's edges
WIDER = 1.15


def bars_svg(
    *,
    title: str,
    description: str,
    labels: list[str],
    series: list[tuple[str, list[float | None]]],
    ylabel: str = "",
    horizontal: bool = False,
) -> str:
    """Bars for each label, one colour per series; a value of None draws no bar (the report
    leaves suppressed numbers out).

    Drawing takes a tenth of a second or more, and the same numbers give the same chart, so a
    chart is kept in the cache under a digest of everything drawn in it (nothing personal:
    labels and counts)."""
    drawing = [title, description, labels, series, ylabel, horizontal]
    key = (
        "evaluation-chart:" + hashlib.sha256(json.dumps(drawing, default=str).encode()).hexdigest()
    )
    svg = cache.get(key)
    if svg is None:
        svg = _draw(
            title=title,
            description=description,
            labels=labels,
            series=series,
            ylabel=ylabel,
            horizontal=horizontal,
        )
        cache.set(key, svg, CACHE_SECONDS)
    return str(svg)


def _draw(
    *,
    title: str,
    description: str,
    labels: list[str],
    series: list[tuple[str, list[float | None]]],
    ylabel: str = "",
    horizontal: bool = False,
) -> str:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    count = max(1, len(series))
    width = BAR_SPACE / count
    with matplotlib.rc_context(
        {"svg.fonttype": "none", "svg.hashsalt": "samenhier-figures", "font.size": FONT_SIZE}
    ):
        figure = Figure(figsize=figure_size(labels, horizontal=horizontal))
        axes = figure.subplots()
        slots = list(range(len(labels)))
        highest = 0.0
        for number, (name, values) in enumerate(series):
            offset = (number - (count - 1) / 2) * width
            places = [slot + offset for slot, v in zip(slots, values, strict=True) if v is not None]
            shown = [float(v) for v in values if v is not None]
            highest = max([highest, *shown])
            colour = COLOURS[number % len(COLOURS)]
            if horizontal:
                axes.barh(places, shown, height=width, color=colour, label=name)
            else:
                axes.bar(places, shown, width=width, color=colour, label=name)
        value_axis = axes.xaxis if horizontal else axes.yaxis
        value_axis.set_major_locator(
            MaxNLocator(integer=all(_whole(v) for _n, vs in series for v in vs))
        )
        if horizontal:
            axes.set_yticks(slots, labels)
            axes.invert_yaxis()
            axes.set_xlim(0, highest * 1.1 or 1)
            axes.set_xlabel(ylabel)
        else:
            axes.set_xticks(slots, labels)
            axes.set_ylim(0, highest * 1.1 or 1)
            axes.set_ylabel(ylabel)
        if len(series) > 1:
            axes.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=count, frameon=False)
        axes.spines[["top", "right"]].set_visible(False)
        locator, formatter = value_axis.get_major_locator(), value_axis.get_major_formatter()
        low, high = value_axis.get_view_interval()
        ticks = [t for t in locator() if low <= t <= high]
        figure.subplots_adjust(
            **_margins(
                figure.get_size_inches(),
                labels=labels,
                ticks=formatter.format_ticks(ticks),
                axis_label=ylabel,
                legend=len(series) > 1,
                horizontal=horizontal,
            )
        )
        buffer = StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return accessible_svg(buffer.getvalue(), title=title, description=description)


def figure_size(labels: list[str], *, horizontal: bool) -> tuple[float, float]:
    """Width and height in inches: a horizontal chart grows with its labels."""
    return (8, max(2.4, 0.45 * len(labels) + 1.2)) if horizontal else (8, 3.2)


def _margins(
    size: Any,
    *,
    labels: list[str],
    ticks: list[str],
    axis_label: str,
    legend: bool,
    horizontal: bool,
) -> dict[str, float]:
    """Room around the axes for the labels, worked out from the labels' widths (matplotlib's
    own layout engines draw the figure several times over to find it, which took most of the
    time of a chart)."""
    line = _text_size("Ág")[1]
    tick = 2 * TICK_POINTS  # the tick and the gap to its label
    titled = line + LABEL_PAD if axis_label else 0.0
    legend_space = LEGEND_LINES * line if legend else 0.0
    widest_tick = max((_text_size(t)[0] for t in ticks), default=0.0)
    if horizontal:
        left = max((_text_size(label)[0] for label in labels), default=0.0) + tick
        bottom = line + tick + titled
        right = widest_tick / 2
        top = legend_space
    else:
        left = widest_tick + tick + titled
        bottom = line + tick
        right = _text_size(labels[-1])[0] / 2 if labels else 0.0
        top = line / 2 + legend_space
    width, height = (float(inches) * 72 for inches in size)
    return {
        "left": (left + EDGE) / width,
        "right": 1 - (right + EDGE) / width,
        "bottom": (bottom + EDGE) / height,
        "top": 1 - (top + EDGE) / height,
    }


def _text_size(text: str) -> tuple[float, float]:
    """Width and height of a line of text in points, with room for a browser's font being a
    little wider than the one measured."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    found = text_to_path.get_text_width_height_descent(
        text, FontProperties(size=FONT_SIZE), ismath=False
    )
    return found[0] * WIDER, found[1] * WIDER


def _whole(value: float | None) -> bool:
    return value is None or float(value).is_integer()


def data_uri(svg: str) -> str:
    """For <img src=…>: the page's policy allows data: images, and an image's own styles do
    not touch the page (inline SVG would need the page to allow inline styles)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
