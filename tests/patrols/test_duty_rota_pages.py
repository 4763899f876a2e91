"""每日一巡 排班: the rota page everyone in the branch reads, the page its managers keep it on, and
where it shows elsewhere (the patrol plan, a member's dashboard, the secretary's to-do, the
patrol form)."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.people.models import PoliticalStatus
from services.patrols import actions
from services.patrols.models import DutyRota, ExtendedHoursDuty, PatrolDuty
from services.records.models import Patrol
from tests.conftest import query_count
from tests.factories import PersonFactory, ResponsibilityZoneFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 12, 9, 10, 0))  # a Wednesday
D = datetime.date
ROTA = reverse("services:duty-rota")
DECEMBER = D(2026, 12, 1)


@pytest.fixture
def today(clock):
    clock(NOW)
    return NOW.date()


@pytest.fixture
def zone(office):
    return office.people["staff_a"].responsibility_zones.get()


def edit_url(office, year=2026, month=12, branch=None):
    return reverse("services:duty-rota-edit", args=[(branch or office.branch_a).pk, year, month])


def make_rota(office, month=DECEMBER, patrols=None, extended=None):
    return actions.save_rota(office.branch_a, month, patrols=patrols or {}, extended=extended or {}, by=office.users["secretary_a"])


def rota_data(form, **cells):
    """What the edit page posts back untouched, with some cells changed (``p<zone>-<day>``, ``x<day>``)."""
    data = {name: "" if value is None else value for name, value in form.initial.items()}
    data.update(cells)
    return data


class TestReading:
    def test_everyone_in_the_branch_reads_it_their_own_duties_marked(self, login, office, today, zone):
        make_rota(office, patrols={(zone, D(2026, 12, 9)): office.people["staff_a"]},
                  extended={D(2026, 12, 10): office.people["group_leader_a"]})
        response = login("staff_a").get(ROTA)
        (december_9,) = [row for row in response.context["rows"] if row.day == D(2026, 12, 9)]
        assert december_9.cells == [(zone, office.people["staff_a"], True)]
        page = response.content.decode()
        assert "group_leader_a" in page and _("You") in page
        assert edit_url(office) not in page  # staff read it only

    def test_its_managers_find_the_way_to_keep_it(self, login, office, today):
        page = login("secretary_a").get(ROTA).content.decode()
        assert _("No duty rota for this month yet.") in page
        assert edit_url(office) in page

    def test_staff_see_their_own_branch_whatever_they_ask(self, login, office, today):
        response = login("staff_a").get(ROTA, {"branch": office.branch_b.pk})
        assert response.context["branch"] == office.branch_a

    def test_the_committee_office_reads_any_branch(self, login, office, today):
        response = login("committee_member").get(ROTA, {"branch": office.branch_b.pk, "year": 2027, "month": 1})
        assert (response.context["branch"], response.context["grid"].month) == (office.branch_b, D(2027, 1, 1))
        assert edit_url(office, 2027, 1, office.branch_b) not in response.content.decode()

    def test_a_login_without_a_person_sees_an_empty_page(self, client, office, today):
        client.force_login(UserFactory(username="nobody"))
        response = client.get(ROTA)
        assert response.status_code == 200 and response.context["grid"].is_empty

    @pytest.mark.parametrize("query", [{"month": "13"}, {"month": "x"}, {"year": "1800"}, {"year": "9" * 30}, {"branch": "9" * 30}])
    def test_bad_filters_never_break_it(self, login, office, today, query):
        assert login("secretary_a").get(ROTA, query).status_code == 200

    def test_it_stays_flat_as_the_branch_grows(self, login, office, today, zone, django_assert_max_num_queries):
        client = login("staff_a")
        make_rota(office, patrols={(zone, D(2026, 12, 9)): office.people["staff_a"]})
        small = query_count(django_assert_max_num_queries, client, ROTA)
        patrols = {}
        for index in range(10):
            member = PersonFactory(branch=office.branch_a, political_status=PoliticalStatus.FULL)
            patrols[ResponsibilityZoneFactory(member=member), D(2026, 12, 1 + index % 4)] = member
        make_rota(office, patrols={**patrols, (zone, D(2026, 12, 9)): office.people["staff_a"]},
                  extended={D(2026, 12, 1): member})
        assert query_count(django_assert_max_num_queries, client, ROTA) == small


class TestWhoKeepsIt:
    @pytest.mark.parametrize("role, status", [
        ("secretary_a", 200), ("branch_committee_a", 200), ("committee_admin", 200),
        ("staff_a", 403), ("group_leader_a", 403), ("committee_member", 403), ("secretary_b", 404),
    ])
    def test_the_branchs_managers_open_it_others_do_not(self, login, office, today, role, status):
        assert login(role).get(edit_url(office)).status_code == status

    @pytest.mark.parametrize("role, status", [("staff_a", 403), ("secretary_b", 404), ("committee_member", 403)])
    def test_nor_can_they_post_it(self, login, office, today, zone, role, status):
        response = login(role).post(edit_url(office), {f"p{zone.pk}-9": office.people["staff_a"].pk})
        assert response.status_code == status
        assert not DutyRota.objects.exists()


class TestKeeping:
    def test_a_new_month_starts_from_the_zones_holders(self, login, office, today, zone):
        response = login("secretary_a").get(edit_url(office))
        form = response.context["form"]
        assert form.initial[f"p{zone.pk}-1"] == office.people["staff_a"].pk
        assert len([name for name in form.fields if name.startswith("p")]) == 23  # December's working days
        assert not DutyRota.objects.exists()  # proposed, not saved

    def test_the_secretary_saves_the_month(self, login, office, today, zone):
        client = login("secretary_a")
        form = client.get(edit_url(office)).context["form"]
        data = rota_data(form, **{f"p{zone.pk}-10": office.people["secretary_a"].pk, "x9": office.people["staff_a"].pk})
        response = client.post(edit_url(office), data)
        assert response.status_code == 302 and response.url.startswith(ROTA)
        assert PatrolDuty.objects.count() == 23
        assert PatrolDuty.objects.get(date=D(2026, 12, 10)).person == office.people["secretary_a"]
        assert ExtendedHoursDuty.objects.get().person == office.people["staff_a"]
        assert [str(message) for message in get_messages(response.wsgi_request)] == [
            _("The duty rota of %(month)s was saved.") % {"month": "2026-12"}
        ]
        again = client.get(edit_url(office)).context
        assert again["proposal"] == "" and again["form"].initial["x9"] == office.people["staff_a"].pk

    def test_copy_last_month_carries_each_weekday_over(self, login, office, today, zone):
        people = office.people
        make_rota(office, month=D(2026, 11, 1), patrols={
            (zone, D(2026, 11, 23)): people["staff_a"], (zone, D(2026, 11, 30)): people["secretary_a"],  # Mondays
            (zone, D(2026, 11, 24)): people["branch_committee_a"],  # a Tuesday
        }, extended={D(2026, 11, 27): people["group_leader_a"]})  # a Friday
        response = login("secretary_a").get(edit_url(office), {"copy": "1"})
        initial = response.context["form"].initial
        assert response.context["proposal"] == "copied"
        assert [initial.get(f"p{zone.pk}-{day}") for day in (7, 8, 9, 14)] == [
            people["secretary_a"].pk, people["branch_committee_a"].pk, None, people["secretary_a"].pk
        ]
        assert initial.get("x4") == initial.get("x11") == people["group_leader_a"].pk
        assert _("Copy last month") in response.content.decode()

    @pytest.mark.parametrize("value", [
        "999999999999999999999999", "abc", "-1", "1.5", "<script>", "０",
    ])
    def test_garbage_in_a_cell_is_refused_and_nothing_saved(self, login, office, today, zone, value):
        response = login("secretary_a").post(edit_url(office), {f"p{zone.pk}-9": value, "x9": value})
        assert response.status_code == 200
        assert response.context["form"].errors[f"p{zone.pk}-9"]
        assert _("The rota was not saved:") in response.content.decode()
        assert not DutyRota.objects.exists()

    def test_a_person_of_another_branch_is_not_among_the_choices(self, login, office, today, zone):
        make_rota(office, patrols={(zone, D(2026, 12, 8)): office.people["staff_a"]})
        response = login("secretary_a").post(edit_url(office), {f"p{zone.pk}-9": office.people["secretary_b"].pk})
        assert response.status_code == 200 and response.context["form"].errors[f"p{zone.pk}-9"]
        assert list(PatrolDuty.objects.values_list("date", flat=True)) == [D(2026, 12, 8)]

    def test_a_refusal_of_the_action_shows_on_the_form(self, login, office, today, zone, monkeypatch):
        """Someone the page offered who moved to another branch before the post: the action says so."""
        gone = office.people["staff_b"]
        monkeypatch.setattr("services.patrols.views.RotaForm.duties", lambda form: ({(zone, D(2026, 12, 9)): gone}, {}))
        response = login("secretary_a").post(edit_url(office), {})
        assert response.status_code == 200
        assert any(_("%(name)s is not in post in this branch.") % {"name": "staff_b"} in error for error in response.context["form"].non_field_errors())
        assert not DutyRota.objects.exists()

    @pytest.mark.parametrize("year, month", [(2030, 1), (2026, 10), (1900, 1)])
    def test_a_month_out_of_reach_is_refused_with_a_message(self, login, office, today, zone, year, month):
        client = login("secretary_a")
        response = client.post(edit_url(office, year, month), {f"p{zone.pk}-1": office.people["staff_a"].pk})
        assert response.status_code == 302
        assert [str(message) for message in get_messages(response.wsgi_request)] == [
            _("A rota can be kept from last month to %(months)s months ahead.") % {"months": 3}
        ]
        assert not DutyRota.objects.exists()

    @pytest.mark.parametrize("year, month", [(2026, 13), (2026, 0), (10**30, 1)])
    def test_no_such_month(self, login, office, today, year, month):
        assert login("secretary_a").get(edit_url(office, year, month)).status_code == 404

    def test_the_page_stays_flat_as_the_branch_grows(self, login, office, today, zone, django_assert_max_num_queries):
        client = login("secretary_a")
        make_rota(office, patrols={(zone, D(2026, 12, 9)): office.people["staff_a"]})
        small = query_count(django_assert_max_num_queries, client, edit_url(office))
        for _index in range(8):
            ResponsibilityZoneFactory(member=PersonFactory(branch=office.branch_a, political_status=PoliticalStatus.FULL))
        assert query_count(django_assert_max_num_queries, client, edit_url(office)) == small


class TestElsewhere:
    def test_the_plan_names_who_stands_in_today(self, login, office, today, zone):
        make_rota(office, patrols={(zone, D(2026, 12, 9)): office.people["secretary_a"], (zone, D(2026, 12, 8)): office.people["staff_a"]})
        response = login("secretary_a").get(reverse("services:patrol-plan"))
        (row,) = response.context["rows"]
        assert row.on_duty[5:7] == ["staff_a", "secretary_a"] and row.on_duty_today == "secretary_a"
        page = response.content.decode()
        assert _("Today: %(name)s") % {"name": "secretary_a"} in page and 'title="secretary_a"' in page

    def test_a_member_sees_their_duties_next_first(self, login, office, today, zone):
        make_rota(office, patrols={(zone, D(2026, 12, day)): office.people["staff_a"] for day in (7, 9, 11)},
                  extended={D(2026, 12, 10): office.people["staff_a"]})
        response = login("staff_a").get(reverse("dashboard"))
        assert [(duty.day, duty.is_patrol) for duty in response.context["duties_coming"]] == [
            (D(2026, 12, 9), True), (D(2026, 12, 10), False), (D(2026, 12, 11), True)
        ]
        assert [duty.day for duty in response.context["duties_earlier"]] == [D(2026, 12, 7)]
        page = response.content.decode()
        assert _("My duties") in page and _("Log the patrol") in page  # today's patrol

    def test_a_secretary_on_the_rota_sees_theirs_too(self, login, office, today):
        make_rota(office, extended={D(2026, 12, 11): office.people["secretary_a"]})
        context = login("secretary_a").get(reverse("dashboard")).context
        assert [duty.day for duty in context["duties_coming"]] == [D(2026, 12, 11)]

    def test_the_dashboard_stays_flat_with_duties(self, login, office, today, zone, django_assert_max_num_queries):
        client = login("staff_a")
        small = query_count(django_assert_max_num_queries, client, reverse("dashboard"))
        make_rota(office, patrols={(zone, D(2026, 12, day)): office.people["staff_a"] for day in (9, 10, 11, 14, 15)},
                  extended={D(2026, 12, day): office.people["staff_a"] for day in (16, 17)})
        assert query_count(django_assert_max_num_queries, client, reverse("dashboard")) == small

    def test_the_secretarys_to_do_asks_for_the_months_rota_until_it_is_made(self, login, office, today, zone):
        client = login("secretary_a")
        text = _("Months still without a duty rota")
        assert text in client.get(reverse("dashboard")).content.decode()
        make_rota(office, patrols={(zone, D(2026, 12, 9)): office.people["staff_a"]})
        assert text not in client.get(reverse("dashboard")).content.decode()

    def test_in_the_months_last_week_it_asks_for_the_next(self, login, office, clock, zone):
        clock(timezone.make_aware(datetime.datetime(2026, 12, 28, 10, 0)))
        make_rota(office, patrols={(zone, D(2026, 12, 28)): office.people["staff_a"]})
        (item,) = [item for item in login("secretary_a").get(reverse("dashboard")).context["todo"] if "rota" in item.url]
        assert (item.count, item.url) == (1, edit_url(office, 2027, 1))

    def test_the_member_on_duty_logs_the_zones_patrol(self, login, office, today, zone):
        stand_in = office.people["secretary_a"]
        make_rota(office, patrols={(zone, D(2026, 12, 9)): stand_in})
        client = login("secretary_a")
        assert zone in client.get(reverse("services:record-log", args=["patrol"])).context["form"].fields["zone"].queryset
        response = client.post(reverse("services:record-log", args=["patrol"]), {"date": "2026-12-09", "zone": zone.pk, "findings": "正常"})
        assert response.status_code == 302
        assert Patrol.objects.get().person == stand_in
        refused = client.post(reverse("services:record-log", args=["patrol"]), {"date": "2026-12-08", "zone": zone.pk, "findings": "正常"})
        assert refused.status_code == 200 and refused.context["form"].has_error("zone")
        assert Patrol.objects.count() == 1
