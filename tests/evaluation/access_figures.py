"""Access rows of the evaluation pages: figures (the dashboard and its export).

The city's coordinators and municipality see their city's figures, the national coordinator
the network's; the people in a journey and the other staff do not (403).
"""

from tests.access_matrix_rows import (
    BUILDER,
    LOCAL,
    MEMBER,
    NATIONAL,
    NEWCOMER,
    OFFICER,
    OTHER_OFFICER,
    SOCIAL,
    Row,
)

READERS = (NATIONAL, LOCAL, OFFICER, OTHER_OFFICER)
NOT_READERS = {MEMBER: 403, NEWCOMER: 403, BUILDER: 403, SOCIAL: 403}

ROWS: list[Row] = [
    Row("evaluation:dashboard", allowed=READERS, denied=NOT_READERS),
    Row(
        "evaluation:export", kwargs=lambda cast: {"fmt": "csv"}, allowed=READERS, denied=NOT_READERS
    ),
    Row(
        "evaluation:export",
        kwargs=lambda cast: {"fmt": "xlsx"},
        allowed=READERS,
        denied=NOT_READERS,
    ),
]
