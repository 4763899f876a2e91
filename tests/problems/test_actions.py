"""The problem closed loop's actions: each state from the one before, by the right people."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from services.problems import actions
from services.problems.models import Measure, Problem, ProblemClass, ProblemStatus
from tests.conftest import figure
from tests.factories import PatrolFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
LAST_WEEK = TODAY - datetime.timedelta(days=7)


@pytest.fixture
def problem(office):
    return actions.report_problem(
        by=office.users["staff_a"],
        title="自助机缺纸",
        description="二楼自助机打印纸用完",
        source="window",
        branch=office.branch_a,
        found_on=LAST_WEEK,
    )


def discuss(office, problem, owner="staff_a"):
    return actions.hold_round_table(
        by=office.users["secretary_a"],
        date=LAST_WEEK,
        title="议事厅圆桌会",
        attendees=[office.people["secretary_a"], office.people[owner]],
        problems=[problem],
        measures=[(problem, "每日开门前检查纸张", office.people[owner], TODAY)],
    )


def test_it_reports_a_problem_as_found(office, problem):
    assert problem.status == ProblemStatus.FOUND
    assert problem.reported_by == office.people["staff_a"]


def test_it_walks_the_whole_loop(office, problem):
    meeting = discuss(office, problem)
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.DISCUSSED
    assert meeting.measures.get().owner == office.people["staff_a"]
    actions.start_work(problem, by=office.users["staff_a"])
    actions.complete_measure(meeting.measures.get(), by=office.users["staff_a"])
    actions.resolve(problem, by=office.users["staff_a"], resolution="已安排专人每日检查", on=TODAY)
    problem_class = ProblemClass.objects.create(name="自助设备保障", rule="每日开门前巡检", adopted_on=TODAY)
    actions.verify(problem, by=office.users["secretary_a"], problem_class=problem_class)
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.VERIFIED
    assert problem.problem_class == problem_class
    assert problem.days_to_resolve == 7


@pytest.mark.parametrize(
    "step",
    ["start_work", "resolve", "verify"],
)
def test_no_step_can_be_skipped(office, problem, step):
    calls = {
        "start_work": lambda: actions.start_work(problem, by=office.users["secretary_a"]),
        "resolve": lambda: actions.resolve(problem, by=office.users["secretary_a"], resolution="修好了"),
        "verify": lambda: actions.verify(problem, by=office.users["secretary_a"]),
    }
    with pytest.raises(ValidationError):
        calls[step]()
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.FOUND


def test_nobody_verifies_their_own_fix(office, problem):
    discuss(office, problem, owner="secretary_a")
    actions.start_work(problem, by=office.users["secretary_a"])
    actions.resolve(problem, by=office.users["secretary_a"], resolution="修好了")
    with pytest.raises(PermissionDenied):
        actions.verify(problem, by=office.users["secretary_a"])
    actions.verify(problem, by=office.users["branch_committee_a"])
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.VERIFIED


@pytest.mark.parametrize("role", ["staff_b", "secretary_b", "committee_member", "group_leader_a"])
def test_others_cannot_run_the_loop(office, problem, role):
    with pytest.raises(PermissionDenied):
        discuss_by(office, problem, role)
    assert not Measure.objects.exists()


def discuss_by(office, problem, role):
    return actions.hold_round_table(
        by=office.users[role],
        date=LAST_WEEK,
        title="圆桌会",
        attendees=[],
        problems=[problem],
        measures=[],
    )


def test_a_measure_deadline_cannot_precede_the_meeting(office, problem):
    with pytest.raises(ValidationError):
        actions.hold_round_table(
            by=office.users["secretary_a"],
            date=LAST_WEEK,
            title="圆桌会",
            attendees=[],
            problems=[problem],
            measures=[(problem, "补纸", office.people["staff_a"], LAST_WEEK - datetime.timedelta(days=1))],
        )


def test_resolving_needs_a_resolution(office, problem):
    discuss(office, problem)
    actions.start_work(problem, by=office.users["staff_a"])
    with pytest.raises(ValidationError):
        actions.resolve(problem, by=office.users["staff_a"], resolution=" ")


def test_overdue_measures_stand_out(office, problem):
    meeting = discuss(office, problem)
    measure = meeting.measures.get()
    Measure.objects.filter(pk=measure.pk).update(deadline=LAST_WEEK)
    assert list(Measure.objects.overdue()) == [measure]
    actions.complete_measure(measure, by=office.users["staff_a"])
    assert not Measure.objects.overdue().exists()


def test_a_patrol_finding_becomes_a_problem_in_one_step(office):
    zone = office.people["staff_a"].responsibility_zones.get()
    patrol = PatrolFactory(zone=zone, found_problem=True, findings="叫号机故障\n已报修")
    problem = actions.problem_from_patrol(patrol, by=office.users["staff_a"])
    assert problem.title == "叫号机故障"
    assert problem.source == "patrol"
    assert problem.branch == office.branch_a
    with pytest.raises(ValidationError):
        actions.problem_from_patrol(patrol, by=office.users["staff_a"])
    assert Problem.objects.count() == 1


def test_a_patrol_without_findings_is_not_a_problem(office):
    zone = office.people["staff_a"].responsibility_zones.get()
    patrol = PatrolFactory(zone=zone, found_problem=False)
    with pytest.raises(ValidationError):
        actions.problem_from_patrol(patrol, by=office.users["staff_a"])


def test_another_branch_cannot_turn_a_patrol_into_a_problem(office):
    zone = office.people["staff_a"].responsibility_zones.get()
    patrol = PatrolFactory(zone=zone, found_problem=True)
    with pytest.raises(PermissionDenied):
        actions.problem_from_patrol(patrol, by=office.users["secretary_b"])


def test_the_loop_figures_count_each_status_and_year_once(office):
    """The registry reads each figure of the loop by its own index; the counts are those of a plain filter."""
    this_year, last_year = TODAY.year, TODAY.year - 1
    rows = [
        (ProblemStatus.FOUND, None, None, office.branch_a),
        (ProblemStatus.DISCUSSED, None, None, office.branch_a),
        (ProblemStatus.IN_PROGRESS, None, None, office.branch_b),
        (ProblemStatus.RESOLVED, datetime.date(this_year, 1, 1), None, office.branch_a),
        (ProblemStatus.RESOLVED, datetime.date(last_year, 12, 31), None, office.branch_b),
        (ProblemStatus.VERIFIED, datetime.date(last_year, 12, 30), datetime.date(last_year, 12, 31), office.branch_a),
        (ProblemStatus.VERIFIED, datetime.date(this_year, 2, 1), datetime.date(this_year, 2, 3), office.branch_b),
        (ProblemStatus.VERIFIED, datetime.date(this_year, 1, 5), datetime.date(this_year, 1, 6), office.branch_b),
    ]
    for index, (status, resolved_on, verified_on, branch) in enumerate(rows):
        Problem.objects.create(
            title=f"问题{index}", description="…", source="window", branch=branch,
            found_on=datetime.date(last_year, 6, 1), status=status, resolved_on=resolved_on, verified_on=verified_on,
        )

    def loop(year, branch=None):
        return tuple(figure(key, year, branch) for key in ("problems_open", "problems_resolved", "problems_verified"))

    assert loop(this_year) == (3, 3, 2)
    assert loop(last_year) == (3, 2, 1)
    assert loop(this_year, office.branch_a) == (2, 1, 0)
    assert loop(this_year, office.branch_b) == (1, 2, 2)
    assert loop(this_year - 5) == (3, 0, 0)
