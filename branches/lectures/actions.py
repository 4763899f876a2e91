"""政务讲堂 actions: planning a lecture, checking in with the room's code, the organiser's register, an
attendee's score, the questions (answered then or later) and materials kept with a lecture."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from branches.kernel.scope import scope_for
from branches.lectures import counts
from branches.lectures.models import CheckInMethod, LectureAttendance, LectureFeedback


def may_run_lecture(user, lecture):
    """The committee administrator, or a manager of the organising branch."""
    scope = scope_for(user)
    return scope.manages_all or (lecture.branch_id is not None and scope.can_manage_branch(lecture.branch_id))


def no_lecture_open(code="wrong_code"):
    """The answer to a code that opens no check-in: the same whether no lecture has the code or
    its check-in is closed, so that trying codes tells nothing about which ones exist."""
    return ValidationError(
        _(
            "No lecture is open for check-in with this code. Check the digits; check-in is open "
            "from half an hour before the lecture to half an hour after it."
        ),
        code=code,
    )


@transaction.atomic
def check_in(lecture, person, *, code, at=None):
    """An attendee checks in with the code shown in the room, only while the lecture is on."""
    if (code or "").strip() != lecture.check_in_code:
        raise no_lecture_open("wrong_code")
    if not lecture.is_check_in_open(at):
        raise no_lecture_open("check_in_closed")
    already = ValidationError(_("You are already on the register."), code="already_checked_in")
    if lecture.attendances.filter(person=person).exists():
        raise already
    try:
        with transaction.atomic():
            return LectureAttendance.objects.create(lecture=lecture, person=person, method=CheckInMethod.CODE)
    except IntegrityError:  # the same check-in sent twice at once
        raise already from None


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
    bulk_create_with_history(added, LectureAttendance, default_user=by)
    counts.refresh([lecture.pk])  # written in bulk, past the signals that keep the counts
    return len(added)


@transaction.atomic
def give_feedback(lecture, person, *, score, remark=""):
    """An attendee scores the lecture once, from 1 to 5."""
    if not lecture.attendances.filter(person=person).exists():
        raise ValidationError(_("Only attendees can score a lecture."), code="not_attended")
    feedback = LectureFeedback(lecture=lecture, person=person, score=score, remark=remark)
    feedback.full_clean()
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError:  # the same score sent twice at once
        raise ValidationError(_("You have already scored this lecture."), code="already_scored") from None
    return feedback


@transaction.atomic
def save_lecture(lecture, *, speakers, by):
    """Plan a lecture (organised by ``by``) or save changes to one, with its speakers."""
    if lecture.pk is None:
        lecture.created_by = by
    lecture.full_clean()
    lecture.save()
    lecture.speakers.set(speakers)
    return lecture


def may_record_questions(user, lecture):
    """The organisers (:func:`may_run_lecture`) and the lecture's speakers."""
    person = scope_for(user).person
    return may_run_lecture(user, lecture) or (person is not None and lecture.speakers.filter(pk=person.pk).exists())


@transaction.atomic
def save_question(question, *, by):
    """A question asked at the lecture and its answer, given then or later, recorded by an
    organiser or a speaker."""
    if not may_record_questions(by, question.lecture):
        raise PermissionDenied(_("Only the organisers and the speakers record questions and answers."))
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def add_material(material, *, by):
    """A file handed out at the lecture (slides, a handout), uploaded by an organiser."""
    material.uploaded_by = by
    material.full_clean()
    material.save()
    return material


@transaction.atomic
def remove_material(material, *, by):
    """Withdraw a handout (a wrong file, say), by an organiser; its stored file is deleted once the
    removal is committed (handouts keep no history: docs/SECURITY.md)."""
    if not may_run_lecture(by, material.lecture):
        raise PermissionDenied(_("Only the organisers may remove this lecture's materials."))
    storage, name = material.file.storage, material.file.name
    material.delete()
    transaction.on_commit(lambda: storage.delete(name))
