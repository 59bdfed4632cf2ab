from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from samenhier.network import policies, services
from samenhier.network.forms import (
    CityFilterForm,
    CityForm,
    OrganisationFilterForm,
    OrganisationForm,
    ProgrammeForm,
)
from samenhier.network.models import City, Organisation, Programme
from samenhier.web.http import AuthenticatedRequest
from samenhier.web.lists import Column, sorted_page

CITY_COLUMNS = [
    Column("name", gettext_lazy("City"), "name"),
    Column("partner", gettext_lazy("Local partner"), "local_partner__name"),
    Column("kinds", gettext_lazy("Group kinds")),
    Column("groups", gettext_lazy("Groups"), "group_count"),
    Column("households", gettext_lazy("Households"), "household_count"),
    Column("joined", gettext_lazy("Joined"), "joined_on"),
]
ORGANISATION_COLUMNS = [
    Column("name", gettext_lazy("Name"), "name"),
    Column("kind", gettext_lazy("Kind"), "kind"),
    Column("city", gettext_lazy("City"), "city__name"),
    Column("email", gettext_lazy("E-mail"), "email"),
]


def get_city_for(user: Any, slug: str) -> City:
    """The only way views reach a city: 404 when the user may not see it."""
    return get_object_or_404(policies.cities_visible_to(user), slug=slug)


@login_required
def city_list(request: AuthenticatedRequest) -> HttpResponse:
    if not policies.can_manage_network(request.user):
        raise PermissionDenied
    filters = CityFilterForm(request.GET or None)
    queryset = (
        policies.cities_visible_to(request.user)
        .select_related("local_partner")
        .annotate(
            group_count=Count("groups", distinct=True),
            household_count=Count("households", distinct=True),
        )
    )
    if filters.is_valid() and filters.cleaned_data.get("kind"):
        field = f"runs_{filters.cleaned_data['kind']}_groups"
        queryset = queryset.filter(**{field: True})
    listing = sorted_page(
        request,
        queryset,
        columns=CITY_COLUMNS,
        default_sort="name",
        search_fields=("name", "local_partner__name", "municipality__name"),
    )
    return render(request, "network/city_list.html", {"listing": listing, "filters": filters})


@login_required
def city_detail(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    city = get_city_for(request.user, slug)
    return render(
        request,
        "network/city_detail.html",
        {
            "city": city,
            "can_edit": policies.can_edit_city(request.user, city),
            "organisations": city.organisations.all(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def city_edit(request: AuthenticatedRequest, slug: str | None = None) -> HttpResponse:
    city = get_city_for(request.user, slug) if slug else City()
    allowed = (
        policies.can_edit_city(request.user, city)
        if slug
        else policies.can_manage_network(request.user)
    )
    if not allowed:
        raise PermissionDenied
    form = CityForm(request.POST or None, instance=city)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_city(actor=request.user, form=form)
        except services.StaleEdit as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(city)s has been saved.") % {"city": saved})
            return redirect("network:city_detail", slug=saved.slug)
    return render(request, "network/city_form.html", {"form": form, "city": city})


def get_organisation_for(user: Any, pk: int) -> Organisation:
    return get_object_or_404(policies.organisations_visible_to(user), pk=pk)


@login_required
def organisation_list(request: AuthenticatedRequest) -> HttpResponse:
    if not policies.can_manage_network(request.user):
        raise PermissionDenied
    filters = OrganisationFilterForm(request.GET or None)
    queryset = policies.organisations_visible_to(request.user).select_related("city")
    if filters.is_valid() and filters.cleaned_data.get("kind"):
        queryset = queryset.filter(kind=filters.cleaned_data["kind"])
    listing = sorted_page(
        request,
        queryset,
        columns=ORGANISATION_COLUMNS,
        default_sort="name",
        search_fields=("name", "email", "city__name"),
    )
    return render(
        request, "network/organisation_list.html", {"listing": listing, "filters": filters}
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    organisation = get_organisation_for(request.user, pk) if pk else Organisation()
    allowed = (
        policies.can_edit_organisation(request.user, organisation)
        if pk
        else policies.can_manage_network(request.user)
    )
    if not allowed:
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_organisation(actor=request.user, form=form)
        except services.StaleEdit as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s has been saved.") % {"name": saved})
            return redirect("network:organisation_list")
    return render(
        request, "network/organisation_form.html", {"form": form, "organisation": organisation}
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme(request: AuthenticatedRequest) -> HttpResponse:
    if not policies.can_manage_network(request.user):
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None, instance=Programme.current())
    if request.method == "POST" and form.is_valid():
        try:
            services.save_programme(actor=request.user, form=form)
        except services.StaleEdit as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The programme settings have been saved."))
            return redirect("network:programme")
    return render(request, "network/programme.html", {"form": form})
