"""The forms of the impact report: a new report, and its words and period."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samenhier.journeys.forms_appointments import VersionField
from samenhier.network.models import City
from samenhier.web.forms import choice_field

NETWORK = "network"
# A period outside these years is a typing error, and would overflow time zone arithmetic.
FIRST_YEAR, LAST_YEAR = 2000, 2100
RECOMMENDATIONS_MAX_LENGTH = 20_000


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class ReportForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    period_start = _date_field(_("From"))
    period_end = _date_field(_("Until"))
    recommendations = forms.CharField(
        label=_("Recommendations"),
        required=False,
        max_length=RECOMMENDATIONS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Your own conclusions and recommendations, shown as written. Leave out names: the "
            "report is meant to be shared."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        for name in ("period_start", "period_end"):
            value = data.get(name)
            if isinstance(value, date) and not FIRST_YEAR <= value.year <= LAST_YEAR:
                self.add_error(
                    name,
                    ValidationError(
                        _("Choose a date between %(first)s and %(last)s."),
                        params={"first": FIRST_YEAR, "last": LAST_YEAR},
                    ),
                )
        if isinstance(start, date) and isinstance(end, date) and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return data


class NewReportForm(ReportForm):
    """Which cities a report may be about is the policy's: the view passes them in."""

    city = forms.ChoiceField(label=_("For"))

    field_order = ["city", "title", "period_start", "period_end", "recommendations"]

    def __init__(self, *args: Any, cities: list[City], network: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = []
        if network:
            choices.append((NETWORK, _("The whole network")))
        choices += [(str(city.pk), city.name) for city in cities]
        choice_field(self, "city").choices = choices
        self._cities = {str(city.pk): city for city in cities}

    def chosen_city(self) -> City | None:
        """The chosen city, or None for the whole network."""
        return self._cities.get(self.cleaned_data["city"])


class EditReportForm(ReportForm):
    version = VersionField()
