"""The machinery of the access-control matrix (test_access_matrix.py): the roles, the URL
patterns of the project, the one "world" of real objects the URLs are built from, and how an
answer is read.

Every object of the world belongs to branch A of the shared office (tests/conftest.py), so
``secretary_a`` is the secretary of the object's branch and ``secretary_b`` the secretary of
another branch.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from branches.display import actions as display_actions
from branches.downloads.models import PreparedFile, PreparedFileStatus
from branches.kernel.workbook import Book
from branches.people.models import PoliticalStatus
from branches.pledges.models import ServicePledge
from branches.ratings import actions as branch_actions
from branches.ratings.models import Rater, RatingCriterion, RoundStatus
from services.problems import actions as problems_actions
from services.records import actions as records_actions
from services.records.kinds import KINDS
from services.satisfaction.models import Channel, SatisfactionTally
from services.speedups.models import InvestmentProject, JointItem
from tests.app import page_checks
from tests.conftest import build_office
from tests.factories import (
    BranchBrandFactory,
    CaseFactory,
    EnterpriseFactory,
    HonourFactory,
    LectureFactory,
    MentorshipFactory,
    NotificationFactory,
    PersonFactory,
    StudioFactory,
)
from tests.passing_on_factories import (
    LectureMaterialFactory,
    LectureQuestionFactory,
    StudioMilestoneFactory,
)
from tests.ratings.factories import RatingRoundFactory
from tests.records.helpers import image_upload, make_record

#: The matrix's columns, in this order: (column name, the office's user, None for anonymous).
ROLES = [
    ("anon", None),
    ("staff", "staff_a"),
    ("leader", "group_leader_a"),  # leads staff_a's party group in branch A
    ("sec_a", "secretary_a"),  # the secretary of the object's branch
    ("sec_b", "secretary_b"),  # the secretary of another branch
    ("member", "committee_member"),  # the committee office, read only
    ("admin", "committee_admin"),
]
ANSWERS = {"ok", "login", "301", "403", "404", "405"}  # 301: moved for good

#: Includes the matrix does not walk, with why. Each must still be in the URLconf.
SKIPPED_INCLUDES = {
    # Django admin: its own permission system (is_staff and model permissions), not the
    # branch scope; tests/app/test_admin.py covers it.
    "admin/": "Django admin",
    # Django's set_language: a POST anyone may send, which only sets the language cookie.
    "i18n/": "Django's set_language",
}


# -- The URL patterns -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    key: str  # "namespace:name", or "/" + route for an unnamed pattern
    route: str  # the full route, for messages
    named: bool


def url_patterns():
    """Every URL pattern of the project but the skipped includes, and the skipped includes met."""
    found, skipped = [], set()

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                if route in SKIPPED_INCLUDES:
                    skipped.add(route)
                    continue
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, route, inner)
            elif isinstance(entry, URLPattern):
                if entry.name:
                    found.append(Pattern(f"{namespace}{entry.name}", route, named=True))
                else:
                    found.append(Pattern(f"/{route}", route, named=False))

    walk(get_resolver().url_patterns, "", "")
    return found, skipped


# -- Reading an answer ----------------------------------------------------------------------------


def login_url():
    return resolve_url(settings.LOGIN_URL)


def answer_of(response):
    """ok (200, or a redirect elsewhere than the login page), login, or the status code."""
    status = response.status_code
    if status == 200:
        return "ok"
    if status == 302:
        target = urlsplit(response["Location"])
        if target.path == login_url() and target.query.startswith("next="):
            return "login"
        return "ok"
    return str(status)


def ask(user, method, url, data=None, *, found=None):
    """One request by ``user`` (None: anonymous), whose changes are all rolled back.

    ``found``: a list that collects what tests/app/page_checks.py finds wrong with a page
    the user may open.
    """
    client = Client(raise_request_exception=False)
    with transaction.atomic():
        if user is not None:
            client.force_login(user)
        response = getattr(client, method.lower())(url, data or {})
        answer = answer_of(response)
        if response.status_code >= 500 and getattr(response, "exc_info", None):
            answer += f" ({response.exc_info[1]!r})"
        if response.streaming:
            # A download is closed once read; the client does it with the signal that would
            # close the database connection (request_finished) held back, as for any response.
            b"".join(response.streaming_content)
        elif found is not None and method == "GET":
            found.extend(page_checks.problems(user, url, response))
        transaction.set_rollback(True)
    return answer


# -- The world ------------------------------------------------------------------------------------


@dataclass
class World:
    office: object
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None

    def user(self, role):
        return None if role is None else self.office.users[role]


def _round(office, status):
    """A rating round brought to ``status`` through the actions; committee_member is its rater."""
    admin, secretary = office.users["committee_admin"], office.users["secretary_a"]
    rating_round = RatingRoundFactory(title=f"示范岗评选（{status}）")
    RatingCriterion.objects.create(round=rating_round, name="服务质量", weight=60)
    RatingCriterion.objects.create(round=rating_round, name="业务能力", weight=40)
    Rater.objects.create(round=rating_round, person=office.people["committee_member"])
    if status == RoundStatus.DRAFT:
        return rating_round, None
    branch_actions.open_nominations(rating_round, by=admin)
    nomination = branch_actions.nominate(
        rating_round, office.people["staff_a"], by=secretary, post="A-01", reason="服务热情"
    )
    if status == RoundStatus.NOMINATING:
        return rating_round, nomination
    branch_actions.open_scoring(rating_round, by=admin)
    if status == RoundStatus.SCORING:
        return rating_round, nomination
    branch_actions.close_scoring(rating_round, by=admin)
    branch_actions.decide(rating_round, by=admin, selected_ids=[nomination.pk])
    if status == RoundStatus.DECIDED:
        return rating_round, nomination
    branch_actions.publish(rating_round, by=admin)
    return rating_round, nomination


def build_world():
    """The shared office and one real object of every kind the URLs take, all in branch A."""
    office = build_office()
    world = World(office)
    objects = world.objects
    branch = office.branch_a
    staff = office.people["staff_a"]
    today = timezone.localdate()
    last_week = today - datetime.timedelta(days=7)

    objects["branch"] = branch
    objects["group"] = office.group_a
    objects["zone"] = staff.responsibility_zones.get()
    objects["brand"] = BranchBrandFactory(branch=branch, name="红色代办")
    # Displayed pledges are public by design; this one is not, so it stays in the branch.
    objects["pledge"] = ServicePledge.objects.get(person=staff)
    ServicePledge.objects.filter(pk=objects["pledge"].pk).update(displayed=False)
    objects["person"] = PersonFactory(branch=branch, name="档案里的人", political_status=PoliticalStatus.ACTIVIST)
    objects["honour"] = HonourFactory(committee=None, branch=branch, title="文明窗口")

    # 传承: a lecture of branch A with a speaker who has no login, its material and an open question, a
    # pairing in which staff_a is the mentee, a studio led by a member of branch A with a case and a first.
    speaker = PersonFactory(branch=branch, name="主讲人")
    objects["lecture"] = LectureFactory(branch=branch, speakers=[speaker])
    objects["material"] = LectureMaterialFactory(lecture=objects["lecture"], title="讲义")
    objects["question"] = LectureQuestionFactory(lecture=objects["lecture"], answer="")
    objects["mentorship"] = MentorshipFactory(mentor=PersonFactory(branch=branch, name="导师"), mentee=staff)
    objects["studio"] = StudioFactory(leader=PersonFactory(branch=branch, name="工作室领办人"))
    objects["case"] = CaseFactory(studio=objects["studio"], title="跨省迁移登记")
    objects["milestone"] = StudioMilestoneFactory(studio=objects["studio"], title="全市首张电子营业执照")

    # 党员示范岗: a round in every state; from nominating on, secretary_a has nominated staff_a.
    for status in RoundStatus.values:
        objects[f"{status}_round"], nomination = _round(office, status)
        if status == RoundStatus.NOMINATING:
            objects["nomination"] = nomination

    # What staff_a logged: one waiting record of every kind (a patrol that found a problem).
    for slug in KINDS:
        fields = {"found_problem": True, "findings": "二楼自助机缺纸"} if slug == "patrol" else {}
        objects[slug] = make_record(slug, staff, **fields)
    objects["notification"] = NotificationFactory(recipient=office.users["staff_a"])
    records_actions.attach_photos(objects["service"], [image_upload(name="visit.png")], by=office.users["staff_a"])
    objects["photo"] = objects["service"].photos.get()

    # The problem loop: a problem of branch A discussed at a round-table; staff_a owns its measure.
    problem = problems_actions.report_problem(
        by=office.users["staff_a"], branch=branch, title="叫号屏故障", description="三号叫号屏黑屏",
        source="window", found_on=last_week,
    )
    meeting = problems_actions.hold_round_table(
        by=office.users["secretary_a"], date=last_week, title="议事厅圆桌会",
        attendees=[office.people["secretary_a"], staff], problems=[problem],
        measures=[(problem, "联系厂家维修", staff, today + datetime.timedelta(days=7))],
    )
    objects["problem"] = problem
    objects["measure"] = meeting.measures.get()

    leader = PersonFactory(branch=branch, name="项目组长", is_section_chief=True)
    objects["project"] = InvestmentProject.objects.create(
        name="新厂房项目", enterprise=EnterpriseFactory(), team_leader=leader, started_on=datetime.date(2021, 3, 1),
        approved_on=datetime.date(2021, 3, 20), baseline_days=20, actual_days=10,
    )
    objects["joint_item"] = JointItem.objects.create(
        name="开办餐饮店一件事", departments="市场监管、卫健、消防", launched_on=datetime.date(2020, 5, 1),
        baseline_days=10, current_days=7,
    )
    SatisfactionTally.objects.create(
        month=datetime.date(2021, 1, 1), window=office.window_a, channel=Channel.MOBILE, positive=99, negative=1
    )
    objects["display"] = display_actions.issue_display("一楼大厅入口", by=office.users["committee_admin"])
    # staff_a's workbook of their records, prepared by the task worker: theirs alone.
    objects["prepared_file"] = PreparedFile.objects.create(
        owner=office.users["staff_a"], path="/services/records/service/export.xlsx", language="zh-hans",
        status=PreparedFileStatus.READY, file_name="service.xlsx",
    )
    book = Book()
    book.sheet("服务记录", headers=["日期"])
    objects["prepared_file"].file.save("service", ContentFile(book.content()))
    return world
