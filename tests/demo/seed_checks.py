"""The demo office that `manage.py seed_demo` loads for the README's run command."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Sum

from branches.brand.models import Brand, BrandPractice
from branches.demo.seed import DEMO_PASSWORD, LOGINS
from branches.display.models import HallDisplay
from branches.honours.models import Honour
from branches.kernel.scope import Role, scope_for
from branches.lectures.models import Lecture, LectureAttendance
from branches.lectures.selectors import calendar_months
from branches.mentoring.models import Mentorship
from branches.organisation import selectors as organisation_selectors
from branches.organisation.models import (
    Branch,
    HallArea,
    PartyGroup,
    ResponsibilityZone,
    Window,
)
from branches.people.models import BranchRole, DevelopmentStep, Person, PoliticalStatus
from branches.pledges.models import BranchBrand, ServicePledge
from services.enterprises.models import Enterprise
from services.notifications.models import Notification
from services.problems.models import Problem, ProblemClass
from services.records.models import (
    RECORD_MODELS,
    Patrol,
    PracticalDeed,
    ReviewStatus,
    ServiceKind,
    ServiceRecord,
)
from services.records.photos import RecordPhoto
from services.satisfaction import figures as satisfaction_figures
from services.speedups.models import InvestmentProject, JointItem
from services.studios.models import Case, Studio
from tests.conftest import figure
from tests.demo.conftest import seed_demo

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
    *RECORD_MODELS,
    RecordPhoto,
    Brand,
    BrandPractice,
    Mentorship,
    Lecture,
    Problem,
    ProblemClass,
    JointItem,
    InvestmentProject,
    Case,
    Notification,
    HallDisplay,
    get_user_model(),
]

EXPECTED_ROLES = {
    "admin": Role.COMMITTEE_ADMIN,
    "committee": Role.COMMITTEE_MEMBER,
    "secretary1": Role.SECRETARY,
    "secretary2": Role.SECRETARY,
    "secretary3": Role.SECRETARY,
    "secretary4": Role.SECRETARY,
    "secretary5": Role.SECRETARY,
    "branchcommittee1": Role.BRANCH_COMMITTEE,
    "leader1": Role.GROUP_LEADER,
    "staff1": Role.STAFF,
}


def row_counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_it_can_run_twice_and_changes_nothing_the_second_time(demo_office):
    first = row_counts()
    output = demo_office + seed_demo()
    assert row_counts() == first
    assert first["Branch"] == 5
    assert 140 <= first["Person"] <= 160
    assert 30 <= first["Window"] <= 40
    assert "http://127.0.0.1:8000/" in output
    assert DEMO_PASSWORD in output
    assert all(username in output for username, _role in LOGINS)
    screen = HallDisplay.objects.in_use().get()
    assert f"http://127.0.0.1:8000/display/{screen.token}/" in output


def test_the_hall_screen_it_prints_opens_the_display(client):
    screen = HallDisplay.objects.in_use().get()
    response = client.get(f"/display/{screen.token}/")
    assert response.status_code == 200
    assert "火炬手" in response.content.decode()


def test_it_records_the_development_figures_of_2019_to_2021():
    def over_three_years(key):
        return sum(figure(key, year) for year in (2019, 2020, 2021))

    assert over_three_years("applications_submitted") == 13
    assert over_three_years("new_activists") == 4
    assert over_three_years("new_party_members") == 8


def test_every_development_step_went_through_the_action():
    assert not DevelopmentStep.objects.filter(recorded_by=None).exists()
    for person in Person.objects.filter(development_steps__isnull=False).distinct():
        stages = sorted(person.development_steps.values_list("stage", flat=True))
        assert stages == list(range(PoliticalStatus.APPLICANT, person.political_status + 1))


def test_every_branch_has_exactly_one_secretary():
    for branch in Branch.objects.all():
        assert branch.members.filter(branch_role=BranchRole.SECRETARY).count() == 1


def test_it_leaves_a_window_without_a_responsibility_zone():
    coverage = organisation_selectors.coverage_summary()
    assert 1 <= coverage.without_zone <= 2
    assert coverage.without_branch == 0


def test_every_demo_login_opens_the_dashboard(client):
    for username, _role in LOGINS:
        assert client.login(username=username, password=DEMO_PASSWORD), username
        user = get_user_model().objects.get(username=username)
        assert scope_for(user).role == EXPECTED_ROLES[username]
        response = client.get("/", follow=True)
        assert response.status_code == 200, username
        assert response.redirect_chain[-1][0] == "/dashboard/"
        client.logout()


def test_the_demo_staff_member_has_a_window_a_zone_and_a_pledge():
    staff = Person.objects.get(user__username="staff1")
    assert staff.window is not None
    assert staff.responsibility_zones.filter(windows=staff.window).exists()
    assert staff.pledges.exists()


def test_the_demo_data_passes_model_validation():
    for person in Person.objects.filter(user__isnull=False):
        person.full_clean()
    for model in MODELS[:-1]:
        rows = list(model.objects.order_by("pk"))
        for obj in rows if len(rows) <= 40 else rows[::5]:
            obj.full_clean()


def test_the_2021_service_figures_are_those_of_the_seed_document():
    approved_2021 = ServiceRecord.objects.approved().in_year(2021)
    extended = approved_2021.filter(kind=ServiceKind.EXTENDED_HOURS)
    door_to_door = approved_2021.filter(kind=ServiceKind.DOOR_TO_DOOR)
    assert extended.aggregate(total=Sum("hours"))["total"] == Decimal("218")
    assert door_to_door.aggregate(total=Sum("persons_sent"))["total"] == 113
    assert door_to_door.values("enterprise").distinct().count() == 37


def test_the_practical_deeds_of_2019_to_2021_are_those_of_the_seed_document():
    deeds = PracticalDeed.objects.approved().filter(date__year__gte=2019, date__year__lte=2021)
    assert deeds.filter(beneficiary="masses").count() == 351
    assert deeds.filter(beneficiary="enterprise").count() == 213


def test_every_demo_record_went_through_the_workflow():
    """Approved by a reviewer, except the patrols that found nothing: those are approved as they
    are logged, by nobody (services.records.actions.submit)."""
    for model in RECORD_MODELS:
        unreviewed = model.objects.filter(found_problem=False) if model is Patrol else model.objects.none()
        assert not model.history.filter(history_type="+", status=ReviewStatus.APPROVED).exclude(
            id__in=unreviewed.values("pk")).exists()
        approved = model.objects.approved().exclude(pk__in=unreviewed.values("pk"))
        assert not approved.filter(reviewed_by=None).exists()
        reviewed_history = model.history.filter(status=ReviewStatus.APPROVED).exclude(id__in=unreviewed.values("pk"))
        assert reviewed_history.values("id").distinct().count() == approved.count()


def test_the_review_queues_have_work_in_them():
    for username in ["secretary1", "secretary4"]:
        user = get_user_model().objects.get(username=username)
        waiting = sum(model.objects.manageable_by(user).waiting_for_review().count() for model in RECORD_MODELS)
        assert waiting > 0, username
    staff = Person.objects.get(user__username="staff1")
    assert any(model.objects.filter(person=staff).exists() for model in RECORD_MODELS)
    assert sum(model.objects.filter(status=ReviewStatus.RETURNED).count() for model in RECORD_MODELS) > 0


def test_a_lecture_was_held_most_months_and_the_gap_is_flagged():
    for year in (2019, 2020, 2021):
        months = calendar_months(Lecture.objects.all(), year)
        flagged = [month.number for month in months if month.flagged]
        assert flagged == ([2] if year == 2020 else []), year
    assert LectureAttendance.objects.filter(method="code").exists()
    assert LectureAttendance.objects.filter(method="register").exists()


def test_every_branch_has_mentor_pairs_and_the_studio_has_cases():
    for branch in Branch.objects.all():
        assert Mentorship.objects.filter(mentee__branch=branch).count() >= 2, branch
    assert Mentorship.objects.filter(status="completed").exists()
    assert Mentorship.objects.filter(status="ended_early").exists()
    assert Mentorship.objects.filter(status="active", mentor__user__username="staff1").exists()
    studio = Studio.objects.get(leader__user__username="secretary4")
    assert studio.cases.filter(status="open").exists()
    assert studio.cases.filter(status="closed").exists()
    assert studio.milestones.filter(title__contains="第一份").exists()


def test_the_serve_figures_are_those_of_the_seed_document():
    for year in (2019, 2020, 2021):
        assert satisfaction_figures.satisfaction(year)["rate"] == Decimal("99.87"), year
        assert figure("investment_projects_average_speedup", year) == Decimal("50.00"), year
    assert (figure("joint_items", 2021), figure("joint_items_average_speedup", 2021)) == (42, Decimal("29.00"))
    assert figure("problem_classes", 2021) == 18
    assert figure("overdue_measures", 2021) > 0


def test_the_published_rounds_selected_72_demonstration_posts_in_2019_to_2021():
    assert sum(figure("demonstration_posts_selected", year) for year in (2019, 2020, 2021)) == 72


def test_nobody_is_flooded_with_notifications():
    """A patrol that found nothing asks nobody, records waiting arrive as one notice: at most 60
    notifications each (280 before, for a branch committee member)."""
    from django.db.models import Count

    from services.notifications.models import Notification

    most = Notification.objects.values("recipient").annotate(n=Count("*")).order_by("-n").first()
    assert most is None or most["n"] <= 60, most
