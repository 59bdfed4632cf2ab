"""The only way a view reaches a journey."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from samenhier.journeys import policies
from samenhier.journeys.models import Journey
from samenhier.journeys.policies import Standing


def get_journey_for(user: Any, pk: int) -> tuple[Journey, Standing]:
    """The only way views reach a journey: 404 when the user takes no part in it."""
    journey = Journey.objects.select_related("household__city", "group__city").filter(pk=pk).first()
    if journey is None:
        raise Http404
    standing = policies.standing(user, journey)
    if not standing.any:
        raise Http404
    return journey, standing


def get_journey_where(user: Any, pk: int, rule: Any) -> tuple[Journey, Standing]:
    """As get_journey_for, then 403 when `rule(user, journey)` says no: they may know it
    exists, but not do this."""
    journey, standing = get_journey_for(user, pk)
    if not rule(user, journey):
        raise PermissionDenied
    return journey, standing
