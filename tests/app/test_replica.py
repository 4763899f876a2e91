"""Figures from a PostgreSQL replica, a user's own writes from the primary (torchbearer.replica)."""

import time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import URLResolver, get_resolver, reverse

from torchbearer import replica

pytestmark = pytest.mark.django_db

FIGURE_PAGES = {"dashboard", "pillar-lead", "pillar-pass-on", "pillar-dedicate", "pillar-serve", "annual-report", "annual-report-file"}


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setattr(replica, "configured", lambda: True)


def read_alias_inside(request):
    """Where a figure page asked by ``request`` sends its reads."""
    seen = []
    if not hasattr(request, "user"):
        request.user = AnonymousUser()

    @replica.reads_figures
    def page(request):
        seen.append(replica.ReplicaRouter().db_for_read(None))

    page(request)
    return seen[0]


def test_figure_pages_read_from_the_replica(with_replica):
    assert read_alias_inside(RequestFactory().get("/dashboard/")) == "replica"


def test_without_a_replica_everything_reads_from_the_primary():
    assert read_alias_inside(RequestFactory().get("/dashboard/")) == "default"


def test_a_user_who_just_wrote_reads_their_figures_from_the_primary(with_replica):
    request = RequestFactory().get("/dashboard/")
    request.COOKIES[replica.PIN_COOKIE] = f"{time.time() + 10:.3f}"
    assert read_alias_inside(request) == "default"
    request.COOKIES[replica.PIN_COOKIE] = f"{time.time() - 1:.3f}"
    assert read_alias_inside(request) == "replica"
    request.COOKIES[replica.PIN_COOKIE] = "not a time"
    assert read_alias_inside(request) == "replica"


def test_writes_and_migrations_stay_on_the_primary(with_replica):
    router = replica.ReplicaRouter()
    assert router.db_for_write(None) == "default"
    assert router.allow_migrate("default", "services") and not router.allow_migrate("replica", "services")
    assert router.db_for_read(None) == "default"  # outside a figure page


def test_a_post_pins_its_user_to_the_primary(with_replica, login, settings):
    client = login("secretary_a")
    client.get(reverse("dashboard"))
    assert replica.PIN_COOKIE not in client.cookies
    client.post(reverse("services:notification-read-all"))
    pinned_until = float(client.cookies[replica.PIN_COOKIE].value)
    assert time.time() < pinned_until <= time.time() + settings.REPLICA_PIN_SECONDS + 1  # kept to the millisecond


def test_signing_in_does_not_pin(with_replica, client, office):
    office.users["secretary_a"].set_password("a-long-password-2026")
    office.users["secretary_a"].save()
    response = client.post(reverse("login"), {"username": office.users["secretary_a"].username, "password": "a-long-password-2026"})
    assert response.status_code == 302 and replica.PIN_COOKIE not in response.cookies


def test_who_the_user_is_is_read_from_the_primary_before_the_figures(with_replica, office):
    request = RequestFactory().get("/dashboard/")
    request.user = office.users["secretary_a"]
    seen = []

    @replica.reads_figures
    def page(request):
        seen.append(getattr(request.user, "_torchbearer_scope", None))

    page(request)
    assert seen[0] is not None and seen[0].is_manager


def test_without_a_replica_no_cookie_is_set(login):
    client = login("secretary_a")
    client.post(reverse("services:notification-read-all"))
    assert replica.PIN_COOKIE not in client.cookies


def test_exactly_the_figure_pages_read_from_the_replica():
    """Each page that only reads figures is marked, and no other: a form or a list on the replica
    could show a user a state older than the one they just saw. (The hall display reads its
    screen's token from the primary, so that a revoked screen is refused at once, and composes
    its figures once a minute: it stays on the primary.)"""
    marked = set()

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
            elif getattr(entry.callback, "reads_figures", False):
                marked.add(f"{namespace}{entry.name}")

    walk(get_resolver().url_patterns, "")
    assert marked == FIGURE_PAGES
