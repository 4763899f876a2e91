"""导师帮带 actions: pairing a mentor with a mentee, the pair's session log, the secretary's
evaluations, an early end."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.kernel.locks import lock_in_state
from branches.kernel.scope import scope_for
from branches.mentoring.models import Mentorship, MentorshipSession, MentorshipStatus


def pair(mentorship):
    """Set up a pairing. A mentee has one active mentor per focus area: the model's constraint
    holds that even when two secretaries pair the same mentee at the same moment."""
    mentorship.full_clean()
    try:
        with transaction.atomic():
            mentorship.save()
    except IntegrityError:
        raise ValidationError(
            _("The mentee already has an active mentor for one of these focus areas."), code="mentor_taken"
        ) from None
    return mentorship


@transaction.atomic
def record_mentoring_session(mentorship, *, by, date, method, content, hours):
    """The mentor or the mentee logs a session of an active pairing."""
    person = scope_for(by).person
    if person is None or person.pk not in (mentorship.mentor_id, mentorship.mentee_id):
        raise PermissionDenied(_("Only the mentor and the mentee write the session log."))
    mentorship = lock_in_state(
        mentorship,
        [MentorshipStatus.ACTIVE],
        lambda row: ValidationError(_("This pairing has ended; no more sessions can be logged."), code="ended"),
    )
    session = MentorshipSession(
        mentorship=mentorship, date=date, method=method, content=content, hours=hours, written_by=person
    )
    session.full_clean()
    session.save()
    return session


def _ended(mentorship):
    return ValidationError(_("This pairing has already ended."), code="ended")


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
    mentorship = lock_in_state(mentorship, [MentorshipStatus.ACTIVE], _ended, Mentorship.objects.select_related("mentee"))
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
    mentorship = lock_in_state(mentorship, [MentorshipStatus.ACTIVE], _ended)
    if not (reason or "").strip():
        raise ValidationError(_("Say why the pairing ended early."), code="reason_required")
    mentorship.status = MentorshipStatus.ENDED_EARLY
    mentorship.end_reason = reason.strip()
    mentorship.ended_on = on or timezone.localdate()
    mentorship.evaluated_by = by
    mentorship.full_clean()
    mentorship.save()
    return mentorship
