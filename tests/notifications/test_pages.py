"""Notifications: the bell's unread count, the list, opening one, marking all read."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from services.notifications.models import Notification
from tests.conftest import query_count
from tests.factories import NotificationFactory
from tests.records.helpers import form_data

pytestmark = pytest.mark.django_db

LIST = reverse("services:notification-list")
READ_ALL = reverse("services:notification-read-all")


def open_url(notification):
    return reverse("services:notification-open", args=[notification.pk])


def badge(count):
    return f'<span class="badge rounded-pill text-bg-warning">{count}</span>'


def test_the_bell_shows_the_unread_count(login, office):
    for _index in range(3):
        NotificationFactory(recipient=office.users["staff_a"])
    NotificationFactory(recipient=office.users["staff_a"], read_at=timezone.now())
    NotificationFactory(recipient=office.users["staff_b"])
    page = login("staff_a").get(reverse("services:my-records")).content.decode()
    assert badge(3) in page


def test_the_bell_shows_no_badge_when_all_is_read(login, office):
    NotificationFactory(recipient=office.users["staff_a"], read_at=timezone.now())
    page = login("staff_a").get(reverse("services:my-records")).content.decode()
    assert "rounded-pill text-bg-warning" not in page


def test_the_list_shows_my_notifications_only(login, office):
    NotificationFactory(recipient=office.users["staff_a"], message="已通过：上门服务")
    NotificationFactory(recipient=office.users["staff_b"], message="别人的通知")
    page = login("staff_a").get(LIST).content.decode()
    assert "已通过：上门服务" in page
    assert "别人的通知" not in page


def test_the_list_says_when_there_is_nothing(login, office):
    response = login("staff_a").get(LIST)
    assert response.status_code == 200
    assert _("No notifications.") in response.content.decode()


def test_the_list_is_paginated(login, office):
    for _index in range(35):
        NotificationFactory(recipient=office.users["staff_a"])
    client = login("staff_a")
    assert len(client.get(LIST).context["page"].object_list) == 30
    assert len(client.get(LIST, {"page": 2}).context["page"].object_list) == 5


def test_opening_one_marks_it_read_and_goes_to_its_page(login, office):
    notification = NotificationFactory(recipient=office.users["staff_a"], url="/services/mine/?status=returned")
    other = NotificationFactory(recipient=office.users["staff_a"])
    response = login("staff_a").get(open_url(notification))
    assert response.status_code == 302
    assert response.url == "/services/mine/?status=returned"
    notification.refresh_from_db()
    other.refresh_from_db()
    assert notification.read_at is not None
    assert other.read_at is None


def test_opening_a_read_one_keeps_its_read_time(login, office):
    read_at = timezone.now() - datetime.timedelta(days=3)
    notification = NotificationFactory(recipient=office.users["staff_a"], read_at=read_at)
    login("staff_a").get(open_url(notification))
    notification.refresh_from_db()
    assert notification.read_at == read_at


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/", ""])
def test_a_link_elsewhere_or_none_leads_to_the_list(login, office, url):
    notification = NotificationFactory(recipient=office.users["staff_a"], url=url)
    response = login("staff_a").get(open_url(notification))
    assert response.url == LIST


def test_another_users_notification_is_not_found(login, office):
    notification = NotificationFactory(recipient=office.users["staff_b"])
    assert login("staff_a").get(open_url(notification)).status_code == 404
    assert login("committee_admin").get(open_url(notification)).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read(login, office):
    mine = [NotificationFactory(recipient=office.users["staff_a"]) for _index in range(3)]
    theirs = NotificationFactory(recipient=office.users["staff_b"])
    client = login("staff_a")
    response = client.post(READ_ALL)
    assert response.status_code == 302
    assert response.url == LIST
    assert not Notification.objects.filter(pk__in=[n.pk for n in mine], read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert badge(3) not in client.get(LIST).content.decode()


def test_mark_all_read_accepts_only_post(login, office):
    NotificationFactory(recipient=office.users["staff_a"])
    assert login("staff_a").get(READ_ALL).status_code == 405
    assert Notification.objects.unread().count() == 1


@pytest.mark.parametrize("url", [LIST, READ_ALL])
def test_anonymous_users_are_sent_to_login(client, office, url):
    response = client.get(url) if url == LIST else client.post(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_secretary_follows_a_new_record_from_the_bell(login, office):
    login("staff_a").post(reverse("services:record-log", args=["deed"]), form_data(office, "deed"))
    client = login("secretary_a")
    assert badge(1) in client.get(LIST).content.decode()
    notification = Notification.objects.get(recipient=office.users["secretary_a"])
    response = client.get(open_url(notification), follow=True)
    assert response.status_code == 200
    assert response.context["record"].get_absolute_url() == notification.url
    assert badge(1) not in response.content.decode()


def test_the_list_query_count_does_not_grow_with_the_data(login, office, django_assert_max_num_queries):
    client = login("staff_a")
    for _index in range(3):
        NotificationFactory(recipient=office.users["staff_a"])
    small = query_count(django_assert_max_num_queries, client, LIST)
    for _index in range(30):
        NotificationFactory(recipient=office.users["staff_a"])
        NotificationFactory(recipient=office.users["staff_b"])
    large = query_count(django_assert_max_num_queries, client, LIST)
    assert large == small
