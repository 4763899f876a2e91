"""The satisfaction rate: (positive + neutral) / all evaluations, of the hall, a channel, a window
or a branch's windows, per year and per month."""

from decimal import Decimal

from django.db.models import Case, ExpressionWrapper, F, IntegerField, Q, Sum, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from branches.kernel.figures import Figure, percent, register
from branches.organisation.models import Window
from services.satisfaction.models import (
    Channel,
    MonthSatisfaction,
    SatisfactionTally,
    WindowYearSatisfaction,
)


def hall_rate(period, branch=None):
    """The hall's satisfaction rate over the period's months: the office's figure (a window's
    evaluations are the hall's, whichever branch covers the window now)."""
    months = MonthSatisfaction.objects.filter(month__gte=period.first_month, month__lte=period.last_month).order_by()
    sums = months.aggregate(
        positive=Sum("positive", default=0), neutral=Sum("neutral", default=0), negative=Sum("negative", default=0)
    )
    return {"satisfaction_rate": rate_of(sums)}


def _link(period, branch):
    return f"{reverse('services:satisfaction')}?year={period.end.year}"


register(
    Figure("satisfaction_rate", _("Satisfaction rate"), "%", source=hall_rate, office_wide=True, link=_link),
)


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
                **{key: row[key] or 0 for key in ("positive", "neutral", "negative")},
                "evaluations": count,
                "share": percent(count / total) if total else None,
                "rate": rate_of(row),
            }
        )
    return mix


def total_of(mix):
    """The channels of :func:`satisfaction_by_channel` together: what :func:`satisfaction` says of
    the same year and branch, without asking again."""
    sums = {key: sum(row[key] for row in mix) for key in ("positive", "neutral", "negative")}
    return {**sums, "total": sum(sums.values()), "rate": rate_of(sums)}


def satisfaction_by_window(year, *, branch=None, channel=None):
    """Each window's evaluations of the year, lowest rate first, so the ones to look at come on
    top: a queryset of rows, to be cut to a page and given to :func:`with_window_names`.

    Grouped by the window alone (joining the names first sorted a province's year of tallies on
    disk), and ordered in SQL by the rate as :func:`rate_of` rounds it (in hundredths of a per
    cent, rounded half up, in integers that every database divides alike), so that the 4,000
    windows of a province are not sorted in Python (docs/PERFORMANCE.md).
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
    not the windows' of the year (16,000 in a province, each to be added up; docs/PERFORMANCE.md)."""
    if branch is not None or window is not None:
        return _year_evaluations(year, branch=branch, window=window, channel=channel)
    months = MonthSatisfaction.objects.filter(month__year=year).order_by()
    return months if channel is None else months.filter(channel=channel)


def _year_evaluations(year, *, branch=None, window=None, channel=None):
    """The evaluations of a year per window and channel (services.satisfaction.models)."""
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
