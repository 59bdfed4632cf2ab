"""The filters of the dashboards and the export: city, year and group kind."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenhier.evaluation.figures import Filters
from samenhier.network.models import City, GroupKind

FIRST_YEAR = 2015  # the programme's pilots began after it; older years hold nothing


def years() -> list[tuple[str, str]]:
    return [(str(y), str(y)) for y in range(timezone.localdate().year, FIRST_YEAR - 1, -1)]


class FigureFilters(forms.Form):
    city = forms.ModelChoiceField(
        label=_("City"), queryset=City.objects.none(), required=False, to_field_name="slug"
    )
    year = forms.TypedChoiceField(
        label=_("Year"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    group_kind = forms.ChoiceField(label=_("Group kind"), required=False)

    def __init__(self, *args: Any, cities: QuerySet[City], network: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cities = cities
        self.network = network
        city = self.fields["city"]
        assert isinstance(city, forms.ModelChoiceField)
        city.queryset = cities.order_by("name")
        city.empty_label = str(_("The whole network") if network else _("All my cities"))
        year = self.fields["year"]
        assert isinstance(year, forms.TypedChoiceField)
        year.choices = [("", _("Every year")), *years()]
        kind = self.fields["group_kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", _("Both kinds")), *GroupKind.choices]

    def city_refused(self) -> bool:
        """A city was asked for that the user may not see (or that does not exist)."""
        return bool(self.data.get("city")) and "city" in self.errors

    def filters(self) -> Filters:
        """The filters to apply; a field with a bad value is left out."""
        chosen = self._chosen()
        city: City | None = chosen.get("city")
        if city is not None:
            city_ids: tuple[int, ...] | None = (city.pk,)
        elif self.network:
            city_ids = None
        else:
            city_ids = tuple(c.pk for c in self.cities)
        return Filters(
            city_ids=city_ids, year=chosen.get("year"), group_kind=chosen.get("group_kind") or ""
        )

    def chosen_city(self) -> City | None:
        city = self._chosen().get("city")
        return city if isinstance(city, City) else None

    def _chosen(self) -> dict[str, Any]:
        """The values given and good: Django leaves a field with a bad value out of
        cleaned_data."""
        if not self.is_bound:
            return {}
        self.is_valid()  # cleans the form once
        return self.cleaned_data
