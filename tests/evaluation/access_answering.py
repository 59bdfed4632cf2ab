"""Access rows of the evaluation pages: answering.

A member or partner reaches only their own questionnaire (anyone else: 404). The city's
community builder and local coordinator record interviews and make personal links; the
national coordinator follows the moment but records nothing (403); other people get 404.
The newcomer's personal link is public (tests/access_matrix.py PUBLIC).
"""

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
from tests.evaluation.access_moments import opened_moment


def _response(cast: Any, audience: str) -> dict[str, int]:
    return {"pk": opened_moment(cast).responses.get(audience=audience).pk}


def member_response(cast: Any) -> dict[str, int]:
    return _response(cast, "group")


def officer_response(cast: Any) -> dict[str, int]:
    return _response(cast, "municipality")


def newcomer_response(cast: Any) -> dict[str, int]:
    return _response(cast, "newcomer")


NOT_THEIRS = {
    NATIONAL: 404,
    LOCAL: 404,
    BUILDER: 404,
    NEWCOMER: 404,
    OTHER_MEMBER: 404,
    OTHER_LOCAL: 404,
}
RECORDERS = (LOCAL, BUILDER)
NOT_RECORDERS = {
    NATIONAL: 403,
    OTHER_LOCAL: 404,
    OTHER_BUILDER: 404,
    OFFICER: 404,
    SOCIAL: 404,
    MEMBER: 404,
    NEWCOMER: 404,
}

ROWS: list[Row] = [
    Row(
        "evaluation:answer",
        kwargs=member_response,
        allowed=(MEMBER,),
        denied={**NOT_THEIRS, OFFICER: 404},
    ),
    # The municipality's contact person answers their own; the group member cannot open it.
    Row(
        "evaluation:answer",
        kwargs=officer_response,
        allowed=(OFFICER,),
        denied={**NOT_THEIRS, MEMBER: 404},
    ),
    Row(
        "evaluation:withdraw_quote",
        kwargs=member_response,
        method="post",
        allowed=(MEMBER,),
        allowed_status=302,
        denied={**NOT_THEIRS, OFFICER: 404},
    ),
    Row("evaluation:interview", kwargs=newcomer_response, allowed=RECORDERS, denied=NOT_RECORDERS),
    Row(
        "evaluation:link",
        kwargs=newcomer_response,
        method="post",
        allowed=RECORDERS,
        denied=NOT_RECORDERS,
    ),
]
