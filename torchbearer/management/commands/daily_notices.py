import datetime

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_tasks import TaskResultStatus

from branches.downloads import actions as downloads
from branches.kernel import background, imports
from services.notifications import mail, reminders


class Command(BaseCommand):
    help = (
        "Once a day (cron or a scheduled task, at 7:00): leave the day's reminders (deadlines, "
        "rating phases, lectures, development steps, probations), then e-mail the daily digests. "
        "Running it twice tells nobody twice. Also deletes the prepared files, import runs and finished task results older than a week."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to run for, YYYY-MM-DD (default: today)")
        parser.add_argument("--no-digest", action="store_true", help="leave the reminders, send no digest")

    def handle(self, *args, date=None, no_digest=False, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(f"Not a date: {date!r} (use YYYY-MM-DD).") from None
        sent = reminders.send_all(today)
        for kind, count in sent.items():
            self.stdout.write(f"{kind}: {count} new")
        self.stdout.write(f"prepared files deleted: {downloads.delete_old()}")
        self.stdout.write(f"import runs deleted: {imports.delete_old_runs()}")
        if not background.runs_at_once():  # a queue keeps its task results
            call_command("prune_db_task_results", min_age_days=background.KEPT_DAYS, stdout=self.stdout)
        if not no_digest:
            self.stdout.write(self.digests(background.now(mail.email_digests)))

    def digests(self, result):
        """What became of the digests: e-mailed at once, or queued for the worker."""
        if not result.is_finished:
            return "digests queued for the task worker"
        if result.status == TaskResultStatus.SUCCESSFUL:
            return f"digests e-mailed: {result.return_value}"
        return "digests failed: see the task results and the log"
