"""The figures' dashboard for the coordinators and the municipality, and their export.

The dashboard shows exact numbers: its readers follow the cases anyway. The export leaves
the building, so it applies small-cell suppression (evaluation.suppression).
"""

from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from samenhier.evaluation import charts, policies
from samenhier.evaluation.figures import CityRow, Count, Figures, Filters, figures_for, with_cities
from samenhier.evaluation.forms_filters import FigureFilters
from samenhier.evaluation.suppression import shown, statistic
from samenhier.evaluation.vocabularies import month_count
from samenhier.network.models import GroupKind, Programme
from samenhier.web.exports import as_csv, as_xlsx
from samenhier.web.http import AuthenticatedRequest

FORMATS = {"csv": as_csv, "xlsx": as_xlsx}


def _filters_form(request: AuthenticatedRequest) -> FigureFilters:
    if not policies.can_view_figures(request.user):
        raise PermissionDenied
    form = FigureFilters(
        request.GET or None,
        cities=policies.figure_cities(request.user),
        network=policies.can_view_network_figures(request.user),
    )
    form.is_valid()
    if form.city_refused():
        # Another city's figures: whether it exists is none of the user's business.
        raise Http404
    return form


def _figures(form: FigureFilters, filters: Filters) -> tuple[Figures, list[CityRow]]:
    """The figures, with the table of cities when the whole network is shown."""
    if form.network and form.chosen_city() is None:
        return with_cities(filters)
    return figures_for(filters), []


def _words(counts: list[Count]) -> str:
    return "; ".join(f"{c.label}: {c.count}" for c in counts)


def _chart(key: str, title: str, alt: str, **drawing: Any) -> dict[str, Any]:
    svg = charts.bars_svg(title=title, **drawing)
    width, height = charts.figure_size(
        drawing["labels"], horizontal=drawing.get("horizontal", False)
    )
    return {
        "key": key,
        "title": title,
        "alt": f"{alt} {_('The same numbers are in the table beside it.')}",
        "src": charts.data_uri(svg),
        # CSS pixels of the drawing's inches, so the page keeps its place before it loads
        "width": round(width * 96),
        "height": round(height * 96),
    }


def _counts_chart(key: str, title: str, alt: str, name: str, counts: list[Count]) -> dict[str, Any]:
    return _chart(
        key,
        title,
        alt,
        description=_words(counts),
        labels=[c.label for c in counts],
        series=[(name, [c.count for c in counts])],
        horizontal=True,
    )


def dashboard_charts(figures: Figures) -> dict[str, dict[str, Any]]:
    """One chart per section, each with the same numbers in a table beside it."""
    found = [
        _counts_chart(
            "groups",
            _("Groups: how far they came"),
            _("Bar chart of the group funnel."),
            _("Groups"),
            figures.groups,
        ),
        _counts_chart(
            "households",
            _("Households: how far they came"),
            _("Bar chart of the household funnel."),
            _("Households"),
            figures.households,
        ),
        _chart(
            "contacts",
            _("Contacts per journey in each month after arrival"),
            _("Bar chart of the contacts per journey in each month of the year."),
            description="; ".join(
                _("month %(m)s: %(n)s") % {"m": m.month, "n": m.per_journey if m.journeys else "—"}
                for m in figures.contacts
            ),
            labels=[str(m.month) for m in figures.contacts],
            series=[(_("Contacts per journey"), [m.per_journey for m in figures.contacts])],
            ylabel=_("Contacts per journey"),
        ),
        _counts_chart(
            "signals",
            _("Open signals per topic"),
            _("Bar chart of the open signals per topic."),
            _("Open signals"),
            figures.open_signals,
        ),
    ]
    if figures.indicators:
        moments = [(month_count(m.months), m.language_levels) for m in figures.indicators]
        found.append(
            _chart(
                "language",
                _("Language levels at each evaluation moment"),
                _("Bar chart of the language levels per evaluation moment."),
                description="; ".join(f"{name}: {_words(levels)}" for name, levels in moments),
                labels=[c.label for c in moments[0][1]],
                series=[(name, [float(c.count) for c in levels]) for name, levels in moments],
                ylabel=_("Newcomers"),
            )
        )
    return {c["key"]: c for c in found}


def indicator_rows(figures: Figures) -> list[dict[str, Any]]:
    """The indicators as table rows: one per scale value, columns the evaluation moments."""
    moments = figures.indicators
    if not moments:
        return []
    rows: list[dict[str, Any]] = []
    scales = (
        (_("Language"), [m.language_levels for m in moments]),
        (_("Civic integration"), [m.integration for m in moments]),
        (_("Work or study"), [m.work_study for m in moments]),
    )
    for name, per_moment in scales:
        for index, item in enumerate(per_moment[0]):
            rows.append(
                {
                    "label": f"{name}: {item.label}",
                    "values": [counts[index].count for counts in per_moment],
                }
            )
    rows.append(
        {"label": _("Wellbeing, mean (1 to 5)"), "values": [m.wellbeing_mean for m in moments]}
    )
    rows.append(
        {"label": _("Wellbeing, answers"), "values": [m.wellbeing_answers for m in moments]}
    )
    rows.append(
        {"label": _("Social network, median"), "values": [m.network_median for m in moments]}
    )
    rows.append(
        {"label": _("Social network, answers"), "values": [m.network_answers for m in moments]}
    )
    return rows


def _moments_url(user: object) -> str | None:
    # Municipality officers see the figures but do not follow up moments.
    return reverse("evaluation:moments") if policies.can_follow_moments(user) else None


@login_required
@require_safe
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    form = _filters_form(request)
    figures, rows = _figures(form, form.filters())
    return render(
        request,
        "evaluation/dashboard/dashboard.html",
        {
            "form": form,
            "figures": figures,
            "charts": dashboard_charts(figures),
            "indicator_rows": indicator_rows(figures),
            "city_rows": rows,
            "city": form.chosen_city(),
            "network": form.network,
            "moments_url": _moments_url(request.user),
            "questionnaires": policies.can_add_question_texts(request.user),
            "query": request.GET.urlencode(),
        },
    )


def export_rows(figures: Figures, rows: list[CityRow], threshold: int) -> Iterator[list[Any]]:
    """(section, item, value) rows, counts below the threshold as "fewer than N" and
    statistics over fewer than N units left empty."""

    def count(n: int) -> int | str | None:
        return shown(n, threshold)

    for c in figures.groups:
        yield [_("Groups"), c.label, count(c.count)]
    yield [_("Groups"), _("Members of matched groups"), count(figures.members)]
    for c in figures.households:
        yield [_("Households"), c.label, count(c.count)]
    yield [_("Households"), _("Newcomers in households that arrived"), count(figures.newcomers)]
    arrival = figures.referral_to_arrival
    section = _("Days from referral to arrival")
    yield [section, _("Journeys"), count(arrival.journeys)]
    yield [section, _("Median"), statistic(arrival.median_days, arrival.journeys, threshold)]
    yield [section, _("90th percentile"), statistic(arrival.p90_days, arrival.journeys, threshold)]
    for m in figures.contacts:
        section = _("Contacts in month %(m)s after arrival") % {"m": m.month}
        yield [section, _("Journeys that reached it"), count(m.journeys)]
        yield [section, _("Contacts"), count(m.contacts)]
        rate = statistic(m.per_journey, m.journeys, threshold)
        yield [section, _("Contacts per journey"), rate if m.contacts >= threshold else None]
    for moment in figures.indicators:
        section = ngettext(
            "Indicators at %(months)s month", "Indicators at %(months)s months", moment.months
        ) % {"months": moment.months}
        yield [section, _("Recorded"), count(moment.recorded)]
        for scale in (moment.language_levels, moment.integration, moment.work_study):
            for c in scale:
                value = count(c.count) if moment.recorded >= threshold else None
                yield [section, c.label, value]
        wellbeing = statistic(moment.wellbeing_mean, moment.wellbeing_answers, threshold)
        yield [section, _("Wellbeing, mean (1 to 5)"), wellbeing]
        network = statistic(moment.network_median, moment.network_answers, threshold)
        yield [section, _("Social network, median"), network]
    for c in figures.open_signals:
        yield [_("Open signals"), c.label, count(c.count)]
    yield [_("Evaluation moments"), _("Overdue"), count(figures.overdue_moments)]
    for row in rows:
        section = _("City: %(name)s") % {"name": row.name}
        yield [section, _("Groups matched"), count(row.groups_matched)]
        yield [section, _("Members of matched groups"), count(row.members)]
        yield [section, _("Households arrived"), count(row.households_arrived)]
        yield [section, _("Newcomers in households that arrived"), count(row.newcomers)]
        median = statistic(row.median_days, row.arrivals_measured, threshold)
        yield [section, _("Median days from referral to arrival"), median]
        yield [section, _("Open signals"), count(row.open_signals)]


@login_required
@require_safe
def export(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    form = _filters_form(request)
    filters = form.filters()
    figures, rows = _figures(form, filters)
    threshold = Programme.current().report_min_count
    city = form.chosen_city()
    everywhere = _("The whole network") if form.network else _("All my cities")
    kind = str(GroupKind(filters.group_kind).label) if filters.group_kind else _("Both kinds")
    head: list[list[Any]] = [
        [_("Filters"), _("City"), city.name if city else everywhere],
        [_("Filters"), _("Year"), filters.year or _("Every year")],
        [_("Filters"), _("Group kind"), kind],
        [_("Filters"), _("Counts below this are shown as “fewer than”"), threshold],
    ]
    body = export_rows(figures, rows, threshold)
    return FORMATS[fmt]("samenhier-figures", [_("Section"), _("Item"), _("Value")], [*head, *body])


urlpatterns: list[URLPattern] = [
    path("", dashboard, name="dashboard"),
    path("export.<str:fmt>", export, name="export"),
]
