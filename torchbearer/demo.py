"""The demo office of the seed document, built feature by feature in one transaction: what
``manage.py seed_demo`` loads and the tests that read a whole office share."""

from django.db import transaction
from django.utils import timezone

from branches.demo.office import build_office
from branches.demo.passing_on import build_passing_on
from branches.demo.seed import COMMITTEE_NAME
from branches.organisation.models import Committee
from branches.ratings.demo import build_rating_rounds
from services.demo.enterprises import build_enterprises
from services.demo.records import build_demo_records
from services.demo.rota import build_rotas
from services.demo.serve import build_serve
from services.demo.studios import build_studio
from services.notifications import reminders


def demo_exists():
    return Committee.objects.filter(name=COMMITTEE_NAME).exists()


@transaction.atomic
def build_demo_office():
    """Create the demo office in an empty database; returns the committee."""
    committee = build_office()
    build_enterprises()
    build_demo_records()
    build_rotas()
    build_passing_on()
    build_studio()
    build_serve()
    build_rating_rounds()
    reminders.send_all(timezone.localdate())
    return committee
