"""What the seed document says of the demo office (奉化区政务办机关党委): its hall, branches, brands,
groups, practices, honours and development figures, and the names the invented people draw from.
Data, not code: :mod:`branches.demo.office` builds the office from it."""

import datetime
from dataclasses import dataclass, field

from branches.honours.models import HonourLevel
from branches.organisation.models import BusinessLine, GroupKind
from branches.people.models import CommitteeRole, PoliticalStatus

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
