"""一支部一品牌 and 一句话服务承诺: brand pages, the pledge board, writing pledges, honours, for every role."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.people.models import PoliticalStatus
from branches.pledges.models import BranchBrand, ServicePledge
from tests.conftest import ROLES, query_count
from tests.factories import (
    BranchBrandFactory,
    HonourFactory,
    PersonFactory,
    ServicePledgeFactory,
)
from tests.records.helpers import image_upload

pytestmark = pytest.mark.django_db

THIS_YEAR = datetime.date.today().year
MANAGERS_OF_A = {"committee_admin", "secretary_a", "branch_committee_a"}


def url(name, *args):
    return reverse(f"branches:{name}", args=args)


def answers(login, address, roles=ROLES, method="get"):
    return {role: getattr(login(role), method)(address).status_code for role in roles}


@pytest.fixture
def brand_a(office):
    return BranchBrandFactory(branch=office.branch_a, name="政务服务议事厅", slogan="从一件小事解决一类难题", story="圆桌会议")


class TestBrandPages:
    def test_every_role_reads_every_brand(self, login, office, brand_a):
        assert answers(login, url("brand-list")) == {role: 200 for role in ROLES}
        assert answers(login, brand_a.get_absolute_url()) == {role: 200 for role in ROLES}

    def test_only_the_branch_committee_edits_its_brand(self, login, office, brand_a):
        expected = {role: 200 if role in MANAGERS_OF_A else 403 for role in ROLES}
        assert answers(login, url("brand-edit", brand_a.pk)) == expected

    def test_founding_a_brand_is_for_the_branch_committee(self, login, office):
        expected = {role: 200 if role in MANAGERS_OF_A else (403 if role in {"committee_member", "group_leader_a", "staff_a"} else 404) for role in ROLES}
        assert answers(login, url("brand-create", office.branch_a.pk)) == expected

    def test_anonymous_users_are_sent_to_log_in(self, client, office, brand_a):
        for address in [url("brand-list"), brand_a.get_absolute_url(), url("brand-edit", brand_a.pk), url("brand-create", office.branch_a.pk)]:
            assert client.get(address).url.startswith(reverse("login"))

    def test_a_secretary_founds_the_brand_with_a_logo(self, login, office, media_root):
        response = login("secretary_b").post(
            url("brand-create", office.branch_b.pk),
            {"name": "红色聚能环", "slogan": "聚能", "story": "故事", "logo": image_upload(name="../logo.png")},
        )
        brand = BranchBrand.objects.get(branch=office.branch_b)
        assert response.status_code == 302 and response.url == brand.get_absolute_url()
        assert brand.logo.name.startswith("brands/") and ".." not in brand.logo.name
        assert login("secretary_b").get(url("brand-create", office.branch_b.pk)).url == url("brand-edit", brand.pk)

    @pytest.mark.parametrize(
        "changes, message",
        [
            ({"name": ""}, _("This field is required.")),
            ({"name": "名" * 61}, None),
            ({"story": "长" * 4001}, None),
            ({"logo": SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")}, None),
        ],
    )
    def test_bad_input_is_refused_and_nothing_is_saved(self, login, office, brand_a, media_root, changes, message):
        data = {"name": "新名字", "slogan": "", "story": "", **changes}
        response = login("secretary_a").post(url("brand-edit", brand_a.pk), data)
        assert response.status_code == 200
        assert response.context["form"].errors
        if message:
            assert message in response.content.decode()
        brand_a.refresh_from_db()
        assert brand_a.name == "政务服务议事厅" and not brand_a.logo

    def test_another_branch_cannot_change_the_brand(self, login, office, brand_a):
        response = login("secretary_b").post(url("brand-edit", brand_a.pk), {"name": "改名"})
        assert response.status_code == 403
        brand_a.refresh_from_db()
        assert brand_a.name == "政务服务议事厅"

    def test_the_brand_page_shows_groups_results_and_honours(self, login, office, brand_a):
        HonourFactory(committee=None, branch=office.branch_a, title="先进基层党组织", year=2021)
        page = login("staff_b").get(brand_a.get_absolute_url(), {"year": 2021}).content.decode()
        assert "从一件小事解决一类难题" in page and "一件事党小组" in page and "先进基层党组织" in page

    def test_a_manager_is_prompted_to_found_a_missing_brand(self, login, office, brand_a):
        page = login("secretary_b").get(url("brand-list")).content.decode()
        assert url("brand-create", office.branch_b.pk) in page
        assert url("brand-create", office.branch_b.pk) not in login("staff_b").get(url("brand-list")).content.decode()

    def test_the_brand_pages_stay_flat(self, login, office, grow, brand_a, django_assert_max_num_queries):
        client = login("staff_a")
        grow(2)
        small = [query_count(django_assert_max_num_queries, client, address) for address in [url("brand-list"), brand_a.get_absolute_url()]]
        grow(20)
        for index in range(10):
            BranchBrandFactory()
        assert [query_count(django_assert_max_num_queries, client, address) for address in [url("brand-list"), brand_a.get_absolute_url()]] == small


class TestPledgeBoard:
    def test_every_role_reads_the_board(self, login, office):
        assert answers(login, url("pledge-board")) == {role: 200 for role in ROLES}

    def test_displayed_pledges_are_public_and_hidden_ones_stay_in_the_branch(self, login, office):
        ServicePledgeFactory(person=PersonFactory(branch=office.branch_a, name="甲"), text="不展示的承诺", displayed=False)
        assert "微笑服务，一次办好" in login("staff_b").get(url("pledge-board")).content.decode()
        assert "不展示的承诺" not in login("staff_b").get(url("pledge-board")).content.decode()
        assert "不展示的承诺" in login("staff_a").get(url("pledge-board")).content.decode()
        assert "不展示的承诺" in login("committee_member").get(url("pledge-board")).content.decode()

    def test_it_filters_by_year_branch_and_words(self, login, office):
        ServicePledgeFactory(person=PersonFactory(branch=office.branch_b, name="乙"), text="有求必应，有难必帮", year=2021)
        client = login("staff_a")
        assert "有求必应" not in client.get(url("pledge-board")).content.decode()
        assert "有求必应" in client.get(url("pledge-board"), {"year": 2021}).content.decode()
        assert "有求必应" not in client.get(url("pledge-board"), {"year": 2021, "branch": office.branch_a.pk}).content.decode()
        assert "微笑服务" in client.get(url("pledge-board"), {"q": "A-01"}).content.decode()
        assert "微笑服务" not in client.get(url("pledge-board"), {"q": "没有这句"}).content.decode()

    @pytest.mark.parametrize("query", [{"year": "x"}, {"branch": "abc"}, {"q": "a" * 500}, {"page": "9999"}, {"year": "1800"}])
    def test_bad_filters_never_break_the_board(self, login, office, query):
        assert login("staff_b").get(url("pledge-board"), query).status_code == 200

    def test_the_board_is_paginated_and_flat(self, login, office, grow, django_assert_max_num_queries):
        client = login("committee_admin")
        grow(2)
        small = query_count(django_assert_max_num_queries, client, url("pledge-board"))
        grow(30)
        assert query_count(django_assert_max_num_queries, client, url("pledge-board")) == small
        assert len(client.get(url("pledge-board")).context["page"].object_list) == 24

    def test_printing_gives_every_card_of_the_filters_not_one_page(self, login, office, grow, django_assert_max_num_queries):
        client = login("committee_admin")
        grow(30)
        board = client.get(url("pledge-board"), {"page": 2}).content.decode()
        assert 'href="?print=all"' in board and _("Print the pledge cards") in board
        printing = client.get(url("pledge-board"), {"print": "all", "page": 2})
        page = printing.context["page"]
        assert len(page.object_list) == page.paginator.count > 24
        assert "data-tb-print-now" in printing.content.decode()
        assert query_count(django_assert_max_num_queries, client, url("pledge-board") + "?print=all") <= query_count(
            django_assert_max_num_queries, client, url("pledge-board")
        )
        one_branch = client.get(url("pledge-board"), {"print": "all", "branch": office.branch_b.pk}).context["page"]
        assert {pledge.person.branch_id for pledge in one_branch} == {office.branch_b.pk}


class TestWritingPledges:
    def test_only_managers_open_the_new_pledge_form(self, login, office):
        expected = {role: 200 if role in MANAGERS_OF_A | {"secretary_b"} else 403 for role in ROLES}
        assert answers(login, url("pledge-create")) == expected

    def test_a_secretary_writes_a_pledge_for_a_member(self, login, office):
        member = PersonFactory(branch=office.branch_a, name="新党员")
        response = login("secretary_a").post(url("pledge-create"), {"person": member.pk, "year": THIS_YEAR, "text": "马上办、网上办", "displayed": "on"})
        assert response.status_code == 302
        assert ServicePledge.objects.get(person=member).text == "马上办、网上办"

    @pytest.mark.parametrize(
        "changes",
        [{"text": ""}, {"text": "长" * 81}, {"year": "1999"}, {"year": "abc"}, {"person": "999999"}, {"year": ""}],
    )
    def test_bad_pledges_are_refused(self, login, office, changes):
        member = PersonFactory(branch=office.branch_a)
        data = {"person": member.pk, "year": THIS_YEAR, "text": "好", **changes}
        response = login("secretary_a").post(url("pledge-create"), data)
        assert response.status_code == 200 and response.context["form"].errors
        assert not ServicePledge.objects.filter(person=member).exists()

    def test_a_secretary_cannot_pledge_for_another_branch_or_a_non_member(self, login, office):
        for person in [office.people["secretary_b"], PersonFactory(branch=office.branch_a, political_status=PoliticalStatus.MASSES)]:
            response = login("secretary_a").post(url("pledge-create"), {"person": person.pk, "year": THIS_YEAR, "text": "好"})
            assert response.status_code == 200 and "person" in response.context["form"].errors
        assert not ServicePledge.objects.filter(text="好").exists()

    def test_a_second_pledge_in_a_year_is_refused(self, login, office):
        response = login("secretary_a").post(url("pledge-create"), {"person": office.people["staff_a"].pk, "year": THIS_YEAR, "text": "第二句"})
        assert response.status_code == 200
        assert _("This person already has a pledge for this year.") in response.content.decode()

    def test_editing_a_pledge(self, login, office):
        pledge = office.people["staff_a"].pledges.get()
        expected = {role: 200 if role in MANAGERS_OF_A | {"staff_a"} else (403 if role in {"committee_member", "group_leader_a", "secretary_b", "staff_b"} else 404) for role in ROLES}
        assert answers(login, url("pledge-edit", pledge.pk)) == expected
        response = login("staff_a").post(url("pledge-edit", pledge.pk), {"text": "用心办好每一件事", "person": office.people["secretary_a"].pk})
        assert response.status_code == 302
        pledge.refresh_from_db()
        assert (pledge.text, pledge.person) == ("用心办好每一件事", office.people["staff_a"])

    def test_a_member_writes_their_own_pledge(self, login, office):
        office.people["staff_a"].pledges.all().delete()
        client = login("staff_a")
        assert client.get(url("my-page")).content.decode().count(url("my-pledge")) == 1
        response = client.post(url("my-pledge"), {"text": "办不成的事，我来帮办"})
        assert response.status_code == 302
        assert ServicePledge.objects.get(person=office.people["staff_a"], year=timezone.localdate().year).text == "办不成的事，我来帮办"
        response = client.post(url("my-pledge"), {"text": ""})
        assert response.status_code == 200 and response.context["form"].errors

    def test_only_party_members_pledge(self, login, office):
        assert login("staff_b").get(url("my-pledge")).status_code == 403  # staff_b is not a party member
        assert url("my-pledge") not in login("staff_b").get(url("my-page")).content.decode()


class TestHonours:
    def test_every_role_reads_the_honours(self, login, office):
        HonourFactory(title="宁波市五星级基层党组织", year=2019)
        assert answers(login, url("honour-list")) == {role: 200 for role in ROLES}
        assert "宁波市五星级基层党组织" in login("staff_b").get(url("honour-list")).content.decode()

    def test_it_filters_by_year_and_level(self, login, office):
        HonourFactory(title="全国十佳行政服务大厅", year=2015, level="national")
        HonourFactory(title="省文明单位", year=2018, level="provincial")
        client = login("staff_a")
        assert "省文明单位" not in client.get(url("honour-list"), {"level": "national"}).content.decode()
        assert "全国十佳" not in client.get(url("honour-list"), {"year": 2018}).content.decode()
        assert client.get(url("honour-list"), {"level": "galactic", "year": "x"}).status_code == 200


class TestWall:
    def test_it_filters_by_year_and_branch(self, login, office):
        from branches.ratings.models import RoundStatus
        from tests.ratings.factories import (
            RatingRoundFactory,
            selected_nomination,
        )

        old = RatingRoundFactory(title="2019年度", starts_on=datetime.date(2019, 1, 1), ends_on=datetime.date(2019, 12, 31), status=RoundStatus.PUBLISHED)
        new = RatingRoundFactory(title="2021年度", starts_on=datetime.date(2021, 1, 1), ends_on=datetime.date(2021, 12, 31), status=RoundStatus.PUBLISHED)
        selected_nomination(office, old, office.people["staff_a"])
        selected_nomination(office, new, office.people["secretary_b"])
        client = login("staff_b")
        response = client.get(url("rating-wall"), {"year": 2021})
        assert [entry.person for entry in response.context["page"]] == [office.people["secretary_b"]]
        response = client.get(url("rating-wall"), {"branch": office.branch_a.pk})
        assert [entry.person for entry in response.context["page"]] == [office.people["staff_a"]]
        assert client.get(url("rating-wall")).context["page"].paginator.count == 2
        assert client.get(url("rating-wall"), {"round": "abc", "year": "x"}).status_code == 200


class TestPledgeBoardPages:
    """The board's pages, worked out from per-branch counts, are the pledges in the board's order."""

    @pytest.fixture
    def pledges(self, office):
        from tests.factories import BranchFactory

        third = BranchFactory(committee=office.committee, number=3)
        for branch, count in ((office.branch_b, 4), (third, 1), (office.branch_a, 5)):
            for index in range(count):
                ServicePledgeFactory(person=PersonFactory(branch=branch, name=f"{branch.number}-{index}"), year=2021)
        ServicePledgeFactory(person=PersonFactory(branch=office.branch_a, is_active=False), year=2021)
        return ServicePledge.objects.filter(year=2021, person__is_active=True)

    @pytest.mark.parametrize("per_page", [1, 3, 4, 10, 20])
    def test_every_page_in_order(self, pledges, per_page):
        from branches.pledges import selectors

        expected = list(pledges.order_by(*selectors.PLEDGE_ORDER))
        shown, number = [], 1
        while True:
            page = selectors.pledge_board_page(pledges, page_number=number, per_page=per_page)
            assert page.paginator.count == 10
            shown += list(page)
            if not page.has_next():
                break
            number += 1
        assert shown == expected
        assert [pledge.person.branch.number for pledge in shown] == [1] * 5 + [2] * 4 + [3]

    @pytest.mark.parametrize("number", ["x", "0", "999", None])
    def test_a_page_out_of_range_shows_a_real_one(self, pledges, number):
        from branches.pledges import selectors

        page = selectors.pledge_board_page(pledges, page_number=number, per_page=4)
        assert len(page) in (4, 2)

    def test_no_pledges(self, db):
        from branches.pledges import selectors

        page = selectors.pledge_board_page(ServicePledge.objects.all(), page_number=1, per_page=4)
        assert list(page) == [] and page.paginator.count == 0
