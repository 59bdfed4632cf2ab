"""Every write to cities and organisations."""

from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samenhier.network import policies
from samenhier.network.models import City, Organisation, Programme


class StaleEdit(ValidationError):
    """An edit made on an old copy: the person is told to reload, nothing is overwritten."""

    def __init__(self, message: Any, code: str = "stale", params: Any = None) -> None:
        super().__init__(message, code, params)


STALE_MESSAGE = gettext_noop(
    "Someone else changed this in the meantime. Reload the page to see their changes."
)


def claim(
    rows: "models.QuerySet[Any]", version: int | None, *, stale: str = STALE_MESSAGE, **changes: Any
) -> None:
    """Write `changes` to `rows` (one row, by pk, with any further condition) and bump its
    version, in one UPDATE, unless the version moved since `version` was read: then
    StaleEdit. The check and the write are one statement, so of two people acting at once
    exactly one is told. `version` None: a one-click act that ends the same whoever clicks
    first (no check). `stale`: the message (marked with gettext_noop) to say so."""
    if version is not None:
        rows = rows.filter(version=version)
    if not rows.update(version=F("version") + 1, **changes):
        raise StaleEdit(_(stale))


def save_versioned(*, actor: Any, form: Any, allowed: bool) -> models.Model:
    """Save a ModelForm whose instance carries `version`; refuse an edit made on an old copy.

    The version check and the bump happen in one UPDATE, so two people saving at once cannot
    both win: the second is told to reload instead of silently overwriting the first.
    """
    if not allowed:
        raise PermissionDenied
    instance = form.instance
    with transaction.atomic():
        if instance.pk is None:
            return cast(models.Model, form.save())
        expected = form.cleaned_data.get("version")
        if expected is None:
            raise StaleEdit(_(STALE_MESSAGE))
        claim(type(instance).objects.filter(pk=instance.pk), expected)
        instance.version = (expected or 0) + 1
        return cast(models.Model, form.save())


def save_city(*, actor: Any, form: Any) -> City:
    allowed = (
        policies.can_manage_network(actor)
        if form.instance.pk is None
        else policies.can_edit_city(actor, form.instance)
    )
    return cast(City, save_versioned(actor=actor, form=form, allowed=allowed))


def save_organisation(*, actor: Any, form: Any) -> Organisation:
    allowed = (
        policies.can_manage_network(actor)
        if form.instance.pk is None
        else policies.can_edit_organisation(actor, form.instance)
    )
    return cast(Organisation, save_versioned(actor=actor, form=form, allowed=allowed))


def save_programme(*, actor: Any, form: Any) -> Programme:
    return cast(
        Programme,
        save_versioned(actor=actor, form=form, allowed=policies.can_manage_network(actor)),
    )
