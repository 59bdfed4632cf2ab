"""Background work for groups."""

from datetime import timedelta

from django.db import transaction
from django.tasks import task, task_backends
from django.utils import timezone

from samenhier.network.geocoding import GeocoderUnavailable, geocoder

MAX_GEOCODE_ATTEMPTS = 6


def schedule_geocoding(member_id: int, attempt: int = 1) -> None:
    """Locate a member's address after the current transaction; retry with growing pauses."""

    def enqueue() -> None:
        if attempt == 1 or not task_backends[geocode_member.backend].supports_defer:
            geocode_member.enqueue(member_id, attempt)
        else:
            delay = timedelta(minutes=5 * 2 ** (attempt - 2))  # 5, 10, 20, 40, 80 minutes
            geocode_member.using(run_after=timezone.now() + delay).enqueue(member_id, attempt)

    transaction.on_commit(enqueue)


def locate_member(member_id: int) -> str:
    """Try once. Returns "located", "not_found", "unavailable" or "gone"."""
    from samenhier.groups.models import Member

    member = Member.objects.filter(pk=member_id).first()
    if member is None:
        return "gone"
    if member.location_source == "manual":
        return "located"  # a coordinator's hand-set location always wins
    try:
        point = geocoder().locate(member.address_query)
    except GeocoderUnavailable:
        return "unavailable"
    if point is None:
        Member.objects.filter(pk=member_id).update(location_source="not_found")
        return "not_found"
    Member.objects.filter(pk=member_id).exclude(location_source="manual").update(
        latitude=point.latitude, longitude=point.longitude, location_source="geocoder"
    )
    return "located"


@task
def geocode_member(member_id: int, attempt: int = 1) -> str:
    outcome = locate_member(member_id)
    if outcome == "unavailable" and attempt < MAX_GEOCODE_ATTEMPTS:
        schedule_geocoding(member_id, attempt + 1)
    return outcome
