"""Datasets at the scales of DESIGN.md section 6, generated quickly with bulk inserts.

Unlike the demo, rows are written directly (not through the actions): a province holds two
million records, and the point is to measure pages, not to exercise the workflow. The spread is
realistic: people over branches, records over kinds, statuses (mostly approved) and years.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from branches.demo import valid_credit_code
from branches.models import (
    Branch,
    BranchRole,
    BusinessLine,
    Committee,
    CommitteeRole,
    HallArea,
    Lecture,
    Person,
    PoliticalStatus,
    ResponsibilityZone,
    Window,
)
from services.models import (
    Enterprise,
    Patrol,
    PracticalDeed,
    ReviewStatus,
    SatisfactionTally,
    ServiceActivity,
    ServiceRecord,
)

BATCH = 5000
PASSWORD = "bench2021"


@dataclass(frozen=True)
class Scale:
    branches: int
    people: int
    records: int
    lectures: int
    years: int


SCALES = {
    "tiny": Scale(branches=2, people=20, records=200, lectures=6, years=2),
    "office": Scale(branches=5, people=150, records=5_000, lectures=40, years=3),
    "city": Scale(branches=100, people=3_000, records=200_000, lectures=2_000, years=5),
    "province": Scale(branches=1_000, people=30_000, records=2_000_000, lectures=20_000, years=5),
}
LOGINS = ["bench_admin", "bench_secretary", "bench_staff"]


def generate(scale, *, seed=2021, log=print):
    """Build the dataset in an empty database; returns the row counts written."""
    return Generator(SCALES[scale], random.Random(seed), log).run()


class Generator:
    def __init__(self, scale, rng, log):
        self.scale = scale
        self.rng = rng
        self.log = log
        self.last_year = timezone.localdate().year
        self.first_year = self.last_year - scale.years + 1
        self.counts = {}

    def run(self):
        with transaction.atomic():
            self.organisation()
            self.users()
        self.records()
        with transaction.atomic():
            self.lectures_and_tallies()
        return self.counts

    def bulk(self, model, objects):
        created = model.objects.bulk_create(objects, batch_size=BATCH)
        self.counts[model.__name__] = self.counts.get(model.__name__, 0) + len(created)
        return created

    def organisation(self):
        scale = self.scale
        committee = Committee.objects.create(name=f"测试机关党委（{scale.people} 人）")
        areas = self.bulk(HallArea, [HallArea(code=f"G{n:04d}", name=f"审批区{n}") for n in range(scale.branches // 5 + 1)])
        self.branches = self.bulk(
            Branch, [Branch(committee=committee, number=n, name=f"第{n}党支部") for n in range(1, scale.branches + 1)]
        )
        self.windows = self.bulk(
            Window,
            [
                Window(
                    code=f"W{n:06d}",
                    name=f"综合窗口{n}",
                    business_line=BusinessLine.values[n % len(BusinessLine.values)],
                    area=areas[n // 20 % len(areas)],
                    covering_branch=self.branches[n % len(self.branches)],
                )
                for n in range(scale.branches * 4)
            ],
        )
        statuses = [PoliticalStatus.FULL] * 6 + [PoliticalStatus.PROBATIONARY, PoliticalStatus.MASSES, PoliticalStatus.MASSES, PoliticalStatus.ACTIVIST]
        self.people = self.bulk(
            Person,
            [
                Person(
                    staff_number=f"B{n:07d}",
                    name=f"人员{n}",
                    branch=self.branches[n % len(self.branches)],
                    window=self.windows[n % len(self.windows)],
                    political_status=PoliticalStatus.FULL if n < len(self.branches) else statuses[n % len(statuses)],
                    branch_role=BranchRole.SECRETARY if n < len(self.branches) else "",
                )
                for n in range(scale.people)
            ],
        )
        members = [person for person in self.people if person.political_status >= PoliticalStatus.PROBATIONARY]
        self.zones = self.bulk(
            ResponsibilityZone,
            [ResponsibilityZone(member=person, name=f"{person.name}责任区", starts_on=datetime.date(self.first_year, 1, 1)) for person in members],
        )
        self.enterprises = self.bulk(
            Enterprise,
            [Enterprise(name=f"测试企业{n}有限公司", credit_code=valid_credit_code(self.rng)) for n in range(max(50, scale.records // 100))],
        )

    def users(self):
        User = get_user_model()
        password = make_password(PASSWORD)
        admin, secretary, staff = [User.objects.create(username=name, password=password) for name in LOGINS]
        admin.is_staff = admin.is_superuser = True
        admin.save()
        Person.objects.filter(pk=self.people[0].pk).update(user=secretary)  # secretary of the first branch
        staff_person = next(p for p in self.people if p.branch_id == self.branches[0].pk and not p.branch_role and p.political_status == PoliticalStatus.FULL)
        Person.objects.filter(pk=staff_person.pk).update(user=staff)
        chief = next(p for p in self.people if p.branch_id == self.branches[-1].pk and not p.branch_role)
        Person.objects.filter(pk=chief.pk).update(user=admin, committee_role=CommitteeRole.ADMIN)
        self.reviewer = secretary

    def records(self):
        """Records of the four kinds over the years: 85 % approved, 10 % waiting, 5 % returned."""
        total = self.scale.records
        shares = [(ServiceRecord, 0.4), (PracticalDeed, 0.4), (ServiceActivity, 0.1), (Patrol, 0.1)]
        now = timezone.now()
        for model, share in shares:
            count = int(total * share)
            for start in range(0, count, BATCH):
                with transaction.atomic():
                    self.bulk(model, [self.record(model, start + index, now) for index in range(min(BATCH, count - start))])
            self.log(f"  {model.__name__}: {count}")

    def record(self, model, index, now):
        rng = self.rng
        person = self.people[rng.randrange(len(self.people))]
        year = rng.randint(self.first_year, self.last_year)
        date = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
        date = min(date, timezone.localdate())
        roll = rng.random()
        status = ReviewStatus.APPROVED if roll < 0.85 else ReviewStatus.SUBMITTED if roll < 0.95 else ReviewStatus.RETURNED
        reviewed = status != ReviewStatus.SUBMITTED
        common = {
            "person": person,
            "branch_id": person.branch_id,
            "date": date,
            "status": status,
            "submitted_at": now,
            "reviewed_by": self.reviewer if reviewed else None,
            "reviewed_at": now if reviewed else None,
            "review_comment": "请补充" if status == ReviewStatus.RETURNED else "",
        }
        if model is ServiceRecord:
            with_enterprise = index % 3 == 0
            return ServiceRecord(
                kind=("door_to_door", "appointment", "extended_hours")[index % 3],
                hours=Decimal(rng.choice(["0.5", "1", "1.5", "2", "3"])),
                enterprise=self.enterprises[index % len(self.enterprises)] if with_enterprise else None,
                served_name="" if with_enterprise else "群众",
                persons_sent=rng.randint(1, 3),
                reason=("special_reason", "special_group", "special_project")[index % 3],
                **common,
            )
        if model is PracticalDeed:
            for_enterprise = index % 3 == 0
            return PracticalDeed(
                beneficiary="enterprise" if for_enterprise else "masses",
                enterprise=self.enterprises[index % len(self.enterprises)] if for_enterprise else None,
                beneficiary_name="" if for_enterprise else "群众",
                description="为群众办实事",
                **common,
            )
        if model is ServiceActivity:
            return ServiceActivity(
                kind=("into_communities", "enterprise_squad", "public_benefit")[index % 3],
                title="三服务主题党日",
                place="社区",
                people_reached=rng.randint(10, 200),
                **common,
            )
        zone = self.zones[index % len(self.zones)]
        common.update(person=zone.member, branch_id=zone.member.branch_id, date=self.patrol_date(index))
        return Patrol(zone=zone, findings="正常", found_problem=index % 10 == 0, **common)

    def patrol_date(self, index):
        """Distinct days per zone, so (person, zone, date) stays unique."""
        day = index // len(self.zones)
        return min(timezone.localdate() - datetime.timedelta(days=day), timezone.localdate())

    def lectures_and_tallies(self):
        rng = self.rng
        self.bulk(
            Lecture,
            [
                Lecture(
                    date=datetime.date(rng.randint(self.first_year, self.last_year), rng.randint(1, 12), rng.randint(1, 28)),
                    topic=f"政务讲堂第{n}讲",
                    theme="service_reform",
                    branch=self.branches[n % len(self.branches)],
                )
                for n in range(self.scale.lectures)
            ],
        )
        months = [datetime.date(year, month, 1) for year in range(self.first_year, self.last_year + 1) for month in range(1, 13)]
        channels = ["mobile", "pc", "self_service", "hall"]
        self.bulk(
            SatisfactionTally,
            [
                SatisfactionTally(month=month, window=window, channel=channels[(index + number) % 4],
                                  positive=rng.randint(50, 200), neutral=rng.randint(0, 5), negative=rng.randint(0, 1))
                for number, window in enumerate(self.windows)
                for index, month in enumerate(months)
            ],
        )
