from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenhier.audit.fields import EncryptedDocumentField
from samenhier.newcomers.lifecycle import Track
from samenhier.proposals.lifecycle import OPEN, Party, ProposalStatus, RunStatus


class MatchingRun(models.Model):
    """One run of the engine: exactly what it was given and what it answered, kept so that the
    run can be reproduced and audited.

    The snapshot holds profile data (vulnerability categories among it), so it is encrypted
    at rest like the households' own fields; it names households and groups only by key.
    """

    track = models.CharField(_("track"), max_length=20, choices=Track.choices)
    # Empty for a national resettlement run over every city.
    city = models.ForeignKey(
        "network.City",
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_runs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.CharField(_("what went wrong"), max_length=300, blank=True)
    # Typed as the JSON they hold (django-stubs cannot see through the encrypted field).
    instance: Any = EncryptedDocumentField(_("input"), default=dict)
    result: Any = EncryptedDocumentField(_("result"), null=True, blank=True)
    published_at = models.DateTimeField(_("sent for approval at"), null=True, blank=True)

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.track} {self.created_at:%Y-%m-%d %H:%M}"


class PairChoice(models.Model):
    """A coordinator's lock or exclusion on a run's result, for the next run of the round."""

    class Kind(models.TextChoices):
        LOCK = "lock", _("Locked")
        EXCLUDE = "exclude", _("Excluded")

    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="choices")
    household = models.ForeignKey("newcomers.Household", on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # Required for every choice away from the engine's proposal (an exclusion, a swap).
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("lock or exclusion")
        verbose_name_plural = _("locks and exclusions")
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "household", "group"], name="pair_choice_once_per_run"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.household_id}-{self.group_id}"


class ExcludedPair(models.Model):
    """A pair that later runs never propose again: one of the parties declined it."""

    household = models.ForeignKey("newcomers.Household", on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("excluded pair")
        verbose_name_plural = _("excluded pairs")
        constraints = [
            models.UniqueConstraint(fields=["household", "group"], name="excluded_pair_once"),
        ]

    def __str__(self) -> str:
        return f"{self.household_id}-{self.group_id}"


class ProposalQuerySet(models.QuerySet["Proposal"]):
    def open(self) -> "ProposalQuerySet":
        return self.filter(status__in=OPEN)


class Proposal(models.Model):
    """A match the coordinator sent for decision: the municipality, then both sides."""

    run = models.ForeignKey(MatchingRun, on_delete=models.PROTECT, related_name="proposals")
    household = models.ForeignKey(
        "newcomers.Household",
        verbose_name=_("household"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    group = models.ForeignKey(
        "groups.Group", verbose_name=_("group"), on_delete=models.CASCADE, related_name="proposals"
    )
    score = models.FloatField(_("score"))
    criteria = models.JSONField(_("score per criterion"), default=dict)
    # Set when the coordinator chose this pair away from the engine's proposal.
    manual_reason = models.TextField(_("reason for a choice by hand"), blank=True)
    # Why the coordinator withdrew it; shown to the coordinators only.
    closing_reason = models.TextField(_("reason for withdrawing"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=ProposalStatus.choices,
        default=ProposalStatus.AWAITING_MUNICIPALITY,
    )
    created_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                # Sorted: a frozenset's order follows the hash seed, and so would the migration.
                condition=Q(status__in=sorted(s.value for s in OPEN)),
                name="proposal_one_open_per_household",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household} · {self.group}"


class Decision(models.Model):
    """One party's answer to a proposal, with the reason; the newcomer's is recorded by the
    community builder or coordinator after a conversation in the newcomer's language."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="decisions")
    party = models.CharField(_("party"), max_length=15, choices=Party.choices)
    accepted = models.BooleanField(_("accepted"))
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    # The language of the conversation in which the newcomer gave their answer.
    language = models.CharField(_("language of the conversation"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "party"], name="decision_once_per_party"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.party} {'+' if self.accepted else '-'}"
