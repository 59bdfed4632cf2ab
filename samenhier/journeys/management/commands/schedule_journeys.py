from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from samenhier.journeys import tasks


class Command(BaseCommand):
    help = (
        "Start the daily run of the year (overdue tasks, reminders, silences) in the background "
        "worker (safe to repeat)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if tasks.schedule(timezone.now()):
            self.stdout.write(f"The year's daily run starts at {tasks.next_run(timezone.now())}.")
        else:
            self.stdout.write("The year's daily run is already scheduled.")
