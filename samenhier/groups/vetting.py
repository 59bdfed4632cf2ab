"""Vetting a group: the intake interview, the participant declaration and the certificates
of conduct (VOG). Only facts are stored, never a certificate itself."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedTextField


class Intake(models.Model):
    class Outcome(models.TextChoices):
        POSITIVE = "positive", _("Positive: the group can continue")
        FOLLOW_UP = "follow_up", _("Needs a follow-up conversation")
        NEGATIVE = "negative", _("Negative: the group does not continue")

    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="intakes")
    scheduled_at = models.DateTimeField(_("date and time"))
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("interviewer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    # Visible to the city's coordinators and the national coordinator only.
    notes = EncryptedTextField(_("notes"), blank=True, null=True)
    completed_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("intake interview")
        verbose_name_plural = _("intake interviews")
        ordering = ["-scheduled_at"]

    def __str__(self) -> str:
        return f"{self.group} {self.scheduled_at:%Y-%m-%d}"


class DeclarationText(models.Model):
    """One version of the participant declaration, in one language."""

    version = models.PositiveIntegerField(_("version"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    # A new version asks for new signatures only when the coordinator says it must.
    requires_new_signatures = models.BooleanField(
        _("everyone must sign this version again"), default=False
    )

    class Meta:
        verbose_name = _("participant declaration")
        verbose_name_plural = _("participant declarations")
        ordering = ["-version", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "language"], name="declaration_version_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version} ({self.language})"


class Signature(models.Model):
    """Who signed which version of the declaration, in which language, and when."""

    member = models.ForeignKey("groups.Member", on_delete=models.CASCADE, related_name="signatures")
    text = models.ForeignKey(DeclarationText, on_delete=models.PROTECT, related_name="signatures")
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(fields=["member", "text"], name="signature_once_per_text"),
        ]

    def __str__(self) -> str:
        return f"{self.member} · v{self.text.version}"


class ConductCertificate(models.Model):
    """The fact of a member's certificate of conduct (VOG): status and dates, not the document."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        RECEIVED = "received", _("Received")
        REFUSED = "refused", _("Refused")

    member = models.ForeignKey(
        "groups.Member", on_delete=models.CASCADE, related_name="certificates"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    requested_on = models.DateField(_("requested on"))
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("certificate of conduct")
        verbose_name_plural = _("certificates of conduct")
        ordering = ["-recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="received") | Q(issued_on__isnull=False),
                name="vog_received_has_issue_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_status_display()}"
