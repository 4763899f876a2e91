"""Every page without an ID in its URL, fed hostile query strings: never a 500."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = [
    "dashboard", "pillar-lead", "pillar-pass-on", "pillar-dedicate", "pillar-serve", "annual-report",
    "branches:development-pipeline", "branches:pledge-board", "branches:brand-list", "branches:honour-list",
    "branches:rating-wall", "branches:rating-round-list", "branches:party-brand", "branches:display-list",
    "branches:branch-list", "branches:window-coverage", "branches:person-list", "branches:person-export",
    "branches:my-page", "branches:roster-import", "branches:lecture-list", "branches:lecture-create",
    "branches:lecture-check-in", "branches:mentorship-list", "branches:mentorship-create", "services:studio-list",
    "services:log-choose", "services:patrol-plan", "services:duty-rota", "services:my-records", "services:review-queue", "services:notification-list",
    "services:problem-list", "services:problem-export", "services:problem-report", "services:round-table-create",
    "services:project-list", "services:project-create", "services:joint-item-list", "services:joint-item-create",
    "services:satisfaction", "services:satisfaction-import", "services:satisfaction-template",
]
HOSTILE = {
    "page": "-1", "year": "99999999999999999999", "quarter": "0", "branch": "abc", "status": "<script>alert(1)</script>",
    "date_from": "2021-13-45", "date_to": "yesterday", "q": "' OR 1=1 --" + "长" * 500, "kind": "../../etc",
    "subkind": "\x00", "open": "yes", "overdue": "[]", "classes": "1e9", "channel": "mobile'", "problem": "9" * 30,
    "political_status": "-5", "group": "1.5", "month": "13", "stage": "²", "due": "\x00", "round": "9" * 40,
    "area": "-1", "level": "<b>", "from": "-1", "to": "9" * 30,
}


#: Values that once broke a page: a date past what can be added to (OverflowError, SQLite and
#: PostgreSQL), a search longer than SQLite's LIKE takes.
FAR_AND_LONG = [
    {"date_to": "9999-12-31"},
    {"date_from": "0001-01-01", "date_to": "9999-12-31"},
    {"date_from": "9999-12-31"},
    {"q": "x" * 100_001},
    {"year": "9999", "month": "12"},
    {"from": "0001", "to": "9999"},
]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("role", ["committee_admin", "secretary_a", "staff_a"])
def test_hostile_query_strings_never_break_a_page(login, office, name, role):
    response = login(role).get(reverse(name), HOSTILE)
    assert response.status_code in (200, 302, 403, 404), (name, response.status_code)
    assert b"<script>alert(1)</script>" not in response.content
    for query in FAR_AND_LONG:
        response = login(role).get(reverse(name), query)
        assert response.status_code in (200, 302, 403, 404), (name, query, response.status_code)


@pytest.mark.parametrize("kind", ["service", "deed", "activity", "patrol"])
def test_a_far_date_in_a_record_list_is_refused_with_a_message(login, office, kind):
    response = login("committee_admin").get(reverse("services:record-list", args=[kind]), {"date_to": "9999-12-31"})
    assert response.status_code == 200
    assert response.context["filter_form"].errors["date_to"]
