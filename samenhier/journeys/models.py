"""The year of one household with one group: its contact persons, task matrix, resettlement
plan, pre-departure meetings, arrival checklist, appointments, contact log, signals and closing.

Workflow lives in the services of each part; here are the data and their invariants.
"""

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedTextField

from samenhier.audit.fields import EncryptedDocumentField
from samenhier.journeys.parties import (
    Company,
    ContactKind,
    JourneyOutcome,
    MeetingKind,
    Party,
    Phase,
    PlanStatus,
    SignalStatus,
    SignalTopic,
)

USER = settings.AUTH_USER_MODEL


class JourneyQuerySet(models.QuerySet["Journey"]):
    def open(self) -> "JourneyQuerySet":
        return self.filter(closed_at__isnull=True)


class Journey(models.Model):
    """The year of one household with one group, from the confirmed match to its closing.

    It exists only once both sides accepted a match the municipality approved; it is what
    lets the group's members see who they welcome (newcomers.policies).
    """

    household = models.ForeignKey(
        "newcomers.Household",
        verbose_name=_("household"),
        on_delete=models.CASCADE,
        related_name="journeys",
    )
    group = models.ForeignKey(
        "groups.Group", verbose_name=_("group"), on_delete=models.PROTECT, related_name="journeys"
    )
    proposal = models.OneToOneField(
        "proposals.Proposal",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="journey",
    )
    started_at = models.DateTimeField(_("matched at"), default=timezone.now)
    # The expected moment of arrival (the flight's landing, or the move into the city).
    arrival_at = models.DateTimeField(_("arrival"), null=True, blank=True)
    ready_at = models.DateTimeField(_("ready for arrival since"), null=True, blank=True)
    ready_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Closing the year (DOMAIN.md: evaluation, handover, what continues informally).
    final_evaluation_on = models.DateField(_("final evaluation held on"), null=True, blank=True)
    handover = models.TextField(_("handover to regular services"), blank=True)
    continues_informally = models.TextField(_("what continues informally"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=JourneyOutcome.choices, blank=True
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The community builder was told of a silence; cleared by the next contact.
    silence_alerted_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = JourneyQuerySet.as_manager()

    class Meta:
        verbose_name = _("journey")
        verbose_name_plural = _("journeys")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(closed_at__isnull=True),
                name="journey_one_open_per_household",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household} · {self.group}"


class JourneyEvent(models.Model):
    """A moment of the journey that has no row of its own (matched, arrival set or moved,
    ready, closed), for the timeline. `detail` never holds identity or needs."""

    class Kind(models.TextChoices):
        MATCHED = "matched", _("Matched")
        CONTACT_PERSON = "contact_person", _("Contact person appointed")
        ARRIVAL_SET = "arrival_set", _("Arrival date set")
        ARRIVAL_MOVED = "arrival_moved", _("Arrival date moved")
        READY = "ready", _("Ready for arrival")
        ARRIVED = "arrived", _("Arrived")
        CLOSED = "closed", _("Year closed")

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.journey_id} · {self.kind}"


class ContactPerson(models.Model):
    """The one fixed contact person (aanspreekpunt) of a party for a journey."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="contact_persons")
    party = models.CharField(_("party"), max_length=20, choices=Party.choices)
    person = models.ForeignKey(
        USER, verbose_name=_("contact person"), on_delete=models.PROTECT, related_name="+"
    )
    appointed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        constraints = [
            models.UniqueConstraint(fields=["journey", "party"], name="one_contact_per_party"),
        ]

    def __str__(self) -> str:
        return f"{self.journey_id} · {self.party}"


class TaskDivision(models.Model):
    """One version of the task matrix: {domain: {party: role}}. A change is a new version."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="divisions")
    number = models.PositiveIntegerField(_("version"))
    cells = models.JSONField(_("division of tasks"), default=dict)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("division of tasks")
        verbose_name_plural = _("divisions of tasks")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["journey", "number"], name="division_number_once"),
        ]

    def __str__(self) -> str:
        return f"{self.journey_id} · v{self.number}"


class ResettlementPlan(models.Model):
    """A sponsor group's plan; its text lives in versions, its review in steps."""

    journey = models.OneToOneField(Journey, on_delete=models.CASCADE, related_name="plan")
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("resettlement plan")
        verbose_name_plural = _("resettlement plans")

    def __str__(self) -> str:
        return f"{self.journey_id} · {self.status}"


class PlanVersion(models.Model):
    plan = models.ForeignKey(ResettlementPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    # {section: text}; about the newcomer's life, so encrypted at rest.
    sections = EncryptedDocumentField(_("sections"), default=dict)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_once"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} · v{self.number}"


class PlanReview(models.Model):
    """A step in the plan's review: submitted, commented on, approved."""

    plan = models.ForeignKey(ResettlementPlan, on_delete=models.CASCADE, related_name="reviews")
    plan_version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=PlanStatus.choices)
    comment = EncryptedTextField(_("comment"), blank=True, null=True)
    by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.plan_id} · {self.status}"


class Meeting(models.Model):
    """A pre-departure meeting: held (with a date) or, for the optional online one, planned."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    planned_at = models.DateTimeField(_("planned for"), null=True, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["recorded_at"]

    def __str__(self) -> str:
        return f"{self.journey_id} · {self.kind}"


class TaskTemplate(models.Model):
    """A line of the national arrival checklist, maintained by the national coordinator."""

    class Kinds(models.TextChoices):
        BOTH = "", _("Both kinds of group")
        SPONSOR = "sponsor", _("Sponsor groups")
        WELCOME = "welcome", _("Welcome groups")

    # Set for the programme's own lines, whose titles are translated (journeys.checklist).
    key = models.SlugField(max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=150)
    phase = models.CharField(_("phase"), max_length=15, choices=Phase.choices)
    offset_days = models.SmallIntegerField(
        _("days from arrival"), help_text=_("Negative: before arrival.")
    )
    owner = models.CharField(_("owner party"), max_length=20, choices=Party.choices)
    is_appointment = models.BooleanField(_("appointment"), default=False)
    group_kinds = models.CharField(
        _("for"), max_length=10, choices=Kinds.choices, blank=True, default=Kinds.BOTH
    )
    active = models.BooleanField(_("in use"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("checklist line")
        verbose_name_plural = _("checklist lines")
        ordering = ["offset_days", "pk"]

    def __str__(self) -> str:
        return self.title


class Task(models.Model):
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="tasks")
    template = models.ForeignKey(
        TaskTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    key = models.SlugField(max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=150)
    phase = models.CharField(_("phase"), max_length=15, choices=Phase.choices)
    # Due dates are calendar days in Europe/Amsterdam, so a change of clocks never moves them.
    due_on = models.DateField(_("due on"))
    owner = models.CharField(_("owner party"), max_length=20, choices=Party.choices)
    assignee = models.ForeignKey(
        USER,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="journey_tasks",
    )
    is_appointment = models.BooleanField(_("appointment"), default=False)
    company = models.CharField(
        _("company wanted"), max_length=3, choices=Company.choices, blank=True
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # 0: not escalated; 1: assignee reminded; 2: community builder; 3: local coordinator.
    escalation = models.PositiveSmallIntegerField(default=0, editable=False)
    escalated_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["done_at", "due_on"], name="task_open_due")]

    def __str__(self) -> str:
        return self.title


class Appointment(models.Model):
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="appointments")
    task = models.ForeignKey(
        Task, null=True, blank=True, on_delete=models.SET_NULL, related_name="appointments"
    )
    title = models.CharField(_("what"), max_length=150)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    attendees: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        USER, verbose_name=_("who goes"), blank=True, related_name="journey_appointments"
    )
    company = models.CharField(
        _("company wanted"), max_length=3, choices=Company.choices, blank=True
    )
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="appointment_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title


def new_feed_secret() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A private calendar address: a person's appointments, or one journey's. Revoking it
    makes the address answer 404; a new one gets a new secret."""

    person = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    journey = models.ForeignKey(
        Journey, null=True, blank=True, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    secret = models.CharField(max_length=64, unique=True, default=new_feed_secret)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=True, journey__isnull=False)
                | Q(person__isnull=False, journey__isnull=True),
                name="feed_of_person_or_journey",
            ),
        ]

    def __str__(self) -> str:
        return f"feed {self.pk}"


class ContactEntry(models.Model):
    """A contact between the group and the newcomer, recorded by a group member."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="contacts")
    occurred_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=ContactKind.choices)
    minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True, blank=True)
    participants: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        USER, verbose_name=_("who took part"), blank=True, related_name="+"
    )
    note = EncryptedTextField(_("short note"), blank=True, null=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["journey", "occurred_on"], name="contact_journey_day")]

    def __str__(self) -> str:
        return f"{self.journey_id} · {self.occurred_on}"


class Signal(models.Model):
    """The group's signalling function: a problem raised, routed to the responsible party's
    contact person, followed up with a status and an answer."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="signals")
    topic = models.CharField(_("topic"), max_length=15, choices=SignalTopic.choices)
    description = EncryptedTextField(_("what is going on"))
    party = models.CharField(_("responsible party"), max_length=20, choices=Party.choices)
    routed_to = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="routed_signals"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=SignalStatus.choices, default=SignalStatus.OPEN
    )
    answer = EncryptedTextField(_("answer"), blank=True, null=True)
    raised_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)
    answered_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        ordering = ["-raised_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.journey_id} · {self.topic}"
