"""A person is linked only where the viewer may open their page, and "not found" is the app's own
page, under DEBUG (the README's run command) too."""

import datetime

import pytest
from django.urls import reverse

from branches.ratings import actions as branch_actions
from branches.ratings.models import RoundStatus
from services.records import actions
from tests.app.page_checks import PERSON_LINK
from tests.factories import ServiceRecordFactory
from tests.ratings.factories import rater_with_login, round_with_setup

pytestmark = pytest.mark.django_db


def linked(response):
    return {int(pk) for pk in PERSON_LINK.findall(response.content.decode())}


def test_the_dedicate_pillar_links_only_the_people_the_viewer_may_open(login, office):
    """The probe counted 26 dead links for one staff member on /pillars/dedicate/."""
    year = datetime.date.today().year
    for role in ("staff_a", "staff_b"):
        record = ServiceRecordFactory(person=office.people[role], date=datetime.date(year, 1, 2))
        actions.approve(record, by=office.users["committee_admin"])
    response = login("staff_a").get(reverse("pillar-dedicate"), {"year": year})
    page = response.content.decode()
    assert office.people["staff_b"].name in page
    assert linked(response) == {office.people["staff_a"].pk}
    admin = login("committee_admin").get(reverse("pillar-dedicate"), {"year": year})
    assert linked(admin) == {office.people["staff_a"].pk, office.people["staff_b"].pk}


def test_a_published_round_links_only_the_nominees_the_viewer_may_open(login, office):
    admin = office.users["committee_admin"]
    rating_round = round_with_setup(office, raters=[rater_with_login(office, office.branch_a, "rater")], status=RoundStatus.NOMINATING)
    ours = branch_actions.nominate(rating_round, office.people["staff_a"], by=office.users["secretary_a"], post="A-01", reason="好")
    theirs = branch_actions.nominate(rating_round, office.people["secretary_b"], by=office.users["secretary_b"], post="B-01", reason="好")
    branch_actions.open_scoring(rating_round, by=admin)
    branch_actions.close_scoring(rating_round, by=admin)
    branch_actions.decide(rating_round, by=admin, selected_ids=[ours.pk, theirs.pk])
    branch_actions.publish(rating_round, by=admin)
    response = login("staff_a").get(rating_round.get_absolute_url())
    assert office.people["secretary_b"].name in response.content.decode()
    assert linked(response) == {office.people["staff_a"].pk}


def test_not_found_is_the_apps_own_page_under_debug(login, office, settings):
    settings.DEBUG = True
    response = login("staff_a").get(reverse("branches:person-detail", args=[office.people["staff_b"].pk]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found at" not in page and "URLconf" not in page
    assert 'lang="zh-hans"' in page
    assert login("staff_a").get("/no/such/page/").status_code == 404
