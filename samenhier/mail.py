"""E-mail goes out through the background worker, after the transaction that caused it commits.

A mail server that is slow or down then delays a message instead of failing the page, and a
rolled-back action never sends a message about something that did not happen.
"""

from collections.abc import Iterable
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise

from samenhier.accounts.models import User


@task
def deliver(subject: str, body: str, to: list[str]) -> int:
    return send_mail(subject, body, None, to)


def send_after_commit(*, subject: str, body: str, to: list[str]) -> None:
    transaction.on_commit(lambda: deliver.enqueue(str(subject), body, list(to)))


def tell_with(
    recipients: Iterable[tuple[str, str]], *, subject: Promise, template: str, **context: Any
) -> None:
    """Send one message per address, each rendered in that person's language; `subject` is
    filled in from `context` like the template. Messages name households only by reference."""
    seen: set[str] = set()
    for email, language in recipients:
        if not email or email in seen:
            continue
        seen.add(email)
        with translation.override(language):
            text = str(subject) % context
            body = render_to_string(template, context)
        send_after_commit(subject=text, body=body, to=[email])


def addressed(users: Iterable[User]) -> list[tuple[str, str]]:
    return [(u.email, u.preferred_language) for u in users]


def people_in_city(role: str, city_id: int) -> QuerySet[User]:
    """Everyone who holds `role` in the city, directly or through an organisation there."""
    return User.objects.filter(
        Q(assignments__city_id=city_id) | Q(assignments__organisation__city_id=city_id),
        assignments__role=role,
        assignments__revoked_at__isnull=True,
    ).distinct()
