import time

from django.core.management.base import BaseCommand

from services import activity_dates, tallies
from services.models import BranchTally, CommitteeTally, EnterpriseYearTally, MemberYearTally


class Command(BaseCommand):
    help = (
        "Recompute the summary tables of approved records (services.models.tallies) and the members' "
        "last active dates (services.activity_dates) from the records."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        tallies.rebuild()
        activity_dates.rebuild()
        counts = ", ".join(f"{model._meta.verbose_name_plural} {model.objects.count()}" for model in (BranchTally, CommitteeTally, MemberYearTally, EnterpriseYearTally))
        self.stdout.write(f"Tallies rebuilt in {time.monotonic() - started:.1f} s: {counts}.")
