import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.people.actions import record_development_step
from branches.people.models import DevelopmentStep, PoliticalStatus
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_it_records_the_next_step_and_raises_the_status(office):
    person = PersonFactory(branch=office.branch_a, political_status=PoliticalStatus.MASSES)
    record_development_step(person, stage=PoliticalStatus.APPLICANT, date=D(2020, 1, 5), by=office.users["secretary_a"])
    person.refresh_from_db()
    assert person.political_status == PoliticalStatus.APPLICANT
    assert person.development_steps.get().recorded_by == office.users["secretary_a"]


def test_steps_follow_the_partys_order(office):
    person = PersonFactory(branch=office.branch_a, political_status=PoliticalStatus.MASSES)
    with pytest.raises(ValidationError) as error:
        record_development_step(person, stage=PoliticalStatus.PROBATIONARY, date=D(2020, 1, 5), by=None)
    assert error.value.code == "step_out_of_order"
    assert DevelopmentStep.objects.count() == 0


def test_step_dates_never_go_backwards(office):
    person = PersonFactory(branch=office.branch_a, political_status=PoliticalStatus.MASSES)
    record_development_step(person, stage=PoliticalStatus.APPLICANT, date=D(2020, 6, 1), by=None)
    with pytest.raises(ValidationError) as error:
        record_development_step(person, stage=PoliticalStatus.ACTIVIST, date=D(2020, 5, 1), by=None)
    assert error.value.code == "step_date_backwards"
    person.refresh_from_db()
    assert person.political_status == PoliticalStatus.APPLICANT
    assert person.development_steps.count() == 1


def test_a_step_cannot_be_in_the_future(office):
    person = PersonFactory(branch=office.branch_a, political_status=PoliticalStatus.MASSES)
    with pytest.raises(ValidationError):
        record_development_step(
            person, stage=PoliticalStatus.APPLICANT, date=timezone.localdate() + datetime.timedelta(days=1), by=None
        )
    assert DevelopmentStep.objects.count() == 0


def test_a_full_member_has_no_next_step(office):
    person = PersonFactory(branch=office.branch_a, political_status=PoliticalStatus.FULL)
    with pytest.raises(ValidationError):
        record_development_step(person, stage=PoliticalStatus.FULL, date=D(2020, 1, 1), by=None)


def test_only_a_manager_of_the_branch_may_record_a_step(office):
    person = PersonFactory(branch=office.branch_a, political_status=PoliticalStatus.MASSES)
    for role in ("staff_a", "secretary_b", "committee_member"):
        with pytest.raises(PermissionDenied):
            record_development_step(person, stage=PoliticalStatus.APPLICANT, date=D(2020, 1, 1), by=office.users[role])
    assert DevelopmentStep.objects.count() == 0


def test_the_step_order_is_checked_on_the_model_too(office):
    person = PersonFactory(branch=office.branch_a, political_status=PoliticalStatus.ACTIVIST)
    DevelopmentStep.objects.create(person=person, stage=PoliticalStatus.APPLICANT, date=D(2020, 6, 1))
    step = DevelopmentStep(person=person, stage=PoliticalStatus.ACTIVIST, date=D(2019, 6, 1))
    with pytest.raises(ValidationError):
        step.full_clean()


def test_a_secretary_records_a_step_from_the_person_page(login, office):
    person = PersonFactory(branch=office.branch_a, political_status=PoliticalStatus.MASSES)
    response = login("secretary_a").post(
        reverse("branches:development-step-add", args=[person.pk]),
        {"stage": PoliticalStatus.APPLICANT, "date": "2021-03-01"},
        follow=True,
    )
    assert response.status_code == 200
    assert _("The development step was recorded.") in response.content.decode()
    person.refresh_from_db()
    assert person.political_status == PoliticalStatus.APPLICANT


@pytest.mark.parametrize(
    "data",
    [
        {"stage": PoliticalStatus.CANDIDATE, "date": "2021-03-01"},
        {"stage": PoliticalStatus.APPLICANT, "date": "not a date"},
        {"stage": "x", "date": "2021-03-01"},
        {"stage": PoliticalStatus.APPLICANT, "date": "2999-01-01"},
        {},
    ],
)
def test_the_step_form_rejects_bad_input(login, office, data):
    person = PersonFactory(branch=office.branch_a, political_status=PoliticalStatus.MASSES)
    response = login("secretary_a").post(
        reverse("branches:development-step-add", args=[person.pk]), data, follow=True
    )
    assert response.status_code == 200
    assert 'alert-danger' in response.content.decode()
    assert DevelopmentStep.objects.count() == 0


@pytest.mark.parametrize("role, status", [("staff_a", 403), ("committee_member", 403), ("secretary_b", 404)])
def test_others_cannot_record_steps(login, office, role, status):
    person = PersonFactory(branch=office.branch_a, political_status=PoliticalStatus.MASSES)
    response = login(role).post(
        reverse("branches:development-step-add", args=[person.pk]),
        {"stage": PoliticalStatus.APPLICANT, "date": "2021-03-01"},
    )
    assert response.status_code == status
    assert DevelopmentStep.objects.count() == 0


def test_recording_a_step_needs_post(login, office):
    person = office.people["staff_a"]
    assert login("secretary_a").get(reverse("branches:development-step-add", args=[person.pk])).status_code == 405
