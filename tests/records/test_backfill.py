"""Back-fill from Excel (services.records.backfill): who may, the template, the preview with an
error per row and column, all rows or none, duplicates, the day's hours, approval by the importer
with the import in each record's history, the tallies, hostile files and the confirmation's queries."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from services.enterprises.models import Enterprise
from services.records import backfill
from services.records.models import (
    Patrol,
    PracticalDeed,
    ReviewStatus,
    ServiceActivity,
    ServiceRecord,
)
from tests.conftest import ROLES, figure
from tests.factories import (
    EnterpriseFactory,
    PersonFactory,
    ResponsibilityZoneFactory,
    valid_credit_code,
)
from tests.records.helpers import KIND_SLUGS, MODELS, make_record
from tests.records.test_tallies import assert_kept_equals_recount

pytestmark = pytest.mark.django_db

D = datetime.date
IMPORT = reverse("services:record-backfill")
MANAGERS = {"committee_admin", "secretary_a", "branch_committee_a", "secretary_b"}


def template_url(slug):
    return reverse("services:record-backfill-template", args=[slug])


def good_row(office, slug, **changes):
    """A row of staff_a's that every manager of branch A may import (headers as the template's)."""
    staff = office.people["staff_a"]
    person = {"工号": staff.staff_number, "姓名": staff.name, "日期": D(2020, 5, 12)}
    cells = {
        "service": {"服务类型": "上门服务", "时长（小时）": 2, "服务对象": "张大爷", "服务内容": "上门办理营业执照变更"},
        "deed": {"办实事对象": "为群众", "受益人": "社区居民", "实事内容": "帮助老人办理社保卡"},
        "activity": {"活动类型": "政入社区", "活动主题": "政务服务进社区", "地点": "锦屏街道", "服务群众人数": 40},
        "patrol": {"责任区": "商事登记责任区", "巡查情况": "正常"},
    }[slug]
    return {**person, **cells, **changes}


class Text(str):
    """A cell written as text even when it begins with "=" (as Excel keeps '=1+1); any other
    "=…" is written as a formula, which a workbook saved by openpyxl holds without a value."""


def workbook(slug, *rows, headers=None):
    headers = headers if headers is not None else backfill.headers(slug)
    book = openpyxl.Workbook()
    book.active.append(list(headers))
    for row in rows:
        values = [row.get(header) for header in headers] if isinstance(row, dict) else list(row)
        book.active.append(values)
        for cell, value in zip(book.active[book.active.max_row], values):
            if isinstance(value, Text):
                cell.data_type = "s"
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def upload(client, slug, *rows, name="2020年上门服务.xlsx", content=None, **kwargs):
    content = content if content is not None else workbook(slug, *rows, **kwargs)
    return client.post(IMPORT, {"kind": slug, "file": SimpleUploadedFile(name, content)})


def confirm(client, preview):
    return client.post(IMPORT, {"confirm": "1", "token": preview.context["token"]}, follow=True)


def row_error(row, column, text):
    if column is None:
        return _("Row %(row)s: %(message)s") % {"row": row, "message": text}
    return _("Row %(row)s, column “%(column)s”: %(message)s") % {"row": row, "column": column, "message": text}


def office_text(message, **params):
    """A text the import writes in the office's language, whatever the user's."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(message) % params


REASON_MESSAGE = "Imported from Excel: %(file)s, by %(user)s"


def imported(slug):
    return MODELS[slug].objects.order_by("pk")


# -- Who may ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_branches_managers_and_the_committee_administrator_back_fill_and_no_one_else(login, office, role):
    client = login(role)
    expected = 200 if role in MANAGERS else 403
    assert client.get(IMPORT).status_code == expected
    assert client.get(template_url("service")).status_code == expected
    response = upload(client, "service", good_row(office, "service"))
    assert response.status_code == expected
    assert not ServiceRecord.objects.exists()


@pytest.mark.parametrize("target", [IMPORT, template_url("deed")])
def test_it_sends_anonymous_users_to_login(client, office, target):
    response = client.get(target)
    assert response.status_code == 302 and response.url == f"{reverse('login')}?next={target}"


def test_an_unknown_kind_has_no_template(login, office):
    assert login("secretary_a").get(template_url("honour")).status_code == 404


def test_a_secretary_who_lost_the_role_since_the_preview_cannot_confirm(login, office):
    client = login("secretary_a")
    preview = upload(client, "service", good_row(office, "service"))
    office.people["secretary_a"].branch_role = ""
    office.people["secretary_a"].save()
    assert client.post(IMPORT, {"confirm": "1", "token": preview.context["token"]}).status_code == 403
    assert not ServiceRecord.objects.exists()


def test_the_link_is_on_the_review_queue_and_the_record_lists_for_managers(login, office):
    client = login("secretary_a")
    assert IMPORT in client.get(reverse("services:review-queue")).content.decode()
    assert f"{IMPORT}?kind=deed" in client.get(reverse("services:record-list", args=["deed"])).content.decode()
    assert IMPORT not in login("staff_a").get(reverse("services:record-list", args=["deed"])).content.decode()


def test_the_upload_page_starts_with_the_kind_of_the_list_it_came_from(login, office):
    form = login("secretary_a").get(IMPORT, {"kind": "patrol"}).context["form"]
    assert form["kind"].value() == "patrol"


# -- The template ----------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", KIND_SLUGS)
def test_the_template_has_the_chinese_headers_and_instructions_with_examples(login, office, slug):
    response = login("secretary_a").get(template_url(slug))
    assert response["Content-Disposition"] == f'attachment; filename="{slug}-backfill-template.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in book.worksheets[0][1]] == backfill.headers(slug)
    instructions = list(book.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in instructions] == backfill.headers(slug)
    assert all(row[4] not in (None, "") for row in instructions if row[1] == _("Yes"))  # an example for each required column


def test_the_template_lists_the_allowed_values_of_the_choices(login, office):
    response = login("secretary_a").get(template_url("service"))
    rows = {row[0]: row for row in openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[1].iter_rows(values_only=True)}
    assert rows["服务类型"][3] == "上门服务、预约服务、延时服务"
    assert rows["服务类型"][1] == _("Yes") and rows["事由"][1] == _("No")


def test_the_templates_example_credit_code_is_valid():
    from branches.kernel.validators import validate_credit_code

    validate_credit_code(backfill.EXAMPLE_CREDIT_CODE)


# -- A good file --------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", KIND_SLUGS)
def test_a_good_file_is_previewed_then_imported_approved_by_the_importer(login, office, slug):
    reason = office_text(REASON_MESSAGE, file="2020年上门服务.xlsx", user="secretary_a")
    client = login("secretary_a")
    preview = upload(client, slug, good_row(office, slug), good_row(office, slug, 日期=D(2019, 3, 1)))
    report = preview.context["report"]
    assert report.is_valid, report.errors
    assert [row.status for row in report.rows] == ["new", "new"]
    assert not imported(slug).exists()  # the preview writes nothing
    response = confirm(client, preview)
    assert response.redirect_chain[-1][0] == reverse("services:record-list", args=[slug]) + "?date_from="
    assert len(response.context["rows"]) == 2  # the list shows them, whatever their date
    records = list(imported(slug))
    assert [record.date for record in records] == [D(2020, 5, 12), D(2019, 3, 1)]
    for record in records:
        assert record.person == office.people["staff_a"] and record.branch == office.branch_a
        assert record.status == ReviewStatus.APPROVED
        assert record.reviewed_by == office.users["secretary_a"] and record.reviewed_at is not None
        assert record.submitted_by is None  # nobody logged it in the app: the import copied a sheet
        assert record.review_comment == office_text("Imported from Excel: %(file)s", file="2020年上门服务.xlsx")
        (version,) = record.history.all()
        assert version.history_user == office.users["secretary_a"]
        assert version.history_change_reason == reason


def test_the_records_history_page_names_the_import(login, office):
    reason = office_text(REASON_MESSAGE, file="2020年上门服务.xlsx", user="secretary_a")
    client = login("secretary_a")
    confirm(client, upload(client, "deed", good_row(office, "deed")))
    record = PracticalDeed.objects.get()
    page = login("staff_a").get(reverse("services:record-history", args=["deed", record.pk])).content.decode()
    assert escape(reason) in page


def test_the_service_rows_read_every_column(login, office):
    known = EnterpriseFactory()
    new_code = valid_credit_code(9001)
    rows = [
        good_row(office, "service", 服务类型="延时服务", **{"时长（小时）": 1.5}, 派出人次=3, 事由="特殊群体（老年人、残疾人等行动不便者）", 备注="夜间"),
        good_row(office, "service", 日期="2020/06/01", 服务对象=None, 统一社会信用代码=known.credit_code.lower()),
        good_row(office, "service", 日期="2020年6月2日", 服务对象=None, 统一社会信用代码=new_code, 企业名称="新企业有限公司"),
        good_row(office, "service", 日期=20200603, 服务对象=None, 统一社会信用代码=new_code),  # known once the row above is
    ]
    client = login("secretary_a")
    preview = upload(client, "service", *rows[:3])
    assert preview.context["report"].is_valid, preview.context["report"].errors
    confirm(client, preview)
    first, second, third = ServiceRecord.objects.order_by("pk")
    assert (first.kind, first.hours, first.persons_sent, first.reason, first.notes) == (
        "extended_hours", Decimal("1.5"), 3, "special_group", "夜间"
    )
    assert (second.date, second.enterprise, second.persons_sent) == (D(2020, 6, 1), known, 1)
    assert third.enterprise.name == "新企业有限公司" and third.date == D(2020, 6, 2)
    preview = upload(client, "service", rows[3])
    assert preview.context["report"].is_valid
    confirm(client, preview)
    assert Enterprise.objects.filter(credit_code=new_code).count() == 1
    assert ServiceRecord.objects.filter(enterprise__credit_code=new_code).count() == 2


def test_a_new_enterprise_on_several_rows_is_created_once(login, office):
    code = valid_credit_code(9002)
    rows = [good_row(office, "deed", 日期=D(2020, 1, day), 办实事对象="为企业", 统一社会信用代码=code, 企业名称="某企业") for day in (2, 3)]
    client = login("secretary_a")
    confirm(client, upload(client, "deed", *rows))
    assert Enterprise.objects.filter(credit_code=code).count() == 1
    assert PracticalDeed.objects.filter(enterprise__credit_code=code, beneficiary="enterprise").count() == 2


def test_a_themed_day_names_its_participants_by_staff_number(login, office):
    colleague = PersonFactory(branch=office.branch_a)
    staff = office.people["staff_a"]
    client = login("secretary_a")
    rows = [
        good_row(office, "activity", 参加人员工号=f"{staff.staff_number}、{colleague.staff_number}"),
        good_row(office, "activity", 日期=D(2020, 7, 1)),
    ]
    confirm(client, upload(client, "activity", *rows))
    first, second = ServiceActivity.objects.order_by("pk")
    assert set(first.participants.all()) == {staff, colleague}
    assert list(second.participants.all()) == [staff]  # empty: the person of the row alone
    colleague.refresh_from_db()
    assert colleague.last_active_on == D(2020, 5, 12)


def test_a_patrol_names_the_persons_zone(login, office):
    client = login("secretary_a")
    confirm(client, upload(client, "patrol", good_row(office, "patrol", 发现问题="是", 巡查情况="自助机缺纸")))
    patrol = Patrol.objects.get()
    assert patrol.zone == office.people["staff_a"].responsibility_zones.get()
    assert patrol.found_problem and patrol.status == ReviewStatus.APPROVED
    assert patrol.reviewed_by == office.users["secretary_a"]


def test_the_committee_administrator_back_fills_any_branch(login, office):
    client = login("committee_admin")
    staff_b = office.people["staff_b"]
    row = good_row(office, "deed", 工号=staff_b.staff_number, 姓名=staff_b.name)
    confirm(client, upload(client, "deed", row))
    assert PracticalDeed.objects.get().branch == office.branch_b


# -- Errors per row ----------------------------------------------------------------------------------

TOMORROW = datetime.date.today() + datetime.timedelta(days=1)


@pytest.mark.parametrize(
    "slug, changes, column, message",
    [
        ("service", {"工号": "X999"}, "工号",
         lambda o: _("No one with the staff number “%(number)s” is in a branch you manage.") % {"number": "X999"}),
        ("service", {"工号": None}, "工号", lambda o: _("This column is required.")),
        ("service", {"姓名": "李四"}, "姓名",
         lambda o: _("Staff number %(number)s is %(name)s, not “%(given)s”.") % {"number": o.people["staff_a"].staff_number, "name": "staff_a", "given": "李四"}),
        ("service", {"日期": TOMORROW}, "日期", lambda o: _("The date cannot be in the future.")),
        ("service", {"日期": "9999-12-31"}, "日期", lambda o: _("Enter a date from %(earliest)s to %(latest)s.") % {"earliest": "1900-01-01", "latest": "2100-12-31"}),
        ("service", {"日期": D(1800, 1, 1)}, "日期", lambda o: _("Enter a date from %(earliest)s to %(latest)s.") % {"earliest": "1900-01-01", "latest": "2100-12-31"}),
        ("service", {"日期": "去年"}, "日期", lambda o: _("Write the date as 1990-01-31.")),
        ("service", {"日期": None}, "日期", lambda o: _("This field is required.")),
        ("service", {"服务类型": "电话服务"}, "服务类型",
         lambda o: _("“%(value)s” is not one of: %(choices)s.") % {"value": "电话服务", "choices": "上门服务、预约服务、延时服务"}),
        ("service", {"时长（小时）": 20}, "时长（小时）", lambda o: _("Ensure this value is less than or equal to %(limit_value)s.") % {"limit_value": 16}),
        ("service", {"时长（小时）": "两小时"}, "时长（小时）", lambda o: _("Enter a number.")),
        ("service", {"派出人次": 10**30}, "派出人次", lambda o: _("Ensure this value is less than or equal to %(limit_value)s.") % {"limit_value": 50}),
        ("service", {"统一社会信用代码": "91330212MA2H3N7K4A"}, "统一社会信用代码",
         lambda o: _("The credit code's check character is wrong; please check the code.")),
        ("service", {"统一社会信用代码": valid_credit_code(5), "服务对象": None}, "企业名称",
         lambda o: _("This enterprise is new here: enter its name as well.")),
        ("deed", {"办实事对象": "为企业"}, "统一社会信用代码", lambda o: _("Enter the enterprise's credit code.")),
        ("deed", {"实事内容": None}, "实事内容", lambda o: _("This field is required.")),
        ("activity", {"参加人员工号": "S-NOBODY"}, "参加人员工号",
         lambda o: _("Select a valid choice. %(value)s is not one of the available choices.") % {"value": "S-NOBODY"}),
        ("patrol", {"责任区": "别人的责任区"}, "责任区",
         lambda o: _("%(person)s has no responsibility zone named “%(zone)s”.") % {"person": "staff_a", "zone": "别人的责任区"}),
        ("patrol", {"发现问题": "也许"}, "发现问题", lambda o: _("Write %(yes)s or %(no)s.") % {"yes": "是", "no": "否"}),
    ],
)
def test_a_bad_row_is_named_by_row_and_column_and_nothing_is_written(login, office, slug, changes, column, message):
    client = login("secretary_a")
    rows = [good_row(office, slug, 日期=D(2019, 1, 2)), good_row(office, slug, **changes)]
    preview = upload(client, slug, *rows)
    report = preview.context["report"]
    assert report.errors == [row_error(3, column, message(office))]
    assert [row.status for row in report.rows] == ["new", "invalid"]
    assert row_error(3, column, message(office)) in preview.content.decode()
    assert preview.context["token"] is None and "record_backfill" not in client.session
    assert not imported(slug).exists()


def test_a_service_row_names_someone_served_as_the_log_form_says(login, office):
    report = upload(login("secretary_a"), "service", good_row(office, "service", 服务对象=None)).context["report"]
    assert report.errors == [
        row_error(2, None, _("Enter the enterprise's credit code or the name of the person served.")),
        row_error(2, "服务对象", _("Name the enterprise or the person served.")),
    ]


def test_a_person_of_another_branch_is_a_row_error_not_a_missing_page(login, office):
    staff_b = office.people["staff_b"]
    preview = upload(login("secretary_a"), "service", good_row(office, "service", 工号=staff_b.staff_number, 姓名=staff_b.name))
    assert preview.status_code == 200
    text = _("No one with the staff number “%(number)s” is in a branch you manage.") % {"number": staff_b.staff_number}
    assert preview.context["report"].errors == [row_error(2, "工号", text)]


def test_a_participant_of_another_branch_is_refused(login, office):
    staff_b = office.people["staff_b"]
    preview = upload(login("secretary_a"), "activity", good_row(office, "activity", 参加人员工号=staff_b.staff_number))
    text = _("Select a valid choice. %(value)s is not one of the available choices.") % {"value": staff_b.staff_number}
    assert preview.context["report"].errors == [row_error(2, "参加人员工号", text)]


def test_an_importer_is_never_the_reviewer_of_their_own_rows(login, office):
    secretary = office.people["secretary_a"]
    own = good_row(office, "deed", 工号=secretary.staff_number, 姓名=secretary.name)
    preview = upload(login("secretary_a"), "deed", good_row(office, "deed"), own)
    text = _(
        "This is your own record, and a reviewer is never a record's author: another manager of "
        "the branch or the committee office imports it."
    )
    assert preview.context["report"].errors == [row_error(3, "工号", text)]
    client = login("branch_committee_a")  # another manager of the branch imports it
    confirm(client, upload(client, "deed", own))
    assert PracticalDeed.objects.get().reviewed_by == office.users["branch_committee_a"]


def test_a_zone_name_the_person_holds_twice_is_an_error(login, office):
    ResponsibilityZoneFactory(member=office.people["staff_a"], name="商事登记责任区")
    report = upload(login("secretary_a"), "patrol", good_row(office, "patrol")).context["report"]
    text = _("%(person)s has several responsibility zones named “%(zone)s”.") % {"person": "staff_a", "zone": "商事登记责任区"}
    assert report.errors == [row_error(2, "责任区", text)]


def test_every_wrong_row_is_listed_with_every_wrong_column(login, office):
    rows = [good_row(office, "service", 日期=None, 服务类型="x"), good_row(office, "service"), good_row(office, "service", 工号="X")]
    report = upload(login("secretary_a"), "service", *rows).context["report"]
    assert [line.number for line in report.rows if line.errors] == [2, 4]
    assert len(report.rows[0].errors) == 2


def test_an_error_row_number_counts_blank_rows_like_excel(login, office):
    rows = [good_row(office, "deed"), {}, good_row(office, "deed", 实事内容=None, 日期=D(2019, 1, 1))]
    report = upload(login("secretary_a"), "deed", *rows).context["report"]
    assert report.errors == [row_error(4, "实事内容", _("This field is required."))]


# -- Duplicates and the day's hours --------------------------------------------------------------------


def test_a_row_that_repeats_a_record_in_the_app_is_an_error(login, office):
    make_record("service", office.people["staff_a"], date=D(2020, 5, 12), served_name="张大爷", kind="door_to_door")
    report = upload(login("secretary_a"), "service", good_row(office, "service")).context["report"]
    text = _("The same %(kind)s of %(name)s on %(date)s is already recorded in the app; remove this row.") % {
        "kind": _("service record"), "name": "staff_a", "date": "2020-05-12",
    }
    assert report.errors == [row_error(2, None, text)]


def test_a_record_of_another_enterprise_the_same_day_is_not_a_duplicate(login, office):
    make_record("service", office.people["staff_a"], date=D(2020, 5, 12), served_name="张大爷", kind="appointment")
    assert upload(login("secretary_a"), "service", good_row(office, "service")).context["report"].is_valid


def test_a_row_repeated_in_the_file_is_an_error(login, office):
    rows = [good_row(office, "activity"), good_row(office, "activity", 地点="别处")]
    report = upload(login("secretary_a"), "activity", *rows).context["report"]
    text = _("The same %(kind)s is already on row %(row)s.") % {"kind": _("themed party day"), "row": 2}
    assert report.errors == [row_error(3, None, text)]


def test_a_patrol_already_logged_is_refused_by_the_forms_own_rule(login, office):
    staff = office.people["staff_a"]
    make_record("patrol", staff, date=D(2020, 5, 12))
    report = upload(login("secretary_a"), "patrol", good_row(office, "patrol")).context["report"]
    assert report.errors == [row_error(2, None, _("This zone's patrol for that day is already logged."))]


def test_a_persons_hours_of_a_day_count_the_app_and_the_file(login, office):
    make_record("service", office.people["staff_a"], date=D(2020, 5, 12), hours=10, served_name="甲")
    rows = [good_row(office, "service", 服务对象=name, **{"时长（小时）": 4}) for name in ("乙", "丙")]
    report = upload(login("secretary_a"), "service", *rows).context["report"]
    text = _(
        "%(name)s already has %(others)s hours of service on %(date)s; with these the day would hold more than %(ceiling)s hours."
    ) % {"name": "staff_a", "others": "14", "date": D(2020, 5, 12), "ceiling": "16"}
    assert report.errors == [row_error(3, "时长（小时）", text)]


# -- All or nothing ----------------------------------------------------------------------------------


def test_a_change_since_the_preview_stops_the_whole_import(login, office):
    client = login("secretary_a")
    preview = upload(client, "deed", good_row(office, "deed", 日期=D(2019, 1, 1)), good_row(office, "deed"))
    make_record("deed", office.people["staff_a"], date=D(2020, 5, 12), beneficiary_name="社区居民", description="帮助老人办理社保卡")
    response = confirm(client, preview)
    assert response.context["report"].errors  # shown again, with the row now refused
    assert PracticalDeed.objects.count() == 1  # only the one logged meanwhile


def test_confirming_without_a_preview_or_twice_imports_nothing_more(login, office):
    client = login("secretary_a")
    response = client.post(IMPORT, {"confirm": "1", "token": "forged"}, follow=True)
    assert response.redirect_chain[-1][0] == IMPORT
    preview = upload(client, "deed", good_row(office, "deed"))
    confirm(client, preview)
    confirm(client, preview)
    assert PracticalDeed.objects.count() == 1


def test_cancelling_forgets_the_file(login, office):
    client = login("secretary_a")
    preview = upload(client, "deed", good_row(office, "deed"))
    client.post(IMPORT, {"cancel": "1", "token": preview.context["token"]})
    confirm(client, preview)
    assert not PracticalDeed.objects.exists()


# -- Tallies -----------------------------------------------------------------------------------------


def test_the_tallies_and_last_active_dates_equal_a_recount_after_an_import(login, office):
    make_record("service", office.people["staff_a"], date=D(2020, 5, 3), served_name="已有")
    client = login("secretary_a")
    known = EnterpriseFactory()
    services = [
        good_row(office, "service", 日期=D(2020, month, 10), 服务类型=kind, 服务对象=None, 统一社会信用代码=known.credit_code, **{"时长（小时）": month / 2})
        for month in range(1, 13) for kind in ("上门服务", "延时服务")
    ]
    confirm(client, upload(client, "service", *services))
    colleague = PersonFactory(branch=office.branch_a)
    confirm(client, upload(client, "activity", *[
        good_row(office, "activity", 日期=D(2021, month, 1), 参加人员工号=colleague.staff_number) for month in (1, 2)
    ]))
    confirm(client, upload(client, "deed", *[good_row(office, "deed", 日期=D(2019, month, 1)) for month in (1, 6)]))
    confirm(client, upload(client, "patrol", *[good_row(office, "patrol", 日期=D(2021, 3, day)) for day in (1, 2)]))
    assert ServiceRecord.objects.approved().count() == 24
    assert figure("service_hours", 2020) == sum(range(1, 13))
    assert figure("door_to_door_visits", 2020) == 12
    assert figure("deeds_for_masses", 2019) == 2
    assert_kept_equals_recount()


# -- Hostile files -----------------------------------------------------------------------------------

NOT_XLSX = "The file is not an Excel workbook (.xlsx). Save it from Excel as “Excel Workbook (*.xlsx)”."


def empty_workbook():
    output = io.BytesIO()
    openpyxl.Workbook().save(output)
    return output.getvalue()


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\xe5\xb7\xa5\xe5\x8f\xb7,\xe5\xa7\x93\xe5\x90\x8d\nS1,x\n", lambda: _(NOT_XLSX)),
        (b"PK\x03\x04 not really a zip", lambda: _(NOT_XLSX)),
        (b"", lambda: _("The submitted file is empty.")),
        (empty_workbook(), lambda: _("The sheet is empty.")),
        (workbook("deed"), lambda: _("The sheet has no rows below the header row.")),
        (
            workbook("deed", ["S1", "张三"], headers=["工号", "姓名"]),
            lambda: _("The header row lacks the columns %(columns)s. Download the template to see the expected header row.")
            % {"columns": "、".join(backfill.headers("deed")[2:])},
        ),
        (
            workbook("deed", headers=backfill.headers("deed") + ["日期"]),
            lambda: _("The header row has the columns %(columns)s more than once.") % {"columns": "日期"},
        ),
    ],
    ids=["csv", "broken zip", "empty file", "empty workbook", "no rows", "other columns", "repeated column"],
)
def test_a_file_that_is_not_a_sheet_of_records_gets_a_clear_message(login, office, content, message):
    response = upload(login("secretary_a"), "deed", content=content)
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message()]


def test_a_sheet_of_another_kind_names_the_missing_columns(login, office):
    response = upload(login("secretary_a"), "patrol", content=workbook("deed", good_row(office, "deed")))
    assert "责任区" in response.context["form"].errors["file"][0]


def test_formulas_huge_numbers_far_dates_and_long_texts_are_row_errors(login, office):
    rows = [
        good_row(office, "service", 服务对象='=HYPERLINK("http://x","y")'),  # a formula: no value
        good_row(office, "service", 日期=D(2019, 1, 1), **{"时长（小时）": "=1+1"}),  # a formula: no value
        good_row(office, "service", 日期=D(2019, 1, 2), **{"时长（小时）": 1e308}),
        good_row(office, "service", 日期="99999-01-01"),
        good_row(office, "service", 日期=D(2019, 1, 3), 服务内容="长" * 10_000),
        good_row(office, "service", 工号="S" * 10_000),
        good_row(office, "service", 服务类型="类" * 10_000),
    ]
    response = upload(login("secretary_a"), "service", *rows)
    assert response.status_code == 200
    report = response.context["report"]
    assert [line.number for line in report.rows if line.errors] == [2, 3, 4, 5, 6, 7, 8]
    assert report.rows[1].errors == [row_error(3, "时长（小时）", _("This field is required."))]
    assert all(len(error) < 300 for error in report.errors)  # a long cell is quoted shortened
    assert all(len(value) <= 60 for line in report.rows for value in line.values)
    assert not ServiceRecord.objects.exists()


def test_a_formula_like_text_is_kept_as_text(login, office):
    client = login("secretary_a")
    confirm(client, upload(client, "service", good_row(office, "service", 服务对象=Text("=1+1"))))
    assert ServiceRecord.objects.get().served_name == "=1+1"


def test_a_file_that_is_too_large_is_refused(login, office, monkeypatch):
    monkeypatch.setattr(backfill.BackfillUploadForm.base_fields["file"], "max_bytes", 100)
    response = upload(login("secretary_a"), "deed", good_row(office, "deed"))
    assert "file" in response.context["form"].errors
    assert "record_backfill" not in response.wsgi_request.session


def test_a_file_with_too_many_rows_is_refused(login, office, monkeypatch):
    monkeypatch.setattr(backfill, "MAX_ROWS", 1)
    response = upload(login("secretary_a"), "deed", good_row(office, "deed"), good_row(office, "deed", 日期=D(2019, 1, 1)))
    message = _("The sheet has more than %(limit)s rows; split it into smaller files.")
    assert response.context["form"].errors["file"] == [message % {"limit": 1}]


@pytest.mark.parametrize("kind", ["", "honour", "x" * 5000])
def test_an_unknown_kind_is_a_form_error(login, office, kind):
    client = login("secretary_a")
    response = client.post(IMPORT, {"kind": kind, "file": SimpleUploadedFile("a.xlsx", workbook("deed", good_row(office, "deed")))})
    assert response.status_code == 200 and "kind" in response.context["form"].errors


# -- Queries ----------------------------------------------------------------------------------------

# The queries a row's own form runs (its choices and the model's clean()): a themed day's
# participants; a patrol's zone, the zone's existence and the patrol of that day. A service record
# or a deed runs none (one for a credit code given). Everything else is per file, per batch of 500
# rows or per tally cell (a branch's month of a kind, a member's year).
QUERIES_A_ROW = {"service": 0, "deed": 0, "activity": 1, "patrol": 3}


def confirm_queries(client, office, slug, month, count):
    rows = [good_row(office, slug, 日期=D(2019, month, 1 + day), 服务对象=f"群众{day}") for day in range(count)]
    preview = upload(client, slug, *rows)
    assert preview.context["report"].is_valid
    with CaptureQueriesContext(connection) as captured:
        confirm(client, preview)
    assert MODELS[slug].objects.filter(date__month=month).count() == count
    return len(captured)


@pytest.mark.parametrize("slug", KIND_SLUGS)
def test_the_confirmation_runs_only_the_forms_queries_a_row_and_none_for_the_records_in_the_app(login, office, slug):
    client = login("secretary_a")
    five = confirm_queries(client, office, slug, 1, 5)
    fifteen = confirm_queries(client, office, slug, 3, 15)
    assert fifteen - five <= 10 * QUERIES_A_ROW[slug]
    for day in range(1, 29):  # records in the app, of staff_a and others, add no query
        make_record(slug, office.people["staff_a"], date=D(2019, 5, day))
        make_record(slug, PersonFactory(branch=office.branch_a), date=D(2019, 6, day))
    assert confirm_queries(client, office, slug, 7, 5) <= five
