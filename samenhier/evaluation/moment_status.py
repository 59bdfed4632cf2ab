"""What coordinators follow of the moments: which are overdue, and each moment's status.

A moment is upcoming until it opens, open while answers are missing before its day, overdue
when they are still missing after it, complete when everyone asked has answered, and skipped
when its day passed without it ever opening.
"""

from datetime import date
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenhier.evaluation.models import Moment, Response
from samenhier.newcomers.lifecycle import HouseholdStage


def overdue(queryset: QuerySet[Moment], on: date | None = None) -> QuerySet[Moment]:
    """The moments past due that still wait for answers (a stopped household's not)."""
    on = on or timezone.localdate()
    return (
        queryset.filter(opened_at__isnull=False, due_on__lt=on)
        .filter(Exists(Response.objects.filter(moment=OuterRef("pk"), submitted_at__isnull=True)))
        .exclude(journey__household__stage=HouseholdStage.STOPPED)
    )


def with_counts(queryset: QuerySet[Moment]) -> QuerySet[Moment]:
    """Each moment with how many were asked and how many answered, in the same query."""
    return queryset.annotate(
        asked=Count("responses", distinct=True),
        answered=Count("responses", filter=Q(responses__submitted_at__isnull=False), distinct=True),
    )


STATUSES: dict[str, Any] = {
    "upcoming": _("Upcoming"),
    "open": _("Open"),
    "overdue": _("Overdue"),
    "complete": _("Complete"),
    # Past its day and never opened: a later moment was opened instead, or the journey ended.
    "skipped": _("Skipped"),
}


def status_filter(status: str, on: date) -> Q:
    """The condition on a counted queryset (with_counts) for one status."""
    opened = Q(opened_at__isnull=False)
    missing = Q(answered__lt=F("asked"))
    if status == "upcoming":
        return Q(opened_at__isnull=True, due_on__gte=on)
    if status == "skipped":
        return Q(opened_at__isnull=True, due_on__lt=on)
    if status == "open":
        return opened & missing & Q(due_on__gte=on)
    if status == "overdue":
        return opened & missing & Q(due_on__lt=on)
    if status == "complete":
        return opened & ~missing
    return Q()


def status_of(moment: Any, on: date, asked: int | None = None, answered: int | None = None) -> str:
    """The status of a moment counted with `with_counts` (or given its counts)."""
    asked = moment.asked if asked is None else asked
    answered = moment.answered if answered is None else answered
    if moment.opened_at is None:
        return "skipped" if moment.due_on < on else "upcoming"
    if answered >= asked:
        return "complete"
    return "overdue" if moment.due_on < on else "open"
