"""The brand report's figures (创建成效): of a year beside the year before, or of a span of years
with each year beside the total, in the report's order, from the registry.

The printable page, the Word file, the Excel workbook and ``manage.py annual_report`` all read
:func:`annual_figures` or :func:`period_figures`; every figure comes from
``branches.kernel.figures``, where its feature defines it once. Figures that accumulate (joint
items, problem classes) count everything in force at the end of the year or span; every other
figure counts the year or span alone. A figure whose data the app does not hold yet is None, never
a made-up number.

A span's total is the registry's figure over the whole span, never the years added up: for most
figures that is their sum, but a rate, an average, what is in force at the end and what is counted
once (an enterprise visited, a mentor pair) are not sums (:data:`OVER_A_SPAN` says which is which).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.honours.models import Honour
from branches.kernel import figures
from branches.kernel.models import choice_labels
from branches.kernel.periods import FIRST_YEAR, Period
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

SUMMED, ONCE, OVERALL, AT_THE_END = "summed", "once", "overall", "at_the_end"
#: How each figure of the report is counted over a span of years: ``SUMMED``, its total is the
#: years' sum; ``ONCE``, each enterprise visited or pair that ran is counted once over the span
#: (door-to-door enterprises, mentor pairs); ``OVERALL``, a rate or average over all the span's
#: evaluations or projects (the satisfaction rate, the projects' speed-up), not the years' mean;
#: ``AT_THE_END``, what is in force at the span's end (joint items and their speed-up, problem
#: classes solved for good), the last year's figure.
OVER_A_SPAN = {
    "deeds_for_masses": SUMMED,
    "deeds_for_enterprises": SUMMED,
    "extended_service_hours": SUMMED,
    "door_to_door_enterprises": ONCE,
    "door_to_door_person_times": SUMMED,
    "appointments": SUMMED,
    "satisfaction_rate": OVERALL,
    "demonstration_posts_selected": SUMMED,
    "applications_submitted": SUMMED,
    "new_activists": SUMMED,
    "new_party_members": SUMMED,
    "joint_items": AT_THE_END,
    "joint_items_average_speedup": AT_THE_END,
    "investment_projects_average_speedup": OVERALL,
    "problems_resolved": SUMMED,
    "problem_classes": AT_THE_END,
    "lectures_held": SUMMED,
    "active_mentorships": ONCE,
}
SPAN_NOTES = {
    ONCE: _("each counted once over the years"),
    OVERALL: _("over all of the years, not their mean"),
    AT_THE_END: _("in force at the end of the last year"),
}
#: The longest span a report covers, in years.
MAX_YEARS = 10
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


def annual_figures(year, *, branch=None, honours=True, extra=()):
    """Every figure of the report for ``year`` (and optionally one branch), as a plain dict.
    ``honours=False`` leaves the list of honours out (the year before's is not shown); ``extra``
    figures (a pillar's) are evaluated with the report's."""
    report = {"year": year, "branch": branch.number if branch else None}
    keys = REPORT_KEYS + [key for key in extra if key not in REPORT_KEYS]
    report.update(figures.evaluate(keys, Period.year(year), branch))
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


def branch_rows(period):
    """Every branch's figures of the period, in branch order: ``[(branch name, [values])]``."""
    branches = list(Branch.objects.order_by("number", "pk").values_list("pk", "name"))
    by_branch = figures.evaluate_by_branch(BRANCH_SHEET_KEYS, period, [pk for pk, _name in branches])
    return [(name, [by_branch[key].get(pk, 0) for key in BRANCH_SHEET_KEYS]) for pk, name in branches]


def report_with_previous_year(year, *, branch=None, extra=()):
    """The year's figures and the year before's, with the names the printed report needs."""
    return {**annual_figures(year, branch=branch, extra=extra), **_names(branch)}, annual_figures(year - 1, branch=branch, honours=False)


def _names(branch):
    return {"branch_name": branch.name if branch else "", "committee": Committee.objects.values_list("name", flat=True).first() or ""}


# -- A span of years --------------------------------------------------------------------------------


def check_years(first, last):
    """Refuse a span the report cannot cover, with the reason: the first year after the last,
    before the first year the pages offer (``periods.FIRST_YEAR``) or after this one, or longer
    than :data:`MAX_YEARS` (each year costs the same few queries: bounded, not free)."""
    this_year = timezone.localdate().year
    if first > last:
        raise ValidationError(_("The first year (%(first)s) comes after the last (%(last)s)."), params={"first": first, "last": last})
    if first < FIRST_YEAR or last > this_year:
        raise ValidationError(
            _("The report covers the years from %(earliest)s to %(latest)s."), params={"earliest": FIRST_YEAR, "latest": this_year}
        )
    if last - first + 1 > MAX_YEARS:
        raise ValidationError(_("A report covers at most %(years)s years."), params={"years": MAX_YEARS})


def span(first, last):
    return Period(datetime.date(first, 1, 1), datetime.date(last, 12, 31))


def period_figures(first, last, *, branch=None, honours=True, extra=()):
    """Every figure of the report over the years ``first`` to ``last`` (and optionally one
    branch), each evaluated over the whole span by the registry, and under ``"years"`` each year's
    figures. ``extra`` figures (a pillar's) are evaluated over the span alone."""
    check_years(first, last)
    keys = REPORT_KEYS + [key for key in extra if key not in REPORT_KEYS]
    report = {"from": first, "to": last, "branch": branch.number if branch else None}
    report.update(figures.evaluate(keys, span(first, last), branch))
    if honours:
        report["honours"] = honours_between(first, last, branch=branch)
    report["years"] = {year: figures.evaluate(REPORT_KEYS, Period.year(year), branch) for year in range(first, last + 1)}
    return report


def period_report(first, last, *, branch=None, extra=()):
    """The span's figures with the names the printed report needs."""
    return {**period_figures(first, last, branch=branch, extra=extra), **_names(branch)}


def honours_between(first, last, *, branch=None):
    """The honours of the years ``first`` to ``last``, each as "year title (level, holder)", by year."""
    honours = Honour.objects.filter(year__range=(first, last)).order_by("year", "pk")
    if branch is not None:
        honours = honours.filter(Q(branch=branch) | Q(person__branch=branch))
    levels = labels(Honour, "level")
    rows = honours.values_list("year", "title", "level", Coalesce("committee__name", "branch__name", "person__name"))
    return [f"{year} {title}（{levels.get(level, level)}，{holder}）" for year, title, level, holder in rows]


# -- The results table, as the page, the Word file and the workbook show it --------------------------


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    unit: str
    values: list  # one per column of the table: the year's or span's first, then those beside it
    note: str = ""  # how a span's total is counted, where it is not the years' sum

    @property
    def shown_values(self):
        return [shown(value) for value in self.values]


@dataclass(frozen=True)
class Table:
    """The results table (三、创建成效): a row per figure of :data:`REPORT_KEYS`, a column for the
    year and the year before, or for the span's total and each of its years."""

    headings: list
    rows: list = field(default_factory=list)


def results_table(report, previous=None):
    """The table of a year's report (beside ``previous``, the year before's) or of a span's."""
    branch = report.get("branch")
    if "years" in report:
        years = list(report["years"])
        headings = [span_label(report["from"], report["to"]), *[str(year) for year in years]]
        columns = [report, *report["years"].values()]
    else:
        headings = [str(report["year"]), str(previous["year"])]
        columns = [report, previous]
    spans = "years" in report
    return Table(
        headings,
        [
            Row(
                key,
                figures.get(key).label_for(branch),
                figures.get(key).unit,
                [column[key] for column in columns],
                SPAN_NOTES.get(OVER_A_SPAN[key], "") if spans else "",
            )
            for key in REPORT_KEYS
        ],
    )


def shown(value, unit=""):
    """A figure as the report writes it: a dash for none, a whole number without ".00"."""
    if value is None:
        return "—"
    if isinstance(value, Decimal) and value == value.to_integral():
        value = format(value.normalize(), "f")
    return f"{value}{unit}"


def span_label(first, last):
    return str(first) if first == last else f"{first}—{last}"
