"""支部建在窗口, 无缝隙、全覆盖: which windows a branch and a member's zone cover, and the hall map page."""

import datetime

import pytest
from django.urls import reverse

from branches.organisation import coverage, selectors
from tests.conftest import ROLES, query_count
from tests.factories import (
    HallAreaFactory,
    PersonFactory,
    ResponsibilityZoneFactory,
    WindowFactory,
)

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


class TestKeptFlag:
    """Window.zoned (branches.coverage) follows every change that can change a window's answer."""

    def covered(self, window):
        return selectors.coverage_summary(branch=window.covering_branch).covered

    def test_a_zone_given_the_window_covers_it(self, office, hall):
        assert self.covered(hall["nobody"]) == 1
        ResponsibilityZoneFactory(member=office.people["staff_a"], windows=[hall["nobody"]])
        assert self.covered(hall["nobody"]) == 2

    def test_a_window_taken_out_of_a_zone_from_either_side(self, office, hall):
        zone = office.window_a.responsibility_zones.get()
        zone.windows.remove(office.window_a)
        assert self.covered(office.window_a) == 0
        zone.windows.add(office.window_a)
        assert self.covered(office.window_a) == 1
        # from the window's side simple-history cannot keep the zone's history (it would take
        # the window's fields for the zone's), so the app never does it; if it did:
        office.window_a.skip_history_when_saving = True
        office.window_a.responsibility_zones.clear()
        assert self.covered(office.window_a) == 0
        office.window_a.responsibility_zones.add(zone)
        assert self.covered(office.window_a) == 1

    def test_clearing_a_zone(self, office, hall):
        office.window_a.responsibility_zones.get().windows.clear()
        assert self.covered(office.window_a) == 0

    def test_a_zone_that_ends_or_is_deleted(self, office, hall):
        assert self.covered(office.window_b) == 1
        zone = office.window_b.responsibility_zones.get()
        zone.ends_on = D(2020, 12, 31)
        zone.starts_on = D(2020, 1, 1)
        zone.save()
        assert self.covered(office.window_b) == 0
        zone.ends_on = None
        zone.save()
        assert self.covered(office.window_b) == 1
        zone.delete()
        assert self.covered(office.window_b) == 0

    def test_a_member_who_leaves_the_post_and_comes_back(self, office, hall):
        member = office.window_a.responsibility_zones.get().member
        member.is_active = False
        member.save()
        assert self.covered(office.window_a) == 0
        member.is_active = True
        member.save()
        assert self.covered(office.window_a) == 1

    def test_a_member_deleted_takes_the_zone_along(self, office, hall):
        zone = ResponsibilityZoneFactory(member=PersonFactory(branch=office.branch_a), windows=[hall["nobody"]])
        assert self.covered(hall["nobody"]) == 2
        zone.member.delete()
        assert self.covered(hall["nobody"]) == 1

    def test_a_window_saved_with_the_flag_it_was_loaded_with(self, office, hall):
        from branches.organisation.models import Window

        assert self.covered(hall["nobody"]) == 1
        loaded = Window.objects.get(pk=hall["nobody"].pk)  # as an edit form loads it
        ResponsibilityZoneFactory(member=office.people["staff_a"], windows=[hall["nobody"]])
        assert self.covered(hall["nobody"]) == 2
        loaded.name = "新名称"
        loaded.save()  # writes back zoned=False as of today
        assert self.covered(hall["nobody"]) == 2

    def test_a_flag_of_another_day_is_worked_out_again(self, office, hall):
        from branches.organisation.models import Window

        Window.objects.update(zoned=True, zoned_as_of=D(2020, 1, 1))  # as a bulk load or a new day leaves it
        assert selectors.coverage_summary().covered == 2

    def test_the_mark_is_made_again_after_the_commit(self, office, hall, django_capture_on_commit_callbacks):
        from branches.organisation.models import Window

        with django_capture_on_commit_callbacks() as callbacks:
            ResponsibilityZoneFactory(member=office.people["staff_a"], windows=[hall["nobody"]])
        # a concurrent reader stored the answer from before the change, while it was not committed
        Window.objects.filter(pk=hall["nobody"].pk).update(zoned=False, zoned_as_of=datetime.date.today())
        for callback in callbacks:
            callback()
        assert self.covered(hall["nobody"]) == 2

    def test_reading_it_writes_nothing_and_is_one_query(self, office, hall, django_assert_num_queries):
        """No reader refreshes the flags first: a page reads them, right whatever day they are of."""
        from branches.organisation.models import Window

        Window.objects.update(zoned_as_of=D(2020, 1, 1))  # a new day: every flag is of another
        with django_assert_num_queries(1) as captured:
            assert selectors.coverage_summary().covered == 2
        assert captured.captured_queries[0]["sql"].startswith("SELECT")
        assert not Window.objects.filter(zoned_as_of=datetime.date.today()).exists()

    def test_the_nightly_rebuild_works_every_flag_out_for_today(self, office, hall):
        from branches.organisation.models import Window

        Window.objects.update(zoned=True, zoned_as_of=D(2020, 1, 1))
        coverage.rebuild()
        assert not Window.objects.exclude(zoned_as_of=datetime.date.today()).exists()
        assert selectors.coverage_summary().covered == 2

    def test_another_day_is_still_read_from_the_zones(self, office, hall):
        assert selectors.coverage_summary(on=D(2020, 6, 1), branch=office.branch_b).covered == 2


class TestZoneHoldsWindows:
    """ResponsibilityZone.holds_windows (branches.coverage) follows every change of a zone's windows."""

    def idle(self):
        return [zone.name for zone in selectors.window_coverage().zones_without_windows]

    def test_it_agrees_with_the_zones_windows(self, office, hall):
        from branches.organisation.models import ResponsibilityZone

        for zone in ResponsibilityZone.objects.all():
            assert zone.holds_windows == zone.windows.exists(), zone.name
        assert self.idle() == ["大厅巡查责任区"]

    def test_a_zone_given_windows_and_cleared(self, office, hall):
        zone = ResponsibilityZoneFactory(member=office.people["staff_a"], name="新责任区", windows=[])
        assert "新责任区" in self.idle()
        zone.windows.add(hall["nobody"])
        assert "新责任区" not in self.idle()
        zone.windows.remove(hall["nobody"])
        assert "新责任区" in self.idle()
        zone.windows.set([hall["nobody"], office.window_a])
        zone.windows.clear()
        assert "新责任区" in self.idle()

    def test_changed_from_the_windows_side(self, office, hall):
        from branches.organisation.models import ResponsibilityZone

        zone = ResponsibilityZone.objects.get(name="B-01责任区")
        window = office.window_b
        window.skip_history_when_saving = True
        window.responsibility_zones.remove(zone)
        assert "B-01责任区" in self.idle()
        window.responsibility_zones.add(zone)
        assert "B-01责任区" not in self.idle()
        window.responsibility_zones.clear()
        assert "B-01责任区" in self.idle()

    def test_a_window_deleted_takes_its_links_along(self, office, hall):
        zone = ResponsibilityZoneFactory(member=office.people["staff_a"], name="单窗责任区", windows=[hall["nobody"]])
        assert "单窗责任区" not in self.idle()
        hall["nobody"].delete()
        zone.refresh_from_db()
        assert not zone.holds_windows and "单窗责任区" in self.idle()

    def test_a_zone_saved_with_the_flag_it_was_loaded_with(self, office, hall):
        from branches.organisation.models import ResponsibilityZone

        zone = ResponsibilityZoneFactory(member=office.people["staff_a"], name="旧名称", windows=[])
        loaded = ResponsibilityZone.objects.get(pk=zone.pk)  # as an edit form loads it: holds none
        zone.windows.add(hall["nobody"])
        loaded.name = "新名称"
        loaded.save()
        loaded.refresh_from_db()
        assert loaded.holds_windows

    def test_worked_out_again_after_the_commit(self, office, hall, django_capture_on_commit_callbacks):
        from branches.organisation.models import ResponsibilityZone

        with django_capture_on_commit_callbacks() as callbacks:
            zone = ResponsibilityZoneFactory(member=office.people["staff_a"], windows=[hall["nobody"]])
        # a concurrent change wrote its answer from before this one was committed
        ResponsibilityZone.objects.filter(pk=zone.pk).update(holds_windows=False)
        for callback in callbacks:
            callback()
        zone.refresh_from_db()
        assert zone.holds_windows
