"""支部建在窗口, 无缝隙、全覆盖: which windows a branch and a member's zone cover, and the hall map page."""

import datetime

import pytest
from django.urls import reverse

from branches import selectors
from tests.conftest import ROLES, query_count
from tests.factories import HallAreaFactory, PersonFactory, ResponsibilityZoneFactory, WindowFactory

pytestmark = pytest.mark.django_db

D = datetime.date
URL = reverse("branches:window-coverage")


@pytest.fixture
def hall(office):
    """The office's two windows (both covered), plus one of each kind of gap."""
    area = office.window_a.area
    nobody = WindowFactory(code="C-01", area=area, covering_branch=office.branch_a)
    no_branch = WindowFactory(code="C-02", area=area, covering_branch=None)
    ResponsibilityZoneFactory(member=office.people["secretary_a"], windows=[no_branch])
    left = PersonFactory(branch=office.branch_b, is_active=False)
    abandoned = WindowFactory(code="C-03", area=area, covering_branch=office.branch_b)
    ResponsibilityZoneFactory(member=left, name="离岗责任区", windows=[abandoned])
    ended = WindowFactory(code="C-04", area=area, covering_branch=office.branch_b)
    ResponsibilityZoneFactory(member=office.people["secretary_b"], windows=[ended], starts_on=D(2019, 1, 1), ends_on=D(2020, 12, 31))
    WindowFactory(code="C-05", area=area, covering_branch=None, is_active=False)
    ResponsibilityZoneFactory(member=office.people["secretary_b"], name="大厅巡查责任区", windows=[])
    ResponsibilityZoneFactory(member=office.people["secretary_b"], name="B-01责任区", windows=[office.window_b])
    return {"nobody": nobody, "no_branch": no_branch, "abandoned": abandoned, "ended": ended}


def by_code(coverage):
    return {item.window.code: item for area in coverage.areas for item in area.windows}


class TestComputation:
    def test_a_window_nobody_covers_is_a_gap(self, office, hall):
        items = by_code(selectors.window_coverage())
        assert items["A-01"].is_covered and items["B-01"].is_covered
        assert not items["C-01"].has_zone and not items["C-01"].is_covered
        assert items["C-02"].has_zone and not items["C-02"].has_branch and not items["C-02"].is_covered

    def test_a_zone_whose_member_left_covers_nothing(self, office, hall):
        coverage = selectors.window_coverage()
        assert not by_code(coverage)["C-03"].has_zone
        assert [zone.name for zone in coverage.zones_without_member] == ["离岗责任区"]

    def test_an_ended_zone_covers_only_its_period(self, office, hall):
        assert not by_code(selectors.window_coverage())["C-04"].has_zone
        assert by_code(selectors.window_coverage(on=D(2020, 6, 1)))["C-04"].has_zone

    def test_windows_out_of_service_are_left_out(self, office, hall):
        assert "C-05" not in by_code(selectors.window_coverage())
        assert selectors.coverage_summary().total == 6

    def test_a_zone_holding_no_window_is_listed(self, office, hall):
        assert [zone.name for zone in selectors.window_coverage().zones_without_windows] == ["大厅巡查责任区"]

    def test_the_summary_counts_what_the_map_shows(self, office, hall):
        summary = selectors.coverage_summary()
        items = by_code(selectors.window_coverage()).values()
        assert (summary.total, summary.covered, summary.without_branch, summary.without_zone) == (6, 2, 1, 3)
        assert summary.covered == sum(item.is_covered for item in items)
        assert summary.without_zone == sum(not item.has_zone for item in items)
        assert summary.percent == 33.3

    def test_the_summary_of_one_branch(self, office, hall):
        summary = selectors.coverage_summary(branch=office.branch_a)
        assert (summary.total, summary.covered) == (2, 1)
        assert selectors.coverage_summary(on=D(2020, 6, 1), branch=office.branch_b).covered == 2

    def test_no_windows_means_no_ratio(self, db):
        assert selectors.coverage_summary().percent is None

    def test_the_branch_figures_agree(self, office, hall):
        figures = {item.branch.pk: item for item in selectors.branch_figures(office.committee.branches.all(), year=2021)}
        assert (figures[office.branch_a.pk].windows, figures[office.branch_a.pk].windows_in_zones) == (2, 1)
        assert (figures[office.branch_b.pk].windows, figures[office.branch_b.pk].windows_in_zones) == (3, 1)


class TestPage:
    @pytest.mark.parametrize("role", ROLES)
    def test_every_role_reads_the_hall_map(self, login, office, hall, role):
        response = login(role).get(URL)
        assert response.status_code == 200
        page = response.content.decode()
        assert "C-01" in page and "33.3" in page and "离岗责任区" in page

    def test_it_filters_by_area_and_branch(self, login, office, hall):
        other = HallAreaFactory(code="Q", name="社保医保区")
        WindowFactory(code="Q-01", area=other, covering_branch=office.branch_b)
        client = login("staff_a")
        page = client.get(URL, {"area": other.pk}).content.decode()
        assert "Q-01" in page and "C-01" not in page
        response = client.get(URL, {"branch": office.branch_a.pk})
        assert response.context["summary"].total == 2
        assert "B-01" not in response.content.decode()

    @pytest.mark.parametrize("query", [{"area": "x"}, {"branch": "999999"}, {"page": "abc"}, {"area": "-1", "branch": "1e9"}])
    def test_bad_filters_never_break_the_page(self, login, office, hall, query):
        assert login("staff_b").get(URL, query).status_code == 200

    def test_areas_are_paginated(self, login, office):
        for index in range(8):
            WindowFactory(area=HallAreaFactory(ordering=index + 1), covering_branch=office.branch_a)
        response = login("staff_a").get(URL)
        assert len(response.context["coverage"].areas) == 6
        assert response.context["summary"].total == 10

    def test_the_query_count_stays_flat(self, login, office, grow, django_assert_max_num_queries):
        client = login("secretary_a")
        grow(2)
        small = query_count(django_assert_max_num_queries, client, URL)
        grow(20)
        assert query_count(django_assert_max_num_queries, client, URL) == small
