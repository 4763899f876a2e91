"""A branch keeps its responsibility zones and party groups in the app, not in Django admin."""

import datetime

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from branches.organisation.models import PartyGroup, ResponsibilityZone, Window
from branches.people.models import Person, PoliticalStatus
from tests.conftest import query_count
from tests.factories import PersonFactory, WindowFactory

pytestmark = pytest.mark.django_db

ZONE_NEW = reverse("branches:zone-create")
GROUP_NEW = reverse("branches:group-create")


def zone_edit(zone):
    return reverse("branches:zone-edit", args=[zone.pk])


def group_edit(group):
    return reverse("branches:group-edit", args=[group.pk])


def zone_data(office, **changes):
    data = {
        "member": office.people["group_leader_a"].pk,
        "name": "综合窗口责任区",
        "windows": [office.window_a.pk],
        "description": "",
        "starts_on": "2026-12-01",
        "ends_on": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def group_data(office, **changes):
    data = {
        "branch": office.branch_a.pk,
        "name": "项目党小组",
        "kind": "project",
        "serves": "城东新区重点项目",
        "leader": office.people["group_leader_a"].pk,
        "members": [office.people["staff_a"].pk, office.people["group_leader_a"].pk],
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


class TestZones:
    def test_a_secretary_adds_a_zone_and_the_branch_page_shows_it(self, login, office):
        client = login("secretary_a")
        response = client.post(ZONE_NEW, zone_data(office))
        assert response.status_code == 302 and response.url == office.branch_a.get_absolute_url()
        zone = ResponsibilityZone.objects.get(name="综合窗口责任区")
        assert zone.member == office.people["group_leader_a"]
        assert list(zone.windows.all()) == [office.window_a]
        assert zone.history.first().history_user == office.users["secretary_a"]
        page = client.get(office.branch_a.get_absolute_url()).content.decode()
        assert "综合窗口责任区" in page and zone_edit(zone) in page

    def test_a_secretary_ends_a_zone(self, login, office):
        zone = office.people["staff_a"].responsibility_zones.get()
        data = zone_data(office, member=office.people["staff_a"].pk, name=zone.name, starts_on="2019-01-01", ends_on="2026-11-30")
        assert login("secretary_a").post(zone_edit(zone), data).status_code == 302
        zone.refresh_from_db()
        assert zone.ends_on == datetime.date(2026, 11, 30)

    @pytest.mark.parametrize(
        "changes, message",
        [
            ({"member": "masses"}, None),  # not a party member: not offered
            ({"ends_on": "2026-01-01"}, _("The zone cannot end before it starts.")),
            ({"name": ""}, None),
            ({"name": "区" * 500}, None),
            ({"starts_on": "3000-01-01"}, None),
            ({"windows": ["window_b"]}, None),  # another branch's window
            ({"member": "staff_b"}, None),  # another branch's member
            ({"windows": ["99999999999999999999"]}, None),
        ],
    )
    def test_bad_input_is_refused_and_nothing_is_saved(self, login, office, changes, message):
        masses = PersonFactory(branch=office.branch_a, political_status=PoliticalStatus.MASSES)
        ids = {"masses": masses.pk, "staff_b": office.people["staff_b"].pk, "window_b": office.window_b.pk}
        changes = {key: [ids.get(v, v) for v in value] if isinstance(value, list) else ids.get(value, value)
                   for key, value in changes.items()}
        before = ResponsibilityZone.objects.count()
        response = login("secretary_a").post(ZONE_NEW, zone_data(office, **changes))
        assert response.status_code == 200
        assert response.context["form"].errors
        if message:
            assert message in response.content.decode()
        assert ResponsibilityZone.objects.count() == before

    @pytest.mark.parametrize("role, status", [("staff_a", 403), ("group_leader_a", 403), ("committee_member", 403), ("secretary_b", 404)])
    def test_others_cannot_change_a_zone(self, login, office, role, status):
        zone = office.people["staff_a"].responsibility_zones.get()
        response = login(role).post(zone_edit(zone), zone_data(office, member=office.people["staff_a"].pk, name="改名"))
        assert response.status_code == status
        zone.refresh_from_db()
        assert zone.name == "商事登记责任区"

    def test_the_committee_administrator_keeps_any_branch(self, login, office):
        window = WindowFactory(code="B-09", covering_branch=office.branch_b)
        member = PersonFactory(branch=office.branch_b, political_status=PoliticalStatus.FULL)
        data = zone_data(office, member=member.pk, windows=[window.pk], name="B 区责任区")
        assert login("committee_admin").post(ZONE_NEW, data).status_code == 302
        assert ResponsibilityZone.objects.get(name="B 区责任区").member == member

    def test_the_form_offers_only_the_branchs_party_members_and_windows(self, login, office):
        form = login("secretary_a").get(ZONE_NEW).context["form"]
        members = set(form.fields["member"].queryset)
        assert office.people["staff_a"] in members and office.people["staff_b"] not in members
        assert set(form.fields["windows"].queryset) == set(Window.objects.filter(covering_branch=office.branch_a))


class TestGroups:
    def test_a_secretary_forms_a_project_group_and_moves_members_into_it(self, login, office):
        client = login("secretary_a")
        response = client.post(GROUP_NEW, group_data(office))
        assert response.status_code == 302 and response.url == office.branch_a.get_absolute_url()
        group = PartyGroup.objects.get(name="项目党小组")
        assert set(group.members.all()) == {office.people["staff_a"], office.people["group_leader_a"]}
        assert not office.group_a.members.exists()  # they left their former group
        staff = Person.objects.get(pk=office.people["staff_a"].pk)
        assert staff.history.first().history_user == office.users["secretary_a"]
        assert group_edit(group) in client.get(office.branch_a.get_absolute_url()).content.decode()

    def test_a_member_left_out_leaves_the_group(self, login, office):
        data = group_data(office, name=office.group_a.name, kind="ordinary", serves="", members=[office.people["group_leader_a"].pk])
        assert login("secretary_a").post(group_edit(office.group_a), data).status_code == 302
        assert list(office.group_a.members.all()) == [office.people["group_leader_a"]]
        assert Person.objects.get(pk=office.people["staff_a"].pk).group is None

    @pytest.mark.parametrize(
        "changes",
        [
            {"name": ""},
            {"kind": "project", "serves": ""},  # a project group names its project
            {"leader": "staff_b"},  # another branch's person
            {"members": ["staff_b"]},
            {"branch": "branch_b"},  # not a branch the secretary keeps
            {"name": "一件事党小组"},  # the branch has a group of that name
            {"members": ["99999999999999999999"]},
        ],
    )
    def test_bad_input_is_refused_and_nothing_is_saved(self, login, office, changes):
        ids = {"staff_b": office.people["staff_b"].pk, "branch_b": office.branch_b.pk}
        changes = {key: [ids.get(v, v) for v in value] if isinstance(value, list) else ids.get(value, value)
                   for key, value in changes.items()}
        before = (PartyGroup.objects.count(), sorted(Person.objects.values_list("pk", "group")))
        response = login("secretary_a").post(GROUP_NEW, group_data(office, **changes))
        assert response.status_code == 200
        assert response.context["form"].errors
        assert (PartyGroup.objects.count(), sorted(Person.objects.values_list("pk", "group"))) == before

    @pytest.mark.parametrize("role, status", [("staff_a", 403), ("group_leader_a", 403), ("committee_member", 403), ("secretary_b", 404)])
    def test_others_cannot_change_a_group(self, login, office, role, status):
        data = group_data(office, name="改名", kind="ordinary", serves="")
        assert login(role).post(group_edit(office.group_a), data).status_code == status
        office.group_a.refresh_from_db()
        assert office.group_a.name == "一件事党小组"

    def test_the_branch_page_stays_flat_as_zones_and_groups_grow(self, login, office, django_assert_max_num_queries):
        client = login("secretary_a")
        url = office.branch_a.get_absolute_url()
        small = query_count(django_assert_max_num_queries, client, url)
        for index in range(10):
            member = PersonFactory(branch=office.branch_a, political_status=PoliticalStatus.FULL)
            zone = ResponsibilityZone.objects.create(member=member, name=f"责任区{index}", starts_on=datetime.date(2026, 1, 1))
            zone.windows.set([office.window_a])
            PartyGroup.objects.create(branch=office.branch_a, name=f"党小组{index}")
        assert query_count(django_assert_max_num_queries, client, url) == small


def test_a_new_zone_starts_today(login, office):
    from django.utils import timezone

    form = login("secretary_a").get(ZONE_NEW).context["form"]
    assert form["starts_on"].value() == timezone.localdate()


def test_a_secretarys_one_branch_is_chosen_for_a_new_group(login, office):
    form = login("secretary_a").get(GROUP_NEW).context["form"]
    assert form["branch"].value() == office.branch_a.pk
    assert f'<option value="{office.branch_a.pk}" selected>' in str(form["branch"])


def test_the_committee_names_a_new_groups_branch_first_then_its_people(login, office):
    client = login("committee_admin")
    form = client.get(GROUP_NEW).context["form"]
    assert not form.fields["members"].queryset.exists() and not form.fields["leader"].queryset.exists()
    data = group_data(office, branch=office.branch_b.pk, leader=None, members=None)
    assert client.post(GROUP_NEW, data).status_code == 302
    group = PartyGroup.objects.get(name="项目党小组")
    form = client.get(group_edit(group)).context["form"]
    assert set(form.fields["members"].queryset) == set(Person.objects.filter(branch=office.branch_b, is_active=True))


def test_the_zone_of_a_member_who_left_can_still_end(login, office):
    staff = office.people["staff_a"]
    zone = staff.responsibility_zones.get()
    Person.objects.filter(pk=staff.pk).update(is_active=False)
    data = zone_data(office, member=None, name=zone.name, starts_on="2019-01-01", ends_on="2026-11-30")
    response = login("secretary_a").post(zone_edit(zone), data)
    assert response.status_code == 302, response.context["form"].errors
    zone.refresh_from_db()
    assert zone.ends_on == datetime.date(2026, 11, 30) and zone.member == staff


def test_a_zone_keeps_its_holder(login, office):
    zone = office.people["staff_a"].responsibility_zones.get()
    data = zone_data(office, member=office.people["group_leader_a"].pk, name=zone.name, starts_on="2019-01-01")
    assert login("secretary_a").post(zone_edit(zone), data).status_code == 302
    zone.refresh_from_db()
    assert zone.member == office.people["staff_a"]


def test_saving_a_group_leaves_members_who_left_where_they_were(login, office):
    gone = PersonFactory(branch=office.branch_a, group=office.group_a, is_active=False)
    data = group_data(office, name=office.group_a.name, kind="ordinary", serves="", members=[office.people["staff_a"].pk])
    assert login("secretary_a").post(group_edit(office.group_a), data).status_code == 302
    gone.refresh_from_db()
    assert gone.group == office.group_a
