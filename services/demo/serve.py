"""The demo office's 服务 pillar: the problem loop, speed-ups and satisfaction, as in the source.

By the end of 2021: 18 problem classes solved for good, 42 joint-handling items averaging 29 %
faster, investment projects averaging 50 % faster each year, and satisfaction of 99.87 % in each
of 2019, 2020 and 2021. Problems go through the loop's actions; the figures are never stored.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from branches.organisation.models import Branch, Window
from branches.people.models import Person
from services.enterprises.models import Enterprise
from services.problems import actions
from services.problems.models import ProblemClass
from services.records.models import Patrol
from services.satisfaction import sums as tallies
from services.satisfaction.models import Channel, SatisfactionTally
from services.speedups.models import InvestmentProject, JointItem, ProjectMilestone

PROBLEM_CLASSES = [
    ("占道经营许可", "占道经营许可与门头招牌审批合并办理，一次告知全部材料。"),
    ("印章有效期认定", "企业旧版印章在备案信息一致时继续有效，不再要求重新刻制。"),
    ("住所登记历史遗留", "无产权证明的住所以街道出具的场所证明代替。"),
    ("二手房带押过户", "银行、不动产登记、税务三方联动，实现带押过户。"),
    ("公积金异地转移", "公积金异地转移接续全程网办，不再要求本人到场。"),
    ("社保断缴补缴", "补缴材料清单统一，窗口一次性告知。"),
    ("继承登记公证替代", "继承类不动产登记以告知承诺代替公证。"),
    ("个体户名称变更", "个体户名称变更全程电子化。"),
    ("施工许可并联审批", "施工许可与消防设计审查并联办理。"),
    ("消防验收告知承诺", "小型项目消防验收实行告知承诺制。"),
    ("出生一件事", "出生医学证明、户口登记、医保参保一次办。"),
    ("退休一件事", "退休审批、养老金核定、医保转换一次办。"),
    ("残疾人证办理", "残疾人证办理上门评残、邮寄送证。"),
    ("外籍人员就业许可", "外籍人员工作许可与居留许可一窗受理。"),
    ("食品经营许可延续", "食品经营许可延续实行自动续期提醒。"),
    ("企业注销清税", "税务注销即办，简易注销材料减半。"),
    ("电子证照互认", "营业执照等电子证照在各窗口互认，不再提交纸质复印件。"),
    ("老年人代办帮办", "60 岁以上老人办事可由窗口党员全程代办。"),
]
JOINT_ITEM_COUNT = 42
JOINT_ITEM_AVERAGE = Decimal("0.29")
PROJECT_AVERAGE = Decimal("0.50")
PROJECTS_PER_YEAR = 6
SATISFACTION = Decimal("99.87")
TENTH = Decimal("0.1")
JOINT_ITEM_NAMES = [
    "开办餐饮店", "开办便利店", "开办药店", "开办美容美发店", "开办健身房", "开办民宿", "开办培训机构",
    "开办托育机构", "开办幼儿园", "开办诊所", "开办宾馆", "开办网吧", "开办KTV", "开办书店",
    "新生儿出生", "退休", "身后事", "二手房交易", "新建商品房交房", "企业迁移", "企业注销",
    "员工录用", "残疾人服务", "退役军人服务", "公积金贷款", "社保卡申领", "户口迁移", "入学报名",
    "工程建设", "水电气报装", "小微企业开办", "个体户转企业", "企业变更", "施工许可", "竣工验收",
    "不动产抵押", "林权登记", "农房建设", "军人退役", "高校毕业生落户", "人才认定", "外籍人员工作",
]
DEPARTMENTS = ["市场监管局", "卫健局", "消防救援大队", "税务局", "人社局", "公安分局", "住建局", "自然资源局", "医保局"]


def build_serve(*, today=None):
    ServeBuilder(random.Random(2023), today=today or timezone.localdate()).build()


class ServeBuilder:
    def __init__(self, rng, *, today):
        self.rng = rng
        self.today = today
        self.admin = get_user_model().objects.get(username="admin")
        self.branches = list(Branch.objects.order_by("number"))
        self.people = list(Person.objects.filter(is_active=True).select_related("branch", "user"))

    def build(self):
        self.problem_loop()
        self.joint_items()
        self.projects()
        self.satisfaction()

    # The problem loop, through its actions.

    def problem_loop(self):
        for index, (name, rule) in enumerate(PROBLEM_CLASSES):
            year = 2019 + index * 3 // len(PROBLEM_CLASSES)
            found_on = datetime.date(year, 1 + index % 10, 3 + index % 20)
            problem_class = ProblemClass.objects.create(name=name, rule=rule, adopted_on=found_on + datetime.timedelta(days=45))
            for number in range(1 + index % 2):
                self.closed_problem(problem_class, found_on + datetime.timedelta(days=number * 7), index + number)
        self.open_problems()

    def staff_of(self, branch):
        return [person for person in self.people if person.branch_id == branch.pk]

    def closed_problem(self, problem_class, found_on, number):
        branch = self.branches[number % len(self.branches)]
        staff = self.staff_of(branch)
        problem = actions.report_problem(
            by=self.admin,
            title=f"群众反映：{problem_class.name}办理不便",
            description=f"窗口发现{problem_class.name}相关事项材料多、跑动多。",
            source=["window", "complaint", "patrol"][number % 3],
            branch=branch,
            found_on=found_on,
        )
        owner = self.rng.choice(staff)
        meeting_on = found_on + datetime.timedelta(days=5)
        actions.hold_round_table(
            by=self.admin,
            date=meeting_on,
            title="议事厅圆桌会",
            branch=branch,
            attendees=self.rng.sample(staff, 6),
            problems=[problem],
            measures=[(problem, "梳理材料清单，制定办理规则并试行。", owner, meeting_on + datetime.timedelta(days=20))],
        )
        actions.start_work(problem, by=self.admin)
        for measure in problem.measures.all():
            actions.complete_measure(measure, by=self.admin, on=meeting_on + datetime.timedelta(days=15))
        actions.resolve(
            problem,
            by=self.admin,
            resolution="新规则已试行，群众一次办成。",
            on=meeting_on + datetime.timedelta(days=18),
            resolved_by=owner,
        )
        actions.verify(problem, by=self.admin, problem_class=problem_class, on=meeting_on + datetime.timedelta(days=30))

    def open_problems(self):
        """This year's loop: one found by today's patrol, one with an overdue measure, one in progress."""
        patrol = Patrol.objects.filter(found_problem=True).order_by("-date").first()
        if patrol is not None:
            actions.problem_from_patrol(patrol, by=self.admin)
        branch = self.branches[0]
        staff = self.staff_of(branch)
        for number, title in enumerate(["叫号系统高峰期排队过长", "自助机无法打印不动产查询证明"]):
            found_on = self.today - datetime.timedelta(days=20 - number * 5)
            problem = actions.report_problem(
                by=self.admin, title=title, description=title, source="window", branch=branch, found_on=found_on
            )
            owner = next(person for person in staff if person.user and person.user.username == "staff1")
            actions.hold_round_table(
                by=self.admin,
                date=found_on + datetime.timedelta(days=2),
                title="议事厅圆桌会",
                branch=branch,
                attendees=self.rng.sample(staff, 5),
                problems=[problem],
                measures=[(problem, "调整窗口排班，增设引导岗。", owner, found_on + datetime.timedelta(days=9))],
            )
            if number:
                actions.start_work(problem, by=self.admin)

    # Speed-ups: exact averages from varied items.

    def spread(self, count, average, low, high):
        """``count`` speed-ups in hundredths between low and high whose mean is exactly ``average``."""
        while True:
            values = [Decimal(self.rng.randint(int(low * 100), int(high * 100))) / 100 for _ in range(count - 1)]
            last = average * count - sum(values)
            if low <= last <= high:
                return values + [last]

    def joint_items(self):
        for index, (name, rate) in enumerate(zip(JOINT_ITEM_NAMES, self.spread(JOINT_ITEM_COUNT, JOINT_ITEM_AVERAGE, Decimal("0.15"), Decimal("0.45")))):
            baseline = Decimal("20")
            JointItem.objects.create(
                name=f"{name}“一件事”",
                departments="、".join(self.rng.sample(DEPARTMENTS, self.rng.randint(2, 4))),
                launched_on=datetime.date(2019 + index * 3 // JOINT_ITEM_COUNT, 1 + index % 12, 15),
                baseline_days=baseline,
                current_days=(baseline * (1 - rate)).quantize(TENTH),
            )

    def projects(self):
        leaders = [p for p in self.people if p.is_section_chief and p.is_party_member]
        enterprises = list(Enterprise.objects.order_by("pk"))
        for year in (2019, 2020, 2021):
            for index, rate in enumerate(self.spread(PROJECTS_PER_YEAR, PROJECT_AVERAGE, Decimal("0.35"), Decimal("0.65"))):
                started = datetime.date(year, 1 + index * 2, 10)
                baseline = Decimal("40")
                actual = (baseline * (1 - rate)).quantize(TENTH)
                project = InvestmentProject(
                    name=f"{enterprises[index].name.removesuffix('有限公司')}新建项目",
                    enterprise=enterprises[(year + index) % len(enterprises)],
                    team_leader=leaders[index % len(leaders)],
                    started_on=started,
                    approved_on=started + datetime.timedelta(days=int(actual)),
                    baseline_days=baseline,
                    actual_days=actual,
                )
                project.full_clean()
                project.save()
                project.team.set(self.rng.sample(self.people, 4))
                ProjectMilestone.objects.bulk_create(
                    ProjectMilestone(project=project, date=started + datetime.timedelta(days=days), title=title)
                    for days, title in [(0, "统办团队组建"), (3, "联合踏勘"), (int(actual), "全部审批完成")]
                )

    # Satisfaction: every window and channel, every month; 99.87 % in each year.

    def satisfaction(self):
        windows = list(Window.objects.filter(is_active=True))
        last_month = self.today.replace(day=1)
        for year in range(2019, self.today.year + 1):
            evaluations = []
            for month_number in range(1, 13):
                month = datetime.date(year, month_number, 1)
                if month >= last_month:
                    break
                for window in windows:
                    for channel, scale in [(Channel.MOBILE, 60), (Channel.PC, 25), (Channel.SELF_SERVICE, 15), (Channel.HALL, 40)]:
                        evaluations.append(
                            SatisfactionTally(
                                month=month,
                                window=window,
                                channel=channel,
                                positive=self.rng.randint(scale, scale * 2),
                                neutral=self.rng.randint(0, scale // 10),
                            )
                        )
            self.add_negatives(evaluations)
            SatisfactionTally.objects.bulk_create(evaluations)
            tallies.refresh_satisfaction({(tally.month, tally.window_id) for tally in evaluations})

    def add_negatives(self, tallies):
        """Spread just enough negative evaluations for the year's rate to be 99.87 %."""
        if not tallies:
            return
        satisfied = sum(tally.positive + tally.neutral for tally in tallies)
        share = 1 - SATISFACTION / 100
        negatives = round(satisfied * share / (1 - share))
        for _ in range(negatives):
            self.rng.choice(tallies).negative += 1
