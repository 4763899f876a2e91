"""工作室 pages: the studios and one studio with its members, firsts and cases, for every role."""

import datetime

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from tests.conftest import ROLES, query_count
from tests.factories import (
    CaseFactory,
    EnterpriseFactory,
    PersonFactory,
    StudioFactory,
    UserFactory,
)
from tests.passing_on_factories import StudioMilestoneFactory, shows

pytestmark = pytest.mark.django_db


@pytest.fixture
def studio(office):
    """The registrar studio, led by the secretary of branch A, with staff_a and staff_b as members."""
    studio = StudioFactory(name="登记注册工作室", leader=office.people["secretary_a"], description="攻坚疑难登记")
    studio.members.set([office.people["staff_a"], office.people["staff_b"]])
    return studio


def test_every_role_sees_the_studios(client, office, studio):
    for url in [reverse("services:studio-list"), studio.get_absolute_url()]:
        answers = {}
        for role in ROLES:
            client.force_login(office.users[role])
            answers[role] = client.get(url).status_code
        assert answers == {role: 200 for role in ROLES}


def test_it_sends_anonymous_users_to_log_in(client, studio):
    for url in [reverse("services:studio-list"), studio.get_absolute_url()]:
        assert client.get(url).url == f"{reverse('login')}?next={url}"


def test_an_unknown_studio_is_not_found(login, office):
    assert login("staff_a").get(reverse("services:studio-detail", args=[999])).status_code == 404


def test_a_login_without_a_person_may_read_the_studios(client, studio):
    client.force_login(UserFactory(username="lonely"))
    assert client.get(studio.get_absolute_url()).status_code == 200


def test_the_list_shows_leader_members_and_case_counts(login, office, studio):
    CaseFactory.create_batch(2, studio=studio)
    CaseFactory(studio=studio, status="closed", closed_on=datetime.date(2021, 6, 1))
    page = login("staff_b").get(reverse("services:studio-list"))
    assert shows(page, "登记注册工作室") and shows(page, "secretary_a")
    assert shows(page, _("%(n)s open cases") % {"n": 2})
    assert shows(page, _("%(n)s closed cases") % {"n": 1})


def test_the_studio_page_shows_members_milestones_and_cases(login, office, studio):
    StudioMilestoneFactory(studio=studio, date=datetime.date(2019, 3, 1), title="全市首张全程电子化营业执照")
    StudioMilestoneFactory(studio=studio, date=datetime.date(2020, 8, 1), title="全省首个一件事联办")
    enterprise = EnterpriseFactory(name="宁波某某科技有限公司")
    CaseFactory(studio=studio, title="跨省迁移登记", enterprise=enterprise)
    CaseFactory(
        studio=studio, title="历史遗留股权变更", status="closed", closed_on=datetime.date(2021, 6, 1), outcome="三天办结"
    )
    page = login("staff_a").get(studio.get_absolute_url())
    for text in ["secretary_a", "staff_a", "staff_b", "攻坚疑难登记", "跨省迁移登记", "宁波某某科技有限公司", "历史遗留股权变更", "三天办结", "2021-06-01"]:
        assert shows(page, text), text
    content = page.content.decode()
    assert content.index("全省首个一件事联办") < content.index("全市首张全程电子化营业执照")  # newest first


def test_the_cases_are_paginated_and_filtered_by_status(login, office, studio):
    for index in range(20):
        CaseFactory(studio=studio, title=f"案件{index:02d}", opened_on=datetime.date(2021, 1, 1) + datetime.timedelta(days=index))
    CaseFactory(studio=studio, title="已办结案件", status="closed", closed_on=datetime.date(2021, 6, 1))
    client = login("staff_a")
    first = client.get(studio.get_absolute_url()).content.decode()
    second = client.get(studio.get_absolute_url(), {"page": 2}).content.decode()
    assert "案件19" in first and "案件00" not in first and "案件00" in second
    closed = client.get(studio.get_absolute_url(), {"status": "closed"}).content.decode()
    assert "已办结案件" in closed and "案件19" not in closed
    assert client.get(studio.get_absolute_url(), {"status": "nonsense", "page": "x"}).status_code == 200


def grow_studios(office, count):
    for index in range(count):
        studio = StudioFactory(leader=PersonFactory(branch=office.branch_a))
        studio.members.add(PersonFactory(branch=office.branch_b), PersonFactory(branch=office.branch_a))
        StudioMilestoneFactory(studio=studio)
        CaseFactory(studio=studio, enterprise=EnterpriseFactory())


def grow_studio(office, studio, count):
    for index in range(count):
        studio.members.add(PersonFactory(branch=office.branch_b))
        StudioMilestoneFactory(studio=studio)
        CaseFactory(studio=studio, enterprise=EnterpriseFactory())
        CaseFactory(studio=studio, status="closed", closed_on=datetime.date(2021, 6, 1))


@pytest.mark.parametrize("role", ["committee_admin", "staff_a"])
def test_the_query_counts_do_not_grow_with_the_data(login, office, studio, role, django_assert_max_num_queries):
    client = login(role)
    list_url, detail_url = reverse("services:studio-list"), studio.get_absolute_url()
    grow_studios(office, 3)
    grow_studio(office, studio, 3)
    small = [query_count(django_assert_max_num_queries, client, url) for url in (list_url, detail_url)]
    grow_studios(office, 30)
    grow_studio(office, studio, 30)
    assert [query_count(django_assert_max_num_queries, client, url) for url in (list_url, detail_url)] == small
