from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

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
