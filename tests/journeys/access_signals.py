"""Who may open the signals' pages (see tests/access_matrix.py).

The group, its community builder and the coordinators see all of a journey's signals; a
professional only those routed to their party (another party's signal: 404); the newcomer
none (403).
"""

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
    OTHER_LOCAL,
    OTHER_OFFICER,
    RECEPTION,
    SOCIAL,
    Row,
    journey_pk,
)

STAFF_AND_GROUP = tuple(who for who in IN_JOURNEY if who != NEWCOMER)


def letters_signal(cast: Any) -> dict[str, int]:
    """A signal about letters, routed to the municipality."""
    from samenhier.journeys.models import Journey, Signal

    journey = Journey.objects.open().get(household=cast.rotterdam.household)
    signal = Signal.objects.create(
        journey=journey,
        topic="letters",
        description="Many letters from the tax office that nobody can explain.",
        party="municipality",
        raised_by=cast.rotterdam.group_member,
    )
    return {"pk": journey.pk, "signal_pk": signal.pk}


ROWS: list[Row] = [
    Row(
        "journeys:signals",
        kwargs=journey_pk,
        allowed=STAFF_AND_GROUP,
        denied={NEWCOMER: 403, **NOT_IN_JOURNEY},
    ),
    Row(
        "journeys:signal_new",
        kwargs=journey_pk,
        allowed=(MEMBER, BUILDER),
        denied={LOCAL: 403, OFFICER: 403, SOCIAL: 403, NEWCOMER: 403, **NOT_IN_JOURNEY},
    ),
    Row(
        "journeys:signal",
        kwargs=letters_signal,
        allowed=(NATIONAL, LOCAL, BUILDER, OFFICER, MEMBER),
        denied={SOCIAL: 404, RECEPTION: 404, NEWCOMER: 403, **NOT_IN_JOURNEY},
    ),
    Row(
        "journeys:signal_counts",
        allowed=(NATIONAL, LOCAL, OTHER_LOCAL),
        denied={
            OFFICER: 403,
            OTHER_OFFICER: 403,
            BUILDER: 403,
            MEMBER: 403,
            NEWCOMER: 403,
            CONTACT: 403,
        },
    ),
]
