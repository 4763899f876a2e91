#!/usr/bin/env python
"""Page benchmark: every page a user reaches, at each scale, on PostgreSQL.

    .venv/bin/python bench/pages.py --scale office city province --repeat 30

For each scale the script uses its own database ``torchbearer_bench_<scale>`` (created and migrated
if missing; the dataset is generated once with ``bench/datasets.py`` and reused unless
``--regenerate``), then times every page of :data:`PAGES` in-process with Django's test client,
logged in as the page's role, under the production settings (``bench/settings.py``: DEBUG off).
It reports the median and p95 of the server time over the repeated requests, the SQL queries of a
request and their time, the floor (the base layout, empty) and Django admin's changelists of the
same records, each page's ratio to both and the targets it misses. The table is printed and
written to ``bench/results/results-<scale>.md``; with several scales ``bench/results/results-summary.md`` sets the
query counts and p95 of the scales side by side.

Each scale runs in its own process (the database is a setting).
"""

import argparse
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
SERVER = os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432")
FORBIDDEN_DATABASES = {"torchbearer", "test_torchbearer", "postgres"}

# Roles, as ROLE_LOGINS of bench/datasets.py names them.
ADMIN, COMMITTEE, SECRETARY, BRANCH_COMMITTEE, LEADER, STAFF = (
    "admin", "committee", "secretary", "branch_committee", "leader", "staff",
)

# What each kind of page must meet at province scale (p95, ms). Every page: within 10x the floor;
# a page with an admin counterpart: no slower than it.
TARGETS = {"dashboard": 150, "pillar": 150, "list": 60, "report": 1000, "download": 3000}
FLOOR_FACTOR = 10
FLOOR_URL = "/bench/floor/"  # bench/urls.py: the base layout, empty


@dataclass(frozen=True)
class Page:
    name: str
    role: str
    url: object  # a URL name, or (URL name, *args); args and query may hold {placeholders}
    query: str = ""
    kind: str = "page"  # dashboard, pillar, list, report, download, page; admin and floor are references
    admin: str = ""  # the key of the admin changelist of the same records, in ADMIN


def P(name, role, url, query="", *, kind="page", admin=""):
    return Page(name, role, url, query, kind, admin)


# The pages a user reaches. One entry per (page, role); add a page here and it is measured.
# A URL name that does not exist (yet) is reported as "not built".
PAGES = [
    P("Dashboard", ADMIN, "dashboard", kind="dashboard"),
    P("Dashboard", COMMITTEE, "dashboard", kind="dashboard"),
    P("Dashboard", SECRETARY, "dashboard", kind="dashboard"),
    P("Dashboard", BRANCH_COMMITTEE, "dashboard", kind="dashboard"),
    P("Dashboard", LEADER, "dashboard", kind="dashboard"),
    P("Dashboard", STAFF, "dashboard", kind="dashboard"),
    P("Dashboard, one quarter", ADMIN, "dashboard", "year={year}&quarter=1", kind="dashboard"),
    P("Pillar 领跑 Lead", ADMIN, "pillar-lead", kind="pillar"),
    P("Pillar 领跑 Lead, one branch", SECRETARY, "pillar-lead", "branch={branch}", kind="pillar"),
    P("Pillar 传承 Pass on", ADMIN, "pillar-pass-on", kind="pillar"),
    P("Pillar 传承 Pass on, one branch", SECRETARY, "pillar-pass-on", "branch={branch}", kind="pillar"),
    P("Pillar 奉献 Dedicate", ADMIN, "pillar-dedicate", kind="pillar"),
    P("Pillar 奉献 Dedicate, one branch", SECRETARY, "pillar-dedicate", "branch={branch}", kind="pillar"),
    P("Pillar 服务 Serve", ADMIN, "pillar-serve", kind="pillar"),
    P("Pillar 服务 Serve, one branch", SECRETARY, "pillar-serve", "branch={branch}", kind="pillar"),
    P("Pillar 服务 Serve", STAFF, "pillar-serve", kind="pillar"),
    P("Review queue", SECRETARY, "services:review-queue", kind="list", admin="service-waiting-branch"),
    P("Review queue", ADMIN, "services:review-queue", kind="list", admin="service-waiting"),
    P("Service records", ADMIN, ("services:record-list", "service"), kind="list", admin="service"),
    P("Service records", SECRETARY, ("services:record-list", "service"), kind="list", admin="service-branch"),
    P("Service records, approved this year", ADMIN, ("services:record-list", "service"),
      "status=approved&date_from={year}-01-01&date_to={year}-12-31", kind="list", admin="service-year"),
    P("Practical deeds", ADMIN, ("services:record-list", "deed"), kind="list", admin="deed"),
    P("Practical deeds", SECRETARY, ("services:record-list", "deed"), kind="list", admin="deed-branch"),
    P("Themed party days", ADMIN, ("services:record-list", "activity"), kind="list", admin="activity"),
    P("Themed party days", SECRETARY, ("services:record-list", "activity"), kind="list", admin="activity-branch"),
    P("Daily patrols", ADMIN, ("services:record-list", "patrol"), kind="list", admin="patrol"),
    P("Daily patrols", SECRETARY, ("services:record-list", "patrol"), kind="list", admin="patrol-branch"),
    P("Daily patrols", LEADER, ("services:record-list", "patrol"), kind="list", admin="patrol-branch"),
    P("My records", STAFF, "services:my-records", kind="list", admin="service-person"),
    P("Record page", STAFF, ("services:record-detail", "service", "{staff_record}")),
    P("Log an activity", STAFF, "services:log-choose"),
    P("Log a service record (form)", STAFF, ("services:record-log", "service")),
    P("Log a themed party day (form)", STAFF, ("services:record-log", "activity")),
    P("Log a patrol (form)", STAFF, ("services:record-log", "patrol")),
    P("Notifications", STAFF, "services:notification-list", kind="list", admin="notification-person"),
    P("People directory", ADMIN, "branches:person-list", kind="list", admin="person"),
    P("People directory", SECRETARY, "branches:person-list", kind="list", admin="person-branch"),
    P("People directory", STAFF, "branches:person-list", kind="list", admin="person-branch"),
    P("People directory, search", ADMIN, "branches:person-list", "q=王", kind="list", admin="person-search"),
    P("Person page", SECRETARY, ("branches:person-detail", "{staff_person}")),
    P("My page", STAFF, "branches:my-page"),
    P("Party branches", ADMIN, "branches:branch-list", kind="list", admin="branch"),
    P("Branch brands", STAFF, "branches:brand-list", kind="list", admin="brand"),
    P("Branch brand page", STAFF, ("branches:brand-detail", "{brand}")),
    P("Pledge board", STAFF, "branches:pledge-board", kind="list", admin="pledge-year"),
    P("Pledge board", ADMIN, "branches:pledge-board", kind="list", admin="pledge-year"),
    P("My pledge", STAFF, "branches:my-pledge"),
    P("Development pipeline", ADMIN, "branches:development-pipeline", kind="list", admin="step"),
    P("Development pipeline", SECRETARY, "branches:development-pipeline", kind="list", admin="step-branch"),
    P("Honours", STAFF, "branches:honour-list", kind="list", admin="honour"),
    P("Branch page", SECRETARY, ("branches:branch-detail", "{branch}")),
    P("Window coverage", ADMIN, "branches:window-coverage", kind="list", admin="window"),
    P("Lecture calendar", STAFF, "branches:lecture-list", kind="list", admin="lecture-year"),
    P("Lecture calendar, one month", ADMIN, "branches:lecture-list", "year={year}&month={lecture_month}", kind="list", admin="lecture-year"),
    P("Lecture page", STAFF, ("branches:lecture-detail", "{lecture}")),
    P("Mentor pairings", ADMIN, "branches:mentorship-list", kind="list", admin="mentorship"),
    P("Mentor pairings", SECRETARY, "branches:mentorship-list", kind="list", admin="mentorship-branch"),
    P("Mentor pairing", SECRETARY, ("branches:mentorship-detail", "{mentorship}")),
    P("Studios", STAFF, "services:studio-list", kind="list", admin="studio"),
    P("Studio page", STAFF, ("services:studio-detail", "{studio}")),
    P("Rating rounds", ADMIN, "branches:rating-round-list", kind="list", admin="ratinground"),
    P("Rating round, published", STAFF, ("branches:rating-round-detail", "{round_published}")),
    P("Rating round, published", ADMIN, ("branches:rating-round-detail", "{round_published}")),
    P("Rating round, scoring", SECRETARY, ("branches:rating-round-detail", "{round_scoring}")),
    P("Rating: score the nominees", COMMITTEE, ("branches:rating-score", "{round_scoring}")),
    P("Rating: nominate", SECRETARY, ("branches:rating-nominate", "{round_scoring}")),
    P("Rating: decide", ADMIN, ("branches:rating-decide", "{round_published}")),
    P("Demonstration-post wall", STAFF, "branches:rating-wall", kind="list", admin="nomination-selected"),
    P("Problem loop", ADMIN, "services:problem-list", kind="list", admin="problem"),
    P("Problem loop", SECRETARY, "services:problem-list", kind="list", admin="problem"),
    P("Problem page", SECRETARY, ("services:problem-detail", "{problem}")),
    P("Investment projects", STAFF, "services:project-list", kind="list", admin="project"),
    P("Joint-handling items", STAFF, "services:joint-item-list", kind="list", admin="jointitem"),
    P("Satisfaction", ADMIN, "services:satisfaction", kind="list", admin="tally-year"),
    P("Annual report", ADMIN, "annual-report", kind="report"),
    P("Annual report, own branch", SECRETARY, "annual-report", kind="report"),
    P("Annual report .docx", ADMIN, ("annual-report-file", "docx"), kind="download"),
    P("Annual report .xlsx", ADMIN, ("annual-report-file", "xlsx"), kind="download"),
    P("Annual report .docx, own branch", SECRETARY, ("annual-report-file", "docx"), kind="download"),
    P("Annual report .xlsx, own branch", SECRETARY, ("annual-report-file", "xlsx"), kind="download"),
    P("Annual report, five years", ADMIN, "annual-report", "from={five_years_ago}&to={year}", kind="report"),
    P("Annual report, five years, own branch", SECRETARY, "annual-report", "from={five_years_ago}&to={year}", kind="report"),
    P("Annual report .docx, five years", ADMIN, ("annual-report-file", "docx"), "from={five_years_ago}&to={year}", kind="download"),
    P("Annual report .xlsx, five years", ADMIN, ("annual-report-file", "xlsx"), "from={five_years_ago}&to={year}", kind="download"),
    P("Party brand", STAFF, "branches:party-brand"),
    P("Hall displays", ADMIN, "branches:display-list"),
    P("Hall display (the screen's page)", STAFF, ("hall-display", "{display_token}")),
]

# Django admin's changelists of the same records, as the committee administrator (a superuser).
ADMIN_PAGES = {
    "service": ("Admin: service records", "/admin/services/servicerecord/"),
    "service-branch": ("Admin: service records, one branch", "/admin/services/servicerecord/?branch__id__exact={branch}"),
    "service-waiting": ("Admin: service records waiting", "/admin/services/servicerecord/?status__exact=submitted"),
    "service-waiting-branch": ("Admin: service records waiting, one branch",
                               "/admin/services/servicerecord/?status__exact=submitted&branch__id__exact={branch}"),
    "service-year": ("Admin: service records approved this year",
                     "/admin/services/servicerecord/?status__exact=approved&date__year={year}"),
    "service-person": ("Admin: service records of one person", "/admin/services/servicerecord/?person__id__exact={staff_person}"),
    "deed": ("Admin: practical deeds", "/admin/services/practicaldeed/"),
    "deed-branch": ("Admin: practical deeds, one branch", "/admin/services/practicaldeed/?branch__id__exact={branch}"),
    "activity": ("Admin: themed party days", "/admin/services/serviceactivity/"),
    "activity-branch": ("Admin: themed party days, one branch", "/admin/services/serviceactivity/?branch__id__exact={branch}"),
    "patrol": ("Admin: daily patrols", "/admin/services/patrol/"),
    "patrol-branch": ("Admin: daily patrols, one branch", "/admin/services/patrol/?branch__id__exact={branch}"),
    "notification-person": ("Admin: notifications of one user", "/admin/services/notification/?recipient__id__exact={staff_user}"),
    "person": ("Admin: people", "/admin/branches/person/"),
    "person-branch": ("Admin: people, one branch", "/admin/branches/person/?branch__id__exact={branch}"),
    "person-search": ("Admin: people, search", "/admin/branches/person/?q=王"),
    "branch": ("Admin: branches", "/admin/branches/branch/"),
    "brand": ("Admin: branch brands", "/admin/branches/branchbrand/"),
    "pledge-year": ("Admin: pledges of the year", "/admin/branches/servicepledge/?year={year}"),
    "step": ("Admin: development steps", "/admin/branches/developmentstep/"),
    "step-branch": ("Admin: development steps, one branch", "/admin/branches/developmentstep/?person__branch__id__exact={branch}"),
    "honour": ("Admin: honours", "/admin/branches/honour/"),
    "window": ("Admin: windows", "/admin/branches/window/"),
    "lecture-year": ("Admin: lectures of the year", "/admin/branches/lecture/?date__year={year}"),
    "mentorship": ("Admin: mentor pairings", "/admin/branches/mentorship/"),
    "mentorship-branch": ("Admin: mentor pairings, one branch", "/admin/branches/mentorship/?mentee__branch__id__exact={branch}"),
    "studio": ("Admin: studios", "/admin/services/studio/"),
    "ratinground": ("Admin: rating rounds", "/admin/branches/ratinground/"),
    "nomination-selected": ("Admin: selected nominations", "/admin/branches/nomination/?selected__exact=1"),
    "problem": ("Admin: problems", "/admin/services/problem/"),
    "project": ("Admin: investment projects", "/admin/services/investmentproject/"),
    "jointitem": ("Admin: joint-handling items", "/admin/services/jointitem/"),
    "tally-year": ("Admin: satisfaction tallies of the year", "/admin/services/satisfactiontally/?month__year={year}"),
}


@dataclass
class Result:
    name: str
    role: str
    kind: str
    url: str = ""
    admin: str = ""
    status: str = "ok"  # ok, not built, no data, HTTP <code>, error: ...
    samples: list = field(default_factory=list)  # ms
    queries: int = 0
    query_counts: list = field(default_factory=list)
    sql_ms: float = 0.0
    size: int = 0
    busy: float = 0.0  # the machine's CPU use by others just before the page was timed, %
    floor_samples: list = field(default_factory=list)  # ms of the floor, requested right after each sample

    @property
    def median(self):
        return statistics.median(self.samples) if self.samples else None

    def times_floor(self, floor):
        """The page's median over the floor's: the floor requested between its own requests when
        there is one (the machine at the same speed for both), else the run's ``floor``."""
        if self.median is None:
            return None
        if self.floor_samples:
            return self.median / statistics.median(self.floor_samples)
        return self.median / floor.median if floor is not None and floor.median else None

    @property
    def p95(self):
        return percentile(self.samples, 95) if self.samples else None


def percentile(values, q):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


# -- the parent: one process per scale, then the summary --------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", nargs="+", default=["office"], choices=["tiny", "office", "city", "province"])
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per page (default 30)")
    parser.add_argument("--budget", type=float, default=60, help="seconds of timed requests at most per page (default 60)")
    parser.add_argument("--regenerate", action="store_true", help="drop the scale's database and generate it again")
    parser.add_argument("--only", default="", help="measure only the pages whose name contains this text")
    parser.add_argument("--output", default=str(BENCH / "results"), help="where the results go (default: bench/results/)")
    parser.add_argument("--quiet-busy", type=float, default=30,
                        help="wait before a page while others use more than this %% of the CPU (default 30; 100: never wait)")
    parser.add_argument("--quiet-wait", type=float, default=60, help="seconds to wait at most per page (default 60)")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        return run_scale(args.one, args)
    for scale in args.scale:
        command = [sys.executable, __file__, "--one", scale, "--repeat", str(args.repeat), "--budget", str(args.budget),
                   "--output", args.output, "--quiet-busy", str(args.quiet_busy), "--quiet-wait", str(args.quiet_wait)]
        if args.regenerate:
            command.append("--regenerate")
        if args.only:
            command += ["--only", args.only]
        status = subprocess.call(command, cwd=ROOT)
        if status:
            sys.exit(status)
    if len(args.scale) > 1 and not args.only:
        write_summary(args.scale, Path(args.output))


# -- one scale ------------------------------------------------------------------------------------


def database_url(scale):
    name = f"torchbearer_bench_{scale}"
    assert name not in FORBIDDEN_DATABASES
    return f"{SERVER}/{name}", name


def prepare_database(scale, regenerate):
    """Create (or with ``regenerate`` drop and create) the scale's database; returns its URL."""
    import psycopg2

    url, name = database_url(scale)
    connection = psycopg2.connect(f"{SERVER}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
        if exists and regenerate:
            cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = False
        if not exists:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return url


def run_scale(scale, args):
    os.environ["DATABASE_URL"] = prepare_database(scale, args.regenerate)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from bench.datasets import generate_into_empty
    from branches.people.models import Person

    header = {"scale": scale, "started": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "loadavg_before": loadavg()}
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest the pages' {% static %} reads
    if not Person.objects.exists():
        print(f"[{scale}] generating the dataset …", flush=True)
        started = time.monotonic()
        generate_into_empty(scale)
        header["generated_in_s"] = round(time.monotonic() - started, 1)
    header.update(describe_database())
    print(f"[{scale}] load average {header['loadavg_before']}; measuring {scale} …", flush=True)
    results = measure(args)
    header["loadavg_after"] = loadavg()
    header["finished"] = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    table = render(scale, header, results)
    print(table)
    output = Path(args.output)
    output.mkdir(parents=True, exist_ok=True)
    (output / f"results-{scale}.md").write_text(table)
    (output / f"results-{scale}.json").write_text(
        json.dumps({"header": header, "results": [asdict(r) | {"median": r.median, "p95": r.p95} for r in results]},
                   ensure_ascii=False, indent=1)
    )


def loadavg():
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def describe_database():
    from django.db import connection

    from branches.lectures.models import Lecture
    from branches.organisation.models import Branch
    from branches.people.models import Person
    from services.records.models import RECORD_MODELS

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    return {
        "postgresql": version,
        "python": platform.python_version(),
        "branches": Branch.objects.count(),
        "people": Person.objects.count(),
        "records": sum(model.objects.count() for model in RECORD_MODELS),
        "lectures": Lecture.objects.count(),
        "commit": os.environ.get("BENCH_COMMIT") or git_commit(),
    }


def git_commit():
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        return commit + (" (uncommitted changes in the tree)" if dirty else "")
    except OSError:
        return "?"


def fixtures():
    """The users of each role and the objects the pages' URLs name, in the first branch."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from bench.datasets import ROLE_LOGINS
    from branches.lectures.models import Lecture
    from branches.mentoring.models import Mentorship
    from branches.people.models import Person
    from branches.pledges.models import BranchBrand
    from branches.ratings.models import RatingRound, RoundStatus
    from services.problems.models import Problem
    from services.records.models import ServiceRecord
    from services.studios.models import Studio

    User = get_user_model()
    users = {role: User.objects.get(username=username) for role, username in ROLE_LOGINS.items()}
    secretary = Person.objects.get(user=users[SECRETARY])
    staff = Person.objects.get(user=users[STAFF])
    today = timezone.localdate()
    branch = secretary.branch_id

    def first(queryset):
        return queryset.values_list("pk", flat=True).first()

    values = {
        "year": today.year,
        "branch": branch,
        "staff_person": staff.pk,
        "staff_user": users[STAFF].pk,
        # objects in the same state at every scale, so that their pages run the same queries
        "staff_record": first(ServiceRecord.objects.filter(person=staff, status="approved").order_by("-date", "-pk")),
        "lecture": first(
            Lecture.objects.filter(branch=branch, date__lt=today, attendances__person=staff, speakers__isnull=False)
            .exclude(speakers=staff).distinct().order_by("-date")
        ),
        "mentorship": first(Mentorship.objects.filter(mentee__branch=branch).order_by("status", "-starts_on")),
        "lecture_month": (Lecture.objects.filter(date__year=today.year, date__lt=today).order_by("-date")
                          .values_list("date__month", flat=True).first()),
        "studio": first(Studio.objects.order_by("name")),
        "brand": first(BranchBrand.objects.filter(branch=branch)),
        "round_published": first(RatingRound.objects.filter(status=RoundStatus.PUBLISHED).order_by("-starts_on")),
        "round_scoring": first(RatingRound.objects.filter(status=RoundStatus.SCORING).order_by("-starts_on")),
        "problem": first(Problem.objects.filter(branch=branch, round_tables__isnull=False).order_by("-found_on")),
        "five_years_ago": today.year - 4,
        "display_token": display_token(users[ADMIN]),
    }
    return users, values


def display_token(admin):
    """The token of the benchmark's hall screen, issued once (the datasets hold none); None where
    the code measured has no hall displays yet."""
    try:
        from branches.display import actions
        from branches.display.models import HallDisplay
    except ImportError:
        return None
    screen = HallDisplay.objects.in_use().filter(name="bench").first()
    return (screen or actions.issue_display("bench", by=admin)).token


def build_url(page, values):
    """The page's URL, or None and why not: "not built" (no such URL name yet) or "no data"."""
    from django.urls import NoReverseMatch, reverse

    name, *args = page.url if isinstance(page.url, tuple) else (page.url,)
    try:
        args = [str(arg).format(**values) for arg in args]
        query = page.query.format(**values)
    except KeyError as missing:
        return None, f"no data: {missing}"
    if "None" in args or "None" in query:
        return None, "no data"
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return None, "not built"
    return url + (f"?{query}" if query else ""), "ok"


def measure(args):
    from django.db import connection
    from django.test import Client

    users, values = fixtures()
    clients = {}

    def client_for(role):
        if role not in clients:
            client = Client()
            client.force_login(users[role])
            clients[role] = client
        return clients[role]

    counter = {"queries": 0, "sql": 0.0}

    def count(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            counter["queries"] += 1
            counter["sql"] += time.perf_counter() - started

    def floor_time(client):
        started = time.perf_counter()
        client.get(FLOOR_URL, secure=True)
        return (time.perf_counter() - started) * 1000

    def timed(result, client):
        """Two warm-up requests (one for a slow page), then up to ``repeat`` timed ones within the budget.

        A page's timed requests alternate with requests of the floor by the same client: on a shared
        virtual machine whose speed drifts by half within the hour, the floor measured once at the
        start of the run made a page's ratio to it depend on when each was measured.
        """
        result.busy = wait_for_quiet(args)
        sql_times = []
        warm_ups = 2
        budget_end = None
        while True:
            counter["queries"], counter["sql"] = 0, 0.0
            with connection.execute_wrapper(count):
                started = time.perf_counter()
                response = client.get(result.url, secure=True)
                content = b"".join(response) if response.streaming else response.content
                elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                result.status = f"HTTP {response.status_code}"
                return
            if warm_ups:
                warm_ups = 0 if elapsed > args.budget * 1000 / 4 else warm_ups - 1
                continue
            budget_end = budget_end or time.monotonic() - elapsed / 1000 + args.budget
            result.samples.append(elapsed)
            if result.kind not in ("floor", "admin"):
                result.floor_samples.append(floor_time(client))
            result.query_counts.append(counter["queries"])
            sql_times.append(counter["sql"] * 1000)
            result.size = len(content)
            if len(result.samples) >= args.repeat or (time.monotonic() > budget_end and len(result.samples) >= 3):
                break
        result.queries = max(set(result.query_counts), key=result.query_counts.count)
        result.sql_ms = statistics.median(sql_times)

    results = []
    floors = {}
    for role in sorted({page.role for page in PAGES} | {ADMIN}):
        result = Result(name="Floor (base layout, empty)", role=role, kind="floor", url=FLOOR_URL)
        timed(result, client_for(role))
        floors[role] = result
        results.append(result)
    admins = {}
    wanted = {page.admin for page in PAGES if page.admin and args.only.lower() in page.name.lower()}
    for key, (name, url) in ADMIN_PAGES.items():
        if key not in wanted:
            continue
        result = Result(name=name, role=ADMIN, kind="admin", url=url.format(**values), admin=key)
        timed(result, client_for(ADMIN))
        admins[key] = result
        results.append(result)
        print(f"  {name:<58} {fmt(result.median):>8} {fmt(result.p95):>8} ms {result.queries:>4} q", flush=True)
    for page in PAGES:
        if args.only.lower() not in page.name.lower():
            continue
        url, status = build_url(page, values)
        result = Result(name=page.name, role=page.role, kind=page.kind, url=url or "", admin=page.admin, status=status)
        if url:
            try:
                timed(result, client_for(page.role))
            except Exception as error:  # a page that fails is reported, the run goes on
                result.status = f"error: {type(error).__name__}: {error}"[:200]
        results.append(result)
        print(f"  {page.name + ' [' + page.role + ']':<58} {fmt(result.median):>8} {fmt(result.p95):>8} ms {result.queries:>4} q  {result.status}", flush=True)
    return results


def cpu_busy(seconds=0.5):
    """Share of the machine's CPU in use over ``seconds`` (while this process waits), %."""

    def sample():
        fields = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        return sum(fields), fields[3] + fields[4]

    total_0, idle_0 = sample()
    time.sleep(seconds)
    total_1, idle_1 = sample()
    return 100 * (1 - (idle_1 - idle_0) / max(1, total_1 - total_0))


def wait_for_quiet(args):
    """Wait (up to ``--quiet-wait`` s) while other processes keep the CPU busy; returns the last reading."""
    deadline = time.monotonic() + args.quiet_wait
    busy = cpu_busy()
    while busy > args.quiet_busy and time.monotonic() < deadline:
        time.sleep(2)
        busy = cpu_busy()
    return busy


# -- the tables -----------------------------------------------------------------------------------


def fmt(value, digits=1):
    if value is None:
        return "—"
    return f"{value:.{digits}f}"


def verdict(result, floor, admin):
    """The targets a page misses (they are set for province scale)."""
    misses = []
    if result.status != "ok" or result.p95 is None:
        return misses
    target = TARGETS.get(result.kind)
    if target is not None and result.p95 > target:
        misses.append(f"p95 > {target} ms")
    if admin is not None and admin.p95 is not None and result.p95 > admin.p95:
        misses.append("slower than admin")
    ratio = result.times_floor(floor)
    if ratio is not None and ratio > FLOOR_FACTOR:
        misses.append(f"> {FLOOR_FACTOR}× floor")
    return misses


def render(scale, header, results):
    floors = {r.role: r for r in results if r.kind == "floor"}
    admins = {r.admin: r for r in results if r.kind == "admin"}
    lines = [
        f"# Page benchmark: {scale} scale",
        "",
        f"{header.get('branches')} branches, {header.get('people')} people, {header.get('records')} records, "
        f"{header.get('lectures')} lectures; PostgreSQL {header.get('postgresql')}, Python {header.get('python')}, "
        f"commit {header.get('commit')}.",
        f"Measured {header['started']} – {header['finished']}; load average (1, 5, 15 min) before "
        f"{header['loadavg_before']}, after {header['loadavg_after']}"
        + (f"; dataset generated in {header['generated_in_s']} s" if header.get("generated_in_s") else "") + ".",
        "",
        "Server time in ms, in-process (Django test client, production settings, DEBUG off), "
        "median and p95 over the timed requests (n); queries: SQL queries of one request; SQL: median time "
        "spent in them; × floor and × admin: the page's median over the floor's of the same role (the floor "
        "requested between the page's own timed requests) and over "
        "the admin changelist's of the same records; busy %: the CPU other processes used just before the page "
        "was timed (the benchmark waits for a quiet moment, up to a limit). Targets (at province scale): dashboards and pillar pages "
        "p95 ≤ 150 ms, lists and the review queue p95 ≤ 60 ms, the annual report ≤ 1 s, its downloads ≤ 3 s, "
        "lists no slower than the admin changelist, every page within 10× the floor.",
        "",
        "| page | role | n | median | p95 | queries | SQL | × floor | × admin | busy % | misses |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for result in results:
        if result.kind in ("floor", "admin"):
            continue
        floor = floors.get(result.role)
        admin = admins.get(result.admin)
        if result.status != "ok":
            lines.append(f"| {result.name} | {result.role} | | | | | | | | | {result.status} |")
            continue
        ratio_floor = result.times_floor(floor)
        ratio_admin = result.median / admin.median if admin and admin.median else None
        misses = verdict(result, floor, admin)
        queries = str(result.queries) + ("" if len(set(result.query_counts)) == 1 else f" ({min(result.query_counts)}–{max(result.query_counts)})")
        lines.append(
            f"| {result.name} | {result.role} | {len(result.samples)} | {fmt(result.median)} | {fmt(result.p95)} | "
            f"{queries} | {fmt(result.sql_ms)} | {fmt(ratio_floor)} | {fmt(ratio_admin)} | {result.busy:.0f} | {', '.join(misses)} |"
        )
    lines += ["", "References:", "", "| reference | role | n | median | p95 | queries | SQL | busy % |", "|---|---|--:|--:|--:|--:|--:|--:|"]
    for result in results:
        if result.kind in ("floor", "admin"):
            status = "" if result.status == "ok" else f" ({result.status})"
            lines.append(
                f"| {result.name}{status} | {result.role} | {len(result.samples)} | {fmt(result.median)} | {fmt(result.p95)} | "
                f"{result.queries} | {fmt(result.sql_ms)} | {result.busy:.0f} |"
            )
    lines += ["", "URLs:", ""]
    lines += [f"- {r.name} [{r.role}]: `{r.url}`" for r in results if r.url]
    return "\n".join(lines) + "\n"


def write_summary(scales, output):
    data = {}
    for scale in scales:
        path = output / f"results-{scale}.json"
        if path.exists():
            data[scale] = json.loads(path.read_text())
    if not data:
        return
    keys = []
    rows = {}
    for scale, content in data.items():
        for item in content["results"]:
            key = (item["name"], item["role"])
            if key not in rows:
                rows[key] = {}
                keys.append(key)
            rows[key][scale] = item
    lines = [
        "# Page benchmark: the scales side by side",
        "",
        "Queries per request and p95 (ms) at each scale; ⚠ marks a page whose query count is not the same at every "
        "scale measured. Load average before each scale: "
        + "; ".join(f"{scale} {content['header']['loadavg_before']}" for scale, content in data.items()) + ".",
        "",
        "| page | role | " + " | ".join(f"queries {s}" for s in data) + " | " + " | ".join(f"p95 {s}" for s in data) + " |",
        "|---|---|" + "--:|" * (2 * len(data)),
    ]
    for key in keys:
        cells = rows[key]
        counts = [cells[s]["queries"] if s in cells and cells[s]["status"] == "ok" else None for s in data]
        known = {c for c in counts if c is not None}
        flag = " ⚠" if len(known) > 1 else ""
        statuses = {cells[s]["status"] for s in cells}
        lines.append(
            f"| {key[0]}{flag} | {key[1]} | "
            + " | ".join("—" if c is None else str(c) for c in counts) + " | "
            + " | ".join(fmt(cells[s]["p95"]) if s in cells and cells[s]["p95"] is not None else ("not built" if statuses == {"not built"} else "—") for s in data)
            + " |"
        )
    (output / "results-summary.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
