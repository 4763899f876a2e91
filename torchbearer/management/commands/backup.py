from django.core.management.base import BaseCommand

from torchbearer.backups import write_backup


class Command(BaseCommand):
    help = "Write a complete, restorable backup (database rows and uploaded files) to a zip file."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the zip file to write, e.g. backups/torchbearer-2021-12-31.zip")

    def handle(self, *args, path, **options):
        rows, files = write_backup(path)
        self.stdout.write(f"Backed up {rows} rows and {files} uploaded files to {path}.")
