from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField, EncryptedJSONField, EncryptedTextField

from samenhier.network.vocabularies import ContactFrequency
from samenhier.newcomers.lifecycle import CLOSED, HouseholdStage, Track


class HouseholdQuerySet(models.QuerySet["Household"]):
    def open(self) -> "HouseholdQuerySet":
        return self.exclude(stage__in=CLOSED)


class Household(models.Model):
    """A newcomer household: the main applicant and the family members who come with them.

    Collect no more than the programme needs: no religion, ethnicity or document numbers.
    Identity, contact data and vulnerability details are encrypted at rest and shown only to
    those who need them (policies.py); every read of them is logged (audit.AccessLog).
    """

    # The referrer's reference, never a document number; it is how imports recognise a row.
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    track = models.CharField(_("track"), max_length=20, choices=Track.choices)
    city = models.ForeignKey(
        "network.City", verbose_name=_("city"), on_delete=models.PROTECT, related_name="households"
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=HouseholdStage.choices, default=HouseholdStage.REFERRED
    )
    stage_changed_at = models.DateTimeField(_("in this stage since"), default=timezone.now)
    size = models.PositiveSmallIntegerField(_("household size"), default=1)
    main_applicant_name = EncryptedCharField(_("name of the main applicant"), max_length=150)
    phone = EncryptedCharField(_("phone"), max_length=40, blank=True, null=True)
    email = EncryptedCharField(_("e-mail address"), max_length=254, blank=True, null=True)
    # In-country households live somewhere already; resettled ones get a home on arrival.
    address = EncryptedCharField(_("current address"), max_length=200, blank=True, null=True)
    latitude = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    longitude = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    interests = models.JSONField(_("interests"), default=list, blank=True)
    goal_sectors = models.JSONField(_("goals for work or study"), default=list, blank=True)
    # Health-related categories are special-category data (GDPR art. 9): encrypted.
    vulnerabilities = EncryptedJSONField(_("vulnerabilities"), default=list, blank=True)
    vulnerability_details = EncryptedTextField(
        _("details of vulnerabilities"), blank=True, null=True
    )
    contact_preference = models.PositiveSmallIntegerField(
        _("preferred contact frequency"),
        choices=ContactFrequency.choices,
        null=True,
        blank=True,
    )
    arrival_from = models.DateField(_("expected arrival from"), null=True, blank=True)
    arrival_until = models.DateField(_("expected arrival until"), null=True, blank=True)
    referred_at = models.DateTimeField(_("referred at"), default=timezone.now)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    alternative_support = models.TextField(_("alternative support after stopping"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["reference"]
        constraints = [
            models.CheckConstraint(condition=Q(size__gte=1), name="household_size_positive"),
            models.CheckConstraint(
                condition=Q(arrival_until__isnull=True)
                | Q(arrival_from__isnull=True)
                | Q(arrival_until__gte=models.F("arrival_from")),
                name="household_arrival_window_in_order",
            ),
        ]
        indexes = [models.Index(fields=["city", "stage"])]

    def __str__(self) -> str:
        # The reference, not the name: this string ends up in logs and audit entries.
        return self.reference

    @property
    def days_in_stage(self) -> int:
        return (timezone.now() - self.stage_changed_at).days

    def active_consents(self) -> set[str]:
        """The purposes the household consents to now (given and not withdrawn)."""
        return set(
            self.consents.filter(withdrawn_at__isnull=True).values_list("purpose", flat=True)
        )


class FamilyMember(models.Model):
    class Relation(models.TextChoices):
        MAIN_APPLICANT = "main", _("Main applicant")
        PARTNER = "partner", _("Partner")
        CHILD = "child", _("Child")
        PARENT = "parent", _("Parent")
        SIBLING = "sibling", _("Brother or sister")
        OTHER = "other", _("Other family member")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="family")
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    birth_year = models.PositiveSmallIntegerField(_("birth year"))
    # As the person states it, in their own words; never required.
    gender = EncryptedCharField(_("gender, as they state it"), max_length=60, blank=True, null=True)
    name = EncryptedCharField(_("name"), max_length=150, blank=True, null=True)

    class Meta:
        verbose_name = _("family member")
        verbose_name_plural = _("family members")
        ordering = ["birth_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__gte=1900) & Q(birth_year__lte=2100),
                name="family_birth_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household} · {self.get_relation_display()} {self.birth_year}"


class InformationMeeting(models.Model):
    """The newcomer was informed about the programme, in their own language."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="information_meetings"
    )
    held_on = models.DateField(_("held on"))
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("held by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=40)
    interpreter = models.BooleanField(_("with an interpreter"), default=False)
    material_version = models.CharField(_("version of the information material"), max_length=40)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("information meeting")
        verbose_name_plural = _("information meetings")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.household} {self.held_on}"


class ConsentPurpose(models.TextChoices):
    PARTICIPATION = "participation", _("Taking part in the programme")
    SHARE_PROFILE = "share_profile", _("Sharing the profile with a group")
    SHARE_MUNICIPALITY = "share_municipality", _("Sharing details with the municipality")
    EVALUATION = "evaluation", _("Evaluation interviews")
    QUOTES = "quotes", _("Quotes in reports, under a pseudonym")
    PHOTOS = "photos", _("Photos")


class ConsentText(models.Model):
    """A versioned consent text in any language, not only the interface's languages."""

    version = models.PositiveIntegerField(_("version"))
    language = models.CharField(
        _("language"), max_length=40, help_text=_("For example: ar, ti, fa, so")
    )
    body = models.TextField(_("text"))
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["-version", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "language"], name="consent_text_version_language"
            ),
        ]

    def __str__(self) -> str:
        return f"v{self.version} ({self.language})"


class Consent(models.Model):
    """Consent for one purpose: with which text, how, witnessed by whom; withdrawable any time."""

    class Method(models.TextChoices):
        WRITTEN = "written", _("Signed on paper")
        ORAL = "oral", _("Given orally, in a conversation")
        DIGITAL = "digital", _("Given online")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=30, choices=ConsentPurpose.choices)
    text = models.ForeignKey(ConsentText, verbose_name=_("text"), on_delete=models.PROTECT)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    method = models.CharField(_("how it was given"), max_length=20, choices=Method.choices)
    witnessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("witnessed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["purpose", "-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="consent_one_active_per_purpose",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household} · {self.purpose}"


class ErasureRecord(models.Model):
    """What is left of an erased household: numbers for reports, nothing personal.

    It also records that the erasure happened, when, why and by whom (a coordinator, or the
    retention rule when `erased_by` is empty).
    """

    class Reason(models.TextChoices):
        REQUEST = "request", _("At the newcomer's request")
        RETENTION = "retention", _("Retention period ended")

    at = models.DateTimeField(_("erased at"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    city = models.ForeignKey("network.City", on_delete=models.PROTECT, related_name="+")
    track = models.CharField(_("track"), max_length=20, choices=Track.choices)
    size = models.PositiveSmallIntegerField(_("household size"))
    stage = models.CharField(_("last stage"), max_length=20, choices=HouseholdStage.choices)
    referred_year = models.PositiveSmallIntegerField(_("year of referral"))

    class Meta:
        verbose_name = _("erasure record")
        verbose_name_plural = _("erasure records")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.city_id} {self.stage}"
