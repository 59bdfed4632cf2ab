from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Module(models.Model):
    """A part of the curriculum the national coordinator maintains."""

    class Kind(models.TextChoices):
        START = "start", _("Start training")
        INTERCULTURAL = "intercultural", _("Intercultural sensitivity")
        ELEARNING = "elearning", _("E-learning: impact with your network")
        TRAUMA = "trauma", _("Trauma sensitivity")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    required = models.BooleanField(_("required before a match"), default=False)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1, default=Decimal("2.0"))
    active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("training module")
        verbose_name_plural = _("training modules")
        ordering = ["-required", "name"]

    def __str__(self) -> str:
        return self.name


class TrainingSession(models.Model):
    module = models.ForeignKey(
        Module, verbose_name=_("module"), on_delete=models.PROTECT, related_name="sessions"
    )
    city = models.ForeignKey(
        "network.City",
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Empty for online sessions open to every city."),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveSmallIntegerField(_("places"), default=20)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="session_capacity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.module} · {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"


class Registration(models.Model):
    """A member's place in a session, and afterwards whether they attended."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="registrations"
    )
    member = models.ForeignKey(
        "groups.Member", on_delete=models.CASCADE, related_name="registrations"
    )
    registered_at = models.DateTimeField(default=timezone.now)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1, null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "member"], name="registration_once_per_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.session}"
