"""The demo office's 服务 pillar: the problem loop, speed-ups and satisfaction.

From the seed document, by the end of 2021: 18 problem classes solved for good (占道经营许可
among them), 42 joint-handling items averaging 29 % faster, investment projects
averaging 50 % faster, and satisfaction of 99.87 % in each of 2019, 2020 and 2021. Invented: the
other classes, the problems, items, projects and evaluations, and everything since 2022 — a few
classes solved for good each year (:data:`LATER_PROBLEM_CLASSES`), items launched
(:data:`LATER_JOINT_ITEMS`), projects a little faster (:data:`LATER_PROJECT_AVERAGES`), a
satisfaction rate of its own each year (:data:`LATER_SATISFACTION`), more evaluations on the
phone and fewer in the hall (四端协同). In every year the self-service terminals and a few windows
(:data:`WEAKER_WINDOWS`, and two more each year) draw more of the negative evaluations, so the
lowest windows have something to say. Problems go through the loop's actions; the figures are
never stored.
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
FIRST_LATER_YEAR = 2022
LATER_PROBLEM_CLASSES = [
    ("跨省通办材料互认", "高频事项“跨省通办”，异地材料在线核验，不再要求回原籍开证明。"),
    ("水电气网联合过户", "二手房交易登记与水电气网过户一窗受理、同步办结。"),
    ("企业跨区迁移", "企业跨区迁移登记与税务迁移同步办理。"),
    ("新生儿医保参保", "新生儿医保参保随出生登记同步办理，无需另行申请。"),
    ("公积金贷款材料精简", "公积金贷款申请材料由 12 项减为 6 项，其余由部门间共享。"),
    ("经营场所一址多照", "同一地址在安全可控时可登记多家小微企业。"),
    ("帮办代办预约上门", "帮办代办服务可在线预约，行动不便者上门办理。"),
    ("电子营业执照跨部门应用", "电子营业执照在银行开户、税务登记等场景通用。"),
    ("残疾人两项补贴主动推送", "残疾人两项补贴按数据比对结果主动告知、免申即享。"),
    ("涉企证照到期提醒", "涉企许可证到期前 30 天短信提醒，延续一次办。"),
    ("拿地即开工", "土地出让与工程规划、施工许可并联审批，拿地即可开工。"),
    ("退役军人优待证办理", "优待证申领与信息采集一窗受理、邮寄到家。"),
    ("夜间自助办", "24 小时自助服务区可办理 60 余项高频事项。"),
    ("周末延时服务预约", "周末延时服务可在网上预约，窗口按预约排班。"),
    ("新就业形态人员参保", "外卖、快递等新就业形态人员参保材料一次告知、网上办理。"),
]
LATER_CLASSES_PER_YEAR = 3
JOINT_ITEM_COUNT = 42
JOINT_ITEM_AVERAGE = Decimal("0.29")
LATER_JOINT_ITEMS = [
    "新车上牌", "灵活就业", "企业破产", "二手车交易", "婚育登记",
    "企业信用修复", "水电气过户", "公共场所开业", "大件运输许可", "小学入学",
    "就医费用报销", "殡葬服务", "房屋租赁备案", "涉企证照变更", "人才安居",
    "企业技术改造", "农民建房审批", "道路挖掘许可", "户外广告设置", "光伏并网",
    "充电桩报装", "民办学校设立", "养老机构设立", "企业年报", "跨境电商备案",
]
LATER_JOINT_ITEMS_PER_YEAR = 5
PROJECT_AVERAGE = Decimal("0.50")
LATER_PROJECT_AVERAGES = {2022: Decimal("0.52"), 2023: Decimal("0.55"), 2024: Decimal("0.54"), 2025: Decimal("0.57")}
LATER_PROJECT_AVERAGE = Decimal("0.58")  # every year after the listed ones
PROJECTS_PER_YEAR = 6
PROJECT_KINDS = ["新建", "技改", "扩建"]
SATISFACTION = Decimal("99.87")
LATER_SATISFACTION = {
    2022: Decimal("99.89"), 2023: Decimal("99.84"), 2024: Decimal("99.91"), 2025: Decimal("99.93"),
    2026: Decimal("99.90"),
}
# How much more often than the rest an evaluation is negative: per channel, at some windows.
CHANNEL_WEIGHTS = {Channel.MOBILE: 1, Channel.PC: 1.6, Channel.SELF_SERVICE: 3, Channel.HALL: 0.5}
CHANNEL_SCALES = {Channel.MOBILE: 60, Channel.PC: 25, Channel.SELF_SERVICE: 15, Channel.HALL: 40}
# Each year since the document's, 15 % more evaluations by phone and 8 % fewer in the hall.
CHANNEL_GROWTH = {Channel.MOBILE: 1.15, Channel.PC: 1, Channel.SELF_SERVICE: 1.05, Channel.HALL: 0.92}
WEAKER_WINDOWS = {"A-01": 5, "B-07": 6, "C-05": 4, "E-05": 5}  # busy or hard counters
WEAKER_WINDOWS_A_YEAR = 2
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


def satisfaction_target(year):
    """The year's satisfaction rate: the document's up to 2021, then one of its own."""
    if year < FIRST_LATER_YEAR:
        return SATISFACTION
    return LATER_SATISFACTION.get(year, Decimal("99.80") + Decimal((year * 7) % 15) / 100)


class ServeBuilder:
    def __init__(self, rng, *, today):
        self.rng = rng
        self.today = today
        self.admin = get_user_model().objects.get(username="admin")
        self.branches = list(Branch.objects.order_by("number"))
        self.people = list(Person.objects.filter(is_active=True).select_related("branch", "user"))

    def build(self):
        """The document's years first, so that they come out as they always did; then the later
        years; then satisfaction, every year."""
        self.problem_loop()
        self.joint_items()
        self.projects()
        self.later_problems()
        self.later_joint_items()
        self.later_projects()
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

    def later_problems(self):
        """Each year since 2022: a few classes solved for good (while the list lasts) and one more
        problem verified under an earlier class; only problems verified by today."""
        classes = list(ProblemClass.objects.order_by("adopted_on", "pk"))
        for year in range(FIRST_LATER_YEAR, self.today.year + 1):
            start = (year - FIRST_LATER_YEAR) * LATER_CLASSES_PER_YEAR
            new = LATER_PROBLEM_CLASSES[start : start + LATER_CLASSES_PER_YEAR]
            for index in range(len(new) + 1):
                found_on = datetime.date(year, 2 + index * 3, 6 + index * 4)
                if found_on + datetime.timedelta(days=45) > self.today:
                    break
                if index < len(new):
                    name, rule = new[index]
                    problem_class = ProblemClass.objects.create(
                        name=name, rule=rule, adopted_on=found_on + datetime.timedelta(days=45)
                    )
                    classes.append(problem_class)
                else:
                    problem_class = classes[(year * 5) % len(classes)]
                self.closed_problem(problem_class, found_on, year + index)

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
        if owner.user_id == self.admin.pk:  # the administrator verifies the fix: not their own
            owner = next(person for person in staff if person.user_id != self.admin.pk)
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

    def later_joint_items(self):
        """Five items launched each year since 2022 while the list lasts (invented)."""
        for index, name in enumerate(LATER_JOINT_ITEMS):
            launched_on = datetime.date(
                FIRST_LATER_YEAR + index // LATER_JOINT_ITEMS_PER_YEAR, 2 + (index % LATER_JOINT_ITEMS_PER_YEAR) * 2, 15
            )
            if launched_on > self.today:
                break
            baseline = Decimal(self.rng.choice([10, 15, 20, 30]))
            rate = Decimal(self.rng.randint(25, 55)) / 100
            JointItem.objects.create(
                name=f"{name}“一件事”",
                departments="、".join(self.rng.sample(DEPARTMENTS, self.rng.randint(2, 4))),
                launched_on=launched_on,
                baseline_days=baseline,
                current_days=(baseline * (1 - rate)).quantize(TENTH),
            )

    def leaders_and_enterprises(self):
        leaders = [p for p in self.people if p.is_section_chief and p.is_party_member]
        return leaders, list(Enterprise.objects.order_by("pk"))

    def projects(self):
        """2019–2021: six projects a year, 50 % faster on average."""
        leaders, enterprises = self.leaders_and_enterprises()
        for year in (2019, 2020, 2021):
            for index, rate in enumerate(self.spread(PROJECTS_PER_YEAR, PROJECT_AVERAGE, Decimal("0.35"), Decimal("0.65"))):
                started = datetime.date(year, 1 + index * 2, 10)
                baseline = Decimal("40")
                actual = (baseline * (1 - rate)).quantize(TENTH)
                self.project(
                    name=f"{enterprises[index].name.removesuffix('有限公司')}新建项目",
                    enterprise=enterprises[(year + index) % len(enterprises)],
                    leader=leaders[index % len(leaders)],
                    started=started,
                    baseline=baseline,
                    actual=actual,
                )

    def later_projects(self):
        """Six projects a year since 2022, a little faster on average (invented); this year's
        latest may not be approved yet."""
        leaders, enterprises = self.leaders_and_enterprises()
        for year in range(FIRST_LATER_YEAR, self.today.year + 1):
            average = LATER_PROJECT_AVERAGES.get(year, LATER_PROJECT_AVERAGE)
            for index, rate in enumerate(self.spread(PROJECTS_PER_YEAR, average, Decimal("0.35"), Decimal("0.75"))):
                started = datetime.date(year, 1 + index * 2, 8 + index)
                if started > self.today:
                    break
                baseline = Decimal(self.rng.choice([30, 40, 45, 60]))
                actual = (baseline * (1 - rate)).quantize(TENTH)
                approved = started + datetime.timedelta(days=int(actual))
                enterprise = enterprises[(year * 3 + index) % len(enterprises)]
                self.project(
                    name=f"{enterprise.name.removesuffix('有限公司')}{PROJECT_KINDS[(year + index) % 3]}项目",
                    enterprise=enterprise,
                    leader=leaders[(year + index) % len(leaders)],
                    started=started,
                    baseline=baseline,
                    actual=actual if approved <= self.today else None,
                )

    def project(self, *, name, enterprise, leader, started, baseline, actual):
        """A project led by a party member who is a section chief (统办制); ``actual`` None: not
        approved yet."""
        project = InvestmentProject(
            name=name,
            enterprise=enterprise,
            team_leader=leader,
            started_on=started,
            approved_on=None if actual is None else started + datetime.timedelta(days=int(actual)),
            baseline_days=baseline,
            actual_days=actual,
        )
        project.full_clean()
        project.save()
        project.team.set(self.rng.sample(self.people, 4))
        milestones = [(0, "统办团队组建"), (3, "联合踏勘")]
        if actual is not None:
            milestones.append((int(actual), "全部审批完成"))
        ProjectMilestone.objects.bulk_create(
            ProjectMilestone(project=project, date=started + datetime.timedelta(days=days), title=title)
            for days, title in milestones
            if started + datetime.timedelta(days=days) <= self.today
        )

    # Satisfaction: every window and channel, every month up to last month; a rate each year.

    def satisfaction(self):
        windows = list(Window.objects.filter(is_active=True).order_by("code"))
        this_month = self.today.replace(day=1)
        for year in range(2019, self.today.year + 1):
            growth = max(year - FIRST_LATER_YEAR + 1, 0)
            evaluations = []
            for month_number in range(1, 13):
                month = datetime.date(year, month_number, 1)
                if month >= this_month:
                    break
                for window in windows:
                    for channel, scale in CHANNEL_SCALES.items():
                        scale = round(scale * CHANNEL_GROWTH[channel] ** growth)
                        evaluations.append(
                            SatisfactionTally(
                                month=month,
                                window=window,
                                channel=channel,
                                positive=self.rng.randint(scale, scale * 2),
                                neutral=self.rng.randint(0, scale // 10),
                            )
                        )
            self.add_negatives(evaluations, satisfaction_target(year), self.window_weights(windows))
            SatisfactionTally.objects.bulk_create(evaluations)
            tallies.refresh_satisfaction({(tally.month, tally.window_id) for tally in evaluations})

    def window_weights(self, windows):
        """How much more often than the rest each window is rated badly this year: the weaker
        windows always, two others drawn for the year."""
        weights = {window.pk: WEAKER_WINDOWS.get(window.code, 1) for window in windows}
        for window in self.rng.sample([w for w in windows if w.code not in WEAKER_WINDOWS], WEAKER_WINDOWS_A_YEAR):
            weights[window.pk] = 3
        return weights

    def add_negatives(self, tallies, target, window_weights):
        """Spread just enough negative evaluations for the year's rate to be ``target``, more of
        them where the window and the channel weigh more."""
        if not tallies:
            return
        satisfied = sum(tally.positive + tally.neutral for tally in tallies)
        share = 1 - target / 100
        negatives = round(satisfied * share / (1 - share))
        weights = [
            (tally.positive + tally.neutral) * window_weights[tally.window_id] * CHANNEL_WEIGHTS[tally.channel]
            for tally in tallies
        ]
        for tally in self.rng.choices(tallies, weights=weights, k=negatives):
            tally.negative += 1
