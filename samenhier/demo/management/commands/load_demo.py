from django.core.management.base import BaseCommand

from samenhier.demo import evaluation, year
from samenhier.demo.cast import DEMO_PASSWORD, load_cast


class Command(BaseCommand):
    help = "Load the demo cast (idempotent: safe to run again)."

    def handle(self, *args: object, **options: object) -> None:
        cast = load_cast()
        year.populate()
        evaluation.populate()
        self.stdout.write(
            self.style.SUCCESS("Demo cast loaded. Password for everyone: " + DEMO_PASSWORD)
        )
        for city, role, person in cast.people():
            where = f" ({city})" if city else ""
            self.stdout.write(f"  {person.email:<22} {role}{where}")
