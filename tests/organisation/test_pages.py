"""The organisation pages for every role: allowed, forbidden, another branch's object, anonymous."""

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from branches.people.models import PoliticalStatus
from tests.conftest import ROLES, query_count
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

COMMITTEE = {"committee_admin", "committee_member"}
BRANCH_A = {"secretary_a", "branch_committee_a", "group_leader_a", "staff_a"}
MANAGERS_OF_A = {"committee_admin", "secretary_a", "branch_committee_a"}


def page_urls(office):
    person_a = office.people["staff_a"]
    return {
        "branch-list": reverse("branches:branch-list"),
        "branch-detail": reverse("branches:branch-detail", args=[office.branch_a.pk]),
        "person-list": reverse("branches:person-list"),
        "person-detail": reverse("branches:person-detail", args=[person_a.pk]),
        "person-edit": reverse("branches:person-edit", args=[person_a.pk]),
        "my-page": reverse("branches:my-page"),
        "window-coverage": reverse("branches:window-coverage"),
    }


@pytest.mark.parametrize("name", ["branch-list", "branch-detail", "person-list", "person-detail", "person-edit", "my-page", "window-coverage"])
def test_anonymous_users_are_sent_to_login(client, office, name):
    url = page_urls(office)[name]
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


def expected_status(name, role):
    """The role × page matrix for objects of branch A."""
    if name in {"branch-list", "person-list", "my-page", "window-coverage"}:
        return 200
    if name in {"branch-detail", "person-detail"}:
        return 200 if role in COMMITTEE | BRANCH_A else 404
    if name == "person-edit":
        if role in MANAGERS_OF_A:
            return 200
        return 403 if role in COMMITTEE | BRANCH_A else 404
    raise AssertionError(name)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["branch-list", "branch-detail", "person-list", "person-detail", "person-edit", "my-page", "window-coverage"])
def test_the_role_page_matrix(login, office, role, name):
    response = login(role).get(page_urls(office)[name])
    assert response.status_code == expected_status(name, role)


def test_a_user_without_a_person_sees_an_explanation(client, office):
    client.force_login(UserFactory(username="lonely"))
    response = client.get(reverse("branches:my-page"))
    assert response.status_code == 200
    assert _("Your login is not linked to a person of the roster.") in response.content.decode()
    assert client.get(reverse("branches:person-detail", args=[office.people["staff_a"].pk])).status_code == 404


def test_the_directory_lists_only_the_own_branch(login, office):
    page = login("secretary_a").get(reverse("branches:person-list")).content.decode()
    assert "staff_a" in page
    assert "staff_b" not in page


def test_the_committee_directory_lists_every_branch(login, office):
    page = login("committee_member").get(reverse("branches:person-list")).content.decode()
    assert "staff_a" in page and "staff_b" in page


def test_the_directory_searches_and_filters(login, office):
    client = login("committee_admin")
    page = client.get(reverse("branches:person-list"), {"q": "staff_b"}).content.decode()
    assert "staff_b" in page and "staff_a" not in page
    page = client.get(reverse("branches:person-list"), {"q": "A-01"}).content.decode()
    assert "staff_a" in page and "staff_b" not in page
    page = client.get(reverse("branches:person-list"), {"branch": office.branch_b.pk}).content.decode()
    assert "staff_b" in page and "staff_a" not in page


@pytest.mark.parametrize("query, found", [("王小", True), ("科长", True), ("anna", True), ("ANNA", True), ("医保", True), ("b-01", True), ("李", False)])
def test_the_search_matches_names_titles_and_windows_in_any_case(login, office, query, found):
    office.window_a.name = "医保窗口"
    office.window_a.save()
    PersonFactory(branch=office.branch_a, name="王小明", title="副科长")
    PersonFactory(branch=office.branch_a, name="Anna", window=office.window_b)
    PersonFactory(branch=office.branch_a, name="赵六", window=office.window_a)
    people = login("committee_admin").get(reverse("branches:person-list"), {"q": query}).context["filter"].qs
    assert people.exists() is found


def test_the_political_status_filter_shows_no_status_chosen_until_one_is(login, office):
    client = login("committee_admin")
    page = client.get(reverse("branches:person-list"), {"q": "staff"}).content.decode()
    select = page.split('name="political_status"', 1)[1].split("</select>", 1)[0]
    assert '<option value="" selected>' in select and select.count("selected") == 1
    assert "staff_a" in page and "staff_b" in page
    chosen = client.get(reverse("branches:person-list"), {"political_status": PoliticalStatus.MASSES}).content.decode()
    select = chosen.split('name="political_status"', 1)[1].split("</select>", 1)[0]
    assert f'<option value="{PoliticalStatus.MASSES}" selected>' in select


def test_a_search_pages_its_matches_in_name_order(login, office, django_assert_num_queries):
    for number in range(35):
        PersonFactory(branch=office.branch_a if number % 2 else office.branch_b, name=f"王{number:02d}")
    client = login("committee_admin")
    first = client.get(reverse("branches:person-list"), {"q": "王"}).context["page"]
    second = client.get(reverse("branches:person-list"), {"q": "王", "page": 2}).context["page"]
    assert first.paginator.count == 35
    assert [person.name for person in first] + [person.name for person in second] == [f"王{n:02d}" for n in range(35)]
    with django_assert_num_queries(0):  # the rows of the page come with their joins
        assert all(person.branch.name for person in second)


def test_a_page_by_ids_leaves_out_a_row_gone_since_its_ids_were_read(office, monkeypatch):
    from branches.kernel.queries import page_by_ids
    from branches.people.models import Person

    for number in range(3):
        PersonFactory(branch=office.branch_a, name=f"王{number}")
    people = Person.objects.filter(name__startswith="王").order_by("name")
    in_bulk = type(people).in_bulk

    def in_bulk_after_a_deletion(queryset, ids):
        Person.objects.filter(name="王1").delete()
        return in_bulk(queryset, ids)

    monkeypatch.setattr(type(people), "in_bulk", in_bulk_after_a_deletion)
    page = page_by_ids(people, 2, 1)
    assert [person.name for person in page] == ["王0"]
    assert page.paginator.count == 3


@pytest.mark.parametrize("query", ["T-0042", "t-0042", " t-0042 "])
def test_the_search_finds_a_staff_number_in_any_case(login, office, query):
    PersonFactory(branch=office.branch_a, staff_number="T-0042", name="钱七")
    people = login("committee_admin").get(reverse("branches:person-list"), {"q": query}).context["filter"].qs
    assert [person.name for person in people] == ["钱七"]


@pytest.mark.parametrize("text, compared", [("王", False), ("t-0042", True), ("A 1", False), ("T-0042\n", False), ("x" * 21, False)])
def test_a_code_is_compared_only_with_what_could_be_one(office, text, compared):
    from branches.kernel.queries import code_is
    from branches.people.models import Person

    where = str(Person.objects.filter(code_is("staff_number", text) | Q(name="钱七")).query).split("WHERE")[1]
    assert ("staff_number" in where) is compared
    assert Person.objects.filter(code_is("staff_number", text)).exists() is False


@pytest.mark.parametrize("params", [{"branch": "abc"}, {"political_status": "99"}, {"page": "9999"}, {"page": "x"}, {"group": "-1"}, {"q": "x" * 5000}])
def test_the_directory_survives_bad_filters(login, office, params):
    assert login("secretary_a").get(reverse("branches:person-list"), params).status_code == 200


def test_a_secretary_cannot_filter_into_another_branch(login, office):
    page = login("secretary_a").get(reverse("branches:person-list"), {"branch": office.branch_b.pk}).content.decode()
    assert "staff_b" not in page


def test_the_directory_is_paginated(login, office):
    for index in range(40):
        PersonFactory(branch=office.branch_a, name=f"成员{index:02d}")
    client = login("secretary_a")
    first = client.get(reverse("branches:person-list")).content.decode()
    second = client.get(reverse("branches:person-list"), {"page": 2}).content.decode()
    assert first.count("/org/people/") > 25
    assert "成员39" in first + second


class TestPersonalData:
    def page(self, login, office, role, person_role):
        person = office.people[person_role]
        return login(role).get(reverse("branches:person-detail", args=[person.pk])).content.decode()

    @pytest.mark.parametrize("role", ["staff_a", "committee_admin", "committee_member", "secretary_a"])
    def test_it_shows_phone_and_id_to_the_person_their_secretary_and_the_committee(self, login, office, role):
        person = office.people["staff_a"]
        page = self.page(login, office, role, "staff_a")
        assert person.phone in page
        assert person.id_number in page

    @pytest.mark.parametrize("role", ["group_leader_a", "branch_committee_a"])
    def test_it_hides_phone_and_id_from_other_staff(self, login, office, role):
        person = office.people["staff_a"]
        page = self.page(login, office, role, "staff_a")
        assert person.phone not in page
        assert person.id_number not in page
        assert person.birth_date.isoformat() not in page

    def test_my_page_shows_my_own_personal_data(self, login, office):
        person = office.people["group_leader_a"]
        page = login("group_leader_a").get(reverse("branches:my-page")).content.decode()
        assert person.phone in page


class TestPersonEdit:
    def url(self, office):
        return reverse("branches:person-edit", args=[office.people["staff_a"].pk])

    def valid_data(self, office, **changes):
        person = office.people["staff_a"]
        data = {
            "name": "新名字",
            "title": "科员",
            "group": office.group_a.pk,
            "window": office.window_a.pk,
            "gender": "female",
            "phone": "13900001111",
            "id_number": person.id_number,
            "birth_date": person.birth_date.isoformat(),
            "is_active": "on",
        }
        data.update(changes)
        return data

    def test_a_secretary_edits_a_member(self, login, office):
        response = login("secretary_a").post(self.url(office), self.valid_data(office))
        assert response.status_code == 302
        office.people["staff_a"].refresh_from_db()
        assert office.people["staff_a"].name == "新名字"

    @pytest.mark.parametrize(
        "changes, message",
        [
            ({"phone": "12345"}, "Enter an 11-digit mobile number or a landline number with its area code."),
            ({"id_number": "123"}, "An ID number has 17 digits followed by a digit or X."),
            ({"birth_date": "1970-01-01"}, "The birth date does not match the ID number."),
            ({"birth_date": "not-a-date"}, "Enter a valid date."),
            ({"name": ""}, "This field is required."),
            ({"gender": "robot"}, "Select a valid choice. %(value)s is not one of the available choices."),
        ],
    )
    def test_it_rejects_bad_input_and_saves_nothing(self, login, office, changes, message):
        response = login("secretary_a").post(self.url(office), self.valid_data(office, **changes))
        assert response.status_code == 200
        assert _(message) % {"value": "robot"} in response.content.decode()
        office.people["staff_a"].refresh_from_db()
        assert office.people["staff_a"].name == "staff_a"

    def test_it_rejects_a_group_of_another_branch(self, login, office):
        from tests.factories import PartyGroupFactory

        other = PartyGroupFactory(branch=office.branch_b)
        response = login("secretary_a").post(self.url(office), self.valid_data(office, group=other.pk))
        assert response.status_code == 200
        office.people["staff_a"].refresh_from_db()
        assert office.people["staff_a"].group == office.group_a

    def test_it_rejects_a_text_file_posing_as_a_photo(self, login, office):
        from django.core.files.uploadedfile import SimpleUploadedFile

        fake = SimpleUploadedFile("photo.jpg", b"this is not an image", content_type="image/jpeg")
        response = login("secretary_a").post(self.url(office), {**self.valid_data(office), "photo": fake})
        assert response.status_code == 200
        office.people["staff_a"].refresh_from_db()
        assert not office.people["staff_a"].photo


@pytest.mark.parametrize("role", ["committee_admin", "secretary_a", "staff_a"])
@pytest.mark.parametrize("name", ["branch-list", "branch-detail", "person-list", "person-detail", "my-page", "window-coverage"])
def test_page_query_counts_do_not_grow_with_the_data(login, office, grow, django_assert_max_num_queries, role, name):
    client = login(role)
    url = page_urls(office)[name]
    grow(3)
    small = query_count(django_assert_max_num_queries, client, url)
    grow(30)
    large = query_count(django_assert_max_num_queries, client, url)
    assert large == small


@pytest.mark.parametrize("role", ["committee_admin", "secretary_a"])
def test_the_search_query_count_does_not_grow_with_the_matches(login, office, django_assert_max_num_queries, role):
    client = login(role)
    url = reverse("branches:person-list") + "?q=王"
    PersonFactory(branch=office.branch_a, name="王一")
    small = query_count(django_assert_max_num_queries, client, url)
    for number in range(40):
        PersonFactory(branch=office.branch_a, name=f"王{number}", window=office.window_a)
    assert query_count(django_assert_max_num_queries, client, url) == small


def test_the_branch_list_is_paginated(login, office):
    from tests.factories import BranchFactory

    for _index in range(30):
        BranchFactory(committee=office.committee)
    response = login("committee_member").get(reverse("branches:branch-list"))
    assert len(response.context["figures"]) == 24
    assert response.context["page"].paginator.count == 32
    assert login("committee_member").get(reverse("branches:branch-list"), {"page": "x"}).status_code == 200


def test_the_branch_figures_are_one_query_and_agree_with_plain_counts(office, grow, django_assert_num_queries):
    from branches.organisation import selectors
    from branches.organisation.models import Branch, PartyGroup, Window
    from branches.people.models import Person, PoliticalStatus
    from branches.pledges.models import ServicePledge

    grow(5)
    branches = list(Branch.objects.order_by("number"))
    year = ServicePledge.objects.values_list("year", flat=True).first()
    with django_assert_num_queries(1):
        figures = selectors.branch_figures(branches, year=year)
    for item in figures:
        people = Person.objects.filter(branch=item.branch, is_active=True)
        windows = Window.objects.filter(covering_branch=item.branch, is_active=True)
        assert item.people == people.count()
        assert item.probationary == people.filter(political_status=PoliticalStatus.PROBATIONARY).count()
        assert item.in_development == people.filter(
            political_status__gte=PoliticalStatus.APPLICANT, political_status__lte=PoliticalStatus.CANDIDATE
        ).count()
        assert item.party_members == people.party_members().count()
        assert item.groups == PartyGroup.objects.filter(branch=item.branch).count()
        assert (item.windows, item.windows_in_zones) == (windows.count(), windows.filter(zoned=True).count())
        assert item.pledges == ServicePledge.objects.filter(person__branch=item.branch, year=year).count()
    assert sum(item.pledges for item in figures) > 0 and sum(item.groups for item in figures) > 0
