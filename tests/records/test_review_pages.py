"""Reviewing: the queue and its filters, one record at a time, many at once, and who may do it."""

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from services.notifications.models import Notification
from services.records import actions
from services.records.models import PracticalDeed, ReviewStatus, ServiceRecord
from tests.conftest import query_count
from tests.records.helpers import YESTERDAY, add_records, form_data, make_record

pytestmark = pytest.mark.django_db

QUEUE = reverse("services:review-queue")
SELECTED = reverse("services:review-selected")


def review_url(record):
    return reverse("services:record-review", args=[record.slug, record.pk])


def ticked(*records):
    """The queue's checkboxes of ``records``: each says the version of the record shown."""
    return [f"{record.slug}:{record.pk}:{record.version}" for record in records]


def seen(record, **data):
    """A record page's review form, which carries the version of the record the reviewer saw."""
    return {"version": record.version, **data}


def statuses(*records):
    for record in records:
        record.refresh_from_db()
    return [record.status for record in records]


def shown(response):
    return list(response.context["page"].object_list)


class TestQueue:
    @pytest.mark.parametrize(
        "role, status",
        [
            ("secretary_a", 200),
            ("branch_committee_a", 200),
            ("committee_admin", 200),
            ("secretary_b", 200),
            ("committee_member", 403),
            ("group_leader_a", 403),
            ("staff_a", 403),
            ("staff_b", 403),
        ],
    )
    def test_it_is_for_reviewers(self, login, office, role, status):
        assert login(role).get(QUEUE).status_code == status

    def test_it_sends_anonymous_users_to_login(self, client, office):
        response = client.get(QUEUE)
        assert response.status_code == 302
        assert response.url == f"{reverse('login')}?next={QUEUE}"

    def test_a_secretary_sees_the_own_branchs_waiting_records_of_every_kind(self, login, office):
        ours = [make_record(slug, office.people["staff_a"]) for slug in ["service", "deed", "activity", "patrol"]]
        theirs = make_record("service", office.people["staff_b"])
        records = shown(login("secretary_a").get(QUEUE))
        assert set(records) == set(ours)
        assert theirs not in records

    def test_the_committee_admin_sees_every_branch(self, login, office):
        ours = make_record("service", office.people["staff_a"])
        theirs = make_record("deed", office.people["staff_b"])
        assert set(shown(login("committee_admin").get(QUEUE))) == {ours, theirs}

    def test_by_default_it_shows_only_waiting_records(self, login, office):
        waiting = make_record("service", office.people["staff_a"])
        actions.approve(make_record("service", office.people["staff_a"]), by=office.users["secretary_a"])
        actions.return_record(make_record("deed", office.people["staff_a"]), by=office.users["secretary_a"], comment="改")
        assert shown(login("secretary_a").get(QUEUE)) == [waiting]

    def test_its_second_page_still_shows_only_waiting_records(self, login, office):
        staff = office.people["staff_a"]
        for index in range(30):
            make_record("deed", staff, date=YESTERDAY - datetime.timedelta(days=index))
        approved = actions.approve(make_record("service", staff), by=office.users["secretary_a"])
        client = login("secretary_a")
        first, second = client.get(QUEUE), client.get(QUEUE, {"page": 2})
        assert len(shown(first)) == 25
        assert len(shown(second)) == 5
        assert approved not in shown(second)
        assert 'href="?page=2"' in first.content.decode()

    def test_it_shows_every_status_when_asked(self, login, office):
        waiting = make_record("service", office.people["staff_a"])
        approved = actions.approve(make_record("deed", office.people["staff_a"]), by=office.users["secretary_a"])
        assert set(shown(login("secretary_a").get(QUEUE, {"status": ""}))) == {waiting, approved}
        assert shown(login("secretary_a").get(QUEUE, {"status": "approved"})) == [approved]

    def test_it_filters_by_kind(self, login, office):
        make_record("service", office.people["staff_a"])
        deed = make_record("deed", office.people["staff_a"])
        response = login("secretary_a").get(QUEUE, {"kind": "deed", "status": "submitted"})
        assert shown(response) == [deed]

    def test_it_filters_by_staff_name(self, login, office):
        make_record("service", office.people["staff_a"])
        theirs = make_record("service", office.people["group_leader_a"])
        response = login("secretary_a").get(QUEUE, {"q": "group_leader", "status": "submitted"})
        assert shown(response) == [theirs]

    def test_it_filters_by_date(self, login, office):
        make_record("service", office.people["staff_a"])
        old = make_record("service", office.people["staff_a"], date=datetime.date(2021, 5, 1))
        response = login("secretary_a").get(QUEUE, {"date_from": "2021-01-01", "date_to": "2021-12-31", "status": "submitted"})
        assert shown(response) == [old]

    def test_an_end_date_before_the_start_date_is_explained(self, login, office):
        response = login("secretary_a").get(QUEUE, {"date_from": "2021-12-31", "date_to": "2021-01-01"})
        assert response.status_code == 200
        assert "截止日期早于起始日期" in response.content.decode()

    @pytest.mark.parametrize("params", [{"kind": "lecture"}, {"date_from": "x"}, {"page": "999"}, {"branch": "-1"}])
    def test_it_survives_bad_filters(self, login, office, params):
        make_record("service", office.people["staff_a"])
        assert login("committee_admin").get(QUEUE, params).status_code == 200

    def test_own_records_are_shown_but_cannot_be_ticked(self, login, office):
        mine = make_record("service", office.people["secretary_a"])
        page = login("secretary_a").get(QUEUE).content.decode()
        value = f'value="service:{mine.pk}:{mine.version}"'
        assert f'{value} form="bulk-review" aria-label' in page
        checkbox = page.split(value, 1)[1].split(">", 1)[0]
        assert "disabled" in checkbox

    def test_a_card_names_the_kind_date_person_branch_and_status(self, login, office):
        theirs = make_record("deed", office.people["staff_a"])
        mine = make_record("service", office.people["secretary_a"])
        page = " ".join(login("secretary_a").get(QUEUE).content.decode().split())
        card = page.split(f'href="{theirs.get_absolute_url()}"', 1)[1].split("tb-record-card", 1)[0]
        about = f"{theirs._meta.verbose_name} · {theirs.date:%Y-%m-%d} · {theirs.person.name} · {theirs.branch.name}"
        assert f">{escape(theirs.summary())}</a>" in card and about in card
        assert f'<i class="bi bi-hourglass-split"></i> {theirs.get_status_display()}</span>' in card
        assert _("Your own: another reviewer approves it") not in card
        own = page.split(f'href="{mine.get_absolute_url()}"', 1)[1].split("tb-record-card", 1)[0]
        assert _("Your own: another reviewer approves it") in own

    def test_the_navbar_shows_the_queue_to_reviewers_only(self, login, office):
        assert QUEUE in login("secretary_a").get(reverse("services:my-records")).content.decode()
        assert QUEUE not in login("staff_a").get(reverse("services:my-records")).content.decode()


class TestReviewOne:
    def test_a_secretary_approves_from_the_detail_page(self, login, office):
        record = make_record("service", office.people["staff_a"])
        response = login("secretary_a").post(review_url(record), seen(record, decision="approve"))
        assert response.status_code == 302
        assert response.url == record.get_absolute_url()
        record.refresh_from_db()
        assert record.status == ReviewStatus.APPROVED
        assert record.reviewed_by == office.users["secretary_a"]
        notification = Notification.objects.get(recipient=office.users["staff_a"])
        assert notification.url == record.get_absolute_url()

    def test_it_says_the_record_was_approved(self, login, office):
        record = make_record("deed", office.people["staff_a"])
        response = login("secretary_a").post(review_url(record), seen(record, decision="approve"), follow=True)
        assert _("%(count)s record(s) approved.") % {"count": 1} in response.content.decode()

    def test_returning_needs_a_comment(self, login, office):
        record = make_record("service", office.people["staff_a"])
        response = login("secretary_a").post(review_url(record), seen(record, decision="return", comment="  "), follow=True)
        assert "请在意见中说明需要修改的内容" in response.content.decode()
        assert statuses(record) == [ReviewStatus.SUBMITTED]
        assert not Notification.objects.filter(recipient=office.users["staff_a"]).exists()

    def test_a_secretary_returns_with_a_comment(self, login, office):
        record = make_record("patrol", office.people["staff_a"])
        login("secretary_a").post(review_url(record), seen(record, decision="return", comment="请写明发现的问题"))
        record.refresh_from_db()
        assert record.status == ReviewStatus.RETURNED
        assert record.review_comment == "请写明发现的问题"
        assert "请写明发现的问题" in Notification.objects.get(recipient=office.users["staff_a"]).message

    def test_an_unknown_decision_changes_nothing(self, login, office):
        record = make_record("service", office.people["staff_a"])
        response = login("secretary_a").post(review_url(record), seen(record, decision="delete"))
        assert response.status_code == 302
        assert statuses(record) == [ReviewStatus.SUBMITTED]

    def test_an_approved_record_is_not_approved_twice(self, login, office):
        record = actions.approve(make_record("service", office.people["staff_a"]), by=office.users["secretary_a"])
        response = login("branch_committee_a").post(review_url(record), seen(record, decision="approve"), follow=True)
        assert response.status_code == 200
        record.refresh_from_db()
        assert record.reviewed_by == office.users["secretary_a"]
        assert len(list(response.context["messages"])) == 1

    def test_it_accepts_only_post(self, login, office):
        record = make_record("service", office.people["staff_a"])
        assert login("secretary_a").get(review_url(record)).status_code == 405

    @pytest.mark.parametrize(
        "role, status",
        [("staff_a", 403), ("group_leader_a", 403), ("committee_member", 403), ("secretary_b", 404), ("staff_b", 404)],
    )
    def test_others_cannot_review(self, login, office, role, status):
        record = make_record("service", office.people["staff_a"])
        assert login(role).post(review_url(record), seen(record, decision="approve")).status_code == status
        assert statuses(record) == [ReviewStatus.SUBMITTED]
        assert not Notification.objects.exists()

    def test_a_secretary_cannot_approve_their_own_record(self, login, office):
        client = login("secretary_a")
        client.post(reverse("services:record-log", args=["service"]), form_data(office, "service"))
        mine = ServiceRecord.objects.get(person=office.people["secretary_a"])
        assert mine in shown(client.get(QUEUE))
        page = client.get(mine.get_absolute_url()).content.decode()
        assert review_url(mine) not in page
        assert client.post(review_url(mine), seen(mine, decision="approve")).status_code == 403
        assert statuses(mine) == [ReviewStatus.SUBMITTED]
        actions.approve(mine, by=office.users["branch_committee_a"])
        assert statuses(mine) == [ReviewStatus.APPROVED]

    def test_it_goes_back_to_the_queue_when_asked(self, login, office):
        record = make_record("service", office.people["staff_a"])
        response = login("secretary_a").post(review_url(record), seen(record, decision="approve", next=f"{QUEUE}?kind=service"))
        assert response.url == f"{QUEUE}?kind=service"

    def test_it_never_goes_back_to_another_site(self, login, office):
        record = make_record("service", office.people["staff_a"])
        response = login("secretary_a").post(review_url(record), seen(record, decision="approve", next="https://evil.example/"))
        assert response.url == record.get_absolute_url()

    @pytest.mark.parametrize("target", ["0", "services:review-queue", "//evil.example/x", "javascript:alert(1)"])
    def test_a_forged_way_back_goes_to_the_record(self, login, office, target):
        record = make_record("service", office.people["staff_a"])
        response = login("secretary_a").post(review_url(record), seen(record, decision="approve", next=target))
        assert response.status_code == 302 and response.url == record.get_absolute_url()


class TestReviewSelected:
    def test_it_approves_the_ticked_records_of_every_kind(self, login, office):
        records = [make_record(slug, office.people["staff_a"]) for slug in ["service", "deed", "activity", "patrol"]]
        untouched = make_record("service", office.people["group_leader_a"])
        response = login("secretary_a").post(SELECTED, {"decision": "approve", "records": ticked(*records)}, follow=True)
        assert statuses(*records) == [ReviewStatus.APPROVED] * 4
        assert statuses(untouched) == [ReviewStatus.SUBMITTED]
        assert _("%(count)s record(s) approved.") % {"count": 4} in response.content.decode()
        assert Notification.objects.filter(recipient=office.users["staff_a"]).count() == 4

    def test_it_ignores_records_of_another_branch(self, login, office):
        ours = make_record("service", office.people["staff_a"])
        theirs = [make_record("service", office.people["staff_b"]), make_record("deed", office.people["staff_b"])]
        login("secretary_a").post(SELECTED, {"decision": "approve", "records": ticked(ours, *theirs)})
        assert statuses(ours, *theirs) == [ReviewStatus.APPROVED, ReviewStatus.SUBMITTED, ReviewStatus.SUBMITTED]
        assert not Notification.objects.filter(recipient=office.users["staff_b"]).exists()

    def test_guessed_ids_of_another_branch_do_nothing(self, login, office):
        theirs = [make_record(slug, office.people["staff_b"]) for slug in ["service", "deed", "activity", "patrol"]]
        response = login("secretary_a").post(SELECTED, {"decision": "return", "comment": "x", "records": ticked(*theirs)}, follow=True)
        assert response.status_code == 200
        assert statuses(*theirs) == [ReviewStatus.SUBMITTED] * 4
        assert _("Tick the records to review first.") in response.content.decode()

    def test_it_returns_the_ticked_records_with_the_comment(self, login, office):
        records = [make_record("service", office.people["staff_a"]), make_record("deed", office.people["group_leader_a"])]
        login("secretary_a").post(SELECTED, {"decision": "return", "comment": "请补充照片", "records": ticked(*records)})
        assert statuses(*records) == [ReviewStatus.RETURNED] * 2
        assert {record.review_comment for record in records} == {"请补充照片"}

    def test_returning_many_needs_a_comment(self, login, office):
        record = make_record("service", office.people["staff_a"])
        response = login("secretary_a").post(SELECTED, {"decision": "return", "records": ticked(record)}, follow=True)
        assert "请在意见中说明需要修改的内容" in response.content.decode()
        assert statuses(record) == [ReviewStatus.SUBMITTED]

    def test_an_own_record_ticked_anyway_is_refused_with_a_message(self, login, office):
        client = login("secretary_a")
        client.post(reverse("services:record-log", args=["deed"]), form_data(office, "deed"))
        mine = PracticalDeed.objects.get(person=office.people["secretary_a"])
        theirs = make_record("deed", office.people["staff_a"])
        response = client.post(SELECTED, {"decision": "approve", "records": ticked(mine, theirs)}, follow=True)
        page = response.content.decode()
        assert "不能审核自己的记录" in page
        assert _("%(count)s record(s) approved.") % {"count": 1} in page
        assert statuses(mine, theirs) == [ReviewStatus.SUBMITTED, ReviewStatus.APPROVED]

    @pytest.mark.parametrize("values", [[], ["service:abc"], ["lecture:1"], ["service"], ["service:"], ["service:x:2"]])
    def test_nothing_or_nonsense_ticked_is_explained(self, login, office, values):
        make_record("service", office.people["staff_a"])
        response = login("secretary_a").post(SELECTED, {"decision": "approve", "records": values}, follow=True)
        assert response.status_code == 200
        assert _("Tick the records to review first.") in response.content.decode()
        assert not ServiceRecord.objects.approved().exists()

    @pytest.mark.parametrize("role", ["staff_a", "group_leader_a", "committee_member"])
    def test_non_reviewers_change_nothing(self, login, office, role):
        record = make_record("service", office.people["staff_a"])
        response = login(role).post(SELECTED, {"decision": "approve", "records": ticked(record)})
        assert response.status_code == 403
        assert statuses(record) == [ReviewStatus.SUBMITTED]

    def test_it_accepts_only_post(self, login, office):
        assert login("secretary_a").get(SELECTED).status_code == 405

    def test_it_goes_back_to_the_filtered_queue(self, login, office):
        record = make_record("service", office.people["staff_a"])
        next_url = f"{QUEUE}?kind=service&status=submitted"
        response = login("secretary_a").post(SELECTED, {"decision": "approve", "records": ticked(record), "next": next_url})
        assert response.url == next_url


@pytest.mark.parametrize("role", ["secretary_a", "committee_admin"])
def test_the_queue_query_count_does_not_grow_with_the_data(login, office, django_assert_max_num_queries, role):
    client = login(role)
    add_records(office, 1)
    small = query_count(django_assert_max_num_queries, client, QUEUE)
    add_records(office, 10)
    large = query_count(django_assert_max_num_queries, client, QUEUE)
    assert large == small


class TestApproveAndNext:
    def test_it_goes_to_the_next_record_waiting_then_back_to_the_queue(self, login, office):
        older = make_record("service", office.people["staff_a"], date=YESTERDAY - datetime.timedelta(days=2))
        newer = make_record("deed", office.people["staff_a"], date=YESTERDAY)
        make_record("service", office.people["secretary_a"], date=YESTERDAY)  # her own: never next
        make_record("service", office.people["staff_b"], date=YESTERDAY)  # another branch: never next
        client = login("secretary_a")
        page = client.get(newer.get_absolute_url()).content.decode()
        assert f"{review_url(newer)}?then=next" in page
        response = client.post(f"{review_url(newer)}?then=next", seen(newer, decision="approve"))
        assert response.url == older.get_absolute_url()
        response = client.post(f"{review_url(older)}?then=next", seen(older, decision="approve"), follow=True)
        assert response.redirect_chain[-1][0] == QUEUE
        assert _("Nothing more waits for your review.") in response.content.decode()
        assert statuses(newer, older) == [ReviewStatus.APPROVED, ReviewStatus.APPROVED]

    def test_a_refused_approval_stays_on_the_record(self, login, office):
        record = make_record("service", office.people["staff_a"])
        make_record("deed", office.people["staff_a"])
        response = login("secretary_a").post(f"{review_url(record)}?then=next", {"version": "stale", "decision": "approve"})
        assert response.url == record.get_absolute_url()
        assert statuses(record) == [ReviewStatus.SUBMITTED]


class TestQueueOnAPhone:
    def test_the_records_come_before_the_bulk_actions(self, login, office):
        record = make_record("service", office.people["staff_a"])
        page = login("secretary_a").get(QUEUE).content.decode()
        assert page.index(record.get_absolute_url()) < page.index('id="bulk-review"')
        assert "<details" in page and " open>" not in page  # the filters fold away until used
        assert " open>" in login("secretary_a").get(QUEUE, {"kind": "service"}).content.decode()

    def test_an_empty_queue_offers_no_bulk_actions(self, login, office):
        page = login("secretary_a").get(QUEUE).content.decode()
        assert 'id="bulk-review"' not in page
