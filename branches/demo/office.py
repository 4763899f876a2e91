"""The demo office: 奉化区政务办机关党委 as the seed document describes it.

Names, brands, practices, honours and the development figures (13 applications, 4 activists,
8 new members in 2019–2021) come from the document; the people are invented, deterministically
(``random.Random(2021)``), so every run builds the same office. Development steps go through
:func:`branches.people.actions.record_development_step`, like the secretaries' own entries.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from branches.honours.models import Honour, HonourLevel
from branches.kernel.validators import id_number_check_character
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
from branches.people.actions import record_development_step
from branches.people.models import (
    BranchRole,
    CommitteeRole,
    Gender,
    Person,
    PoliticalStatus,
)
from branches.pledges.models import BranchBrand, ServicePledge

D = datetime.date

COMMITTEE_NAME = "奉化区政务办机关党委"
DEMO_PASSWORD = "torch2021"
PEOPLE_PER_BRANCH = 30
ZONES_START = D(2019, 3, 1)
PLEDGE_YEAR_OF_THE_DOCUMENT = 2021
# Windows left without a member's responsibility zone, so the coverage page has a gap to show.
WINDOWS_WITHOUT_ZONE = ("C-06", "E-08")
# 奉化's administrative code before 2016 (ID numbers of people born there) and since (enterprises).
ID_NUMBER_REGION = "330283"

LOGINS = [
    ("admin", "committee administrator (superuser, Django admin)"),
    ("committee", "committee member (reads every branch)"),
    ("secretary1", "secretary of the 1st branch"),
    ("secretary2", "secretary of the 2nd branch"),
    ("secretary3", "secretary of the 3rd branch"),
    ("secretary4", "secretary of the 4th branch (registrar studio)"),
    ("secretary5", "secretary of the 5th branch"),
    ("branchcommittee1", "branch committee member, 1st branch"),
    ("leader1", "party group leader, 1st branch"),
    ("staff1", "staff member, 1st branch (window, zone, pledge)"),
]

AREAS = [
    ("A", "不动产登记区", 1, [
        ("不动产登记综合受理", BusinessLine.REAL_ESTATE),
        ("不动产登记综合受理", BusinessLine.REAL_ESTATE),
        ("二手房交易登记", BusinessLine.REAL_ESTATE),
        ("新建商品房登记", BusinessLine.REAL_ESTATE),
        ("不动产抵押登记", BusinessLine.REAL_ESTATE),
        ("不动产交易税费", BusinessLine.TAX),
        ("不动产网上联办“一路通”", BusinessLine.REAL_ESTATE),
        ("不动产权证书发放", BusinessLine.REAL_ESTATE),
    ]),
    ("B", "综合受理区", 1, [
        ("无差别综合受理", BusinessLine.CONSOLIDATED),
        ("无差别综合受理", BusinessLine.CONSOLIDATED),
        ("无差别综合受理", BusinessLine.CONSOLIDATED),
        ("无差别综合受理", BusinessLine.CONSOLIDATED),
        ("“一件事”综合受理", BusinessLine.CONSOLIDATED),
        ("帮办代办", BusinessLine.CONSOLIDATED),
        ("咨询与投诉受理", BusinessLine.OTHER),
    ]),
    ("C", "投资项目审批区", 2, [
        ("企业投资项目统办", BusinessLine.INVESTMENT),
        ("投资项目综合受理", BusinessLine.INVESTMENT),
        ("工程规划许可", BusinessLine.INVESTMENT),
        ("施工许可", BusinessLine.INVESTMENT),
        ("联合验收", BusinessLine.INVESTMENT),
        ("水电气网联合报装", BusinessLine.INVESTMENT),
    ]),
    ("D", "商事登记区", 2, [
        ("企业开办“一件事”", BusinessLine.COMMERCIAL),
        ("企业设立登记", BusinessLine.COMMERCIAL),
        ("企业变更注销登记", BusinessLine.COMMERCIAL),
        ("个体工商户登记", BusinessLine.COMMERCIAL),
        ("“小微加油”帮扶", BusinessLine.COMMERCIAL),
        ("发票申领", BusinessLine.TAX),
        ("营业执照发放", BusinessLine.COMMERCIAL),
    ]),
    ("E", "社会事务区", 1, [
        ("社会保险登记", BusinessLine.SOCIAL_SECURITY),
        ("养老保险待遇", BusinessLine.SOCIAL_SECURITY),
        ("退休“一件事”", BusinessLine.SOCIAL_SECURITY),
        ("医保参保登记", BusinessLine.MEDICAL),
        ("医保报销结算", BusinessLine.MEDICAL),
        ("住房公积金提取", BusinessLine.HOUSING_FUND),
        ("住房公积金贷款", BusinessLine.HOUSING_FUND),
        ("出生“一件事”", BusinessLine.CONSOLIDATED),
    ]),
]


@dataclass
class GroupSpec:
    name: str
    kind: str
    serves: str = ""
    leader_title: str = "窗口负责人"
    leader_is_section_chief: bool = False
    leader_login: str = ""


@dataclass
class BrandSpec:
    name: str
    slogan: str
    story: str


@dataclass
class Seat:
    """One person to create: their place in the branch and, for newcomers, their development dates."""

    title: str = ""
    status: int = PoliticalStatus.FULL
    branch_role: str = ""
    committee_role: str = ""
    is_section_chief: bool = False
    username: str = ""
    name: str = ""
    gender: str = ""
    leads: str = ""
    has_window: bool = True
    path: tuple = ()

    @property
    def final_status(self):
        return len(self.path) if self.path else self.status

    @property
    def member_since(self):
        """The day the person became a party member, or None; long-standing members: date.min."""
        if self.final_status < PoliticalStatus.PROBATIONARY:
            return None
        if self.path:
            return self.path[PoliticalStatus.PROBATIONARY - 1]
        return D.min


@dataclass
class BranchSpec:
    number: int
    name: str
    area: str
    section: str
    staff_titles: tuple
    groups: list
    brand: BrandSpec = None
    secretary_login: str = ""
    secretary_name: str = ""
    committee_login: str = ""
    extra_seats: list = field(default_factory=list)


BRANCHES = [
    BranchSpec(
        number=1,
        name="第一党支部",
        area="A",
        section="不动产登记科",
        staff_titles=("不动产登记员", "综合受理员", "登簿审核员"),
        groups=[
            GroupSpec(
                "不动产网上联办党小组",
                GroupKind.MATTER,
                "不动产网上联办“一路通”（全省率先推行）",
                leader_login="leader1",
            ),
            GroupSpec("不动产登记党小组", GroupKind.ORDINARY),
        ],
        secretary_login="secretary1",
        committee_login="branchcommittee1",
        extra_seats=[Seat(title="不动产登记员", username="staff1")],
    ),
    BranchSpec(
        number=2,
        name="第二党支部",
        secretary_login="secretary2",
        area="B",
        section="综合受理科",
        staff_titles=("综合受理员", "帮办代办员", "咨询引导员"),
        groups=[
            GroupSpec("议事厅圆桌会党小组", GroupKind.PROJECT, "问题及时发现有效解决闭环机制"),
            GroupSpec("四端协同党小组", GroupKind.PROJECT, "“政务服务2.0”数字化建设"),
            GroupSpec("综合受理党小组", GroupKind.ORDINARY),
        ],
        brand=BrandSpec(
            "政务服务议事厅",
            "从一件小事解决一类难题",
            "政务议事厅支部党小组通过圆桌会议，落实“问题及时发现有效解决闭环机制”要求，"
            "解决占道经营许可、黑白章效用等18类问题。",
        ),
        extra_seats=[
            Seat(
                title="机关党委办公室主任",
                committee_role=CommitteeRole.ADMIN,
                username="admin",
                has_window=False,
            )
        ],
    ),
    BranchSpec(
        number=3,
        name="第三党支部",
        secretary_login="secretary3",
        area="C",
        section="投资项目审批科",
        staff_titles=("项目审批员", "项目代办员", "综合受理员"),
        groups=[
            GroupSpec(
                "统办制党小组",
                GroupKind.PROJECT,
                "企业投资项目统办制",
                leader_title="项目服务科科长",
                leader_is_section_chief=True,
            ),
            GroupSpec("多部门联办党小组", GroupKind.MATTER, "多部门联办“一件事”"),
        ],
        brand=BrandSpec(
            "红色聚能环",
            "",
            "实施企业投资项目统办制，任命一名党员科长担任组长，吸纳若干名党员干部共同参与，"
            "审批平均提速50%；在宁波首创42项多部门联办事项，办事平均提速29%。",
        ),
        extra_seats=[
            Seat(
                title="机关党委副书记",
                committee_role=CommitteeRole.MEMBER,
                username="committee",
                has_window=False,
            )
        ],
    ),
    BranchSpec(
        number=4,
        name="第四党支部",
        area="D",
        section="商事登记科",
        staff_titles=("注册官", "商事登记员", "综合受理员"),
        groups=[
            GroupSpec("企业开办党小组", GroupKind.MATTER, "企业开办“一件事”"),
            GroupSpec("政银服务小队党小组", GroupKind.PROJECT, "“政+银”服务小队"),
        ],
        brand=BrandSpec(
            "创业晓管家",
            "守正创新，解决企业群众办事难题",
            "第四党支部书记王晓晓创建“王晓晓注册官工作室”，针对招商引资项目和审批疑难件，"
            "以“政+银”服务小队、试点住宅“白名单”制度、打造“小微加油”等方式，"
            "解决企业群众办事难题，发放了宁波市第一份全流程营业执照。",
        ),
        secretary_login="secretary4",
        secretary_name="王晓晓",
    ),
    BranchSpec(
        number=5,
        name="第五党支部",
        secretary_login="secretary5",
        area="E",
        section="社会事务科",
        staff_titles=("社保经办员", "医保经办员", "公积金经办员"),
        groups=[
            GroupSpec("退休一件事党小组", GroupKind.MATTER, "退休“一件事”"),
            GroupSpec("社会事务党小组", GroupKind.ORDINARY),
        ],
    ),
]

# The dated steps (application, activist, candidate, probationary, full) of everyone developed
# since 2015. In 2019–2021: 13 applications, 4 activists and 8 probationary admissions.
DEVELOPMENT_PATHS = [
    (D(2015, 3, 10), D(2016, 4, 12), D(2018, 5, 20), D(2019, 6, 28), D(2020, 6, 30)),
    (D(2016, 2, 22), D(2017, 3, 15), D(2018, 9, 10), D(2019, 10, 25), D(2020, 10, 27)),
    (D(2016, 9, 5), D(2017, 10, 9), D(2018, 11, 15), D(2019, 12, 20), D(2020, 12, 22)),
    (D(2017, 3, 1), D(2018, 3, 20), D(2019, 4, 18), D(2020, 5, 26), D(2021, 5, 28)),
    (D(2017, 5, 16), D(2018, 4, 10), D(2019, 6, 12), D(2020, 7, 1), D(2021, 7, 2)),
    (D(2017, 8, 21), D(2018, 6, 25), D(2019, 9, 17), D(2020, 11, 19), D(2021, 11, 22)),
    (D(2017, 11, 2), D(2018, 9, 18), D(2020, 3, 24), D(2021, 4, 27), D(2022, 4, 28)),
    (D(2018, 1, 15), D(2018, 12, 3), D(2020, 6, 16), D(2021, 6, 29), D(2022, 6, 30)),
    (D(2018, 4, 9), D(2019, 5, 14), D(2021, 3, 18), D(2022, 7, 1), D(2023, 7, 3)),
    (D(2018, 10, 22), D(2019, 11, 6), D(2021, 9, 8), D(2023, 6, 28), D(2024, 7, 1)),
    (D(2019, 3, 11), D(2020, 4, 16), D(2022, 5, 10), D(2025, 12, 26)),
    (D(2019, 6, 20), D(2021, 5, 25), D(2025, 9, 16)),
    (D(2019, 4, 2), D(2022, 3, 15), D(2023, 5, 9), D(2024, 6, 28), D(2025, 7, 1)),
    (D(2019, 7, 15), D(2022, 6, 20)),
    (D(2019, 10, 8),),
    (D(2020, 3, 17), D(2022, 9, 13), D(2025, 3, 11)),
    (D(2020, 5, 12),),
    (D(2020, 8, 26), D(2023, 3, 21)),
    (D(2020, 11, 10),),
    (D(2021, 3, 9), D(2023, 10, 17), D(2025, 4, 22), D(2025, 11, 20)),
    (D(2021, 5, 18),),
    (D(2021, 9, 7), D(2024, 3, 19)),
    (D(2021, 12, 14),),
    (D(2024, 5, 20),),
    (D(2025, 4, 8), D(2026, 4, 14)),
    (D(2026, 3, 16),),
]

HONOURS = [
    (2015, "全国十佳行政服务大厅", HonourLevel.NATIONAL),
    (2017, "全国巾帼文明岗", HonourLevel.NATIONAL),
    (2018, "省文明单位", HonourLevel.PROVINCIAL),
    (2019, "宁波市公共服务窗口文明单位", HonourLevel.MUNICIPAL),
    (2019, "宁波市五星级基层党组织", HonourLevel.MUNICIPAL),
    (2020, "宁波市五星级基层党组织", HonourLevel.MUNICIPAL),
    (2021, "宁波市五星级基层党组织", HonourLevel.MUNICIPAL),
]

PLEDGES = [
    "微笑服务，一次办好",
    "群众的事无小事，件件有着落",
    "让数据多跑路，让群众少跑腿",
    "马上办、网上办、就近办、一次办",
    "有求必应，有难必帮",
    "一次告知，一窗受理，一次办结",
    "把方便留给群众，把麻烦留给自己",
    "勇争一流，兑现“最多跑一次”承诺",
    "用心办好每一件事",
    "热情、规范、创新，服务每一位办事人",
    "不让一件事在我这里耽误",
    "我将无我，不负人民",
    "企业有呼，我必有应",
    "办不成的事，我来帮办",
    "耐心解答每一个疑问",
    "急事急办，特事特办，难事帮办",
]

SURNAMES = "王王王陈陈陈张张李李周周徐孙林胡朱吴应应竺邬毛毛蒋蒋俞汪沈郑方余董袁邵葛钟"
MALE_CHARACTERS = "伟军杰斌涛磊超勇刚峰强明辉建国海波俊鹏晨宇浩东立新志华凯亮"
FEMALE_CHARACTERS = "芳燕丽娟婷静敏霞颖琳洁慧萍红艳雪莉佳怡倩瑶晓梦露蕾雯"
PHONE_PREFIXES = ("135", "136", "137", "138", "139", "150", "151", "157", "158", "159", "187", "188")


def build_office():
    """The demo office's organisation, people, zones, pledges and honours; returns the committee."""
    return DemoBuilder(random.Random(2021), year=timezone.localdate().year).build()


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


class DemoBuilder:
    def __init__(self, rng, *, year):
        self.rng = rng
        self.year = year
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
                username=username, password=password, is_staff=is_admin, is_superuser=is_admin
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
                record_development_step(
                    person, stage=stage, date=date, by=recorders.get(person.branch_id, admin)
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
        years = sorted({PLEDGE_YEAR_OF_THE_DOCUMENT, self.year})
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
        Honour.objects.bulk_create(
            Honour(year=year, title=title, level=level, committee=committee) for year, title, level in HONOURS
        )
