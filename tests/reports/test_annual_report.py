"""The annual brand report: one function for the page, the files and the command."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from services.records import actions
from tests.conftest import query_count
from tests.factories import (
    EnterpriseFactory,
    LectureFactory,
    PracticalDeedFactory,
    ServiceRecordFactory,
)
from torchbearer.reports.report import annual_figures, honours_of

pytestmark = pytest.mark.django_db

D = datetime.date
URL = reverse("annual-report")
KEYS = {
    "year", "branch", "deeds_for_masses", "deeds_for_enterprises", "extended_service_hours",
    "door_to_door_enterprises", "door_to_door_person_times", "appointments", "satisfaction_rate",
    "demonstration_posts_selected", "applications_submitted", "new_activists", "new_party_members",
    "joint_items", "joint_items_average_speedup", "investment_projects_average_speedup",
    "problems_resolved", "problem_classes", "lectures_held", "active_mentorships", "honours",
}


def build_2021(office, *, later=0):
    """A few records of 2021; ``later`` days later for more of them (a person's hours of one day
    have a ceiling)."""
    admin = office.users["committee_admin"]
    day = D(2021, 4, 1) + datetime.timedelta(days=later)
    for person, hours in [(office.people["staff_a"], Decimal("3")), (office.people["staff_b"], Decimal("1.5"))]:
        actions.approve(ServiceRecordFactory(person=person, date=day, kind="extended_hours", hours=hours), by=admin)
    actions.approve(
        ServiceRecordFactory(person=office.people["staff_a"], date=day + datetime.timedelta(days=1), kind="door_to_door", enterprise=EnterpriseFactory(), persons_sent=2),
        by=admin,
    )
    ServiceRecordFactory(person=office.people["staff_a"], date=D(2021, 4, 3), kind="extended_hours", hours=Decimal("8"))
    actions.approve(PracticalDeedFactory(person=office.people["staff_a"], date=D(2021, 5, 1)), by=admin)
    LectureFactory(date=D(2021, 6, 10), branch=office.branch_a)


def test_an_empty_year_has_zeros_and_nulls_not_made_up_numbers(office):
    report = annual_figures(2021)
    assert set(report) == KEYS
    assert report["extended_service_hours"] == 0
    assert report["satisfaction_rate"] is None
    assert report["demonstration_posts_selected"] == 0
    assert report["honours"] == []


def test_figures_count_approved_records_of_the_year(office):
    build_2021(office)
    report = annual_figures(2021)
    assert report["extended_service_hours"] == Decimal("4.5")
    assert report["door_to_door_person_times"] == 2
    assert report["door_to_door_enterprises"] == 1
    assert report["deeds_for_masses"] == 1
    assert report["lectures_held"] == 1
    assert annual_figures(2020)["extended_service_hours"] == 0


def test_the_branch_filter(office):
    build_2021(office)
    report = annual_figures(2021, branch=office.branch_b)
    assert report["branch"] == 2
    assert report["extended_service_hours"] == Decimal("1.5")
    assert report["lectures_held"] == 0


def test_the_command_prints_json_with_every_key(office, capsys):
    build_2021(office)
    call_command("annual_report", "--year", "2021", "--format", "json")
    report = json.loads(capsys.readouterr().out)
    assert set(report) >= KEYS
    assert report["extended_service_hours"] == 4.5
    call_command("annual_report", "--year", "2021", "--branch", "1")
    assert "2021" in capsys.readouterr().out


def test_the_command_refuses_an_unknown_branch(office):
    with pytest.raises(CommandError):
        call_command("annual_report", "--year", "2021", "--branch", "99")


@pytest.mark.parametrize("role, status", [("committee_admin", 200), ("committee_member", 200), ("secretary_a", 200), ("branch_committee_a", 200), ("group_leader_a", 403), ("staff_a", 403)])
def test_who_reads_the_report(login, office, role, status):
    assert login(role).get(URL, {"year": 2021}).status_code == status


def test_a_secretary_reads_the_own_branch_only(login, office):
    build_2021(office)
    response = login("secretary_b").get(URL, {"year": 2021, "branch": office.branch_a.pk})
    assert response.context["report"]["branch"] == 2
    assert response.context["report"]["extended_service_hours"] == Decimal("1.5")


def test_the_word_file_opens_and_holds_the_figures(login, office):
    build_2021(office)
    response = login("committee_admin").get(reverse("annual-report-file", args=["docx"]), {"year": 2021})
    document = Document(io.BytesIO(response.content))
    cells = [cell.text for row in document.tables[0].rows for cell in row.cells]
    assert "4.5" in " ".join(cells)


def test_the_word_files_table_has_a_row_of_each_figure_beside_last_years(login, office):
    """The figure rows are copies of one row: each must hold its own figure, laid out alike."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from branches.kernel import figures
    from torchbearer.reports.files import shown
    from torchbearer.reports.report import REPORT_KEYS, report_with_previous_year

    build_2021(office)
    response = login("committee_admin").get(reverse("annual-report-file", args=["docx"]), {"year": 2021})
    document = Document(io.BytesIO(response.content))
    (table,) = document.tables
    report, previous = report_with_previous_year(2021)
    wanted = [figures.get(key) for key in REPORT_KEYS]
    expected = [["指标", "2021", "2020"]] + [
        [str(figure.label), shown(report[figure.key], figure.unit), shown(previous[figure.key], figure.unit)] for figure in wanted
    ]
    assert [[cell.text for cell in row.cells] for row in table.rows] == expected
    assert "4.5" in expected[1 + REPORT_KEYS.index("extended_service_hours")][1]
    assert table.style.name == "Table Grid"
    assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    for row in table.rows:
        assert [round(cell.width.mm) for cell in row.cells] == [90, 40, 40]
        assert [cell.paragraphs[0].alignment for cell in row.cells][1:] == [WD_ALIGN_PARAGRAPH.RIGHT] * 2
    assert [paragraph.text for paragraph in document.paragraphs if paragraph.style.name == "Heading 2"][-1] == "荣誉"


def test_the_workbook_of_one_branch_holds_the_figures_and_the_records(login, office):
    build_2021(office)
    response = login("committee_admin").get(reverse("annual-report-file", args=["xlsx"]), {"year": 2021, "branch": office.branch_a.pk})
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.worksheets) == 3
    from services.records.models import ServiceRecord

    service = book.worksheets[1]
    approved = ServiceRecord.objects.approved().in_year(2021).filter(branch=office.branch_a).count()
    assert approved > 0
    assert service.max_row == 1 + approved  # the header and one row per approved record of the branch's year
    assert all(row[2].value == office.branch_a.name for row in service.iter_rows(min_row=2))


def test_the_records_sheets_read_as_the_records_do(login, office):
    from services.records.models import PracticalDeed, ServiceRecord

    build_2021(office)
    response = login("committee_admin").get(reverse("annual-report-file", args=["xlsx"]), {"year": 2021, "branch": office.branch_a.pk})
    book = load_workbook(io.BytesIO(response.content))
    records = ServiceRecord.objects.approved().in_year(2021).filter(branch=office.branch_a).order_by("date", "pk")
    assert records.exists()
    expected = [
        [r.date, r.person.name, r.branch.name, r.get_kind_display(), r.served, r.hours, r.persons_sent] for r in records
    ]
    shown = [[cell.value for cell in row] for row in book.worksheets[1].iter_rows(min_row=2)]
    assert [[row[0].date(), *row[1:5], Decimal(str(row[5])), row[6]] for row in shown] == expected
    deeds = PracticalDeed.objects.approved().in_year(2021).filter(branch=office.branch_a).order_by("date", "pk")
    expected = [[d.date, d.person.name, d.branch.name, d.get_beneficiary_display(), d.description] for d in deeds]
    shown = [[cell.value for cell in row] for row in book.worksheets[2].iter_rows(min_row=2)]
    assert [[row[0].date(), *row[1:]] for row in shown] == expected


def test_the_committees_workbook_holds_each_branchs_figures(login, office):
    build_2021(office)
    response = login("committee_admin").get(reverse("annual-report-file", args=["xlsx"]), {"year": 2021})
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.worksheets) == 2
    rows = {row[0].value: [cell.value for cell in row[1:]] for row in book.worksheets[1].iter_rows(min_row=2)}
    assert set(rows) == {office.branch_a.name, office.branch_b.name}
    report = annual_figures(2021)
    assert sum(row[1] for row in rows.values()) == report["extended_service_hours"]
    assert sum(row[3] for row in rows.values()) == report["door_to_door_person_times"]
    assert sum(row[5] for row in rows.values()) == report["deeds_for_masses"]


@pytest.mark.parametrize(("page", "most"), [("page", 37), ("docx", 35), ("xlsx", 21)])
def test_the_query_count_does_not_grow_with_the_data(login, office, django_assert_max_num_queries, page, most):
    """Bounded too: each year's figures that are numbers of rows are counted in one query; the
    brand report's sections add the brand, its practices, five lists of examples, the photos (a
    query per kind of record, and one for their photos) and the totals since the brand began. The
    first request is left out: it reads the kinds of record, which Django keeps for the process's
    life."""
    client = login("committee_admin")
    url = URL if page == "page" else reverse("annual-report-file", args=[page])
    build_2021(office)
    client.get(f"{url}?year=2021")
    small = query_count(django_assert_max_num_queries, client, f"{url}?year=2021")
    for later in range(2, 22, 2):
        build_2021(office, later=later)
    large = query_count(django_assert_max_num_queries, client, f"{url}?year=2021")
    assert large == small <= most


def test_every_other_figure_from_hand_built_data(office):
    from branches.honours.models import Honour
    from branches.people.actions import record_development_step
    from services.problems.models import Problem, ProblemClass
    from services.satisfaction.models import SatisfactionTally
    from services.speedups.models import InvestmentProject, JointItem
    from tests.factories import (
        EnterpriseFactory,
        HonourFactory,
        MentorshipFactory,
        PersonFactory,
    )

    admin = office.users["committee_admin"]
    SatisfactionTally.objects.create(month=D(2021, 1, 1), channel="mobile", positive=998, negative=2)
    JointItem.objects.create(name="a", departments="x", launched_on=D(2020, 1, 1), baseline_days=10, current_days=6)
    JointItem.objects.create(name="b", departments="x", launched_on=D(2022, 1, 1), baseline_days=10, current_days=1)
    chief = PersonFactory(branch=office.branch_a, is_section_chief=True)
    InvestmentProject.objects.create(
        name="p", enterprise=EnterpriseFactory(), team_leader=chief, started_on=D(2021, 1, 1),
        approved_on=D(2021, 1, 11), baseline_days=20, actual_days=11,
    )
    solved = ProblemClass.objects.create(name="c", rule="r", adopted_on=D(2021, 6, 1))
    Problem.objects.create(
        title="叫号机故障", branch=office.branch_a, found_on=D(2021, 5, 1), status="verified", resolved_on=D(2021, 5, 9),
        verified_on=D(2021, 6, 1), problem_class=solved,
    )
    ProblemClass.objects.create(name="d", rule="r", adopted_on=D(2021, 6, 1))  # no problem verified under it
    MentorshipFactory(mentor=office.people["secretary_a"], mentee=office.people["staff_b"])
    HonourFactory(year=2021, title="五星级基层党组织", committee=office.committee)
    applicant = PersonFactory(branch=office.branch_a, political_status=0)
    record_development_step(applicant, stage=1, date=D(2021, 3, 1), by=admin)
    report = annual_figures(2021)
    assert report["satisfaction_rate"] == Decimal("99.80")
    assert report["joint_items"] == 1
    assert report["joint_items_average_speedup"] == Decimal("40.00")
    assert report["investment_projects_average_speedup"] == Decimal("45.00")
    assert report["problem_classes"] == 1
    assert report["active_mentorships"] == 1
    assert report["applications_submitted"] == 1
    assert report["new_party_members"] == 0
    assert len(report["honours"]) == Honour.objects.filter(year=2021).count() == 1


def test_the_reports_own_counts_agree_with_the_pillar_pages(office):
    """The report asks for each figure alone; the pillar pages and the hall's satisfaction page
    ask for larger sets. Both must give the same numbers."""
    from branches.kernel import figures
    from branches.kernel.periods import Period
    from services.problems.models import Problem
    from services.satisfaction import figures as satisfaction_figures
    from services.satisfaction.models import SatisfactionTally
    from tests.factories import MentorshipFactory, WindowFactory
    from torchbearer import pillars

    build_2021(office)
    LectureFactory(date=D(2021, 9, 1), branch=office.branch_b)
    MentorshipFactory(mentor=office.people["secretary_a"], mentee=office.people["staff_a"], starts_on=D(2021, 2, 1))
    Problem.objects.create(
        title="叫号机故障", branch=office.branch_a, found_on=D(2021, 3, 1), status="resolved", resolved_on=D(2021, 3, 9)
    )
    SatisfactionTally.objects.create(month=D(2021, 2, 1), channel="mobile", positive=90, neutral=5, negative=5)
    SatisfactionTally.objects.create(
        month=D(2021, 3, 1), channel="hall", window=WindowFactory(covering_branch=office.branch_a), positive=1, negative=1
    )
    for branch, lectures in [(None, 2), (office.branch_a, 1), (office.branch_b, 1)]:
        report = annual_figures(2021, branch=branch)
        on_the_pages = figures.evaluate(pillars.PASS_ON + pillars.SERVE, Period.year(2021), branch)
        for key in set(report) & set(on_the_pages):
            assert report[key] == on_the_pages[key], key
        assert report["lectures_held"] == lectures
    hall = satisfaction_figures.satisfaction(2021)
    assert (hall["positive"], hall["neutral"], hall["negative"]) == (91, 5, 6)
    assert sum(row["evaluations"] for row in satisfaction_figures.satisfaction_by_channel(2021)) == 102
    assert satisfaction_figures.satisfaction(2021, branch=office.branch_a)["total"] == 2


def test_the_word_file_lists_each_honour_as_a_bullet(login, office):
    from tests.factories import HonourFactory

    HonourFactory.create_batch(3, year=2021, committee=office.committee)
    response = login("committee_admin").get(reverse("annual-report-file", args=["docx"]), {"year": 2021})
    document = Document(io.BytesIO(response.content))
    bullets = [paragraph.text for paragraph in document.paragraphs if paragraph.style.name == "List Bullet"]
    assert bullets == honours_of(2021)
    assert len(bullets) == 3


def test_each_bullet_of_the_word_file_holds_its_own_text_whatever_the_first_holds(login, office):
    """The bullets after the first are copies of it: a line break or a tab in the first title (A
    sorts first) must not reach the others."""
    from tests.factories import HonourFactory

    for title in ["A 第一行\n第二行", "B\t制表", "C 空格 在后 ", "D"]:
        HonourFactory(year=2021, title=title, committee=office.committee)
    response = login("committee_admin").get(reverse("annual-report-file", args=["docx"]), {"year": 2021})
    document = Document(io.BytesIO(response.content))
    bullets = [paragraph.text for paragraph in document.paragraphs if paragraph.style.name == "List Bullet"]
    assert bullets == honours_of(2021)
    assert sum("第二行" in bullet for bullet in bullets) == 1


def test_each_honour_names_its_level_and_holder_and_a_branch_sees_its_own(office):
    from tests.factories import HonourFactory, PersonFactory

    member = PersonFactory(branch=office.branch_a, name="林晓")
    HonourFactory(year=2021, title="甲", level="national", committee=office.committee)
    HonourFactory(year=2021, title="乙", level="provincial", committee=None, branch=office.branch_a)
    HonourFactory(year=2021, title="丙", committee=None, person=member)
    HonourFactory(year=2021, title="丁", committee=None, branch=office.branch_b)
    HonourFactory(year=2020, title="戊", committee=None, branch=office.branch_a)

    assert sorted(honours_of(2021)) == sorted([
        f"甲（国家级，{office.committee.name}）",
        f"乙（省级，{office.branch_a.name}）",
        "丙（市级，林晓）",
        f"丁（市级，{office.branch_b.name}）",
    ])
    assert sorted(honours_of(2021, branch=office.branch_a)) == sorted(["丙（市级，林晓）", f"乙（省级，{office.branch_a.name}）"])


class TestProblemClassesOfAScope:
    """A class counts for a year and a scope once a problem of that scope was verified under it
    by the year's end; one merely written down counts for nobody."""

    def verified(self, office, branch, problem_class, *, on):
        from services.problems import actions as service_actions

        admin = office.users["committee_admin"]
        problem = service_actions.report_problem(
            by=admin, title="排队过长", description="高峰期排队", source="window", branch=branch, found_on=on - datetime.timedelta(days=9)
        )
        owner = office.people["staff_a"] if branch == office.branch_a else office.people["staff_b"]
        service_actions.hold_round_table(
            by=admin, date=on - datetime.timedelta(days=8), title="圆桌会", attendees=[owner], problems=[problem],
            measures=[(problem, "增开窗口", owner, on)], branch=branch,
        )
        service_actions.start_work(problem, by=admin)
        service_actions.resolve(problem, by=admin, resolution="已增开", on=on - datetime.timedelta(days=2), resolved_by=owner)
        service_actions.verify(problem, by=admin, problem_class=problem_class, on=on)

    def test_a_branch_counts_its_own_classes_and_the_office_all(self, office):
        from services.problems.models import ProblemClass

        ours = ProblemClass.objects.create(name="高峰排队", rule="弹性窗口", adopted_on=datetime.date(2021, 3, 1))
        theirs = ProblemClass.objects.create(name="材料重复", rule="一表通", adopted_on=datetime.date(2021, 3, 1))
        ProblemClass.objects.create(name="只写在后台", rule="无", adopted_on=datetime.date(2020, 1, 1))
        self.verified(office, office.branch_a, ours, on=datetime.date(2021, 4, 1))
        self.verified(office, office.branch_b, theirs, on=datetime.date(2022, 1, 5))
        assert annual_figures(2021)["problem_classes"] == 1
        assert annual_figures(2022)["problem_classes"] == 2
        assert annual_figures(2021, branch=office.branch_a)["problem_classes"] == 1
        assert annual_figures(2021, branch=office.branch_b)["problem_classes"] == 0
        assert annual_figures(2022, branch=office.branch_b)["problem_classes"] == 1

    def test_the_command_gives_the_branchs_count(self, office, capsys):
        from services.problems.models import ProblemClass

        ProblemClass.objects.create(name="只写在后台", rule="无", adopted_on=datetime.date(2020, 1, 1))
        call_command("annual_report", "--year", "2021", "--branch", "1", "--format", "json")
        assert json.loads(capsys.readouterr().out)["problem_classes"] == 0


def test_a_branchs_report_labels_the_offices_own_figures(login, office):
    from django.utils.translation import gettext as _

    page = login("secretary_a").get(reverse("annual-report"), {"year": 2021}).content.decode()
    whole_office = _("{figure} (the whole office)").format(figure=_("Satisfaction rate"))
    assert whole_office in page
    assert _("{figure} (the whole office)").format(figure=_("Problems resolved")) not in page
    committee = login("committee_admin").get(reverse("annual-report"), {"year": 2021}).content.decode()
    assert whole_office not in committee
