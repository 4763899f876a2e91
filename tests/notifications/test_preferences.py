"""Each person chooses, per kind, in the app only, by e-mail at once, or in the daily digest."""

import re

import pytest
from django.urls import reverse

from services.notifications.models import (
    Delivery,
    NotificationKind,
    NotificationPreference,
)
from tests.conftest import query_count

pytestmark = pytest.mark.django_db

PREFERENCES = reverse("services:notification-preferences")


def every_kind(delivery=Delivery.APP, **choices):
    return {kind: choices.get(kind, delivery) for kind in NotificationKind.values}


def with_address(office, role):
    user = office.users[role]
    user.email = f"{role}@hall.example"
    user.save()
    return user


def test_the_page_offers_every_kind_in_the_app_only_at_first(login, office):
    page = login("staff_a").get(PREFERENCES).content.decode()
    for kind in NotificationKind:
        assert re.search(f'name="{kind.value}" value="app"[^>]* checked>', page)


def test_a_person_with_an_address_chooses_email_and_digest(login, office):
    user = with_address(office, "staff_a")
    response = login("staff_a").post(PREFERENCES, every_kind(outcome=Delivery.EMAIL, lecture=Delivery.DIGEST))
    assert response.status_code == 302
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    assert chosen["outcome"] == Delivery.EMAIL and chosen["lecture"] == Delivery.DIGEST
    assert chosen["review"] == Delivery.APP
    page = login("staff_a").get(PREFERENCES).content.decode()
    assert re.search('name="outcome" value="email"[^>]* checked>', page)


def test_without_an_address_email_is_refused_with_a_message_and_nothing_saved(login, office):
    response = login("staff_a").post(PREFERENCES, every_kind(outcome=Delivery.EMAIL))
    assert response.status_code == 200
    assert "e-mail address" in response.content.decode() or "邮箱" in response.content.decode()
    assert not NotificationPreference.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [{"outcome": "fax"}, {"outcome": ""}, {"outcome": "x" * 10_000}, {}],
)
def test_bad_choices_are_refused_and_nothing_is_saved(login, office, bad):
    with_address(office, "staff_a")
    data = every_kind()
    data.update(bad)
    if not bad:
        data = {}
    response = login("staff_a").post(PREFERENCES, data)
    assert response.status_code == 200
    assert 'class="text-danger small"' in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_ones_choices_are_ones_own(login, office):
    with_address(office, "staff_a")
    with_address(office, "staff_b")
    login("staff_a").post(PREFERENCES, every_kind(Delivery.EMAIL))
    assert not NotificationPreference.objects.filter(user=office.users["staff_b"]).exists()


def test_the_page_takes_few_queries(login, office, django_assert_max_num_queries):
    client = login("staff_a")
    assert query_count(django_assert_max_num_queries, client, PREFERENCES) <= 8


def test_the_unread_count_is_on_the_phone_bar_outside_the_menu(login, office):
    from tests.factories import NotificationFactory

    for _index in range(2):
        NotificationFactory(recipient=office.users["staff_a"])
    page = login("staff_a").get(reverse("services:my-records")).content.decode()
    phone_bell = page.index("d-xl-none ms-auto")  # the bar folds below 1200 px
    menu = page.index('id="main-nav"')
    assert phone_bell < menu
    assert '<span class="badge rounded-pill text-bg-warning">2</span>' in page[phone_bell:menu]
