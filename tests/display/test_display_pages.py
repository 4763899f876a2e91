"""The committee office's page of hall displays: the list (with each screen's address), issuing
and revoking, per role; bad input refused with a message and nothing saved."""

import pytest
from django.urls import reverse

from branches.display import actions
from branches.display.models import HallDisplay
from tests.conftest import ROLES, query_count

pytestmark = pytest.mark.django_db

LIST = reverse("branches:display-list")
ISSUE = reverse("branches:display-issue")
COMMITTEE = ["committee_admin", "committee_member"]
BRANCHES = [role for role in ROLES if role not in COMMITTEE]


@pytest.fixture
def display(office):
    return actions.issue_display("一楼大厅入口", by=office.users["committee_admin"])


def revoke_url(display):
    return reverse("branches:display-revoke", args=[display.pk])


def hall_url(display):
    return reverse("hall-display", args=[display.token])


class TestTheList:
    def test_the_administrator_sees_each_screens_full_address_and_may_revoke_and_issue(self, login, display):
        page = login("committee_admin").get(LIST).content.decode()
        assert f"http://testserver{hall_url(display)}" in page
        assert revoke_url(display) in page and ISSUE in page

    def test_a_committee_member_reads_the_list_without_its_keys(self, login, display):
        """A screen's address opens the display: it is a key, for the administrator who hands it out."""
        page = login("committee_member").get(LIST).content.decode()
        assert display.name in page and display.token not in page
        assert revoke_url(display) not in page and ISSUE not in page

    @pytest.mark.parametrize("role", BRANCHES)
    def test_the_branches_may_not_open_it(self, login, display, role):
        assert login(role).get(LIST).status_code == 403

    def test_anonymous_users_are_sent_to_login(self, client):
        assert client.get(LIST)["Location"].startswith(reverse("login"))

    def test_a_revoked_screens_address_is_no_longer_shown(self, login, office, display):
        actions.revoke_display(display, by=office.users["committee_admin"])
        page = login("committee_admin").get(LIST).content.decode()
        assert "一楼大厅入口" in page and display.token not in page and revoke_url(display) not in page

    def test_the_query_count_does_not_grow_with_the_screens(self, login, office, django_assert_max_num_queries):
        client = login("committee_admin")
        actions.issue_display("screen 0", by=office.users["committee_admin"])
        small = query_count(django_assert_max_num_queries, client, LIST)
        for index in range(1, 20):
            display = actions.issue_display(f"screen {index}", by=office.users["committee_admin"])
            if index % 3 == 0:
                actions.revoke_display(display, by=office.users["committee_admin"])
        assert query_count(django_assert_max_num_queries, client, LIST) == small


class TestIssuing:
    def test_the_administrator_issues_a_screen_and_sees_its_address(self, login, office):
        client = login("committee_admin")
        assert client.get(ISSUE).status_code == 200
        response = client.post(ISSUE, {"name": "一楼大厅入口"}, follow=True)
        display = HallDisplay.objects.get()
        assert display.issued_by == office.users["committee_admin"]
        assert hall_url(display) in response.content.decode()

    @pytest.mark.parametrize("role", [role for role in ROLES if role != "committee_admin"])
    def test_nobody_else_may(self, login, role):
        client = login(role)
        assert client.get(ISSUE).status_code == 403
        assert client.post(ISSUE, {"name": "一楼大厅入口"}).status_code == 403
        assert not HallDisplay.objects.exists()

    @pytest.mark.parametrize(
        "data",
        [{}, {"name": ""}, {"name": "   "}, {"name": "屏" * 61}, {"name": "a\x00b"}, {"name": ["一", "二"]}],
        ids=["missing", "empty", "blank", "too long", "NUL", "twice"],
    )
    def test_bad_input_is_refused_with_a_message_and_nothing_saved(self, login, data):
        response = login("committee_admin").post(ISSUE, data)
        if data.get("name") == ["一", "二"]:  # the last value counts, as Django reads a form
            assert response.status_code == 302
            return
        assert response.status_code == 200
        assert response.context["form"].errors["name"]
        assert not HallDisplay.objects.exists()

    def test_a_name_in_use_is_refused_on_the_form(self, login, display):
        response = login("committee_admin").post(ISSUE, {"name": "一楼大厅入口"})
        assert response.status_code == 200
        assert response.context["form"].errors["name"]
        assert HallDisplay.objects.count() == 1

    def test_the_token_is_never_taken_from_the_form(self, login):
        login("committee_admin").post(ISSUE, {"name": "一楼大厅入口", "token": "chosen-by-the-user-0123456789"})
        assert HallDisplay.objects.get().token != "chosen-by-the-user-0123456789"


class TestRevoking:
    def test_the_administrator_confirms_then_revokes(self, login, display):
        client = login("committee_admin")
        confirm = client.get(revoke_url(display))
        assert confirm.status_code == 200 and "<form method=\"post\"" in confirm.content.decode()
        display.refresh_from_db()
        assert display.revoked_at is None  # a GET only asks
        assert client.post(revoke_url(display))["Location"] == LIST
        display.refresh_from_db()
        assert display.is_revoked
        assert client.get(hall_url(display)).status_code == 404

    def test_a_committee_member_may_not(self, login, display):
        client = login("committee_member")
        assert client.get(revoke_url(display)).status_code == 403
        assert client.post(revoke_url(display)).status_code == 403
        display.refresh_from_db()
        assert display.revoked_at is None

    @pytest.mark.parametrize("role", BRANCHES)
    def test_the_branches_do_not_see_the_screen(self, login, display, role):
        assert login(role).post(revoke_url(display)).status_code == 404
        display.refresh_from_db()
        assert display.revoked_at is None

    def test_an_unknown_screen_is_not_found(self, login, display):
        assert login("committee_admin").post(reverse("branches:display-revoke", args=[display.pk + 1])).status_code == 404
