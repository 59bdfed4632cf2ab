from django.core.management.base import BaseCommand
from django.db import transaction

from samenhier.groups.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Remind group members of what they still need to do (run daily; at most weekly per person)."
    )

    def handle(self, *args: object, **options: object) -> None:
        with transaction.atomic():
            count = send_reminders()
        self.stdout.write(f"Reminded {count} people.")
