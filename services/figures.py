"""The service figures, computed in SQL: read by the pillar pages, dashboards and the annual report.

Records count only when approved. Speed-ups are averaged from ``1 - actual / baseline``;
satisfaction is (positive + neutral) / all evaluations. Percentages are returned as Decimals
rounded to two places, or None when there is nothing to measure.
"""

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Case, Count, Exists, ExpressionWrapper, F, FloatField, IntegerField, OuterRef, Q, Sum, When
from django.db.models.functions import Cast
from django.utils import timezone

from branches.models import Branch, Person, Window
from branches.queries import counts, counts_by_branch
from services.kinds import KINDS
from services.models import (
    RECORD_MODELS,
    ActivityKind,
    BranchTally,
    CommitteeTally,
    EnterpriseYearTally,
    MemberYearTally,
    MonthSatisfaction,
    Channel,
    InvestmentProject,
    JointItem,
    Measure,
    Problem,
    ProblemClass,
    ProblemStatus,
    SatisfactionTally,
    ServiceKind,
    WindowYearSatisfaction,
)

HUNDRED = Decimal("100")


def percent(fraction):
    if fraction is None:
        return None
    return (Decimal(str(fraction)) * HUNDRED).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def speedup_expression(actual, baseline):
    return 1 - Cast(F(actual), FloatField()) / Cast(F(baseline), FloatField())


def month_cells(start, end, *, branch=None, branch_ids=None):
    """The tallies of approved records for the months from ``start`` to ``end``: the committee's,
    or those of one branch (or of ``branch_ids``). See services.models.tallies."""
    if branch is None and branch_ids is None:
        cells = CommitteeTally.objects.all()
    else:
        cells = BranchTally.objects.filter(branch=branch) if branch is not None else BranchTally.objects.filter(branch__in=branch_ids)
    return cells.filter(month__gte=start.replace(day=1), month__lte=end).order_by()


def year_cells(year, *, branch=None):
    return month_cells(datetime.date(year, 1, 1), datetime.date(year, 12, 31), branch=branch)


def service_figures(year, *, branch=None):
    """Door-to-door, by-appointment and extended-hours service of the year, from approved records."""
    door = Q(subkind=ServiceKind.DOOR_TO_DOOR)
    extended = Q(subkind=ServiceKind.EXTENDED_HOURS)
    figures = year_cells(year, branch=branch).filter(kind="service").aggregate(
        total_hours=Sum("hours", default=Decimal("0")),
        extended_hours=Sum("hours", filter=extended, default=Decimal("0")),
        extended_services=Sum("records", filter=extended, default=0),
        door_to_door_visits=Sum("records", filter=door, default=0),
        door_to_door_person_times=Sum("persons_sent", filter=door, default=0),
        appointments=Sum("records", filter=Q(subkind=ServiceKind.APPOINTMENT), default=0),
    )
    visited = EnterpriseYearTally.objects.filter(year=year)
    if branch is not None:
        visited = visited.filter(branch=branch)
    figures["door_to_door_enterprises"] = visited.values("enterprise").distinct().count()
    return figures


def branch_year_rows(year):
    """Every branch's figures of the year, in branch order, for the report's workbook (two queries)."""
    door, extended = Q(kind="service", subkind=ServiceKind.DOOR_TO_DOOR), Q(kind="service", subkind=ServiceKind.EXTENDED_HOURS)
    rows = (
        BranchTally.objects.filter(month__gte=datetime.date(year, 1, 1), month__lte=datetime.date(year, 12, 31))
        .order_by()
        .values("branch")
        .annotate(
            service_hours=Sum("hours", filter=Q(kind="service")),
            extended=Sum("hours", filter=extended),
            visits=Sum("records", filter=door),
            person_times=Sum("persons_sent", filter=door),
            appointments=Sum("records", filter=Q(kind="service", subkind=ServiceKind.APPOINTMENT)),
            masses=Sum("records", filter=Q(kind="deed", subkind="masses")),
            enterprises=Sum("records", filter=Q(kind="deed", subkind="enterprise")),
            activities=Sum("records", filter=Q(kind="activity")),
        )
    )
    sums = {row.pop("branch"): row for row in rows}
    names = ("service_hours", "extended", "visits", "person_times", "appointments", "masses", "enterprises", "activities")
    for pk, name in Branch.objects.order_by("number", "pk").values_list("pk", "name"):
        row = sums.get(pk, {})
        yield [name, *[row.get(key) or 0 for key in names]]


def deed_figures(year, *, branch=None):
    return year_cells(year, branch=branch).filter(kind="deed").aggregate(
        for_masses=Sum("records", filter=Q(subkind="masses"), default=0),
        for_enterprises=Sum("records", filter=Q(subkind="enterprise"), default=0),
    )


def joint_item_figures(year):
    """Joint items in force at the end of the year (they accumulate) and their average speed-up."""
    items = JointItem.objects.filter(launched_on__lte=datetime.date(year, 12, 31))
    figures = items.aggregate(count=Count("pk"), average=Avg(speedup_expression("current_days", "baseline_days")))
    return {"count": figures["count"], "average_speedup": percent(figures["average"])}


def project_figures(year, *, branch=None):
    """Investment projects approved in the year and their average speed-up."""
    projects = InvestmentProject.objects.filter(approved_on__year=year)
    if branch is not None:
        projects = projects.filter(team_leader__branch=branch)
    figures = projects.aggregate(count=Count("pk"), average=Avg(speedup_expression("actual_days", "baseline_days")))
    return {"count": figures["count"], "average_speedup": percent(figures["average"])}


def problem_figures(year, *, branch=None, today=None):
    """The loop: open now, overdue measures, resolved in the year, classes in force by its end."""
    today = today or timezone.localdate()
    problems = Problem.objects.all()
    measures = Measure.objects.all()
    if branch is not None:
        problems = problems.filter(branch=branch)
        measures = measures.filter(problem__branch=branch)
    figures = counts(
        {
            "open": problems.open(),
            "resolved": problems.filter(resolved_on__year=year),
            "verified": problems.filter(verified_on__year=year),
            "overdue_measures": measures.overdue(today),
            "classes": classes_in_force(year, branch=branch),
        }
    )
    return figures


def problems_resolved(year, *, branch=None):
    """The problems resolved in the year (from their index by resolution date): the report's
    figure, without the rest of :func:`problem_figures`' look at every problem."""
    problems = Problem.objects.filter(resolved_on__year=year)
    return problems if branch is None else problems.filter(branch=branch)


def classes_in_force(year, *, branch=None):
    """Problem classes solved for good by the end of the year (they accumulate): a class counts
    for the office, or a branch, once a problem of its own was verified under it by then. A class
    merely written down (in Django admin, say) counts for nobody."""
    verified = Problem.objects.filter(
        problem_class=OuterRef("pk"), status=ProblemStatus.VERIFIED, verified_on__lte=datetime.date(year, 12, 31)
    )
    if branch is not None:
        verified = verified.filter(branch=branch)
    return ProblemClass.objects.filter(Exists(verified))


def satisfaction(year, *, branch=None, window=None, channel=None):
    """The satisfaction rate of a year (and optionally a branch's windows, a window, a channel)."""
    tallies = _sums_of_year(year, branch=branch, window=window, channel=channel)
    sums = tallies.aggregate(
        positive=Sum("positive", default=0), neutral=Sum("neutral", default=0), negative=Sum("negative", default=0)
    )
    return {**sums, "total": sum(sums.values()), "rate": rate_of(sums)}


def satisfaction_by_channel(year, *, branch=None):
    """The channel mix (四端协同): evaluations and rate per channel, in one query."""
    rows = (
        _sums_of_year(year, branch=branch)
        .values("channel")
        .annotate(positive=Sum("positive"), neutral=Sum("neutral"), negative=Sum("negative"))
    )
    by_channel = {row["channel"]: row for row in rows}
    total = sum(row["positive"] + row["neutral"] + row["negative"] for row in rows) or 0
    mix = []
    for channel in Channel:
        row = by_channel.get(channel.value, {"positive": 0, "neutral": 0, "negative": 0})
        count = row["positive"] + row["neutral"] + row["negative"]
        mix.append(
            {
                "channel": channel,
                "evaluations": count,
                "share": percent(count / total) if total else None,
                "rate": rate_of(row),
            }
        )
    return mix


def satisfaction_by_window(year, *, branch=None, channel=None):
    """Each window's evaluations of the year, lowest rate first, so the ones to look at come on
    top: a queryset of rows, to be cut to a page and given to :func:`with_window_names`.

    Grouped by the window alone (joining the names first sorted a province's year of tallies on
    disk), and ordered in SQL by the rate as :func:`rate_of` rounds it (in hundredths of a per
    cent, rounded half up, in integers that every database divides alike): sorting the 4,000
    windows of a province in Python took 25 ms.
    """
    total = F("positive") + F("neutral") + F("negative")
    rounded_rate = ExpressionWrapper(((F("positive") + F("neutral")) * 20000 + total) / (total * 2), output_field=IntegerField())
    return (
        _year_evaluations(year, branch=branch, channel=channel)
        .filter(window__isnull=False)
        .values("window")
        .annotate(positive=Sum("positive"), neutral=Sum("neutral"), negative=Sum("negative"))
        .annotate(rate_key=Case(When(Q(positive=0, neutral=0, negative=0), then=None), default=rounded_rate))
        .order_by(F("rate_key").asc(nulls_last=True), "window")
    )


def with_window_names(rows):
    """The rows of :func:`satisfaction_by_window` shown, with their rate, their number of
    evaluations and their window's code, name and branch."""
    rows = list(rows)
    names = Window.objects.filter(pk__in=[row["window"] for row in rows]).values("pk", "code", "name", "covering_branch__name")
    by_pk = {window["pk"]: window for window in names}
    for row in rows:
        window = by_pk.get(row["window"], {})
        row.update(
            rate=rate_of(row),
            evaluations=row["positive"] + row["neutral"] + row["negative"],
            window__code=window.get("code"),
            window__name=window.get("name"),
            window__covering_branch__name=window.get("covering_branch__name"),
        )
    return rows


def satisfaction_by_month(year, *, branch=None, channel=None):
    """Twelve rows, one per month, in one grouped query; a month without tallies has no rate."""
    if branch is None:
        months = MonthSatisfaction.objects.filter(month__year=year)
    else:
        months = SatisfactionTally.objects.filter(month__year=year, window__covering_branch=branch)
    if channel is not None:
        months = months.filter(channel=channel)
    grouped = (
        months.order_by()
        .values("month")
        .annotate(positive=Sum("positive"), neutral=Sum("neutral"), negative=Sum("negative"))
    )
    rows = {row["month"].month: row for row in grouped}
    months = []
    for number in range(1, 13):
        row = rows.get(number, {"positive": 0, "neutral": 0, "negative": 0})
        counts = {key: row[key] for key in ("positive", "neutral", "negative")}
        months.append({"month": number, **counts, "evaluations": sum(counts.values()), "rate": rate_of(row)})
    return months


def _sums_of_year(year, *, branch=None, window=None, channel=None):
    """Rows whose sums are the year's evaluations: the hall's are the months' tallies (48 rows),
    not the windows' of the year (16,000 in a province, 9 ms to add up)."""
    if branch is not None or window is not None:
        return _year_evaluations(year, branch=branch, window=window, channel=channel)
    months = MonthSatisfaction.objects.filter(month__year=year).order_by()
    return months if channel is None else months.filter(channel=channel)


def _year_evaluations(year, *, branch=None, window=None, channel=None):
    """The evaluations of a year per window and channel (services.models.tallies)."""
    evaluations = WindowYearSatisfaction.objects.filter(year=year)
    if branch is not None:
        evaluations = evaluations.filter(window__covering_branch=branch)
    if window is not None:
        evaluations = evaluations.filter(window=window)
    if channel is not None:
        evaluations = evaluations.filter(channel=channel)
    return evaluations.order_by()


def rate_of(sums):
    total = (sums["positive"] or 0) + (sums["neutral"] or 0) + (sums["negative"] or 0)
    if not total:
        return None
    return percent(Decimal((sums["positive"] or 0) + (sums["neutral"] or 0)) / Decimal(total))


def activity_figures(year, *, branch=None):
    """Themed party days (三服务) of the year: how many of each kind, and whom they reached."""
    cells = year_cells(year, branch=branch).filter(kind="activity")
    totals = cells.aggregate(
        count=Sum("records", default=0),
        people_reached=Sum("people_reached", default=0),
        enterprises_reached=Sum("enterprises_reached", default=0),
    )
    by_kind = dict(cells.values_list("subkind").annotate(n=Sum("records")))
    totals["by_kind"] = [(kind, by_kind.get(kind.value, 0)) for kind in ActivityKind]
    return totals


def period_dates(year, quarter=None):
    """The first and last day of a year, or of one of its quarters (1 to 4)."""
    if not quarter:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    start = datetime.date(year, 3 * quarter - 2, 1)
    end = datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)
    return start, end - datetime.timedelta(days=1)


def hours_by_branch(year, *, quarter=None, branch_ids=None):
    """Approved service hours and deeds per branch (of ``branch_ids``, or all) in the year or quarter."""
    start, end = period_dates(year, quarter)
    cells = BranchTally.objects.filter(month__gte=start, month__lte=end, kind__in=["service", "deed"]).order_by()
    if branch_ids is not None:
        cells = cells.filter(branch__in=branch_ids)
    rows = cells.values("branch").annotate(
        hours=Sum("hours", filter=Q(kind="service")), deeds=Sum("records", filter=Q(kind="deed"))
    )
    hours, deeds = {}, {}
    for row in rows:
        if row["hours"] is not None:
            hours[row["branch"]] = row["hours"]
        if row["deeds"]:
            deeds[row["branch"]] = row["deeds"]
    return hours, deeds


def hours_by_member(year, *, branch=None, limit=10):
    """The members who gave the most approved service hours in the year."""
    years = MemberYearTally.objects.filter(year=year)
    if branch is not None:
        years = years.filter(branch=branch)
    return list(
        years.order_by("-hours", "person__name").values("person", "person__name", "branch", "branch__name", "hours", "services")[:limit]
    )


def waiting_parts(branch_ids=None):
    """The records waiting for review, one queryset per kind (of ``branch_ids``, or all), as
    parts for :func:`branches.queries.counts_by_branch`: counted per branch from the partial
    index of waiting records alone, without the rows."""
    parts = {}
    for model in RECORD_MODELS:
        records = model.objects.waiting_for_review()
        if branch_ids is not None:
            records = records.filter(branch__in=branch_ids)
        parts[model._meta.model_name] = (records, "branch")
    return parts


def total_waiting(counts):
    """Waiting records per branch over every kind, from the counts of :func:`waiting_parts`."""
    waiting = {}
    for model in RECORD_MODELS:
        for branch_id, n in counts[model._meta.model_name].items():
            waiting[branch_id] = waiting.get(branch_id, 0) + n
    return waiting


def waiting_by_branch(branch_ids=None):
    """Records waiting for review per branch (of ``branch_ids``, or all), over every kind, in one query."""
    return total_waiting(counts_by_branch(waiting_parts(branch_ids)))


def quarter_start(day):
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def members_without_activity(since, *, branch=None, branch_ids=None):
    """Party members in post with no approved record of any kind dated on or after ``since``.

    Read from each member's ``last_active_on`` (kept by services.activity_dates), so a page of
    branches costs one index scan of their people whatever the size of the province.
    """
    members = Person.objects.party_members().filter(is_active=True)
    if branch is not None:
        members = members.filter(branch=branch)
    if branch_ids is not None:
        members = members.filter(branch__in=branch_ids)
    return members.filter(Q(last_active_on__isnull=True) | Q(last_active_on__lt=since))


def monthly_trend(year, *, branch=None):
    """Approved records of each kind per month of the year: twelve rows, one query."""
    counts = defaultdict(dict)
    for month, kind, n in year_cells(year, branch=branch).values_list("month", "kind").annotate(n=Sum("records")):
        counts[kind][month.month] = n
    return [
        {"month": month, "counts": [counts[slug].get(month, 0) for slug in KINDS]} for month in range(1, 13)
    ]