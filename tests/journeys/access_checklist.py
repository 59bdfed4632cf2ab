"""Who may open the arrival checklist's pages (see tests/access_matrix.py)."""

from datetime import date
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
    OTHER_MEMBER,
    OTHER_NEWCOMER,
    OTHER_OFFICER,
    RECEPTION,
    SOCIAL,
    Row,
    journey_pk,
)


def _task(cast: Any, appointment: bool = False) -> dict[str, int]:
    from samenhier.journeys.models import Task

    pk = journey_pk(cast)["pk"]
    task, _created = Task.objects.get_or_create(
        journey_id=pk,
        key="gp" if appointment else "groceries",
        defaults={
            "title": "Inschrijven bij de huisarts" if appointment else "Boodschappen",
            "phase": "first_months",
            "due_on": date(2027, 4, 1),
            "owner": "group",
            "is_appointment": appointment,
        },
    )
    return {"pk": pk, "task_pk": task.pk}


def _appointment(cast: Any) -> dict[str, int]:
    return _task(cast, appointment=True)


def _line(cast: Any) -> dict[str, int]:
    from samenhier.journeys.models import TaskTemplate

    line, _created = TaskTemplate.objects.get_or_create(
        key="access-row",
        defaults={"title": "Toegang", "phase": "social", "offset_days": 30, "owner": "group"},
    )
    return {"line_pk": line.pk}


# People of the other city, and the contact person of another Rotterdam group.
OUTSIDE = {OTHER_LOCAL: 404, OTHER_OFFICER: 404, OTHER_MEMBER: 404, CONTACT: 404}
# Those who carry a part of the year tick tasks off; reception reads along, the newcomer's
# choices are their own (company, below).
WORKERS = (NATIONAL, LOCAL, BUILDER, OFFICER, SOCIAL, MEMBER)
NOT_WORKERS = {RECEPTION: 403, NEWCOMER: 403, **OUTSIDE}
NOT_MAINTAINERS = {LOCAL: 403, OFFICER: 403, BUILDER: 403, MEMBER: 403, NEWCOMER: 403}

ROWS: list[Row] = [
    Row("journeys:checklist", kwargs=journey_pk, allowed=IN_JOURNEY, denied=NOT_IN_JOURNEY),
    Row(
        "journeys:checklist_arrival",
        kwargs=journey_pk,
        allowed=(NATIONAL, LOCAL, OFFICER),
        denied={BUILDER: 403, RECEPTION: 403, MEMBER: 403, NEWCOMER: 403, **OUTSIDE},
    ),
    Row("journeys:checklist_task", kwargs=_task, allowed=IN_JOURNEY, denied=NOT_IN_JOURNEY),
    Row(
        "journeys:checklist_done",
        kwargs=_task,
        method="post",
        allowed=WORKERS,
        allowed_status=302,
        denied=NOT_WORKERS,
    ),
    Row(
        "journeys:checklist_reopen",
        kwargs=_task,
        method="post",
        allowed=WORKERS,
        allowed_status=302,
        denied=NOT_WORKERS,
    ),
    Row(
        "journeys:checklist_assign",
        kwargs=_task,
        method="post",
        allowed=(LOCAL, MEMBER),
        allowed_status=302,
        denied=NOT_WORKERS,
    ),
    Row(
        "journeys:checklist_company",
        kwargs=_appointment,
        method="post",
        allowed=(NEWCOMER, BUILDER, LOCAL, NATIONAL),
        allowed_status=302,
        denied={MEMBER: 403, OFFICER: 403, RECEPTION: 403, OTHER_NEWCOMER: 404, **OUTSIDE},
    ),
    Row("journeys:checklist_template", allowed=(NATIONAL,), denied=NOT_MAINTAINERS),
    Row("journeys:checklist_template_add", allowed=(NATIONAL,), denied=NOT_MAINTAINERS),
    Row(
        "journeys:checklist_template_edit",
        kwargs=_line,
        allowed=(NATIONAL,),
        denied=NOT_MAINTAINERS,
    ),
    Row(
        "journeys:checklist_template_deactivate",
        kwargs=_line,
        allowed=(NATIONAL,),
        denied=NOT_MAINTAINERS,
    ),
    Row(
        "journeys:checklist_template_activate",
        kwargs=_line,
        method="post",
        allowed=(NATIONAL,),
        allowed_status=302,
        denied={LOCAL: 403, OTHER_LOCAL: 403, MEMBER: 403},
    ),
]
