import time

from django.core.management.base import BaseCommand, CommandError

from branches.models import Person
from torchbearer.datasets import LOGINS, PASSWORD, SCALES, generate


class Command(BaseCommand):
    help = "Generate a dataset at office, city or province scale (DESIGN.md section 6) with bulk inserts."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(SCALES), default="office")
        parser.add_argument("--seed", type=int, default=2021)

    def handle(self, *args, scale, seed, **options):
        if Person.objects.exists():
            raise CommandError("The database already holds people; generate into an empty database.")
        started = time.monotonic()
        counts = generate(scale, seed=seed, log=self.stdout.write)
        elapsed = time.monotonic() - started
        for name, count in counts.items():
            self.stdout.write(f"{name:<20}{count:>10}")
        self.stdout.write(f"Generated the {scale} dataset in {elapsed:.1f} s. Logins {', '.join(LOGINS)} / {PASSWORD}")
