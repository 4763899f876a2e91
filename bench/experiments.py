#!/usr/bin/env python
"""The experiments behind bench/DIAGNOSIS.md: the app's slow queries as they are, the proposed
rewrites, and both again after the proposed indexes, timed on a throw-away copy of the province
database. Nothing here changes the app or the page benchmark's database.

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE torchbearer_bench_experiment TEMPLATE torchbearer_bench_province"
    .venv/bin/python bench/experiments.py            # before, then CREATE INDEX …, VACUUM ANALYZE, after
    .venv/bin/python bench/experiments.py --after-only
    psql -h 127.0.0.1 -U postgres -c "DROP DATABASE torchbearer_bench_experiment"
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = os.environ.get(
    "EXPERIMENT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/torchbearer_bench_experiment"
)
assert os.environ["DATABASE_URL"].rsplit("/", 1)[1].startswith("torchbearer_bench_experiment")
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import (  # noqa: E402
    CharField,
    Count,
    Exists,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce  # noqa: E402
from django.utils import timezone  # noqa: E402

from branches.kernel.scope import scope_for  # noqa: E402
from branches.mentoring import selectors as passing_on
from branches.mentoring.models import Mentorship, MentorshipSession
from branches.organisation import selectors
from branches.organisation.models import Branch, ResponsibilityZone, Window
from branches.people.models import Person
from services.problems.models import Measure, Problem
from services.records import figures as records_figures
from services.records import selectors as service_selectors
from services.records.kinds import KINDS
from services.records.models import (
    Patrol,
    PracticalDeed,
    ServiceActivity,
    ServiceRecord,
)
from services.satisfaction import figures as satisfaction_figures
from services.satisfaction.models import SatisfactionTally

YEAR = timezone.localdate().year
User = get_user_model()
admin = User.objects.get(username="bench_admin")
leader = User.objects.get(username="bench_leader")
branch = Person.objects.get(user__username="bench_secretary").branch
all_ids = list(Branch.objects.values_list("pk", flat=True))
TABLES = ("servicerecord", "practicaldeed", "serviceactivity", "patrol")

# The proposed indexes, as PostgreSQL has them; bench/DIAGNOSIS.md gives them as Django Meta.indexes.
# Django's aggregates count "id", so a covering index includes it.
INDEXES = [
    *[f"CREATE INDEX IF NOT EXISTS {t}_waiting_br ON services_{t} (branch_id) INCLUDE (id, person_id) WHERE status = 'submitted'" for t in TABLES],
    *[f"CREATE INDEX IF NOT EXISTS {t}_waiting_new ON services_{t} (date DESC, submitted_at DESC) WHERE status = 'submitted'" for t in TABLES],
    "CREATE INDEX IF NOT EXISTS servicerecord_ok_dt_cover ON services_servicerecord (date) INCLUDE (id, branch_id, person_id, kind, hours, persons_sent, enterprise_id) WHERE status = 'approved'",
    "CREATE INDEX IF NOT EXISTS practicaldeed_ok_dt_cover ON services_practicaldeed (date) INCLUDE (id, branch_id, person_id, beneficiary) WHERE status = 'approved'",
    "CREATE INDEX IF NOT EXISTS serviceactivity_ok_dt_cover ON services_serviceactivity (date) INCLUDE (id, branch_id, person_id, kind, people_reached, enterprises_reached) WHERE status = 'approved'",
    "CREATE INDEX IF NOT EXISTS patrol_ok_dt_cover ON services_patrol (date) INCLUDE (id, branch_id, person_id) WHERE status = 'approved'",
    "CREATE INDEX IF NOT EXISTS tally_month_cover ON services_satisfactiontally (month) INCLUDE (id, window_id, channel, positive, neutral, negative)",
    "CREATE INDEX IF NOT EXISTS problem_newest ON services_problem (found_on DESC, id DESC)",
    "CREATE INDEX IF NOT EXISTS zone_windows_window ON branches_responsibilityzone_windows (window_id, responsibilityzone_id)",
]
DROP = [statement.split(" ON ")[0].replace("CREATE INDEX IF NOT EXISTS", "DROP INDEX IF EXISTS") for statement in INDEXES]


def timed(label, fn, n=7):
    fn()
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    print(f"{statistics.median(samples):8.1f} ms  {label}", flush=True)


def sql(statement):
    with connection.cursor() as cursor:
        cursor.execute(statement)


# -- the proposed rewrites --------------------------------------------------------------------------


def waiting_for_review_rewrite(user):
    """services.selectors.waiting_for_review_count without the join to person: the scope knows the person."""
    scope = scope_for(user)
    parts = [
        kind.model.objects.manageable_by(user).waiting_for_review().exclude(person=scope.person_id)
        for kind in KINDS.values()
    ]
    return service_selectors.counts_by_status(parts)


def quiet_rewrite(since, *, branch=None):
    """services.figures.members_without_activity with NOT EXISTS: one index probe per member."""

    def active(model):
        return model.objects.approved().filter(person=OuterRef("pk"), date__gte=since)

    members = Person.objects.party_members().filter(is_active=True)
    if branch is not None:
        members = members.filter(branch=branch)
    took_part = ServiceActivity.participants.through.objects.filter(
        person=OuterRef("pk"), serviceactivity__status="approved", serviceactivity__date__gte=since
    )
    return members.filter(
        ~Exists(active(ServiceRecord)), ~Exists(active(PracticalDeed)), ~Exists(active(ServiceActivity)),
        ~Exists(took_part), ~Exists(active(Patrol)),
    )


def coverage_rewrite(*, branch=None):
    """branches.selectors.coverage_summary with a correlated EXISTS instead of IN (all zoned windows)."""
    on = timezone.localdate()
    zoned = ResponsibilityZone.windows.through.objects.filter(
        window=OuterRef("pk"), responsibilityzone__starts_on__lte=on, responsibilityzone__member__is_active=True,
    ).filter(Q(responsibilityzone__ends_on__isnull=True) | Q(responsibilityzone__ends_on__gte=on))
    windows = selectors.windows_in_service(branch=branch).annotate(held=Exists(zoned))
    return windows.aggregate(
        total=Count("pk"),
        covered=Count("pk", filter=Q(held=True, covering_branch__isnull=False)),
        without_branch=Count("pk", filter=Q(covering_branch__isnull=True)),
        without_zone=Count("pk", filter=Q(held=False)),
    )


def by_window_rewrite(year, limit=8):
    """services.figures.satisfaction_by_window grouped by window_id alone; names for the rows shown."""
    rows = list(
        SatisfactionTally.objects.filter(month__year=year, window__isnull=False).order_by()
        .values("window").annotate(positive=Sum("positive"), neutral=Sum("neutral"), negative=Sum("negative"))
    )
    for row in rows:
        row["rate"] = satisfaction_figures.rate_of(row)
    rows.sort(key=lambda row: (row["rate"] is None, row["rate"]))
    shown = rows[:limit]
    return shown, Window.objects.select_related("covering_branch").in_bulk([row["window"] for row in shown])


def hours_by_member_rewrite(year, limit=10):
    """services.figures.hours_by_member grouped by person_id alone; names for the ten shown."""
    top = list(
        ServiceRecord.objects.approved().in_year(year).order_by().values("person")
        .annotate(hours=Sum("hours"), services=Count("pk")).order_by("-hours", "person")[:limit]
    )
    return top, Person.objects.select_related("branch").in_bulk([row["person"] for row in top])


def problem_page_current():
    today = timezone.localdate()
    problems = (
        Problem.objects.select_related("branch", "window", "reported_by", "resolved_by", "problem_class")
        .annotate(
            measure_count=Count("measures"),
            overdue_count=Count("measures", filter=Q(measures__done_on__isnull=True, measures__deadline__lt=today)),
        )
        .order_by("-found_on", "-pk")
    )
    return list(problems[:25])


def problem_page_rewrite():
    """services.views.problems._filtered with the counts as correlated subqueries (the page's 25 only)."""
    today = timezone.localdate()
    measures = Measure.objects.filter(problem=OuterRef("pk")).order_by().values("problem")

    def counted(queryset):
        return Coalesce(Subquery(queryset.annotate(n=Count("pk")).values("n")), 0, output_field=IntegerField())

    problems = (
        Problem.objects.select_related("branch", "window", "reported_by", "resolved_by", "problem_class")
        .annotate(
            measure_count=counted(measures),
            overdue_count=counted(measures.filter(done_on__isnull=True, deadline__lt=today)),
        )
        .order_by("-found_on", "-pk")
    )
    return list(problems[:25])


def mentorship_page_current():
    return list(passing_on.mentorships_for_list(Mentorship.objects.all()).order_by("status", "-starts_on", "pk")[:30])


def mentorship_page_rewrite():
    """branches.passing_on.mentorships_for_list with correlated subqueries."""
    sessions = MentorshipSession.objects.filter(mentorship=OuterRef("pk")).order_by().values("mentorship")
    pairs = Mentorship.objects.select_related("mentor", "mentee", "mentee__branch").annotate(
        session_count=Coalesce(Subquery(sessions.annotate(n=Count("pk")).values("n")), 0, output_field=IntegerField()),
        last_session=Subquery(sessions.annotate(last=Max("date")).values("last")),
    )
    return list(pairs.order_by("status", "-starts_on", "pk")[:30])


def queue_current():
    querysets = {slug: kind.model.objects.waiting_for_review() for slug, kind in KINDS.items()}
    return service_selectors.record_timeline(querysets, page_number=1)


def queue_rewrite(page=1, size=25):
    """services.selectors.record_timeline with each kind ordered and cut to page × size before the union."""
    parts = [
        kind.model.objects.waiting_for_review().order_by("-date", "-submitted_at")
        .annotate(kind_slug=Value(kind.slug, output_field=CharField()))
        .values_list("kind_slug", "pk", "date", "submitted_at")[: page * size]
        for kind in KINDS.values()
    ]
    union = parts[0].union(*parts[1:], all=True).order_by("-date", "-submitted_at")
    return list(union[(page - 1) * size: page * size])


def patrols_current():
    records = Patrol.objects.visible_to(leader).order_by("-date", "-pk")
    return list(records[:25]), records.count()


def patrols_rewrite():
    """RecordQuerySet.visible_q with the led groups' members as a list of IDs (no join, no OR across it)."""
    scope = scope_for(leader)
    members = list(Person.objects.filter(group__in=scope.led_group_ids).values_list("pk", flat=True))
    records = Patrol.objects.filter(person__in=members + [scope.person_id]).order_by("-date", "-pk")
    return list(records[:25]), records.count()


def run(stage):
    print(f"\n== {stage}: A. waiting for review per branch")
    timed(f"{stage} waiting_by_branch(all 1000 ids) [committee dashboard]", lambda: records_figures.waiting_by_branch(all_ids))
    timed(f"{stage} waiting_by_branch(None)", lambda: records_figures.waiting_by_branch(None))
    timed(f"{stage} waiting_by_branch([branch 1]) [branch dashboard]", lambda: records_figures.waiting_by_branch([branch.pk]))
    timed(f"{stage} waiting_for_review_count(admin) [to-do]", lambda: service_selectors.waiting_for_review_count(admin))
    timed(f"{stage} rewrite: exclude(person=scope.person_id)", lambda: waiting_for_review_rewrite(admin))
    timed(f"{stage} rewrite: count(*) per kind, exclude(person=scope.person_id)",
          lambda: sum(kind.model.objects.waiting_for_review().exclude(person=scope_for(admin).person_id).count() for kind in KINDS.values()))
    print(f"\n== {stage}: B. year aggregates of approved records")
    timed(f"{stage} service_figures(year)", lambda: records_figures.service_figures(YEAR))
    timed(f"{stage} deed_figures(year)", lambda: records_figures.deed_figures(YEAR))
    timed(f"{stage} hours_by_branch(year, all ids)", lambda: records_figures.hours_by_branch(YEAR, branch_ids=all_ids))
    timed(f"{stage} hours_by_branch(year, None)", lambda: records_figures.hours_by_branch(YEAR))
    timed(f"{stage} monthly_trend(year)", lambda: records_figures.monthly_trend(YEAR))
    timed(f"{stage} hours_by_member(year)", lambda: records_figures.hours_by_member(YEAR))
    timed(f"{stage} rewrite: hours_by_member grouped by person only", lambda: hours_by_member_rewrite(YEAR))
    print(f"\n== {stage}: C. members without activity this quarter")
    since = records_figures.quarter_start(timezone.localdate())
    timed(f"{stage} members_without_activity(branch 1)", lambda: list(records_figures.members_without_activity(since, branch=branch)))
    timed(f"{stage} rewrite NOT EXISTS (branch 1)", lambda: list(quiet_rewrite(since, branch=branch)))
    timed(f"{stage} members_without_activity() counted per branch",
          lambda: list(records_figures.members_without_activity(since).order_by().values_list("branch").annotate(n=Count("pk"))))
    timed(f"{stage} rewrite NOT EXISTS counted per branch",
          lambda: list(quiet_rewrite(since).order_by().values_list("branch").annotate(n=Count("pk"))))
    print(f"\n== {stage}: D. window coverage")
    timed(f"{stage} coverage_summary(branch 1)", lambda: selectors.coverage_summary(branch=branch))
    timed(f"{stage} rewrite EXISTS (branch 1)", lambda: coverage_rewrite(branch=branch))
    timed(f"{stage} coverage_summary()", lambda: selectors.coverage_summary())
    timed(f"{stage} rewrite EXISTS ()", lambda: coverage_rewrite())
    print(f"\n== {stage}: E. satisfaction")
    timed(f"{stage} satisfaction_by_window(year, limit=8)", lambda: satisfaction_figures.satisfaction_by_window(YEAR, limit=8))
    timed(f"{stage} rewrite: grouped by window only, names for the 8 shown", lambda: by_window_rewrite(YEAR))
    timed(f"{stage} satisfaction(year)", lambda: satisfaction_figures.satisfaction(YEAR))
    timed(f"{stage} SatisfactionTally.dates('month', 'year') [the filter's years]",
          lambda: list(SatisfactionTally.objects.dates("month", "year")))
    timed(f"{stage} rewrite: aggregate(Min, Max)", lambda: SatisfactionTally.objects.aggregate(Min("month"), Max("month")))
    print(f"\n== {stage}: F. lists")
    timed(f"{stage} problem list page (annotate Count over all problems)", problem_page_current)
    timed(f"{stage} rewrite: correlated subqueries", problem_page_rewrite)
    timed(f"{stage} mentorship list page", mentorship_page_current)
    timed(f"{stage} rewrite: correlated subqueries", mentorship_page_rewrite)
    timed(f"{stage} review queue, all branches (record_timeline)", queue_current)
    timed(f"{stage} rewrite: each kind sliced before the union", queue_rewrite)
    timed(f"{stage} patrol list of a group leader (visible_to)", patrols_current)
    timed(f"{stage} rewrite: person__in=[group members, self]", patrols_rewrite)
    timed(f"{stage} record list totals: service records, all", lambda: KINDS["service"].totals_of(ServiceRecord.objects.all()))
    timed(f"{stage} count(*) of all service records", lambda: ServiceRecord.objects.count())


if __name__ == "__main__":
    print(f"load average {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    if "--after-only" not in sys.argv:
        for statement in DROP:
            sql(statement)
        run("before")
    started = time.perf_counter()
    for statement in INDEXES:
        sql(statement)
    sql("VACUUM ANALYZE")
    print(f"\nindexes built and VACUUM ANALYZE in {time.perf_counter() - started:.0f} s")
    run("after")
