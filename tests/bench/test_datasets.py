"""The dataset generator writes the scale's rows, valid enough for every page, and refuses a full database."""

import datetime
import io

import pytest
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from bench.datasets import (
    PASSWORD,
    ROLE_LOGINS,
    SCALES,
    DatabaseNotEmpty,
    generate_into_empty,
)
from branches.kernel.scope import Role, scope_for
from branches.lectures.models import Lecture, LectureAttendance, LectureFeedback
from branches.mentoring.models import Mentorship, MentorshipSession
from branches.organisation.models import ResponsibilityZone
from branches.people.development import validate_step_order
from branches.people.models import DevelopmentStep, Person
from branches.pledges.models import ServicePledge
from branches.ratings.models import Nomination, RatingRound, RoundStatus, Score
from services.notifications.models import Notification
from services.problems.models import Measure, Problem, ProblemStatus
from services.records.models import (
    RECORD_MODELS,
    Patrol,
    ReviewStatus,
    ServiceActivity,
    ServiceRecord,
)
from services.satisfaction.models import SatisfactionTally
from services.speedups.models import InvestmentProject, JointItem
from services.studios.models import Case, Studio

pytestmark = pytest.mark.django_db

ROLES = {
    "admin": Role.COMMITTEE_ADMIN,
    "committee": Role.COMMITTEE_MEMBER,
    "secretary": Role.SECRETARY,
    "branch_committee": Role.BRANCH_COMMITTEE,
    "leader": Role.GROUP_LEADER,
    "staff": Role.STAFF,
}


@pytest.fixture
def tiny():
    output = io.StringIO()
    generate_into_empty("tiny", out=output)
    return output.getvalue()


def test_it_generates_the_tiny_scale(tiny):
    scale = SCALES["tiny"]
    assert Person.objects.count() == scale.people
    assert sum(model.objects.count() for model in RECORD_MODELS) == scale.records
    assert Lecture.objects.count() == scale.lectures
    assert ServiceRecord.objects.filter(status=ReviewStatus.APPROVED).exists()
    assert "Generated the tiny dataset" in tiny


def test_there_is_a_login_for_every_role(client):
    generate_into_empty("tiny", out=io.StringIO())
    assert set(ROLE_LOGINS) == set(ROLES)
    for role, username in ROLE_LOGINS.items():
        person = Person.objects.select_related("user").get(user__username=username)
        assert scope_for(person.user).role is ROLES[role], username
        assert client.login(username=username, password=PASSWORD), username
        for name in ["dashboard", "pillar-lead", "pillar-pass-on", "pillar-dedicate", "pillar-serve"]:
            assert client.get(reverse(name)).status_code == 200, (username, name)
        client.logout()
    secretary = Person.objects.get(user__username=ROLE_LOGINS["secretary"])
    for role in ["branch_committee", "leader", "staff"]:
        assert Person.objects.get(user__username=ROLE_LOGINS[role]).branch_id == secretary.branch_id
    staff = Person.objects.get(user__username=ROLE_LOGINS["staff"])
    assert ResponsibilityZone.objects.filter(member=staff, windows__isnull=False).exists()
    assert staff.group.leader.user.username == ROLE_LOGINS["leader"]
    everyone = Person.objects.filter(user__isnull=False).count()
    assert everyone == Person.objects.count()


def test_the_pages_have_something_to_show(tiny):
    for model in [
        DevelopmentStep, ServicePledge, LectureAttendance, LectureFeedback, Mentorship, MentorshipSession, Studio,
        Case, Nomination, Score, Problem, Measure, InvestmentProject, JointItem, SatisfactionTally, Notification,
    ]:
        assert model.objects.exists(), model.__name__
    assert ServiceActivity.participants.through.objects.exists()
    assert Nomination.objects.filter(selected=True, round__status=RoundStatus.PUBLISHED).exists()
    assert RatingRound.objects.filter(status=RoundStatus.SCORING).exists()
    assert Problem.objects.filter(status=ProblemStatus.VERIFIED).exists() or Problem.objects.filter(status=ProblemStatus.RESOLVED).exists()
    assert ServiceRecord.objects.filter(status=ReviewStatus.SUBMITTED).exists()


def test_the_rows_keep_the_rules(tiny):
    today = timezone.localdate()
    for model in RECORD_MODELS:
        assert not model.objects.filter(date__gt=today).exists()
        first = model.objects.order_by("date").values_list("date", flat=True).first()
        assert first >= datetime.date(today.year - SCALES["tiny"].years + 1, 1, 1)
    for person in Person.objects.prefetch_related("development_steps"):
        steps = [(step.stage, step.date) for step in person.development_steps.all()]
        validate_step_order(steps, birth_date=person.birth_date)
        if person.political_status:
            assert max(stage for stage, _date in steps) == person.political_status
    for patrol in Patrol.objects.select_related("zone"):
        assert patrol.zone.member_id == patrol.person_id
    zones = ResponsibilityZone.objects.annotate(held=Exists(ResponsibilityZone.windows.through.objects.filter(responsibilityzone=OuterRef("pk"))))
    assert all(zone.holds_windows == zone.held for zone in zones) and any(zone.held for zone in zones)


def test_the_members_last_active_dates_are_worked_out(tiny):
    from services.records import activity_dates

    generated = sorted(Person.objects.values_list("pk", "last_active_on"))
    assert any(day is not None for _pk, day in generated)
    activity_dates.rebuild()
    assert generated == sorted(Person.objects.values_list("pk", "last_active_on"))


def test_new_rows_get_fresh_keys_after_it(tiny):
    """The keys are given by the generator; the sequences go on after them."""
    staff = Person.objects.get(user__username=ROLE_LOGINS["staff"])
    record = ServiceRecord.objects.create(
        person=staff, branch_id=staff.branch_id, date=timezone.localdate(), kind="appointment",
        hours=1, served_name="群众", reason="special_reason",
    )
    assert record.pk > max(ServiceRecord.objects.exclude(pk=record.pk).values_list("pk", flat=True))


def test_it_refuses_a_database_that_holds_people(office):
    with pytest.raises(DatabaseNotEmpty):
        generate_into_empty("tiny", out=io.StringIO())
