"""Who may open the resettlement plan (see tests/access_matrix.py).

The group writes it, the local coordinator reviews it, the community builder reads along and
the newcomer reads it once approved; the other professionals do not see it."""

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

READERS = (NATIONAL, LOCAL, BUILDER, MEMBER, NEWCOMER)
NOT_READERS = {OFFICER: 403, SOCIAL: 403, RECEPTION: 403, **NOT_IN_JOURNEY}

ROWS: list[Row] = [
    Row("journeys:plan", kwargs=journey_pk, allowed=READERS, denied=NOT_READERS),
    Row(
        "journeys:plan_edit",
        kwargs=journey_pk,
        allowed=(MEMBER,),
        denied={LOCAL: 403, BUILDER: 403, NEWCOMER: 403, **NOT_READERS},
    ),
    # An empty POST comes back as the plan's page with the form's errors.
    Row(
        "journeys:plan_submit",
        kwargs=journey_pk,
        method="post",
        allowed=(MEMBER,),
        denied={LOCAL: 403, BUILDER: 403, NEWCOMER: 403, **NOT_READERS},
    ),
    Row(
        "journeys:plan_review",
        kwargs=journey_pk,
        method="post",
        allowed=(NATIONAL, LOCAL),
        denied={MEMBER: 403, BUILDER: 403, NEWCOMER: 403, **NOT_READERS},
    ),
    Row(
        "journeys:plan_compare",
        kwargs=journey_pk,
        allowed=(NATIONAL, LOCAL, BUILDER, MEMBER),
        denied={NEWCOMER: 403, **NOT_READERS},
    ),
    Row("journeys:plan_pdf", kwargs=journey_pk, allowed=READERS, denied=NOT_READERS),
]
