from typing import Any

from django.db import models

from samenhier.audit.models import AccessLog


def record_access(
    *, user: Any, obj: models.Model, fields: list[str], purpose: str, path: str = ""
) -> AccessLog:
    """Write down that `user` read `fields` of `obj`; call it wherever sensitive data is shown."""
    return AccessLog.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        fields=",".join(sorted(fields))[:300],
        purpose=purpose,
        path=path[:300],
    )
