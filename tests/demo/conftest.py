"""The demo office, seeded once for every module of this package (seeding takes seconds)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings


def seed_demo():
    output = StringIO()
    call_command("seed_demo", stdout=output)
    return output.getvalue()


@pytest.fixture(scope="package", autouse=True)
def demo_office(django_db_setup, django_db_blocker, tmp_path_factory):
    """The output of the first ``seed_demo``; the database is emptied after the package's tests.
    The demo's photos and logo are stored in the package's own folder, never in var/media."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("demo-media")):
        with django_db_blocker.unblock():
            output = seed_demo()
        yield output
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)
