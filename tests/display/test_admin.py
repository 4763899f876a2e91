"""Django admin of the hall displays: listed, renamed and revoked there, never issued there (the
committee office's page issues a screen and shows its address)."""

import pytest
from django.urls import reverse

from branches.display import actions
from branches.display.models import HallDisplay

pytestmark = pytest.mark.django_db


@pytest.fixture
def display(office):
    return actions.issue_display("一楼大厅入口", by=office.users["committee_admin"])


def test_it_lists_and_shows_a_screen_without_its_token(admin_client, display):
    for url in [reverse("admin:branches_halldisplay_changelist"), reverse("admin:branches_halldisplay_change", args=[display.pk])]:
        response = admin_client.get(url)
        assert response.status_code == 200
        assert display.token not in response.content.decode()


def test_it_issues_no_screen(admin_client):
    assert admin_client.get(reverse("admin:branches_halldisplay_add")).status_code == 403


def test_its_action_revokes_through_the_action(admin_client, display):
    response = admin_client.post(
        reverse("admin:branches_halldisplay_changelist"),
        {"action": "revoke_selected", "_selected_action": [display.pk]},
    )
    assert response.status_code == 302
    display.refresh_from_db()
    assert display.is_revoked
    assert HallDisplay.objects.in_use().count() == 0
