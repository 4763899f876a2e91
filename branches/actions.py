"""Business actions on the organisation: called by views, admin, the demo seeder and tests alike."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import (
    CheckInMethod,
    DevelopmentStep,
    LectureAttendance,
    LectureFeedback,
    Mentorship,
    MentorshipSession,
    MentorshipStatus,
    Person,
    PoliticalStatus,
)
from branches.scope import scope_for


@transaction.atomic
def record_development_step(person, *, stage, date, by, note=""):
    """Record the person's next development step and move their political status to it.

    Steps follow the party's order one at a time (申请 → 积极分子 → 发展对象 → 预备党员 → 正式党员),
    and a step's date is never before the previous step's date nor in the future.
    ``by`` must manage the person's branch; the person's row is locked so that two
    secretaries recording at once cannot both succeed.
    """
    if by is not None and not scope_for(by).can_manage_branch(person.branch_id):
        raise PermissionDenied(_("You may not record development steps for this person."))
    person = Person.objects.select_for_update().get(pk=person.pk)
    stage = PoliticalStatus(int(stage))
    if person.political_status >= PoliticalStatus.FULL:
        raise ValidationError(_("%(name)s is already a full party member.") % {"name": person.name})
    expected = PoliticalStatus(person.political_status + 1)
    if stage != expected:
        raise ValidationError(
            _("The next step for %(name)s is “%(expected)s”, not “%(stage)s”.")
            % {"name": person.name, "expected": expected.label, "stage": stage.label},
            code="step_out_of_order",
        )
    if date > timezone.localdate():
        raise ValidationError(_("A development step cannot be dated in the future."), code="future")
    last = person.development_steps.order_by("-stage").first()
    if last and date < last.date:
        raise ValidationError(
            _("The date cannot be before the previous step “%(stage)s” on %(date)s.")
            % {"stage": last.get_stage_display(), "date": last.date},
            code="step_date_backwards",
        )
    step = DevelopmentStep(person=person, stage=stage, date=date, note=note, recorded_by=by)
    step.full_clean()
    step.save()
    person.political_status = stage
    person.save(update_fields=["political_status", "updated_at"])
    return step


def may_run_lecture(user, lecture):
    """The committee administrator, or a manager of the organising branch."""
    scope = scope_for(user)
    return scope.manages_all or (lecture.branch_id is not None and scope.can_manage_branch(lecture.branch_id))


@transaction.atomic
def check_in(lecture, person, *, code, at=None):
    """An attendee checks in with the code shown in the room, only while the lecture is on."""
    if (code or "").strip() != lecture.check_in_code:
        raise ValidationError(_("The check-in code is wrong."), code="wrong_code")
    if not lecture.is_check_in_open(at):
        raise ValidationError(
            _("Check-in is open only during the lecture (half an hour before to half an hour after)."),
            code="check_in_closed",
        )
    if lecture.attendances.filter(person=person).exists():
        raise ValidationError(_("You are already on the register."), code="already_checked_in")
    return LectureAttendance.objects.create(lecture=lecture, person=person, method=CheckInMethod.CODE)


@transaction.atomic
def register_attendance(lecture, people, *, by):
    """The organiser ticks attendees on the register; returns how many were added."""
    if not may_run_lecture(by, lecture):
        raise PermissionDenied(_("Only the organisers may keep this lecture's register."))
    present = set(lecture.attendances.values_list("person_id", flat=True))
    added = [
        LectureAttendance(lecture=lecture, person=person, method=CheckInMethod.REGISTER)
        for person in people
        if person.pk not in present
    ]
    LectureAttendance.objects.bulk_create(added)
    return len(added)


@transaction.atomic
def give_feedback(lecture, person, *, score, remark=""):
    """An attendee scores the lecture once, from 1 to 5."""
    if not lecture.attendances.filter(person=person).exists():
        raise ValidationError(_("Only attendees can score a lecture."), code="not_attended")
    feedback = LectureFeedback(lecture=lecture, person=person, score=score, remark=remark)
    feedback.full_clean()
    feedback.save()
    return feedback


@transaction.atomic
def record_mentoring_session(mentorship, *, by, date, method, content, hours):
    """The mentor or the mentee logs a session of an active pairing."""
    person = scope_for(by).person
    if person is None or person.pk not in (mentorship.mentor_id, mentorship.mentee_id):
        raise PermissionDenied(_("Only the mentor and the mentee write the session log."))
    mentorship = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if mentorship.status != MentorshipStatus.ACTIVE:
        raise ValidationError(_("This pairing has ended; no more sessions can be logged."), code="ended")
    session = MentorshipSession(
        mentorship=mentorship, date=date, method=method, content=content, hours=hours, written_by=person
    )
    session.full_clean()
    session.save()
    return session


def may_evaluate(user, mentorship):
    """The secretary of the mentee's branch (and the committee administrator) evaluates the pair."""
    scope = scope_for(user)
    return scope.manages_all or mentorship.mentee.branch_id in scope.secretary_branch_ids


def _check_evaluator(mentorship, by):
    if not may_evaluate(by, mentorship):
        raise PermissionDenied(_("Only the secretary of the mentee's branch evaluates the pairing."))


@transaction.atomic
def evaluate_mentorship(mentorship, *, by, stage, text, rating, on=None):
    """The secretary's mid-term or final evaluation; the final one completes the pairing on ``on``."""
    _check_evaluator(mentorship, by)
    mentorship = Mentorship.objects.select_for_update().select_related("mentee").get(pk=mentorship.pk)
    if mentorship.status != MentorshipStatus.ACTIVE:
        raise ValidationError(_("This pairing has already ended."), code="ended")
    if not (text or "").strip():
        raise ValidationError(_("Write the evaluation."), code="evaluation_required")
    if stage == "midterm":
        mentorship.midterm_evaluation, mentorship.midterm_rating = text.strip(), rating
    else:
        if not mentorship.sessions.exists():
            raise ValidationError(
                _("A pairing without any logged session cannot be evaluated as completed."), code="no_sessions"
            )
        mentorship.final_evaluation, mentorship.final_rating = text.strip(), rating
        mentorship.status = MentorshipStatus.COMPLETED
        mentorship.ended_on = on or timezone.localdate()
    mentorship.evaluated_by = by
    mentorship.full_clean()
    mentorship.save()
    return mentorship


@transaction.atomic
def end_mentorship_early(mentorship, *, by, reason, on=None):
    _check_evaluator(mentorship, by)
    mentorship = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if mentorship.status != MentorshipStatus.ACTIVE:
        raise ValidationError(_("This pairing has already ended."), code="ended")
    if not (reason or "").strip():
        raise ValidationError(_("Say why the pairing ended early."), code="reason_required")
    mentorship.status = MentorshipStatus.ENDED_EARLY
    mentorship.end_reason = reason.strip()
    mentorship.ended_on = on or timezone.localdate()
    mentorship.evaluated_by = by
    mentorship.full_clean()
    mentorship.save()
    return mentorship
