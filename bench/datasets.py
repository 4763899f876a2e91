"""Datasets at the scales of DESIGN.md section 6, generated quickly, for measuring pages.

Over 400 lines: one generator per table of the whole app, kept together so that their ids agree.

    DATABASE_URL=postgres://… .venv/bin/python bench/generate.py --scale office|city|province|tiny

Unlike the demo, rows are written directly (not through the actions): a province holds two
million records, and the point is to measure pages, not to exercise the workflow. On PostgreSQL
every table is loaded with ``COPY`` in chunks of :data:`CHUNK` rows (outside a test each chunk is
its own transaction, so deferred foreign-key checks never pile up); elsewhere (SQLite in the tests)
with ``executemany``. Primary keys are assigned here, sequences are reset at the end, and on
PostgreSQL ``VACUUM ANALYZE`` leaves the statistics and visibility map a production database has
after autovacuum. Nothing is dropped or disabled: constraints and indexes stay as migrated.

The spread is meant to be realistic, so that every page shows real figures:

* people over branches (about 30 each), with branch roles, party groups and their leaders,
  political statuses and the dated development steps that led there, a login for every person;
* windows covered by branches and by members' responsibility zones, with a few gaps;
* records of four kinds, dated evenly from the first year to today and inserted in date order
  (as a live database fills up); their status follows their age: most of the last two weeks
  still wait for review, older ones are approved (a few returned or forgotten); the submitter is
  notified of each review, the secretary of each waiting record;
* lectures with speakers, attendance, feedback and questions; mentor pairings with sessions;
  studios with members, milestones and cases; a rating round per year (published ones with
  scores, totals and the selected, this year's in scoring, next year's a draft); problems found
  on patrols or at windows going round the loop (round-tables, measures, classes); investment
  projects, joint items and satisfaction tallies per window, month and channel.
"""

import datetime
import io
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from branches.demo.seed import (
    FEMALE_CHARACTERS,
    MALE_CHARACTERS,
    PHONE_PREFIXES,
    SURNAMES,
)
from branches.honours.models import Honour
from branches.lectures.models import (
    Lecture,
    LectureAttendance,
    LectureFeedback,
    LectureQuestion,
)
from branches.mentoring.models import Mentorship, MentorshipSession
from branches.organisation.models import (
    Branch,
    BusinessLine,
    Committee,
    GroupKind,
    HallArea,
    PartyGroup,
    ResponsibilityZone,
    Window,
)
from branches.people.models import (
    BranchRole,
    CommitteeRole,
    DevelopmentStep,
    Person,
    PoliticalStatus,
)
from branches.pledges.models import BranchBrand, ServicePledge
from branches.ratings.models import (
    Nomination,
    Rater,
    RatingCriterion,
    RatingRound,
    RoundStatus,
    Score,
)
from services.demo.enterprises import valid_credit_code
from services.enterprises.models import Enterprise
from services.notifications.models import Notification
from services.problems.models import Measure, Problem, ProblemClass, RoundTable
from services.records.models import (
    Patrol,
    PracticalDeed,
    ReviewStatus,
    ServiceActivity,
    ServiceRecord,
)
from services.satisfaction.models import SatisfactionTally
from services.speedups.models import InvestmentProject, JointItem, ProjectMilestone
from services.studios.models import Case, Studio, StudioMilestone
from torchbearer import caches

CHUNK = 50_000
PASSWORD = "bench2021"


@dataclass(frozen=True)
class Scale:
    branches: int
    people: int
    records: int
    lectures: int
    years: int


SCALES = {
    "tiny": Scale(branches=2, people=20, records=200, lectures=6, years=2),
    "office": Scale(branches=5, people=150, records=5_000, lectures=40, years=3),
    "city": Scale(branches=100, people=3_000, records=200_000, lectures=2_000, years=5),
    "province": Scale(branches=1_000, people=30_000, records=2_000_000, lectures=20_000, years=5),
}

# The logins the benchmark uses, one per role, all in the first branch except the committee office
# (in the last branch). Every other person logs in as their staff number in lower case
# (``b0000042``); every login has the password PASSWORD.
ROLE_LOGINS = {
    "admin": "bench_admin",  # committee administrator, also a superuser (Django admin)
    "committee": "bench_committee",  # committee member: every branch, read only
    "secretary": "bench_secretary",  # secretary of the first branch
    "branch_committee": "bench_branchcommittee",  # branch committee member of the first branch
    "leader": "bench_leader",  # leader of the first branch's first party group
    "staff": "bench_staff",  # a party member of that group, with a responsibility zone
}
LOGINS = list(ROLE_LOGINS.values())

# Position of a person within their branch (people are dealt out to branches in turn).
SECRETARY, DEPUTY, BRANCH_COMMITTEE, LEADER_A, LEADER_B, STAFF, COMMITTEE_OFFICE = range(7)

SERVICE_KINDS = ["door_to_door", "appointment", "extended_hours"]
REASONS = ["special_reason", "special_group", "special_project"]
ACTIVITY_KINDS = ["into_communities", "enterprise_squad", "public_benefit"]
CHANNELS = ["mobile", "pc", "self_service", "hall"]
THEMES = ["service_reform", "business_environment", "window_skills", "political_theory", "other"]
TITLES = ["科员", "科员", "综合受理员", "综合受理员", "窗口负责人", "副科长", "科长", ""]
PLEDGES = ["微笑服务，一次办好", "企业有呼，我必有应", "办不成的事，我来帮办", "耐心解答每一个疑问", "急事急办，特事特办，难事帮办"]
DEEDS = ["帮助老人网上办理社保认证", "为企业代办营业执照变更", "协调解决企业用工登记难题", "上门为行动不便群众办理不动产登记", "帮助群众补齐材料"]
FINDINGS = ["叫号机故障，群众排队无序", "自助终端打印纸用完", "导办指引牌信息过时", "窗口材料清单与网上不一致", "休息区饮水机无水"]
COMMENTS = ["请补充照片", "服务时长有误，请核对", "请写明服务对象"]


class Writer:
    """Loads rows into tables: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self):
        self.copy = connection.vendor == "postgresql"
        self.counts = {}
        self.next_ids = {}
        self.ops = connection.ops

    def ids(self, model, count):
        """``count`` fresh primary keys of ``model`` (the sequence is reset in :meth:`finish`)."""
        start = self.next_ids.get(model)
        if start is None:
            start = (model._base_manager.aggregate(top=Max("pk"))["top"] or 0) + 1
        self.next_ids[model] = start + count
        return range(start, start + count)

    def table(self, model, columns, *, after=()):
        return Table(self, model, columns, after=after)

    def m2m(self, model, field_name, *, after=()):
        field = model._meta.get_field(field_name)
        return self.table(field.remote_field.through, [field.m2m_column_name(), field.m2m_reverse_name()], after=after)

    def write(self, table, columns, rows):
        quote = connection.ops.quote_name
        names = ", ".join(quote(column) for column in columns)
        with connection.cursor() as cursor:
            if self.copy:
                text = "".join("\t".join(map(copy_text, row)) + "\n" for row in rows)
                sql = f"COPY {quote(table)} ({names}) FROM STDIN"
                raw = cursor.cursor
                if hasattr(raw, "copy_expert"):  # psycopg2
                    raw.copy_expert(sql, io.StringIO(text))
                else:  # psycopg 3
                    with raw.copy(sql) as copy:
                        copy.write(text)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})",
                    [tuple(map(self.adapt, row)) for row in rows],
                )

    def adapt(self, value):
        if isinstance(value, datetime.datetime):
            return self.ops.adapt_datetimefield_value(value)
        if isinstance(value, datetime.date):
            return self.ops.adapt_datefield_value(value)
        if isinstance(value, datetime.time):
            return self.ops.adapt_timefield_value(value)
        if isinstance(value, Decimal):
            return str(value)
        return value

    def analyze(self):
        """Gather PostgreSQL's statistics of the rows loaded so far, so that the rebuilds after
        the load are planned for the tables' real sizes, whether or not autovacuum got there
        first. Without them, the planner read a province's last-active dates through the index
        of every approved record, once per person: stopped after ten minutes, against about a
        minute for every rebuild with them."""
        if self.copy:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def finish(self):
        """Reset the sequences of the tables given keys here; refresh PostgreSQL's statistics."""
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.next_ids))
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
            if self.copy:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")


ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value):
    """One value in PostgreSQL's COPY text format."""
    kind = type(value)
    if kind is str:
        return value.translate(ESCAPES)
    if kind is int or kind is Decimal:
        return str(value)
    if value is None:
        return "\\N"
    if kind is bool:
        return "t" if value else "f"
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value).translate(ESCAPES)


class Table:
    """Rows of one table, flushed every CHUNK rows; columns not given get their field's default.

    ``after``: the tables this one refers to, flushed first so that foreign keys always find their row.
    """

    def __init__(self, writer, model, columns, *, after=()):
        self.writer = writer
        self.after = list(after)
        self.model = model
        self.name = model._meta.db_table
        given = set(columns)
        fill = []
        for field in model._meta.concrete_fields:
            if field.column in given or field.primary_key:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = timezone.now()
            elif field.has_default():
                value = field.get_default()
            elif field.null:
                value = None
            elif field.empty_strings_allowed and field.blank:
                value = ""
            else:
                raise ValueError(f"{model.__name__}.{field.name} needs a value")
            fill.append((field.column, value))
        self.columns = list(columns) + [column for column, _value in fill]
        self.tail = tuple(value for _column, value in fill)
        self.rows = []
        self.count = 0

    def add(self, *row):
        self.rows.append(row + self.tail if self.tail else row)
        if len(self.rows) >= CHUNK:
            self.flush()

    def flush(self):
        for table in self.after:
            table.flush()
        if self.rows:
            self.writer.write(self.name, self.columns, self.rows)
            self.count += len(self.rows)
            self.rows = []

    def close(self):
        self.flush()
        name = self.model.__name__
        self.writer.counts[name] = self.writer.counts.get(name, 0) + self.count
        return self.count

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        if kind is None:
            self.close()


def years_before(day, years):
    """The same calendar day ``years`` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


class DatabaseNotEmpty(Exception):
    pass


def generate(scale, *, seed=2021, log=print):
    """Build the dataset in an empty database; returns the row counts written."""
    return Generator(SCALES[scale], random.Random(seed), log).run()


def generate_into_empty(scale, *, seed=2021, out=sys.stdout):
    """:func:`generate`, refusing a database that holds people already, and say what was written."""
    if Person.objects.exists():
        raise DatabaseNotEmpty("The database already holds people; generate into an empty database.")
    started = time.monotonic()
    counts = generate(scale, seed=seed, log=lambda line: print(line, file=out))
    for name, count in counts.items():
        print(f"{name:<20}{count:>10}", file=out)
    elapsed = time.monotonic() - started
    print(f"Generated the {scale} dataset in {elapsed:.1f} s. Logins {', '.join(LOGINS)} / {PASSWORD}", file=out)
    return counts


class Generator:
    def __init__(self, scale, rng, log):
        self.scale = scale
        self.rng = rng
        self.log = log
        self.w = Writer()
        self.tz = timezone.get_current_timezone()
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.last_year = self.today.year
        self.first_year = self.last_year - scale.years + 1
        self.first_day = datetime.date(self.first_year, 1, 1)
        self.span = (self.today - self.first_day).days + 1

    def run(self):
        for step in [
            self.organisation,
            self.people_and_users,
            self.commitments,
            self.records,
            self.lectures,
            self.mentoring_and_studios,
            self.ratings,
            self.problems,
            self.projects_and_items,
            self.satisfaction,
        ]:
            started = time.monotonic()
            step()
            self.log(f"  {step.__name__}: {time.monotonic() - started:.1f} s")
        started = time.monotonic()
        self.w.analyze()
        caches.rebuild()  # rows were written in bulk, past the signals that keep the summaries
        self.log(f"  tallies: {time.monotonic() - started:.1f} s")
        started = time.monotonic()
        self.w.finish()  # after the tallies, so that the planner has their statistics too
        self.log(f"  sequences and statistics: {time.monotonic() - started:.1f} s")
        return self.w.counts

    # -- helpers --------------------------------------------------------------------------------

    def day(self, start=None, end=None):
        """A random date between start and end (both included), by default in the dataset's span."""
        start = start or self.first_day
        end = end or self.today
        return start + datetime.timedelta(days=self.rng.randrange((end - start).days + 1))

    def at(self, date, hour=None, minute=None):
        hour = self.rng.randint(8, 19) if hour is None else hour
        minute = self.rng.randrange(60) if minute is None else minute
        return datetime.datetime.combine(date, datetime.time(hour, minute), tzinfo=self.tz)

    def name(self, female=None):
        rng = self.rng
        female = rng.random() < 0.5 if female is None else female
        characters = FEMALE_CHARACTERS if female else MALE_CHARACTERS
        return rng.choice(SURNAMES) + "".join(rng.choice(characters) for _ in range(rng.choice([1, 2, 2])))

    def capped(self, moment):
        return min(moment, self.now)

    # -- the organisation -----------------------------------------------------------------------

    def organisation(self):
        scale, rng, w = self.scale, self.rng, self.w
        [self.committee_id] = w.ids(Committee, 1)
        with w.table(Committee, ["id", "name", "short_name", "founded_on"]) as table:
            table.add(self.committee_id, f"测试机关党委（{scale.people} 人）", "机关党委", datetime.date(2003, 6, 1))
        areas = list(w.ids(HallArea, scale.branches // 5 + 1))
        with w.table(HallArea, ["id", "code", "name", "floor", "ordering"]) as table:
            for index, pk in enumerate(areas):
                table.add(pk, f"G{index:04d}", f"审批区{index + 1}", 1 + index % 4, index)
        self.branch_ids = list(w.ids(Branch, scale.branches))
        self.branch_area = [areas[index // 5] for index in range(scale.branches)]
        with w.table(Branch, ["id", "committee_id", "number", "name", "founded_on"]) as table:
            for index, pk in enumerate(self.branch_ids):
                founded = datetime.date(rng.randint(2000, 2018), rng.randint(1, 12), rng.randint(1, 28))
                table.add(pk, self.committee_id, index + 1, f"第{index + 1}党支部", founded)
        with w.m2m(Branch, "areas") as table:
            for index, pk in enumerate(self.branch_ids):
                table.add(pk, self.branch_area[index])
        with w.table(BranchBrand, ["branch_id", "name", "slogan", "story"]) as table:
            for index, pk in enumerate(self.branch_ids):
                if index == 0 or rng.random() < 0.7:
                    table.add(pk, f"品牌{index + 1}号", "服务零距离，群众零跑腿", "支部建在窗口上，党员冲在最前面。")
        # Four windows per branch; about 1 % not built on by a branch, 2 % out of service.
        self.window_ids = list(w.ids(Window, 4 * scale.branches))
        self.window_names = {}
        self.branch_windows = defaultdict(list)  # branch index -> windows in service it covers
        self.active_windows = []
        lines = BusinessLine.values
        with w.table(Window, ["id", "code", "name", "business_line", "area_id", "covering_branch_id", "is_active"]) as table:
            for number, pk in enumerate(self.window_ids):
                branch = number // 4
                first = branch == 0
                covered = first or rng.random() >= 0.01
                active = first or rng.random() >= 0.02
                name = f"综合窗口{number + 1}"
                self.window_names[pk] = name
                table.add(
                    pk, f"W{number + 1:06d}", name, lines[number % len(lines)], self.branch_area[branch],
                    self.branch_ids[branch] if covered else None, active,
                )
                if active:
                    self.active_windows.append(pk)
                    if covered:
                        self.branch_windows[branch].append(pk)
        self.group_ids = list(w.ids(PartyGroup, 2 * scale.branches))  # leaders set once people exist
        with w.table(PartyGroup, ["id", "branch_id", "name", "kind", "serves"]) as table:
            for index, pk in enumerate(self.branch_ids):
                table.add(self.group_ids[2 * index], pk, "第一党小组", GroupKind.ORDINARY, "")
                table.add(self.group_ids[2 * index + 1], pk, "一件事党小组", GroupKind.MATTER, "企业开办一件事")
        count = max(50, self.scale.records // 100)
        self.enterprise_ids = list(w.ids(Enterprise, count))
        codes = set()
        while len(codes) < count:
            codes.add(valid_credit_code(rng))
        with w.table(Enterprise, ["id", "name", "credit_code", "created_at"]) as table:
            for number, (pk, code) in enumerate(zip(self.enterprise_ids, sorted(codes))):
                table.add(pk, f"测试企业{number + 1}有限公司", code, self.now)

    # -- people, their logins and development ---------------------------------------------------

    def people_and_users(self):
        scale, rng, w = self.scale, self.rng, self.w
        B = scale.branches
        count = scale.people
        self.person_ids = list(w.ids(Person, count))
        user_ids = list(w.ids(get_user_model(), count))
        self.user_of = dict(zip(self.person_ids, user_ids))
        self.branch_of = {}  # person id -> branch index
        self.status_of = {}
        self.active = set()
        self.branch_people = defaultdict(list)  # branch index -> person ids (in post)
        self.branch_members = defaultdict(list)  # branch index -> party members in post
        self.section_chiefs = []
        self.person_names = {}
        statuses = (
            [PoliticalStatus.FULL] * 55 + [PoliticalStatus.PROBATIONARY] * 7 + [PoliticalStatus.CANDIDATE] * 4
            + [PoliticalStatus.ACTIVIST] * 6 + [PoliticalStatus.APPLICANT] * 5 + [PoliticalStatus.MASSES] * 23
        )
        special = {}  # person index -> login name
        role = {}  # person index -> (branch role, committee role)
        for position, branch_role in [(SECRETARY, BranchRole.SECRETARY), (DEPUTY, BranchRole.DEPUTY), (BRANCH_COMMITTEE, BranchRole.COMMITTEE)]:
            for branch in range(B):
                role[position * B + branch] = (branch_role, "")
        last = B - 1
        special[SECRETARY * B] = ROLE_LOGINS["secretary"]
        special[BRANCH_COMMITTEE * B] = ROLE_LOGINS["branch_committee"]
        special[LEADER_A * B] = ROLE_LOGINS["leader"]
        special[STAFF * B] = ROLE_LOGINS["staff"]
        special[STAFF * B + last] = ROLE_LOGINS["admin"]
        special[COMMITTEE_OFFICE * B + last] = ROLE_LOGINS["committee"]
        role[STAFF * B + last] = ("", CommitteeRole.ADMIN)
        role[COMMITTEE_OFFICE * B + last] = ("", CommitteeRole.MEMBER)
        if (COMMITTEE_OFFICE + 1) * B + last < count:
            role[(COMMITTEE_OFFICE + 1) * B + last] = ("", CommitteeRole.MEMBER)
        self.login_person = {name: self.person_ids[index] for index, name in special.items()}
        password = make_password(PASSWORD)
        with w.table(get_user_model(), ["id", "password", "username", "is_superuser", "is_staff", "is_active", "date_joined"]) as table:
            for index, pk in enumerate(self.person_ids):
                username = special.get(index) or f"b{index + 1:07d}"
                admin = username == ROLE_LOGINS["admin"]
                table.add(user_ids[index], password, username, admin, admin, True, self.now)
        columns = [
            "id", "staff_number", "name", "user_id", "branch_id", "group_id", "window_id", "title", "is_section_chief",
            "gender", "political_status", "branch_role", "committee_role", "is_active", "phone", "birth_date",
        ]
        self.steps = []
        with w.table(Person, columns) as table:
            for index, pk in enumerate(self.person_ids):
                branch, position = index % B, index // B
                status = PoliticalStatus.FULL if position <= COMMITTEE_OFFICE else rng.choice(statuses)
                active = position <= COMMITTEE_OFFICE or rng.random() >= 0.03
                if position in (LEADER_A, STAFF):
                    group = self.group_ids[2 * branch]
                elif position == LEADER_B:
                    group = self.group_ids[2 * branch + 1]
                else:
                    roll = rng.random()
                    group = self.group_ids[2 * branch] if roll < 0.4 else self.group_ids[2 * branch + 1] if roll < 0.8 else None
                windows = self.branch_windows[branch]
                window = windows[index // B % len(windows)] if windows and (position == STAFF or rng.random() < 0.9) else None
                chief = status >= PoliticalStatus.PROBATIONARY and (position == SECRETARY or rng.random() < 0.12)
                female = rng.random() < 0.5
                name = self.name(female)
                branch_role, committee_role = role.get(index, ("", ""))
                birth = self.development(pk, status, datetime.date(rng.randint(1965, 2001), rng.randint(1, 12), rng.randint(1, 28)))
                phone = rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}"
                table.add(
                    pk, f"B{index + 1:07d}", name, self.user_of[pk], self.branch_ids[branch], group, window,
                    rng.choice(TITLES), chief, "female" if female else "male", int(status), branch_role,
                    committee_role, active, phone, birth,
                )
                self.branch_of[pk] = branch
                self.status_of[pk] = status
                self.person_names[pk] = name
                if active:
                    self.active.add(pk)
                    self.branch_people[branch].append(pk)
                    if status >= PoliticalStatus.PROBATIONARY:
                        self.branch_members[branch].append(pk)
                        if chief:
                            self.section_chiefs.append(pk)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {PartyGroup._meta.db_table} SET leader_id = %s WHERE id = %s",
                [
                    (self.person_ids[position * B + branch], self.group_ids[2 * branch + group])
                    for branch in range(B)
                    for group, position in enumerate([LEADER_A, LEADER_B])
                    if position * B + branch < count
                ],
            )
        self.secretary_user = {branch: self.user_of[self.person_ids[branch]] for branch in range(B)}
        with w.table(DevelopmentStep, ["person_id", "stage", "date", "note", "created_at"]) as table:
            for person, stage, date in self.steps:
                table.add(person, stage, date, "", self.now)
        self.steps = None
        self.members = [pk for pk in self.person_ids if pk in self.active and self.status_of[pk] >= PoliticalStatus.PROBATIONARY]

    def development(self, person, status, birth):
        """The dated steps that led to ``status``, the last one recent enough for the status, within
        the rules' minimum intervals (a year as activist, a year of probation, an applicant of 18);
        returns the birth date, moved back if the person would have applied younger than 18."""
        if status == PoliticalStatus.MASSES:
            return birth
        rng, today = self.rng, self.today
        days = datetime.timedelta
        if status == PoliticalStatus.FULL:
            dates = {5: self.day(datetime.date(1995, 1, 1), today - days(30))}
            dates[4] = years_before(dates[5], 1)
        elif status == PoliticalStatus.PROBATIONARY:
            dates = {4: today - days(rng.randrange(420))}
        elif status == PoliticalStatus.CANDIDATE:
            dates = {3: today - days(rng.randrange(365))}
        elif status == PoliticalStatus.ACTIVIST:
            dates = {2: today - days(rng.randrange(700))}
        else:
            dates = {1: today - days(rng.randrange(500))}
        if 4 in dates:
            dates[3] = dates[4] - days(rng.randint(60, 200))
        if 3 in dates:
            dates[2] = years_before(dates[3], 1) - days(rng.randint(5, 150))
        if 2 in dates:
            dates[1] = dates[2] - days(rng.randint(90, 300))
        for stage, date in sorted(dates.items()):
            self.steps.append((person, stage, date))
        adult = years_before(dates[1], 18)
        return birth if birth <= adult else adult - days(rng.randrange(3650))

    # -- zones, pledges, honours ------------------------------------------------------------------

    def commitments(self):
        rng, w = self.rng, self.w
        gaps = {pk for pk in self.active_windows if pk != self.window_ids[0] and rng.random() < 0.03}
        self.zones = []  # current zones: (zone id, member id, windows, starts_on)
        zone_ids = iter(w.ids(ResponsibilityZone, 2 * len(self.members)))
        table = w.table(ResponsibilityZone, ["id", "member_id", "name", "description", "starts_on", "ends_on", "holds_windows"])
        with table, w.m2m(ResponsibilityZone, "windows", after=[table]) as windows:
            for member in self.members:
                branch = self.branch_of[member]
                choices = [pk for pk in self.branch_windows[branch] if pk not in gaps]
                held = [] if not choices or rng.random() < 0.01 else rng.sample(choices, min(len(choices), rng.choice([1, 1, 2])))
                if rng.random() < 0.05:  # an earlier zone, since ended
                    start = self.first_day - datetime.timedelta(days=rng.randint(200, 900))
                    pk = next(zone_ids)
                    ended = self.day(self.first_day, self.today - datetime.timedelta(days=30))
                    table.add(pk, member, f"{self.person_names[member]}原责任区", "", start, ended, bool(held))
                    for window in held:
                        windows.add(pk, window)
                pk = next(zone_ids)
                start = self.first_day - datetime.timedelta(days=rng.randrange(1000)) if rng.random() < 0.8 else self.day()
                table.add(pk, member, f"{self.person_names[member]}责任区", "负责窗口秩序与群众引导", start, None, bool(held))
                for window in held:
                    windows.add(pk, window)
                self.zones.append((pk, member, held, start))
        members_by_year = self.members
        with w.table(ServicePledge, ["person_id", "year", "text", "displayed"]) as table:
            for member in members_by_year:
                for year in range(self.first_year, self.last_year + 1):
                    if rng.random() < 0.85:
                        table.add(member, year, rng.choice(PLEDGES), rng.random() < 0.9)
        levels = ["national", "provincial", "municipal", "district"]
        with w.table(Honour, ["year", "title", "level", "awarded_by", "committee_id", "branch_id", "person_id"]) as table:
            for year in range(self.first_year, self.last_year + 1):
                table.add(year, "五星级基层党组织", "municipal", "市委组织部", self.committee_id, None, None)
                for _ in range(self.scale.branches // 10 + 1):
                    table.add(year, "先进基层党组织", rng.choice(levels[1:]), "区委", None, rng.choice(self.branch_ids), None)
                for _ in range(self.scale.branches // 5 + 1):
                    table.add(year, "优秀共产党员", rng.choice(levels[2:]), "区委", None, None, rng.choice(self.members))

    # -- records ----------------------------------------------------------------------------------

    def records(self):
        total = self.scale.records
        self.loggers = [pk for pk in self.person_ids if pk in self.active for _ in range(3 if self.status_of[pk] >= PoliticalStatus.PROBATIONARY else 1)]
        self.notifications = self.w.table(Notification, ["recipient_id", "message", "url", "created_at", "read_at"])
        self.found_patrols = []
        for model, share in [(ServiceRecord, 0.4), (PracticalDeed, 0.4), (ServiceActivity, 0.1), (Patrol, 0.1)]:
            count = int(total * share)
            self.kind_records(model, count)
            self.log(f"    {model.__name__}: {count}")
        self.notifications.close()

    def review(self, date):
        """Status, submitted_at, reviewed_at of a record dated ``date``: by its age."""
        rng = self.rng
        age = (self.today - date).days
        roll = rng.random()
        if age <= 14:
            status = ReviewStatus.SUBMITTED if roll < 0.6 else ReviewStatus.APPROVED if roll < 0.95 else ReviewStatus.RETURNED
        elif age <= 60:
            status = ReviewStatus.SUBMITTED if roll < 0.15 else ReviewStatus.APPROVED if roll < 0.95 else ReviewStatus.RETURNED
        else:
            status = ReviewStatus.APPROVED if roll < 0.96 else ReviewStatus.RETURNED if roll < 0.99 else ReviewStatus.SUBMITTED
        submitted = self.capped(self.at(date) + datetime.timedelta(days=0 if roll < 0.7 else rng.randint(1, 3)))
        reviewed = None if status == ReviewStatus.SUBMITTED else self.capped(submitted + datetime.timedelta(hours=rng.randint(1, 96)))
        return status, submitted, reviewed, age

    def kind_records(self, model, count):
        rng, w = self.rng, self.w
        common = ["id", "person_id", "branch_id", "date", "status", "submitted_at", "reviewed_by_id", "reviewed_at", "review_comment", "created_at", "updated_at"]
        if model is Patrol:
            rows = self.patrol_plan(count)
        else:
            rows = sorted(((self.day(), rng.choice(self.loggers)) for _ in range(count)), key=lambda item: item[0])
        ids = w.ids(model, count)
        slug = model.slug
        extra = {
            ServiceRecord: ["kind", "hours", "enterprise_id", "served_name", "persons_sent", "reason", "description", "notes"],
            PracticalDeed: ["beneficiary", "enterprise_id", "beneficiary_name", "description", "result"],
            ServiceActivity: ["kind", "title", "place", "people_reached", "enterprises_reached", "description"],
            Patrol: ["zone_id", "findings", "found_problem"],
        }[model]
        hours = [Decimal(h) for h in ("0.5", "1", "1", "1.5", "2", "2", "3", "4")]
        table = w.table(model, common + extra)
        participants = w.m2m(ServiceActivity, "participants", after=[table]) if model is ServiceActivity else None
        with table:
            for pk, (date, person, *plan) in zip(ids, rows):
                branch = self.branch_of[person]
                status, submitted, reviewed, age = self.review(date)
                returned = status == ReviewStatus.RETURNED
                head = (
                    pk, person, self.branch_ids[branch], date, status, submitted,
                    self.secretary_user[branch] if reviewed else None, reviewed,
                    rng.choice(COMMENTS) if returned else "", submitted, reviewed or submitted,
                )
                if model is ServiceRecord:
                    kind = SERVICE_KINDS[pk % 3]
                    enterprise = rng.choice(self.enterprise_ids) if (kind == "door_to_door" and rng.random() < 0.6) or rng.random() < 0.2 else None
                    table.add(*head, kind, rng.choice(hours), enterprise, "" if enterprise else self.name(), rng.choice([1, 1, 1, 2, 2, 3]) if kind == "door_to_door" else 1, rng.choice(REASONS), "", "")
                    summary = "上门服务"
                elif model is PracticalDeed:
                    enterprise = rng.choice(self.enterprise_ids) if rng.random() < 0.35 else None
                    table.add(*head, "enterprise" if enterprise else "masses", enterprise, "" if enterprise else self.name(), rng.choice(DEEDS), "已办结")
                    summary = "办实事"
                elif model is ServiceActivity:
                    kind = ACTIVITY_KINDS[pk % 3]
                    table.add(*head, kind, "三服务主题党日", rng.choice(["社区", "企业园区", "村文化礼堂"]), rng.randint(10, 300), rng.randint(1, 20) if kind == "enterprise_squad" else 0, "")
                    people = self.branch_people[branch]
                    for other in {person, *rng.sample(people, min(len(people), rng.randint(2, 7)))}:
                        participants.add(pk, other)
                    summary = "主题党日"
                else:
                    zone, found = plan
                    table.add(*head, zone, rng.choice(FINDINGS) if found else "正常", found)
                    if found and status == ReviewStatus.APPROVED:
                        self.found_patrols.append((pk, date, person))
                    summary = "每日一巡"
                url = f"/services/{slug}/{pk}/"
                if reviewed:
                    read = reviewed + datetime.timedelta(hours=rng.randint(1, 48))
                    unread = read > self.now or (age <= 14 and rng.random() < 0.5)
                    text = f"已退回：{summary}" if returned else f"已通过：{summary}"
                    self.notifications.add(self.user_of[person], text, url, reviewed, None if unread else read)
                elif status == ReviewStatus.SUBMITTED:
                    read = None if age <= 30 else submitted + datetime.timedelta(days=1)
                    self.notifications.add(self.secretary_user[branch], f"待审核：{summary}", url, submitted, read)
        if participants is not None:
            participants.close()

    def patrol_plan(self, count):
        """(date, member, zone, found a problem) of ``count`` patrols: distinct days per zone, in date order."""
        rng = self.rng
        zones = [zone for zone in self.zones if zone[2]] or self.zones
        plan, used = [], set()
        for number, (zone, member, _windows, start) in enumerate(zones):
            share = count // len(zones) + (1 if number < count % len(zones) else 0)
            first = max(start, self.first_day)
            days = (self.today - first).days + 1
            for offset in rng.sample(range(days), min(share, days)):
                date = first + datetime.timedelta(days=offset)
                used.add((zone, date))
                plan.append((date, member, zone, rng.random() < 0.08))
        while len(plan) < count:  # a zone too young for its share: an older one walks once more
            zone, member, _windows, start = rng.choice(zones)
            date = self.day(max(start, self.first_day))
            if (zone, date) not in used:
                used.add((zone, date))
                plan.append((date, member, zone, False))
        plan.sort()
        return plan

    # -- 传承: lectures, mentoring, studios -------------------------------------------------------

    def lectures(self):
        rng, w = self.rng, self.w
        count = self.scale.lectures
        ends = self.today + datetime.timedelta(days=45)
        plan = sorted(((self.day(self.first_day, ends), rng.choice(self.branch_ids) if rng.random() < 0.9 else None) for _ in range(count)), key=lambda item: item[0])
        ids = w.ids(Lecture, count)
        branch_index = {pk: index for index, pk in enumerate(self.branch_ids)}
        columns = ["id", "date", "starts_at", "ends_at", "topic", "theme", "place", "branch_id", "summary", "check_in_code", "created_at", "updated_at"]
        table = w.table(Lecture, columns)
        speakers = w.m2m(Lecture, "speakers", after=[table])
        attendances = w.table(LectureAttendance, ["lecture_id", "person_id", "method", "checked_in_at"], after=[table])
        feedback = w.table(LectureFeedback, ["lecture_id", "person_id", "score", "remark", "created_at"], after=[table])
        questions = w.table(LectureQuestion, ["lecture_id", "question", "asked_by", "answer", "answered_by_id", "created_at"], after=[table])
        start, end = datetime.time(16, 30), datetime.time(17, 30)
        with table:
            for number, (pk, (date, branch)) in enumerate(zip(ids, plan)):
                index = branch_index.get(branch)
                created = self.capped(self.at(date - datetime.timedelta(days=20)))
                table.add(pk, date, start, end, f"政务讲堂第{number + 1}讲", rng.choice(THEMES), "政务服务中心三楼会议室", branch, "", f"{rng.randrange(10**6):06d}", created, created)
                pool = self.branch_members[index] if index is not None else self.members
                given = rng.sample(pool, min(len(pool), rng.choice([1, 1, 2]))) if pool else []
                for speaker in given:
                    speakers.add(pk, speaker)
                if date >= self.today:
                    continue
                audience = self.branch_people[index] if index is not None else self.person_ids
                size = rng.randint(8, 25) if index is not None else rng.randint(20, 60)
                moment = self.at(date, 16, 20)
                for person in rng.sample(audience, min(len(audience), size)):
                    attendances.add(pk, person, "code" if rng.random() < 0.7 else "register", moment)
                    if rng.random() < 0.5:
                        feedback.add(pk, person, rng.choice([5, 5, 5, 5, 5, 4, 4, 4, 3, 2]), "", moment + datetime.timedelta(hours=1))
                for _ in range(rng.choice([0, 1, 1, 2, 3])):
                    questions.add(pk, "网上办理流程如何简化？", self.name(), "可通过浙里办一网通办。", given[0] if given else None, moment)
        for table in (speakers, attendances, feedback, questions):
            table.close()

    def mentoring_and_studios(self):
        rng, w = self.rng, self.w
        pairs = []
        for branch in range(self.scale.branches):
            mentors = [pk for pk in self.branch_members[branch] if self.status_of[pk] == PoliticalStatus.FULL]
            candidates = [pk for pk in self.branch_people[branch] if pk not in mentors]
            if not mentors or not candidates:
                continue
            for mentee in rng.sample(candidates, min(len(candidates), max(1, len(self.branch_people[branch]) // 5))):
                pairs.append((rng.choice(mentors), mentee))
        ids = w.ids(Mentorship, len(pairs))
        columns = [
            "id", "mentor_id", "mentee_id", "kind", "covers_political_thought", "covers_window_business",
            "covers_service_level", "teaches_at_window", "practises_in_project", "goals", "starts_on", "planned_end",
            "status", "ended_on", "end_reason", "midterm_evaluation", "midterm_rating", "final_evaluation", "final_rating",
            "created_at", "updated_at",
        ]
        table = w.table(Mentorship, columns)
        sessions = w.table(MentorshipSession, ["mentorship_id", "date", "method", "content", "hours", "written_by_id", "created_at"], after=[table])
        with table:
            for pk, (mentor, mentee) in zip(ids, pairs):
                starts = self.day(self.first_day - datetime.timedelta(days=180), self.today - datetime.timedelta(days=10))
                planned = starts + datetime.timedelta(days=rng.choice([180, 365, 365, 540]))
                covers = [rng.random() < 0.6, rng.random() < 0.7, rng.random() < 0.5]
                if not any(covers):
                    covers[1] = True
                teach = rng.random() < 0.85
                practise = not teach or rng.random() < 0.4
                status, ended, reason, final, final_rating, midterm = "active", None, "", "", "", ""
                if planned < self.today:
                    roll = rng.random()
                    if roll < 0.85:
                        status, ended, final, final_rating = "completed", planned, "达到帮带目标", rng.choice(["excellent", "good", "good", "passed"])
                    elif roll < 0.95:
                        status, ended, reason = "ended_early", starts + datetime.timedelta(days=rng.randint(30, (planned - starts).days)), "工作调动"
                if (self.today - starts).days > 120:
                    midterm = rng.choice(["excellent", "good", "good", "passed"])
                created = self.capped(self.at(starts))
                table.add(
                    pk, mentor, mentee, rng.choice(["old_with_new", "experienced_with_young"]), *covers, teach, practise,
                    "熟练掌握窗口业务，提升服务水平", starts, planned, status, ended, reason, "进展良好" if midterm else "", midterm,
                    final, final_rating, created, created,
                )
                last = min(ended or self.today, self.today)
                months = max(1, (last - starts).days // 30)
                for _ in range(max(1, int(months * 0.8))):
                    method = "teach" if teach and (not practise or rng.random() < 0.6) else "practise"
                    date = self.day(starts, last)
                    sessions.add(pk, date, method, "窗口业务带教", rng.choice([Decimal("1"), Decimal("1.5"), Decimal("2"), Decimal("3")]), mentor, self.capped(self.at(date)))
        sessions.close()

        count = max(2, self.scale.branches // 20)
        studio_ids = w.ids(Studio, count)
        table = w.table(Studio, ["id", "name", "leader_id", "description", "founded_on"])
        members = w.m2m(Studio, "members", after=[table])
        milestones = w.table(StudioMilestone, ["studio_id", "date", "title", "description"], after=[table])
        cases = w.table(Case, ["studio_id", "kind", "title", "enterprise_id", "description", "opened_on", "closed_on", "status", "outcome"], after=[table])
        full = [pk for pk in self.members if self.status_of[pk] == PoliticalStatus.FULL]
        with table:
            for number, pk in enumerate(studio_ids):
                leader = rng.choice(full)
                table.add(pk, f"第{number + 1}工作室", leader, "攻坚疑难件，服务重大项目", self.day(datetime.date(2015, 1, 1), self.first_day))
                pool = self.branch_people[self.branch_of[leader]]
                for member in {leader, *rng.sample(pool, min(len(pool), rng.randint(4, 8)))}:
                    members.add(pk, member)
                for _ in range(rng.randint(2, 5)):
                    milestones.add(pk, self.day(), "全市首张全程电子化营业执照", "")
                for _ in range(rng.randint(10, 30)):
                    opened = self.day()
                    closed = None
                    if (self.today - opened).days > 60 and rng.random() < 0.85:
                        closed = min(self.today, opened + datetime.timedelta(days=rng.randint(5, 90)))
                    cases.add(
                        pk, rng.choice(["investment_project", "difficult_approval"]), "企业投资项目审批", rng.choice(self.enterprise_ids),
                        "", opened, closed, "closed" if closed else "open", "按期办结" if closed else "",
                    )
        for table in (members, milestones, cases):
            table.close()

    # -- 领跑: demonstration-post rating rounds ----------------------------------------------------

    def ratings(self):
        rng, w = self.rng, self.w
        years = list(range(self.first_year, self.last_year + 2))
        round_ids = w.ids(RatingRound, len(years))
        raters = [self.login_person[ROLE_LOGINS["committee"]], self.login_person[ROLE_LOGINS["admin"]]]
        raters += rng.sample([self.person_ids[b] for b in range(1, self.scale.branches)], min(5, self.scale.branches - 1))
        weights = [("政治素质", 30), ("业务能力", 40), ("服务成效", 30)]
        criteria_ids = w.ids(RatingCriterion, len(years) * len(weights))
        columns = ["id", "title", "starts_on", "ends_on", "status", "quota_per_branch", "description", "decided_at", "published_at", "created_at", "updated_at"]
        table = w.table(RatingRound, columns)
        criteria = w.table(RatingCriterion, ["id", "round_id", "name", "weight", "ordering"], after=[table])
        rater_table = w.table(Rater, ["round_id", "person_id"], after=[table])
        nomination_ids = iter(w.ids(Nomination, len(years) * 3 * self.scale.branches))
        nominations = w.table(Nomination, ["id", "round_id", "person_id", "branch_id", "window_id", "post", "reason", "nominated_by_id", "total", "selected", "created_at"], after=[table])
        scores = w.table(Score, ["nomination_id", "rater_id", "criterion_id", "value", "updated_at"], after=[nominations, criteria])
        window_of = dict(Person.objects.filter(window__isnull=False).values_list("pk", "window"))
        with table:
            for round_pk, year in zip(round_ids, years):
                status = RoundStatus.PUBLISHED if year < self.last_year else RoundStatus.SCORING if year == self.last_year else RoundStatus.DRAFT
                starts, ends = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
                decided = self.at(datetime.date(year + 1, 1, 10)) if status == RoundStatus.PUBLISHED else None
                published = self.at(datetime.date(year + 1, 1, 20)) if status == RoundStatus.PUBLISHED else None
                created = self.capped(self.at(datetime.date(year, 11, 1) if year <= self.last_year else self.today))
                table.add(round_pk, f"{year}年度党员示范岗评选", starts, ends, status, 3, "", decided, published, created, created)
                round_criteria = []
                for order, (name, weight) in enumerate(weights):
                    pk = criteria_ids[len(round_criteria) + (round_pk - round_ids[0]) * len(weights)]
                    criteria.add(pk, round_pk, name, weight, order)
                    round_criteria.append((pk, weight))
                for rater in raters:
                    rater_table.add(round_pk, rater)
                if status == RoundStatus.DRAFT:
                    continue
                rows = []
                for branch in range(self.scale.branches):
                    if rng.random() >= 0.6 and branch != 0:
                        continue
                    pool = self.branch_members[branch]
                    for person in rng.sample(pool, min(len(pool), rng.randint(1, 3))):
                        values = {}
                        for rater in raters:
                            if self.branch_of[rater] == branch or rater == person:
                                continue
                            if status == RoundStatus.SCORING and rng.random() < 0.5:
                                continue
                            for criterion, _weight in round_criteria:
                                values.setdefault(criterion, []).append((rater, max(50, min(100, int(rng.gauss(82, 8))))))
                        total = None
                        if status == RoundStatus.PUBLISHED:
                            total = sum(
                                (Decimal(sum(v for _r, v in values.get(c, []))) / len(values[c]) * weight / 100 if values.get(c) else Decimal(0))
                                for c, weight in round_criteria
                            ).quantize(Decimal("0.01"))
                        rows.append((next(nomination_ids), person, branch, total, values))
                cut = sorted((row[3] for row in rows if row[3] is not None), reverse=True)
                threshold = cut[max(0, len(cut) * 12 // 100 - 1)] if cut else None
                for pk, person, branch, total, values in rows:
                    window = window_of.get(person)
                    nominations.add(
                        pk, round_pk, person, self.branch_ids[branch], window, self.window_names.get(window, "综合窗口"),
                        "服务群众热情周到，业务精通", self.secretary_user[branch], total,
                        total is not None and total >= threshold, created,
                    )
                    for criterion, given in values.items():
                        for rater, value in given:
                            scores.add(pk, rater, criterion, value, created)
        for table in (criteria, rater_table, nominations, scores):
            table.close()

    # -- 服务: the problem loop, projects and joint items, satisfaction ----------------------------

    def problems(self):
        rng, w, today = self.rng, self.w, self.today
        class_count = max(18, self.scale.branches // 5)
        class_ids = list(w.ids(ProblemClass, class_count))
        with w.table(ProblemClass, ["id", "name", "rule", "adopted_on"]) as table:
            for number, pk in enumerate(class_ids):
                table.add(pk, f"第{number + 1}类问题", "形成长效机制，从一件小事解决一类难题", self.day(self.first_day - datetime.timedelta(days=700)))
        found = [(date, "patrol", patrol, person) for patrol, date, person in self.found_patrols]
        for _ in range(len(found) * 3 // 10 + 3):
            branch = rng.randrange(self.scale.branches)
            people = self.branch_people[branch] or self.person_ids
            found.append((self.day(), rng.choice(["window", "complaint", "other"]), None, rng.choice(people)))
        found.sort(key=lambda item: (item[0], item[2] or 0))
        plans = []
        for date, source, patrol, person in found:
            age = (today - date).days
            roll = rng.random()
            if age > 120:
                target = "verified" if roll < 0.7 else "resolved" if roll < 0.95 else "in_progress"
            elif age > 30:
                target = "resolved" if roll < 0.4 else "in_progress" if roll < 0.7 else "discussed" if roll < 0.9 else "found"
            else:
                target = "found" if roll < 0.5 else "discussed" if roll < 0.8 else "in_progress"
            plans.append([date, source, patrol, person, target])
        groups = defaultdict(list)
        for plan in plans:
            if plan[4] != "found":
                groups[(self.branch_of[plan[3]], plan[0].year, plan[0].month)].append(plan)
        problem_ids = w.ids(Problem, len(plans))
        for pk, plan in zip(problem_ids, plans):
            plan.append(pk)
        table_ids = w.ids(RoundTable, len(groups))
        meetings, dates = [], {}
        for pk, ((branch, _year, _month), members) in zip(table_ids, sorted(groups.items())):
            date = min(today, max(plan[0] for plan in members) + datetime.timedelta(days=rng.randint(1, 7)))
            meetings.append((pk, date, branch, members))
            for plan in members:
                dates[plan[5]] = (pk, date)
        columns = [
            "id", "title", "description", "source", "patrol_id", "window_id", "branch_id", "found_on", "reported_by_id",
            "status", "resolution", "resolved_on", "resolved_by_id", "verified_on", "verified_by_id", "problem_class_id", "created_at",
        ]
        measure_rows = []
        with w.table(Problem, columns) as table:
            for date, source, patrol, person, target, pk in plans:
                branch = self.branch_of[person]
                resolved = verified = None
                meeting = dates.get(pk)
                status = target
                if target in ("resolved", "verified"):
                    resolved = meeting[1] + datetime.timedelta(days=rng.randint(3, 40))
                    if resolved > today:
                        status, resolved = "in_progress", None
                if status == "verified":
                    verified = resolved + datetime.timedelta(days=rng.randint(1, 14))
                    if verified > today:
                        status, verified = "resolved", None
                windows = self.branch_windows[branch]
                table.add(
                    pk, rng.choice(FINDINGS), "巡查中发现，需协调解决", source, patrol, rng.choice(windows) if windows else None,
                    self.branch_ids[branch], date, person, status, "已整改到位" if resolved else "", resolved,
                    person if resolved else None, verified, self.secretary_user[branch] if verified else None,
                    rng.choice(class_ids) if verified and rng.random() < 0.3 else None, self.capped(self.at(date)),
                )
                if meeting:
                    for _ in range(rng.choice([1, 1, 2])):
                        deadline = meeting[1] + datetime.timedelta(days=rng.randint(14, 45))
                        done = resolved - datetime.timedelta(days=rng.randint(0, 2)) if resolved else None
                        if done is not None and done < meeting[1]:
                            done = meeting[1]
                        if done is None and rng.random() < 0.3:
                            done = min(today, meeting[1] + datetime.timedelta(days=rng.randint(1, 20)))
                        measure_rows.append((meeting[0], pk, "制定整改措施并落实", rng.choice(self.branch_people[branch] or [person]), deadline, done))
        table = w.table(RoundTable, ["id", "date", "title", "branch_id", "notes", "created_at"])
        attendees = w.m2m(RoundTable, "attendees", after=[table])
        discussed = w.m2m(RoundTable, "problems", after=[table])
        measures = w.table(Measure, ["round_table_id", "problem_id", "description", "owner_id", "deadline", "done_on"], after=[table])
        with table:
            for pk, date, branch, members in meetings:
                table.add(pk, date, "议事厅圆桌会", self.branch_ids[branch], "", self.capped(self.at(date)))
                people = self.branch_people[branch]
                for person in rng.sample(people, min(len(people), rng.randint(3, 6))):
                    attendees.add(pk, person)
                for plan in members:
                    discussed.add(pk, plan[5])
        for row in measure_rows:
            measures.add(*row)
        for table in (attendees, discussed, measures):
            table.close()

    def projects_and_items(self):
        rng, w, today = self.rng, self.w, self.today
        count = max(8, self.scale.branches * self.scale.years // 2)
        project_ids = w.ids(InvestmentProject, count)
        table = w.table(InvestmentProject, ["id", "name", "enterprise_id", "team_leader_id", "started_on", "approved_on", "baseline_days", "actual_days"])
        team = w.m2m(InvestmentProject, "team", after=[table])
        milestones = w.table(ProjectMilestone, ["project_id", "date", "title"], after=[table])
        leaders = self.section_chiefs or self.members
        with table:
            for number, pk in enumerate(project_ids):
                leader = rng.choice(leaders)
                started = self.day(self.first_day - datetime.timedelta(days=90), today - datetime.timedelta(days=5))
                baseline = Decimal(rng.randint(20, 120))
                actual = (baseline * Decimal(rng.uniform(0.3, 0.75))).quantize(Decimal("0.5"))
                approved = started + datetime.timedelta(days=int(actual) + 1)
                if approved > today or rng.random() < 0.1:
                    approved = actual = None
                table.add(pk, f"投资项目{number + 1}", rng.choice(self.enterprise_ids), leader, started, approved, baseline, actual)
                pool = self.branch_people[self.branch_of[leader]]
                for member in {leader, *rng.sample(pool, min(len(pool), rng.randint(1, 3)))}:
                    team.add(pk, member)
                for _ in range(rng.randint(2, 3)):
                    milestones.add(pk, self.day(started, approved or today), "完成联合审查")
        team.close()
        milestones.close()
        with w.table(JointItem, ["name", "departments", "launched_on", "baseline_days", "current_days"]) as table:
            for number in range(max(42, self.scale.branches // 2)):
                baseline = Decimal(rng.randint(5, 40))
                current = (baseline * Decimal(rng.uniform(0.5, 0.85))).quantize(Decimal("0.5"))
                table.add(f"联办事项{number + 1}", "市场监管、税务、人社", self.day(self.first_day - datetime.timedelta(days=700)), baseline, current)

    def satisfaction(self):
        rng, w = self.rng, self.w
        months = [datetime.date(year, month, 1) for year in range(self.first_year, self.last_year + 1) for month in range(1, 13)]
        months = [month for month in months if month <= self.today]
        ranges = {"mobile": (40, 200), "pc": (10, 60), "self_service": (5, 40), "hall": (20, 120)}
        with w.table(SatisfactionTally, ["month", "window_id", "channel", "positive", "neutral", "negative"]) as table:
            for month in months:
                for channel in CHANNELS:
                    table.add(month, None, channel, rng.randint(200, 900), rng.randint(0, 10), rng.randint(0, 2))
                for window in self.active_windows:
                    for channel in CHANNELS:
                        negative = rng.randint(1, 3) if rng.random() < 0.05 else rng.choice([0, 0, 0, 1])
                        table.add(month, window, channel, rng.randint(*ranges[channel]), rng.randint(0, 3), negative)

