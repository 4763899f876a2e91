"""The annual brand report (创建成效): every figure of a year, computed in one place.

The printable page, the Word file, the Excel workbook and ``manage.py annual_report`` all call
:func:`annual_figures`. Figures that accumulate (joint items, problem classes) count everything in
force at the end of the year; every other figure counts the year alone. A figure whose data the
app does not hold yet would be None, never a made-up number.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from branches import ratings
from branches import selectors as branch_selectors
from branches.models import Committee, Honour, PoliticalStatus
from branches.models.base import choice_labels
from branches.queries import counts
from services import figures
from torchbearer import pillars


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str = ""
    # A figure the app holds for the whole office only (the joint items, the hall's satisfaction):
    # a branch's report shows the office's, labelled as such.
    office_wide: bool = False

    def label_for(self, branch):
        if branch is not None and self.office_wide:
            return format_lazy(_("{figure} (the whole office)"), figure=self.label)
        return self.label


FIGURES = [
    Figure("deeds_for_masses", _("Practical deeds for the masses")),
    Figure("deeds_for_enterprises", _("Practical deeds for enterprises")),
    Figure("extended_service_hours", _("Extended-hours service"), pgettext_lazy("unit", "hours")),
    Figure("door_to_door_enterprises", _("Enterprises visited door to door")),
    Figure("door_to_door_person_times", _("Door-to-door service (person-times)")),
    Figure("appointments", _("By-appointment services")),
    Figure("satisfaction_rate", _("Satisfaction rate"), "%", office_wide=True),
    Figure("demonstration_posts_selected", _("Demonstration posts selected")),
    Figure("applications_submitted", _("Applications to join the party")),
    Figure("new_activists", _("New activists")),
    Figure("new_party_members", _("New (probationary) party members")),
    Figure("joint_items", _("Joint-handling items in force"), office_wide=True),
    Figure("joint_items_average_speedup", _("Joint items: average speed-up"), "%", office_wide=True),
    Figure("investment_projects_average_speedup", _("Investment projects: average speed-up"), "%"),
    Figure("problems_resolved", _("Problems resolved")),
    Figure("problem_classes", _("Problem classes solved for good")),
    Figure("lectures_held", _("Lectures held")),
    Figure("active_mentorships", _("Active mentor pairs")),
]


def annual_figures(year, *, branch=None, honours=True):
    """Every figure of the report for ``year`` (and optionally one branch), as a plain dict.

    Each figure is asked for alone, not taken from a pillar page's larger set: the report needs
    the lectures held, not their speakers, and the pairs, not their sessions (at province scale,
    the whole sets took twice the time); the figures that are numbers of rows are counted in one
    query (:func:`branches.queries.counts`). ``honours=False`` leaves the list of honours out (the
    year before's is not shown).
    """
    service = figures.service_figures(year, branch=branch)
    deeds = figures.deed_figures(year, branch=branch)
    development = branch_selectors.development_counts([branch.pk] if branch else None, year=year)
    joint_items = figures.joint_item_figures(year)
    report = {
        "year": year,
        "branch": branch.number if branch else None,
        "deeds_for_masses": deeds["for_masses"],
        "deeds_for_enterprises": deeds["for_enterprises"],
        "extended_service_hours": service["extended_hours"],
        "door_to_door_enterprises": service["door_to_door_enterprises"],
        "door_to_door_person_times": service["door_to_door_person_times"],
        "appointments": service["appointments"],
        "satisfaction_rate": figures.satisfaction(year)["rate"],
        "applications_submitted": development[PoliticalStatus.APPLICANT],
        "new_activists": development[PoliticalStatus.ACTIVIST],
        "new_party_members": development[PoliticalStatus.PROBATIONARY],
        "joint_items": joint_items["count"],
        "joint_items_average_speedup": joint_items["average_speedup"],
        "investment_projects_average_speedup": figures.project_figures(year, branch=branch)["average_speedup"],
        **counts(
            {
                "demonstration_posts_selected": ratings.selected_in(year, branch=branch),
                "problems_resolved": figures.problems_resolved(year, branch=branch),
                "problem_classes": figures.classes_in_force(year, branch=branch),
                "lectures_held": pillars.lectures_of_year(year, branch=branch),
                "active_mentorships": pillars.pairs_of_year(year, branch=branch),
            }
        ),
    }
    if honours:
        report["honours"] = honours_of(year, branch=branch)
    return report


def rows(report, previous):
    """The report's table: (label, unit, this year's value, the year before's) per figure."""
    branch = report["branch"]
    return [(figure.label_for(branch), figure.unit, report[figure.key], previous[figure.key]) for figure in FIGURES]


def honours_of(year, *, branch=None):
    """Each honour of the year as "title (level, holder)", read as rows of values: a province's
    year holds three hundred, and as model instances with their holders they took 10 ms to make."""
    honours = Honour.objects.filter(year=year)
    if branch is not None:
        honours = honours.filter(Q(branch=branch) | Q(person__branch=branch))
    levels = labels(Honour, "level")
    rows = honours.values_list("title", "level", Coalesce("committee__name", "branch__name", "person__name"))
    return [f"{title}（{levels.get(level, level)}，{holder}）" for title, level, holder in rows]


def labels(model, field):
    """The field's choice labels in the current language, translated once for all the rows."""
    return {value: str(label) for value, label in choice_labels(model._meta.get_field(field)).items()}


def report_with_previous_year(year, *, branch=None):
    """The year's figures and the year before's, with the names the printed report needs."""
    names = {"branch_name": branch.name if branch else "", "committee": Committee.objects.values_list("name", flat=True).first() or ""}
    return {**annual_figures(year, branch=branch), **names}, annual_figures(year - 1, branch=branch, honours=False)
