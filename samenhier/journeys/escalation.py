"""Overdue tasks climb: first the assignee is reminded, then the community builder is told,
then the city's local coordinator. The delays are the programme's (network.Programme), in days
after the due date; each level is reached once, ticking the task off stops the climb, and a
closed journey never escalates. The messages name the household's reference and the task only.
"""

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from samenhier.accounts.models import User
from samenhier.accounts.roles import Role
from samenhier.journeys.checklist import title_of, today
from samenhier.journeys.models import ContactPerson, Task
from samenhier.journeys.parties import Party
from samenhier.mail import addressed, people_in_city, tell_with
from samenhier.network.models import Programme

ASSIGNEE, BUILDER, COORDINATOR = 1, 2, 3

SUBJECTS: dict[int, Promise] = {
    ASSIGNEE: _("Reminder: a task for %(reference)s is overdue"),
    BUILDER: _("A task for %(reference)s is still open"),
    COORDINATOR: _("A task for %(reference)s has been overdue for %(days)s days"),
}
TEMPLATES: dict[int, str] = {
    ASSIGNEE: "journeys/email/task_overdue.txt",
    BUILDER: "journeys/email/task_to_builder.txt",
    COORDINATOR: "journeys/email/task_to_coordinator.txt",
}


def level_for(days_overdue: int, programme: Programme) -> int:
    """The highest level a task `days_overdue` days past its due date has reached."""
    if days_overdue < 1:
        return 0
    thresholds = {
        ASSIGNEE: programme.escalate_assignee_after_days,
        BUILDER: programme.escalate_builder_after_days,
        COORDINATOR: programme.escalate_coordinator_after_days,
    }
    return max((level for level, after in thresholds.items() if days_overdue >= after), default=0)


class _Recipients:
    """Who hears of a task at each level; the city's people are looked up once per run."""

    def __init__(self) -> None:
        self._city: dict[tuple[str, int], list[User]] = {}

    def in_city(self, role: str, city_id: int) -> list[User]:
        key = (role, city_id)
        if key not in self._city:
            self._city[key] = list(people_in_city(role, city_id))
        return self._city[key]

    def at(self, level: int, task: Task) -> list[User]:
        contacts = {c.party: c.person for c in task.journey.contact_persons.all()}
        city = task.journey.household.city_id
        if level == ASSIGNEE:
            person = task.assignee or contacts.get(task.owner)
            return [person] if person is not None else []
        if level == BUILDER:
            builder = contacts.get(Party.COMMUNITY_BUILDER)
            return [builder] if builder else self.in_city(Role.COMMUNITY_BUILDER, city)
        return self.in_city(Role.LOCAL_COORDINATOR, city)


def overdue_tasks(on: date) -> Iterable[Task]:
    return (
        Task.objects.filter(
            done_at__isnull=True,
            due_on__lt=on,
            escalation__lt=COORDINATOR,
            journey__closed_at__isnull=True,
        )
        .select_related("journey__household", "assignee")
        .prefetch_related(
            Prefetch(
                "journey__contact_persons",
                queryset=ContactPerson.objects.select_related("person"),
            )
        )
        .order_by("due_on", "pk")
    )


def escalate(now: datetime) -> int:
    """Tell whoever the overdue tasks have now reached; returns how many tasks climbed."""
    programme = Programme.current()
    on = today(now)
    recipients = _Recipients()
    climbed = 0
    for task in overdue_tasks(on):
        days = (on - task.due_on).days
        reached = level_for(days, programme)
        if reached <= task.escalation:
            continue
        with transaction.atomic():
            # Only the run that moves the level sends its messages; a task ticked off in the
            # meantime is left alone.
            moved = Task.objects.filter(
                pk=task.pk, escalation=task.escalation, done_at__isnull=True
            ).update(escalation=reached, escalated_at=now)
            if not moved:
                continue
            for level in range(task.escalation + 1, reached + 1):
                _tell(level, task, recipients.at(level, task), days)
        climbed += 1
    return climbed


def _tell(level: int, task: Task, people: list[User], days: int) -> None:
    journey = task.journey
    context: dict[str, Any] = {
        "reference": journey.household.reference,
        # Lazy, so each recipient reads the programme's own lines in their language.
        "title": title_of(task),
        "due_on": task.due_on,
        "days": days,
        "link": settings.SITE_URL + reverse("journeys:checklist", args=[journey.pk]),
    }
    tell_with(addressed(people), subject=SUBJECTS[level], template=TEMPLATES[level], **context)
