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
        parser.add_argument(
            "--check",
            action="store_true",
            help="change nothing: name the summaries that differ from a rebuild, and fail if any does "
            "(it holds the summaries' rows while it compares: run it when the office is quiet)",
        )

    def handle(self, *args, names, check, **options):
        unknown = set(names) - {cache.name for cache in caches.CACHES}
        if unknown:
            raise CommandError(f"No summary is called {', '.join(sorted(unknown))}.")
        if check:
            differing = caches.differences(names or None)
            if differing:
                raise CommandError(f"These summaries differ from a rebuild: {', '.join(differing)}.")
            self.stdout.write("Every summary equals a rebuild.")
            return
        started = time.monotonic()
        caches.rebuild(names or None)
        done = ", ".join(names) if names else "every summary"
        self.stdout.write(f"Rebuilt {done} in {time.monotonic() - started:.1f} s.")
