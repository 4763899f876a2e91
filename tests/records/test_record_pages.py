"""Reading and correcting records: my records, a record for every role, edit, history, lists, export."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from services.notifications.models import Notification
from services.records import actions
from services.records.models import PracticalDeed, ReviewStatus
from tests.conftest import ROLES, query_count
from tests.factories import (
    EnterpriseFactory,
    PersonFactory,
    UserFactory,
    valid_credit_code,
)
from tests.records.helpers import (
    KIND_SLUGS,
    YESTERDAY,
    add_records,
    form_data,
    image_upload,
    make_record,
)

pytestmark = pytest.mark.django_db

SEES_BRANCH_A = {"committee_admin", "committee_member", "secretary_a", "branch_committee_a", "group_leader_a", "staff_a"}


def detail_url(record):
    return reverse("services:record-detail", args=[record.slug, record.pk])


def edit_url(record):
    return reverse("services:record-edit", args=[record.slug, record.pk])


def history_url(record):
    return reverse("services:record-history", args=[record.slug, record.pk])


def list_url(slug):
    return reverse("services:record-list", args=[slug])


def export_url(slug):
    return reverse("services:record-export", args=[slug])


def approve(office, record):
    return actions.approve(record, by=office.users["secretary_a"])


def send_back(office, record, comment="请补充服务对象"):
    return actions.return_record(record, by=office.users["secretary_a"], comment=comment)


def sheet_rows(response):
    """The exported workbook's rows, header first."""
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


class TestMyRecords:
    @pytest.fixture
    def mine(self, office):
        staff = office.people["staff_a"]
        waiting = make_record("service", staff, served_name="等待的服务")
        approved = approve(office, make_record("deed", staff, description="通过的实事"))
        returned = send_back(office, make_record("activity", staff, title="退回的活动"), comment="请补充照片")
        make_record("service", office.people["staff_b"], served_name="别人的服务")
        return {"waiting": waiting, "approved": approved, "returned": returned}

    def test_it_lists_every_kind_of_my_records_and_no_one_elses(self, login, mine):
        page = login("staff_a").get(reverse("services:my-records")).content.decode()
        for text in ["等待的服务", "通过的实事", "退回的活动"]:
            assert text in page
        assert "别人的服务" not in page

    def test_it_counts_by_status(self, login, mine):
        response = login("staff_a").get(reverse("services:my-records"))
        assert response.context["counts"] == {"submitted": 1, "approved": 1, "returned": 1}

    @pytest.mark.parametrize(
        "status, shown, hidden",
        [("submitted", "等待的服务", "退回的活动"), ("approved", "通过的实事", "等待的服务"), ("returned", "退回的活动", "通过的实事")],
    )
    def test_its_tabs_show_one_status(self, login, mine, status, shown, hidden):
        page = login("staff_a").get(reverse("services:my-records"), {"status": status}).content.decode()
        assert shown in page
        assert hidden not in page

    def test_an_unknown_status_shows_everything(self, login, mine):
        response = login("staff_a").get(reverse("services:my-records"), {"status": "lost"})
        assert response.status_code == 200
        assert len(response.context["page"].object_list) == 3

    def test_a_returned_record_shows_the_comment_and_a_link_to_correct_it(self, login, mine):
        page = login("staff_a").get(reverse("services:my-records"), {"status": "returned"}).content.decode()
        assert "请补充照片" in page
        assert edit_url(mine["returned"]) in page
        assert edit_url(mine["waiting"]) not in page

    def test_a_user_without_a_person_sees_an_explanation(self, client, office):
        client.force_login(UserFactory(username="visitor"))
        response = client.get(reverse("services:my-records"))
        assert response.status_code == 200
        assert _("Your login is not linked to a person of the roster.") in response.content.decode()

    def test_it_is_paginated(self, login, office):
        for index in range(30):
            make_record("deed", office.people["staff_a"], description=f"实事{index:02d}")
        client = login("staff_a")
        first = client.get(reverse("services:my-records"))
        second = client.get(reverse("services:my-records"), {"page": 2})
        assert len(first.context["page"].object_list) == 25
        assert len(second.context["page"].object_list) == 5
        assert client.get(reverse("services:my-records"), {"page": "x"}).status_code == 200


class TestDetail:
    @pytest.mark.parametrize("slug", KIND_SLUGS)
    @pytest.mark.parametrize("role", ROLES)
    def test_the_role_matrix_for_a_branch_a_record(self, login, office, slug, role):
        record = make_record(slug, office.people["staff_a"])
        response = login(role).get(detail_url(record))
        assert response.status_code == (200 if role in SEES_BRANCH_A else 404)

    def test_a_group_leader_does_not_see_records_of_people_outside_the_group(self, login, office):
        record = make_record("service", office.people["secretary_a"])
        assert login("group_leader_a").get(detail_url(record)).status_code == 404

    def test_staff_do_not_see_a_colleagues_record(self, login, office):
        record = make_record("service", office.people["group_leader_a"])
        assert login("staff_a").get(detail_url(record)).status_code == 404

    def test_anonymous_users_are_sent_to_login(self, client, office):
        record = make_record("service", office.people["staff_a"])
        response = client.get(detail_url(record))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))

    @pytest.mark.parametrize("url_name", ["record-detail", "record-edit", "record-history"])
    def test_an_unknown_kind_or_id_is_not_found(self, login, office, url_name):
        record = make_record("service", office.people["staff_a"])
        client = login("committee_admin")
        assert client.get(reverse(f"services:{url_name}", args=["lecture", record.pk])).status_code == 404
        assert client.get(reverse(f"services:{url_name}", args=["deed", record.pk])).status_code == 404
        assert client.get(reverse(f"services:{url_name}", args=["service", record.pk + 1000])).status_code == 404

    def test_it_shows_the_fields_and_the_review(self, login, office):
        record = send_back(office, make_record("service", office.people["staff_a"], served_name="李阿姨"), "请写全名")
        page = login("staff_a").get(detail_url(record)).content.decode()
        assert "李阿姨" in page
        assert "请写全名" in page
        assert "secretary_a" in page  # the reviewer
        assert edit_url(record) in page

    @pytest.mark.parametrize("role, may_review", [("secretary_a", True), ("committee_member", False), ("staff_a", False)])
    def test_it_offers_the_review_form_to_reviewers_only(self, login, office, role, may_review):
        record = make_record("deed", office.people["staff_a"])
        page = login(role).get(detail_url(record)).content.decode()
        assert (reverse("services:record-review", args=["deed", record.pk]) in page) is may_review

    def test_it_shows_a_record_whose_reviewer_login_was_deleted(self, login, office):
        reviewer = PersonFactory(branch=office.branch_a, branch_role="committee", user=UserFactory(username="gone"))
        record = actions.approve(make_record("service", office.people["staff_a"]), by=reviewer.user)
        reviewer.user.delete()
        response = login("staff_a").get(detail_url(record))
        assert response.status_code == 200
        assert login("staff_a").get(history_url(record)).status_code == 200

    def test_it_offers_no_edit_link_to_those_who_may_not_edit(self, login, office):
        record = make_record("deed", office.people["staff_a"])
        page = login("group_leader_a").get(detail_url(record)).content.decode()
        assert edit_url(record) not in page


class TestEdit:
    @pytest.mark.parametrize("slug", KIND_SLUGS)
    def test_the_owner_corrects_a_waiting_record(self, login, office, slug):
        record = make_record(slug, office.people["staff_a"])
        client = login("staff_a")
        assert client.get(edit_url(record)).status_code == 200
        date = (YESTERDAY - datetime.timedelta(days=1)).isoformat()
        response = client.post(edit_url(record), form_data(office, slug, date=date))
        assert response.status_code == 302
        assert response.url == detail_url(record)
        record.refresh_from_db()
        assert record.date.isoformat() == date
        assert record.status == ReviewStatus.SUBMITTED

    def test_a_corrected_returned_record_goes_back_to_review(self, login, office):
        record = send_back(office, make_record("service", office.people["staff_a"]))
        Notification.objects.all().delete()
        client = login("staff_a")
        page = client.get(edit_url(record)).content.decode()
        assert "请补充服务对象" in page
        response = client.post(edit_url(record), form_data(office, "service", served_name="王大爷（独居老人）"))
        assert response.status_code == 302
        record.refresh_from_db()
        assert record.status == ReviewStatus.SUBMITTED
        assert record.served_name == "王大爷（独居老人）"
        assert Notification.objects.filter(recipient=office.users["secretary_a"]).count() == 1

    def test_the_owner_cannot_edit_an_approved_record(self, login, office):
        record = approve(office, make_record("service", office.people["staff_a"]))
        client = login("staff_a")
        assert client.get(edit_url(record)).status_code == 403
        assert client.post(edit_url(record), form_data(office, "service", hours="9")).status_code == 403
        record.refresh_from_db()
        assert record.hours == Decimal("2")

    def test_the_detail_of_an_approved_record_offers_the_owner_no_edit(self, login, office):
        record = approve(office, make_record("service", office.people["staff_a"]))
        assert edit_url(record) not in login("staff_a").get(detail_url(record)).content.decode()

    @pytest.mark.parametrize("role, status", [("group_leader_a", 403), ("committee_member", 403), ("secretary_b", 404), ("staff_b", 404)])
    def test_others_cannot_edit(self, login, office, role, status):
        record = make_record("service", office.people["staff_a"])
        client = login(role)
        assert client.get(edit_url(record)).status_code == status
        assert client.post(edit_url(record), form_data(office, "service", hours="9")).status_code == status
        record.refresh_from_db()
        assert record.hours == Decimal("2")

    def test_a_secretary_changes_an_approved_record_only_with_a_reason(self, login, office):
        record = approve(office, make_record("service", office.people["staff_a"]))
        client = login("secretary_a")
        form = client.get(edit_url(record)).context["form"]
        assert "change_reason" in form.fields
        response = client.post(edit_url(record), form_data(office, "service", hours="3"))
        assert response.status_code == 200
        assert response.context["form"].has_error("change_reason")
        record.refresh_from_db()
        assert record.hours == Decimal("2")
        response = client.post(edit_url(record), form_data(office, "service", hours="3", change_reason="时长登记有误"))
        assert response.status_code == 302
        record.refresh_from_db()
        assert record.hours == Decimal("3")
        assert record.status == ReviewStatus.APPROVED

    def test_the_owner_changes_the_enterprise_of_a_record(self, login, office):
        known = EnterpriseFactory(name="宁波老企业有限公司")
        record = make_record("service", office.people["staff_a"], enterprise=known, served_name="")
        client = login("staff_a")
        assert known.credit_code in client.get(edit_url(record)).content.decode()
        code = valid_credit_code(99)
        data = form_data(office, "service", served_name=None, enterprise_code=code, enterprise_name="宁波新企业有限公司")
        assert client.post(edit_url(record), data).status_code == 302
        record.refresh_from_db()
        assert (record.enterprise.credit_code, record.enterprise.name) == (code, "宁波新企业有限公司")
        page = client.get(history_url(record)).content.decode()
        assert "宁波老企业有限公司" in page and "宁波新企业有限公司" in page

    def test_a_secretary_changes_the_participants_of_a_themed_party_day(self, login, office):
        record = make_record("activity", office.people["staff_a"])
        participants = [office.people["staff_a"].pk, office.people["group_leader_a"].pk]
        response = login("secretary_a").post(edit_url(record), form_data(office, "activity", participants=participants))
        assert response.status_code == 302
        assert set(record.participants.values_list("pk", flat=True)) == set(participants)
        assert record.person == office.people["staff_a"]

    @pytest.mark.usefixtures("media_root")
    def test_photos_added_later_keep_to_the_limit(self, login, office):
        client = login("staff_a")
        photos = [image_upload(f"{index}.png", size=(10, 10)) for index in range(5)]
        client.post(reverse("services:record-log", args=["deed"]), form_data(office, "deed", photos=photos))
        record = PracticalDeed.objects.get()
        photos = [image_upload(f"{index}.png", size=(10, 10)) for index in range(2)]
        response = client.post(edit_url(record), form_data(office, "deed", description="改了", photos=photos))
        assert response.status_code == 200
        assert _("A record holds at most %(limit)s photos.") % {"limit": 6} in response.content.decode()
        record.refresh_from_db()
        assert record.description == "帮助老人办理社保卡"
        assert record.photos.count() == 5

    def test_a_waiting_record_asks_no_reason(self, login, office):
        record = make_record("service", office.people["staff_a"])
        assert "change_reason" not in login("secretary_a").get(edit_url(record)).context["form"].fields

    def test_the_history_lists_every_version_with_who_and_why(self, login, office):
        record = approve(office, make_record("service", office.people["staff_a"]))
        login("secretary_a").post(edit_url(record), form_data(office, "service", hours="3", change_reason="时长登记有误"))
        response = login("staff_a").get(history_url(record))
        assert response.status_code == 200
        changes = response.context["changes"]
        assert len(changes) == 3  # logged, approved, changed
        assert changes[0].reason == "时长登记有误"
        assert changes[0].who == office.users["secretary_a"]
        page = response.content.decode()
        assert "时长登记有误" in page
        assert "secretary_a" in page
        assert "3.0" in page and "2.0" in page

    def test_the_history_of_a_record_saved_by_no_user_says_system(self, login, office):
        record = make_record("service", office.people["staff_a"])  # as the demo seeder or a shell saves it
        response = login("staff_a").get(history_url(record))
        assert response.status_code == 200
        assert _("system") in response.content.decode()

    @pytest.mark.parametrize("role", ["secretary_b", "staff_b"])
    def test_the_history_of_another_branch_is_not_found(self, login, office, role):
        record = make_record("service", office.people["staff_a"])
        assert login(role).get(history_url(record)).status_code == 404


class TestLists:
    @pytest.fixture
    def both_branches(self, office):
        return {
            slug: [make_record(slug, office.people["staff_a"]), make_record(slug, office.people["staff_b"])]
            for slug in KIND_SLUGS
        }

    @pytest.mark.parametrize("slug", KIND_SLUGS)
    def test_the_committee_lists_every_branch(self, login, both_branches, slug):
        page = login("committee_member").get(list_url(slug)).content.decode()
        assert "staff_a" in page and "staff_b" in page

    @pytest.mark.parametrize("slug", KIND_SLUGS)
    def test_a_secretary_lists_the_own_branch_only(self, login, both_branches, slug):
        page = login("secretary_a").get(list_url(slug)).content.decode()
        assert "staff_a" in page
        assert "staff_b" not in page

    def test_an_unknown_kind_is_not_found(self, login, office):
        client = login("committee_admin")
        assert client.get(list_url("lecture")).status_code == 404
        assert client.get(export_url("lecture")).status_code == 404

    def test_it_filters_by_status(self, login, office):
        approved = approve(office, make_record("service", office.people["staff_a"], served_name="已通过的"))
        make_record("service", office.people["staff_a"], served_name="还在等的")
        response = login("secretary_a").get(list_url("service"), {"status": "approved"})
        assert [row[0] for row in response.context["rows"]] == [approved]

    def test_it_filters_by_date_range(self, login, office):
        staff = office.people["staff_a"]
        old = make_record("deed", staff, date=datetime.date(2021, 3, 1))
        make_record("deed", staff, date=datetime.date(2020, 3, 1))
        make_record("deed", staff)
        response = login("secretary_a").get(list_url("deed"), {"date_from": "2021-01-01", "date_to": "2021-12-31"})
        assert [row[0] for row in response.context["rows"]] == [old]

    @pytest.mark.parametrize(
        "slug, subkind, fields, other",
        [
            ("service", "appointment", {"kind": "appointment"}, {"kind": "door_to_door"}),
            ("deed", "masses", {}, None),
            ("activity", "public_benefit", {"kind": "public_benefit"}, {"kind": "into_communities"}),
            ("patrol", "true", {"found_problem": True, "findings": "饮水机坏了"}, {"found_problem": False}),
            ("patrol", "false", {"found_problem": False}, {"found_problem": True, "findings": "饮水机坏了"}),
        ],
    )
    def test_it_filters_by_type(self, login, office, slug, subkind, fields, other):
        staff = office.people["staff_a"]
        wanted = make_record(slug, staff, **fields)
        if other is not None:
            make_record(slug, staff, date=YESTERDAY - datetime.timedelta(days=1), **other)
        response = login("secretary_a").get(list_url(slug), {"subkind": subkind})
        assert [row[0] for row in response.context["rows"]] == [wanted]

    def test_it_filters_by_staff_name(self, login, office):
        make_record("service", office.people["staff_a"])
        theirs = make_record("service", office.people["group_leader_a"])
        response = login("secretary_a").get(list_url("service"), {"q": "group_leader"})
        assert [row[0] for row in response.context["rows"]] == [theirs]

    def test_a_secretary_cannot_filter_into_another_branch(self, login, office):
        make_record("service", office.people["staff_b"])
        response = login("secretary_a").get(list_url("service"), {"branch": office.branch_b.pk, "q": "staff_b"})
        assert response.status_code == 200
        assert response.context["rows"] == []

    def test_the_committee_filters_by_branch(self, login, office):
        make_record("service", office.people["staff_a"])
        theirs = make_record("service", office.people["staff_b"])
        response = login("committee_admin").get(list_url("service"), {"branch": office.branch_b.pk})
        assert [row[0] for row in response.context["rows"]] == [theirs]

    def test_an_end_date_before_the_start_date_is_explained(self, login, office):
        make_record("service", office.people["staff_a"])
        response = login("secretary_a").get(list_url("service"), {"date_from": "2021-12-31", "date_to": "2021-01-01"})
        assert response.status_code == 200
        assert "截止日期早于起始日期" in response.content.decode()

    @pytest.mark.parametrize(
        "params",
        [{"date_from": "not-a-date"}, {"status": "lost"}, {"subkind": "teleport"}, {"branch": "x"}, {"page": "999"}, {"q": "x" * 500}],
    )
    def test_it_survives_bad_filters(self, login, office, params):
        make_record("service", office.people["staff_a"])
        assert login("committee_admin").get(list_url("service"), params).status_code == 200

    def test_the_totals_cover_every_filtered_row(self, login, office):
        for hours in (2, 3):
            approve(office, make_record("service", office.people["staff_a"], hours=hours))
        make_record("service", office.people["staff_a"], hours=5)
        response = login("secretary_a").get(list_url("service"), {"status": "approved"})
        totals = dict(response.context["totals"])
        assert totals[_("Number of records")] == 2
        assert totals[_("Hours")] == Decimal("5")


class TestExport:
    @pytest.mark.parametrize("slug", KIND_SLUGS)
    def test_it_exports_each_kind_with_chinese_headers(self, login, office, slug):
        make_record(slug, office.people["staff_a"])
        response = login("secretary_a").get(export_url(slug))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith(f'attachment; filename="{slug}-')
        rows = sheet_rows(response)
        assert rows[0][0] == "日期"
        assert len(rows) == 2
        assert rows[1][1] == "staff_a"

    def test_it_respects_the_scope(self, login, office):
        make_record("service", office.people["staff_a"])
        make_record("service", office.people["staff_b"])
        rows = sheet_rows(login("secretary_b").get(export_url("service")))
        assert [row[1] for row in rows[1:]] == ["staff_b"]
        rows = sheet_rows(login("committee_member").get(export_url("service")))
        assert sorted(row[1] for row in rows[1:]) == ["staff_a", "staff_b"]

    def test_it_respects_the_filter(self, login, office):
        approve(office, make_record("service", office.people["staff_a"], served_name="已通过的"))
        make_record("service", office.people["staff_a"], served_name="还在等的")
        rows = sheet_rows(login("secretary_a").get(export_url("service"), {"status": "approved"}))
        assert len(rows) == 2
        assert "已通过的" in rows[1]

    def test_the_list_links_to_the_export_with_its_filter(self, login, office):
        page = login("secretary_a").get(list_url("service"), {"status": "approved"}).content.decode()
        assert f"{export_url('service')}?status=approved" in page


PAGES = [
    ("staff_a", "my-records"),
    ("staff_a", "detail"),
    ("secretary_a", "detail"),
    ("secretary_a", "history"),
    ("secretary_a", "list"),
    ("committee_admin", "list"),
    ("secretary_a", "export"),
    ("committee_admin", "export"),
]


@pytest.mark.parametrize("slug", KIND_SLUGS)
def test_page_query_counts_do_not_grow_with_the_data(client, office, django_assert_max_num_queries, slug):
    """Every page of the kind, for the roles that use it, at one and at ten times the data."""
    record = approve(office, make_record(slug, office.people["staff_a"], date=datetime.date(2020, 6, 1)))
    urls = {
        "my-records": reverse("services:my-records"),
        "detail": detail_url(record),
        "history": history_url(record),
        "list": list_url(slug),
        "export": export_url(slug),
    }

    def counts():
        result = {}
        for role, page in PAGES:
            client.force_login(office.users[role])
            result[role, page] = query_count(django_assert_max_num_queries, client, urls[page])
        return result

    add_records(office, 1)
    small = counts()
    add_records(office, 10)
    assert counts() == small


class TestDefaultPeriod:
    def test_a_list_without_filters_shows_the_past_year_and_says_so(self, login, office):
        old = make_record("service", office.people["staff_a"], date=datetime.date.today() - datetime.timedelta(days=400))
        recent = make_record("service", office.people["staff_a"])
        response = login("secretary_a").get(reverse("services:record-list", args=["service"]))
        shown = [row[0] for row in response.context["rows"]]
        assert recent in shown and old not in shown
        assert response.context["filter_form"]["date_from"].value()
        assert response.context["totals"][0][1] == 1

    def test_clearing_the_dates_lists_every_year(self, login, office):
        old = make_record("service", office.people["staff_a"], date=datetime.date.today() - datetime.timedelta(days=400))
        response = login("secretary_a").get(reverse("services:record-list", args=["service"]), {"date_from": ""})
        assert old in [row[0] for row in response.context["rows"]]
        assert response.context["page"].paginator.count == 1
