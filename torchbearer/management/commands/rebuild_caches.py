import time

from django.core.management.base import BaseCommand, CommandError

from torchbearer import caches


class Command(BaseCommand):
    help = (
        "Work the kept summaries (torchbearer.caches) out again from their rows: after a bulk load, "
        "or nightly for the windows' coverage of the new day (`rebuild_caches coverage`)."
    )

    def add_arguments(self, parser):
        known = ", ".join(cache.name for cache in caches.CACHES)
        parser.add_argument("names", nargs="*", metavar="NAME", help=f"only these summaries, of: {known}")

    def handle(self, *args, names, **options):
        unknown = set(names) - {cache.name for cache in caches.CACHES}
        if unknown:
            raise CommandError(f"No summary is called {', '.join(sorted(unknown))}.")
        started = time.monotonic()
        caches.rebuild(names or None)
        done = ", ".join(names) if names else "every summary"
        self.stdout.write(f"Rebuilt {done} in {time.monotonic() - started:.1f} s.")
