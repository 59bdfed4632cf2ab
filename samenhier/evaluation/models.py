"""Evaluation moments, questionnaires, answers, indicators and impact reports.

Questionnaire texts are data, not interface strings: each question holds its text per
language (`{"nl": …, "en": …, "ar": …}`), so a coordinator can add Tigrinya without a
release. A published version never changes; editing makes the next version.
"""

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedTextField

from samenhier.accounts.models import hash_token
from samenhier.evaluation.vocabularies import (
    Indicator,
    IntegrationProgress,
    LanguageLevel,
    QuestionKind,
    ResponseMode,
    WorkStudy,
)
from samenhier.journeys.parties import Party

USER = settings.AUTH_USER_MODEL


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class Questionnaire(models.Model):
    """One questionnaire per audience; its questions live in versions."""

    audience = models.CharField(_("who answers"), max_length=20, choices=Party.choices, unique=True)
    titles = models.JSONField(_("title per language"), default=dict)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["audience"]

    def __str__(self) -> str:
        return self.audience


class QuestionnaireVersion(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    # A draft (no published_at) is being edited; answers always belong to a published one.
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        ordering = ["questionnaire", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "number"], name="questionnaire_version_number"
            ),
            models.UniqueConstraint(
                fields=["questionnaire"],
                condition=Q(published_at__isnull=True),
                name="questionnaire_one_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} v{self.number}"


class Question(models.Model):
    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    texts = models.JSONField(_("question per language"), default=dict)
    # For choice questions: [{"value": "…", "texts": {"nl": …}}]; indicator questions take
    # their choices from the indicator's scale (vocabularies.INDICATOR_CHOICES).
    choices = models.JSONField(_("choices"), default=list, blank=True)
    indicator = models.CharField(
        _("feeds the indicator"), max_length=20, choices=Indicator.choices, blank=True
    )
    required = models.BooleanField(_("required"), default=False)
    # Open answers to a quotable question may appear in impact reports, under a pseudonym and
    # only with the person's consent to quotes.
    quotable = models.BooleanField(_("answers may be quoted"), default=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="question_position"),
        ]

    def __str__(self) -> str:
        return f"{self.version} #{self.position}"


class Moment(models.Model):
    """An evaluation moment of a journey, so many months after arrival."""

    journey = models.ForeignKey(
        "journeys.Journey", on_delete=models.CASCADE, related_name="evaluation_moments"
    )
    months = models.PositiveSmallIntegerField(_("months after arrival"))
    due_on = models.DateField(_("due on"))
    # Set when the questionnaires went out (the daily run opens a moment shortly before it).
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation moment")
        verbose_name_plural = _("evaluation moments")
        ordering = ["journey", "months"]
        constraints = [
            models.UniqueConstraint(fields=["journey", "months"], name="moment_once_per_month"),
        ]
        indexes = [models.Index(fields=["due_on"], name="moment_due")]

    def __str__(self) -> str:
        return f"{self.journey_id} · {self.months}"


class Response(models.Model):
    """One person's (or party's) answers at a moment: asked when the moment opens, answered
    online, through a personal link, or in an interview someone records."""

    moment = models.ForeignKey(Moment, on_delete=models.CASCADE, related_name="responses")
    audience = models.CharField(_("who answers"), max_length=20, choices=Party.choices)
    questionnaire = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("questionnaire"),
        on_delete=models.PROTECT,
        related_name="responses",
    )
    # The member or partner's contact person asked; empty for the newcomer, who needs no account.
    respondent = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="evaluation_responses"
    )
    mode = models.CharField(_("how it was answered"), max_length=10, choices=ResponseMode.choices)
    language = models.CharField(_("language"), max_length=40, blank=True)
    interpreter = models.CharField(_("interpreter"), max_length=120, blank=True)
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # Group members and partners consent to quotes on the form; the newcomer's consent is the
    # household's `quotes` consent. Withdrawing clears it and no later report quotes them.
    may_quote = models.BooleanField(_("may be quoted under a pseudonym"), default=False)
    link_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)
    link_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("evaluation response")
        verbose_name_plural = _("evaluation responses")
        ordering = ["moment", "audience", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["moment", "respondent"],
                condition=Q(respondent__isnull=False),
                name="response_once_per_person",
            ),
            models.UniqueConstraint(
                fields=["moment"],
                condition=Q(audience=Party.NEWCOMER),
                name="response_once_per_newcomer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.moment} · {self.audience}"

    def new_link(self, days: int) -> str:
        """A fresh personal link secret (the old one stops working); saved by the caller."""
        secret = new_secret()
        # Stored as a hash, as invitations are: a copy of the database opens no questionnaire.
        self.link_hash = hash_token(secret)
        self.link_expires_at = timezone.now() + timedelta(days=days)
        return secret


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    number = models.PositiveSmallIntegerField(null=True, blank=True)
    choice = models.CharField(max_length=40, blank=True)
    # Open answers may tell of health, faith or money: encrypted like the contact log's notes.
    text = EncryptedTextField(blank=True, null=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.response_id} · {self.question_id}"


class IndicatorRecord(models.Model):
    """Where a newcomer stands at a moment. Contact frequency is not asked: it comes from the
    contact log."""

    moment = models.OneToOneField(Moment, on_delete=models.CASCADE, related_name="indicators")
    language_level = models.CharField(
        _("language level"), max_length=5, choices=LanguageLevel.choices, blank=True
    )
    integration = models.CharField(
        _("civic integration"), max_length=15, choices=IntegrationProgress.choices, blank=True
    )
    work_study = models.CharField(
        _("work or study"), max_length=20, choices=WorkStudy.choices, blank=True
    )
    network_size = models.PositiveSmallIntegerField(
        _("people in the social network"), null=True, blank=True
    )
    wellbeing = models.PositiveSmallIntegerField(_("wellbeing (1 to 5)"), null=True, blank=True)
    source = models.ForeignKey(
        Response, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("indicators")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(wellbeing__isnull=True) | Q(wellbeing__gte=1, wellbeing__lte=5),
                name="indicator_wellbeing_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.moment}"


class ImpactReport(models.Model):
    """A report for a city (or the network, without one) over a period. Only the
    coordinator's recommendations are stored: figures and quotes are worked out each time it
    is shown, so a withdrawn consent or a new answer counts in every later rendering."""

    city = models.ForeignKey(
        "network.City",
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    title = models.CharField(_("title"), max_length=150)
    recommendations = models.TextField(_("recommendations"), blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("impact report")
        verbose_name_plural = _("impact reports")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="report_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> Any:
        from django.urls import reverse

        return reverse("evaluation:report", args=[self.pk])
