"""The brand report over a span of years: the total of each figure beside each year's, on the page,
in the files and from ``manage.py annual_report --from --to``; who may read it; what a span the
report cannot cover gets."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from services.records import actions
from services.satisfaction.models import SatisfactionTally
from services.speedups.models import JointItem
from tests.conftest import query_count
from tests.factories import (
    EnterpriseFactory,
    LectureFactory,
    MentorshipFactory,
    PracticalDeedFactory,
    ServiceRecordFactory,
)
from torchbearer.reports.report import (
    MAX_YEARS,
    OVER_A_SPAN,
    REPORT_KEYS,
    SUMMED,
    annual_figures,
    period_figures,
)

pytestmark = pytest.mark.django_db

D = datetime.date
URL = reverse("annual-report")
SPAN = {"from": 2019, "to": 2021}


def build_years(office, *, later=0):
    """Records, lectures, evaluations, items and a pair spread over 2019–2021: each year its own
    numbers, an enterprise visited in two years, a pair running across two."""
    admin = office.users["committee_admin"]
    staff_a, staff_b = office.people["staff_a"], office.people["staff_b"]
    enterprise = EnterpriseFactory()
    for year, deeds in [(2019, 1), (2020, 2), (2021, 3)]:
        day = D(year, 4, 1) + datetime.timedelta(days=later)
        for number in range(deeds):
            actions.approve(PracticalDeedFactory(person=staff_a, date=day + datetime.timedelta(days=number)), by=admin)
        actions.approve(ServiceRecordFactory(person=staff_b, date=day, kind="extended_hours", hours=Decimal("1.5")), by=admin)
        LectureFactory(date=D(year, 6, 10) + datetime.timedelta(days=later), branch=office.branch_a)
    for year in (2019, 2020):
        actions.approve(
            ServiceRecordFactory(person=staff_a, date=D(year, 5, 1) + datetime.timedelta(days=later), kind="door_to_door", enterprise=enterprise, persons_sent=2),
            by=admin,
        )


def rates_and_items():
    """A small year at 90 % and a large one at 99.9 %: over both, 99.00 %, not their mean."""
    SatisfactionTally.objects.create(month=D(2019, 3, 1), channel="mobile", positive=90, negative=10)
    SatisfactionTally.objects.create(month=D(2020, 3, 1), channel="mobile", positive=999, negative=1)
    JointItem.objects.create(name="甲", departments="x", launched_on=D(2019, 2, 1), baseline_days=10, current_days=5)
    JointItem.objects.create(name="乙", departments="x", launched_on=D(2021, 2, 1), baseline_days=10, current_days=9)


class TestTheFigures:
    def test_the_total_of_a_summed_figure_is_the_years_sum(self, office):
        build_years(office)
        report = period_figures(2019, 2021)
        assert (report["from"], report["to"], report["branch"]) == (2019, 2021, None)
        assert report["deeds_for_masses"] == 6
        assert [report["years"][year]["deeds_for_masses"] for year in (2019, 2020, 2021)] == [1, 2, 3]
        assert report["extended_service_hours"] == Decimal("4.5")
        assert report["lectures_held"] == 3
        assert report["door_to_door_person_times"] == 4
        for key, counted in OVER_A_SPAN.items():
            if counted == SUMMED:
                assert report[key] == sum(year[key] or 0 for year in report["years"].values()), key

    def test_each_years_figures_are_that_years_report(self, office):
        build_years(office)
        report = period_figures(2019, 2021)
        for year in (2019, 2020, 2021):
            alone = annual_figures(year)
            assert report["years"][year] == {key: alone[key] for key in REPORT_KEYS}

    def test_what_is_counted_once_is_counted_once_over_the_span(self, office):
        build_years(office)
        MentorshipFactory(mentor=office.people["secretary_a"], mentee=office.people["staff_a"], starts_on=D(2019, 9, 1), planned_end=D(2020, 6, 30))
        report = period_figures(2019, 2021)
        assert [report["years"][year]["door_to_door_enterprises"] for year in (2019, 2020)] == [1, 1]
        assert report["door_to_door_enterprises"] == 1
        assert [report["years"][year]["active_mentorships"] for year in (2019, 2020, 2021)] == [1, 1, 1]
        assert report["active_mentorships"] == 1

    def test_a_rate_is_over_all_evaluations_and_items_are_those_in_force_at_the_end(self, office):
        rates_and_items()
        report = period_figures(2019, 2021)
        assert report["years"][2019]["satisfaction_rate"] == Decimal("90.00")
        assert report["years"][2020]["satisfaction_rate"] == Decimal("99.90")
        assert report["satisfaction_rate"] == Decimal("99.00")
        assert [report["years"][year]["joint_items"] for year in (2019, 2020, 2021)] == [1, 1, 2]
        assert report["joint_items"] == 2
        assert report["joint_items_average_speedup"] == report["years"][2021]["joint_items_average_speedup"] == Decimal("30.00")

    def test_a_branchs_span_holds_its_own(self, office):
        build_years(office)
        report = period_figures(2019, 2021, branch=office.branch_b)
        assert report["branch"] == 2
        assert report["deeds_for_masses"] == 0
        assert report["extended_service_hours"] == Decimal("4.5")

    def test_the_honours_of_the_span_name_their_year(self, office):
        from tests.factories import HonourFactory

        for year in (2018, 2019, 2021, 2022):
            HonourFactory(year=year, title="五星级基层党组织", committee=office.committee)
        honours = period_figures(2019, 2021)["honours"]
        assert [honour[:4] for honour in honours] == ["2019", "2021"]


class TestTheCommand:
    def run(self, *arguments):
        output = io.StringIO()
        call_command("annual_report", *arguments, stdout=output)
        return output.getvalue()

    def test_it_prints_the_totals_and_each_year_as_json(self, office):
        build_years(office)
        report = json.loads(self.run("--from", "2019", "--to", "2021", "--format", "json"))
        assert (report["from"], report["to"], report["deeds_for_masses"]) == (2019, 2021, 6)
        assert report["years"]["2020"]["deeds_for_masses"] == 2
        assert report["extended_service_hours"] == 4.5

    def test_it_gives_a_branchs_span(self, office):
        build_years(office)
        report = json.loads(self.run("--from", "2019", "--to", "2021", "--branch", "2", "--format", "json"))
        assert (report["branch"], report["deeds_for_masses"]) == (2, 0)

    def test_its_text_says_each_year_beside_the_total(self, office):
        build_years(office)
        text = self.run("--from", "2019", "--to", "2021")
        assert "2019—2021" in text
        assert "：6；2019 年 1，2020 年 2，2021 年 3" in text

    def test_a_year_alone_reads_as_before(self, office):
        build_years(office)
        report = json.loads(self.run("--year", "2021", "--format", "json"))
        assert list(report) == ["year", "branch", *REPORT_KEYS, "honours"]
        assert report["deeds_for_masses"] == 3

    @pytest.mark.parametrize(
        ("arguments", "says"),
        [
            (["--to", "2021"], "--to needs --from"),
            (["--from", "2019"], "--from needs --to"),
            (["--from", "2021", "--to", "2019"], "comes after"),
            (["--from", "1900", "--to", "2021"], "from 2015"),
            (["--from", "2019", "--to", "99999"], "from 2015"),
            (["--from", "2015", "--to", "2026"], f"at most {MAX_YEARS} years"),
            (["--year", "2021", "--to", "2021"], "not with --year"),
            ([], "Give --year"),
        ],
    )
    def test_it_refuses_a_span_it_cannot_cover_with_the_reason(self, office, arguments, says):
        with pytest.raises(CommandError, match=says):
            self.run(*arguments)

    def test_year_and_from_exclude_each_other(self, office):
        with pytest.raises(CommandError, match="not allowed with argument"):
            self.run("--year", "2021", "--from", "2019", "--to", "2021")

    def test_it_refuses_a_text_for_a_year(self, office):
        with pytest.raises(CommandError, match="invalid int value"):
            self.run("--from", "abc", "--to", "2021")


class TestThePage:
    def test_the_table_sets_each_year_beside_the_total(self, login, office):
        build_years(office)
        response = login("committee_admin").get(URL, SPAN)
        table = response.context["brand_report"].table
        assert table.headings == ["2019—2021", "2019", "2020", "2021"]
        masses = next(row for row in table.rows if row.key == "deeds_for_masses")
        assert masses.values == [6, 1, 2, 3]
        assert masses.note == ""
        rate = next(row for row in table.rows if row.key == "satisfaction_rate")
        assert rate.note
        page = response.content.decode()
        assert "2019—2021" in page and str(rate.note) in page

    def test_the_year_alone_still_sets_the_year_before_beside_it(self, login, office):
        response = login("committee_admin").get(URL, {"year": 2021})
        assert response.context["brand_report"].table.headings == ["2021", "2020"]

    def test_a_span_of_one_year_is_that_years_report(self, login, office):
        response = login("committee_admin").get(URL, {"from": 2020, "to": 2020})
        assert response.context["brand_report"].table.headings == ["2020", "2019"]

    def test_the_file_links_keep_the_span(self, login, office):
        page = login("committee_admin").get(URL, SPAN).content.decode()
        assert f'{reverse("annual-report-file", args=["docx"])}?from=2019&amp;to=2021' in page

    @pytest.mark.parametrize(
        "params",
        [
            {"from": 2021, "to": 2019},
            {"from": 1900, "to": 2021},
            {"from": 2019, "to": 99999},
            {"from": "二〇一九", "to": "abc"},
            {"from": 2015, "to": 2026},
            {"from": 2019},
            {"to": 2021},
            {"from": "2019" * 300, "to": "-1"},
        ],
    )
    def test_a_span_it_cannot_cover_says_why_and_shows_a_year(self, login, office, params):
        response = login("committee_admin").get(URL, params)
        assert response.status_code == 200
        form = response.context["filter_form"]
        assert form.errors.get("from") or form.errors.get("to")
        assert "years" not in response.context["report"]
        page = response.content.decode()
        assert "invalid-feedback" in page

    @pytest.mark.parametrize("kind", ["docx", "xlsx"])
    def test_a_file_of_a_span_it_cannot_cover_is_the_years(self, login, office, kind):
        response = login("committee_admin").get(reverse("annual-report-file", args=[kind]), {"from": 2021, "to": 2019})
        assert response.status_code == 200
        assert f"annual-report-{timezone.localdate().year}." in response["Content-Disposition"]

    def test_the_span_wins_over_the_year(self, login, office):
        response = login("committee_admin").get(URL, {"year": 2021, **SPAN})
        assert response.context["report"]["from"] == 2019


class TestWhoReadsASpan:
    @pytest.mark.parametrize(
        ("role", "status"),
        [("committee_admin", 200), ("committee_member", 200), ("secretary_a", 200), ("branch_committee_a", 200), ("group_leader_a", 403), ("staff_a", 403)],
    )
    @pytest.mark.parametrize("page", ["page", "docx", "xlsx"])
    def test_the_committee_and_the_branch_managers(self, login, office, role, status, page):
        url = URL if page == "page" else reverse("annual-report-file", args=[page])
        assert login(role).get(url, SPAN).status_code == status

    def test_the_committee_reads_any_branch(self, login, office):
        build_years(office)
        report = login("committee_member").get(URL, {**SPAN, "branch": office.branch_b.pk}).context["report"]
        assert (report["branch"], report["extended_service_hours"]) == (2, Decimal("4.5"))

    def test_a_secretary_reads_the_own_branch_only(self, login, office):
        build_years(office)
        client = login("secretary_b")
        report = client.get(URL, {**SPAN, "branch": office.branch_a.pk}).context["report"]
        assert (report["branch"], report["deeds_for_masses"]) == (2, 0)
        response = client.get(reverse("annual-report-file", args=["xlsx"]), {**SPAN, "branch": office.branch_a.pk})
        assert 'annual-report-2019-2021-2.xlsx' in response["Content-Disposition"]
        book = load_workbook(io.BytesIO(response.content))
        assert all(row[2].value == office.branch_b.name for sheet in book.worksheets[1:] for row in sheet.iter_rows(min_row=2))


class TestQueries:
    """Each year of a span costs the same few queries (its figures: a count of rows in one query,
    and each source once); the data's size costs none."""

    def count(self, client, django_assert_max_num_queries, url, first, last):
        return query_count(django_assert_max_num_queries, client, f"{url}?from={first}&to={last}")

    @pytest.mark.parametrize(("page", "most"), [("page", 51), ("docx", 49), ("xlsx", 35)])
    def test_a_spans_query_count_does_not_grow_with_the_data(self, login, office, django_assert_max_num_queries, page, most):
        client = login("committee_admin")
        url = URL if page == "page" else reverse("annual-report-file", args=[page])
        build_years(office)
        client.get(f"{url}?from=2019&to=2021")
        small = self.count(client, django_assert_max_num_queries, url, 2019, 2021)
        for later in range(3, 30, 3):
            build_years(office, later=later)
        rates_and_items()
        large = self.count(client, django_assert_max_num_queries, url, 2019, 2021)
        assert large == small <= most

    def test_each_year_of_a_span_costs_the_same_few_queries_up_to_the_longest(self, login, office, django_assert_max_num_queries):
        client = login("committee_admin")
        build_years(office)
        client.get(f"{URL}?from=2019&to=2021")
        last = timezone.localdate().year
        three = self.count(client, django_assert_max_num_queries, URL, last - 2, last)
        five = self.count(client, django_assert_max_num_queries, URL, last - 4, last)
        longest = self.count(client, django_assert_max_num_queries, URL, last - MAX_YEARS + 1, last)
        per_year = (five - three) // 2
        assert five - three == 2 * per_year and per_year <= 7
        assert longest == three + (MAX_YEARS - 3) * per_year <= 100
