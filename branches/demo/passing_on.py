"""The demo office's 传承 pillar: a lecture most months, mentor pairs in every branch.

The document says that members lecture every month (政务讲堂) and that mentors teach at the window
and practise in projects (导师帮带); the lectures, pairs, sessions and evaluations are invented.
Lectures run monthly from 2019 to last month, except February 2020 (the epidemic), so the
calendar shows its flag. Three pairs a branch start in 2019–2021, one a branch each year since
(its mentee a newcomer while there are any), and the demo staff member mentors a newcomer this
year. Attendance goes through the organiser's register and the room's check-in code, feedback
through ``give_feedback`` and evaluations through the secretary's actions, like the real thing.
Session logs are written directly: in the app only the pair themselves may write them, and most
demo people have no login.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from branches.lectures import actions as lectures_actions
from branches.lectures.models import Lecture, LectureQuestion, LectureTheme
from branches.mentoring import actions as mentoring_actions
from branches.mentoring.models import (
    Mentorship,
    MentorshipSession,
    PairingKind,
    Rating,
    SessionMethod,
)
from branches.organisation.models import Branch
from branches.people.models import Person, PoliticalStatus

FIRST_MONTH = datetime.date(2019, 1, 1)
FIRST_LATER_YEAR = 2022
MONTHS_WITHOUT_LECTURE = {datetime.date(2020, 2, 1)}
TOPICS = [
    (LectureTheme.SERVICE_REFORM, "“最多跑一次”改革再深化：从“一件事”到“一类事”"),
    (LectureTheme.BUSINESS_ENVIRONMENT, "优化营商环境：企业开办全流程一日办结"),
    (LectureTheme.WINDOW_SKILLS, "不动产登记常见疑难问题解答"),
    (LectureTheme.WINDOW_SKILLS, "社保医保经办政策更新与窗口答疑"),
    (LectureTheme.POLITICAL_THEORY, "学习党章党规，争做“火炬手”"),
    (LectureTheme.BUSINESS_ENVIRONMENT, "投资项目审批“统办制”的做法与体会"),
    (LectureTheme.SERVICE_REFORM, "政务服务“四端协同”与数字化转型"),
    (LectureTheme.WINDOW_SKILLS, "公积金提取业务办理要点"),
    (LectureTheme.POLITICAL_THEORY, "红色基因代代传：党史学习分享"),
    (LectureTheme.SERVICE_REFORM, "好差评制度与群众满意度提升"),
]
QUESTIONS = [
    ("外地户籍人员办理居住证需要哪些材料？", "身份证和居住证明即可，可在“浙里办”预约。"),
    ("企业变更经营范围能否全程网办？", "可以，登录企业登记全程电子化平台即可办理。"),
    ("二手房交易和不动产登记能否一窗受理？", "已实现“一窗受理、集成服务”，当天可办结。"),
    ("窗口遇到情绪激动的群众怎么处理？", "先倾听安抚，再按首问负责制跟进，必要时请值班长协调。"),
]
def build_passing_on(*, today=None):
    PassingOnBuilder(random.Random(2022), today=today or timezone.localdate()).build()


class PassingOnBuilder:
    def __init__(self, rng, *, today):
        self.rng = rng
        self.today = today
        self.admin = get_user_model().objects.get(username="admin")
        self.branches = list(Branch.objects.order_by("number"))
        self.people = list(Person.objects.filter(is_active=True).select_related("branch", "user").order_by("staff_number"))
        self.members = [person for person in self.people if person.is_party_member]

    def build(self):
        self.lectures()
        self.mentorships()

    def lectures(self):
        month, number = FIRST_MONTH, 0
        last_month = self.today.replace(day=1)
        while month < last_month:
            if month not in MONTHS_WITHOUT_LECTURE:
                self.lecture(month, number)
                number += 1
            month = (month + datetime.timedelta(days=32)).replace(day=1)

    def lecture(self, month, number):
        theme, topic = TOPICS[number % len(TOPICS)]
        organisers = [*self.branches, None]  # None: the whole committee's lecture
        branch = organisers[number % len(organisers)]
        date = month.replace(day=self.rng.randint(12, 26))
        lecture = Lecture.objects.create(
            date=date,
            starts_at=datetime.time(16, 30),
            ends_at=datetime.time(17, 30),
            topic=topic,
            theme=theme,
            branch=branch,
            summary="党员干部“上讲台、答疑惑、相互学”。",
            created_by=self.admin,
        )
        pool = [person for person in self.members if branch is None or person.branch_id == branch.pk]
        speakers = self.rng.sample(pool, 2 if number % 3 == 0 else 1)
        lecture.speakers.set(speakers)
        audience = self.rng.sample(self.people, self.rng.randint(18, 40))
        on_register, with_code = audience[: len(audience) // 2], audience[len(audience) // 2 :]
        lectures_actions.register_attendance(lecture, on_register, by=self.admin)
        start = datetime.datetime.combine(date, lecture.starts_at, tzinfo=timezone.get_current_timezone())
        for person in with_code:
            if not lecture.attendances.filter(person=person).exists():
                lectures_actions.check_in(lecture, person, code=lecture.check_in_code, at=start)
        for question, answer in self.rng.sample(QUESTIONS, self.rng.randint(1, 2)):
            LectureQuestion.objects.create(
                lecture=lecture, question=question, asked_by="窗口工作人员", answer=answer, answered_by=speakers[0]
            )
        for person in self.rng.sample(audience, len(audience) // 3):
            lectures_actions.give_feedback(lecture, person, score=self.rng.choice([4, 5, 5, 5, 3]))

    def mentorships(self):
        for branch in self.branches:
            mentors = [p for p in self.members if p.branch_id == branch.pk and p.political_status == PoliticalStatus.FULL]
            mentees = [p for p in self.people if p.branch_id == branch.pk and p not in mentors]
            for index, start_year in enumerate((2019, 2020, 2021)):
                if not mentees:
                    break
                mentor = mentors[(index * 3) % len(mentors)]
                mentee = mentees.pop(self.rng.randrange(len(mentees)))
                self.pair(mentor, mentee, start_year, index)
        staff1 = next(p for p in self.people if p.user and p.user.username == "staff1")
        newcomer = next(
            p for p in self.people
            if p.branch_id == staff1.branch_id and p.political_status == PoliticalStatus.MASSES
            and not p.mentorships_received.exists()
        )
        self.pair(staff1, newcomer, self.today.year, 0, active=True)
        self.later_mentorships()

    def later_mentorships(self):
        """One pair a branch a year since 2022 (invented), starting in March; a newcomer is
        mentored while the branch has one not yet mentored, then anyone not mentored now."""
        mentored = set(Mentorship.objects.values_list("mentee", flat=True))
        for year in range(FIRST_LATER_YEAR, self.today.year + 1):
            if datetime.date(year, 3, 1) > self.today:
                break
            for number, branch in enumerate(self.branches):
                mentors = [
                    p for p in self.members if p.branch_id == branch.pk and p.political_status == PoliticalStatus.FULL
                ]
                others = [p for p in self.people if p.branch_id == branch.pk and p not in mentors]
                busy = set(Mentorship.objects.active().values_list("mentee", flat=True))
                mentees = [p for p in others if p.pk not in mentored] or [p for p in others if p.pk not in busy]
                if not mentors or not mentees:
                    continue
                mentee = mentees[(year + number) % len(mentees)]
                mentored.add(mentee.pk)
                self.pair(mentors[(year * 3 + number) % len(mentors)], mentee, year, year + number)

    def pair(self, mentor, mentee, start_year, index, *, active=False):
        starts_on = datetime.date(start_year, 3, 1)
        pairing = Mentorship(
            mentor=mentor,
            mentee=mentee,
            kind=PairingKind.OLD_WITH_NEW if index % 2 == 0 else PairingKind.EXPERIENCED_WITH_YOUNG,
            covers_political_thought=index % 3 == 0,
            covers_window_business=True,
            covers_service_level=index % 2 == 1,
            teaches_at_window=True,
            practises_in_project=index % 2 == 1,
            goals="一年内独立承担窗口业务，熟悉政策法规，服务群众零差评。",
            starts_on=starts_on,
            planned_end=datetime.date(start_year + 1, 2, 28),
        )
        pairing.full_clean()
        pairing.save()
        last = min(self.today, pairing.planned_end)
        date = starts_on
        while date <= last:
            MentorshipSession.objects.create(
                mentorship=pairing,
                date=date,
                method=SessionMethod.TEACH if date.month % 3 else SessionMethod.PRACTISE,
                content="窗口一线带教：业务流程、政策解读与服务礼仪。",
                hours=Decimal(self.rng.choice(["1", "1.5", "2"])),
                written_by=mentor,
            )
            date += datetime.timedelta(days=self.rng.randint(20, 40))
        if active or pairing.planned_end >= self.today:
            return
        mentoring_actions.evaluate_mentorship(
            pairing, by=self.admin, stage="midterm", text="带教认真，进步明显。", rating=Rating.GOOD
        )
        if start_year == 2020 and mentee.branch.number == 3:
            mentoring_actions.end_mentorship_early(pairing, by=self.admin, reason="徒弟调往其他单位。", on=datetime.date(2020, 10, 1))
            return
        mentoring_actions.evaluate_mentorship(
            pairing,
            by=self.admin,
            stage="final",
            text="已能独立承担窗口业务。",
            rating=Rating.EXCELLENT,
            on=pairing.planned_end,
        )
