"""The demo office, seeded once for every module of this package (seeding takes seconds)."""

from io import StringIO

import pytest
from django.core.management import call_command


def seed_demo():
    output = StringIO()
    call_command("seed_demo", stdout=output)
    return output.getvalue()


@pytest.fixture(scope="package", autouse=True)
def demo_office(django_db_setup, django_db_blocker):
    """The output of the first ``seed_demo``; the database is emptied after the package's tests."""
    with django_db_blocker.unblock():
        output = seed_demo()
    yield output
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
