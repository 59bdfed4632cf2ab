"""Access rows of the evaluation pages: the impact reports.

A city's report is read by those who see the city's figures (the national coordinator, the
city's local coordinator and municipality officer) and written by its coordinators; for
anyone else it does not exist (404), however it is reached.
"""

from typing import Any

from tests.access_matrix_rows import (
    BUILDER,
    CONTACT,
    LOCAL,
    MEMBER,
    NATIONAL,
    NEWCOMER,
    OFFICER,
    OTHER_LOCAL,
    OTHER_OFFICER,
    SOCIAL,
    Row,
)


def _report(cast: Any) -> dict[str, int]:
    from datetime import date

    from samenhier.evaluation.models import ImpactReport

    report = ImpactReport.objects.create(
        city=cast.rotterdam.city,
        title="Rotterdam 2026",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        created_by=cast.rotterdam.local_coordinator,
    )
    return {"pk": report.pk}


NOT_FOR_THEM = {
    OTHER_LOCAL: 404,
    OTHER_OFFICER: 404,
    MEMBER: 404,
    NEWCOMER: 404,
    BUILDER: 404,
    SOCIAL: 404,
}

ROWS: list[Row] = [
    Row(
        "evaluation:reports",
        allowed=(NATIONAL, LOCAL, OFFICER, OTHER_LOCAL, OTHER_OFFICER),
        denied={MEMBER: 403, NEWCOMER: 403, BUILDER: 403, SOCIAL: 403, CONTACT: 403},
    ),
    Row(
        "evaluation:report_new",
        allowed=(NATIONAL, LOCAL, OTHER_LOCAL),
        denied={OFFICER: 403, OTHER_OFFICER: 403, MEMBER: 403, NEWCOMER: 403, BUILDER: 403},
    ),
    Row(
        "evaluation:report",
        kwargs=_report,
        allowed=(NATIONAL, LOCAL, OFFICER),
        denied=NOT_FOR_THEM,
    ),
    Row(
        "evaluation:report_pdf",
        kwargs=_report,
        allowed=(NATIONAL, LOCAL, OFFICER),
        denied=NOT_FOR_THEM,
    ),
    Row(
        "evaluation:report_edit",
        kwargs=_report,
        allowed=(NATIONAL, LOCAL),
        denied={OFFICER: 403, **NOT_FOR_THEM},
    ),
    Row(
        "evaluation:report_delete",
        kwargs=_report,
        allowed=(NATIONAL, LOCAL),
        denied={OFFICER: 403, **NOT_FOR_THEM},
    ),
    Row(
        "evaluation:report_delete",
        kwargs=_report,
        method="post",
        allowed_status=302,
        allowed=(NATIONAL, LOCAL),
        denied={OFFICER: 403, **NOT_FOR_THEM},
    ),
]
