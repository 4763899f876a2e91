import pytest
from django.urls import reverse

from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

HEADINGS = {
    "committee_admin": "各支部一览",
    "committee_member": "各支部一览",
    "secretary_a": "第一党支部",
    "branch_committee_a": "第一党支部",
    "group_leader_a": "你好，group_leader_a",
    "staff_a": "你好，staff_a",
    "secretary_b": "第二党支部",
    "staff_b": "你好，staff_b",
}


def test_it_sends_anonymous_users_to_login(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_each_role_its_own_dashboard(login, role):
    response = login(role).get(reverse("dashboard"))
    assert response.status_code == 200
    assert HEADINGS[role] in response.content.decode()


def test_the_staff_dashboard_shows_pledge_and_zone(login):
    page = login("staff_a").get(reverse("dashboard")).content.decode()
    assert "微笑服务，一次办好" in page
    assert "商事登记责任区" in page


def test_the_secretary_dashboard_shows_only_the_own_branch(login):
    page = login("secretary_a").get(reverse("dashboard")).content.decode()
    assert "A-01" in page
    assert "B-01" not in page
