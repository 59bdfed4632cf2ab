"""Access rows of the evaluation pages: moments.

The city's local coordinators and community builders follow its moments, the national
coordinator all of them; another city's people get 404 for a moment, and nobody else may open
the list (403: that it exists is no secret).
"""

from datetime import timedelta
from typing import Any

from tests.access_matrix_rows import (
    BUILDER,
    LOCAL,
    MEMBER,
    NATIONAL,
    NEWCOMER,
    OFFICER,
    OTHER_BUILDER,
    OTHER_LOCAL,
    OTHER_MEMBER,
    SOCIAL,
    Row,
)


def opened_moment(cast: Any) -> Any:
    """Rotterdam's journey arrived a month ago; its first moment is open and asks the group
    member, the municipality's contact person and (consenting, without e-mail) the newcomer."""
    from django.utils import timezone

    from samenhier.evaluation import moments
    from samenhier.journeys.models import ContactPerson, Journey
    from samenhier.journeys.parties import Party
    from samenhier.newcomers.models import Consent, ConsentPurpose, ConsentText

    journey = Journey.objects.open().get(household=cast.rotterdam.household)
    Journey.objects.filter(pk=journey.pk).update(arrival_at=timezone.now() - timedelta(days=30))
    journey.refresh_from_db()
    ContactPerson.objects.get_or_create(
        journey=journey,
        party=Party.MUNICIPALITY,
        defaults={"person": cast.rotterdam.municipality_officer},
    )
    if not journey.household.consents.filter(
        purpose=ConsentPurpose.EVALUATION, withdrawn_at__isnull=True
    ).exists():
        Consent.objects.create(
            household=journey.household,
            purpose=ConsentPurpose.EVALUATION,
            text=ConsentText.objects.first(),
            method=Consent.Method.ORAL,
            witnessed_by=cast.rotterdam.local_coordinator,
        )
    moments.schedule(journey)
    moments.open_due(timezone.now())
    return journey.evaluation_moments.get(months=1)


def moment_pk(cast: Any) -> dict[str, int]:
    return {"pk": opened_moment(cast).pk}


FOLLOWERS = (NATIONAL, LOCAL, BUILDER)

ROWS: list[Row] = [
    # The list holds only the moments of the cities one follows: Den Haag's coordinator may
    # open it and sees none of Rotterdam's.
    Row(
        "evaluation:moments",
        allowed=(NATIONAL, LOCAL, BUILDER, OTHER_LOCAL),
        denied={MEMBER: 403, OFFICER: 403, SOCIAL: 403, NEWCOMER: 403},
    ),
    Row(
        "evaluation:moment",
        kwargs=moment_pk,
        allowed=FOLLOWERS,
        denied={
            OTHER_LOCAL: 404,
            OTHER_BUILDER: 404,
            OFFICER: 404,
            MEMBER: 404,
            NEWCOMER: 404,
            OTHER_MEMBER: 404,
        },
    ),
]
