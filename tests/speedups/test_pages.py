"""Investment projects (统办制) and joint-handling items (联办事项): lists with computed speed-ups,
and the forms that keep them (the team-leader rule, a baseline above zero)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from branches.people.models import PoliticalStatus
from services.enterprises.models import Enterprise
from services.speedups.models import InvestmentProject, JointItem, ProjectMilestone
from tests.conftest import ROLES, query_count
from tests.factories import EnterpriseFactory, PersonFactory, valid_credit_code

pytestmark = pytest.mark.django_db

D = datetime.date
PROJECTS = reverse("services:project-list")
NEW_PROJECT = reverse("services:project-create")
ITEMS = reverse("services:joint-item-list")
NEW_ITEM = reverse("services:joint-item-create")
BRANCH_MANAGERS = {"committee_admin", "secretary_a", "branch_committee_a", "secretary_b"}
TEAM_LEADER_RULE = _("The team leader must be a party member and a section chief.")
BASELINE_RULE = _("The baseline must be more than zero days.")


def chief(office, branch="a", **fields):
    return PersonFactory(branch=office.branch_a if branch == "a" else office.branch_b, is_section_chief=True, **fields)


def project(leader, **fields):
    values = {
        "name": "新厂房项目",
        "enterprise": EnterpriseFactory(),
        "team_leader": leader,
        "started_on": D(2021, 3, 1),
        "approved_on": D(2021, 3, 20),
        "baseline_days": Decimal("20"),
        "actual_days": Decimal("10"),
    }
    values.update(fields)
    return InvestmentProject.objects.create(**values)


def item(**fields):
    values = {"name": "开办餐饮店一件事", "departments": "市场监管、卫健、消防", "launched_on": D(2020, 5, 1), "baseline_days": 10, "current_days": 7}
    values.update(fields)
    return JointItem.objects.create(**values)


def project_data(leader, **changes):
    data = {
        "name": "智能制造基地",
        "enterprise_code": valid_credit_code(4242),
        "enterprise_name": "宁波智造有限公司",
        "team_leader": leader.pk,
        "team": [leader.pk],
        "started_on": "2021-03-01",
        "approved_on": "2021-03-16",
        "baseline_days": "30",
        "actual_days": "15",
        "milestones-TOTAL_FORMS": "2",
        "milestones-INITIAL_FORMS": "0",
        "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "50",
        "milestones-0-date": "2021-03-05",
        "milestones-0-title": "立项批复",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def item_data(**changes):
    data = {"name": "企业开办一件事", "departments": "市场监管、税务、社保", "launched_on": "2021-02-01", "baseline_days": "5", "current_days": "3.5"}
    data.update(changes)
    return data


# -- Who may see and do what ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_the_lists_and_a_project_to_everyone(login, office, role):
    shown = project(chief(office))
    item()
    client = login(role)
    assert client.get(PROJECTS).status_code == 200
    assert client.get(ITEMS).status_code == 200
    assert client.get(reverse("services:project-detail", args=[shown.pk])).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_projects_are_kept_by_branch_managers_and_joint_items_by_the_committee_administrator(login, office, role):
    ours = project(chief(office))
    kept = item()
    client = login(role)
    assert client.get(NEW_PROJECT).status_code == (200 if role in BRANCH_MANAGERS else 403)
    expected_edit = 200 if role in {"committee_admin", "secretary_a", "branch_committee_a"} else 403
    assert client.get(reverse("services:project-edit", args=[ours.pk])).status_code == expected_edit
    expected_items = 200 if role == "committee_admin" else 403
    assert client.get(NEW_ITEM).status_code == expected_items
    assert client.get(reverse("services:joint-item-edit", args=[kept.pk])).status_code == expected_items


@pytest.mark.parametrize("name", ["project-list", "project-create", "joint-item-list", "joint-item-create"])
def test_it_sends_anonymous_users_to_login(client, office, name):
    target = reverse(f"services:{name}")
    response = client.get(target)
    assert response.status_code == 302 and response.url == f"{reverse('login')}?next={target}"


def test_another_branchs_manager_cannot_change_a_project(login, office):
    ours = project(chief(office))
    response = login("secretary_b").post(reverse("services:project-edit", args=[ours.pk]), project_data(chief(office, "b")))
    assert response.status_code == 403
    ours.refresh_from_db()
    assert ours.name == "新厂房项目"


def test_it_answers_404_for_what_does_not_exist(login, office):
    client = login("committee_admin")
    assert client.get(reverse("services:project-detail", args=[999])).status_code == 404
    assert client.get(reverse("services:joint-item-edit", args=[999])).status_code == 404


# -- Projects ---------------------------------------------------------------------------------------


def test_a_secretary_records_a_project_with_a_new_enterprise_and_milestones(login, office):
    leader = chief(office)
    response = login("secretary_a").post(NEW_PROJECT, project_data(leader))
    saved = InvestmentProject.objects.get()
    assert response.status_code == 302 and response.url == reverse("services:project-detail", args=[saved.pk])
    assert saved.enterprise == Enterprise.objects.get(name="宁波智造有限公司")
    assert list(saved.team.all()) == [leader]
    assert list(saved.milestones.values_list("title", flat=True)) == ["立项批复"]
    detail = login("staff_a").get(response.url)
    assert detail.context["speedup"] == Decimal("50.00")
    assert "立项批复" in detail.content.decode()


def test_a_secretary_may_only_choose_section_chiefs_of_the_own_branch(login, office):
    ours, theirs = chief(office), chief(office, "b")
    PersonFactory(branch=office.branch_a)
    form = login("secretary_a").get(NEW_PROJECT).context["form"]
    assert list(form.fields["team_leader"].queryset) == [ours]
    response = login("secretary_a").post(NEW_PROJECT, project_data(theirs))
    assert "team_leader" in response.context["form"].errors
    assert not InvestmentProject.objects.exists()


def test_the_team_leader_must_be_a_party_member(login, office):
    outsider = chief(office, political_status=PoliticalStatus.ACTIVIST)
    response = login("secretary_a").post(NEW_PROJECT, project_data(outsider))
    assert response.status_code == 200
    assert response.context["form"].errors["team_leader"] == [TEAM_LEADER_RULE]
    assert not InvestmentProject.objects.exists() and not Enterprise.objects.exists()


@pytest.mark.parametrize("baseline", ["0", "-3"])
def test_a_project_baseline_must_be_above_zero(login, office, baseline):
    response = login("secretary_a").post(NEW_PROJECT, project_data(chief(office), baseline_days=baseline))
    assert response.status_code == 200
    assert response.context["form"].errors["baseline_days"]
    if baseline == "0":
        assert response.context["form"].errors["baseline_days"] == [BASELINE_RULE]
    assert not InvestmentProject.objects.exists() and not ProjectMilestone.objects.exists()


def test_an_approved_project_needs_its_actual_days(login, office):
    response = login("secretary_a").post(NEW_PROJECT, project_data(chief(office), actual_days=""))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not InvestmentProject.objects.exists()


def test_editing_keeps_the_enterprise_and_removes_a_milestone(login, office):
    leader = chief(office)
    kept = project(leader)
    milestone = ProjectMilestone.objects.create(project=kept, date=D(2021, 3, 5), title="立项")
    data = project_data(
        leader,
        enterprise_code=kept.enterprise.credit_code,
        enterprise_name="",
        actual_days="12",
        **{
            "milestones-INITIAL_FORMS": "1",
            "milestones-0-id": milestone.pk,
            "milestones-0-project": kept.pk,
            "milestones-0-date": "2021-03-05",
            "milestones-0-title": "立项",
            "milestones-0-DELETE": "on",
        },
    )
    response = login("branch_committee_a").post(reverse("services:project-edit", args=[kept.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    kept.refresh_from_db()
    assert kept.actual_days == Decimal("12") and kept.enterprise.credit_code != valid_credit_code(4242)
    assert not kept.milestones.exists()
    assert Enterprise.objects.count() == 1


def test_the_list_filters_by_approval_year_and_averages_the_filtered_projects(login, office):
    leader = chief(office)
    project(leader, name="甲", baseline_days=40, actual_days=20)
    project(leader, name="乙", baseline_days=10, actual_days=6)
    project(leader, name="丙", started_on=D(2020, 1, 1), approved_on=D(2020, 2, 1), baseline_days=10, actual_days=9)
    project(leader, name="在办", started_on=D(2021, 6, 1), approved_on=None, actual_days=None)
    client = login("staff_b")
    response = client.get(PROJECTS, {"year": 2021})
    assert {p.name for p in response.context["page"]} == {"甲", "乙"}
    assert response.context["totals"]["average_speedup"] == Decimal("45.00")
    everything = client.get(PROJECTS)
    assert everything.context["totals"]["count"] == 4
    assert everything.context["totals"]["approved"] == 3
    assert client.get(PROJECTS, {"year": 1999}).status_code == 200
    assert client.get(PROJECTS, {"q": "在办"}).context["totals"]["average_speedup"] is None


# -- Joint items ------------------------------------------------------------------------------------


def test_the_committee_administrator_records_a_joint_item(login, office):
    response = login("committee_admin").post(NEW_ITEM, item_data())
    assert response.status_code == 302
    saved = JointItem.objects.get()
    assert saved.department_list == ["市场监管", "税务", "社保"]
    assert saved.speedup == Decimal("0.3")


@pytest.mark.parametrize("baseline", ["0", "-1"])
def test_a_joint_item_baseline_must_be_above_zero(login, office, baseline):
    response = login("committee_admin").post(NEW_ITEM, item_data(baseline_days=baseline))
    assert response.status_code == 200
    assert response.context["form"].errors["baseline_days"]
    assert not JointItem.objects.exists()


def test_a_joint_item_is_edited(login, office):
    kept = item()
    response = login("committee_admin").post(reverse("services:joint-item-edit", args=[kept.pk]), item_data(name=kept.name, baseline_days="10", current_days="5"))
    assert response.status_code == 302
    kept.refresh_from_db()
    assert kept.speedup == Decimal("0.5")


def test_the_joint_item_list_counts_averages_and_shows_departments(login, office):
    item(name="a", baseline_days=10, current_days=7)
    item(name="b", departments="税务、社保", baseline_days=20, current_days=15)
    response = login("staff_a").get(ITEMS)
    assert response.context["totals"] == {"count": 2, "average_speedup": Decimal("27.50")}
    page = response.content.decode()
    assert page.count('<span class="badge text-bg-light border">税务</span>') == 1
    assert login("staff_a").get(ITEMS, {"q": "税务"}).context["totals"]["count"] == 1


# -- Query counts ------------------------------------------------------------------------------------


def add_speedups(office, count):
    for index in range(count):
        leader = chief(office, "a" if index % 2 else "b")
        made = project(leader, name=f"项目{leader.pk}")
        made.team.set([leader, PersonFactory(branch=leader.branch)])
        ProjectMilestone.objects.create(project=made, date=D(2021, 3, 5), title="立项")
        item(name=f"事项{JointItem.objects.count()}")


def test_page_query_counts_do_not_grow_with_the_data(client, office, django_assert_max_num_queries):
    shown = project(chief(office))
    kept = item(name="看的")
    urls = [
        PROJECTS,
        PROJECTS + "?year=2021",
        ITEMS,
        reverse("services:project-detail", args=[shown.pk]),
        reverse("services:project-edit", args=[shown.pk]),
        NEW_PROJECT,
        reverse("services:joint-item-edit", args=[kept.pk]),
    ]

    def counts():
        client.force_login(office.users["committee_admin"])
        return {target: query_count(django_assert_max_num_queries, client, target) for target in urls}

    add_speedups(office, 1)
    small = counts()
    add_speedups(office, 10)
    assert counts() == small
