from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from samenhier.newcomers import retention


class Command(BaseCommand):
    help = "Erase households whose retention period has ended; --dry-run lists them only."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="list, remove nothing")

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        gone = retention.enforce(timezone.now(), dry_run=dry_run)
        verb = "would be erased" if dry_run else "erased"
        for item in gone:
            self.stdout.write(
                f"{item.reference}\t{item.stage}\tsince {item.since:%Y-%m-%d}\t{verb}"
            )
        self.stdout.write(f"{len(gone)} households {verb}.")
