"""Roster import (preview, then all rows or none), the Excel templates and the people export."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext as _

from branches.kernel.rosters import chinese_label
from branches.kernel.validators import validate_mobile_phone
from branches.kernel.workbook import XLSX_CONTENT_TYPE
from branches.organisation.models import Window
from branches.organisation.resources import WindowResource
from branches.people import resources
from branches.people.models import BranchRole, Person, PoliticalStatus
from branches.people.resources import PersonResource, RosterKind
from branches.people.roster import PENDING_IMPORT
from tests.conftest import ROLES, query_count
from tests.factories import (
    HallAreaFactory,
    PartyGroupFactory,
    PersonFactory,
    valid_id_number,
)

pytestmark = pytest.mark.django_db

IMPORTERS_OF_PEOPLE = {"committee_admin", "secretary_a", "secretary_b"}
PEOPLE_COLUMNS = PersonResource.column_names()
WINDOW_COLUMNS = WindowResource.column_names()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The office fixture creates eight users; the production hasher makes that take seconds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def xlsx(headers, rows):
    workbook = openpyxl.Workbook()
    workbook.active.append(headers)
    for row in rows:
        workbook.active.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def person_row(**values):
    row = {
        "工号": "N0001",
        "姓名": "新同志",
        "支部编号": 1,
        "党小组": "一件事党小组",
        "窗口编号": "A-01",
        "职务": "科员",
        "科长": "否",
        "性别": "女",
        "政治面貌": chinese_label(PoliticalStatus.ACTIVIST),
        "手机号码": "13912345678",
        "身份证号": valid_id_number(7, datetime.date(1995, 5, 6)),
        "出生日期": datetime.date(1995, 5, 6),
    }
    row.update(values)
    return [row[column] for column in PEOPLE_COLUMNS]


def window_row(**values):
    row = {"窗口编号": "C-09", "窗口名称": "社保窗口", "业务条线": "社会保障", "区域编号": "A", "覆盖支部编号": 2, "在用": "是"}
    row.update(values)
    return [row[column] for column in WINDOW_COLUMNS]


def upload(client, content, kind="people", name="roster.xlsx"):
    return client.post(
        reverse("branches:roster-import"),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
    )


def upload_people(client, *rows):
    return upload(client, xlsx(PEOPLE_COLUMNS, rows))


def confirm(client):
    token = client.session[PENDING_IMPORT]["token"]
    return client.post(reverse("branches:roster-import"), {"confirm": "1", "token": token})


def cell_error(row, column, message):
    return _("Row %(row)s, column “%(column)s”: %(message)s") % {"row": row, "column": column, "message": message}


def read_export(response):
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    headers, *rows = list(sheet.iter_rows(values_only=True))
    return list(headers), {row[0]: dict(zip(headers, row)) for row in rows}


def roster_urls():
    return {
        "import": reverse("branches:roster-import"),
        "people-template": reverse("branches:roster-template", args=["people"]),
        "windows-template": reverse("branches:roster-template", args=["windows"]),
        "export": reverse("branches:person-export"),
    }


@pytest.mark.parametrize("name", ["import", "people-template", "windows-template", "export"])
def test_anonymous_users_are_sent_to_login(client, office, name):
    url = roster_urls()[name]
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


def expected_status(name, role):
    if name == "export":
        return 200
    if name == "windows-template":
        return 200 if role == "committee_admin" else 403
    return 200 if role in IMPORTERS_OF_PEOPLE else 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["import", "people-template", "windows-template", "export"])
def test_the_role_matrix(login, role, name):
    response = login(role).get(roster_urls()[name])
    assert response.status_code == expected_status(name, role)


@pytest.mark.parametrize("role", ["branch_committee_a", "group_leader_a", "staff_a", "committee_member"])
def test_it_forbids_uploads_to_others(login, office, role):
    response = upload_people(login(role), person_row())
    assert response.status_code == 403
    assert not Person.objects.filter(staff_number="N0001").exists()


def test_a_secretary_may_not_import_windows(login, office):
    response = upload(login("secretary_a"), xlsx(WINDOW_COLUMNS, [window_row()]), kind="windows")
    assert response.status_code == 403
    assert not Window.objects.filter(code="C-09").exists()


def test_an_unknown_template_is_not_found(login):
    assert login("committee_admin").get(reverse("branches:roster-template", args=["honours"])).status_code == 404


@pytest.mark.parametrize("kind,columns", [("people", PEOPLE_COLUMNS), ("windows", WINDOW_COLUMNS)])
def test_the_template_has_the_header_row_and_instructions(login, kind, columns):
    response = login("committee_admin").get(reverse("branches:roster-template", args=[kind]))
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    data_sheet, instructions = workbook.worksheets
    assert [cell.value for cell in data_sheet[1]] == columns
    assert data_sheet.max_row == 1
    assert [row[0] for row in instructions.iter_rows(min_row=2, values_only=True)] == columns


def test_the_people_template_reads_back_once_filled_in(login, office):
    response = login("committee_admin").get(reverse("branches:roster-template", args=["people"]))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    workbook.worksheets[0].append(person_row())
    output = io.BytesIO()
    workbook.save(output)
    response = upload(login("committee_admin"), output.getvalue())
    assert response.context["report"].is_valid


def test_a_valid_file_creates_and_updates_people_after_confirmation(login, office):
    client = login("committee_admin")
    staff_b = office.people["staff_b"]
    update = person_row(
        工号=staff_b.staff_number, 姓名="staff_b", 支部编号=2, 党小组=None, 窗口编号="B-01", 职务="副科长",
        政治面貌=int(PoliticalStatus.APPLICANT), 手机号码=staff_b.phone, 身份证号=staff_b.id_number,
        出生日期=staff_b.birth_date,
    )
    response = upload_people(client, person_row(), update)

    assert response.status_code == 200
    report = response.context["report"]
    assert report.is_valid
    assert [row.status for row in report.rows] == ["new", "update"]
    assert not Person.objects.filter(staff_number="N0001").exists()

    response = confirm(client)

    assert response.status_code == 302
    assert response.url == reverse("branches:person-list")
    created = Person.objects.get(staff_number="N0001")
    assert (created.branch, created.group, created.window) == (office.branch_a, office.group_a, office.window_a)
    assert created.political_status == PoliticalStatus.ACTIVIST
    assert created.gender == "female" and created.birth_date == datetime.date(1995, 5, 6)
    staff_b.refresh_from_db()
    assert staff_b.title == "副科长" and staff_b.political_status == PoliticalStatus.APPLICANT
    assert PENDING_IMPORT not in client.session


def test_confirming_needs_a_previewed_file(login, office):
    response = login("committee_admin").post(reverse("branches:roster-import"), {"confirm": "1", "token": "x"})
    assert response.status_code == 302
    assert response.url == reverse("branches:roster-import")


def test_cancelling_forgets_the_file(login, office):
    client = login("committee_admin")
    upload_people(client, person_row())
    client.post(reverse("branches:roster-import"), {"cancel": "1"})
    assert PENDING_IMPORT not in client.session
    assert not Person.objects.filter(staff_number="N0001").exists()


def invalid_rows(office):
    """Each case: rows after a valid first row, the expected error on Excel row 3."""
    other_group = PartyGroupFactory(branch=office.branch_b, name="乙支部小组")
    return {
        "unknown branch": (
            person_row(工号="N0002", 支部编号=9, 党小组=None),
            cell_error(3, "支部编号", _("There is no party branch number %(value)s that you may import people into.") % {"value": 9}),
        ),
        "group of another branch": (
            person_row(工号="N0002", 党小组=other_group.name),
            cell_error(3, "党小组", _("Party branch %(branch)s has no party group named “%(value)s”.") % {"branch": 1, "value": other_group.name}),
        ),
        "bad phone": (
            person_row(工号="N0002", 手机号码="12345"),
            cell_error(3, "手机号码", str(validate_mobile_phone.message)),
        ),
        "duplicate staff number": (
            person_row(姓名="又一位"),
            cell_error(3, "工号", _("“%(value)s” is already on an earlier row of the file.") % {"value": "N0001"}),
        ),
        "unknown political status": (
            person_row(工号="N0002", 政治面貌="党员"),
            cell_error(3, "政治面貌", _("“%(value)s” is not one of: %(choices)s.") % {
                "value": "党员", "choices": "、".join(chinese_label(choice) for choice in PoliticalStatus)
            }),
        ),
    }


@pytest.mark.parametrize("case", ["unknown branch", "group of another branch", "bad phone", "duplicate staff number", "unknown political status"])
def test_an_invalid_row_is_reported_and_nothing_is_written(login, office, case):
    row, expected = invalid_rows(office)[case]
    client = login("committee_admin")
    before = Person.objects.count()

    response = upload_people(client, person_row(), row)

    report = response.context["report"]
    assert not report.is_valid
    assert expected in report.errors
    assert expected in response.content.decode()
    assert [row.status for row in report.rows] == ["new", "invalid"]
    assert PENDING_IMPORT not in client.session
    assert Person.objects.count() == before


def test_the_error_row_number_counts_blank_rows_like_excel(login, office):
    content = xlsx(PEOPLE_COLUMNS, [person_row(), [None] * len(PEOPLE_COLUMNS), person_row(工号="N0002", 手机号码="1", 身份证号=None, 出生日期=None)])
    report = upload(login("committee_admin"), content).context["report"]
    assert report.errors == [cell_error(4, "手机号码", str(validate_mobile_phone.message))]


def test_applying_writes_all_rows_or_none(office):
    user = office.users["committee_admin"]
    content = xlsx(PEOPLE_COLUMNS, [person_row(), person_row(工号="N0002", 支部编号=9, 党小组=None)])
    before = Person.objects.count()

    report = resources.apply_import(resources.read_roster(content, RosterKind.PEOPLE), user=user)

    assert not report.is_valid
    assert Person.objects.count() == before


def test_rows_are_checked_with_the_models_rules(login, office):
    """Demoting the secretary to the masses breaks "only party members hold a branch role"."""
    secretary = office.people["secretary_a"]
    row = person_row(
        工号=secretary.staff_number, 姓名=secretary.name, 党小组=None, 窗口编号=None,
        政治面貌=chinese_label(PoliticalStatus.MASSES), 手机号码=secretary.phone,
        身份证号=secretary.id_number, 出生日期=secretary.birth_date,
    )
    report = upload_people(login("committee_admin"), row).context["report"]
    assert report.errors == [
        _("Row %(row)s: %(message)s") % {"row": 2, "message": _("Only party members (full or probationary) can hold a branch role.")}
    ]
    secretary.refresh_from_db()
    assert secretary.political_status == PoliticalStatus.FULL
    assert secretary.branch_role == BranchRole.SECRETARY


def test_a_change_since_the_preview_stops_the_whole_import(login, office):
    client = login("committee_admin")
    row = person_row()
    upload_people(client, row, person_row(工号="N0002", 身份证号=None, 出生日期=None))
    PersonFactory(branch=office.branch_b, id_number=row[PEOPLE_COLUMNS.index("身份证号")])
    before = Person.objects.count()

    response = confirm(client)

    assert response.status_code == 200
    assert not response.context["report"].is_valid
    assert Person.objects.count() == before


def test_a_secretary_imports_only_into_their_own_branch(login, office):
    client = login("secretary_a")
    staff_b = office.people["staff_b"]
    response = upload_people(
        client,
        person_row(工号="N0002", 支部编号=2, 党小组=None),
        person_row(工号=staff_b.staff_number, 姓名="挪走", 党小组=None),
    )
    errors = response.context["report"].errors
    assert cell_error(2, "支部编号", _("There is no party branch number %(value)s that you may import people into.") % {"value": 2}) in errors
    assert cell_error(3, "工号", _("Another person already has this staff number.")) in errors
    assert not Person.objects.filter(staff_number="N0002").exists()
    staff_b.refresh_from_db()
    assert staff_b.branch == office.branch_b and staff_b.name == "staff_b"


def test_a_secretary_imports_into_their_own_branch(login, office):
    client = login("secretary_a")
    upload_people(client, person_row())
    confirm(client)
    assert Person.objects.get(staff_number="N0001").branch == office.branch_a


NOT_XLSX = "The file is not an Excel workbook (.xlsx). Save it from Excel as “Excel Workbook (*.xlsx)”."


@pytest.mark.parametrize(
    "content,message",
    [
        (b"name,branch\nZhang,1\n", lambda: _(NOT_XLSX)),
        (b"PK\x03\x04 not really a zip", lambda: _(NOT_XLSX)),
        (
            xlsx(["工号", "姓名"], [["N1", "张三"]]),
            lambda: _("The header row lacks the columns %(columns)s. Download the template to see the expected header row.")
            % {"columns": "、".join(PEOPLE_COLUMNS[2:])},
        ),
        (xlsx(PEOPLE_COLUMNS, []), lambda: _("The sheet has no rows below the header row.")),
    ],
    ids=["text", "broken zip", "other columns", "no rows"],
)
def test_a_file_that_is_not_a_roster_gets_a_clear_message(login, office, content, message):
    response = upload(login("committee_admin"), content)
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message()]


def test_a_file_that_is_too_large_is_refused(login, office, monkeypatch):
    monkeypatch.setattr(resources.RosterUploadForm.base_fields["file"], "max_bytes", 100)
    response = upload_people(login("committee_admin"), person_row())
    assert "file" in response.context["form"].errors
    assert not Person.objects.filter(staff_number="N0001").exists()


def test_a_file_with_too_many_rows_is_refused(login, office, monkeypatch):
    monkeypatch.setattr(resources, "MAX_ROWS", 1)
    response = upload_people(login("committee_admin"), person_row(), person_row(工号="N0002"))
    message = _("The sheet has more than %(limit)s rows; split it into smaller files.")
    assert response.context["form"].errors["file"] == [message % {"limit": 1}]


def test_windows_are_imported_by_the_committee_administrator(login, office):
    client = login("committee_admin")
    content = xlsx(WINDOW_COLUMNS, [window_row(), window_row(窗口编号="A-01", 窗口名称="改名窗口", 覆盖支部编号=1, 在用="否")])
    report = upload(client, content, kind="windows").context["report"]
    assert [row.status for row in report.rows] == ["new", "update"]

    response = confirm(client)

    assert response.url == reverse("branches:window-coverage")
    created = Window.objects.get(code="C-09")
    assert (created.business_line, created.covering_branch, created.is_active) == ("social_security", office.branch_b, True)
    office.window_a.refresh_from_db()
    assert office.window_a.name == "改名窗口" and not office.window_a.is_active


def test_a_window_in_an_unknown_area_is_an_error(login, office):
    content = xlsx(WINDOW_COLUMNS, [window_row(区域编号="ZZ")])
    report = upload(login("committee_admin"), content, kind="windows").context["report"]
    assert report.errors == [cell_error(2, "区域编号", _("There is no hall area with the code %(value)s.") % {"value": "ZZ"})]
    assert not Window.objects.filter(code="C-09").exists()


def test_the_export_has_the_import_headers(login, office):
    headers, rows = read_export(login("committee_admin").get(reverse("branches:person-export")))
    assert headers == PEOPLE_COLUMNS
    staff_a = rows[office.people["staff_a"].staff_number]
    assert staff_a["支部编号"] == 1 and staff_a["党小组"] == "一件事党小组" and staff_a["窗口编号"] == "A-01"
    assert staff_a["政治面貌"] == chinese_label(PoliticalStatus.PROBATIONARY)


@pytest.mark.parametrize(
    "role,visible,with_personal_data",
    [
        ("committee_member", "all", "all"),
        ("secretary_b", {"secretary_b", "staff_b", "committee_member"}, {"secretary_b", "staff_b", "committee_member"}),
        ("branch_committee_a", {"committee_admin", "secretary_a", "branch_committee_a", "group_leader_a", "staff_a"}, {"branch_committee_a"}),
        ("staff_a", {"committee_admin", "secretary_a", "branch_committee_a", "group_leader_a", "staff_a"}, {"staff_a"}),
    ],
)
def test_the_export_shows_personal_data_only_to_those_who_may_see_it(login, office, role, visible, with_personal_data):
    _headers, rows = read_export(login(role).get(reverse("branches:person-export")))
    everyone = set(office.people)
    visible = everyone if visible == "all" else visible
    with_personal_data = everyone if with_personal_data == "all" else with_personal_data
    by_number = {person.staff_number: name for name, person in office.people.items()}
    assert {by_number[number] for number in rows} == visible
    for number, row in rows.items():
        person = office.people[by_number[number]]
        if by_number[number] in with_personal_data:
            assert (row["手机号码"], row["身份证号"]) == (person.phone, person.id_number)
            assert row["出生日期"].date() == person.birth_date
        else:
            assert row["手机号码"] is None and row["身份证号"] is None and row["出生日期"] is None


def test_the_export_applies_the_directory_filters(login, office):
    _headers, rows = read_export(login("committee_admin").get(reverse("branches:person-export"), {"q": "staff_b"}))
    assert list(rows) == [office.people["staff_b"].staff_number]


def test_the_export_runs_a_fixed_number_of_queries(login, grow, django_assert_max_num_queries):
    client = login("committee_admin")
    url = reverse("branches:person-export")
    small = query_count(django_assert_max_num_queries, client, url)
    grow(10)
    assert query_count(django_assert_max_num_queries, client, url) == small


def test_an_export_reads_back_unchanged(login, office):
    client = login("committee_admin")
    export = client.get(reverse("branches:person-export")).content
    before = list(Person.objects.order_by("pk").values())

    report = upload(client, export).context["report"]

    assert report.is_valid, report.errors
    assert report.counts == {"unchanged": len(office.people)}
    confirm(client)
    assert list(Person.objects.order_by("pk").values()) == before


def test_an_unchanged_row_is_still_checked(login, office):
    Person.objects.filter(pk=office.people["staff_b"].pk).update(phone="12345")
    client = login("committee_admin")
    export = client.get(reverse("branches:person-export")).content

    report = upload(client, export).context["report"]

    [invalid] = [row for row in report.rows if row.status == "invalid"]
    assert invalid.errors == [cell_error(invalid.number, "手机号码", str(validate_mobile_phone.message))]


def test_a_secretary_export_reads_back_unchanged(login, office):
    client = login("secretary_a")
    export = client.get(reverse("branches:person-export")).content
    report = upload(client, export).context["report"]
    assert report.is_valid, report.errors
    assert set(report.counts) == {"unchanged"}


def test_the_hall_area_lookup_is_by_code(login, office):
    HallAreaFactory(code="B", name="社保区")
    content = xlsx(WINDOW_COLUMNS, [window_row(区域编号="B")])
    client = login("committee_admin")
    upload(client, content, kind="windows")
    confirm(client)
    assert Window.objects.get(code="C-09").area.code == "B"
