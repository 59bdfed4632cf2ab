"""Who may open the contact log's pages (see tests/access_matrix.py).

The log is the group's, with its community builder and coordinators; the municipality,
social support, reception and the newcomer know it exists (403), other people do not (404).
"""

from typing import Any

from tests.access_matrix_rows import (
    BUILDER,
    LOCAL,
    MEMBER,
    NATIONAL,
    NEWCOMER,
    NOT_IN_JOURNEY,
    OFFICER,
    RECEPTION,
    SOCIAL,
    Row,
    journey_pk,
)

READERS = (NATIONAL, LOCAL, BUILDER, MEMBER)
NOT_READERS = {OFFICER: 403, SOCIAL: 403, RECEPTION: 403, NEWCOMER: 403, **NOT_IN_JOURNEY}


def own_entry(cast: Any) -> dict[str, int]:
    """A contact the group member recorded (only they may correct or remove it)."""
    import datetime

    from samenhier.journeys.models import ContactEntry, Journey

    journey = Journey.objects.open().get(household=cast.rotterdam.household)
    entry = ContactEntry.objects.create(
        journey=journey,
        occurred_on=datetime.date.today(),
        kind="visit",
        recorded_by=cast.rotterdam.group_member,
    )
    return {"pk": journey.pk, "entry_pk": entry.pk}


ROWS: list[Row] = [
    Row("journeys:contacts", kwargs=journey_pk, allowed=READERS, denied=NOT_READERS),
    Row("journeys:contact_chart", kwargs=journey_pk, allowed=READERS, denied=NOT_READERS),
    Row("journeys:contact_chart_svg", kwargs=journey_pk, allowed=READERS, denied=NOT_READERS),
    Row(
        "journeys:contact_new",
        kwargs=journey_pk,
        allowed=(MEMBER,),
        denied={LOCAL: 403, BUILDER: 403, **NOT_READERS},
    ),
    Row(
        "journeys:contact_edit",
        kwargs=own_entry,
        allowed=(MEMBER,),
        denied={NATIONAL: 403, BUILDER: 403, **NOT_READERS},
    ),
    Row(
        "journeys:contact_delete",
        kwargs=own_entry,
        allowed=(MEMBER,),
        denied={LOCAL: 403, BUILDER: 403, **NOT_READERS},
    ),
]
