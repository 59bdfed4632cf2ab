from typing import Any

from django.db.models import QuerySet

from samenhier.accounts.scoping import is_national_coordinator
from samenhier.audit.models import AccessLog


def access_log_visible_to(user: Any) -> QuerySet[AccessLog]:
    if is_national_coordinator(user):
        return AccessLog.objects.all()
    return AccessLog.objects.none()


def can_read_access_log(user: Any) -> bool:
    return is_national_coordinator(user)
