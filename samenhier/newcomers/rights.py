"""The data subject's rights: everything we hold about a household, and erasing it.

Erasure keeps only what reports count (city, track, size, how far the household came, the
year it was referred) in an ErasureRecord that holds nothing personal; everything else about
the household goes, including its entries in the change log.
"""

from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.db.models.deletion import Collector

from samenhier.accounts.models import User
from samenhier.audit.models import AccessLog
from samenhier.newcomers.models import ErasureRecord, Household

EXPORT_FORMAT_VERSION = 1


def _value(value: Any) -> Any:
    # Dates and times as ISO 8601; everything else a model holds is JSON-ready already.
    return value.isoformat() if hasattr(value, "isoformat") else value


def _fields(obj: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in skip or field.name == "id":
            continue
        value = getattr(obj, field.attname)
        data[field.name] = _value(value)
    return data


def export_household(household: Household) -> dict[str, Any]:
    """Everything held about the household, decrypted, as plain JSON-ready data."""
    return {
        "format": EXPORT_FORMAT_VERSION,
        "household": {
            **_fields(household, skip=("city", "referred_by")),
            "city": household.city.name,
        },
        "family": [_fields(p, skip=("household",)) for p in household.family.all()],
        "information_meetings": [
            {**_fields(m, skip=("household", "held_by")), "held_by": str(m.held_by)}
            for m in household.information_meetings.select_related("held_by")
        ],
        "consents": [
            {
                **_fields(c, skip=("household", "text", "witnessed_by")),
                "text": {"version": c.text.version, "language": c.text.language},
                "witnessed_by": str(c.witnessed_by),
            }
            for c in household.consents.select_related("text", "witnessed_by")
        ],
        "access_log": [
            {
                "at": entry.at.isoformat(),
                "who": str(entry.user) if entry.user else None,
                "fields": entry.fields,
                "purpose": entry.purpose,
            }
            for entry in AccessLog.objects.filter(
                object_type=household._meta.label_lower, object_id=str(household.pk)
            ).select_related("user")
        ],
    }


def _everything_deleted_with(objects: list[Any]) -> Q:
    """A change-log filter for `objects` and every row deleting them takes along (CASCADE).

    Lists, not subqueries: they must still name the rows after the rows are gone.
    """
    collector = Collector(using="default")
    for obj in objects:
        collector.collect([obj])
    found: dict[type, set[Any]] = {}
    for model, instances in collector.data.items():
        found.setdefault(model, set()).update(obj.pk for obj in instances)
    for queryset in collector.fast_deletes:
        found.setdefault(queryset.model, set()).update(queryset.values_list("pk", flat=True))
    query = Q(pk__in=[])
    for model, pks in found.items():
        content_type = ContentType.objects.get_for_model(model)
        query |= Q(content_type=content_type, object_pk__in=[str(pk) for pk in pks])
    return query


def erase_household(household: Household, *, reason: str, by: Any = None) -> ErasureRecord:
    """Remove the household and all that is personal about it; keep the numbers reports need."""
    with transaction.atomic():
        record = ErasureRecord.objects.create(
            city=household.city,
            track=household.track,
            size=household.size,
            stage=household.stage,
            referred_year=household.referred_at.year,
            reason=reason,
            erased_by=by,
        )
        # The newcomer's own account goes too, unless they hold another role.
        accounts = [
            user
            for user in User.objects.filter(assignments__household=household).distinct()
            if not user.assignments.exclude(household=household).exists()
        ]
        change_log = _everything_deleted_with([household, *accounts])
        for obj in [household, *accounts]:
            obj.delete()
        # Deleting writes change-log entries of its own; the query runs now and finds them.
        LogEntry.objects.filter(change_log).delete()
    return record
