"""Demo 党员示范岗 rating rounds: 24 selected a year, 72 in 2019–2021 as the seed counts, and a
round each year since (invented, like the nominees, raters and scores), this year's included.

Every round goes through the actions (open, nominate, score, close, decide, publish), as the
committee would run it. Call after the demo office is built; it changes nothing when run again.
"""

import datetime
import math
import random

from django.contrib.auth import get_user_model
from django.db import transaction

from branches.organisation.models import Branch
from branches.people.models import BranchRole, CommitteeRole, Person
from branches.ratings import actions
from branches.ratings.models import Rater, RatingRound

YEARS = (2019, 2020, 2021)
SELECTED_PER_YEAR = 24
CRITERIA = [("政治素质", 30), ("服务质量", 40), ("业务能力", 20), ("群众评价", 10)]
REASONS = [
    "窗口服务热情周到，全年零投诉，群众满意度高。",
    "业务精通，主动承担延时服务和上门服务。",
    "牵头“一件事”改革事项，压缩办理时限。",
    "带教新人成效明显，所在窗口获评优质窗口。",
]


def years_until(today):
    """The demo's rating years: the document's, then every year up to ``today``'s."""
    return range(YEARS[0], today.year + 1)


def title_for(year):
    return f"{year}年度党员示范岗评选"


def _acting_user(person):
    """The person's login, created (without a usable password) when the demo person has none."""
    if person.user_id is None:
        user = get_user_model().objects.create_user(username=f"demo-{person.staff_number.lower()}")
        person.user = user
        person.save(update_fields=["user", "updated_at"])
    return person.user


def _committee_admin():
    admin = Person.objects.filter(committee_role=CommitteeRole.ADMIN, user__isnull=False).select_related("user").first()
    if admin is not None:
        return admin.user
    return get_user_model().objects.filter(is_superuser=True).first()


def _raters(branches):
    """Three party members from at least two branches, committee members first."""
    candidates = (
        Person.objects.party_members()
        .filter(is_active=True, branch__in=branches)
        .exclude(committee_role=CommitteeRole.ADMIN)
        .order_by("-committee_role", "branch_role", "branch__number", "pk")
    )
    chosen, branch_ids = [], set()
    for person in candidates:
        if person.branch_id not in branch_ids or (len(branch_ids) >= 2 and len(chosen) < 3):
            chosen.append(person)
            branch_ids.add(person.branch_id)
        if len(chosen) == 3 and len(branch_ids) >= 2:
            break
    return chosen


def _branch_manager(branch):
    people = branch.members.filter(branch_role__in=[BranchRole.SECRETARY, BranchRole.DEPUTY, BranchRole.COMMITTEE])
    return people.order_by("-branch_role").first()  # secretary, then deputy, then committee


@transaction.atomic
def build_rating_rounds(years=YEARS, selected_per_year=SELECTED_PER_YEAR):
    """Create the published demo rounds (once); returns the rounds."""
    admin = _committee_admin()
    branches = [branch for branch in Branch.objects.order_by("number") if _branch_manager(branch)]
    raters = _raters(branches)
    quota = math.ceil(selected_per_year * 1.25 / max(len(branches), 1))
    rounds = []
    for year in years:
        existing = RatingRound.objects.filter(title=title_for(year)).first()
        if existing:
            rounds.append(existing)
            continue
        rounds.append(_build_round(year, admin, branches, raters, quota, selected_per_year))
    return rounds


def _build_round(year, admin, branches, raters, quota, selected_per_year):
    rng = random.Random(year)
    rating_round = RatingRound.objects.create(
        title=title_for(year),
        starts_on=datetime.date(year, 1, 1),
        ends_on=datetime.date(year, 12, 31),
        quota_per_branch=quota,
        description="对照“五个一”标准，从窗口一线评选党员示范岗。",
        created_by=admin,
    )
    for index, (name, weight) in enumerate(CRITERIA):
        rating_round.criteria.create(name=name, weight=weight, ordering=index)
    Rater.objects.bulk_create(Rater(round=rating_round, person=person) for person in raters)
    actions.open_nominations(rating_round, by=admin)

    rater_ids = {person.pk for person in raters}
    for branch in branches:
        manager = _acting_user(_branch_manager(branch))
        members = list(
            Person.objects.party_members()
            .filter(branch=branch, is_active=True)
            .exclude(pk__in=rater_ids)
            .select_related("window")
            .order_by("pk")
        )
        rng.shuffle(members)
        for person in members[:quota]:
            actions.nominate(
                rating_round,
                person,
                by=manager,
                post=str(person.window) if person.window_id else (person.title or "综合窗口"),
                reason=rng.choice(REASONS),
            )
    nominations = list(rating_round.nominations.select_related("person"))
    if len(nominations) < selected_per_year:
        raise ValueError(f"Only {len(nominations)} members could be nominated for {year}.")
    actions.open_scoring(rating_round, by=admin)

    criteria = list(rating_round.criteria.all())
    for rater in raters:
        user = _acting_user(rater)
        conflicts = actions.scoring_conflicts(rater, nominations, rating_round)
        for nomination in nominations:
            if nomination.pk in conflicts:
                continue
            base = rng.randint(70, 95)
            for criterion in criteria:
                actions.score(nomination, criterion, by=user, value=min(100, base + rng.randint(-5, 5)))
    actions.close_scoring(rating_round, by=admin)
    ranked = list(rating_round.nominations.ranked().values_list("pk", flat=True))
    actions.decide(rating_round, by=admin, selected_ids=ranked[:selected_per_year])
    return actions.publish(rating_round, by=admin)
