"""The annual brand report (创建成效): the figures of a year, in the report's order, from the registry.

The printable page, the Word file, the Excel workbook and ``manage.py annual_report`` all read
:func:`annual_figures`; every figure comes from ``branches.kernel.figures``, where its feature
defines it once. Figures that accumulate (joint items, problem classes) count everything in force
at the end of the year; every other figure counts the year alone. A figure whose data the app does
not hold yet is None, never a made-up number.
"""

from django.db.models import Q
from django.db.models.functions import Coalesce

from branches.honours.models import Honour
from branches.kernel import figures
from branches.kernel.models import choice_labels
from branches.kernel.periods import Period
from branches.organisation.models import Branch, Committee

#: The report's rows, in the order of the seed's results table.
REPORT_KEYS = [
    "deeds_for_masses",
    "deeds_for_enterprises",
    "extended_service_hours",
    "door_to_door_enterprises",
    "door_to_door_person_times",
    "appointments",
    "satisfaction_rate",
    "demonstration_posts_selected",
    "applications_submitted",
    "new_activists",
    "new_party_members",
    "joint_items",
    "joint_items_average_speedup",
    "investment_projects_average_speedup",
    "problems_resolved",
    "problem_classes",
    "lectures_held",
    "active_mentorships",
]
#: The columns of the committee's workbook's sheet of every branch side by side.
BRANCH_SHEET_KEYS = [
    "service_hours",
    "extended_service_hours",
    "door_to_door_visits",
    "door_to_door_person_times",
    "appointments",
    "deeds_for_masses",
    "deeds_for_enterprises",
    "themed_party_days",
]


def annual_figures(year, *, branch=None, honours=True):
    """Every figure of the report for ``year`` (and optionally one branch), as a plain dict.
    ``honours=False`` leaves the list of honours out (the year before's is not shown)."""
    report = {"year": year, "branch": branch.number if branch else None}
    report.update(figures.evaluate(REPORT_KEYS, Period.year(year), branch))
    if honours:
        report["honours"] = honours_of(year, branch=branch)
    return report


def rows(report, previous, branch=None):
    """The report's table: (label, unit, this year's value, the year before's) per figure; the
    figures held for the whole office only are labelled so on a branch's report."""
    labelled = branch if branch is not None else report.get("branch")
    return [
        (figures.get(key).label_for(labelled), figures.get(key).unit, report[key], previous[key]) for key in REPORT_KEYS
    ]


def honours_of(year, *, branch=None):
    """Each honour of the year as "title (level, holder)", read as rows of values: a province's
    year holds three hundred."""
    honours = Honour.objects.filter(year=year)
    if branch is not None:
        honours = honours.filter(Q(branch=branch) | Q(person__branch=branch))
    levels = labels(Honour, "level")
    rows = honours.values_list("title", "level", Coalesce("committee__name", "branch__name", "person__name"))
    return [f"{title}（{levels.get(level, level)}，{holder}）" for title, level, holder in rows]


def labels(model, field):
    """The field's choice labels in the current language, translated once for all the rows."""
    return {value: str(label) for value, label in choice_labels(model._meta.get_field(field)).items()}


def branch_rows(year):
    """Every branch's figures of the year, in branch order: ``[(branch name, [values])]``."""
    branches = list(Branch.objects.order_by("number", "pk").values_list("pk", "name"))
    by_branch = figures.evaluate_by_branch(BRANCH_SHEET_KEYS, Period.year(year), [pk for pk, _name in branches])
    return [(name, [by_branch[key].get(pk, 0) for key in BRANCH_SHEET_KEYS]) for pk, name in branches]


def report_with_previous_year(year, *, branch=None):
    """The year's figures and the year before's, with the names the printed report needs."""
    names = {"branch_name": branch.name if branch else "", "committee": Committee.objects.values_list("name", flat=True).first() or ""}
    return {**annual_figures(year, branch=branch), **names}, annual_figures(year - 1, branch=branch, honours=False)
