"""The queries behind the people pages: the directory, a person's page, the development pipeline."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from branches.honours.models import Honour
from branches.lectures.models import Lecture, LectureAttendance
from branches.mentoring.models import Mentorship
from branches.organisation.models import PartyGroup, ResponsibilityZone
from branches.people.development import (
    LONGEST_PROBATION_YEARS,
    MINIMUM_WAITS,
    earliest_date_for,
    years_after,
    years_before,
)
from branches.people.models import DevelopmentStep, Person, PoliticalStatus
from branches.pledges.models import ServicePledge


def people_for_directory(queryset):
    return queryset.select_related("branch", "group", "window")


def person_detail(person_id, queryset):
    return (
        queryset.select_related("branch", "group", "window", "window__area", "user")
        .prefetch_related(
            Prefetch("development_steps", queryset=DevelopmentStep.objects.order_by("stage")),
            Prefetch("pledges", queryset=ServicePledge.objects.order_by("-year")),
            Prefetch(
                "responsibility_zones",
                queryset=ResponsibilityZone.objects.prefetch_related("windows").order_by("-starts_on"),
            ),
            Prefetch("honours", queryset=Honour.objects.order_by("-year")),
            Prefetch("led_groups", queryset=PartyGroup.objects.order_by("name")),
        )
        .get(pk=person_id)
    )


IN_DEVELOPMENT = [
    PoliticalStatus.APPLICANT,
    PoliticalStatus.ACTIVIST,
    PoliticalStatus.CANDIDATE,
    PoliticalStatus.PROBATIONARY,
]


def development_by_year(branch_ids, *, first_year, last_year):
    """Steps taken per year and stage, newest year first: ``[(year, {stage: n})]``, one query.

    Each year's counts are the registry's development figures (``people.figures``) of that year,
    for the branches together; a test holds the two equal."""
    steps = DevelopmentStep.objects.filter(date__year__gte=first_year, date__year__lte=last_year)
    if branch_ids is not None:
        steps = steps.filter(person__branch__in=branch_ids)
    # a count per year in a column of its own: grouping by EXTRACT(YEAR), a numeric in PostgreSQL
    # slow to compute and to hash, was the slower way over a province's 30,000 steps (docs/PERFORMANCE.md)
    years = range(last_year, first_year - 1, -1)
    rows = steps.order_by().values("stage").annotate(**{f"in_{year}": Count("date", filter=Q(date__year=year)) for year in years})
    by_stage = {row["stage"]: row for row in rows}
    return [
        (year, {stage: by_stage[stage][f"in_{year}"] if stage in by_stage else 0 for stage, _label in DevelopmentStep.STAGES})
        for year in years
    ]


def people_by_status(branch_ids):
    """How many people in post stand at each development stage now: ``{status: n}``, one query."""
    people = Person.objects.filter(is_active=True, political_status__in=IN_DEVELOPMENT)
    if branch_ids is not None:
        people = people.filter(branch__in=branch_ids)
    counts = dict(people.values_list("political_status").annotate(n=Count("*")).order_by())
    return {status: counts.get(status, 0) for status in IN_DEVELOPMENT}


def due_for_next_step_q(today):
    """People at a stage with a minimum wait (activists, probationary members) whose wait is over.

    Each wait counts from the step of the stage just before (MINIMUM_WAITS), the person's
    current stage: its date is the person's ``stage_since``, which the pipeline's index holds.
    """
    due = Q(pk__in=[])
    for wait in MINIMUM_WAITS.values():
        due |= Q(political_status=wait.after, stage_since__lte=years_before(today, wait.years))
    return due


@dataclass
class PipelineEntry:
    """One person on the way into the party: their steps so far and what comes next, and when."""

    person: Person
    steps: dict
    today: datetime.date

    @property
    def stage(self):
        return PoliticalStatus(self.person.political_status)

    @property
    def next_stage(self):
        return PoliticalStatus(self.person.political_status + 1)

    @property
    def since(self):
        return self.steps.get(self.person.political_status)

    @property
    def earliest(self):
        """The first day the next step may be taken, or None when the rules set no wait."""
        return earliest_date_for(self.next_stage, self.steps)


    def has_minimum_wait(self):
        return self.next_stage in MINIMUM_WAITS

    @property
    def is_due(self):
        """The minimum wait before the next step is over (stages without one are never "due")."""
        return self.earliest is not None and self.earliest <= self.today

    @property
    def days_at_stage(self):
        return (self.today - self.since).days if self.since else None

    @property
    def probation_overrun(self):
        """A probation past one year and the longest extension of one more."""
        return (
            self.stage == PoliticalStatus.PROBATIONARY
            and self.since is not None
            and years_after(self.since, LONGEST_PROBATION_YEARS) < self.today
        )

    def dates(self):
        return [self.steps.get(stage) for stage, _label in DevelopmentStep.STAGES]


def pipeline_people(queryset, *, stage=None, due_only=False, today=None):
    """People in development from ``queryset`` (already scoped), longest at their stage first.

    In the order of ``Person.stage_since`` (kept by branches.people.stage_dates), which an index holds;
    wrap a page of it with :func:`pipeline_entries`.
    """
    today = today or timezone.localdate()
    people = queryset.filter(is_active=True, political_status__in=IN_DEVELOPMENT).select_related("branch", "group")
    if stage is not None:
        people = people.filter(political_status=stage)
    if due_only:
        people = people.filter(due_for_next_step_q(today))
    return people.order_by("-political_status", "stage_since", "name", "pk")


def pipeline_entries(people, *, today=None):
    """Entries for a page of people, their steps in one query."""
    today = today or timezone.localdate()
    people = list(people)
    steps = defaultdict(dict)
    for person_id, stage, date in DevelopmentStep.objects.filter(person__in=people).values_list(
        "person", "stage", "date"
    ):
        steps[person_id][stage] = date
    return [PipelineEntry(person=person, steps=steps[person.pk], today=today) for person in people]


@dataclass
class PersonPassingOn:
    lectures_given: int
    lectures_attended: int
    pairings: list


def person_passing_on(person, user):
    """A person's lectures given and attended, and their active pairings the viewer may see."""
    given = Lecture.objects.filter(speakers=person).count()
    attended = LectureAttendance.objects.filter(person=person).count()
    pairings = list(
        Mentorship.objects.visible_to(user)
        .active()
        .filter(Q(mentor=person) | Q(mentee=person))
        .select_related("mentor", "mentee")
        .order_by("-starts_on")
    )
    return PersonPassingOn(given, attended, pairings)


def manager_user_ids(branch_ids):
    """{branch id: [login account ids]} of the people who manage each branch (its secretary and
    branch committee): they review its records and are told what the branch owes."""
    managers = defaultdict(list)
    for branch_id, user_id in (
        Person.objects.filter(branch__in=branch_ids, is_active=True, user__is_active=True)
        .exclude(branch_role="")
        .order_by("branch", "user")
        .values_list("branch_id", "user_id")
    ):
        managers[branch_id].append(user_id)
    return managers
