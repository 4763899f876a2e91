"""IDs from the browser that are not ids: Unicode digits, more digits than a column holds."""

import pytest
from django.urls import reverse

from branches.kernel.fields import whole_number
from services.problems.models import RoundTable
from services.records.models import ReviewStatus
from tests.factories import LectureFactory
from tests.records.helpers import make_record

pytestmark = pytest.mark.django_db

NOT_IDS = ["²", "٣", "9" * 40, "-1", "1.5", "", " 1", "1e3"]


@pytest.mark.parametrize("text, number", [("0", 0), ("42", 42), (str(2**63 - 1), 2**63 - 1), (42, 42)])
def test_a_whole_number_is_read(text, number):
    assert whole_number(text) == number


@pytest.mark.parametrize("text", NOT_IDS + [None, str(2**63)])
def test_anything_else_is_none(text):
    assert whole_number(text) is None


@pytest.mark.parametrize("value", NOT_IDS)
def test_a_choice_of_several_refuses_what_is_not_an_id(login, office, value):
    response = login("secretary_a").post(
        reverse("services:round-table-create"),
        {"date": "2021-03-01", "title": "圆桌会", "problems": [value], "attendees": [value],
         "measures-TOTAL_FORMS": "0", "measures-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 200
    assert not RoundTable.objects.exists()


@pytest.mark.parametrize("value", NOT_IDS)
def test_review_ignores_ticks_that_are_not_ids(login, office, value):
    record = make_record("service", office.people["staff_a"])
    response = login("secretary_a").post(reverse("services:review-selected"), {"decision": "approve", "records": [f"service:{value}"]})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == ReviewStatus.SUBMITTED


@pytest.mark.parametrize("value", NOT_IDS)
def test_lecture_pages_ignore_a_month_year_or_branch_that_is_not_a_number(login, office, value):
    client = login("secretary_a")
    assert client.get(reverse("branches:lecture-list"), {"month": value, "year": value}).status_code == 200
    lecture = LectureFactory(branch=office.branch_a)
    assert client.post(reverse("branches:lecture-register", args=[lecture.pk]), {"branch": value}).status_code in (200, 302, 404)
