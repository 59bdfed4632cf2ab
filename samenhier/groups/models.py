from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenhier.groups.stages import CLOSED, GroupStage
from samenhier.network.models import GroupKind
from samenhier.network.vocabularies import ContactFrequency


class GroupQuerySet(models.QuerySet["Group"]):
    def open(self) -> "GroupQuerySet":
        return self.exclude(stage__in=CLOSED)


class Group(models.Model):
    """A sponsor or welcome group of residents in one city, and what it offers."""

    name = models.CharField(_("group name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=GroupKind.choices)
    city = models.ForeignKey(
        "network.City", verbose_name=_("city"), on_delete=models.PROTECT, related_name="groups"
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=GroupStage.choices, default=GroupStage.REGISTERED
    )
    stage_changed_at = models.DateTimeField(_("in this stage since"), default=timezone.now)
    capacity = models.PositiveSmallIntegerField(_("households it can welcome"), default=1)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    # The profile, in the shared vocabularies (network/vocabularies.py), for matching.
    languages = models.JSONField(_("languages"), default=list, blank=True)
    interests = models.JSONField(_("shared interests"), default=list, blank=True)
    network_sectors = models.JSONField(
        _("professional sectors and networks"), default=list, blank=True
    )
    supports = models.JSONField(
        _("vulnerabilities the group feels able to support"), default=list, blank=True
    )
    contact_offer = models.PositiveSmallIntegerField(
        _("how often the group expects to meet the newcomer"),
        choices=ContactFrequency.choices,
        null=True,
        blank=True,
    )
    daytime_flexible = models.BooleanField(
        _("at least one member is flexible in daytime"), default=False
    )
    time_available = models.CharField(_("time available"), max_length=300, blank=True)
    motivation = models.TextField(_("motivation"), blank=True)
    registration_language = models.CharField(max_length=10, default="nl", editable=False)
    registration_complete_at = models.DateTimeField(
        _("every member confirmed at"), null=True, blank=True
    )
    closing_reason = models.TextField(_("reason for withdrawal or rejection"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["city", "name"], name="group_unique_name_per_city"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="group_capacity_positive"),
        ]
        indexes = [models.Index(fields=["city", "stage"])]

    def __str__(self) -> str:
        return self.name

    @property
    def days_in_stage(self) -> int:
        return (timezone.now() - self.stage_changed_at).days


class MemberQuerySet(models.QuerySet["Member"]):
    def current(self) -> "MemberQuerySet":
        return self.filter(left_at__isnull=True)


class Member(models.Model):
    """A resident in a group. They get an account once they confirm by e-mail (double opt-in)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
    )
    full_name = models.CharField(_("full name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("phone"), max_length=40)
    street = models.CharField(_("street and house number"), max_length=150)
    postcode = models.CharField(_("postcode"), max_length=7)
    town = models.CharField(_("town"), max_length=80)
    # Rounded to three decimals (about 100 m): the matching needs no more.
    latitude = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    longitude = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    location_source = models.CharField(max_length=20, blank=True)
    is_contact = models.BooleanField(_("contact person of the group"), default=False)
    daytime_flexible = models.BooleanField(_("flexible in daytime"), default=False)
    confirmation_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)
    confirmation_expires_at = models.DateTimeField(null=True, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["-is_contact", "full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "email"],
                condition=Q(left_at__isnull=True),
                name="member_email_once_per_group",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def address_query(self) -> str:
        return f"{self.street}, {self.postcode} {self.town}"


class GroupEvent(models.Model):
    """The group's timeline: every step, with who took it and why."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        CONFIRMED = "confirmed", _("Member confirmed")
        TRANSITION = "transition", _("Stage changed")
        OVERRIDE = "override", _("Stage changed despite missing items")
        MEMBER_LEFT = "member_left", _("Member left")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_stage = models.CharField(max_length=20, choices=GroupStage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=GroupStage.choices, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        verbose_name = _("group event")
        verbose_name_plural = _("group events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.group} · {self.get_kind_display()}"


# Vetting models live in their own module; importing them here registers them with the app.
from samenhier.groups.vetting import (  # noqa: E402
    ConductCertificate,
    DeclarationText,
    Intake,
    Signature,
)

__all__ = [
    "ConductCertificate",
    "DeclarationText",
    "Group",
    "GroupEvent",
    "Intake",
    "Member",
    "ReminderLog",
    "Signature",
]


class ReminderLog(models.Model):
    """When a person was last reminded, so that nobody gets more than one reminder a week."""

    email = models.EmailField(db_index=True)
    sent_at = models.DateTimeField(default=timezone.now)
    items = models.PositiveSmallIntegerField(default=1)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.email} {self.sent_at:%Y-%m-%d}"
