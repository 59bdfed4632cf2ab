from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from samenhier.newcomers import tasks


class Command(BaseCommand):
    help = "Start the nightly retention run in the background worker (safe to repeat)."

    def handle(self, *args: Any, **options: Any) -> None:
        if tasks.schedule(timezone.now()):
            self.stdout.write(f"Retention runs nightly from {tasks.next_run(timezone.now())}.")
        else:
            self.stdout.write("The nightly retention run is already scheduled.")
