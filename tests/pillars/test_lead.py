"""The 领跑 pillar page: organisation, coverage, brands, pledges, the wall, development and honours."""

import datetime

import pytest
from django.urls import reverse

from branches.people.actions import record_development_step
from branches.people.models import PoliticalStatus
from branches.ratings.models import RoundStatus
from tests.conftest import ROLES, query_count
from tests.factories import (
    BranchBrandFactory,
    HonourFactory,
    PartyGroupFactory,
    PersonFactory,
    ServicePledgeFactory,
    WindowFactory,
)
from tests.ratings.factories import RatingRoundFactory, selected_nomination
from torchbearer import pillars

pytestmark = pytest.mark.django_db

URL = reverse("pillar-lead")
D = datetime.date


def published_round(year):
    return RatingRoundFactory(
        title=f"{year}年度党员示范岗", starts_on=D(year, 1, 1), ends_on=D(year, 12, 31), status=RoundStatus.PUBLISHED
    )


def developed(branch, *dates):
    person = PersonFactory(branch=branch, political_status=PoliticalStatus.MASSES)
    for stage, date in enumerate(dates, start=PoliticalStatus.APPLICANT):
        record_development_step(person, stage=stage, date=date, by=None)
    return person


@pytest.fixture
def lead_data(office):
    """Two rounds, pledges, brands, development steps and honours around the office."""
    selected_nomination(office, published_round(2020), office.people["secretary_a"])
    rating_round = published_round(2021)
    selected_nomination(office, rating_round, office.people["staff_a"])
    selected_nomination(office, rating_round, office.people["secretary_b"])
    ServicePledgeFactory(person=office.people["secretary_a"], year=2021, text="一次办好")
    ServicePledgeFactory(person=office.people["secretary_b"], year=2021, text="马上就办", displayed=False)
    BranchBrandFactory(branch=office.branch_a, name="政务服务议事厅")
    developed(office.branch_a, D(2021, 3, 1))
    developed(office.branch_b, D(2019, 3, 1), D(2020, 1, 5))
    HonourFactory(year=2021, title="宁波市五星级基层党组织")
    HonourFactory(year=2015, title="全国十佳行政服务大厅", level="national")
    PartyGroupFactory(branch=office.branch_b, kind="project", serves="统办制")
    WindowFactory(code="C-01", area=office.window_a.area, covering_branch=office.branch_b)


class TestFigures:
    def test_the_figures_of_a_year(self, office, lead_data):
        lead = pillars.lead_page(2021, today=D(2021, 7, 1))
        assert lead["organisation"]["branches"] == 2
        assert lead["organisation"]["groups"] == 2
        assert dict((kind.value, n) for kind, n in lead["organisation"]["groups_by_kind"]) == {"ordinary": 1, "matter": 0, "project": 1}
        assert lead["organisation"]["people"] == 10
        assert lead["organisation"]["probationary"] == 1
        assert (lead["figures"]["demonstration_posts_selected"].value, lead["posts_since_the_start"].value) == (2, 3)
        assert [entry.person for entry in lead["latest_selected"]] == [office.people["staff_a"], office.people["secretary_b"]]
        assert lead["figures"]["pledges_made"].value == 2 and lead["figures"]["pledges_displayed"].value == 1
        assert lead["pledged_percent"] == round(100 * 2 / lead["organisation"]["party_members"], 1)
        development = {tile.key: tile.value for tile in lead["development"]}
        assert development["applications_submitted"] == 1
        assert development["new_activists"] == 0
        assert lead["in_development"][PoliticalStatus.ACTIVIST] == 1
        assert lead["due"] == 1  # the activist since 2020-01-05 has been trained for a year
        assert [honour.title for honour in lead["honours"]] == ["宁波市五星级基层党组织"]
        assert dict((level.value, n) for level, n in lead["honours_by_level"])["national"] == 1
        assert lead["brand_count"] == 1
        assert (lead["coverage"].total, lead["coverage"].covered) == (3, 1)

    def test_the_figures_of_one_branch(self, office, lead_data):
        lead = pillars.lead_page(2021, branch=office.branch_b, today=D(2021, 7, 1))
        assert lead["organisation"]["branches"] == 1
        assert (lead["figures"]["demonstration_posts_selected"].value, lead["posts_since_the_start"].value) == (1, 1)
        assert lead["figures"]["pledges_made"].value == 1
        assert {tile.key: tile.value for tile in lead["development"]}["applications_submitted"] == 0
        assert lead["brand_count"] == 0
        assert lead["honours"] == []
        assert (lead["coverage"].total, lead["coverage"].covered) == (2, 0)

    def test_an_empty_year(self, office):
        lead = pillars.lead_page(2016, today=D(2021, 7, 1))
        assert (lead["figures"]["demonstration_posts_selected"].value, lead["posts_since_the_start"].value) == (0, 0)
        assert lead["figures"]["pledges_made"].value == 0
        assert all(tile.value == 0 for tile in lead["development"])

    def test_coverage_is_read_on_the_last_day_of_a_past_year(self):
        assert pillars.coverage_day(2020, today=D(2021, 7, 1)) == D(2020, 12, 31)
        assert pillars.coverage_day(2021, today=D(2021, 7, 1)) == D(2021, 7, 1)


class TestPage:
    def test_anonymous_users_are_sent_to_log_in(self, client):
        response = client.get(URL)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))

    @pytest.mark.parametrize("role", ROLES)
    def test_every_role_reads_the_page(self, login, office, lead_data, role):
        response = login(role).get(URL, {"year": 2021})
        assert response.status_code == 200
        assert "领跑" in response.content.decode()

    def test_each_figure_links_to_its_records(self, login, office, lead_data):
        page = login("committee_admin").get(URL, {"year": 2021, "branch": office.branch_a.pk}).content.decode()
        query = f"year=2021&amp;branch={office.branch_a.pk}"
        for address in [
            f"{reverse('branches:rating-wall')}?{query}",
            f"{reverse('branches:pledge-board')}?{query}",
            f"{reverse('branches:development-pipeline')}?{query}",
            f"{reverse('branches:window-coverage')}?branch={office.branch_a.pk}",
            f"{reverse('branches:person-list')}?political_status=5&amp;branch={office.branch_a.pk}",
            reverse("branches:brand-list"),
            reverse("branches:honour-list"),
        ]:
            assert address in page, address

    def test_a_year_of_many_honours_shows_the_first_and_links_to_the_rest(self, login, office):
        for index in range(pillars.LEAD_HONOURS_SHOWN + 1):
            HonourFactory(year=2021, title=f"荣誉{index:02}")
        page = login("staff_a").get(URL, {"year": 2021}).content.decode()
        assert f"荣誉{pillars.LEAD_HONOURS_SHOWN - 1:02}" in page
        assert f"荣誉{pillars.LEAD_HONOURS_SHOWN:02}" not in page
        assert f"{reverse('branches:honour-list')}?year=2021" in page

    def test_staff_get_no_link_to_the_pipeline(self, login, office, lead_data):
        assert reverse("branches:development-pipeline") not in login("staff_a").get(URL).content.decode()

    @pytest.mark.parametrize("query", [{"year": "abc"}, {"branch": "zz"}, {"year": "1900"}, {"year": "2021", "branch": "999999"}])
    def test_bad_filters_never_break_the_page(self, login, office, query):
        assert login("staff_b").get(URL, query).status_code == 200

    def test_the_query_count_stays_flat(self, login, office, grow, lead_data, django_assert_max_num_queries):
        client = login("committee_member")

        def more(count):
            grow(count)
            rating_round = published_round(2021)
            for index in range(count):
                person = PersonFactory(branch=office.branch_a if index % 2 else office.branch_b)
                selected_nomination(office, rating_round, person)
                BranchBrandFactory()
                HonourFactory(year=2021)
                developed(person.branch, D(2021, 2, 1))

        more(2)
        small = query_count(django_assert_max_num_queries, client, f"{URL}?year=2021")
        more(20)
        assert query_count(django_assert_max_num_queries, client, f"{URL}?year=2021") == small


def test_each_tile_keeps_its_own_label(login, office):
    """A label set for one tile ({% translate … as label %}) stays in the template's context: the
    registry's tiles after it must not take it (the pledges' tiles once read as windows without a zone)."""
    from django.utils.translation import gettext as _

    from branches.kernel import figures

    page = login("staff_a").get(URL).content.decode()
    assert page.count(_("Windows without a member's zone")) == 1
    assert str(figures.get("pledges_made").label) in page and str(figures.get("pledges_displayed").label) in page
