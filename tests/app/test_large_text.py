"""Large text (长者模式): the login's choice, kept in the database, copied into the session at login
so that no page asks for it, and shown as the ``tb-large-text`` class of every page."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from branches.people.models import LargeText
from tests.browser.browser import PASSWORD
from tests.conftest import query_count

pytestmark = pytest.mark.django_db

LARGE = 'class="tb-large-text"'


def choose(client, on, back="/pillars/lead/"):
    return client.post(reverse("large-text"), {"on": on, "next": back})


def test_it_is_turned_on_and_off_and_sends_the_user_back(login, office):
    client = login("staff_a")
    response = choose(client, "1")
    assert response.status_code == 302 and response["Location"] == "/pillars/lead/"
    assert LargeText.objects.filter(user=office.users["staff_a"]).exists()
    page = client.get("/pillars/lead/").content.decode()
    assert LARGE in page and "已开启大字模式" in page
    assert 'aria-pressed="true"' in page

    choose(client, "0")
    assert not LargeText.objects.exists()
    page = client.get("/pillars/lead/").content.decode()
    assert LARGE not in page and "已关闭大字模式" in page


def test_choosing_it_twice_keeps_one_row(login, office):
    client = login("staff_a")
    choose(client, "1")
    choose(client, "1")
    assert LargeText.objects.count() == 1


@pytest.mark.parametrize("back", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "", "javascript:alert(1)", "0", "dashboard"])
def test_it_never_sends_the_user_to_another_site(login, back):
    response = choose(login("staff_a"), "1", back=back)
    assert response["Location"] == reverse("dashboard")


def test_a_line_break_in_the_address_stays_in_the_address(login):
    response = choose(login("staff_a"), "1", back="/pillars/lead/\nSet-Cookie: x=1")
    assert response["Location"] == "/pillars/lead/%0ASet-Cookie:%20x=1" and "x" not in response.cookies


@pytest.mark.parametrize("on", ["", "yes", "2", "1" * 5000, "\x00"])
def test_anything_but_1_turns_it_off(login, office, on):
    client = login("staff_a")
    LargeText.objects.create(user=office.users["staff_a"])
    assert choose(client, on).status_code == 302
    assert not LargeText.objects.exists()


def test_it_is_remembered_at_the_next_login_on_another_device(client, office):
    LargeText.objects.create(user=office.users["staff_a"])
    assert LARGE not in client.get(reverse("login")).content.decode()  # nobody signed in yet
    response = client.post(reverse("login"), {"username": "staff_a", "password": PASSWORD}, follow=True)
    assert LARGE in response.content.decode()


def test_it_is_one_login_s_choice(login, office, client):
    LargeText.objects.create(user=office.users["staff_a"])
    assert LARGE not in login("secretary_a").get(reverse("dashboard")).content.decode()


def test_a_page_in_large_text_asks_the_database_nothing_more(login, office, django_assert_max_num_queries):
    client = login("staff_a")
    usual = query_count(django_assert_max_num_queries, client, reverse("dashboard"))
    choose(client, "1")
    client.get(reverse("dashboard"))  # the message "large text is on" is read
    assert query_count(django_assert_max_num_queries, client, reverse("dashboard")) == usual


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None, derandomize=True)
@given(on=st.text(max_size=50), back=st.text(max_size=200))
def test_hostile_values_never_break_it_nor_lead_away(login, on, back):
    response = choose(login("staff_a"), on, back=back)
    assert response.status_code == 302
    assert response["Location"].startswith("/") and not response["Location"].startswith("//")


def test_a_signed_out_user_logs_in_and_comes_back_to_the_page(client, office):
    response = choose(client, "1", back="/pillars/lead/")
    assert response["Location"] == reverse("login") + "?next=/pillars/lead/"
    assert not LargeText.objects.exists()


def test_a_user_on_a_temporary_password_may_choose_it_on_the_password_page(login, office):
    client = login("staff_a")
    session = client.session
    session["must_change_password"] = True
    session.save()
    response = choose(client, "1", back=reverse("password_change"))
    assert response["Location"] == reverse("password_change")
    assert LargeText.objects.filter(user=office.users["staff_a"]).exists()
    assert LARGE in client.get(reverse("password_change")).content.decode()
