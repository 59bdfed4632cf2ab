import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Start the demo: migrate, load the demo cast, run the worker and the web server."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args: object, **options: object) -> None:
        if settings.PRODUCTION:
            raise CommandError("The demo never runs with production settings.")
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_demo")
        call_command("schedule_retention")
        call_command("schedule_journeys")
        # The worker runs beside the web server, as in production, so e-mails and other
        # background tasks really go through the queue.
        manage = settings.BASE_DIR / "manage.py"
        worker = subprocess.Popen([sys.executable, str(manage), "db_worker"])  # noqa: S603 (our own manage.py)
        address = str(options["addrport"])
        self.stdout.write(self.style.SUCCESS(f"\nSamen Hier demo: open http://{address}/\n"))
        try:
            call_command("runserver", address, use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
