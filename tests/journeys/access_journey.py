"""Who may open the journey's own pages (see tests/access_matrix.py)."""

from tests.access_matrix_rows import (
    IN_JOURNEY,
    LOCAL,
    MEMBER,
    NATIONAL,
    NEWCOMER,
    NOT_IN_JOURNEY,
    OTHER_LOCAL,
    Row,
    journey_pk,
)

ROWS: list[Row] = [
    # Everyone may open the list; it holds only the journeys they take part in.
    Row("journeys:list", allowed=(NATIONAL, LOCAL, OTHER_LOCAL, MEMBER, NEWCOMER)),
    Row("journeys:detail", kwargs=journey_pk, allowed=IN_JOURNEY, denied=NOT_IN_JOURNEY),
]
