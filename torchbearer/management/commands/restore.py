from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from torchbearer.backups import database_is_empty, restore_backup


class Command(BaseCommand):
    help = "Restore a backup written by `backup` into an empty (or, with --flush, emptied) database."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--flush", action="store_true", help="empty the database first")

    def handle(self, *args, path, flush=False, **options):
        if flush:
            call_command("flush", interactive=False, verbosity=0)
        elif not database_is_empty():
            raise CommandError("The database holds data; restore into an empty database or pass --flush.")
        rows, files = restore_backup(path)
        self.stdout.write(f"Restored {rows} rows and {files} uploaded files from {path}.")
