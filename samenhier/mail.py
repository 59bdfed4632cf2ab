"""E-mail goes out through the background worker, after the transaction that caused it commits.

A mail server that is slow or down then delays a message instead of failing the page, and a
rolled-back action never sends a message about something that did not happen.
"""

from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task


@task
def deliver(subject: str, body: str, to: list[str]) -> int:
    return send_mail(subject, body, None, to)


def send_after_commit(*, subject: str, body: str, to: list[str]) -> None:
    transaction.on_commit(lambda: deliver.enqueue(str(subject), body, list(to)))
