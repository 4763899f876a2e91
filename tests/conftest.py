"""Shared fixtures: one small office with a user for every role.

Two branches (A and B), each with a secretary; branch A also has a branch committee member,
a group leader and a staff member; branch B has a staff member. The committee office has an
administrator and a (read-only) member. Tests log in as ``office.users[<role>]``.
"""

import datetime
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from branches.people.models import BranchRole, CommitteeRole, PoliticalStatus
from tests.factories import (
    BranchFactory,
    CommitteeFactory,
    HallAreaFactory,
    PartyGroupFactory,
    PersonFactory,
    ResponsibilityZoneFactory,
    ServicePledgeFactory,
    UserFactory,
    WindowFactory,
)

ROLES = [
    "committee_admin",
    "committee_member",
    "secretary_a",
    "branch_committee_a",
    "group_leader_a",
    "staff_a",
    "secretary_b",
    "staff_b",
]


@dataclass
class Office:
    committee: object
    branch_a: object
    branch_b: object
    group_a: object
    window_a: object
    window_b: object
    people: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)


def build_office():
    committee = CommitteeFactory()
    branch_a = BranchFactory(committee=committee, number=1, name="第一党支部")
    branch_b = BranchFactory(committee=committee, number=2, name="第二党支部")
    area = HallAreaFactory(code="A", name="商事登记区")
    window_a = WindowFactory(code="A-01", area=area, covering_branch=branch_a)
    window_b = WindowFactory(code="B-01", area=area, covering_branch=branch_b)
    group_a = PartyGroupFactory(branch=branch_a, name="一件事党小组")
    office = Office(committee, branch_a, branch_b, group_a, window_a, window_b)

    def person(role, branch, **fields):
        user = UserFactory(username=role)
        office.users[role] = user
        office.people[role] = PersonFactory(user=user, branch=branch, name=role, **fields)
        return office.people[role]

    person("committee_admin", branch_a, committee_role=CommitteeRole.ADMIN)
    person("committee_member", branch_b, committee_role=CommitteeRole.MEMBER)
    person("secretary_a", branch_a, branch_role=BranchRole.SECRETARY)
    person("branch_committee_a", branch_a, branch_role=BranchRole.COMMITTEE)
    leader = person("group_leader_a", branch_a, group=group_a)
    group_a.leader = leader
    group_a.save()
    staff_a = person(
        "staff_a", branch_a, group=group_a, window=window_a, political_status=PoliticalStatus.PROBATIONARY
    )
    person("secretary_b", branch_b, branch_role=BranchRole.SECRETARY)
    person("staff_b", branch_b, window=window_b, political_status=PoliticalStatus.MASSES)
    ResponsibilityZoneFactory(member=staff_a, name="商事登记责任区", windows=[window_a])
    ServicePledgeFactory(person=staff_a, text="微笑服务，一次办好")
    return office


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    """Tests create many users; the production hasher would spend seconds on each one.

    The login lock-out is off too (tests log in with the test client, which passes no request);
    tests/app/test_login_defences.py turns it on.
    """
    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], AXES_ENABLED=False
    ):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: the throttles count failures there."""
    cache.clear()


@pytest.fixture
def media_root(settings, tmp_path):
    """Stored uploads land in the test's own folder, never in var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def office(db):
    return build_office()


@pytest.fixture
def login(client, office):
    """Log the test client in as one of the office's roles: ``login("secretary_a")``."""

    def log_in(role):
        client.force_login(office.users[role])
        return client

    return log_in


def add_people(office, count):
    """More of everything the organisation pages show, spread over both branches."""
    for index in range(count):
        branch = office.branch_a if index % 2 else office.branch_b
        group = PartyGroupFactory(branch=branch)
        window = WindowFactory(area=office.window_a.area, covering_branch=branch)
        member = PersonFactory(branch=branch, group=group, window=window)
        ResponsibilityZoneFactory(member=member, windows=[window])
        ServicePledgeFactory(person=member)
        PersonFactory(branch=branch, political_status=PoliticalStatus.ACTIVIST)


@pytest.fixture
def grow(office):
    """``grow(n)`` adds n members (with group, window, zone and pledge) and n activists."""

    def grow_by(count):
        add_people(office, count)

    return grow_by


def query_count(django_assert_max_num_queries, client, url):
    """The number of SQL queries one GET of ``url`` runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(captured)


TALLIES = Counter()
TALLIES_FILE = Path(__file__).resolve().parent.parent / "var" / "security-tallies.json"


@pytest.fixture(scope="session")
def tally():
    """What the security tests count (URL x role checks, hostile submissions); docs/SECURITY.md
    quotes the numbers the last run printed."""
    return TALLIES


def pytest_sessionfinish(session):
    """A worker of pytest-xdist hands its counts to the controller, which prints the sum."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["security_tallies"] = dict(TALLIES)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    TALLIES.update(getattr(node, "workeroutput", {}).get("security_tallies", {}))


def pytest_terminal_summary(terminalreporter):
    if not TALLIES:
        return
    terminalreporter.write_sep("-", "security and accessibility checks run")
    for name, count in sorted(TALLIES.items()):
        terminalreporter.write_line(f"{name}: {count}")
    TALLIES_FILE.parent.mkdir(exist_ok=True)
    TALLIES_FILE.write_text(json.dumps(dict(sorted(TALLIES.items())), ensure_ascii=False, indent=2))


FIGURE_TEXT = r'{}</div><span class="visually-hidden">[^<]*</span>\s*<div class="tb-figure-value">([^<]*)<'


def figure_shown(content, label):
    """The value a page shows for the figure labelled ``label`` (templates/includes/figure_text.html)."""
    found = re.search(FIGURE_TEXT.format(re.escape(str(label))), content)
    return found and found.group(1)


def figure(key, year, branch=None):
    """One figure of the registry for a year (and a branch): what every page and the report show."""
    from branches.kernel import figures
    from branches.kernel.periods import Period

    return figures.evaluate([key], Period.year(year), branch)[key]


@pytest.fixture
def clock(monkeypatch):
    """``clock(moment)`` stops Django's clock at ``moment`` (now, localdate and auto_now follow it)."""

    def set_to(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(datetime.timezone.utc))

    return set_to
