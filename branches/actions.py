"""Business actions on the organisation: called by views, admin, the demo seeder and tests alike."""

import datetime
import secrets
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from axes.utils import reset as reset_lockouts
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from branches import lecture_counts
from branches.models import (
    CheckInMethod,
    DevelopmentStep,
    LectureAttendance,
    LectureFeedback,
    Mentorship,
    MentorshipSession,
    MentorshipStatus,
    Nomination,
    Person,
    PoliticalStatus,
    RatingRound,
    RoundStatus,
    Score,
    TemporaryPassword,
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


# Letters and digits that cannot be mistaken for one another when read out or copied by hand.
PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"
TEMPORARY_PASSWORD_LENGTH = 12


def may_set_passwords(user):
    """The committee administrator gives a temporary password to someone who forgot theirs."""
    return scope_for(user).manages_all


@transaction.atomic
def set_temporary_password(person, *, by):
    """Give the person's login a new random password, to be changed at the next login; returns it.

    Any lock-out of the login (too many wrong passwords) is lifted with it.
    """
    if not may_set_passwords(by):
        raise PermissionDenied(_("Only the committee administrator sets temporary passwords."))
    if person.user_id is None:
        raise ValidationError(_("%(name)s has no login account.") % {"name": person.name}, code="no_login")
    password = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(TEMPORARY_PASSWORD_LENGTH))
    user = person.user
    user.set_password(password)
    user.save(update_fields=["password"])
    TemporaryPassword.objects.update_or_create(user=user, defaults={"set_by": by})
    reset_lockouts(username=user.get_username())
    return password


def must_change_password(user):
    return TemporaryPassword.objects.filter(user=user).exists()


def password_changed(user):
    """The user chose a password of their own: a temporary one is gone."""
    TemporaryPassword.objects.filter(user=user).delete()


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
    bulk_create_with_history(added, LectureAttendance, default_user=by)
    lecture_counts.refresh([lecture.pk])  # written in bulk, past the signals that keep the counts
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


# 党员示范岗评选: a rating round moves only forward, draft → nominating → scoring → decided → published.


def may_run_rating(user):
    """Only the committee administrator opens, closes, decides and publishes rating rounds."""
    return scope_for(user).manages_all


def _check_rating_admin(by):
    if not may_run_rating(by):
        raise PermissionDenied(_("Only the committee administrator runs rating rounds."))


def _lock_round(rating_round, *expected):
    """Lock the round's row and make sure it is in one of the ``expected`` states."""
    rating_round = RatingRound.objects.select_for_update().get(pk=rating_round.pk)
    if rating_round.status == RoundStatus.PUBLISHED:
        raise ValidationError(
            _("This round is published; its results can no longer change."), code="published"
        )
    if rating_round.status not in expected:
        raise ValidationError(
            _("This round is “%(status)s”; this step is not possible now.")
            % {"status": rating_round.get_status_display()},
            code="wrong_status",
        )
    return rating_round


def check_round_editable(rating_round):
    """The setup (period, quota, criteria, raters) changes only while the round is a draft."""
    if rating_round.status == RoundStatus.PUBLISHED:
        raise ValidationError(_("This round is published; its results can no longer change."), code="published")
    if rating_round.status != RoundStatus.DRAFT:
        raise ValidationError(_("Only a draft round can be edited."), code="not_draft")


def _move(rating_round, status):
    rating_round.status = status
    rating_round.save(update_fields=["status", "updated_at"])
    return rating_round


@transaction.atomic
def open_nominations(rating_round, *, by):
    """Draft → nominating, once the criteria weigh 100 in all and raters are appointed."""
    _check_rating_admin(by)
    rating_round = _lock_round(rating_round, RoundStatus.DRAFT)
    weights = rating_round.criteria.aggregate(total=Sum("weight"))["total"]
    if not weights:
        raise ValidationError(_("Add at least one criterion before opening nominations."), code="no_criteria")
    if weights != 100:
        raise ValidationError(
            _("The criteria's weights add up to %(total)s; they must add up to 100.") % {"total": weights},
            code="weights_not_100",
        )
    if not rating_round.raters.exists():
        raise ValidationError(_("Appoint at least one rater before opening nominations."), code="no_raters")
    return _move(rating_round, RoundStatus.NOMINATING)


def may_nominate(user, person):
    """The secretary and branch committee nominate members of their own branch only."""
    return person.branch_id in scope_for(user).managed_branch_ids


@transaction.atomic
def nominate(rating_round, person, *, by, post, reason, window=None):
    """A branch nominates one of its own party members, within the round's quota per branch."""
    if not may_nominate(by, person):
        raise PermissionDenied(_("A branch nominates members of its own branch only."))
    rating_round = _lock_round(rating_round, RoundStatus.NOMINATING)
    if not person.is_party_member or not person.is_active:
        raise ValidationError(
            _("Only party members in post can be nominated for a demonstration post."), code="not_member"
        )
    if rating_round.nominations.filter(person=person).exists():
        raise ValidationError(
            _("%(name)s is already nominated in this round.") % {"name": person.name}, code="already_nominated"
        )
    used = rating_round.nominations.filter(branch=person.branch_id).count()
    if used >= rating_round.quota_per_branch:
        raise ValidationError(
            _("Your branch has used its quota of %(quota)s nominations in this round.")
            % {"quota": rating_round.quota_per_branch},
            code="quota_used",
        )
    if not (post or "").strip():
        raise ValidationError({"post": _("Name the post or window.")}, code="post_required")
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the member is nominated.")}, code="reason_required")
    nomination = Nomination(
        round=rating_round,
        person=person,
        branch_id=person.branch_id,
        window=window if window is not None else person.window,
        post=post.strip(),
        reason=reason.strip(),
        nominated_by=by,
    )
    nomination.full_clean()
    nomination.save()
    return nomination


@transaction.atomic
def withdraw_nomination(nomination, *, by):
    """The nominating branch takes a nomination back while nominations are open."""
    if nomination.branch_id not in scope_for(by).managed_branch_ids:
        raise PermissionDenied(_("A branch withdraws its own nominations only."))
    _lock_round(nomination.round, RoundStatus.NOMINATING)
    nomination.delete()


@transaction.atomic
def open_scoring(rating_round, *, by):
    """Nominating → scoring."""
    _check_rating_admin(by)
    rating_round = _lock_round(rating_round, RoundStatus.NOMINATING)
    if not rating_round.nominations.exists():
        raise ValidationError(_("Nobody has been nominated yet."), code="no_nominations")
    return _move(rating_round, RoundStatus.SCORING)


def scoring_conflicts(rater, nominations, rating_round):
    """``{nomination id: reason}`` for the ``nominations`` the ``rater`` (a person) may not score.

    The one rule of conflicts of interest: a rater never scores themself, a nominee of their own
    branch, their mentor or mentee (a pairing active in the round's years), a colleague at the
    same window. ``nominations`` need their ``person`` loaded (its window).
    """
    start = datetime.date(rating_round.starts_on.year, 1, 1)
    end = datetime.date(rating_round.ends_on.year, 12, 31)
    pairs = Mentorship.objects.active_between(start, end).filter(Q(mentor=rater.pk) | Q(mentee=rater.pk))
    mentors, mentees = set(), set()
    for mentor_id, mentee_id in pairs.values_list("mentor", "mentee"):
        (mentors if mentee_id == rater.pk else mentees).add(mentor_id if mentee_id == rater.pk else mentee_id)
    conflicts = {}
    for nomination in nominations:
        windows = {nomination.window_id, nomination.person.window_id} - {None}
        if nomination.person_id == rater.pk:
            conflicts[nomination.pk] = _("your own nomination")
        elif nomination.branch_id == rater.branch_id:
            conflicts[nomination.pk] = _("a nominee of your own branch")
        elif nomination.person_id in mentors:
            conflicts[nomination.pk] = _("your mentor")
        elif nomination.person_id in mentees:
            conflicts[nomination.pk] = _("your mentee")
        elif rater.window_id is not None and rater.window_id in windows:
            conflicts[nomination.pk] = _("a colleague at your window")
    return conflicts


@transaction.atomic
def score(nomination, criterion, *, by, value):
    """An appointed rater scores one nomination on one criterion (0–100); a later score replaces it."""
    rater = scope_for(by).person
    rating_round = _lock_round(nomination.round, RoundStatus.SCORING)
    if rater is None or not rating_round.raters.filter(person=rater).exists():
        raise PermissionDenied(_("Only the round's appointed raters score."))
    if nomination.round_id != rating_round.pk or criterion.round_id != rating_round.pk:
        raise ValidationError(_("The nomination and the criterion must belong to this round."), code="wrong_round")
    conflict = scoring_conflicts(rater, [nomination], rating_round).get(nomination.pk)
    if conflict is not None:
        raise PermissionDenied(_("A rater does not score %(whom)s.") % {"whom": conflict})
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("A score is a whole number from 0 to 100."), code="not_a_number") from None
    if not 0 <= value <= 100:
        raise ValidationError(_("A score is a whole number from 0 to 100."), code="out_of_range")
    result, _created = Score.objects.update_or_create(
        nomination=nomination, rater=rater, criterion=criterion, defaults={"value": value}
    )
    return result


def weighted_totals(rating_round):
    """Each nomination's weighted score: per criterion the raters' average, times its weight / 100."""
    totals = {pk: Decimal(0) for pk in rating_round.nominations.values_list("pk", flat=True)}
    averages = (
        Score.objects.filter(nomination__round=rating_round)
        .values("nomination", "criterion", "criterion__weight")
        .annotate(average=Avg("value"))
    )
    for row in averages:
        totals[row["nomination"]] += Decimal(str(row["average"])) * row["criterion__weight"] / 100
    return {pk: total.quantize(Decimal("0.01")) for pk, total in totals.items()}


@transaction.atomic
def close_scoring(rating_round, *, by):
    """Scoring → decided: the weighted totals are computed and stored on each nomination."""
    _check_rating_admin(by)
    rating_round = _lock_round(rating_round, RoundStatus.SCORING)
    nominations = list(rating_round.nominations.all())
    totals = weighted_totals(rating_round)
    for nomination in nominations:
        nomination.total = totals[nomination.pk]
    bulk_update_with_history(nominations, Nomination, ["total"], default_user=by)
    return _move(rating_round, RoundStatus.DECIDED)


@transaction.atomic
def decide(rating_round, *, by, selected_ids, among_ids=None):
    """The committee confirms who is selected (may be confirmed again until published).

    ``among_ids``: the nominations the decision is about (a page of a large round); the others
    keep what was decided before. None: all of the round's.
    """
    _check_rating_admin(by)
    rating_round = _lock_round(rating_round, RoundStatus.DECIDED)
    nominations = {str(nomination.pk): nomination for nomination in rating_round.nominations.all()}
    selected_ids = {str(pk) for pk in selected_ids}
    among = set(nominations) if among_ids is None else {str(pk) for pk in among_ids}
    if (selected_ids | among) - set(nominations) or selected_ids - among:
        raise ValidationError(_("Only this round's nominees can be selected."), code="unknown_nomination")
    changed = []
    for pk in among:
        nomination = nominations[pk]
        if nomination.selected != (pk in selected_ids):
            nomination.selected = pk in selected_ids
            changed.append(nomination)
    if not any(nomination.selected for nomination in nominations.values()):
        raise ValidationError(_("Select at least one nominee."), code="none_selected")
    bulk_update_with_history(changed, Nomination, ["selected"], default_user=by)
    rating_round.decided_at = timezone.now()
    rating_round.save(update_fields=["decided_at", "updated_at"])
    return rating_round


def decide_top(rating_round, *, by, count):
    """Select the ``count`` nominations ranked highest, and no other."""
    ranked = rating_round.nominations.ranked().values_list("pk", flat=True)
    return decide(rating_round, by=by, selected_ids=list(ranked[:count]))


@transaction.atomic
def publish(rating_round, *, by):
    """Decided → published; from then on nothing about the round changes."""
    _check_rating_admin(by)
    rating_round = _lock_round(rating_round, RoundStatus.DECIDED)
    if rating_round.decided_at is None:
        raise ValidationError(_("Confirm who is selected before publishing."), code="not_decided")
    rating_round.status = RoundStatus.PUBLISHED
    rating_round.published_at = timezone.now()
    rating_round.save(update_fields=["status", "published_at", "updated_at"])
    return rating_round
