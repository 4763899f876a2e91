"""The people pickers (branches.kernel.fields, branches.kernel.pickers): a list where few people are
offered, a search as you type where many are; the search never answers beyond the picker's rule
for the user who types, and the form keeps to the same rule when it is sent."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _

from branches.kernel import fields, pickers
from branches.lectures.models import Lecture
from branches.organisation.models import ResponsibilityZone
from branches.people.models import Person, PoliticalStatus
from branches.people.pickers import PARTY_MEMBERS_KEPT, PEOPLE_KEPT, PEOPLE_SEEN
from services.speedups.models import InvestmentProject
from tests.factories import EnterpriseFactory, PersonFactory

pytestmark = pytest.mark.django_db

ZONE_NEW = reverse("branches:zone-create")
LECTURE_NEW = reverse("branches:lecture-create")


def search_url(rule):
    return reverse("branches:person-search", args=[rule.name])


def found(client, rule, text):
    response = client.get(search_url(rule), {"q": text})
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)["results"]


def names(results):
    return sorted(result["label"].split("（")[0] for result in results)


@pytest.fixture
def searched(office):
    """Two 张 in branch A (one of them has left), one in branch B."""
    return {
        "a": PersonFactory(branch=office.branch_a, name="张伟", staff_number="A-7001"),
        "left": PersonFactory(branch=office.branch_a, name="张敏", staff_number="A-7002", is_active=False),
        "b": PersonFactory(branch=office.branch_b, name="张强", staff_number="B-7001"),
    }


@pytest.fixture
def searching(monkeypatch):
    """Every picker with a rule searches, however few people it offers."""
    monkeypatch.setattr(fields, "LISTED_UP_TO", 1)


class TestTheSearch:
    def test_it_finds_by_a_part_of_the_name_within_the_rule_for_the_user(self, login, office, searched):
        assert names(found(login("secretary_a"), PEOPLE_KEPT, "张")) == ["张伟"]
        assert names(found(login("secretary_b"), PEOPLE_KEPT, "张")) == ["张强"]
        assert names(found(login("committee_admin"), PEOPLE_KEPT, "张")) == ["张伟", "张强"]

    def test_a_person_outside_the_scope_is_never_answered(self, login, office, searched):
        client = login("secretary_a")
        for text in ["张强", "强", "B-7001", "b-7001"]:
            assert found(client, PEOPLE_KEPT, text) == []
            assert found(client, PEOPLE_SEEN, text) == []

    def test_a_rule_of_the_branches_one_keeps_finds_nobody_for_staff(self, login, office, searched):
        client = login("staff_a")
        assert found(client, PEOPLE_KEPT, "张") == []
        assert names(found(client, PEOPLE_SEEN, "张")) == ["张伟"]  # whom staff see: their branch's directory

    def test_the_committee_member_sees_every_branch_but_keeps_none(self, login, office, searched):
        client = login("committee_member")
        assert names(found(client, PEOPLE_SEEN, "张")) == ["张伟", "张强"]
        assert found(client, PEOPLE_KEPT, "张") == []

    def test_it_finds_by_the_whole_staff_number_ignoring_case(self, login, office, searched):
        client = login("secretary_a")
        assert names(found(client, PEOPLE_KEPT, "a-7001")) == ["张伟"]
        assert found(client, PEOPLE_KEPT, "A-70") == []  # a part of a number is not a number

    def test_it_answers_a_label_and_a_staff_number_and_nothing_personal(self, login, office, searched):
        response = login("committee_admin").get(search_url(PEOPLE_KEPT), {"q": "张伟"})
        assert json.loads(response.content)["results"] == [
            {"id": searched["a"].pk, "label": "张伟（第一党支部）", "staff_number": "A-7001"}
        ]
        for value in [searched["a"].phone, searched["a"].id_number, "1990"]:
            assert value not in response.content.decode()
        assert response["Cache-Control"] == "private, no-store"

    def test_the_rule_says_whether_who_left_is_offered(self, login, office, searched):
        from branches.people.pickers import HONOUR_HOLDERS

        client = login("secretary_a")
        assert names(found(client, PEOPLE_KEPT, "张")) == ["张伟"]
        assert names(found(client, HONOUR_HOLDERS, "张")) == ["张伟", "张敏"]

    def test_it_answers_twenty_at_most(self, login, office):
        PersonFactory.create_batch(pickers.RESULTS + 5, branch=office.branch_a, name="李明")
        assert len(found(login("secretary_a"), PEOPLE_KEPT, "李")) == pickers.RESULTS

    @pytest.mark.parametrize(
        "text", ["", "   ", "x" * 41, "长" * 100_001, "张\x00", "%", "' OR 1=1 --", "<script>", "²", "9" * 40]
    )
    def test_a_text_no_name_holds_finds_nobody(self, login, office, searched, text):
        assert found(login("committee_admin"), PEOPLE_KEPT, text) == []

    def test_an_unknown_rule_is_not_found(self, login, office):
        client = login("committee_admin")
        assert client.get(reverse("branches:person-search", args=["everyone"]), {"q": "张"}).status_code == 404

    def test_it_sends_anonymous_users_to_log_in(self, client, office):
        url = search_url(PEOPLE_SEEN)
        response = client.get(url, {"q": "张"})
        assert response.status_code == 302 and response.url.startswith(f"{reverse('login')}?next=")

    @pytest.mark.parametrize("role", ["committee_admin", "secretary_a", "staff_a"])
    def test_its_query_count_does_not_grow_with_the_people(self, login, office, role):
        client = login(role)

        def queries():
            with CaptureQueriesContext(connection) as captured:
                found(client, PEOPLE_SEEN, "人员")
            return len(captured)

        few = queries()
        for index in range(60):
            PersonFactory(branch=office.branch_a if index % 2 else office.branch_b)
        assert queries() == few
        assert few <= 5


class TestThePicker:
    def test_few_people_are_a_list_on_the_page(self, login, office):
        page = login("secretary_a").get(ZONE_NEW).content.decode()
        assert re.search(r'<select name="member" id="id_member"', page)
        assert "data-tb-picker" not in page

    def test_many_people_are_a_search_that_names_only_the_chosen(self, login, office, searching, searched):
        client = login("committee_admin")
        page = client.get(ZONE_NEW, {}).content.decode()
        assert f'data-tb-picker="{search_url(PARTY_MEMBERS_KEPT)}"' in page
        assert 'name="member_staff_number"' in page and 'type="hidden" name="member"' in page
        assert "张伟" not in page and "张强" not in page  # nobody listed: they are searched for

    def test_a_chosen_id_outside_the_rule_is_refused_and_never_named(self, login, office, searching, searched):
        stranger = searched["b"]
        data = {"member": stranger.pk, "name": "借来的责任区", "windows": [office.window_a.pk], "starts_on": "2026-12-01"}
        response = login("secretary_a").post(ZONE_NEW, data)
        assert response.status_code == 200
        assert response.context["form"].errors["member"] == [_("Select a valid choice. That choice is not one of the available choices.")]
        assert "张强" not in response.content.decode()
        assert not ResponsibilityZone.objects.filter(name="借来的责任区").exists()

    @pytest.mark.parametrize("value", ["99999999999999999999999999999999999999", "-1", "1.5", "²", "abc", "\x00"])
    def test_an_id_that_is_no_id_is_refused(self, login, office, searching, value):
        data = {"member": value, "name": "责任区", "windows": [office.window_a.pk], "starts_on": "2026-12-01"}
        response = login("secretary_a").post(ZONE_NEW, data)
        assert response.status_code == 200 and response.context["form"].errors["member"]

    def test_without_javascript_a_staff_number_chooses(self, login, office, searching, searched):
        searched["a"].political_status = PoliticalStatus.FULL
        searched["a"].save()
        data = {"member_staff_number": " a-7001 ", "name": "按工号选择", "windows": [office.window_a.pk], "starts_on": "2026-12-01"}
        response = login("secretary_a").post(ZONE_NEW, data)
        assert response.status_code == 302, response.context["form"].errors
        assert ResponsibilityZone.objects.get(name="按工号选择").member == searched["a"]

    @pytest.mark.parametrize("typed", ["B-7001", "NOBODY", "x" * 100_000, "A-7001\x00", "A-7001 A-7002"])
    def test_without_javascript_a_staff_number_outside_the_rule_is_refused(self, login, office, searching, searched, typed):
        data = {"member_staff_number": typed, "name": "按工号选择", "windows": [office.window_a.pk], "starts_on": "2026-12-01"}
        response = login("secretary_a").post(ZONE_NEW, data)
        assert response.status_code == 200
        message = _("Nobody with the staff number %(numbers)s can be chosen here.") % {"numbers": typed[:20]}
        assert response.context["form"].errors["member"] == [message]
        assert "张强" not in response.content.decode()
        assert not ResponsibilityZone.objects.filter(name="按工号选择").exists()

    def test_several_people_are_ticked_and_added_by_staff_number(self, login, office, searching, searched):
        data = {
            "topic": "跨省通办", "theme": Lecture._meta.get_field("theme").choices[0][0], "date": "2026-12-01",
            "starts_at": "16:30", "ends_at": "17:30", "place": "三楼", "branch": office.branch_a.pk,
            "speakers": [office.people["staff_a"].pk], "speakers_staff_number": "A-7001, " + office.people["secretary_a"].staff_number,
        }
        response = login("secretary_a").post(LECTURE_NEW, data)
        assert response.status_code == 302, response.context["form"].errors
        lecture = Lecture.objects.get(topic="跨省通办")
        assert set(lecture.speakers.all()) == {office.people["staff_a"], searched["a"], office.people["secretary_a"]}
        page = login("secretary_a").get(reverse("branches:lecture-edit", args=[lecture.pk])).content.decode()
        ticked = re.findall(r'<input type="checkbox" class="form-check-input" name="speakers" value="(\d+)"[^>]* checked>', page)
        assert sorted(map(int, ticked)) == sorted(person.pk for person in lecture.speakers.all())

    def test_several_people_outside_the_rule_are_refused(self, login, office, searching, searched):
        data = {"topic": "跨省通办", "theme": "reform", "date": "2026-12-01", "starts_at": "16:30", "ends_at": "17:30",
                "branch": office.branch_a.pk, "speakers_staff_number": " ".join(f"S{n}" for n in range(60))}
        response = login("secretary_a").post(LECTURE_NEW, data)
        assert response.context["form"].errors["speakers"] == [_("Type at most %(count)s staff numbers at once.") % {"count": 50}]
        data["speakers_staff_number"] = "B-7001"
        response = login("secretary_a").post(LECTURE_NEW, data)
        message = _("Nobody with the staff number %(numbers)s can be chosen here.") % {"numbers": "B-7001"}
        assert response.context["form"].errors["speakers"] == [message]
        assert not Lecture.objects.filter(topic="跨省通办").exists()

    def test_people_chosen_before_stay_chosen_wherever_they_are_now(self, login, office, searching):
        leader = PersonFactory(branch=office.branch_a, is_section_chief=True, name="组长")
        helper = PersonFactory(branch=office.branch_a, name="帮办")
        project = InvestmentProject.objects.create(
            name="新厂房项目", enterprise=EnterpriseFactory(), team_leader=leader, started_on=datetime.date(2021, 3, 1),
            baseline_days=20,
        )
        project.team.set([helper])
        Person.objects.filter(pk=helper.pk).update(branch=office.branch_b)  # moved on since
        form = login("secretary_a").get(reverse("services:project-edit", args=[project.pk])).context["form"]
        assert helper in form.fields["team"].queryset and office.people["staff_b"] not in form.fields["team"].queryset
        assert leader in form.fields["team_leader"].queryset

    def test_the_field_and_the_search_apply_one_rule(self, login, office, searched):
        form = login("secretary_a").get(ZONE_NEW).context["form"]
        user = office.users["secretary_a"]
        assert form.fields["member"].widget.rule is PARTY_MEMBERS_KEPT
        assert set(form.fields["member"].queryset) == set(PARTY_MEMBERS_KEPT.people(user))


def test_every_rule_has_its_own_name():
    with pytest.raises(ValueError):
        pickers.PeopleRule(PEOPLE_SEEN.name, lambda user: Person.objects.all())


def test_no_form_of_the_project_lists_a_city_of_people(client, office):
    """Every page with a form (the hostile-forms suite's), as its role and as the committee
    administrator, with more people than a picker lists: none names them all."""
    from tests.app.test_hostile_forms import PAGES, build_world
    from tests.factories import BranchFactory

    world = build_world(office)
    for index in range(fields.LISTED_UP_TO + 10):
        if index % 10 == 0:
            branch = BranchFactory(committee=office.committee, number=10 + index)
        PersonFactory(branch=branch, name=f"城市人员{index}")
    listed = {}
    for role, page in PAGES:
        url = page(world)
        for user in {role, "committee_admin"}:
            client.force_login(office.users.get(user) or office.users["committee_admin"])
            response = client.get(url)
            if response.status_code == 200:
                listed[(url, user)] = response.content.decode().count("城市人员")
    assert listed and max(listed.values()) < fields.LISTED_UP_TO, {key: n for key, n in listed.items() if n >= fields.LISTED_UP_TO}
