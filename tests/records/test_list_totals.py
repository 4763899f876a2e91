"""The totals above the committee's record lists: read from the monthly tallies where the filters
allow it, and always the same as summing the filtered rows."""

import datetime

import pytest
from django.urls import reverse

from services.records import actions, selectors
from services.records.forms import RecordFilterForm
from services.records.kinds import KINDS
from services.records.models import ServiceRecord
from services.records.views import default_start
from tests.records.helpers import make_record

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = datetime.date.today()
THIS_MONTH = TODAY.replace(day=1)
LAST_MONTH = (THIS_MONTH - datetime.timedelta(days=1)).replace(day=1)


@pytest.fixture
def records(office):
    """Records of each tallied kind in both branches, two months and every status."""
    made = []
    for slug in ("service", "deed", "activity"):
        for branch, person in ((office.branch_a, office.people["staff_a"]), (office.branch_b, office.people["staff_b"])):
            for day, status in ((THIS_MONTH, "approved"), (LAST_MONTH, "approved"), (LAST_MONTH, "returned"), (THIS_MONTH, "submitted")):
                extra = {"hours": 3, "persons_sent": 2, "kind": "appointment"} if slug == "service" and day == LAST_MONTH else {}
                record = make_record(slug, person, date=day, **extra)
                if status == "approved":
                    actions.approve(record, by=office.users["committee_admin"])
                elif status == "returned":
                    actions.return_record(record, by=office.users["committee_admin"], comment="请补充")
                made.append(record)
    return made


def totals(office, slug, data, role="committee_admin"):
    user = office.users[role]
    kind = KINDS[slug]
    form = RecordFilterForm(data, user=user, subkind_choices=kind.subkind_choices)
    records = form.filter(kind.queryset().visible_to(user), subkind_field=kind.subkind_field)
    return selectors.record_list_totals(kind, records, form.cleaned_data, user=user), kind.totals_of(records), form


WHOLE_MONTHS = [
    {},
    {"date_from": LAST_MONTH.isoformat()},
    {"date_from": THIS_MONTH.isoformat(), "status": "approved"},
    {"date_to": (THIS_MONTH - datetime.timedelta(days=1)).isoformat()},
    {"branch": "{branch_a}"},
    {"branch": "{branch_b}", "status": "approved", "date_from": LAST_MONTH.isoformat()},
]


@pytest.mark.parametrize("slug", ["service", "deed", "activity"])
@pytest.mark.parametrize("data", WHOLE_MONTHS)
def test_the_tallies_give_the_totals_of_the_rows(office, records, slug, data):
    data = {name: value.format(branch_a=office.branch_a.pk, branch_b=office.branch_b.pk) for name, value in data.items()}
    kept, summed, form = totals(office, slug, data)
    assert kept == summed
    assert selectors._tally_cells(KINDS[slug], form.cleaned_data, office.users["committee_admin"]) is not None


def test_a_subkind_is_read_from_its_cells(office, records):
    kept, summed, _form = totals(office, "service", {"subkind": "appointment"})
    assert kept == summed
    assert [value for _label, value in kept] == [4, 12, 8]  # last month, approved and returned, both branches


@pytest.mark.parametrize(
    "data, role",
    [
        ({"q": "staff"}, "committee_admin"),
        ({"date_from": (LAST_MONTH + datetime.timedelta(days=3)).isoformat()}, "committee_admin"),
        ({"status": "submitted"}, "committee_admin"),
        ({}, "secretary_a"),
    ],
)
def test_otherwise_the_rows_are_summed(office, records, data, role):
    kept, summed, form = totals(office, "service", data, role)
    assert kept == summed
    assert selectors._tally_cells(KINDS["service"], form.cleaned_data, office.users[role]) is None


def test_patrols_are_not_tallied_with_their_problems(office):
    make_record("patrol", office.people["staff_a"], date=TODAY, found_problem=True)
    kept, summed, _form = totals(office, "patrol", {})
    assert kept == summed and kept[1][1] == 1


def test_an_approval_shows_at_once(office, records, login):
    client = login("committee_admin")
    url = reverse("services:record-list", args=["service"])
    before = dict(client.get(url, {"status": "approved"}).context["totals"])
    waiting = ServiceRecord.objects.filter(status="submitted").first()
    actions.approve(waiting, by=office.users["committee_admin"])
    after = dict(client.get(url, {"status": "approved"}).context["totals"])
    assert list(after.values())[0] == list(before.values())[0] + 1


def test_the_default_period_is_twelve_whole_months():
    assert default_start(D(2026, 12, 1)) == D(2026, 1, 1)
    assert default_start(D(2026, 1, 31)) == D(2025, 2, 1)
    assert default_start(D(2024, 2, 29)) == D(2023, 3, 1)
