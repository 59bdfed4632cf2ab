"""Every write to impact reports. Only words and the period are stored (decision 0008): the
figures and quotes are worked out whenever the report is shown."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samenhier.evaluation import policies
from samenhier.evaluation.models import ImpactReport
from samenhier.network.models import City
from samenhier.network.services import StaleEdit, claim

STALE_MESSAGE = gettext_noop(
    "Someone else changed this report in the meantime. Nothing was saved: reload the page to "
    "see their changes, then make yours again."
)


def create_report(
    *,
    actor: Any,
    city: City | None,
    title: str,
    period_start: date,
    period_end: date,
    recommendations: str = "",
) -> ImpactReport:
    if not policies.can_write_report(actor, city.pk if city else None):
        raise PermissionDenied
    return ImpactReport.objects.create(
        city=city,
        title=title,
        period_start=period_start,
        period_end=period_end,
        recommendations=recommendations,
        created_by=actor,
    )


def update_report(
    *,
    actor: Any,
    report: ImpactReport,
    version: int | None,
    title: str,
    period_start: date,
    period_end: date,
    recommendations: str,
) -> ImpactReport:
    """Save the words and the period, unless someone saved since `version` was read."""
    if not policies.can_change_report(actor, report):
        raise PermissionDenied
    if version is None:
        # A garbled or missing version: we cannot tell what the editor saw.
        raise StaleEdit(_(STALE_MESSAGE))
    with transaction.atomic():
        # The check and the bump are one UPDATE; the save after it leaves its trace in the
        # change log, which an UPDATE alone would not.
        claim(ImpactReport.objects.filter(pk=report.pk), version, stale=STALE_MESSAGE)
        report.version = version + 1
        report.title = title
        report.period_start = period_start
        report.period_end = period_end
        report.recommendations = recommendations
        report.save(
            update_fields=["version", "title", "period_start", "period_end", "recommendations"]
        )
    return report


def delete_report(*, actor: Any, report: ImpactReport) -> None:
    """A report holds only words: deleting it loses the recommendations, nothing else."""
    if not policies.can_change_report(actor, report):
        raise PermissionDenied
    report.delete()
