import unicodedata

from django.core.management.base import BaseCommand
from django.urls import reverse

from branches.demo import office
from branches.display.models import HallDisplay
from torchbearer import demo


class Command(BaseCommand):
    help = "Load the demo office from the seed document (once; later runs change nothing) and print the demo logins."

    def handle(self, *args, **options):
        if demo.demo_exists():
            self.stdout.write("Demo data is already loaded (演示数据已存在); nothing changed.")
        else:
            demo.build_demo_office()
            self.stdout.write(self.style.SUCCESS(f"Demo office loaded (演示数据已载入): {office.COMMITTEE_NAME}."))
        self.print_logins()

    def print_logins(self):
        self.stdout.write("")
        self.stdout.write("Open http://127.0.0.1:8000/ and log in (登录) with one of these accounts:")
        self.stdout.write("")
        self.stdout.write(f"  {'login':<18}{'person':<8}role")
        for username, role, person in office.demo_logins():
            name = person.name if person else "-"
            self.stdout.write(f"  {username:<18}{pad(name, 8)}{role}")
        self.stdout.write("")
        self.stdout.write(f"  Password for every account (密码): {office.DEMO_PASSWORD}")
        screen = HallDisplay.objects.in_use().order_by("pk").first()
        if screen is not None:
            self.stdout.write("")
            self.stdout.write(f"The hall's screen (大厅显示屏, no login): http://127.0.0.1:8000{reverse('hall-display', args=[screen.token])}")


def pad(text, width):
    """Pad to ``width`` terminal columns; Chinese characters take two."""
    columns = sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)
    return text + " " * max(width - columns, 1)
