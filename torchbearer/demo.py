"""The demo office of the seed document, built feature by feature in one transaction: what
``manage.py seed_demo`` loads and the tests that read a whole office share.

Every builder takes ``today``: the office lives from 2019 (the document's years, kept as the
document says) up to that day, every year since invented in the same way."""

from django.db import transaction
from django.utils import timezone

from branches.demo.brand import build_brand, build_hall_screen
from branches.demo.office import build_office
from branches.demo.passing_on import build_passing_on
from branches.demo.seed import COMMITTEE_NAME
from branches.organisation.models import Committee
from branches.ratings.demo import build_rating_rounds, years_until
from services.demo.enterprises import build_enterprises
from services.demo.records import build_demo_records
from services.demo.rota import build_rotas
from services.demo.serve import build_serve
from services.demo.studios import build_studio
from services.notifications import reminders


def demo_exists():
    return Committee.objects.filter(name=COMMITTEE_NAME).exists()


@transaction.atomic
def build_demo_office(today=None):
    """Create the demo office in an empty database; returns the committee."""
    today = today or timezone.localdate()
    committee = build_office(today=today)
    build_brand(committee)
    build_hall_screen()
    build_enterprises()
    build_demo_records(today=today)
    build_rotas(today=today)
    build_passing_on(today=today)
    build_studio(today=today)
    build_serve(today=today)
    build_rating_rounds(years=years_until(today))
    reminders.send_all(today)
    return committee
