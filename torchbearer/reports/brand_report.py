"""The brand report as the seed document reads: 一、品牌介绍 (the brand, its logo and what they
mean, the four pillars), 二、主要做法 (each practice under its pillar, with the pillar's figures of
the period and named examples, then photos of approved records), 三、创建成效 (the results table,
the honours).

The page, the Word file and the tests read one :class:`BrandReport`; the texts come from the
brand the committee office keeps (``branches.brand``), the figures from the registry, the examples
from :mod:`torchbearer.reports.examples`, the photos from ``services.records.selectors``.
"""

from dataclasses import dataclass, field

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from branches.brand.models import Pillar
from branches.brand.selectors import current_brand, since_the_brand_began
from branches.kernel import figures
from branches.kernel.periods import Period
from services.records.selectors import recent_photos
from torchbearer.reports import examples
from torchbearer.reports.report import results_table, shown, span, span_label

#: Each pillar's figures shown beside its practices, for the period (branches.kernel.figures).
PILLAR_FIGURES = {
    Pillar.LEAD: ["demonstration_posts_selected", "applications_submitted", "new_activists", "new_party_members", "pledges_made"],
    Pillar.PASS_ON: ["lectures_held", "lecture_attendances", "active_mentorships", "mentoring_sessions"],
    Pillar.DEDICATE: ["deeds_for_masses", "deeds_for_enterprises", "themed_party_days", "service_hours"],
    Pillar.SERVE: [
        "extended_service_hours", "door_to_door_person_times", "door_to_door_enterprises", "appointments",
        "satisfaction_rate", "investment_projects_average_speedup", "joint_items", "joint_items_average_speedup",
        "problems_resolved", "problem_classes",
    ],
}
PILLAR_KEYS = [key for keys in PILLAR_FIGURES.values() for key in keys]
#: What the seed's results open with: the totals since the brand began (品牌建设以来…).
SINCE_THE_START = [
    "demonstration_posts_selected", "applications_submitted", "new_activists", "new_party_members",
    "deeds_for_masses", "deeds_for_enterprises",
]
#: Each pillar's named examples, as the seed names them: brands and demonstration posts lead,
#: the studio and the mentors pass on, the problem classes serve.
PILLAR_EXAMPLES = {
    Pillar.LEAD: [examples.branch_brands, examples.best_rated_posts],
    Pillar.PASS_ON: [examples.studio_firsts, examples.mentor_pairs],
    Pillar.DEDICATE: [],
    Pillar.SERVE: [examples.problem_classes],
}
PHOTOS_SHOWN = 6
#: The report shows the office at work with the people and enterprises it serves, as the seed
#: does (政入社区, 助企小分队, 上门服务); a patrol's photo is of a problem found, for the loop.
PHOTO_KINDS = ["activity", "deed", "service"]
CHINESE_NUMBERS = "一二三四五六七八九十"


def ordinal(number):
    """(一), (二)… as the seed numbers its practices; (1), (2)… in another language."""
    if (get_language() or "").startswith("zh") and number <= len(CHINESE_NUMBERS):
        return f"（{CHINESE_NUMBERS[number - 1]}）"
    return f"({number})"


@dataclass(frozen=True)
class PillarFigure:
    label: str
    value: object
    unit: str

    @property
    def shown(self):
        """The value and its unit, unless the label already names the unit (服务时长（小时）)."""
        return shown(self.value, f" {self.unit}" if self.unit and str(self.unit) not in str(self.label) else "")


@dataclass(frozen=True)
class PillarSection:
    pillar: Pillar
    meaning: str
    practices: list  # (ordinal, practice)
    figures: list  # PillarFigure
    examples: list  # examples.Examples, those with something to name


@dataclass(frozen=True)
class BrandReport:
    title: str
    period_label: str
    committee: str
    branch_name: str
    brand: object  # branches.brand.models.Brand, or None before the committee office writes it
    pillars: list
    table: object  # report.Table
    honours: list
    photos: list = field(default_factory=list)  # services.records.selectors.RecentPhoto
    since: object = None  # the day the brand began, when that is within the report's years
    since_the_start: list = field(default_factory=list)  # PillarFigure, from ``since`` to the period's end


def compose(report, previous=None, *, branch=None, user=None):
    """The brand report of a year's ``report`` (beside ``previous``) or of a span's, both made
    with ``extra=PILLAR_KEYS``; named examples and photos as ``user`` may see them."""
    if "years" in report:
        period, period_label = span(report["from"], report["to"]), span_label(report["from"], report["to"])
    else:
        period, period_label = Period.year(report["year"]), str(report["year"])
    brand = current_brand()
    meanings = dict(brand.pillar_meanings()) if brand is not None else {}
    practices = list(brand.practices.all()) if brand is not None else []
    number = 0
    pillars = []
    for pillar in Pillar:
        numbered = []
        for practice in practices:
            if practice.pillar == pillar:
                number += 1
                numbered.append((ordinal(number), practice))
        pillars.append(
            PillarSection(
                pillar,
                meanings.get(pillar, ""),
                numbered,
                [pillar_figure(key, report[key], branch) for key in PILLAR_FIGURES[pillar]],
                [found for named in PILLAR_EXAMPLES[pillar] for found in [named(period, branch=branch, user=user)] if found.items],
            )
        )
    photos = recent_photos(user, period=period, branch=branch, kinds=PHOTO_KINDS, limit=PHOTOS_SHOWN) if user is not None else []
    since, since_the_start = None, []
    from_the_start = since_the_brand_began(period.end.year)
    if from_the_start.start <= period.end:
        since = from_the_start.start
        totals = figures.evaluate(SINCE_THE_START, from_the_start, branch)
        since_the_start = [pillar_figure(key, totals[key], branch) for key in SINCE_THE_START]
    title = _("%(year)s brand report") % {"year": period_label}
    if brand is not None:
        title = _("“%(brand)s” brand report %(period)s") % {"brand": brand.name, "period": period_label}
    return BrandReport(
        title=title,
        period_label=period_label,
        committee=report.get("committee", ""),
        branch_name=report.get("branch_name", ""),
        brand=brand,
        pillars=pillars,
        table=results_table(report, previous),
        honours=report.get("honours", []),
        photos=photos,
        since=since,
        since_the_start=since_the_start,
    )


def pillar_figure(key, value, branch):
    figure = figures.get(key)
    return PillarFigure(figure.label_for(branch), value, figure.unit)
