"""Honours kept in the app: the committee office any honour, a branch's managers those of their
branch and its people; everyone signed in reads them."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from branches.honours.models import Honour, HonourLevel
from tests.conftest import query_count
from tests.factories import HonourFactory, PersonFactory

pytestmark = pytest.mark.django_db

LIST = reverse("branches:honour-list")
NEW = reverse("branches:honour-create")


def edit(honour):
    return reverse("branches:honour-edit", args=[honour.pk])


def delete(honour):
    return reverse("branches:honour-delete", args=[honour.pk])


def honour_data(**changes):
    data = {"year": 2021, "title": "五星级基层党组织", "level": HonourLevel.MUNICIPAL, "awarded_by": "市委组织部", "held_by": "branch"}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def honour_of_a(office):
    return HonourFactory(committee=None, branch=office.branch_a, title="文明窗口")


class TestAdding:
    def test_a_secretary_adds_an_honour_of_the_branch(self, login, office):
        client = login("secretary_a")
        response = client.post(NEW, honour_data(branch=office.branch_a.pk))
        assert response.status_code == 302 and response.url == LIST
        honour = Honour.objects.get(title="五星级基层党组织")
        assert (honour.branch, honour.person, honour.committee) == (office.branch_a, None, None)
        assert honour.history.first().history_user == office.users["secretary_a"]
        assert edit(honour) in client.get(LIST).content.decode()

    def test_a_secretary_adds_an_honour_of_one_of_the_branchs_people(self, login, office):
        data = honour_data(held_by="person", person=office.people["staff_a"].pk, branch=office.branch_a.pk, title="岗位能手")
        assert login("branch_committee_a").post(NEW, data).status_code == 302
        honour = Honour.objects.get(title="岗位能手")
        assert (honour.person, honour.branch) == (office.people["staff_a"], None)  # the branch left filled in does not hold it

    def test_the_branch_form_starts_with_the_own_branch_and_this_year(self, login, office):
        form = login("secretary_a").get(NEW).context["form"]
        assert form["branch"].value() == office.branch_a.pk and form["year"].value()
        assert [value for value, _label in form.fields["held_by"].choices] == ["branch", "person"]

    def test_the_committee_administrator_adds_an_honour_of_the_committee(self, login, office):
        data = honour_data(held_by="committee", title="全国十佳行政服务大厅", level=HonourLevel.NATIONAL)
        assert login("committee_admin").post(NEW, data).status_code == 302
        assert Honour.objects.get(title="全国十佳行政服务大厅").committee == office.committee

    @pytest.mark.parametrize(
        "changes, field, message",
        [
            ({"held_by": "committee"}, "held_by", None),  # the committee's are the committee office's
            ({"branch": "BRANCH_B"}, "branch", None),  # another branch
            ({"held_by": "person", "person": "STAFF_B"}, "person", None),  # another branch's person
            ({"held_by": "person", "person_staff_number": "STAFF_B_NUMBER"}, "person", None),
            ({"held_by": "person"}, "person", "Choose the person who holds the honour."),
            ({"branch": ""}, "branch", "Choose the branch that holds the honour."),
            ({"year": "1800"}, "year", None),
            ({"year": "99999999999999999999"}, "year", None),
            ({"title": ""}, "title", None),
            ({"title": "奖" * 121}, "title", None),
            ({"level": "galactic"}, "level", None),
            ({"held_by": "<script>"}, "held_by", None),
            ({"held_by": "person", "person": "99999999999999999999999"}, "person", None),
        ],
    )
    def test_bad_input_is_refused_and_nothing_is_saved(self, login, office, changes, field, message):
        ids = {"BRANCH_B": office.branch_b.pk, "STAFF_B": office.people["staff_b"].pk,
               "STAFF_B_NUMBER": office.people["staff_b"].staff_number}
        changes = {key: ids.get(value, value) for key, value in changes.items()}
        data = honour_data(branch=office.branch_a.pk)
        data.update(changes)
        before = Honour.objects.count()
        response = login("secretary_a").post(NEW, data)
        assert response.status_code == 200
        assert response.context["form"].errors[field]
        if message:
            assert response.context["form"].errors[field] == [_(message)]
        assert Honour.objects.count() == before
        assert office.people["staff_b"].name not in response.content.decode()

    @pytest.mark.parametrize("role", ["staff_a", "group_leader_a", "committee_member"])
    def test_who_keeps_no_branch_may_not_add(self, login, office, role):
        assert login(role).get(NEW).status_code == 403
        assert login(role).post(NEW, honour_data(branch=office.branch_a.pk)).status_code == 403
        assert not Honour.objects.exists()


class TestEditing:
    def test_a_secretary_edits_and_removes_an_honour_of_the_branch(self, login, office, honour_of_a):
        client = login("secretary_a")
        data = honour_data(branch=office.branch_a.pk, title="青年文明号", year=2020)
        assert client.post(edit(honour_of_a), data).status_code == 302
        honour_of_a.refresh_from_db()
        assert (honour_of_a.title, honour_of_a.year) == ("青年文明号", 2020)
        response = client.post(delete(honour_of_a))
        assert response.status_code == 302 and response.url == LIST
        assert not Honour.objects.filter(pk=honour_of_a.pk).exists()
        assert Honour.history.filter(id=honour_of_a.pk, history_type="-").get().history_user == office.users["secretary_a"]

    @pytest.mark.parametrize(
        "role, status", [("staff_a", 403), ("group_leader_a", 403), ("committee_member", 403), ("secretary_b", 403)]
    )
    def test_others_cannot_change_or_remove_it(self, login, office, honour_of_a, role, status):
        client = login(role)
        assert client.get(edit(honour_of_a)).status_code == status
        assert client.post(edit(honour_of_a), honour_data(branch=office.branch_b.pk, title="改名")).status_code == status
        assert client.post(delete(honour_of_a)).status_code == status
        honour_of_a.refresh_from_db()
        assert honour_of_a.title == "文明窗口"

    def test_the_committees_honours_are_the_committee_offices(self, login, office):
        honour = HonourFactory(committee=office.committee, title="五星级基层党组织")
        assert login("secretary_a").get(edit(honour)).status_code == 403
        assert login("secretary_a").post(delete(honour)).status_code == 403
        assert login("committee_admin").get(edit(honour)).status_code == 200

    def test_an_honour_of_a_person_who_moved_is_kept_by_their_new_branch(self, login, office):
        person = PersonFactory(branch=office.branch_b)
        honour = HonourFactory(committee=None, person=person)
        assert login("secretary_a").get(edit(honour)).status_code == 403
        assert login("secretary_b").get(edit(honour)).status_code == 200

    def test_an_unknown_honour_is_not_found(self, login, office):
        assert login("secretary_a").get(reverse("branches:honour-edit", args=[999999])).status_code == 404
        assert login("secretary_a").post(reverse("branches:honour-delete", args=[999999])).status_code == 404

    def test_removing_takes_a_post(self, login, office, honour_of_a):
        assert login("secretary_a").get(delete(honour_of_a)).status_code == 405


class TestTheList:
    def test_only_managers_are_offered_to_add_and_edit_what_they_keep(self, login, office, honour_of_a):
        of_b = HonourFactory(committee=None, branch=office.branch_b, title="乙支部荣誉")
        page = login("secretary_a").get(LIST).content.decode()
        assert NEW in page and edit(honour_of_a) in page and edit(of_b) not in page
        page = login("staff_a").get(LIST).content.decode()
        assert NEW not in page and edit(honour_of_a) not in page
        page = login("committee_admin").get(LIST).content.decode()
        assert edit(honour_of_a) in page and edit(of_b) in page

    @pytest.mark.parametrize("role", ["secretary_a", "committee_admin"])
    def test_its_query_count_does_not_grow_with_the_honours(self, login, office, role, django_assert_max_num_queries):
        client = login(role)
        HonourFactory(committee=None, person=office.people["staff_a"])
        small = query_count(django_assert_max_num_queries, client, LIST)
        for index in range(20):
            HonourFactory(committee=None, branch=office.branch_a if index % 2 else office.branch_b)
            HonourFactory(committee=None, person=PersonFactory(branch=office.branch_a))
        assert query_count(django_assert_max_num_queries, client, LIST) == small
