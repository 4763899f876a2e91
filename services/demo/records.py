"""Demo records for every year from 2019 to today, logged and reviewed through the real actions.

Over 400 lines on purpose: one builder read top to bottom, the document's years, then each year
since, then the last weeks, sharing one random sequence that the document's years depend on.

From the seed document: the 2019–2021 figures — 218 hours of extended-hours service in 2021,
113 person-times of door-to-door service to 37 distinct enterprises, and 351 practical deeds for
the masses and 213 for enterprises over 2019–2021. Invented: the figures of 2019 and 2020's
services, and every year since 2022 (:data:`LATER_YEARS`: a little more or less each year;
fewer deeds than in the document's 百名党员办实事 years, longer evenings of extended hours), the
people, days, enterprises, texts and photos (:mod:`services.demo.photos`). Everything is logged with
:func:`services.records.actions.submit` and reviewed with ``approve``/``return_record``/``update``,
never by writing a status, so the demo also exercises the workflow; photos go with the
submission, as from the log form. The past (every year before this one, and this year but its
last weeks) is loaded silenced: nobody is told of it. The last weeks are left partly waiting or
returned, so the review queues have work in them.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from branches.organisation.models import ResponsibilityZone
from branches.people.models import BranchRole, Person
from services.demo import photos
from services.demo.enterprises import valid_credit_code
from services.enterprises.models import Enterprise
from services.notifications import actions as notifications
from services.records import actions
from services.records.models import (
    ActivityKind,
    Beneficiary,
    Patrol,
    PracticalDeed,
    ServiceActivity,
    ServiceKind,
    ServiceReason,
    ServiceRecord,
)

EXTENDED_HOURS_2021 = Decimal("218")
DOOR_TO_DOOR_PERSON_TIMES_2021 = 113
DOOR_TO_DOOR_ENTERPRISES_2021 = 37
DEEDS = {2019: (98, 61), 2020: (117, 70), 2021: (136, 82)}  # (for the masses, for enterprises)
EARLIER_YEARS = {2019: (Decimal("152"), 71, 26), 2020: (Decimal("187.5"), 94, 31)}  # hours, person-times, enterprises
ENTERPRISE_COUNT = 45
FIRST_LATER_YEAR = 2022
# Invented, for the years after the document's: (extended hours, door-to-door person-times,
# distinct enterprises visited, deeds for the masses, deeds for enterprises) of a whole year. A
# year after the last listed is the last one, a few per cent more or less (later_figures).
LATER_YEARS = {
    2022: (Decimal("196"), 74, 24, 34, 21),
    2023: (Decimal("211.5"), 83, 27, 38, 23),
    2024: (Decimal("234"), 90, 29, 36, 26),
    2025: (Decimal("227"), 86, 28, 41, 25),
    2026: (Decimal("245.5"), 95, 31, 44, 27),
}
LATER_APPOINTMENTS = 8
LATER_ACTIVITIES_PER_BRANCH = 2
# Extended hours of one evening or weekend in the later years (the document's years: 1 to 3).
SHORT_SERVICES = [Decimal("1"), Decimal("1.5"), Decimal("2"), Decimal("2.5"), Decimal("3")]
LONG_SERVICES = [Decimal("3"), Decimal("3.5"), Decimal("4"), Decimal("4.5"), Decimal("5"), Decimal("6")]
# This year's last weeks are logged by current_year (partly waiting, and told to the reviewers);
# the rest of this year is loaded with the earlier years.
RECENT_DAYS = 31
# Which later records carry a photo: every n-th of the kind (some 13 photos a year since 2022).
PHOTO_EVERY = {"activity": 2, "deed": 10, "visit": 8}
PATROL_PHOTOS = 4

ENTERPRISE_PLACES = "锦屏岳林江口西坞萧王庙溪口尚田大堰松岙裘村莼湖"
ENTERPRISE_TRADES = [
    "新材料", "智能装备", "精密机械", "文旅发展", "农业科技", "服饰", "海洋食品", "生态农业",
    "电子科技", "汽车部件", "建筑工程", "医疗器械", "物流", "家居用品", "水蜜桃专业合作社",
]
PEOPLE_SERVED = ["王大爷", "陈阿姨", "李女士", "张先生", "周奶奶", "残疾人林先生", "孕妇徐女士", "外地务工人员"]
MASSES_DEEDS = [
    ("上门为行动不便的老人办理社保卡激活", "当场办结"),
    ("帮助外地务工人员补办居住证明材料", "一次办成"),
    ("为社区居民现场讲解公积金提取政策", "群众满意"),
    ("协助残疾人办理不动产继承登记", "办结并送证上门"),
    ("周末预约为高考学生办理户籍证明", "按时办结"),
    ("帮代办老人跑通医保异地备案", "当天备案"),
]
ENTERPRISE_DEEDS = [
    ("帮办企业开办“一件事”全流程", "1 个工作日内领照"),
    ("上门指导企业完成投资项目备案", "备案完成"),
    ("协调解决企业不动产登记中的历史遗留问题", "问题解决"),
    ("为企业提供税费优惠政策辅导", "企业享受减免"),
    ("帮企业预审施工许可材料，一次性告知补正", "材料一次通过"),
]
ACTIVITY_TITLES = {
    ActivityKind.INTO_COMMUNITIES: ["政务服务进社区", "医保社保政策宣讲进社区", "“家门口”办事服务日"],
    ActivityKind.ENTERPRISE_SQUAD: ["助企小分队走访园区", "营商环境座谈走进企业", "项目审批帮办进园区"],
    ActivityKind.PUBLIC_BENEFIT: ["惠民服务团下乡", "不动产登记便民服务日", "公积金政策服务集市"],
}
RETURN_COMMENTS = [
    "请补充服务对象的联系方式和具体事项。",
    "时长与登记的服务内容不符，请核实后重新提交。",
    "请上传现场照片。",
]


def later_figures(year):
    """A later year's whole-year figures (see :data:`LATER_YEARS`)."""
    if year in LATER_YEARS:
        return LATER_YEARS[year]
    hours, person_times, enterprises, masses, for_enterprises = LATER_YEARS[max(LATER_YEARS)]
    factor = 1 + Decimal((year * 7) % 9 - 4) / 100
    return (
        (hours * factor * 2).to_integral_value() / 2,
        round(person_times * factor),
        min(round(enterprises * factor), ENTERPRISE_COUNT),
        round(masses * factor),
        round(for_enterprises * factor),
    )


def build_demo_records(*, today=None):
    """Log and review the demo records; returns how many were created."""
    builder = RecordBuilder(random.Random(2021), today=today or timezone.localdate())
    return builder.build()


class RecordBuilder:
    def __init__(self, rng, *, today):
        self.rng = rng
        self.today = today
        self.admin = get_user_model().objects.get(username="admin")
        self.people = list(
            Person.objects.filter(is_active=True)
            .exclude(user=self.admin)
            .select_related("branch", "user")
            .order_by("staff_number")
        )
        self.reviewers = self.find_reviewers()
        self.staff1 = next(person for person in self.people if person.user and person.user.username == "staff1")
        self.count = 0
        self.logged = {"activity": 0, "deed": 0, "visit": 0, "patrol": 0}

    def find_reviewers(self):
        """The secretary's login of each branch when it has one, else the committee administrator."""
        reviewers = {}
        for person in self.people:
            if person.branch_role == BranchRole.SECRETARY and person.user is not None:
                reviewers[person.branch_id] = person.user
        return {
            person.branch_id: reviewers.get(person.branch_id, self.admin) for person in self.people
        }

    def build(self):
        enterprises = self.build_enterprises()
        with notifications.silenced():  # the past years' news is old news
            for year, (hours, person_times, enterprise_count) in EARLIER_YEARS.items():
                self.service_year(year, hours, person_times, enterprises[:enterprise_count])
            self.service_year(
                2021, EXTENDED_HOURS_2021, DOOR_TO_DOOR_PERSON_TIMES_2021, enterprises[:DOOR_TO_DOOR_ENTERPRISES_2021]
            )
            for year, (masses, for_enterprises) in DEEDS.items():
                self.deeds(year, masses, for_enterprises, enterprises)
            for year in (2019, 2020, 2021):
                self.activities(year)
            self.document_photos()
            for year in range(FIRST_LATER_YEAR, self.today.year + 1):
                self.later_year(year, enterprises)
        self.current_year(enterprises)
        self.patrols()
        return self.count

    def build_enterprises(self):
        enterprises = list(Enterprise.objects.order_by("pk"))
        while len(enterprises) < ENTERPRISE_COUNT:
            place = self.rng.choice(ENTERPRISE_PLACES) + self.rng.choice(ENTERPRISE_PLACES)
            name = f"宁波{place}{ENTERPRISE_TRADES[len(enterprises) % len(ENTERPRISE_TRADES)]}有限公司"
            enterprises.append(
                Enterprise.objects.create(name=name, credit_code=valid_credit_code(self.rng))
            )
        return enterprises

    # Logging and reviewing, always through the actions.

    def log(self, record, *, outcome="approve", participants=None, photos=()):
        """The person logs the record with their own login (the committee office types in the
        paper form of one who has none), and a reviewer who is neither of them reviews it."""
        person = record.person
        author = person.user if person.user_id is not None else self.admin
        reviewer = self.reviewer_for(person, author)
        actions.submit(record, by=author, participants=participants, photos=photos)
        self.count += 1
        if not record.is_waiting:  # a patrol that found nothing is counted without review
            return record
        if outcome == "approve":
            actions.approve(record, by=reviewer)
        elif outcome == "return":
            actions.return_record(record, by=reviewer, comment=self.rng.choice(RETURN_COMMENTS))
        elif outcome == "return_then_approve":
            actions.return_record(record, by=reviewer, comment=self.rng.choice(RETURN_COMMENTS))
            record.refresh_from_db()
            record.notes = (getattr(record, "notes", "") + " 已补充材料。").strip()
            actions.update(record, by=author)
            actions.approve(record, by=reviewer)
        return record

    def reviewer_for(self, person, author):
        """The branch's secretary, unless the record is theirs or they logged it: then the
        committee administrator."""
        reviewer = self.reviewers[person.branch_id]
        if reviewer.pk in (person.user_id, author.pk):
            return self.admin
        return reviewer

    def anyone(self):
        return self.rng.choice(self.people)

    def member_for(self, index, *, later):
        """Anyone; in the later years now and then the demo's staff member, whose dashboard then
        shows last year's work too."""
        return self.staff1 if later and index % 12 == 5 else self.anyone()

    def day_in(self, year, *, since=None, until=None):
        """A day of ``year``, from ``since`` (or its start) to ``until`` (or today)."""
        end = min(datetime.date(year, 12, 30), until or self.today)
        start = min(max(datetime.date(year, 1, 2), since or datetime.date.min), end)
        return start + datetime.timedelta(days=self.rng.randrange((end - start).days + 1))

    def photo(self, kind, *, title, date, every):
        """A photo for the record about to be logged, if it is the ``every``-th of its kind (see
        PHOTO_EVERY); none where ``every`` is None (the document's years)."""
        if every is None:
            return []
        self.logged[kind] += 1
        if self.logged[kind] % every:
            return []
        return [photos.photo(kind, title=title, date=date, seed=self.count)]

    def document_photos(self):
        """The document's own photos — 政入社区, 助企小分队, 上门服务 — drawn for the first such
        approved record of each of its years, attached after the years were logged: their
        records, and so their figures, stay as the document has them."""
        scenes = [
            (ServiceActivity, "activity", {"kind": ActivityKind.INTO_COMMUNITIES}),
            (ServiceActivity, "activity", {"kind": ActivityKind.ENTERPRISE_SQUAD}),
            (ServiceRecord, "visit", {"kind": ServiceKind.DOOR_TO_DOOR}),
        ]
        for model, scene, filters in scenes:
            for year in (2019, 2020, 2021):
                record = model.objects.approved().filter(date__year=year, **filters).order_by("date", "pk").first()
                if record is None:
                    continue
                title = getattr(record, "title", "") or f"上门服务：{record.enterprise}"
                actions.attach_photos(record, [photos.photo(scene, title=title, date=record.date, seed=record.pk)], by=self.admin)

    # The kinds of record.

    def service_year(
        self, year, extended_hours, person_times, enterprises, *, appointments=30, repeats=None, until=None,
        services=SHORT_SERVICES, photo_every=None,
    ):
        """A year's extended hours adding up to ``extended_hours``, door-to-door visits to every
        one of ``enterprises`` (and ``repeats`` of them again, half of them by default) with
        ``person_times`` sent in all, and ``appointments``."""
        for index, hours in enumerate(self.split_hours(extended_hours, services)):
            self.log(
                ServiceRecord(
                    person=self.member_for(index, later=photo_every is not None),
                    kind=ServiceKind.EXTENDED_HOURS,
                    date=self.day_in(year, until=until),
                    hours=hours,
                    served_name=self.rng.choice(PEOPLE_SERVED + [e.name for e in enterprises[:5]]),
                    reason=self.rng.choice(ServiceReason.values),
                )
            )
        repeats = len(enterprises) // 2 if repeats is None else repeats
        visits = list(enterprises) + [self.rng.choice(enterprises) for _ in range(repeats)]
        sent = self.split_whole(person_times, len(visits), low=1, high=4)
        for index, (enterprise, persons_sent) in enumerate(zip(visits, sent)):
            person = self.anyone()  # drawn before the day, as the document's years always were
            date = self.day_in(year, until=until)
            self.log(
                ServiceRecord(
                    person=person,
                    kind=ServiceKind.DOOR_TO_DOOR,
                    date=date,
                    hours=self.rng.choice([Decimal("1"), Decimal("1.5"), Decimal("2"), Decimal("3")]),
                    enterprise=enterprise,
                    persons_sent=persons_sent,
                    reason=ServiceReason.SPECIAL_PROJECT if index % 3 else ServiceReason.SPECIAL_REASON,
                ),
                outcome="return_then_approve" if index % 17 == 5 else "approve",
                photos=self.photo("visit", title=f"上门服务：{enterprise.name}", date=date, every=photo_every),
            )
        for _ in range(appointments):
            self.log(
                ServiceRecord(
                    person=self.anyone(),
                    kind=ServiceKind.APPOINTMENT,
                    date=self.day_in(year, until=until),
                    hours=self.rng.choice([Decimal("0.5"), Decimal("1"), Decimal("1.5")]),
                    served_name=self.rng.choice(PEOPLE_SERVED),
                    reason=ServiceReason.SPECIAL_GROUP,
                )
            )

    def split_hours(self, total, services=SHORT_SERVICES):
        """Hours of single extended-hours services (each one of ``services``, or the rest) that
        add up to ``total`` exactly."""
        hours, remaining = [], total
        while remaining > 0:
            step = min(self.rng.choice(services), remaining)
            if Decimal("0") < remaining - step < Decimal("0.5"):
                step = remaining
            hours.append(step)
            remaining -= step
        return hours

    def split_whole(self, total, parts, *, low, high):
        """``parts`` whole numbers between low and high adding up to ``total``."""
        values = [low] * parts
        remaining = total - low * parts
        while remaining > 0:
            index = self.rng.randrange(parts)
            if values[index] < high:
                values[index] += 1
                remaining -= 1
        return values

    def deeds(self, year, masses, for_enterprises, enterprises, *, until=None, photo_every=None):
        for index in range(masses):
            description, result = self.rng.choice(MASSES_DEEDS)
            person = self.member_for(index, later=photo_every is not None)
            date = self.day_in(year, until=until)
            self.log(
                PracticalDeed(
                    person=person,
                    date=date,
                    beneficiary=Beneficiary.MASSES,
                    beneficiary_name=self.rng.choice(PEOPLE_SERVED),
                    description=description,
                    result=result,
                ),
                photos=self.photo("deed", title=description, date=date, every=photo_every),
            )
        for _ in range(for_enterprises):
            description, result = self.rng.choice(ENTERPRISE_DEEDS)
            person = self.anyone()
            date = self.day_in(year, until=until)
            self.log(
                PracticalDeed(
                    person=person,
                    date=date,
                    beneficiary=Beneficiary.ENTERPRISE,
                    enterprise=self.rng.choice(enterprises),
                    description=description,
                    result=result,
                ),
                photos=self.photo("deed", title=description, date=date, every=photo_every),
            )

    def later_year(self, year, enterprises):
        """A year after the document's (this one up to its last weeks): every kind of record, a
        photo with some of them. This year's figures are the share of the year gone by."""
        until = min(datetime.date(year, 12, 30), self.today - datetime.timedelta(days=RECENT_DAYS))
        if until < datetime.date(year, 1, 2):
            return
        share = min(Decimal((until - datetime.date(year, 1, 1)).days + 1) / 365, Decimal(1))
        hours, person_times, visited, masses, for_enterprises = later_figures(year)
        visited = max(1, round(visited * share))
        repeats = visited // 5
        person_times = min(max(round(person_times * share), visited + repeats), 4 * (visited + repeats))
        self.service_year(
            year,
            max((hours * share * 2).to_integral_value() / 2, Decimal("0.5")),
            person_times,
            enterprises[(year * 7) % 5 :][:visited],
            appointments=max(1, round(LATER_APPOINTMENTS * share)),
            repeats=repeats,
            until=until,
            services=LONG_SERVICES,
            photo_every=PHOTO_EVERY["visit"],
        )
        self.deeds(
            year, round(masses * share), round(for_enterprises * share), enterprises,
            until=until, photo_every=PHOTO_EVERY["deed"],
        )
        self.activities(
            year,
            per_branch=max(1, round(LATER_ACTIVITIES_PER_BRANCH * share)),
            until=until,
            photo_every=PHOTO_EVERY["activity"],
        )

    def activities(self, year, *, per_branch=4, outcome="approve", since=None, until=None, photo_every=None):
        branches = sorted({person.branch_id for person in self.people})
        for branch_id in branches:
            members = [person for person in self.people if person.branch_id == branch_id and person.is_party_member]
            for number in range(per_branch):
                kind = ActivityKind.values[number % len(ActivityKind.values)]
                organiser = self.rng.choice(members)
                team = {organiser, *self.rng.sample(members, min(len(members), self.rng.randint(4, 9)))}
                is_enterprise_squad = kind == ActivityKind.ENTERPRISE_SQUAD
                date = self.day_in(year, since=since, until=until)
                title = self.rng.choice(ACTIVITY_TITLES[kind])
                self.log(
                    ServiceActivity(
                        person=organiser,
                        kind=kind,
                        date=date,
                        title=title,
                        place=self.rng.choice(["锦屏街道", "岳林街道", "江口街道", "奉化经济开发区", "溪口镇"]),
                        people_reached=0 if is_enterprise_squad else self.rng.randint(30, 200),
                        enterprises_reached=self.rng.randint(5, 15) if is_enterprise_squad else 0,
                    ),
                    participants=team,
                    outcome=outcome,
                    photos=self.photo("activity", title=title, date=date, every=photo_every),
                )

    def current_year(self, enterprises):
        """A few weeks of this year: mostly approved, some waiting, some returned."""
        year = self.today.year
        outcomes = ["approve"] * 14 + ["submit"] * 10 + ["return"] * 4
        for index, outcome in enumerate(outcomes):
            person = self.staff1 if index % 7 == 3 else self.anyone()
            date = self.today - datetime.timedelta(days=self.rng.randint(0, 30))
            uploads = ()
            if index % 2:
                record = PracticalDeed(
                    person=person,
                    date=date,
                    beneficiary=Beneficiary.ENTERPRISE,
                    enterprise=self.rng.choice(enterprises),
                    description=self.rng.choice(ENTERPRISE_DEEDS)[0],
                )
                if outcome == "submit" and index % 4 == 1:  # a reviewer sees photos in the queue
                    uploads = self.photo("deed", title=record.description, date=date, every=1)
            else:
                record = ServiceRecord(
                    person=person,
                    kind=self.rng.choice(ServiceKind.values),
                    date=date,
                    hours=self.rng.choice([Decimal("1"), Decimal("2")]),
                    served_name=self.rng.choice(PEOPLE_SERVED),
                    reason=self.rng.choice(ServiceReason.values),
                )
            self.log(record, outcome=outcome, photos=uploads)
        if year > 2021:
            recent = self.today - datetime.timedelta(days=RECENT_DAYS)
            self.activities(year, per_branch=1, outcome="submit", since=recent)

    def patrols(self):
        """The zone holders' daily patrols of the last week; today's findings wait for review."""
        zones = ResponsibilityZone.objects.current(self.today).select_related("member__branch", "member__user")
        findings = "自助机打印纸用完，已联系补充。"
        photographed = 0
        for zone in zones:
            for days_ago in range(7):
                date = self.today - datetime.timedelta(days=days_ago)
                if date.weekday() >= 5:
                    continue
                found = self.rng.random() < 0.1
                uploads = ()
                if found and photographed < PATROL_PHOTOS:
                    uploads = self.photo("patrol", title=f"每日一巡：{findings}", date=date, every=1)
                    photographed += 1
                self.log(
                    Patrol(
                        person=zone.member,
                        zone=zone,
                        date=date,
                        found_problem=found,
                        findings=findings if found else "正常",
                    ),
                    outcome="submit" if days_ago == 0 else "approve",
                    photos=uploads,
                )
