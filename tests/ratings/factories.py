"""Factories and a ready round for the 党员示范岗 rating tests."""

import datetime

import factory

from branches.pledges.models import ServicePledge
from branches.ratings import actions
from branches.ratings.models import (
    Nomination,
    Rater,
    RatingCriterion,
    RatingRound,
    RoundStatus,
)
from tests.factories import PersonFactory, UserFactory


class RatingRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RatingRound

    title = factory.Sequence(lambda n: f"2021年度党员示范岗评选{n}")
    starts_on = datetime.date(2021, 1, 1)
    ends_on = datetime.date(2021, 12, 31)
    quota_per_branch = 2


class RatingCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RatingCriterion

    round = factory.SubFactory(RatingRoundFactory)
    name = factory.Sequence(lambda n: f"标准{n}")
    weight = 50


class RaterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rater

    round = factory.SubFactory(RatingRoundFactory)
    person = factory.SubFactory(PersonFactory)


class NominationFactory(factory.django.DjangoModelFactory):
    """A nomination made directly (bypassing the quota): for growing data in query-count tests."""

    class Meta:
        model = Nomination

    round = factory.SubFactory(RatingRoundFactory)
    person = factory.SubFactory(PersonFactory)
    branch = factory.LazyAttribute(lambda o: o.person.branch)
    window = factory.LazyAttribute(lambda o: o.person.window)
    post = "综合窗口"
    reason = "服务热情，群众满意"


def rater_with_login(office, branch, name):
    """A party member of ``branch`` with a login, kept in ``office.users[name]``, to appoint as a rater."""
    person = PersonFactory(branch=branch, name=name, user=UserFactory(username=name))
    office.users[name], office.people[name] = person.user, person
    return person


def round_with_setup(office, *, quota=2, raters=None, status=RoundStatus.DRAFT):
    """A round with two criteria (60 + 40) and raters (by default one from each branch)."""
    rating_round = RatingRoundFactory(quota_per_branch=quota)
    RatingCriterionFactory(round=rating_round, name="服务质量", weight=60)
    RatingCriterionFactory(round=rating_round, name="业务能力", weight=40)
    raters = raters or [rater_with_login(office, office.branch_a, "rater_a"), rater_with_login(office, office.branch_b, "rater_b")]
    for person in raters:
        Rater.objects.create(round=rating_round, person=person)
    admin = office.users["committee_admin"]
    if status != RoundStatus.DRAFT:
        actions.open_nominations(rating_round, by=admin)
    return rating_round


def selected_nomination(office, rating_round, person, *, post="综合窗口", pledge=None):
    """Add a published, selected nomination of ``person`` (directly, for the wall)."""
    nomination = NominationFactory(round=rating_round, person=person, post=post, selected=True, total=90)
    if pledge:
        ServicePledge.objects.create(person=person, year=rating_round.ends_on.year, text=pledge)
    return nomination


def approved(record_factory, **fields):
    """A record as approved by its reviewer (evidence for the raters)."""
    from django.utils import timezone

    from services.records.models import ReviewStatus

    return record_factory(status=ReviewStatus.APPROVED, reviewed_at=timezone.now(), **fields)
