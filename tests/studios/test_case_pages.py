"""A studio's cases and dated firsts, kept in the app by its managers: the committee administrator
and the managers of the leader's branch."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from services.enterprises.models import Enterprise
from services.studios.models import Case, CaseKind, CaseStatus, StudioMilestone
from tests.factories import (
    CaseFactory,
    EnterpriseFactory,
    StudioFactory,
    valid_credit_code,
)
from tests.passing_on_factories import StudioMilestoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def studio(office):
    """The registrar studio, led by staff_a of branch A."""
    return StudioFactory(name="登记注册工作室", leader=office.people["staff_a"])


def url(name, obj):
    return reverse(f"services:{name}", args=[obj.pk])


def case_data(**changes):
    data = {
        "kind": CaseKind.DIFFICULT_APPROVAL, "title": "跨省迁移登记", "enterprise_code": "", "enterprise_name": "",
        "description": "外省企业迁入", "opened_on": "2021-05-01", "status": CaseStatus.OPEN, "closed_on": "", "outcome": "",
    }
    data.update(changes)
    return data


def first_data(**changes):
    data = {"date": "2020-06-01", "title": "全市首张全程电子化营业执照", "description": ""}
    data.update(changes)
    return data


class TestCases:
    def test_a_secretary_opens_a_case_for_a_new_enterprise_and_closes_it(self, login, office, studio):
        client = login("secretary_a")
        code = valid_credit_code(4242)
        response = client.post(url("case-create", studio), case_data(enterprise_code=code.lower(), enterprise_name="宁波新材料有限公司"))
        assert response.status_code == 302 and response.url == f"{studio.get_absolute_url()}#cases"
        case = Case.objects.get(title="跨省迁移登记")
        assert (case.studio, case.enterprise.credit_code, case.enterprise.name) == (studio, code, "宁波新材料有限公司")
        assert case.history.first().history_user == office.users["secretary_a"]
        closing = case_data(enterprise_code=code, status=CaseStatus.CLOSED, closed_on="2021-06-01", outcome="三天办结")
        assert client.post(url("case-edit", case), closing).status_code == 302
        case.refresh_from_db()
        assert (case.status, case.closed_on, case.outcome) == (CaseStatus.CLOSED, datetime.date(2021, 6, 1), "三天办结")
        page = client.get(studio.get_absolute_url()).content.decode()
        assert url("case-edit", case) in page and "三天办结" in page

    def test_a_case_of_a_known_enterprise_needs_only_its_code(self, login, office, studio):
        enterprise = EnterpriseFactory()
        assert login("committee_admin").post(url("case-create", studio), case_data(enterprise_code=enterprise.credit_code)).status_code == 302
        assert Case.objects.get().enterprise == enterprise

    @pytest.mark.parametrize(
        "changes, field, message",
        [
            ({"status": CaseStatus.CLOSED}, "closed_on", "Give the date the case was closed."),
            ({"closed_on": "2021-06-01"}, "status", "A case with a closing date is closed."),
            ({"status": CaseStatus.CLOSED, "closed_on": "2021-04-01"}, "closed_on", "A case cannot close before it opened."),
            ({"enterprise_code": "91330213ABCDEFGHIJ"}, "enterprise_code", None),
            ({"enterprise_code": "NEW"}, "enterprise_name", "This enterprise is new here: enter its name as well."),
            ({"title": ""}, "title", None),
            ({"title": "案" * 151}, "title", None),
            ({"kind": "other"}, "kind", None),
            ({"opened_on": "9999-12-31"}, "opened_on", None),
            ({"opened_on": "yesterday"}, "opened_on", None),
            ({"status": "archived"}, "status", None),
        ],
    )
    def test_bad_input_is_refused_and_nothing_is_saved(self, login, office, studio, changes, field, message):
        changes = {key: valid_credit_code(77) if value == "NEW" else value for key, value in changes.items()}
        response = login("secretary_a").post(url("case-create", studio), case_data(**changes))
        assert response.status_code == 200
        assert response.context["form"].errors[field]
        if message:
            assert _(message) in response.context["form"].errors[field]
        assert not Case.objects.exists() and not Enterprise.objects.exists()

    @pytest.mark.parametrize(
        "role, status", [("staff_a", 403), ("group_leader_a", 403), ("committee_member", 403), ("secretary_b", 403)]
    )
    def test_others_cannot_open_or_change_a_case(self, login, office, studio, role, status):
        case = CaseFactory(studio=studio, title="历史遗留股权变更")
        client = login(role)
        assert client.get(url("case-create", studio)).status_code == status
        assert client.post(url("case-create", studio), case_data()).status_code == status
        assert client.post(url("case-edit", case), case_data(title="改名")).status_code == status
        assert list(Case.objects.values_list("title", flat=True)) == ["历史遗留股权变更"]

    def test_the_leader_of_another_branchs_studio_is_kept_by_that_branch(self, login, office):
        studio_of_b = StudioFactory(leader=office.people["secretary_b"])
        case = CaseFactory(studio=studio_of_b)
        assert login("secretary_a").get(url("case-edit", case)).status_code == 403
        assert login("secretary_b").get(url("case-edit", case)).status_code == 200

    def test_an_unknown_case_or_studio_is_not_found(self, login, office):
        client = login("committee_admin")
        assert client.get(reverse("services:case-edit", args=[999999])).status_code == 404
        assert client.get(reverse("services:case-create", args=[999999])).status_code == 404


class TestFirsts:
    def test_a_secretary_records_edits_and_removes_a_first(self, login, office, studio):
        client = login("branch_committee_a")
        response = client.post(url("milestone-create", studio), first_data())
        assert response.status_code == 302 and response.url == studio.get_absolute_url()
        first = StudioMilestone.objects.get()
        assert (first.studio, first.date) == (studio, datetime.date(2020, 6, 1))
        assert first.history.first().history_user == office.users["branch_committee_a"]
        page = client.get(studio.get_absolute_url()).content.decode()
        assert url("milestone-edit", first) in page and url("milestone-create", studio) in page
        assert client.post(url("milestone-edit", first), first_data(title="全省首个一件事联办")).status_code == 302
        first.refresh_from_db()
        assert first.title == "全省首个一件事联办"
        assert client.post(url("milestone-delete", first)).status_code == 302
        assert not StudioMilestone.objects.exists()

    @pytest.mark.parametrize(
        "changes",
        [{"title": ""}, {"title": "首" * 151}, {"date": ""}, {"date": "1800-01-01"}, {"date": "2020-02-30"}, {"description": "长" * 2001}],
    )
    def test_bad_input_is_refused_and_nothing_is_saved(self, login, office, studio, changes):
        response = login("secretary_a").post(url("milestone-create", studio), first_data(**changes))
        assert response.status_code == 200 and response.context["form"].errors
        assert not StudioMilestone.objects.exists()

    def test_a_first_is_recorded_once_achieved(self, login, office, studio):
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        response = login("secretary_a").post(url("milestone-create", studio), first_data(date=tomorrow.isoformat()))
        message = _("A first is recorded once it is achieved: the date cannot be in the future.")
        assert response.context["form"].errors["date"] == [message]
        assert not StudioMilestone.objects.exists()

    @pytest.mark.parametrize(
        "role, status", [("staff_a", 403), ("group_leader_a", 403), ("committee_member", 403), ("secretary_b", 403)]
    )
    def test_others_cannot_record_change_or_remove_a_first(self, login, office, studio, role, status):
        first = StudioMilestoneFactory(studio=studio, title="全市首张")
        client = login(role)
        assert client.post(url("milestone-create", studio), first_data()).status_code == status
        assert client.post(url("milestone-edit", first), first_data(title="改名")).status_code == status
        assert client.post(url("milestone-delete", first)).status_code == status
        assert list(StudioMilestone.objects.values_list("title", flat=True)) == ["全市首张"]

    def test_removing_takes_a_post(self, login, office, studio):
        first = StudioMilestoneFactory(studio=studio)
        assert login("secretary_a").get(url("milestone-delete", first)).status_code == 405


def test_the_studio_page_offers_keeping_to_its_managers_only(login, office, studio):
    case = CaseFactory(studio=studio)
    for role, offered in [("secretary_a", True), ("committee_admin", True), ("secretary_b", False), ("staff_a", False), ("committee_member", False)]:
        page = login(role).get(studio.get_absolute_url()).content.decode()
        assert (url("case-create", studio) in page) is offered, role
        assert (url("case-edit", case) in page) is offered, role
