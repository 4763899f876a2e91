"""The access-control matrix: every URL pattern of the project, for every role, with a real object.

Each entry of ``MATRIX`` names a URL pattern ("namespace:name", or "/" + route for an unnamed
one), the HTTP method the page is really used with, its arguments from the world of
tests/app/access_matrix.py, and the answer of each role, in this order:

    anon    not signed in
    staff   staff_a: logged the records, owns the pledge, the patrol and the measure, is the mentee
            and the nominee
    leader  group_leader_a: leads staff_a's party group
    sec_a   secretary_a: the secretary of the object's branch (every object is in branch A)
    sec_b   secretary_b: the secretary of another branch
    member  committee_member: the committee office, read only
    admin   committee_admin: the committee office, may change everything

An answer is ``ok`` (200, or a redirect that is not to the login page: an allowed POST usually
redirects), ``login`` (302 to the login page with ?next=), ``403``, ``404`` or ``405``. A POST-only
view is also asked with GET (``get=``, by default 405 once signed in). Every request runs in a
transaction that is rolled back, so no request sees what another one changed.

A URL pattern without an entry, or an entry without its pattern, fails
``test_every_url_pattern_has_an_entry_and_every_entry_a_pattern``. Django admin and set_language
are not walked (``SKIPPED_INCLUDES`` in access_matrix.py says why).
"""

import datetime
from collections import Counter
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from services.records.kinds import KINDS
from tests.app.access_matrix import (
    ANSWERS,
    ROLES,
    SKIPPED_INCLUDES,
    ask,
    build_world,
    url_patterns,
)


@dataclass(frozen=True)
class Check:
    method: str
    answers: tuple
    args: tuple = ()
    data: object = None  # a dict, or a function of the world giving one
    get: tuple = None  # for a POST-only view: what a GET answers

    def url(self, key, world):
        args = [argument(world, value) for value in self.args]
        if key.startswith("/"):
            assert not args, f"{key}: an unnamed pattern takes no arguments; give it a name"
            return key
        return reverse(key, args=args)

    def post_data(self, world):
        return self.data(world) if callable(self.data) else self.data


def argument(world, value):
    """A URL argument: "@name" is the pk of the world's object of that name, a function is called
    with the world, anything else is itself."""
    if callable(value):
        return value(world)
    if isinstance(value, str) and value.startswith("@"):
        return getattr(world, value[1:]).pk
    return value


def answers(text):
    row = tuple(text.split())
    assert len(row) == len(ROLES) and set(row) <= ANSWERS, f"seven answers of {sorted(ANSWERS)}: {text!r}"
    return row


GET_405 = "login 405 405 405 405 405 405"  # @login_required before @require_POST


def GET(text, *args):
    return Check("GET", answers(text), args)


def POST(text, *args, data=None, get=GET_405):
    return Check("POST", answers(text), args, data=data, get=answers(get))


def per_kind(make, text, *args):
    """The same check for every record kind of services.kinds.KINDS: in ``args``, "kind" stands for
    the kind's slug and "@kind" for the pk of staff_a's record of that kind."""
    return [make(text, *[f"@{slug}" if value == "@kind" else slug if value == "kind" else value for value in args])
            for slug in KINDS]


# fmt: off
MATRIX = {
    # -- The project's pages: dashboard, pillars, report, accounts, files
    #                                       anon  staff leader sec_a sec_b member admin
    "/":                               GET("ok    ok    ok     ok    ok    ok     ok"),  # redirects to the dashboard
    "healthz":                         GET("ok    ok    ok     ok    ok    ok     ok"),  # for the load balancer
    "favicon":                         GET("301   301   301    301   301   301    301"),  # the icon, for good
    "lecture-check-in-link":           GET("login ok    ok     ok    ok    ok     ok", "123456"),  # the QR code's short URL
    "dashboard":                       GET("login ok    ok     ok    ok    ok     ok"),
    # A party group's page: its leader, the branch's managers, the committee office; not its members.
    "group-page":                      GET("login 403   ok     ok    404   ok     ok", "@group"),
    "pillar-lead":                     GET("login ok    ok     ok    ok    ok     ok"),  # the pillars are public
    "pillar-pass-on":                  GET("login ok    ok     ok    ok    ok     ok"),
    "pillar-dedicate":                 GET("login ok    ok     ok    ok    ok     ok"),
    "pillar-serve":                    GET("login ok    ok     ok    ok    ok     ok"),
    # The report: the committee office any branch, a branch's managers their own branch only.
    # The hall's screen opens its page with the token alone: nobody logs in on it.
    "hall-display":                    GET("ok    ok    ok     ok    ok    ok     ok", lambda world: world.display.token),
    "annual-report":                   GET("login 403   403    ok    ok    ok     ok"),
    "annual-report-file":             [GET("login 403   403    ok    ok    ok     ok", "docx"),
                                       GET("login 403   403    ok    ok    ok     ok", "xlsx")],
    "login":                           GET("ok    ok    ok     ok    ok    ok     ok"),  # signed in: to the dashboard
    # LogoutView takes POST only, for everyone; it redirects to the login page without ?next=.
    "logout":                         POST("ok    ok    ok     ok    ok    ok     ok", get="405 405 405 405 405 405 405"),
    # Large text (长者模式): each login's own choice, made from any page.
    # Signed out: to the login page, then back to the page it was chosen on (an expired session).
    "large-text":                     POST("login ok    ok     ok    ok    ok     ok", data={"on": "1", "next": "/pillars/lead/"},
                                           get="405 405 405 405 405 405 405"),
    "password_change":                 GET("login ok    ok     ok    ok    ok     ok"),
    "password_change_done":            GET("login ok    ok     ok    ok    ok     ok"),
    # The reset by e-mail exists only where e-mail is configured (not in the tests' settings).
    "password_reset":                  GET("404   404   404    404   404   404    404"),
    "password_reset_done":             GET("404   404   404    404   404   404    404"),
    "password_reset_confirm":          GET("404   404   404    404   404   404    404", "MQ", "set-password"),
    "password_reset_complete":         GET("404   404   404    404   404   404    404"),
    # Uploads to everyone signed in (their names are random: branches.uploads.RandomName), but a
    # record's photo and its thumbnail only to those who may see the record.
    "media":                          [GET("login ok    ok     ok    ok    ok     ok", lambda world: world.material.file.name),
                                       GET("login ok    ok     ok    404   ok     ok", lambda world: world.photo.image.name),
                                       GET("login ok    ok     ok    404   ok     ok", lambda world: world.photo.thumbnail.name)],

    # -- 领跑: the organisation, brands, pledges, honours, the hall, people
    #                                       anon  staff leader sec_a sec_b member admin
    "branches:branch-list":            GET("login ok    ok     ok    ok    ok     ok"),
    "branches:branch-detail":          GET("login ok    ok     ok    404   ok     ok", "@branch"),
    # Branch A has its brand: its managers are sent on to editing it.
    "branches:brand-create":           GET("login 403   403    ok    404   403    ok", "@branch"),
    "branches:brand-list":             GET("login ok    ok     ok    ok    ok     ok"),
    "branches:brand-detail":           GET("login ok    ok     ok    ok    ok     ok", "@brand"),  # brands are public
    "branches:brand-edit":             GET("login 403   403    ok    403   403    ok", "@brand"),
    "branches:pledge-board":           GET("login ok    ok     ok    ok    ok     ok"),
    "branches:pledge-create":          GET("login 403   403    ok    ok    403    ok"),  # any branch's managers
    # staff_a's own pledge, not displayed at the window: the member keeps it, the branch manages it.
    "branches:pledge-edit":            GET("login ok    403    ok    404   403    ok", "@pledge"),
    "branches:my-pledge":              GET("login ok    ok     ok    ok    ok     ok"),  # every role is a party member
    # The party brand: everyone signed in reads it; the committee administrator keeps it.
    "branches:party-brand":            GET("login ok    ok     ok    ok    ok     ok"),
    "branches:party-brand-edit":       GET("login 403   403    403   403   403    ok"),
    # The hall's screens: the committee reads their list, its administrator issues and revokes them.
    # A prepared file is its owner's (staff_a) alone.
    "branches:prepared-file":          GET("login ok    404    404   404   404    404", "@prepared_file"),
    "branches:prepared-file-download": GET("login ok    404    404   404   404    404", "@prepared_file"),
    "branches:display-list":           GET("login 403   403    403   403   ok     ok"),
    "branches:display-issue":         [GET("login 403   403    403   403   403    ok"),
                                       POST("login 403   403    403   403   403    ok", data={"name": "二楼大厅"},
                                            get="login 403   403    403   403   403    ok")],
    "branches:display-revoke":        [GET("login 404   404    404   404   403    ok", "@display"),
                                       POST("login 404   404    404   404   403    ok", "@display",
                                            get="login 404   404    404   404   403    ok")],
    "branches:honour-list":            GET("login ok    ok     ok    ok    ok     ok"),
    # Honours are public; a branch's managers keep those of their branch and its people.
    "branches:honour-create":          GET("login 403   403    ok    ok    403    ok"),
    "branches:honour-edit":            GET("login 403   403    ok    403   403    ok", "@honour"),
    "branches:honour-delete":         POST("login 403   403    ok    403   403    ok", "@honour"),
    "branches:window-coverage":        GET("login ok    ok     ok    ok    ok     ok"),
    # A branch's zones and groups: kept by its managers (any branch's may open the empty form).
    "branches:zone-create":            GET("login 403   403    ok    ok    403    ok"),
    "branches:zone-edit":              GET("login 403   403    ok    404   403    ok", "@zone"),
    "branches:group-create":           GET("login 403   403    ok    ok    403    ok"),
    "branches:group-edit":             GET("login 403   403    ok    404   403    ok", "@group"),
    "branches:person-list":            GET("login ok    ok     ok    ok    ok     ok"),  # each sees their branch
    "branches:person-export":          GET("login ok    ok     ok    ok    ok     ok"),  # the same list, in Excel
    # The people pickers' search: each finds among the people a rule offers them (none: an empty list).
    "branches:person-search":          GET("login ok    ok     ok    ok    ok     ok", "people-seen"),
    "branches:person-detail":          GET("login ok    ok     ok    404   ok     ok", "@person"),
    "branches:person-edit":            GET("login 403   403    ok    404   403    ok", "@person"),
    "branches:development-step-add":  POST("login 403   403    ok    404   403    ok", "@person"),
    # The committee administrator gives a temporary password (here staff_a's, who has a login).
    "branches:person-temporary-password":
                                      POST("login 403   403    403   403   403    ok", lambda world: world.office.people["staff_a"].pk),
    "branches:development-pipeline":   GET("login 403   403    ok    ok    ok     ok"),
    "branches:my-page":                GET("login ok    ok     ok    ok    ok     ok"),
    "branches:roster-import":          GET("login 403   403    ok    ok    403    ok"),  # secretaries, their branch
    "branches:roster-template":       [GET("login 403   403    ok    ok    403    ok", "people"),
                                       GET("login 403   403    403   403   403    ok", "windows")],  # windows: the admin

    # -- 传承: lectures, mentoring, studios
    #                                       anon  staff leader sec_a sec_b member admin
    "branches:lecture-list":           GET("login ok    ok     ok    ok    ok     ok"),
    "branches:lecture-create":         GET("login 403   403    ok    ok    403    ok"),
    "branches:lecture-check-in":       GET("login ok    ok     ok    ok    ok     ok"),
    "branches:lecture-detail":         GET("login ok    ok     ok    ok    ok     ok", "@lecture"),  # lectures are public
    "branches:lecture-edit":           GET("login 403   403    ok    403   403    ok", "@lecture"),
    "branches:lecture-projector":      GET("login 403   403    ok    403   403    ok", "@lecture"),
    "branches:lecture-register":      POST("login 403   403    ok    403   403    ok", "@lecture"),
    # The organisers and the speakers (here a member of branch A without a login).
    "branches:lecture-question-add":  POST("login 403   403    ok    403   403    ok", "@lecture"),
    "branches:lecture-question-edit":  GET("login 403   403    ok    403   403    ok", "@lecture", "@question"),
    "branches:lecture-material-add":  POST("login 403   403    ok    403   403    ok", "@lecture"),
    "branches:lecture-material-remove":
                                      POST("login 403   403    ok    403   403    ok", "@lecture", "@material"),
    "branches:lecture-material-download":
                                       GET("login ok    ok     ok    ok    ok     ok", "@lecture", "@material"),
    "branches:lecture-attend":        POST("login ok    ok     ok    ok    ok     ok", "@lecture"),
    "branches:lecture-feedback":      POST("login ok    ok     ok    ok    ok     ok", "@lecture"),
    "branches:mentorship-list":        GET("login ok    ok     ok    ok    ok     ok"),
    "branches:mentorship-create":      GET("login 403   403    ok    ok    403    ok"),
    # staff_a is the mentee: the pair, the mentee's branch's managers and the committee office see it.
    "branches:mentorship-detail":      GET("login ok    404    ok    404   ok     ok", "@mentorship"),
    "branches:mentorship-session-add":POST("login ok    404    403   404   403    403", "@mentorship"),  # the pair only
    "branches:mentorship-evaluate":   [POST("login 403   404    ok    404   403    ok", "@mentorship", "midterm"),
                                       POST("login 403   404    ok    404   403    ok", "@mentorship", "final")],
    "branches:mentorship-end":        POST("login 403   404    ok    404   403    ok", "@mentorship"),
    "services:studio-list":            GET("login ok    ok     ok    ok    ok     ok"),
    "services:studio-detail":          GET("login ok    ok     ok    ok    ok     ok", "@studio"),  # studios are public
    # A studio's cases and firsts: kept by the managers of its leader's branch.
    "services:case-create":            GET("login 403   403    ok    403   403    ok", "@studio"),
    "services:case-edit":              GET("login 403   403    ok    403   403    ok", "@case"),
    "services:milestone-create":       GET("login 403   403    ok    403   403    ok", "@studio"),
    "services:milestone-edit":         GET("login 403   403    ok    403   403    ok", "@milestone"),
    "services:milestone-delete":      POST("login 403   403    ok    403   403    ok", "@milestone"),
    # the studios' old addresses under /org/ moved for good to the new ones, which ask for a login
    "studio-list-moved":               GET("301   301   301    301   301   301    301"),
    "studio-detail-moved":             GET("301   301   301    301   301   301    301", "@studio"),

    # -- 党员示范岗: rating rounds (a draft is the committee office's; from then on public)
    #                                       anon  staff leader sec_a sec_b member admin
    "branches:rating-round-list":      GET("login ok    ok     ok    ok    ok     ok"),
    "branches:rating-round-create":    GET("login 403   403    403   403   403    ok"),
    "branches:rating-round-detail":   [GET("login 404   404    404   404   ok     ok", "@draft_round"),
                                       GET("login ok    ok     ok    ok    ok     ok", "@published_round")],
    "branches:rating-round-edit":      GET("login 404   404    404   404   403    ok", "@draft_round"),
    "branches:rating-round-advance":  [POST("login 404   404    404   404   403    ok", "@draft_round", "open-nominations"),
                                       POST("login 403   403    403   403   403    ok", "@nominating_round", "open-scoring"),
                                       POST("login 403   403    403   403   403    ok", "@scoring_round", "close-scoring"),
                                       POST("login 403   403    403   403   403    ok", "@decided_round", "publish")],
    # Nominating is the branches' own: the committee administrator nominates for no branch.
    "branches:rating-nominate":        GET("login 403   403    ok    ok    403    403", "@nominating_round"),
    "branches:rating-score":           GET("login 403   403    403   403   ok     403", "@scoring_round"),  # member rates
    "branches:rating-decide":          GET("login 403   403    403   403   403    ok", "@decided_round"),
    # staff_a's nomination: the nominee sees it, only the nominating branch withdraws it.
    "branches:rating-nomination-withdraw":
                                      POST("login 403   404    ok    404   403    403", "@nomination"),
    "branches:rating-wall":            GET("login ok    ok     ok    ok    ok     ok"),

    # -- Records staff log, their review, notifications
    #                                       anon  staff leader sec_a sec_b member admin
    "services:log-choose":             GET("login ok    ok     ok    ok    ok     ok"),
    "services:record-log":    per_kind(GET, "login ok    ok     ok    ok    ok     ok", "kind"),
    "services:my-records":             GET("login ok    ok     ok    ok    ok     ok"),
    "services:patrol-plan":            GET("login ok    ok     ok    ok    ok     ok"),  # each sees their branch's zones
    "services:duty-rota":              GET("login ok    ok     ok    ok    ok     ok"),  # each reads their branch's rota
    # Branch A's rota of this month: kept by its managers.
    "services:duty-rota-edit":         GET("login 403   403    ok    404   403    ok", "@branch",
                                           lambda world: datetime.date.today().year, lambda world: datetime.date.today().month),
    "services:review-queue":           GET("login 403   403    ok    ok    403    ok"),
    # Ticking another branch's record is ignored (the queue says "tick the records first").
    "services:review-selected":       POST("login 403   403    ok    ok    403    ok",
                                           data=lambda world: {"decision": "approve", "records": [f"service:{world.service.pk}"]}),
    # Back-fill from Excel: any branch's managers, for their own branch (the rows say whose records).
    "services:record-backfill":        GET("login 403   403    ok    ok    403    ok"),
    "services:record-backfill-template": per_kind(GET, "login 403 403 ok ok 403 ok", "kind"),
    "services:notification-list":      GET("login ok    ok     ok    ok    ok     ok"),
    "services:notification-read-all": POST("login ok    ok     ok    ok    ok     ok"),
    "services:notification-preferences": GET("login ok  ok     ok    ok    ok     ok"),
    # staff_a's notification is staff_a's alone, whoever else asks.
    "services:notification-open":      GET("login ok    404    404   404   404    404", "@notification"),
    # staff_a's waiting records: the person, the group's leader, the branch's managers, the office.
    "services:record-list":   per_kind(GET, "login ok    ok     ok    ok    ok     ok", "kind"),
    "services:record-export": per_kind(GET, "login ok    ok     ok    ok    ok     ok", "kind"),
    "services:record-detail": per_kind(GET, "login ok    ok     ok    404   ok     ok", "kind", "@kind"),
    "services:record-edit":   per_kind(GET, "login ok    403    ok    404   403    ok", "kind", "@kind"),
    "services:record-review": per_kind(POST, "login 403  403    ok    404   403    ok", "kind", "@kind"),
    "services:record-history":per_kind(GET, "login ok    ok     ok    404   ok     ok", "kind", "@kind"),

    # -- 服务: the problem loop (open to the hall; branch A's managers run it, staff_a owns the measure)
    #                                       anon  staff leader sec_a sec_b member admin
    "services:problem-list":           GET("login ok    ok     ok    ok    ok     ok"),
    "services:problem-export":         GET("login ok    ok     ok    ok    ok     ok"),
    "services:problem-report":         GET("login ok    ok     ok    ok    ok     ok"),
    "services:problem-detail":         GET("login ok    ok     ok    ok    ok     ok", "@problem"),
    "services:problem-start":         POST("login ok    403    ok    403   403    ok", "@problem"),
    "services:problem-resolve":       POST("login ok    403    ok    403   403    ok", "@problem"),
    "services:problem-verify":        POST("login 403   403    ok    403   403    ok", "@problem"),
    "services:measure-done":          POST("login ok    403    ok    403   403    ok", "@measure"),
    "services:round-table-create":     GET("login 403   403    ok    ok    403    ok"),  # for the own branch
    # staff_a's patrol: who sees the patrol sees the button, but only the patroller and managers use it.
    "services:problem-from-patrol":   POST("login ok    403    ok    404   403    ok", "@patrol"),
    # Projects and joint items are public; projects are kept by the team leader's branch.
    "services:project-list":           GET("login ok    ok     ok    ok    ok     ok"),
    "services:project-create":         GET("login 403   403    ok    ok    403    ok"),
    "services:project-detail":         GET("login ok    ok     ok    ok    ok     ok", "@project"),
    "services:project-edit":           GET("login 403   403    ok    403   403    ok", "@project"),
    "services:joint-item-list":        GET("login ok    ok     ok    ok    ok     ok"),
    "services:joint-item-create":      GET("login 403   403    403   403   403    ok"),
    "services:joint-item-edit":        GET("login 403   403    403   403   403    ok", "@joint_item"),
    "services:satisfaction":           GET("login ok    ok     ok    ok    ok     ok"),
    "services:satisfaction-import":    GET("login 403   403    403   403   403    ok"),
    "services:satisfaction-template":  GET("login 403   403    403   403   403    ok"),
}
# fmt: on

#: URL × role checks: every variant of every entry for the seven roles, and a POST-only view's GET
#: as well. docs/SECURITY.md quotes it: a new entry changes it.
CHECK_COUNT = 1456


def checks_of(key):
    entry = MATRIX[key]
    return entry if isinstance(entry, list) else [entry]


def all_checks():
    return [check for key in MATRIX for check in checks_of(key)]


def counted_requests():
    return sum(len(ROLES) * (2 if check.get else 1) for check in all_checks())


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """One world for the module, in a transaction rolled back at its end; uploads in a temporary folder."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")), django_db_blocker.unblock():
        with transaction.atomic():
            yield build_world()
            transaction.set_rollback(True)


def test_every_url_pattern_has_an_entry_and_every_entry_a_pattern():
    patterns, skipped = url_patterns()
    keys = [pattern.key for pattern in patterns]
    assert len(keys) == len(set(keys)), "two URL patterns share a name"
    missing = sorted(set(keys) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(keys))
    assert not missing, f"URL patterns without an entry in the access matrix: {missing}"
    assert not stale, f"matrix entries for URL patterns that no longer exist: {stale}"
    assert skipped == set(SKIPPED_INCLUDES), "a skipped include is no longer in the URLconf"


def security_tally(request):
    """The suite's count of security checks (the ``tally`` fixture of tests/conftest.py, which
    prints it in the terminal summary), or a throwaway counter where the suite has none."""
    try:
        return request.getfixturevalue("tally")
    except pytest.FixtureLookupError:
        return Counter()


@pytest.mark.parametrize("key", list(MATRIX))
def test_every_role_gets_the_expected_answer(key, world, db, request):
    """Each role's answer, and what each page it opens holds (tests/app/page_checks.py)."""
    tally = security_tally(request)
    wrong = []
    for check in checks_of(key):
        url = check.url(key, world)
        asked = [(check.method, check.answers, check.post_data(world))]
        if check.get:
            asked.append(("GET", check.get, None))
        for method, expected, data in asked:
            for (column, role), wanted in zip(ROLES, expected):
                got = ask(world.user(role), method, url, data, found=wrong)
                tally["URL × role checks (access matrix)"] += 1
                if got != wanted:
                    wrong.append(f"{method} {url} as {column} ({role or 'anonymous'}): expected {wanted}, got {got}")
    if wrong:
        pytest.fail("\n".join(wrong), pytrace=False)


def test_the_matrix_counts_its_checks(capsys):
    patterns, _ = url_patterns()
    count = counted_requests()
    with capsys.disabled():
        print(f"\naccess matrix: {len(patterns)} URL patterns, {len(all_checks())} URL variants, "
              f"{count} URL × role checks")
    assert count == CHECK_COUNT, "the matrix changed: update CHECK_COUNT and docs/SECURITY.md"
