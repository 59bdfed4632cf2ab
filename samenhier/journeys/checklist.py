"""The arrival checklist: tasks made from the national template when the arrival date is set,
moved with it, ticked off, assigned and, for appointments, the newcomer's choice of company.

Due dates are calendar days in Europe/Amsterdam: "three days after arrival" stays the same
day whatever the clocks do in between. The template's titles are Dutch; the programme's own
lines (those with a key) are shown in the reader's language through TITLES, lines the
national coordinator typed are shown as typed.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from samenhier.accounts.models import RoleAssignment, User
from samenhier.accounts.roles import Role
from samenhier.journeys import policies
from samenhier.journeys.models import ContactPerson, Journey, JourneyEvent, Task, TaskTemplate
from samenhier.journeys.parties import Company
from samenhier.network.services import STALE_MESSAGE, StaleEdit, claim, save_versioned

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# The programme's own lines, by key (the seed in migrations/0004_checklist_template).
TITLES: dict[str, Promise] = {
    "furnish-home": _("Furnish the home (intermediate home)"),
    "groceries": _("Stock the home with groceries"),
    "airport-pickup": _("Pick up at the airport"),
    "first-meeting": _("First meeting of the group and the newcomer"),
    "municipality-registration": _("Register with the municipality and receive a BSN"),
    "advance-payment": _("Arrange an advance on benefits"),
    "bank-account": _("Open a bank account"),
    "health-insurance": _("Take out health insurance"),
    "gp": _("Register with a GP"),
    "pharmacy": _("Register with a pharmacy"),
    "digid": _("Apply for DigiD"),
    "dentist": _("Register with a dentist"),
    "language-school": _("Choose a language school"),
    "permanent-home": _("Move to the permanent home"),
    "language-practice": _("Agree on regular moments to practise Dutch"),
    "network-introductions": _(
        "Introductions for an internship or work through the group's network"
    ),
    "mid-year-evaluation": _("Mid-year evaluation"),
    "end-of-year-evaluation": _("End-of-year evaluation"),
}


def title_of(line: Task | TaskTemplate) -> str | Promise:
    """What the reader sees: the programme's own lines translated, typed lines as typed."""
    return TITLES.get(line.key, line.title) if line.key else line.title


def due_date(arrival_at: datetime, offset_days: int) -> date:
    """The calendar day in Amsterdam `offset_days` after the day of arrival."""
    return arrival_at.astimezone(AMSTERDAM).date() + timedelta(days=offset_days)


def today(now: datetime | None = None) -> date:
    return (now or timezone.now()).astimezone(AMSTERDAM).date()


def is_overdue(task: Task, on: date) -> bool:
    return task.done_at is None and task.due_on < on


def lines_for(journey: Journey) -> QuerySet[TaskTemplate]:
    """The template's lines in use that fit the journey's kind of group."""
    return TaskTemplate.objects.filter(active=True).filter(
        Q(group_kinds=TaskTemplate.Kinds.BOTH) | Q(group_kinds=journey.group.kind)
    )


def participants(journey: Journey) -> QuerySet[User]:
    """The people a task can be given to: the journey's contact persons, the group's members
    and the newcomer with an account, and the city's professionals."""
    city = journey.household.city_id
    staff = list(policies.CITY_STAFF)
    assigned = RoleAssignment.objects.filter(revoked_at__isnull=True).filter(
        Q(role=Role.GROUP_MEMBER, group_id=journey.group_id)
        | Q(role=Role.NEWCOMER, household_id=journey.household_id)
        | Q(role__in=staff, city_id=city)
        | Q(role__in=staff, organisation__city_id=city)
        # COA works nationally: its officers may be scoped to the whole network.
        | Q(role=Role.RECEPTION_OFFICER, city__isnull=True, organisation__isnull=True)
    )
    return User.objects.filter(
        Q(pk__in=assigned.values("user"))
        | Q(pk__in=ContactPerson.objects.filter(journey=journey).values("person"))
        | Q(pk__in=journey.group.members.filter(left_at__isnull=True).values("user"))
    ).order_by("full_name", "pk")


# --- the arrival date -------------------------------------------------------------------------


def _may_set_arrival(actor: Any, journey: Journey) -> None:
    if not policies.can_set_arrival(actor, journey):
        raise PermissionDenied


def generate(*, actor: Any, journey: Journey, arrival_at: datetime) -> list[Task]:
    """Make the journey's tasks from the template; lines already made are left alone."""
    _may_set_arrival(actor, journey)
    with transaction.atomic():
        made = set(
            Task.objects.filter(journey=journey, template__isnull=False).values_list(
                "template_id", flat=True
            )
        )
        contacts = dict(
            ContactPerson.objects.filter(journey=journey).values_list("party", "person_id")
        )
        tasks = [
            Task(
                journey=journey,
                template=line,
                key=line.key,
                title=line.title,
                phase=line.phase,
                due_on=due_date(arrival_at, line.offset_days),
                owner=line.owner,
                assignee_id=contacts.get(line.owner),
                is_appointment=line.is_appointment,
            )
            for line in lines_for(journey)
            if line.pk not in made
        ]
        return Task.objects.bulk_create(tasks)


def move_arrival(*, actor: Any, journey: Journey, arrival_at: datetime) -> int:
    """Move the open tasks made from the template by as many calendar days as the arrival
    moved (done tasks stay where they were); returns the number of days."""
    _may_set_arrival(actor, journey)
    if journey.arrival_at is None:
        raise ValidationError(_("There is no arrival date to move yet."))
    days = (due_date(arrival_at, 0) - due_date(journey.arrival_at, 0)).days
    with transaction.atomic():
        if days:
            tasks = list(
                Task.objects.filter(journey=journey, template__isnull=False, done_at__isnull=True)
            )
            for task in tasks:
                task.due_on += timedelta(days=days)
                task.version += 1
                if days > 0:
                    # A later date is a new deadline: the reminders start again from it.
                    task.escalation, task.escalated_at = 0, None
            Task.objects.bulk_update(tasks, ["due_on", "version", "escalation", "escalated_at"])
        JourneyEvent.objects.create(
            journey=journey,
            kind=JourneyEvent.Kind.ARRIVAL_MOVED,
            actor=actor,
            detail={"days": days},
        )
    return days


def set_arrival(
    *, actor: Any, journey: Journey, arrival_at: datetime, version: int | None = None
) -> Journey:
    """Set the expected arrival (first time: the checklist is made) or move it (the open
    tasks move along). `version` is the journey's version the editor saw."""
    _may_set_arrival(actor, journey)
    if timezone.is_naive(arrival_at):
        raise ValidationError(_("Give the arrival as a date and a time."))
    referred = timezone.localtime(journey.household.referred_at, AMSTERDAM).date()
    if timezone.localtime(arrival_at, AMSTERDAM).date() < referred:
        # A typing error, and it would make the time from referral to arrival negative.
        raise ValidationError(
            {
                "arrival_at": _(
                    "The arrival cannot be before the household was referred (%(date)s)."
                )
                % {"date": date_format(referred, "DATE_FORMAT")}
            }
        )
    expected = journey.version if version is None else version
    with transaction.atomic():
        current = Journey.objects.select_for_update().get(pk=journey.pk)
        if current.version != expected:
            raise StaleEdit(str(_(STALE_MESSAGE)))
        if current.arrival_at == arrival_at:
            return journey
        if current.arrival_at is None:
            generate(actor=actor, journey=journey, arrival_at=arrival_at)
            JourneyEvent.objects.create(
                journey=journey, kind=JourneyEvent.Kind.ARRIVAL_SET, actor=actor
            )
        else:
            journey.arrival_at = current.arrival_at
            move_arrival(actor=actor, journey=journey, arrival_at=arrival_at)
        Journey.objects.filter(pk=journey.pk).update(
            arrival_at=arrival_at, version=F("version") + 1
        )
    journey.arrival_at = arrival_at
    journey.version = expected + 1
    return journey


# --- working on tasks -------------------------------------------------------------------------


def _claim(task: Task, version: int | None, **changes: Any) -> Task:
    """Write `changes` unless someone changed the task since `version` was read."""
    claim(Task.objects.filter(pk=task.pk), version, **changes)
    task.refresh_from_db()
    return task


def complete_task(*, actor: Any, task: Task) -> Task:
    """Done; ticking a task someone just ticked changes nothing."""
    if not policies.can_work_on_tasks(actor, task.journey):
        raise PermissionDenied
    with transaction.atomic():
        Task.objects.filter(pk=task.pk, done_at__isnull=True).update(
            done_at=timezone.now(), done_by=actor, version=F("version") + 1
        )
    task.refresh_from_db()
    return task


def reopen_task(*, actor: Any, task: Task) -> Task:
    if not policies.can_work_on_tasks(actor, task.journey):
        raise PermissionDenied
    with transaction.atomic():
        Task.objects.filter(pk=task.pk, done_at__isnull=False).update(
            done_at=None, done_by=None, version=F("version") + 1
        )
    task.refresh_from_db()
    return task


def assign_task(*, actor: Any, task: Task, assignee: User | None, version: int | None) -> Task:
    """Give the task to someone who takes part in the journey (or to nobody)."""
    journey = task.journey
    if not policies.can_work_on_tasks(actor, journey):
        raise PermissionDenied
    if assignee is not None and not participants(journey).filter(pk=assignee.pk).exists():
        raise ValidationError({"assignee": _("This person does not take part in this journey.")})
    with transaction.atomic():
        return _claim(task, version, assignee=assignee)


def choose_company(*, actor: Any, task: Task, company: str, version: int | None) -> Task:
    """The newcomer says whether they want someone of the group to come along."""
    if not policies.can_choose_company(actor, task.journey):
        raise PermissionDenied
    if not task.is_appointment:
        raise ValidationError({"company": _("This task is not an appointment.")})
    if company not in Company.values:
        raise ValidationError({"company": _("Choose one of the options.")})
    with transaction.atomic():
        return _claim(task, version, company=company)


# --- what the journey's page shows ------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    open: int
    overdue: int
    done: int
    upcoming: list[Task]


def summary(journey: Journey, on: date) -> Summary:
    """Counts and the next three open tasks: two queries, whatever the number of tasks."""
    counts = Task.objects.filter(journey=journey).aggregate(
        open=Count("pk", filter=Q(done_at__isnull=True)),
        overdue=Count("pk", filter=Q(done_at__isnull=True, due_on__lt=on)),
        done=Count("pk", filter=Q(done_at__isnull=False)),
    )
    upcoming = list(
        Task.objects.filter(journey=journey, done_at__isnull=True)
        .select_related("assignee")
        .order_by("due_on", "pk")[:3]
    )
    return Summary(counts["open"], counts["overdue"], counts["done"], upcoming)


# --- the national template --------------------------------------------------------------------


def save_line(*, actor: Any, form: Any) -> TaskTemplate:
    """Add or change a line. A programme line whose title is changed becomes a typed line:
    its translations no longer say what it says."""
    line = form.instance
    if line.key and "title" in form.changed_data:
        line.key = ""
    saved = save_versioned(
        actor=actor, form=form, allowed=policies.can_maintain_checklist_template(actor)
    )
    assert isinstance(saved, TaskTemplate)
    return saved


def set_line_active(*, actor: Any, line: TaskTemplate, active: bool, version: int | None) -> None:
    """Take a line out of use (tasks already made stay) or back in."""
    if not policies.can_maintain_checklist_template(actor):
        raise PermissionDenied
    with transaction.atomic():
        claim(TaskTemplate.objects.filter(pk=line.pk), version, active=active)
    line.refresh_from_db()
