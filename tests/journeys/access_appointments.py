"""Who may open the appointments' pages and the calendar addresses (see tests/access_matrix.py).

Everyone who takes part sees the appointments; those who carry a part of the year plan them
(not reception, not the newcomer); the newcomer chooses company (with the community builder
and the coordinators); a calendar address is its owner's.
"""

from datetime import timedelta
from typing import Any

from tests.access_matrix_rows import (
    BUILDER,
    CONTACT,
    IN_JOURNEY,
    LOCAL,
    MEMBER,
    NATIONAL,
    NEWCOMER,
    NOT_IN_JOURNEY,
    OFFICER,
    OTHER_MEMBER,
    RECEPTION,
    SOCIAL,
    Row,
    journey_pk,
)

PLANNERS = (NATIONAL, LOCAL, BUILDER, OFFICER, SOCIAL, MEMBER)


def _appointment(cast: Any) -> dict[str, int]:
    from django.utils import timezone

    from samenhier.journeys.models import Appointment

    pk = journey_pk(cast)["pk"]
    appointment = Appointment.objects.create(
        journey_id=pk, title="Huisarts", starts_at=timezone.now() + timedelta(days=3)
    )
    return {"pk": pk, "appointment_pk": appointment.pk}


def _journey_feed(cast: Any) -> dict[str, int]:
    from samenhier.journeys.models import CalendarFeed

    pk = journey_pk(cast)["pk"]
    feed = CalendarFeed.objects.create(journey_id=pk, created_by=cast.rotterdam.group_member)
    return {"pk": pk, "feed_pk": feed.pk}


def _member_feed(cast: Any) -> dict[str, int]:
    from samenhier.journeys.models import CalendarFeed

    member = cast.rotterdam.group_member
    feed = CalendarFeed.objects.create(person=member, created_by=member)
    return {"feed_pk": feed.pk}


ROWS: list[Row] = [
    Row("journeys:appointments", kwargs=journey_pk, allowed=IN_JOURNEY, denied=NOT_IN_JOURNEY),
    Row(
        "journeys:appointment_new",
        kwargs=journey_pk,
        allowed=PLANNERS,
        denied={RECEPTION: 403, NEWCOMER: 403, **NOT_IN_JOURNEY},
    ),
    Row("journeys:appointment", kwargs=_appointment, allowed=IN_JOURNEY, denied=NOT_IN_JOURNEY),
    Row(
        "journeys:appointment_edit",
        kwargs=_appointment,
        allowed=PLANNERS,
        denied={RECEPTION: 403, NEWCOMER: 403, **NOT_IN_JOURNEY},
    ),
    Row(
        "journeys:appointment_cancel",
        kwargs=_appointment,
        allowed=PLANNERS,
        denied={RECEPTION: 403, NEWCOMER: 403, **NOT_IN_JOURNEY},
    ),
    Row(
        "journeys:appointment_company",
        kwargs=_appointment,
        allowed=(NATIONAL, LOCAL, BUILDER, NEWCOMER),
        denied={MEMBER: 403, OFFICER: 403, RECEPTION: 403, **NOT_IN_JOURNEY},
    ),
    Row(
        "journeys:journey_feed_new",
        kwargs=journey_pk,
        method="post",
        allowed_status=302,
        allowed=(*PLANNERS, NEWCOMER),
        denied={RECEPTION: 403, **NOT_IN_JOURNEY},
    ),
    Row(
        "journeys:journey_feed_revoke",
        kwargs=_journey_feed,
        allowed=(*PLANNERS, NEWCOMER),
        denied={RECEPTION: 403, **NOT_IN_JOURNEY},
    ),
    # A personal address is for people taking part in an open journey.
    Row(
        "journeys:calendar",
        allowed=(NATIONAL, LOCAL, MEMBER, NEWCOMER, OTHER_MEMBER),
        denied={CONTACT: 403},
    ),
    # Someone else's address is not there for you, whoever you are.
    Row(
        "journeys:calendar_revoke",
        kwargs=_member_feed,
        allowed=(MEMBER,),
        denied={NEWCOMER: 404, OTHER_MEMBER: 404, LOCAL: 404, NATIONAL: 404},
    ),
]
