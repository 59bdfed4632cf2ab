"""Who may open the division of tasks (see tests/access_matrix.py).

Everyone in the journey sees the matrix; the coordinators and the group change it."""

from tests.access_matrix_rows import (
    BUILDER,
    IN_JOURNEY,
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

ROWS: list[Row] = [
    Row("journeys:matrix", kwargs=journey_pk, allowed=IN_JOURNEY, denied=NOT_IN_JOURNEY),
    Row(
        "journeys:matrix_edit",
        kwargs=journey_pk,
        allowed=(NATIONAL, LOCAL, MEMBER),
        denied={
            OFFICER: 403,
            BUILDER: 403,
            SOCIAL: 403,
            RECEPTION: 403,
            NEWCOMER: 403,
            **NOT_IN_JOURNEY,
        },
    ),
    Row("journeys:matrix_compare", kwargs=journey_pk, allowed=IN_JOURNEY, denied=NOT_IN_JOURNEY),
    Row(
        "journeys:matrix_pdf",
        kwargs=journey_pk,
        allowed=(LOCAL, OFFICER, MEMBER, NEWCOMER),
        denied=NOT_IN_JOURNEY,
    ),
]
