"""党员示范岗评选: a rating round moves only forward, draft → nominating → scoring → decided → published;
the branches nominate, the appointed raters score (never with a conflict of interest), the committee
decides and publishes."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from branches.kernel.locks import lock_in_state
from branches.kernel.scope import scope_for
from branches.mentoring.models import Mentorship
from branches.ratings.models import Nomination, Rater, RatingRound, RoundStatus, Score


def may_run_rating(user):
    """Only the committee administrator opens, closes, decides and publishes rating rounds."""
    return scope_for(user).manages_all


def _check_rating_admin(by):
    if not may_run_rating(by):
        raise PermissionDenied(_("Only the committee administrator runs rating rounds."))


def _lock_round(rating_round, *expected):
    """Lock the round's row and make sure it is in one of the ``expected`` states."""
    return lock_in_state(rating_round, expected, _refused_step)


def _refused_step(rating_round):
    if rating_round.status == RoundStatus.PUBLISHED:
        return ValidationError(_("This round is published; its results can no longer change."), code="published")
    return ValidationError(
        _("This round is “%(status)s”; this step is not possible now.") % {"status": rating_round.get_status_display()},
        code="wrong_status",
    )


def check_round_editable(rating_round):
    """The setup (period, quota, criteria, raters) changes only while the round is a draft."""
    if rating_round.status == RoundStatus.PUBLISHED:
        raise ValidationError(_("This round is published; its results can no longer change."), code="published")
    if rating_round.status != RoundStatus.DRAFT:
        raise ValidationError(_("Only a draft round can be edited."), code="not_draft")


@transaction.atomic
def save_round(rating_round, *, criteria, removed_criteria, raters, by):
    """Set up a round, or change a draft's setup: the round, its criteria (saved and removed) and
    the people appointed to score. The round's row is locked and checked to be a draft first, so
    that a round opened meanwhile is never changed under the raters."""
    _check_rating_admin(by)
    if rating_round.pk is None:
        rating_round.created_by = by
    else:
        check_round_editable(RatingRound.objects.select_for_update().get(pk=rating_round.pk))
    rating_round.full_clean()
    rating_round.save()
    for criterion in removed_criteria:
        criterion.delete()
    for criterion in criteria:
        criterion.round = rating_round
        criterion.full_clean()
        criterion.save()
    chosen = {person.pk for person in raters}
    rating_round.raters.exclude(person__in=chosen).delete()
    present = set(rating_round.raters.values_list("person_id", flat=True))
    bulk_create_with_history([Rater(round=rating_round, person_id=pk) for pk in chosen - present], Rater, default_user=by)
    return rating_round


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
