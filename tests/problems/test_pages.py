"""The problem loop's pages: the list and export, reporting, one problem and its next step,
round-tables with measures, and a patrol's finding turned into a problem — through HTTP."""

import datetime
import io

import openpyxl
import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils.translation import gettext as _

from services.problems import actions
from services.problems.models import (
    Measure,
    Problem,
    ProblemClass,
    ProblemStatus,
    RoundTable,
)
from services.records.models import Patrol
from tests.conftest import ROLES, query_count
from tests.factories import PatrolFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
LAST_WEEK = TODAY - datetime.timedelta(days=7)
LIST = reverse("services:problem-list")
REPORT = reverse("services:problem-report")
ROUND_TABLE = reverse("services:round-table-create")
MANAGERS_OF_A = {"committee_admin", "secretary_a", "branch_committee_a"}


def url(name, obj):
    return reverse(f"services:{name}", args=[obj.pk])


def report(office, branch="a", by="staff_a", **fields):
    values = {
        "title": "自助机缺纸",
        "description": "二楼自助机打印纸用完",
        "source": "window",
        "found_on": LAST_WEEK,
    }
    values.update(fields)
    branch = office.branch_a if branch == "a" else office.branch_b
    return actions.report_problem(by=office.users[by], branch=branch, **values)


def discuss(office, problem, owner="staff_a", by="secretary_a", deadline=None):
    meeting = actions.hold_round_table(
        by=office.users[by],
        date=LAST_WEEK,
        title="议事厅圆桌会",
        attendees=[office.people[by], office.people[owner]],
        problems=[problem],
        measures=[(problem, "每日开门前检查纸张", office.people[owner], deadline or TODAY + datetime.timedelta(days=7))],
    )
    problem.refresh_from_db()
    return meeting


def in_progress(office, problem, owner="staff_a"):
    meeting = discuss(office, problem, owner=owner)
    actions.start_work(problem, by=office.users[owner])
    problem.refresh_from_db()
    return meeting


def resolved(office, problem, owner="staff_a"):
    in_progress(office, problem, owner=owner)
    actions.resolve(problem, by=office.users[owner], resolution="已安排专人每日检查")
    problem.refresh_from_db()
    return problem


def status_of(problem):
    problem.refresh_from_db()
    return problem.status


def shown(response):
    return list(response.context["page"].object_list)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


# -- Who may see and do what ----------------------------------------------------------------------


class TestRoleMatrix:
    @pytest.mark.parametrize("role", ROLES)
    def test_it_shows_the_list_the_detail_and_the_report_form_to_everyone_in_the_hall(self, login, office, role):
        problem = report(office)
        client = login(role)
        assert client.get(LIST).status_code == 200
        assert client.get(LIST, {"classes": 1}).status_code == 200
        assert client.get(url("problem-detail", problem)).status_code == 200
        assert client.get(REPORT).status_code == 200
        assert client.get(reverse("services:problem-export")).status_code == 200

    @pytest.mark.parametrize("role", ROLES)
    def test_the_round_table_form_is_for_branch_managers(self, login, office, role):
        expected = 200 if role in {"committee_admin", "secretary_a", "branch_committee_a", "secretary_b"} else 403
        assert login(role).get(ROUND_TABLE).status_code == expected

    @pytest.mark.parametrize(
        "name", ["problem-list", "problem-report", "round-table-create", "problem-export"]
    )
    def test_it_sends_anonymous_users_to_login(self, client, office, name):
        target = reverse(f"services:{name}")
        response = client.get(target)
        assert response.status_code == 302
        assert response.url == f"{reverse('login')}?next={target}"

    @pytest.mark.parametrize("name", ["problem-detail", "problem-start", "problem-resolve", "problem-verify"])
    def test_it_sends_anonymous_posts_to_login(self, client, office, name):
        problem = report(office)
        response = client.post(url(name, problem), {"resolution": "x"})
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
        assert status_of(problem) == ProblemStatus.FOUND

    def test_a_login_without_a_person_sees_no_problem_and_reports_none(self, client, office):
        problem = report(office)
        client.force_login(UserFactory(username="nobody"))
        assert client.get(url("problem-detail", problem)).status_code == 404
        assert shown(client.get(LIST)) == []
        assert client.get(REPORT).status_code == 403

    @pytest.mark.parametrize("role", ["secretary_b", "staff_b", "committee_member", "group_leader_a", "staff_a"])
    def test_others_cannot_start_another_branchs_problem(self, login, office, role):
        problem = report(office)
        discuss(office, problem, owner="secretary_a")
        assert login(role).post(url("problem-start", problem)).status_code == 403
        assert status_of(problem) == ProblemStatus.DISCUSSED

    @pytest.mark.parametrize("role", ["secretary_b", "staff_b", "committee_member"])
    def test_others_cannot_resolve_verify_or_tick_measures(self, login, office, role):
        problem = report(office)
        meeting = in_progress(office, problem)
        client = login(role)
        assert client.post(url("problem-resolve", problem), {"resolution": "修好了"}).status_code == 403
        assert client.post(url("measure-done", meeting.measures.get())).status_code == 403
        assert status_of(problem) == ProblemStatus.IN_PROGRESS
        actions.resolve(problem, by=office.users["staff_a"], resolution="修好了")
        assert client.post(url("problem-verify", problem)).status_code == 403
        assert status_of(problem) == ProblemStatus.RESOLVED
        assert Measure.objects.get().done_on is None

    def test_it_answers_404_for_a_problem_that_does_not_exist(self, login, office):
        assert login("secretary_a").post(reverse("services:problem-start", args=[999])).status_code == 404
        assert login("secretary_a").post(reverse("services:measure-done", args=[999])).status_code == 404

    def test_the_actions_refuse_get(self, login, office):
        problem = report(office)
        client = login("secretary_a")
        for name in ("problem-start", "problem-resolve", "problem-verify"):
            assert client.get(url(name, problem)).status_code == 405


# -- The whole loop in the browser ------------------------------------------------------------------


def test_it_walks_the_whole_loop_from_a_patrol_finding_to_a_class(client, login, office):
    zone = office.people["staff_a"].responsibility_zones.get()
    patrol = PatrolFactory(zone=zone, found_problem=True, findings="叫号机故障\n二楼叫号机无法出号")

    # The patroller turns the finding into a problem in one click.
    staff = login("staff_a")
    response = staff.post(url("problem-from-patrol", patrol))
    problem = Problem.objects.get(patrol=patrol)
    assert response.status_code == 302 and response.url == url("problem-detail", problem)
    assert (problem.title, problem.status, problem.branch) == ("叫号机故障", ProblemStatus.FOUND, office.branch_a)

    # The secretary holds a round-table that decides one measure, owned by the patroller.
    secretary = login("secretary_a")
    page = secretary.get(ROUND_TABLE, {"problem": problem.pk})
    assert page.context["form"].initial["problems"] == [problem.pk]
    response = secretary.post(
        ROUND_TABLE + f"?problem={problem.pk}",
        round_table_data(
            office, [problem], [(problem, "staff_a", TODAY + datetime.timedelta(days=3))], date=TODAY.isoformat()
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    assert status_of(problem) == ProblemStatus.DISCUSSED
    measure = Measure.objects.get()
    assert (measure.owner, measure.problem) == (office.people["staff_a"], problem)
    assert set(RoundTable.objects.get().attendees.all()) == {office.people["secretary_a"], office.people["staff_a"]}

    # The owner sees the next step only, starts, marks the measure done and resolves.
    staff = login("staff_a")
    detail = staff.get(url("problem-detail", problem))
    assert detail.context["may_start"] and not detail.context["may_resolve"] and not detail.context["may_verify"]
    assert url("problem-start", problem) in detail.content.decode()
    staff.post(url("problem-start", problem))
    assert status_of(problem) == ProblemStatus.IN_PROGRESS
    staff.post(url("measure-done", measure))
    measure.refresh_from_db()
    assert measure.done_on == TODAY
    response = staff.post(url("problem-resolve", problem), {"resolution": "更换叫号机出纸模块"})
    assert response.status_code == 302
    problem.refresh_from_db()
    assert (problem.status, problem.resolved_by, problem.resolved_on) == (
        ProblemStatus.RESOLVED, office.people["staff_a"], TODAY,
    )
    assert not staff.get(url("problem-detail", problem)).context["may_verify"]

    # The secretary verifies and files it under a new class of problems.
    secretary = login("secretary_a")
    assert secretary.get(url("problem-detail", problem)).context["may_verify"]
    response = secretary.post(
        url("problem-verify", problem),
        {"new_class_name": "叫号设备保障", "new_class_rule": "每日开门前巡检叫号机"},
    )
    assert response.status_code == 302
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.VERIFIED
    assert problem.problem_class.name == "叫号设备保障"
    assert problem.verified_by == office.users["secretary_a"]
    assert problem.days_to_resolve == (TODAY - patrol.date).days

    # The pillar page moved, and the class list shows the class with its problem.
    pillar = secretary.get(reverse("pillar-serve"))
    assert pillar.context["figures"]["problem_classes"].value == 1
    assert pillar.context["figures"]["problems_resolved"].value == 1
    classes = secretary.get(LIST, {"classes": 1})
    assert [(c.name, c.problem_count) for c in shown(classes)] == [("叫号设备保障", 1)]
    assert "每日开门前巡检叫号机" in classes.content.decode()


def round_table_data(office, problems, measures, **changes):
    """The round-table form as posted: the meeting, and one measure card per (problem, owner, deadline)."""
    data = {
        "date": LAST_WEEK.isoformat(),
        "title": "议事厅圆桌会",
        "problems": [problem.pk for problem in problems],
        "attendees": [office.people["secretary_a"].pk, office.people["staff_a"].pk],
        "notes": "",
        "measures-TOTAL_FORMS": "3",
        "measures-INITIAL_FORMS": "0",
        "measures-MIN_NUM_FORMS": "0",
        "measures-MAX_NUM_FORMS": "20",
    }
    for index, (problem, owner, deadline) in enumerate(measures):
        data.update(
            {
                f"measures-{index}-problem": problem.pk,
                f"measures-{index}-description": "专人每日检查",
                f"measures-{index}-owner": office.people[owner].pk,
                f"measures-{index}-deadline": deadline.isoformat(),
            }
        )
    data.update(changes)
    return data


# -- No skipping, no verifying one's own fix --------------------------------------------------------


class TestStates:
    @pytest.mark.parametrize("name", ["problem-start", "problem-resolve", "problem-verify"])
    def test_no_state_can_be_skipped_from_found(self, login, office, name):
        problem = report(office)
        response = login("secretary_a").post(url(name, problem), {"resolution": "修好了"}, follow=True)
        assert status_of(problem) == ProblemStatus.FOUND
        errors = messages_of(response)
        assert len(errors) == 1 and str(ProblemStatus.FOUND.label) in errors[0]

    def test_a_discussed_problem_cannot_be_resolved_or_verified(self, login, office):
        problem = report(office)
        discuss(office, problem)
        client = login("secretary_a")
        client.post(url("problem-resolve", problem), {"resolution": "修好了"})
        client.post(url("problem-verify", problem))
        assert status_of(problem) == ProblemStatus.DISCUSSED

    def test_a_problem_in_progress_cannot_be_verified_nor_started_again(self, login, office):
        problem = report(office)
        in_progress(office, problem)
        client = login("secretary_a")
        client.post(url("problem-verify", problem))
        client.post(url("problem-start", problem))
        assert status_of(problem) == ProblemStatus.IN_PROGRESS

    def test_nobody_verifies_their_own_fix(self, login, office):
        problem = report(office)
        resolved(office, problem, owner="secretary_a")
        client = login("secretary_a")
        detail = client.get(url("problem-detail", problem))
        assert not detail.context["may_verify"] and detail.context["own_fix"]
        assert url("problem-verify", problem) not in detail.content.decode()
        assert client.post(url("problem-verify", problem)).status_code == 403
        assert status_of(problem) == ProblemStatus.RESOLVED
        login("branch_committee_a").post(url("problem-verify", problem))
        assert status_of(problem) == ProblemStatus.VERIFIED

    def test_a_manager_records_the_owners_fix_and_may_then_verify_it_elsewhere(self, login, office):
        problem = report(office)
        in_progress(office, problem)
        login("secretary_a").post(
            url("problem-resolve", problem),
            {"resolution": "已补纸", "resolved_by": office.people["staff_a"].pk},
        )
        problem.refresh_from_db()
        assert problem.resolved_by == office.people["staff_a"]
        login("secretary_a").post(url("problem-verify", problem))
        assert status_of(problem) == ProblemStatus.VERIFIED

    def test_resolving_needs_a_resolution(self, login, office):
        problem = report(office)
        in_progress(office, problem)
        response = login("staff_a").post(url("problem-resolve", problem), {"resolution": " "})
        assert response.status_code == 200
        assert "resolution" in response.context["resolve_form"].errors
        assert status_of(problem) == ProblemStatus.IN_PROGRESS

    def test_a_new_class_needs_its_rule_and_a_fresh_name(self, login, office):
        problem = report(office)
        resolved(office, problem)
        ProblemClass.objects.create(name="自助设备保障", rule="巡检", adopted_on=LAST_WEEK)
        client = login("secretary_a")
        response = client.post(url("problem-verify", problem), {"new_class_name": "纸张保障"})
        assert "new_class_rule" in response.context["verify_form"].errors
        response = client.post(url("problem-verify", problem), {"new_class_name": "自助设备保障", "new_class_rule": "x"})
        assert "new_class_name" in response.context["verify_form"].errors
        assert status_of(problem) == ProblemStatus.RESOLVED
        assert ProblemClass.objects.count() == 1

    def test_it_files_a_verified_problem_under_an_existing_class(self, login, office):
        problem = report(office)
        resolved(office, problem)
        problem_class = ProblemClass.objects.create(name="自助设备保障", rule="巡检", adopted_on=LAST_WEEK)
        login("secretary_a").post(url("problem-verify", problem), {"problem_class": problem_class.pk})
        problem.refresh_from_db()
        assert problem.problem_class == problem_class

    def test_a_measure_is_marked_done_once(self, login, office):
        problem = report(office)
        meeting = discuss(office, problem)
        client = login("staff_a")
        client.post(url("measure-done", meeting.measures.get()), follow=True)
        response = client.post(url("measure-done", meeting.measures.get()), follow=True)
        assert messages_of(response) == [_("This measure is already done.")]


# -- Round-tables -------------------------------------------------------------------------------------


class TestRoundTable:
    def test_it_offers_only_the_branchs_found_and_discussed_problems(self, login, office):
        ours = report(office, title="我们的")
        report(office, branch="b", title="他们的")
        done = report(office, title="已办结")
        resolved(office, done)
        form = login("secretary_a").get(ROUND_TABLE).context["form"]
        assert list(form.fields["problems"].queryset) == [ours]

    def test_it_refuses_another_branchs_problem(self, login, office):
        theirs = report(office, branch="b")
        response = login("secretary_a").post(ROUND_TABLE, round_table_data(office, [theirs], []))
        assert "problems" in response.context["form"].errors
        assert not RoundTable.objects.exists()
        assert status_of(theirs) == ProblemStatus.FOUND

    def test_a_measure_must_be_for_a_problem_ticked_as_discussed(self, login, office):
        ticked, other = report(office, title="一"), report(office, title="二")
        response = login("secretary_a").post(
            ROUND_TABLE, round_table_data(office, [ticked], [(other, "staff_a", TODAY)])
        )
        assert response.status_code == 200
        assert "problem" in response.context["formset"].forms[0].errors
        assert not RoundTable.objects.exists() and not Measure.objects.exists()

    def test_a_measure_cannot_end_before_the_meeting(self, login, office):
        problem = report(office)
        response = login("secretary_a").post(
            ROUND_TABLE, round_table_data(office, [problem], [(problem, "staff_a", LAST_WEEK - datetime.timedelta(days=1))])
        )
        assert "deadline" in response.context["formset"].forms[0].errors
        assert not RoundTable.objects.exists()

    def test_a_meeting_in_the_future_is_refused(self, login, office):
        problem = report(office)
        data = round_table_data(office, [problem], [], date=(TODAY + datetime.timedelta(days=1)).isoformat())
        response = login("secretary_a").post(ROUND_TABLE, data)
        assert "date" in response.context["form"].errors
        assert not RoundTable.objects.exists()

    def test_the_committee_admin_chooses_the_organising_branch(self, login, office):
        theirs = report(office, branch="b")
        client = login("committee_admin")
        page = client.get(ROUND_TABLE, {"branch": office.branch_b.pk})
        assert list(page.context["form"].fields["problems"].queryset) == [theirs]
        data = round_table_data(office, [theirs], [(theirs, "staff_b", TODAY)])
        data["attendees"] = [office.people["secretary_b"].pk]
        response = client.post(ROUND_TABLE + f"?branch={office.branch_b.pk}", data)
        assert response.status_code == 302
        assert RoundTable.objects.get().branch == office.branch_b
        assert client.get(ROUND_TABLE, {"branch": 999}).status_code == 404

    def test_several_problems_lead_back_to_the_list(self, login, office):
        first, second = report(office, title="一"), report(office, title="二")
        response = login("secretary_a").post(ROUND_TABLE, round_table_data(office, [first, second], []))
        assert response.status_code == 302
        assert response.url.startswith(LIST)
        assert status_of(first) == status_of(second) == ProblemStatus.DISCUSSED


# -- Reporting and patrols ----------------------------------------------------------------------------


class TestReporting:
    def test_staff_report_a_problem_for_their_branch_by_default(self, login, office):
        client = login("staff_a")
        form = client.get(REPORT).context["form"]
        assert form.initial["branch"] == office.branch_a.pk
        assert form.initial["window"] == office.window_a.pk
        data = {
            "title": "饮水机坏了",
            "source": "window",
            "branch": office.branch_a.pk,
            "window": office.window_a.pk,
            "found_on": TODAY.isoformat(),
            "description": "大厅东侧饮水机不出水",
        }
        response = client.post(REPORT, data)
        problem = Problem.objects.get()
        assert response.url == url("problem-detail", problem)
        assert (problem.reported_by, problem.status, problem.found_on) == (office.people["staff_a"], "found", TODAY)

    def test_a_problem_cannot_be_found_in_the_future(self, login, office):
        data = {
            "title": "x", "source": "complaint", "branch": office.branch_b.pk,
            "found_on": (TODAY + datetime.timedelta(days=1)).isoformat(), "description": "x",
        }
        response = login("staff_a").post(REPORT, data)
        assert "found_on" in response.context["form"].errors
        assert not Problem.objects.exists()

    def test_the_patroller_and_the_branchs_managers_turn_a_finding_into_a_problem(self, login, office):
        zone = office.people["staff_a"].responsibility_zones.get()
        patrol = PatrolFactory(zone=zone, found_problem=True, findings="地面湿滑")
        login("secretary_a").post(url("problem-from-patrol", patrol), follow=True)
        assert Problem.objects.get().patrol == patrol
        response = login("staff_a").post(url("problem-from-patrol", patrol), follow=True)
        assert messages_of(response) == [_("This patrol's finding is already a problem in the loop.")]
        assert Problem.objects.count() == 1

    @pytest.mark.parametrize("role, status", [("staff_b", 404), ("secretary_b", 404), ("group_leader_a", 403), ("committee_member", 403)])
    def test_others_cannot_turn_a_patrol_into_a_problem(self, login, office, role, status):
        zone = office.people["staff_a"].responsibility_zones.get()
        patrol = PatrolFactory(zone=zone, found_problem=True, findings="地面湿滑")
        assert login(role).post(url("problem-from-patrol", patrol)).status_code == status
        assert not Problem.objects.exists()

    def test_a_patrol_that_found_nothing_stays_out_of_the_loop(self, login, office):
        zone = office.people["staff_a"].responsibility_zones.get()
        patrol = PatrolFactory(zone=zone, found_problem=False)
        response = login("staff_a").post(url("problem-from-patrol", patrol), follow=True)
        assert messages_of(response) == [_("This patrol found nothing to report.")]
        assert not Problem.objects.exists()

    def test_the_patrol_button_offers_one_click_then_links_to_the_problem(self, office):
        zone = office.people["staff_a"].responsibility_zones.get()
        patrol = PatrolFactory(zone=zone, found_problem=True, findings="地面湿滑")
        template = Template('{% include "problems/includes/patrol_problem_button.html" %}')

        def render(role):
            request = RequestFactory().get("/")
            request.user = office.users[role]
            return template.render(Context({"record": patrol, "request": request, "csrf_token": "x"}))

        assert url("problem-from-patrol", patrol) in render("staff_a")
        assert url("problem-from-patrol", patrol) not in render("group_leader_a")
        problem = actions.problem_from_patrol(patrol, by=office.users["staff_a"])
        assert url("problem-detail", problem) in render("staff_b")
        quiet = PatrolFactory(zone=zone, found_problem=False, date=LAST_WEEK)
        assert Template('{% include "problems/includes/patrol_problem_button.html" %}').render(
            Context({"record": quiet, "request": RequestFactory().get("/")})
        ).strip() == ""


# -- The list, its filters and its export -------------------------------------------------------------


class TestList:
    def test_overdue_measures_stand_out_and_filter(self, login, office):
        late = report(office, title="逾期的")
        discuss(office, late)
        discuss(office, late)
        discuss(office, late, deadline=TODAY)
        Measure.objects.exclude(deadline=TODAY).update(deadline=LAST_WEEK)
        on_time = report(office, title="按期的")
        discuss(office, on_time)
        client = login("staff_a")
        response = client.get(LIST, {"overdue": 1})
        assert shown(response) == [late]
        assert (shown(response)[0].overdue_count, shown(response)[0].measure_count) == (2, 3)
        assert 'class="table-danger"' in response.content.decode()
        assert response.context["loop"]["overdue_measures"] == 2
        detail = client.get(url("problem-detail", late)).content.decode()
        assert "list-group-item-danger" in detail

    def test_it_filters_by_status_branch_source_text_and_openness(self, login, office):
        found = report(office, title="叫号机故障", source="complaint")
        theirs = report(office, branch="b", title="饮水机")
        done = report(office, title="打印机")
        resolved(office, done)
        client = login("committee_member")
        assert set(shown(client.get(LIST, {"open": 1}))) == {found, theirs}
        assert shown(client.get(LIST, {"status": "resolved"})) == [done]
        assert shown(client.get(LIST, {"branch": office.branch_b.pk})) == [theirs]
        assert shown(client.get(LIST, {"source": "complaint"})) == [found]
        assert shown(client.get(LIST, {"q": "叫号"})) == [found]

    @pytest.mark.parametrize("params", [{"status": "lost"}, {"branch": "x"}, {"page": "999"}, {"source": "?"}])
    def test_it_survives_bad_filters(self, login, office, params):
        report(office)
        assert login("staff_a").get(LIST, params).status_code == 200

    def test_it_pages_the_list(self, login, office):
        for index in range(30):
            report(office, title=f"问题{index}")
        client = login("staff_a")
        assert len(shown(client.get(LIST))) == 25
        assert len(shown(client.get(LIST, {"page": 2}))) == 5

    def test_it_exports_the_filtered_list_with_headers(self, login, office):
        late = report(office, title="逾期的")
        discuss(office, late)
        report(office, branch="b", title="他们的")
        response = login("staff_a").get(reverse("services:problem-export"), {"branch": office.branch_a.pk})
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.values)
        assert rows[0][0] == _("Title") and _("Overdue measures") in rows[0]
        assert [row[0] for row in rows[1:]] == ["逾期的"]
        assert rows[1][rows[0].index(_("Measures"))] == 1


def add_loop(office, count):
    """``count`` problems in each branch at every stage, with measures (some overdue) and a class each."""
    for index in range(count):
        for branch, owner, manager in (("a", "staff_a", "secretary_a"), ("b", "staff_b", "secretary_b")):
            problems = [report(office, branch=branch, by=owner, title=f"问题{branch}{index}-{stage}") for stage in range(3)]
            meeting = actions.hold_round_table(
                by=office.users[manager],
                date=LAST_WEEK,
                title="圆桌会",
                attendees=[office.people[manager], office.people[owner], PersonFactory(branch=office.people[owner].branch)],
                problems=problems[1:],
                measures=[(problem, "措施", office.people[owner], LAST_WEEK) for problem in problems[1:]],
            )
            actions.start_work(problems[2], by=office.users[owner])
            actions.resolve(problems[2], by=office.users[owner], resolution="已解决")
            problem_class = ProblemClass.objects.create(name=f"类{ProblemClass.objects.count()}", rule="规则", adopted_on=LAST_WEEK)
            actions.verify(problems[2], by=office.users[manager], problem_class=problem_class)
            assert meeting.measures.count() == 2


def test_page_query_counts_do_not_grow_with_the_data(client, office, django_assert_max_num_queries):
    problem = report(office, title="要看的")
    discuss(office, problem)
    urls = [
        LIST,
        LIST + "?overdue=1&open=1",
        LIST + "?classes=1",
        reverse("services:problem-export"),
        url("problem-detail", problem),
        ROUND_TABLE,
        REPORT,
    ]

    def counts():
        client.force_login(office.users["secretary_a"])
        return {target: query_count(django_assert_max_num_queries, client, target) for target in urls}

    add_loop(office, 1)
    small = counts()
    add_loop(office, 10)
    for _index in range(3):
        discuss(office, problem)
    assert counts() == small
    assert Patrol.objects.count() == 0
