import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from samenhier.accounts import services
from samenhier.accounts.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)


def test_invitation_mail_goes_through_the_database_queue_and_the_worker(cast, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    services.invite(
        actor=cast.national_coordinator,
        email="kim@example.org",
        full_name="Kim",
        role=Role.MUNICIPALITY_OFFICER,
        city=cast.rotterdam.city,
        language="en",
    )
    # Queued, not sent: the page did not wait for the mail server.
    assert DBTaskResult.objects.count() == 1
    assert mail.outbox == []

    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)

    assert [m.to for m in mail.outbox] == [["kim@example.org"]]
    assert mail.outbox[0].subject == "You are invited to Samen Hier"
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_no_mail_is_queued_when_the_action_rolls_back(cast, settings):
    from django.db import transaction

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def invite_then_fail():
        with transaction.atomic():
            services.invite(
                actor=cast.national_coordinator,
                email="kim@example.org",
                full_name="Kim",
                role=Role.MUNICIPALITY_OFFICER,
                city=cast.rotterdam.city,
            )
            raise RuntimeError("something later in the same action failed")

    with pytest.raises(RuntimeError):
        invite_then_fail()
    assert DBTaskResult.objects.count() == 0
