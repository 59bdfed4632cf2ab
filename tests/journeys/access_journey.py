"""Who may open the journey's own pages (see tests/access_matrix.py)."""

from tests.access_matrix_rows import (
    IN_JOURNEY,
    LOCAL,
    MEMBER,
    NATIONAL,
    NEWCOMER,
    NOT_IN_JOURNEY,
    OFFICER,
    OTHER_LOCAL,
    OTHER_OFFICER,
    Row,
    journey_pk,
)

ROWS: list[Row] = [
    # Everyone may open the list; it holds only the journeys they take part in.
    Row("journeys:list", allowed=(NATIONAL, LOCAL, OTHER_LOCAL, MEMBER, NEWCOMER)),
    *(
        Row(f"journeys:{name}", kwargs=journey_pk, allowed=IN_JOURNEY, denied=NOT_IN_JOURNEY)
        for name in ("detail", "people", "readiness", "timeline")
    ),
    # The actions answer with a redirect and a message (here: conditions still open).
    Row(
        "journeys:ready",
        kwargs=journey_pk,
        method="post",
        allowed=(LOCAL, NATIONAL),
        allowed_status=302,
        denied={MEMBER: 403, OFFICER: 403, NEWCOMER: 403, OTHER_LOCAL: 404},
    ),
    Row(
        "journeys:arrived",
        kwargs=journey_pk,
        method="post",
        allowed=(LOCAL, OFFICER),
        allowed_status=302,
        denied={MEMBER: 403, NEWCOMER: 403, OTHER_OFFICER: 404},
    ),
    Row(
        "journeys:close",
        kwargs=journey_pk,
        allowed=(LOCAL, NATIONAL),
        denied={MEMBER: 403, OFFICER: 403, NEWCOMER: 403, OTHER_LOCAL: 404},
    ),
    Row(
        "journeys:offer_again",
        kwargs=journey_pk,
        method="post",
        # The group member of the cast is their group's contact person.
        allowed=(LOCAL, MEMBER),
        allowed_status=302,
        denied={OFFICER: 403, NEWCOMER: 403, OTHER_LOCAL: 404},
    ),
]
