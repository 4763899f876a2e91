"""The demo office's studio (王晓晓注册官工作室): its milestones from the seed document, and its cases."""

import datetime
import random

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
CASE_TITLES = {
    CaseKind.INVESTMENT_PROJECT: ["新建厂房项目审批帮办", "技改项目备案与施工许可", "物流园区项目联合审批"],
    CaseKind.DIFFICULT_APPROVAL: ["历史遗留住所登记", "跨区迁移企业登记", "个体户转企业登记", "股权冻结企业变更登记"],
}


def build_studio():
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
