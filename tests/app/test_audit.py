"""The audit history: every change to records, people, ratings and the reports' inputs is kept,
with who made it, and admins read it in Django admin."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalChanges

from branches.people.models import Person
from branches.ratings import actions
from branches.ratings.models import RatingRound, RoundStatus, Score
from services.satisfaction.models import SatisfactionTally
from tests.ratings.factories import round_with_setup

pytestmark = pytest.mark.django_db

# Kept out of the history on purpose: messages to one user and how they want them, a lecture's own
# Q&A and handouts, the summary tables, which are recomputed from the (audited) records, and the
# hall's screens, whose row itself says who issued and who revoked each one, and when, and the
# files prepared for one user and the imports the worker wrote, which the app keeps a week (the
# rows an import writes are audited), and who reads the app in large text.
NOT_AUDITED = {
    "HallDisplay", "PreparedFile", "ImportRun", "LargeText",
    "Notification", "NotificationPreference", "LectureQuestion", "LectureMaterial",
    "BranchTally", "CommitteeTally", "MemberYearTally", "EnterpriseYearTally", "WindowYearSatisfaction", "MonthSatisfaction",
}

DOMAIN_MODELS = [
    model
    for label in ("branches", "services")
    for model in apps.get_app_config(label).get_models()
    if not issubclass(model, HistoricalChanges)
]


def is_audited(model):
    return hasattr(model, "history")


def test_every_domain_model_is_audited_or_exempt_on_purpose():
    assert {model.__name__ for model in DOMAIN_MODELS if not is_audited(model)} == NOT_AUDITED


@pytest.mark.parametrize(
    "name",
    ["Person", "DevelopmentStep", "ResponsibilityZone", "ServicePledge", "Window", "Branch", "RatingRound", "Nomination",
     "Score", "RatingCriterion", "Rater", "ServiceRecord", "PracticalDeed", "ServiceActivity", "Patrol", "SatisfactionTally",
     "JointItem", "InvestmentProject", "Problem", "ProblemClass", "Lecture", "LectureAttendance", "Mentorship", "Honour"],
)
def test_people_ratings_records_and_report_inputs_are_audited(name):
    model = next(model for model in DOMAIN_MODELS if model.__name__ == name)
    assert is_audited(model)


@pytest.mark.parametrize("model", [model for model in DOMAIN_MODELS if is_audited(model) and model in admin.site._registry], ids=lambda m: m.__name__)
def test_admins_read_the_history_of_every_audited_model(model):
    assert isinstance(admin.site._registry[model], SimpleHistoryAdmin)


def test_a_secretarys_change_to_a_person_is_kept_with_who_made_it(login, office):
    person = office.people["staff_a"]
    response = login("secretary_a").post(
        reverse("branches:person-edit", args=[person.pk]),
        {"name": "王晓", "title": "注册官", "gender": "", "phone": "", "id_number": "", "birth_date": "", "window": "", "group": "", "is_active": "on"},
    )
    assert response.status_code == 302
    latest = person.history.latest()
    assert (latest.name, latest.title, latest.history_user) == ("王晓", "注册官", office.users["secretary_a"])
    assert latest.history_type == "~"


def test_rating_actions_are_kept(office):
    rating_round = round_with_setup(office, status=RoundStatus.NOMINATING)
    nomination = actions.nominate(rating_round, office.people["staff_a"], by=office.users["secretary_a"], post="A-01", reason="好")
    actions.open_scoring(rating_round, by=office.users["committee_admin"])
    criterion = rating_round.criteria.first()
    rater = office.users["rater_b"]
    actions.score(nomination, criterion, by=rater, value=88)
    actions.score(nomination, criterion, by=rater, value=91)
    assert [version.value for version in Score.history.order_by("history_date")] == [88, 91]
    statuses = [version.status for version in RatingRound.history.filter(id=rating_round.pk).order_by("history_date")]
    assert statuses[-2:] == [RoundStatus.NOMINATING, RoundStatus.SCORING]
    assert nomination.history.count() >= 1


def test_the_admin_history_page_shows_a_change(client, office):
    admin_user = office.users["committee_admin"]
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    person = office.people["staff_b"]
    person.title = "窗口负责人"
    person.save()
    client.force_login(admin_user)
    response = client.get(reverse("admin:branches_person_history", args=[person.pk]))
    assert response.status_code == 200
    assert "窗口负责人" in response.content.decode() or response.context["historical_records"]


def test_a_deleted_report_input_leaves_its_history(office):
    tally = SatisfactionTally.objects.create(month=datetime.date(2021, 3, 1), channel="mobile", positive=10)
    tally.delete()
    assert [version.history_type for version in SatisfactionTally.history.order_by("history_date")] == ["+", "-"]


def test_staff_cannot_read_the_history(login, office):
    person = Person.objects.first()
    response = login("secretary_a").get(reverse("admin:branches_person_history", args=[person.pk]))
    assert response.status_code == 302 and "/admin/login/" in response.url
