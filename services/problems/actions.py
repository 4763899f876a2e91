"""The problem closed loop's transitions: found → discussed → in progress → resolved → verified.

Each transition takes the problem from exactly the state before it (no skipping), locks the
row, and checks who may do it: the responsible branch's managers run the loop, a measure's
owner may start and resolve the work, and nobody verifies a fix they made themselves.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.kernel.locks import lock_in_state
from branches.kernel.scope import scope_for
from services.problems.models import (
    Measure,
    Problem,
    ProblemSource,
    ProblemStatus,
    RoundTable,
)
from services.records.models import Patrol


def may_run_loop(user, problem):
    return scope_for(user).can_manage_branch(problem.branch_id)


def _owns_a_measure(user, problem):
    person_id = scope_for(user).person_id
    return person_id is not None and problem.measures.filter(owner=person_id).exists()


def _locked(problem, expected):
    def refuse(row):
        return ValidationError(
            _("This problem is “%(status)s”; that step is only possible from “%(expected)s”.")
            % {"status": row.get_status_display(), "expected": ProblemStatus(expected).label},
            code="wrong_state",
        )

    return lock_in_state(problem, [expected], refuse)


@transaction.atomic
def report_problem(*, by, title, description, source, branch, found_on=None, window=None, patrol=None):
    """Anyone in the hall reports a problem; it belongs to the branch that must solve it."""
    person = scope_for(by).person
    if person is None and not scope_for(by).manages_all:
        raise PermissionDenied(_("Only staff members listed in the roster can report problems."))
    problem = Problem(
        title=title,
        description=description,
        source=source,
        branch=branch,
        found_on=found_on or timezone.localdate(),
        window=window,
        patrol=patrol,
        reported_by=person,
    )
    problem.full_clean()
    problem.save()
    return problem


@transaction.atomic
def problem_from_patrol(patrol, *, by):
    """One click: a patrol's finding becomes a problem of the patrol's branch."""
    patrol = Patrol.objects.select_for_update().select_related("zone").get(pk=patrol.pk)
    scope = scope_for(by)
    if patrol.person_id != scope.person_id and not scope.can_manage_branch(patrol.branch_id):
        raise PermissionDenied(_("You may not report problems from this patrol."))
    if not patrol.found_problem:
        raise ValidationError(_("This patrol found nothing to report."), code="nothing_found")
    if Problem.objects.filter(patrol=patrol).exists():
        raise ValidationError(_("This patrol's finding is already a problem in the loop."), code="already_reported")
    title = patrol.findings.splitlines()[0][:150] if patrol.findings.strip() else patrol.zone.name
    problem = Problem(
        title=title,
        description=patrol.findings,
        source=ProblemSource.PATROL,
        branch_id=patrol.branch_id,
        found_on=patrol.date,
        patrol=patrol,
        reported_by_id=patrol.person_id,
    )
    problem.full_clean()
    problem.save()
    return problem


@transaction.atomic
def hold_round_table(*, by, date, title, attendees, problems, measures, branch=None, notes=""):
    """Record a round-table: its attendees, the problems discussed and the measures decided.

    ``measures`` is a list of (problem, description, owner, deadline). Problems still "found"
    become "discussed"; every measure belongs to one of the problems discussed.
    """
    problems = list(problems)
    for problem in problems:
        if not may_run_loop(by, problem):
            raise PermissionDenied(_("You may not run the loop of another branch's problem."))
    if not problems:
        raise ValidationError(_("A round-table discusses at least one problem."), code="no_problems")
    if date > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), code="future")
    meeting = RoundTable.objects.create(date=date, title=title, branch=branch, notes=notes)
    meeting.attendees.set(attendees)
    meeting.problems.set(problems)
    ids = {problem.pk for problem in problems}
    for problem, description, owner, deadline in measures:
        if problem.pk not in ids:
            raise ValidationError(_("A measure must be for a problem the meeting discussed."), code="measure_problem")
        if deadline < date:
            raise ValidationError(_("A measure's deadline cannot be before the meeting."), code="deadline")
        Measure.objects.create(
            round_table=meeting, problem=problem, description=description, owner=owner, deadline=deadline
        )
    for problem in Problem.objects.filter(pk__in=ids, status=ProblemStatus.FOUND):
        problem.status = ProblemStatus.DISCUSSED
        problem.save(update_fields=["status"])
    return meeting


@transaction.atomic
def start_work(problem, *, by):
    problem = _locked(problem, ProblemStatus.DISCUSSED)
    if not (may_run_loop(by, problem) or _owns_a_measure(by, problem)):
        raise PermissionDenied(_("Only the branch's managers or a measure's owner may start the work."))
    problem.status = ProblemStatus.IN_PROGRESS
    problem.save(update_fields=["status"])
    return problem


@transaction.atomic
def complete_measure(measure, *, by, on=None):
    measure = Measure.objects.select_for_update().select_related("problem").get(pk=measure.pk)
    if measure.owner_id != scope_for(by).person_id and not may_run_loop(by, measure.problem):
        raise PermissionDenied(_("Only the measure's owner or the branch's managers may mark it done."))
    if measure.done_on is not None:
        raise ValidationError(_("This measure is already done."), code="already_done")
    measure.done_on = on or timezone.localdate()
    measure.save(update_fields=["done_on"])
    return measure


@transaction.atomic
def resolve(problem, *, by, resolution, on=None, resolved_by=None):
    """Record how the problem was resolved; a manager may record the fix of a measure's owner."""
    problem = _locked(problem, ProblemStatus.IN_PROGRESS)
    person = scope_for(by).person
    if resolved_by is not None and resolved_by != person:
        if not may_run_loop(by, problem):
            raise PermissionDenied(_("Only the branch's managers record someone else's fix."))
        person = resolved_by
    if not (may_run_loop(by, problem) or _owns_a_measure(by, problem)):
        raise PermissionDenied(_("Only the branch's managers or a measure's owner may resolve the problem."))
    if not (resolution or "").strip():
        raise ValidationError(_("Say how the problem was resolved."), code="resolution_required")
    problem.status = ProblemStatus.RESOLVED
    problem.resolution = resolution.strip()
    problem.resolved_on = on or timezone.localdate()
    problem.resolved_by = person
    problem.full_clean()
    problem.save()
    return problem


@transaction.atomic
def verify(problem, *, by, problem_class=None, on=None):
    """A manager of the branch checks the fix holds; never the person who made it."""
    problem = _locked(problem, ProblemStatus.RESOLVED)
    scope = scope_for(by)
    if not may_run_loop(by, problem):
        raise PermissionDenied(_("Only the branch's managers verify a resolved problem."))
    if problem.resolved_by_id is not None and problem.resolved_by_id == scope.person_id:
        raise PermissionDenied(_("Nobody verifies their own fix."))
    problem.status = ProblemStatus.VERIFIED
    problem.verified_on = on or timezone.localdate()
    problem.verified_by = by
    problem.problem_class = problem_class
    problem.full_clean()
    problem.save()
    return problem
