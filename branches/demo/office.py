"""The demo office: 奉化区政务办机关党委 as the seed document describes it.

Names, brands, practices, honours up to 2021 and the development figures (13 applications,
4 activists, 8 new members in 2019–2021) come from the document. Invented: the people,
deterministically (``random.Random(2021)``), so every run builds the same office; their
development after 2021 (the dated steps of :data:`branches.demo.seed.DEVELOPMENT_PATHS`, and for
the years after the last of them one application a branch and every step one further a year,
:meth:`DemoBuilder.build_later_development`); pledges of every year since the document's; the
honours of the later years (:data:`LATER_HONOURS`). Development steps go through
:func:`branches.people.actions.record_development_step`, like the secretaries' own entries, and
none is dated after ``today``.
"""

import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from branches.demo.seed import (
    AREAS,
    BRANCHES,
    COMMITTEE_NAME,
    DEMO_PASSWORD,
    DEVELOPMENT_PATHS,
    FEMALE_CHARACTERS,
    HONOURS,
    ID_NUMBER_REGION,
    LOGINS,
    MALE_CHARACTERS,
    PEOPLE_PER_BRANCH,
    PHONE_PREFIXES,
    PLEDGE_YEAR_OF_THE_DOCUMENT,
    PLEDGES,
    SURNAMES,
    WINDOWS_WITHOUT_ZONE,
    ZONES_START,
    D,
    Seat,
)
from branches.honours.models import Honour, HonourLevel
from branches.kernel.validators import id_number_check_character
from branches.organisation.models import (
    Branch,
    Committee,
    HallArea,
    PartyGroup,
    ResponsibilityZone,
    Window,
)
from branches.people.actions import record_development_step
from branches.people.models import (
    BranchRole,
    Gender,
    Person,
    PoliticalStatus,
)
from branches.pledges.models import BranchBrand, ServicePledge

# Invented: the honours since the document's years, as (year, title, level, holder) with the
# holder the committee (None), a branch (its number) or a person ("member": a party member, in
# turn). A year after the last listed repeats the last year's titles.
LATER_HONOURS = [
    (2022, "宁波市五星级基层党组织", HonourLevel.MUNICIPAL, None),
    (2022, "宁波市巾帼文明岗", HonourLevel.MUNICIPAL, 5),
    (2022, "奉化区优秀共产党员", HonourLevel.DISTRICT, "member"),
    (2023, "宁波市五星级基层党组织", HonourLevel.MUNICIPAL, None),
    (2023, "浙江省“最多跑一次”改革示范窗口", HonourLevel.PROVINCIAL, 1),
    (2023, "奉化区优秀共产党员", HonourLevel.DISTRICT, "member"),
    (2024, "宁波市先进基层党组织", HonourLevel.MUNICIPAL, None),
    (2024, "浙江省青年文明号", HonourLevel.PROVINCIAL, 4),
    (2024, "宁波市服务标兵", HonourLevel.MUNICIPAL, "member"),
    (2025, "宁波市五星级基层党组织", HonourLevel.MUNICIPAL, None),
    (2025, "宁波市营商环境建设先进集体", HonourLevel.MUNICIPAL, 3),
    (2025, "奉化区优秀共产党员", HonourLevel.DISTRICT, "member"),
    (2026, "宁波市五星级基层党组织", HonourLevel.MUNICIPAL, None),
    (2026, "奉化区人民满意窗口", HonourLevel.DISTRICT, 2),
    (2026, "奉化区优秀共产党员", HonourLevel.DISTRICT, "member"),
]
# A year's honours are known from its second half on.
HONOURS_KNOWN_FROM_MONTH = 7
LAST_LISTED_DEVELOPMENT_YEAR = max(date.year for path in DEVELOPMENT_PATHS for date in path)


def build_office(*, today=None):
    """The demo office's organisation, people, zones, pledges and honours; returns the committee."""
    return DemoBuilder(random.Random(2021), today=today or timezone.localdate()).build()


def demo_logins():
    """(username, role description, person) for each demo login, as far as they exist."""
    people = {
        person.user.username: person
        for person in Person.objects.filter(user__username__in=[name for name, _role in LOGINS])
        .select_related("user", "branch")
    }
    return [(username, role, people.get(username)) for username, role in LOGINS]


def valid_id_number(birth_date, sequence):
    body = ID_NUMBER_REGION + birth_date.strftime("%Y%m%d") + f"{sequence % 1000:03d}"
    return body + id_number_check_character(body)


def later_honours(year):
    """The invented honours of a year after the document's (see :data:`LATER_HONOURS`)."""
    listed = [honour for honour in LATER_HONOURS if honour[0] == year]
    if listed or year <= LATER_HONOURS[-1][0]:
        return listed
    last = LATER_HONOURS[-1][0]
    return [(year, title, level, holder) for listed_year, title, level, holder in LATER_HONOURS if listed_year == last]


class DemoBuilder:
    def __init__(self, rng, *, today):
        self.rng = rng
        self.today = today
        self.year = today.year
        self.used_names = set()
        self.people = []  # (person, seat), in creation order
        self.users = {}

    def build(self):
        committee = Committee.objects.create(name=COMMITTEE_NAME, short_name="政务办机关党委")
        areas, windows = self.build_hall()
        branches = self.build_branches(committee, areas, windows)
        groups = self.build_groups(branches)
        self.build_users()
        self.build_people(branches, windows, groups)
        self.lead_groups(groups)
        self.build_development()
        self.build_zones(windows)
        self.build_pledges()
        self.build_honours(committee)
        return committee

    def build_hall(self):
        areas, windows = {}, {}
        for ordering, (code, name, floor, window_specs) in enumerate(AREAS, start=1):
            areas[code] = HallArea.objects.create(code=code, name=name, floor=floor, ordering=ordering)
            windows[code] = [
                Window(code=f"{code}-{index:02d}", name=window_name, business_line=line, area=areas[code])
                for index, (window_name, line) in enumerate(window_specs, start=1)
            ]
        Window.objects.bulk_create([window for area_windows in windows.values() for window in area_windows])
        return areas, windows

    def build_branches(self, committee, areas, windows):
        branches = {}
        for spec in BRANCHES:
            branch = Branch.objects.create(committee=committee, number=spec.number, name=spec.name)
            branch.areas.set([areas[spec.area]])
            Window.objects.filter(area=areas[spec.area]).update(covering_branch=branch)
            for window in windows[spec.area]:
                window.covering_branch = branch
            if spec.brand:
                BranchBrand.objects.create(
                    branch=branch, name=spec.brand.name, slogan=spec.brand.slogan, story=spec.brand.story
                )
            branches[spec.number] = branch
        return branches

    def build_groups(self, branches):
        groups = [
            PartyGroup(branch=branches[spec.number], name=group.name, kind=group.kind, serves=group.serves)
            for spec in BRANCHES
            for group in spec.groups
        ]
        PartyGroup.objects.bulk_create(groups)
        return {(group.branch_id, group.name): group for group in groups}

    def build_users(self):
        password = make_password(DEMO_PASSWORD)
        User = get_user_model()
        for username, _role in LOGINS:
            is_admin = username == "admin"
            self.users[username] = User.objects.create(
                username=username,
                password=password,
                is_staff=is_admin,
                is_superuser=is_admin,
                email=f"{username}@hall.example",  # notices by e-mail can be chosen (and read on the console)
            )

    def build_people(self, branches, windows, groups):
        paths = {number: DEVELOPMENT_PATHS[number - 1 :: len(BRANCHES)] for number in branches}
        people = []
        for spec in BRANCHES:
            branch = branches[spec.number]
            branch_groups = [groups[(branch.pk, group.name)] for group in spec.groups]
            branch_windows = windows[spec.area]
            window_turn = 0
            for index, seat in enumerate(self.branch_seats(spec, paths[spec.number])):
                window = None
                if seat.has_window:
                    window = branch_windows[window_turn % len(branch_windows)]
                    window_turn += 1
                group = None
                if seat.leads:
                    group = groups[(branch.pk, seat.leads)]
                elif seat.final_status >= PoliticalStatus.PROBATIONARY:
                    group = branch_groups[index % len(branch_groups)]
                person = self.new_person(seat, len(people) + 1, branch, window, group)
                people.append(person)
                self.people.append((person, seat))
        Person.objects.bulk_create(people)

    def branch_seats(self, spec, paths):
        secretary = Seat(
            title=f"{spec.section}科长",
            branch_role=BranchRole.SECRETARY,
            is_section_chief=True,
            username=spec.secretary_login,
            name=spec.secretary_name,
            gender=Gender.FEMALE if spec.secretary_name else "",
        )
        committee = [
            Seat(title=f"{spec.section}副科长", branch_role=BranchRole.COMMITTEE, username=spec.committee_login),
            Seat(title=spec.staff_titles[0], branch_role=BranchRole.COMMITTEE),
        ]
        leaders = [
            Seat(
                title=group.leader_title,
                is_section_chief=group.leader_is_section_chief,
                username=group.leader_login,
                leads=group.name,
            )
            for group in spec.groups
        ]
        newcomers = [
            Seat(title=spec.staff_titles[index % len(spec.staff_titles)], status=PoliticalStatus.MASSES, path=path)
            for index, path in enumerate(paths)
        ]
        seats = [secretary, *committee, *leaders, *spec.extra_seats, *newcomers]
        for index in range(PEOPLE_PER_BRANCH - len(seats)):
            status = PoliticalStatus.MASSES if index % 5 in (1, 3) else PoliticalStatus.FULL
            seats.append(Seat(title=spec.staff_titles[index % len(spec.staff_titles)], status=status))
        return seats

    def new_person(self, seat, number, branch, window, group):
        gender = seat.gender or (Gender.FEMALE if self.rng.random() < 0.55 else Gender.MALE)
        first_year = 1988 if seat.path else 1966
        birth_date = D(self.rng.randint(first_year, 1999), self.rng.randint(1, 12), self.rng.randint(1, 28))
        if seat.path:  # old enough to apply (18) on the day of the application
            birth_date = birth_date.replace(year=min(birth_date.year, seat.path[0].year - 19))
        sequence = number * 2 + (1 if gender == Gender.MALE else 0)
        return Person(
            staff_number=f"ZWB{number:04d}",
            name=seat.name or self.new_name(gender),
            user=self.users.get(seat.username),
            branch=branch,
            group=group,
            window=window,
            title=seat.title,
            is_section_chief=seat.is_section_chief,
            gender=gender,
            political_status=seat.status,
            branch_role=seat.branch_role,
            committee_role=seat.committee_role,
            phone=self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randrange(10**8):08d}",
            id_number=valid_id_number(birth_date, sequence),
            birth_date=birth_date,
        )

    def new_name(self, gender):
        characters = FEMALE_CHARACTERS if gender == Gender.FEMALE else MALE_CHARACTERS
        while True:
            length = 2 if self.rng.random() < 0.7 else 1
            name = self.rng.choice(SURNAMES) + "".join(self.rng.choice(characters) for _ in range(length))
            if name not in self.used_names:
                self.used_names.add(name)
                return name

    def lead_groups(self, groups):
        for person, seat in self.people:
            if seat.leads:
                groups[(person.branch_id, seat.leads)].leader = person
        PartyGroup.objects.bulk_update(groups.values(), ["leader"])

    def build_development(self):
        recorders = {
            person.branch_id: person.user
            for person, seat in self.people
            if seat.branch_role == BranchRole.SECRETARY and person.user
        }
        admin = self.users["admin"]
        for person, seat in self.people:
            for stage, date in enumerate(seat.path, start=PoliticalStatus.APPLICANT):
                if date <= self.today:
                    record_development_step(
                        person, stage=stage, date=date, by=recorders.get(person.branch_id, admin)
                    )
        self.build_later_development(recorders, admin)

    def build_later_development(self, recorders, admin):
        """The years after the last dated step (invented): each year, in each branch, everyone in
        development takes the next step and one member of the masses applies, on the branch's
        day of the year (so a probation lasts a year)."""
        people = Person.objects.filter(pk__in=[person.pk for person, _seat in self.people])
        statuses = dict(people.values_list("pk", "political_status"))
        for year in range(LAST_LISTED_DEVELOPMENT_YEAR + 1, self.year + 1):
            for spec in BRANCHES:
                date = D(year, 2 + spec.number * 2, 10 + spec.number)
                if date > self.today:
                    continue
                members = [(p, seat) for p, seat in self.people if p.branch.number == spec.number]
                moving = [
                    p for p, _seat in members if PoliticalStatus.APPLICANT <= statuses[p.pk] < PoliticalStatus.FULL
                ]
                masses = [
                    p for p, seat in members
                    if statuses[p.pk] == PoliticalStatus.MASSES and not seat.path and not seat.username
                ]
                applicant = masses[0] if masses else None
                for person in [*moving, *([applicant] if applicant else [])]:
                    statuses[person.pk] += 1
                    record_development_step(
                        person, stage=statuses[person.pk], date=date, by=recorders.get(person.branch_id, admin)
                    )

    def build_zones(self, windows):
        """Each window gets the zone of its longest-standing ordinary member (a cadre if none)."""
        seats = {person.pk: seat for person, seat in self.people}
        holders = {}
        for area_windows in windows.values():
            for window in area_windows:
                if window.code not in WINDOWS_WITHOUT_ZONE:
                    holders.setdefault(self.zone_holder(window), []).append(window)
        for person, zone_windows in holders.items():
            codes = "、".join(window.code for window in zone_windows)
            zone = ResponsibilityZone.objects.create(
                member=person,
                name=f"{codes}窗口责任区",
                description=f"负责{codes}窗口的服务质量、秩序和问题发现。",
                starts_on=max(ZONES_START, seats[person.pk].member_since),
            )
            zone.windows.set(zone_windows)
        patroller = next(person for person, seat in self.people if person.branch.number == 2 and seat.leads)
        ResponsibilityZone.objects.create(
            member=patroller,
            name="办事大厅“每日一巡”责任区",
            description="巡查办事大厅公共区域，发现的问题纳入“问题及时发现有效解决闭环机制”。",
            starts_on=ZONES_START,
        )

    def zone_holder(self, window):
        at_window = [
            (person, seat)
            for person, seat in self.people
            if person.window_id == window.pk and seat.member_since is not None
        ]
        ordinary = [(person, seat) for person, seat in at_window if not seat.branch_role and not seat.leads]
        person, _seat = min(ordinary or at_window, key=lambda item: item[1].member_since)
        return person

    def build_pledges(self):
        years = range(PLEDGE_YEAR_OF_THE_DOCUMENT, self.year + 1)
        pledges = []
        for index, (person, seat) in enumerate(self.people):
            if seat.member_since is None or (index % 9 == 8 and not seat.username):
                continue
            for year in years:
                if seat.member_since.year <= year:
                    text = PLEDGES[(index + year) % len(PLEDGES)]
                    pledges.append(ServicePledge(person=person, year=year, text=text))
        ServicePledge.objects.bulk_create(pledges)

    def build_honours(self, committee):
        honours = [Honour(year=year, title=title, level=level, committee=committee) for year, title, level in HONOURS]
        branches = {person.branch.number: person.branch for person, _seat in self.people}
        # long-standing members (not the newcomers, who might be honoured before they joined)
        members = [person for person, seat in self.people if seat.member_since == D.min and not seat.username]
        last_known = self.year if self.today.month >= HONOURS_KNOWN_FROM_MONTH else self.year - 1
        for year in range(HONOURS[-1][0] + 1, last_known + 1):
            for number, (_year, title, level, holder) in enumerate(later_honours(year)):
                honour = Honour(year=year, title=title, level=level)
                if holder is None:
                    honour.committee = committee
                elif holder == "member":
                    honour.person = members[(year * 5 + number) % len(members)]
                else:
                    honour.branch = branches[holder]
                honours.append(honour)
        Honour.objects.bulk_create(honours)
