"""Who may see and change cities and organisations."""

from typing import Any

from django.db.models import Q, QuerySet

from samenhier.accounts.scoping import city_ids_for, is_national_coordinator
from samenhier.network.models import City, Organisation


def cities_visible_to(user: Any) -> QuerySet[City]:
    if is_national_coordinator(user):
        return City.objects.all()
    return City.objects.filter(pk__in=city_ids_for(user))


def can_manage_network(user: Any) -> bool:
    """Create cities and organisations, and edit any of them."""
    return is_national_coordinator(user)


def can_edit_city(user: Any, city: City) -> bool:
    return is_national_coordinator(user)


def organisations_visible_to(user: Any) -> QuerySet[Organisation]:
    if is_national_coordinator(user):
        return Organisation.objects.all()
    cities = city_ids_for(user)
    if not cities:
        return Organisation.objects.none()
    return Organisation.objects.filter(Q(city__in=cities) | Q(city__isnull=True))


def can_edit_organisation(user: Any, organisation: Organisation) -> bool:
    return is_national_coordinator(user)
