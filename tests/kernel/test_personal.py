"""Who sees personal data (phone, ID number, birth date): the person, their branch's secretary and
the committee office (branches.kernel.personal). Every page is read as every role by the access
matrix (tests/app/page_checks.py); here the rule itself, the branch committee (a role
the matrix has no column for), the person form and the export."""

import io

import openpyxl
import pytest
from django.urls import reverse

from branches.kernel import personal
from tests.app.access_matrix import ask
from tests.app.test_access_matrix import MATRIX, checks_of

pytestmark = pytest.mark.django_db

SEES = {
    "staff_a": True,  # their own
    "secretary_a": True,
    "committee_member": True,
    "committee_admin": True,
    "branch_committee_a": False,
    "group_leader_a": False,
    "secretary_b": False,
    "staff_b": False,
}


@pytest.mark.parametrize("role, sees", SEES.items())
def test_the_rule(office, role, sees):
    assert personal.may_see(office.users[role], office.people["staff_a"]) is sees
    assert personal.hidden_fields(office.users[role], office.people["staff_a"]) == (() if sees else personal.PERSONAL_FIELDS)


def test_a_branch_committee_member_edits_a_member_without_their_personal_data(login, office):
    """The probe's case: /org/people/<id>/edit/ showed and saved phone, ID number and birth date."""
    staff = office.people["staff_a"]
    url = reverse("branches:person-edit", args=[staff.pk])
    client = login("branch_committee_a")
    page = client.get(url).content.decode()
    for value in (staff.phone, staff.id_number, staff.birth_date.isoformat()):
        assert value not in page
    for name in personal.PERSONAL_FIELDS:
        assert f'name="{name}"' not in page
    response = client.post(url, {"name": "改名", "phone": "13911112222", "id_number": "", "birth_date": "1970-01-01", "is_active": "on"})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.name == "改名"
    assert (staff.phone, staff.birth_date.isoformat()) != ("13911112222", "1970-01-01")


def test_the_secretary_edits_the_personal_data(login, office):
    staff = office.people["staff_a"]
    url = reverse("branches:person-edit", args=[staff.pk])
    client = login("secretary_a")
    assert staff.phone in client.get(url).content.decode()
    client.post(url, {"name": staff.name, "phone": "13911112222", "is_active": "on"})
    staff.refresh_from_db()
    assert staff.phone == "13911112222"


@pytest.mark.parametrize("role", ["branch_committee_a", "group_leader_a"])
def test_the_people_export_leaves_out_what_the_role_may_not_see(login, office, role):
    response = login(role).get(reverse("branches:person-export"))
    cells = [cell for row in openpyxl.load_workbook(io.BytesIO(response.content)).active.values for cell in row]
    for role_seen in ("staff_a", "secretary_a"):
        assert office.people[role_seen].phone not in cells
        assert office.people[role_seen].id_number not in cells


def test_no_page_shows_a_branch_committee_member_what_the_rule_hides(office, db):
    """Every page of the access matrix, as branch_committee_a (the matrix walks the other roles)."""
    user = office.users["branch_committee_a"]
    from tests.app.access_matrix import World

    world = World(office, {"person": office.people["staff_a"]})
    found = []
    for key in MATRIX:
        for check in checks_of(key):
            if check.method != "GET" or any(isinstance(arg, str) and arg.startswith("@") and arg != "@person" for arg in check.args):
                continue
            if any(callable(arg) for arg in check.args):
                continue
            ask(user, "GET", check.url(key, world), found=found)
    assert found == []
