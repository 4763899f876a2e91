"""Factories for test data (factory_boy)."""

import datetime
import random

import factory
from django.contrib.auth import get_user_model

from branches.honours.models import Honour, HonourLevel
from branches.kernel.validators import (
    CREDIT_CODE_CHARACTERS,
    credit_code_check_character,
    id_number_check_character,
)
from branches.lectures.models import Lecture, LectureTheme
from branches.mentoring.models import Mentorship, PairingKind
from branches.organisation.models import (
    Branch,
    BusinessLine,
    Committee,
    HallArea,
    PartyGroup,
    ResponsibilityZone,
    Window,
)
from branches.people.models import DevelopmentStep, Person, PoliticalStatus
from branches.pledges.models import BranchBrand, ServicePledge
from services.enterprises.models import Enterprise
from services.notifications.models import Notification
from services.records.models import (
    Beneficiary,
    Patrol,
    PracticalDeed,
    ServiceActivity,
    ServiceKind,
    ServiceReason,
    ServiceRecord,
)
from services.studios.models import Case, CaseKind, Studio


def valid_credit_code(seed):
    rng = random.Random(seed)
    body = "91" + "330213" + "".join(rng.choice(CREDIT_CODE_CHARACTERS) for _ in range(9))
    return body + credit_code_check_character(body)


def valid_id_number(seed, birth=datetime.date(1990, 1, 1)):
    body = "330283" + birth.strftime("%Y%m%d") + f"{seed % 1000:03d}"
    return body + id_number_check_character(body)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct-horse-battery")


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee
        django_get_or_create = ("name",)

    name = "机关党委"


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Branch

    committee = factory.SubFactory(CommitteeFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"第{o.number}党支部")


class BranchBrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BranchBrand

    branch = factory.SubFactory(BranchFactory)
    name = factory.Sequence(lambda n: f"品牌{n}")


class HallAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HallArea

    code = factory.Sequence(lambda n: f"Z{n}")
    name = factory.Sequence(lambda n: f"区域{n}")


class WindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Window

    code = factory.Sequence(lambda n: f"W-{n:03d}")
    name = factory.Sequence(lambda n: f"窗口{n}")
    business_line = BusinessLine.CONSOLIDATED
    area = factory.SubFactory(HallAreaFactory)
    covering_branch = factory.SubFactory(BranchFactory)


class PartyGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyGroup

    branch = factory.SubFactory(BranchFactory)
    name = factory.Sequence(lambda n: f"党小组{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    staff_number = factory.Sequence(lambda n: f"S{n:05d}")
    name = factory.Sequence(lambda n: f"人员{n}")
    branch = factory.SubFactory(BranchFactory)
    political_status = PoliticalStatus.FULL
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    id_number = factory.Sequence(lambda n: valid_id_number(n))
    birth_date = datetime.date(1990, 1, 1)


class DevelopmentStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DevelopmentStep

    person = factory.SubFactory(PersonFactory)
    stage = PoliticalStatus.APPLICANT
    date = datetime.date(2020, 3, 1)


class ResponsibilityZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponsibilityZone
        skip_postgeneration_save = True

    member = factory.SubFactory(PersonFactory)
    name = factory.Sequence(lambda n: f"责任区{n}")
    starts_on = datetime.date(2019, 1, 1)

    @factory.post_generation
    def windows(self, create, extracted, **kwargs):
        if create and extracted:
            self.windows.set(extracted)


class ServicePledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServicePledge

    person = factory.SubFactory(PersonFactory)
    year = factory.LazyFunction(lambda: datetime.date.today().year)
    text = "用心办好每一件事"


class HonourFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Honour

    year = 2021
    title = factory.Sequence(lambda n: f"荣誉{n}")
    level = HonourLevel.MUNICIPAL
    committee = factory.SubFactory(CommitteeFactory)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"企业{n}有限公司")
    credit_code = factory.Sequence(valid_credit_code)


class RecordFactory(factory.django.DjangoModelFactory):
    """A record as logged: waiting for review, in its person's branch. Review it with actions."""

    class Meta:
        abstract = True

    person = factory.SubFactory(PersonFactory)
    branch = factory.LazyAttribute(lambda o: o.person.branch)
    date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=1))


class ServiceRecordFactory(RecordFactory):
    class Meta:
        model = ServiceRecord

    kind = ServiceKind.DOOR_TO_DOOR
    hours = 2
    served_name = "张大爷"
    persons_sent = 1
    reason = ServiceReason.SPECIAL_GROUP


class PracticalDeedFactory(RecordFactory):
    class Meta:
        model = PracticalDeed

    beneficiary = Beneficiary.MASSES
    beneficiary_name = "社区居民"
    description = "帮助老人办理社保卡"


class ServiceActivityFactory(RecordFactory):
    class Meta:
        model = ServiceActivity

    kind = "into_communities"
    title = "政务服务进社区"
    place = "锦屏街道"
    people_reached = 40


class PatrolFactory(RecordFactory):
    class Meta:
        model = Patrol

    person = factory.LazyAttribute(lambda o: o.zone.member)
    zone = factory.SubFactory(ResponsibilityZoneFactory)
    findings = "正常"


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    message = "已通过：上门服务"
    url = "/services/mine/"


class LectureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lecture
        skip_postgeneration_save = True

    date = datetime.date(2021, 3, 18)
    topic = factory.Sequence(lambda n: f"政务讲堂第{n}讲")
    theme = LectureTheme.SERVICE_REFORM

    @factory.post_generation
    def speakers(self, create, extracted, **kwargs):
        if create and extracted:
            self.speakers.set(extracted)


class MentorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentorship

    mentor = factory.SubFactory(PersonFactory)
    mentee = factory.SubFactory(PersonFactory, branch=factory.SelfAttribute("..mentor.branch"))
    kind = PairingKind.OLD_WITH_NEW
    covers_window_business = True
    goals = "熟练掌握窗口业务"
    starts_on = datetime.date(2021, 1, 4)
    planned_end = datetime.date(2021, 12, 31)


class StudioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Studio

    name = factory.Sequence(lambda n: f"工作室{n}")
    leader = factory.SubFactory(PersonFactory)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    studio = factory.SubFactory(StudioFactory)
    kind = CaseKind.DIFFICULT_APPROVAL
    title = factory.Sequence(lambda n: f"疑难件{n}")
    opened_on = datetime.date(2021, 5, 1)
