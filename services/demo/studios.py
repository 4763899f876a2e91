"""The demo office's studio (王晓晓注册官工作室) and its firsts and cases.

From the seed document: the studio, its leader and what it did by 2021 (its first milestones:
the first full-process business licence of Ningbo, the 政+银 squad, the residential white list,
小微加油). Invented: the dates, the cases, and the milestones and cases since 2022.
"""

import datetime
import random

from django.utils import timezone

from branches.people.models import Person
from services.enterprises.models import Enterprise
from services.studios.models import Case, CaseKind, CaseStatus, Studio, StudioMilestone

STUDIO_NAME = "王晓晓注册官工作室"
STUDIO_MILESTONES = [
    (datetime.date(2019, 5, 20), "工作室成立", "针对招商引资项目和审批疑难件成立注册官工作室。"),
    (datetime.date(2019, 11, 8), "发放宁波市第一份全流程电子化营业执照", "企业开办从申请到领照全程网上办理。"),
    (datetime.date(2020, 6, 16), "组建“政+银”服务小队", "与银行合作，在网点就近办理企业登记。"),
    (datetime.date(2021, 3, 1), "试点住宅“白名单”制度", "解决住宅作为经营场所登记的难题。"),
    (datetime.date(2021, 9, 10), "推出“小微加油”服务", "为小微企业提供开办、变更、年报一站式帮办。"),
]
LATER_STUDIO_MILESTONES = [
    (datetime.date(2022, 4, 18), "企业开办“一日办结”常态化", "企业开办全流程压缩至 1 个工作日内。"),
    (datetime.date(2023, 5, 22), "首张“证照联办”营业执照", "营业执照与食品经营许可证同日联办发放。"),
    (datetime.date(2024, 3, 12), "“政+银”服务小队进驻全部银行网点", "企业在家门口的银行网点即可办理登记。"),
    (datetime.date(2025, 6, 9), "个体户转企业“一件事”首办", "个体工商户转型为企业一次申请、同步办结。"),
    (datetime.date(2026, 4, 20), "“小微加油”服务覆盖千家企业", "累计为一千余家小微企业提供帮办服务。"),
]
LATER_CASES_PER_YEAR = 5
CASE_TITLES = {
    CaseKind.INVESTMENT_PROJECT: ["新建厂房项目审批帮办", "技改项目备案与施工许可", "物流园区项目联合审批"],
    CaseKind.DIFFICULT_APPROVAL: ["历史遗留住所登记", "跨区迁移企业登记", "个体户转企业登记", "股权冻结企业变更登记"],
}


def build_studio(*, today=None):
    today = today or timezone.localdate()
    rng = random.Random(2023)
    members = list(Person.objects.party_members().filter(is_active=True).order_by("staff_number"))
    leader = Person.objects.get(user__username="secretary4")
    studio = Studio.objects.create(
        name=STUDIO_NAME,
        leader=leader,
        founded_on=STUDIO_MILESTONES[0][0],
        description="传承守正创新的精神，针对招商引资项目和审批疑难件，解决企业群众办事难题。",
    )
    team = [p for p in members if p.branch_id == leader.branch_id and p != leader][:5]
    studio.members.set(team)
    StudioMilestone.objects.bulk_create(
        StudioMilestone(studio=studio, date=date, title=title, description=text)
        for date, title, text in STUDIO_MILESTONES
    )
    enterprises = list(Enterprise.objects.order_by("pk")[:20])
    for number in range(22):
        kind = CaseKind.INVESTMENT_PROJECT if number % 3 == 0 else CaseKind.DIFFICULT_APPROVAL
        opened = datetime.date(2019 + number % 3, 1 + number % 12, 5)
        is_open = number >= 19
        case = Case(
            studio=studio,
            kind=kind,
            title=rng.choice(CASE_TITLES[kind]),
            enterprise=enterprises[number % len(enterprises)],
            opened_on=opened,
            status=CaseStatus.OPEN if is_open else CaseStatus.CLOSED,
            closed_on=None if is_open else opened + datetime.timedelta(days=rng.randint(3, 40)),
            outcome="" if is_open else "问题解决，企业顺利办结。",
        )
        case.full_clean()
        case.save()
    later_years(studio, enterprises, today)


def later_years(studio, enterprises, today):
    """The firsts and cases since 2022 (invented): five cases a year, the recent ones still open."""
    StudioMilestone.objects.bulk_create(
        StudioMilestone(studio=studio, date=date, title=title, description=text)
        for date, title, text in LATER_STUDIO_MILESTONES
        if date <= today
    )
    for year in range(2022, today.year + 1):
        rng = random.Random(year)
        for number in range(LATER_CASES_PER_YEAR):
            opened = datetime.date(year, 2 + number * 2, 5 + number)
            if opened > today:
                break
            kind = CaseKind.INVESTMENT_PROJECT if number % 2 == 0 else CaseKind.DIFFICULT_APPROVAL
            closed = opened + datetime.timedelta(days=rng.randint(5, 45))
            is_open = closed > today
            case = Case(
                studio=studio,
                kind=kind,
                title=rng.choice(CASE_TITLES[kind]),
                enterprise=enterprises[(year + number) % len(enterprises)],
                opened_on=opened,
                status=CaseStatus.OPEN if is_open else CaseStatus.CLOSED,
                closed_on=None if is_open else closed,
                outcome="" if is_open else "问题解决，企业顺利办结。",
            )
            case.full_clean()
            case.save()
