"""Each user's to-do list, gathered from every pillar: what waits for them, with a link to where it is done."""

import datetime
import operator
from dataclasses import dataclass
from functools import reduce

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.kernel.scope import scope_for
from branches.lectures.models import LectureAttendance
from branches.people.development import MINIMUM_WAITS, years_before
from branches.people.models import Person, PoliticalStatus
from branches.people.selectors import due_for_next_step_q
from branches.ratings.models import RatingRound, RoundStatus
from services.patrols import selectors as patrol_selectors
from services.problems.models import Measure, Problem
from services.records import selectors as service_selectors
from torchbearer.groups import leader_todo

DUE_SOON = datetime.timedelta(days=30)
FEEDBACK_WINDOW = datetime.timedelta(days=30)


@dataclass(frozen=True)
class Todo:
    icon: str
    text: str
    count: int
    url: str


def todo_items(user, *, today=None):
    """The user's open items, and only counts above zero; one query per table asked (the overdue
    measures and the people due for a step are each counted for both lists at once)."""
    today = today or timezone.localdate()
    scope = scope_for(user)
    items = []
    overdue = _overdue_measures(scope, today)
    if scope.person is not None:
        counts = service_selectors.my_record_counts(scope.person)
        items.append(Todo("bi-arrow-counterclockwise", _("Returned records to correct"), counts.get("returned", 0),
                          reverse("services:my-records") + "?status=returned"))
        items.append(Todo("bi-flag", _("Your overdue problem measures"), overdue["own"],
                          reverse("services:problem-list") + "?overdue=1"))
        unscored = LectureAttendance.objects.filter(
            person=scope.person, lecture__date__gte=today - FEEDBACK_WINDOW, lecture__date__lte=today
        ).exclude(lecture__feedback__person=scope.person)
        items.append(Todo("bi-star", _("Lectures you attended and have not scored"), unscored.count(),
                          reverse("branches:lecture-list")))
        items.append(Todo("bi-award", _("Demonstration-post rounds open for your scoring"),
                          RatingRound.objects.filter(status=RoundStatus.SCORING, raters__person=scope.person).count(),
                          reverse("branches:rating-round-list")))
    for group, quiet, missed in leader_todo(scope, today):
        items.append(Todo("bi-person-exclamation", _("Members of %(group)s with nothing logged this month") % {"group": group.name},
                          quiet, group.get_absolute_url()))
        items.append(Todo("bi-signpost-split", _("Zones of %(group)s with a patrol missing this month") % {"group": group.name},
                          missed, group.get_absolute_url()))
    if scope.is_manager:
        items.append(Todo("bi-clipboard-check", _("Records waiting for your review"),
                          service_selectors.waiting_for_review_count(user), reverse("services:review-queue")))
        where = _("Overdue problem measures in the office") if scope.manages_all else _("Overdue problem measures in your branch")
        items.append(Todo("bi-exclamation-triangle", where, overdue["managed"],
                          reverse("services:problem-list") + "?overdue=1"))
        if scope.person is not None and scope.person.branch_id in scope.managed_branch_ids:
            items.append(Todo("bi-calendar-x", _("Zones of your branch with a patrol missing this month"),
                              patrol_selectors.zones_with_gaps(user, scope.person.branch_id, today),
                              reverse("services:patrol-plan")))
            unmade = patrol_selectors.months_without_rota(scope.person.branch_id, today)
            if unmade:
                items.append(Todo("bi-person-lines-fill", _("Months still without a duty rota"),
                                  len(unmade), reverse("services:duty-rota-edit", args=[scope.person.branch_id, unmade[0].year, unmade[0].month])))
        if scope.managed_branch_ids:
            items.append(Todo("bi-award", _("Demonstration-post rounds waiting for your branch's nominations"),
                              _rounds_to_nominate(scope), reverse("branches:rating-round-list")))
        due = _due_for_a_step(scope, today)
        items.append(Todo("bi-person-up", _("Probationary members due for full membership within 30 days"),
                          due["probation_ending"], reverse("branches:development-pipeline") + f"?stage={PoliticalStatus.PROBATIONARY}"))
        items.append(Todo("bi-person-plus", _("Activists trained for a year, due to be considered as development candidates"),
                          due["activists_due"],
                          reverse("branches:development-pipeline") + f"?stage={PoliticalStatus.ACTIVIST}&due=on"))
    return [item for item in items if item.count]


def _overdue_measures(scope, today):
    """Overdue measures: the user's own, and those of the branches they manage (all, for the
    committee); one query, none when the user has neither."""
    counts, wanted = {}, []
    if scope.person is not None:
        counts["own"] = Count("pk", filter=Q(owner=scope.person))
        wanted.append(Q(owner=scope.person))
    if scope.is_manager:
        if scope.manages_all:
            counts["managed"], wanted = Count("pk"), None
        else:
            managed = Q(problem__in=Problem.objects.filter(branch__in=scope.managed_branch_ids))
            counts["managed"] = Count("pk", filter=managed)
            wanted.append(managed)
    if not counts:
        return {}
    measures = Measure.objects.overdue(today)
    if wanted is not None:
        # Only the rows counted: a secretary's from the owner and the branch's problems (as a
        # subquery, since a join read every problem of the province; docs/PERFORMANCE.md).
        measures = measures.filter(reduce(operator.or_, wanted))
    return measures.aggregate(**counts)


def _rounds_to_nominate(scope):
    """Rounds open for nominations in which the user's branch has not used its quota."""
    nominated = Count("nominations", filter=Q(nominations__branch__in=scope.managed_branch_ids))
    rounds = RatingRound.objects.filter(status=RoundStatus.NOMINATING).annotate(nominated=nominated)
    return rounds.filter(nominated__lt=F("quota_per_branch")).count()


def _due_for_a_step(scope, today):
    """Probationary members whose year ends within DUE_SOON, and activists due to be considered
    as candidates, in the branches the user manages; one query."""
    people = Person.objects.filter(
        is_active=True, political_status__in=[PoliticalStatus.ACTIVIST, PoliticalStatus.PROBATIONARY]
    )
    if not scope.manages_all:
        people = people.filter(branch__in=scope.managed_branch_ids)
    probation_ending = Q(
        political_status=PoliticalStatus.PROBATIONARY,
        stage_since__lte=years_before(today + DUE_SOON, MINIMUM_WAITS[PoliticalStatus.FULL].years),
    )
    activists_due = Q(political_status=PoliticalStatus.ACTIVIST) & due_for_next_step_q(today)
    return people.aggregate(
        probation_ending=Count("pk", filter=probation_ending), activists_due=Count("pk", filter=activists_due)
    )
