from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


def parse_months(text: str) -> list[int]:
    """ "1, 3,6 ,12" -> [1, 3, 6, 12]; ValueError for anything that is not whole months."""
    months = sorted({int(part) for part in text.replace(" ", "").split(",") if part})
    if not months or months[0] < 1 or months[-1] > 24:
        raise ValueError(text)
    return months


def validate_months(text: str) -> None:
    try:
        parse_months(text)
    except ValueError:
        raise ValidationError(
            _("Give whole months from 1 to 24, separated by commas, for example 1,3,6,12.")
        ) from None


class GroupKind(models.TextChoices):
    SPONSOR = "sponsor", _("Sponsor group")
    WELCOME = "welcome", _("Welcome group")


class Organisation(models.Model):
    class Kind(models.TextChoices):
        NATIONAL = "national", _("National coordinating organisation")
        LOCAL_PARTNER = "local_partner", _("Local partner organisation")
        MUNICIPALITY = "municipality", _("Municipality")
        SOCIAL_SUPPORT = "social_support", _("Social support (refugee council)")
        RECEPTION = "reception", _("Reception (COA)")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Empty for organisations that work across the whole network.
    city = models.ForeignKey(
        "network.City",
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "city", name="organisation_unique_name_per_city"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class City(models.Model):
    """A participating city or village (Samen Hier-stad/-dorp) and how it runs the programme."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    local_partner = models.ForeignKey(
        Organisation,
        verbose_name=_("local partner organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    runs_sponsor_groups = models.BooleanField(_("runs sponsor groups"), default=True)
    runs_welcome_groups = models.BooleanField(_("runs welcome groups"), default=False)
    local_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person at the local partner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    municipality_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person at the municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    joined_on = models.DateField(_("joined the network on"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    # Optimistic locking: an edit based on an older version is refused, not silently applied.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def group_kinds(self) -> list[GroupKind]:
        kinds = []
        if self.runs_sponsor_groups:
            kinds.append(GroupKind.SPONSOR)
        if self.runs_welcome_groups:
            kinds.append(GroupKind.WELCOME)
        return kinds


class Programme(models.Model):
    """The programme's tunable numbers (one row). Durations and limits live here, never in
    views, so that the national coordinator can change them without a release."""

    group_min_members = models.PositiveSmallIntegerField(_("minimum members per group"), default=3)
    group_max_members = models.PositiveSmallIntegerField(_("maximum members per group"), default=5)
    stuck_after_days = models.PositiveSmallIntegerField(
        _("warn when a group waits longer than (days)"), default=30
    )
    confirmation_valid_days = models.PositiveSmallIntegerField(
        _("confirmation links work for (days)"), default=14
    )
    vog_valid_months = models.PositiveSmallIntegerField(
        _("a certificate of conduct counts for (months)"), default=6
    )
    reminder_after_days = models.PositiveSmallIntegerField(_("remind after (days)"), default=7)
    trained_members_required = models.PositiveSmallIntegerField(
        _("members who must complete the required training"),
        null=True,
        blank=True,
        help_text=_("Leave empty to require every member."),
    )
    # The year: when an overdue task climbs from its assignee to the community builder and
    # then to the local coordinator (days after the due date).
    escalate_assignee_after_days = models.PositiveSmallIntegerField(
        _("remind the assignee of an overdue task after (days)"), default=1
    )
    escalate_builder_after_days = models.PositiveSmallIntegerField(
        _("tell the community builder of an overdue task after (days)"), default=4
    )
    escalate_coordinator_after_days = models.PositiveSmallIntegerField(
        _("tell the local coordinator of an overdue task after (days)"), default=10
    )
    silence_alert_days = models.PositiveSmallIntegerField(
        _("alert the community builder after this many days without contact"), default=14
    )
    intensive_weeks = models.PositiveSmallIntegerField(
        _("weeks of intensive contact after arrival"), default=12
    )
    intensive_contacts_per_week = models.PositiveSmallIntegerField(
        _("expected contacts per week in the intensive weeks"), default=3
    )
    contacts_per_week = models.PositiveSmallIntegerField(
        _("expected contacts per week afterwards"), default=1
    )
    # Evaluation (DOMAIN.md, "Evidence and reporting").
    evaluation_months = models.CharField(
        _("evaluation moments (months after arrival)"),
        max_length=60,
        default="1,3,6,12",
        validators=[validate_months],
        help_text=_("Whole months, separated by commas, for example 1,3,6,12."),
    )
    evaluation_open_days = models.PositiveSmallIntegerField(
        _("send the questionnaires this many days before a moment"), default=7
    )
    evaluation_remind_days = models.PositiveSmallIntegerField(
        _("remind those who have not answered after (days past the moment)"), default=7
    )
    report_min_count = models.PositiveSmallIntegerField(
        _('show counts below this number as "fewer than" in reports'),
        default=5,
        validators=[MinValueValidator(3)],
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("programme settings")
        verbose_name_plural = _("programme settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(group_min_members__lte=models.F("group_max_members")),
                name="programme_min_members_not_above_max",
            ),
            models.CheckConstraint(
                condition=models.Q(group_min_members__gte=1), name="programme_min_members_positive"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Programme settings"))

    @property
    def moments(self) -> list[int]:
        return parse_months(self.evaluation_months)

    @classmethod
    def current(cls) -> "Programme":
        programme, _created = cls.objects.get_or_create(pk=1)
        return programme
