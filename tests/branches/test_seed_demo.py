"""The demo office that `manage.py seed_demo` loads for the README's run command."""

from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from branches import selectors
from branches.demo import DEMO_PASSWORD, LOGINS
from branches.models import (
    Branch,
    BranchBrand,
    BranchRole,
    DevelopmentStep,
    HallArea,
    Honour,
    PartyGroup,
    Person,
    PoliticalStatus,
    ResponsibilityZone,
    ServicePledge,
    Window,
)
from branches.scope import Role, scope_for
from services.models import Enterprise

pytestmark = pytest.mark.django_db

MODELS = [
    Branch,
    BranchBrand,
    HallArea,
    Window,
    PartyGroup,
    Person,
    DevelopmentStep,
    ResponsibilityZone,
    ServicePledge,
    Honour,
    Enterprise,
    get_user_model(),
]

EXPECTED_ROLES = {
    "admin": Role.COMMITTEE_ADMIN,
    "committee": Role.COMMITTEE_MEMBER,
    "secretary1": Role.SECRETARY,
    "secretary4": Role.SECRETARY,
    "branchcommittee1": Role.BRANCH_COMMITTEE,
    "leader1": Role.GROUP_LEADER,
    "staff1": Role.STAFF,
}


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed_demo():
    output = StringIO()
    call_command("seed_demo", stdout=output)
    return output.getvalue()


def row_counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_it_can_run_twice_and_changes_nothing_the_second_time():
    seed_demo()
    first = row_counts()
    output = seed_demo()
    assert row_counts() == first
    assert first["Branch"] == 5
    assert 140 <= first["Person"] <= 160
    assert 30 <= first["Window"] <= 40
    assert "http://127.0.0.1:8000/" in output
    assert DEMO_PASSWORD in output
    assert all(username in output for username, _role in LOGINS)


def test_it_records_the_development_figures_of_2019_to_2021():
    seed_demo()
    totals = Counter()
    for year in (2019, 2020, 2021):
        totals.update(selectors.development_counts(None, year=year))
    assert totals[PoliticalStatus.APPLICANT] == 13
    assert totals[PoliticalStatus.ACTIVIST] == 4
    assert totals[PoliticalStatus.PROBATIONARY] == 8


def test_every_development_step_went_through_the_action():
    seed_demo()
    assert not DevelopmentStep.objects.filter(recorded_by=None).exists()
    for person in Person.objects.filter(development_steps__isnull=False).distinct():
        stages = sorted(person.development_steps.values_list("stage", flat=True))
        assert stages == list(range(PoliticalStatus.APPLICANT, person.political_status + 1))


def test_every_branch_has_exactly_one_secretary():
    seed_demo()
    for branch in Branch.objects.all():
        assert branch.members.filter(branch_role=BranchRole.SECRETARY).count() == 1


def test_it_leaves_a_window_without_a_responsibility_zone():
    seed_demo()
    coverage = selectors.window_coverage()
    assert 1 <= coverage.without_zone <= 2
    assert coverage.without_branch == 0


def test_every_demo_login_opens_the_dashboard(client):
    seed_demo()
    for username, _role in LOGINS:
        assert client.login(username=username, password=DEMO_PASSWORD), username
        user = get_user_model().objects.get(username=username)
        assert scope_for(user).role == EXPECTED_ROLES[username]
        response = client.get("/", follow=True)
        assert response.status_code == 200, username
        assert response.redirect_chain[-1][0] == "/dashboard/"
        client.logout()


def test_the_demo_staff_member_has_a_window_a_zone_and_a_pledge():
    seed_demo()
    staff = Person.objects.get(user__username="staff1")
    assert staff.window is not None
    assert staff.responsibility_zones.filter(windows=staff.window).exists()
    assert staff.pledges.exists()


def test_the_demo_data_passes_model_validation():
    seed_demo()
    for person in Person.objects.filter(user__isnull=False):
        person.full_clean()
    for model in MODELS[:-1]:
        rows = list(model.objects.order_by("pk"))
        for obj in rows if len(rows) <= 40 else rows[::5]:
            obj.full_clean()
