"""What an impact report shows, worked out when it is shown (decision 0008): the key figures,
the charts and their tables, the experiences per audience, the quotes and the coordinator's
recommendations.

Everything numeric goes through `suppression.suppress` first, and the charts are drawn from
the suppressed numbers, so a chart can never show what its table hides.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from samenhier.evaluation.charts import COLOURS, bars_svg, data_uri
from samenhier.evaluation.figures import Filters, figures_for
from samenhier.evaluation.models import ImpactReport
from samenhier.evaluation.quotes import Experience, Quote, experiences, quotes_for
from samenhier.evaluation.suppression import Distribution, Suppressed, suppress
from samenhier.evaluation.texts import direction_of
from samenhier.evaluation.vocabularies import month_count
from samenhier.network.models import Programme


@dataclass(frozen=True)
class Bar:
    """One bar of a chart as HTML draws it in the PDF."""

    label: str
    series: str  # empty when the chart has one series
    value: float | None  # None: left out (too few)
    share: float  # of the longest bar, in percent
    colour: str


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    image: str  # a data: address for <img>, the SVG inside
    # The same bars for the PDF: WeasyPrint draws SVG text letter by letter, left to right,
    # which breaks Arabic apart; text in HTML it shapes and orders correctly.
    bars: tuple[Bar, ...] = ()


def html_bars(labels: list[str], series: list[tuple[str, list[float | None]]]) -> tuple[Bar, ...]:
    longest = max((v for _name, values in series for v in values if v), default=0) or 1
    return tuple(
        Bar(
            label=label,
            series=name if len(series) > 1 else "",
            value=values[index],
            share=round(100 * (values[index] or 0) / longest, 1),
            colour=COLOURS[number % len(COLOURS)],
        )
        for index, label in enumerate(labels)
        for number, (name, values) in enumerate(series)
    )


@dataclass(frozen=True)
class ReportData:
    report: ImpactReport
    scope: str  # the city's name, or "the whole network"
    start: date
    end: date
    threshold: int
    figures: Suppressed
    key_figures: list["KeyFigure"]
    scales: list[tuple[str, list[tuple[int, Distribution]]]]  # caption, (months, spread)
    charts: dict[str, Chart]
    experiences: list[Experience]
    quotes: list[Quote]
    recommendations: list[tuple[str, str]]  # paragraphs as written, each with its direction
    rendered_at: datetime


def filters_of(report: ImpactReport) -> Filters:
    return Filters(
        city_ids=(report.city_id,) if report.city_id else None,
        start=report.period_start,
        end=report.period_end,
    )


def paragraphs(text: str) -> list[tuple[str, str]]:
    """The recommendations as paragraphs (blank lines separate them; escaped when shown), each
    with the direction it is written in: a Dutch text in an Arabic report stays left to right."""
    blocks = text.replace("\r\n", "\n").replace("\r", "\n").split("\n\n")
    return [(block.strip(), direction_of(block)) for block in blocks if block.strip()]


def report_data(report: ImpactReport) -> ReportData:
    threshold = Programme.current().report_min_count
    filters = filters_of(report)
    figures = suppress(figures_for(filters, follow_up=False), threshold)
    return ReportData(
        report=report,
        scope=report.city.name if report.city else _("the whole network"),
        start=report.period_start,
        end=report.period_end,
        threshold=threshold,
        figures=figures,
        key_figures=key_figures(figures),
        scales=scales(figures),
        charts=charts(figures),
        experiences=experiences(filters, threshold),
        quotes=quotes_for(filters, str(report.pk)),
        recommendations=paragraphs(report.recommendations),
        rendered_at=timezone.now(),
    )


def scales(figures: Suppressed) -> list[tuple[str, list[tuple[int, Distribution]]]]:
    rows = figures.indicators
    if not rows:
        return []
    return [
        (_("Language level"), [(r.months, r.language_levels) for r in rows]),
        (_("Civic integration"), [(r.months, r.integration) for r in rows]),
        (_("Work or study"), [(r.months, r.work_study) for r in rows]),
    ]


def _chart(key: str, title: str, **drawing: Any) -> Chart | None:
    if not any(value for _name, values in drawing["series"] for value in values):
        return None
    description = _(
        "%(title)s. The same numbers are in the table below; a bar that is left out stands "
        "for a number too small to show."
    ) % {"title": title}
    svg = bars_svg(title=title, description=description, **drawing)
    bars = html_bars(drawing["labels"], drawing["series"])
    return Chart(key=key, title=title, image=data_uri(svg), bars=bars)


def charts(figures: Suppressed) -> dict[str, Chart]:
    """The report's charts, from the suppressed numbers only. A chart whose every number is
    left out is not drawn: its table says "fewer than" where an empty frame would say nothing."""
    drawn: dict[str, Chart | None] = {}
    if figures.groups:
        drawn["groups"] = _chart(
            "groups",
            _("Groups per step"),
            labels=[str(c.label) for c in figures.groups],
            series=[(_("Groups"), [c.value for c in figures.groups])],
            horizontal=True,
        )
    if figures.households:
        drawn["households"] = _chart(
            "households",
            _("Households per step"),
            labels=[str(c.label) for c in figures.households],
            series=[(_("Households"), [c.value for c in figures.households])],
            horizontal=True,
        )
    if any(row.journeys.count for row in figures.contacts):
        drawn["contacts"] = _chart(
            "contacts",
            _("Contacts per journey in each month after arrival"),
            labels=[str(row.month) for row in figures.contacts],
            series=[(_("Contacts per journey"), [row.per_journey for row in figures.contacts])],
            ylabel=_("Contacts per journey"),
        )
    moments = [row for row in figures.indicators if row.language_levels.parts]
    if moments:
        levels = moments[0].language_levels.parts
        drawn["language"] = _chart(
            "language",
            _("Language level at each evaluation moment"),
            labels=[month_count(row.months) for row in moments],
            series=[
                (
                    str(level.label),
                    [_part(row.language_levels.parts, level.key) for row in moments],
                )
                for level in levels
                if level.key
            ],
            ylabel=_("Newcomers"),
        )
    return {key: chart for key, chart in drawn.items() if chart is not None}


def _part(parts: list[Any], key: str) -> float | None:
    part = _step(parts, key)
    return part.value if part is not None else None


@dataclass(frozen=True)
class KeyFigure:
    label: str
    text: str


def _step(cells: list[Any], key: str) -> Any:
    return next((c for c in cells if c.key == key), None)


def key_figures(figures: Suppressed) -> list[KeyFigure]:
    """The numbers at the top of the report, as shown (suppressed)."""
    left_out = _("left out (too few)") if figures.arrivals.count else _("no arrivals yet")
    days = _("%(days)s days")
    rows: list[tuple[str, Any]] = [
        (_("Groups registered"), _step(figures.groups, "registered")),
        (_("Groups matched"), _step(figures.groups, "matched")),
        (_("Members of matched groups"), figures.members),
        (_("Households referred"), _step(figures.households, "referred")),
        (_("Households arrived"), _step(figures.households, "arrived")),
        (_("Newcomers arrived (people)"), figures.newcomers),
    ]
    shown = [KeyFigure(label, cell.text) for label, cell in rows if cell is not None]
    median, p90 = figures.median_days, figures.p90_days
    shown += [
        KeyFigure(
            _("Time from referral to arrival, median"),
            days % {"days": _number(median)} if median is not None else left_out,
        ),
        KeyFigure(
            _("Time from referral to arrival, 90th percentile"),
            days % {"days": _number(p90)} if p90 is not None else left_out,
        ),
        KeyFigure(
            _("Contacts per journey per month"),
            _number(figures.contacts_per_month)
            if figures.contacts_per_month is not None
            else left_out,
        ),
    ]
    return shown


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(number_format(value, decimal_pos=0 if float(value).is_integer() else 1))
