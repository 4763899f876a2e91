"""The review workflow's transitions, and the other multi-step actions on records.

Views, the demo seeder and tests all go through these functions: each runs in one transaction,
locks the record's row before reading its status (so two reviewers at once give one review),
checks who may do it, records who did it in the history, and tells the people concerned.
"""

import io
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps

from branches.kernel.messages import action_error_text
from branches.kernel.scope import scope_for
from branches.people import selectors as people_selectors
from branches.people.models import Person
from services.enterprises.actions import enterprise_for
from services.notifications import actions as notifications
from services.notifications.models import NotificationKind
from services.records import selectors
from services.records.models import ReviewStatus, ServiceRecord
from services.records.photos import MAX_PHOTOS_PER_RECORD, THUMBNAIL_SIZE, RecordPhoto


def may_log_for(user, person):
    """Staff log their own records; a branch's managers may log for its members."""
    scope = scope_for(user)
    return person.pk == scope.person_id or scope.can_manage_branch(person.branch_id)


def is_author(user, record):
    """The record's own person, or who logged it (or last sent it back to review by a change)."""
    person_id = scope_for(user).person_id
    return (person_id is not None and record.person_id == person_id) or record.submitted_by_id == user.pk


def may_review(user, record):
    """Who may approve or return ``record``: the committee administrator and the managers of the
    record's branch, never one of its authors. The one rule of who reviews whom: the pages, the
    review queue's checkboxes and the actions all ask it."""
    return scope_for(user).can_manage_branch(record.branch_id) and not is_author(user, record)


def may_edit(user, record):
    """The owner while the record is not approved, or approved without review (a patrol that
    found nothing); a reviewer at any time (with a reason once approved: an author's change then
    sends it back to review)."""
    scope = scope_for(user)
    own = record.person_id == scope.person_id
    if record.is_approved:
        unreviewed = not record.needs_review() and record.reviewed_by_id is None
        return scope.can_manage_branch(record.branch_id) or (own and unreviewed)
    return own or scope.can_manage_branch(record.branch_id)


@transaction.atomic
def submit(record, *, by, participants=None, photos=()):
    """Log a new record for ``record.person`` (by default the user); it waits for review unless
    it needs none (a patrol that found nothing)."""
    if record.person_id is None:
        person = scope_for(by).person
        if person is None:
            raise PermissionDenied(_("Only staff members listed in the roster can log records."))
        record.person = person
    if not may_log_for(by, record.person):
        raise PermissionDenied(_("You may not log records for this person."))
    record.branch_id = record.person.branch_id
    record.status = ReviewStatus.SUBMITTED
    record.submitted_at = timezone.now()
    record.submitted_by = by
    _save_new_enterprise(record)
    record.full_clean(validate_constraints=False)
    check_daily_hours(record, counted=LOGGED)
    if not record.needs_review():
        record.status = ReviewStatus.APPROVED
        record.reviewed_at = record.submitted_at
        with translation.override(settings.LANGUAGE_CODE):
            record.review_comment = _("Recorded without review: nothing was found.")
    record._history_user = by
    record.save()
    if participants is not None:
        record.participants.set(participants)
    attach_photos(record, photos, by=by)
    if record.is_waiting:
        notify_reviewers(record, by=by, resubmitted=False)
    return record


@transaction.atomic
def update(record, *, by, reason="", participants=None, photos=()):
    """Save the changes made to ``record`` (an instance edited in memory, e.g. by a form).

    The owner corrects a waiting or returned record; a returned record goes back to review. An
    approved record is changed only by a reviewer, with a reason the history keeps, and the
    branch's other reviewers are told; changed by one of its authors, it goes back to review by
    someone else (nobody silently changes their own approved record).
    """
    current = _locked(record)
    if not may_edit(by, current):
        if current.is_approved:
            raise PermissionDenied(_("This record is approved and locked."))
        raise PermissionDenied(_("You may not change this record."))
    reason = (reason or "").strip()
    if current.is_approved and not reason:
        raise ValidationError(_("Changing an approved record needs a reason."), code="reason_required")
    for field in ("person_id", "branch_id", "status", "submitted_at", "submitted_by_id", "reviewed_by_id",
                  "reviewed_at", "review_comment"):
        setattr(record, field, getattr(current, field))
    resubmitted = current.is_returned or (current.is_approved and is_author(by, current))
    if resubmitted:
        record.status = ReviewStatus.SUBMITTED
        record.submitted_at = timezone.now()
        record.submitted_by = by
    _save_new_enterprise(record)
    record.full_clean(validate_constraints=False)
    check_daily_hours(record, counted=APPROVED if record.is_approved else LOGGED)
    record._history_user = by
    record._change_reason = reason
    record.save()
    if participants is not None:
        record.participants.set(participants)
    attach_photos(record, photos, by=by)
    if resubmitted:
        notify_reviewers(record, by=by, resubmitted=True)
    elif current.is_approved:
        notify_approved_change(record, by=by, reason=reason)
    return record


@transaction.atomic
def approve(record, *, by, comment="", seen=None):
    """Approve a waiting record; from now on it counts in every figure.

    ``seen``: the version the reviewer looked at (``record.version``, carried by the review form);
    a record changed since is refused. None only where nobody looked at a page (admin, the demo).
    """
    record = _locked(record)
    _check_reviewable(record, by, seen)
    check_daily_hours(record, counted=APPROVED)
    record.status = ReviewStatus.APPROVED
    _mark_reviewed(record, by, comment)
    notify(record.person.user_id, gettext_lazy("Approved: %(summary)s"), record, comment=comment)
    return record


@transaction.atomic
def return_record(record, *, by, comment, seen=None):
    """Send a waiting record back to its owner with a comment saying what to correct."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Say in the comment what needs correcting."), code="comment_required")
    record = _locked(record)
    _check_reviewable(record, by, seen)
    record.status = ReviewStatus.RETURNED
    _mark_reviewed(record, by, comment)
    notify(
        record.person.user_id,
        gettext_lazy("Returned for correction: %(summary)s"),
        record,
        comment=comment,
    )
    return record


def review_many(records, *, by, decision, comment="", seen=None):
    """Approve or return several records; each one on its own, so one failure stops no other.

    ``seen`` maps a record to the version the reviewer saw (see :func:`approve`). Returns the
    number reviewed and the messages of those that could not be.
    """
    action = approve if decision == "approve" else return_record
    done, problems = 0, []
    for record in records:
        try:
            action(record, by=by, comment=comment, seen=None if seen is None else seen.get(record, ""))
        except (ValidationError, PermissionDenied) as error:
            problems.append(f"{record.summary()}: {action_error_text(error)}")
        else:
            done += 1
    return done, problems


def _locked(record):
    """The record as it is in the database now, its row locked until the transaction ends."""
    return (
        type(record)
        .objects.select_for_update(of=("self",))
        .select_related("person")
        .get(pk=record.pk)
    )


def _check_reviewable(record, by, seen):
    if not may_review(by, record):
        if is_author(by, record):
            raise PermissionDenied(_("You cannot review your own record."))
        raise PermissionDenied(_("You may not review records of this branch."))
    if not record.is_waiting:
        raise ValidationError(
            _("This record is already %(status)s.") % {"status": record.get_status_display()},
            code="already_reviewed",
        )
    if seen is not None and seen != record.version:
        raise ValidationError(_("The record changed since you opened it; look at it again."), code="changed")


# A person's service hours of one day, over every record, have a ceiling (settings): those
# counted when logging or changing a record are the ones waiting or approved; when approving,
# the approved ones.
LOGGED = (ReviewStatus.SUBMITTED, ReviewStatus.APPROVED)
APPROVED = (ReviewStatus.APPROVED,)


def check_daily_hours(record, *, counted):
    """Refuse a service record that takes its person's hours of the day over the ceiling.

    The person's row is locked first, so that two records of the same day checked at once are
    counted one after the other; that row alone (not the branch its default ordering joins) and
    FOR NO KEY UPDATE, which leaves other transactions free to commit rows that refer to it. Locking
    the branch's row as well made every record logged in the branch wait for the others, and
    deadlocked with their foreign-key checks at COMMIT (bench/cluster.py found it).
    """
    if not isinstance(record, ServiceRecord) or record.hours is None or record.date is None:
        return
    list(Person.objects.select_for_update(no_key=True).filter(pk=record.person_id).order_by().values_list("pk", flat=True))
    others = (
        ServiceRecord.objects.filter(person=record.person_id, date=record.date, status__in=counted)
        .exclude(pk=record.pk)
        .aggregate(hours=Sum("hours", default=Decimal(0)))["hours"]
    )
    check_hours_of_day(record, others)


def check_hours_of_day(record, others):
    """The ceiling itself: refuse ``record`` when ``others`` hours already on its person's day and
    its own hours together pass it. The back-fill from Excel (services.records.backfill) asks it
    with the hours it counted for a whole file at once."""
    ceiling = Decimal(settings.MAX_SERVICE_HOURS_PER_DAY)
    if others + Decimal(record.hours) > ceiling:
        raise ValidationError(
            {
                "hours": _(
                    "%(name)s already has %(others)s hours of service on %(date)s; with these the day "
                    "would hold more than %(ceiling)s hours."
                )
                % {"name": record.person.name, "others": _hours(others), "date": record.date, "ceiling": _hours(ceiling)}
            },
            code="too_many_hours_in_a_day",
        )


def _hours(value):
    return format(Decimal(value).normalize(), "f")


def _mark_reviewed(record, by, comment):
    record.reviewed_by = by
    record.reviewed_at = timezone.now()
    record.review_comment = (comment or "").strip()
    record._history_user = by
    record.save()


# Records are validated by their fields and clean(), which say everything the database's check
# constraints say, in the user's words; skipping constraint validation saves a query per
# constraint on every submission. The constraints still hold in the database.


def _save_new_enterprise(record):
    """A form may name an enterprise seen for the first time; it is saved with the record."""
    enterprise = getattr(record, "enterprise", None) if hasattr(record, "enterprise_id") else None
    if enterprise is not None and enterprise.pk is None:
        record.enterprise = enterprise_for(enterprise.credit_code, enterprise.name)


def attach_photos(record, uploads, *, by):
    """Store uploaded photos (already validated as images) with a thumbnail each."""
    uploads = list(uploads or ())
    if not uploads:
        return []
    if record.photos.count() + len(uploads) > MAX_PHOTOS_PER_RECORD:
        raise ValidationError(
            _("A record holds at most %(limit)s photos.") % {"limit": MAX_PHOTOS_PER_RECORD},
            code="too_many_photos",
        )
    photos = []
    for upload in uploads:
        photo = RecordPhoto(record=record, uploaded_by=by)
        photo.image.save(upload.name, upload, save=False)
        photo.thumbnail.save("thumbnail.jpg", make_thumbnail(upload), save=False)
        photo.save()
        photos.append(photo)
    return photos


def make_thumbnail(upload):
    """A JPEG no larger than THUMBNAIL_SIZE, turned upright by its EXIF orientation."""
    upload.seek(0)
    with Image.open(upload) as image:
        image = ImageOps.exif_transpose(image)
        image.thumbnail(THUMBNAIL_SIZE)
        output = io.BytesIO()
        image.convert("RGB").save(output, format="JPEG", quality=82)
    return ContentFile(output.getvalue())


def reviewer_user_ids(branch_id):
    """Login accounts of the people who review the branch's records (secretary, branch committee)."""
    return people_selectors.manager_user_ids([branch_id])[branch_id]


def notify_reviewers(record, *, by, resubmitted):
    """The record waits for review: every reviewer of its branch but its authors is told, in the
    one notice of waiting records each reviewer has while it is unread, which says how many
    records their queue holds now."""
    if not notifications.telling():
        return
    message = (
        gettext_lazy("Resubmitted by %(person)s: %(summary)s")
        if resubmitted
        else gettext_lazy("Waiting for your review, from %(person)s: %(summary)s")
    )
    text = _office_text(message, record)
    authors = (by.pk, record.person.user_id)
    others = [user_id for user_id in reviewer_user_ids(record.branch_id) if user_id not in authors]
    for reviewer in get_user_model().objects.filter(pk__in=others).order_by("pk"):
        notifications.send_waiting(
            reviewer.pk, text, url=record.get_absolute_url(),
            waiting=lambda reviewer=reviewer: selectors.waiting_for_review_count(reviewer),
        )


def notify_approved_change(record, *, by, reason):
    """A reviewer changed an approved record: the branch's other reviewers and its person are told."""
    message = gettext_lazy("An approved record of %(person)s was changed: %(summary)s")
    recipients = set(reviewer_user_ids(record.branch_id)) | {record.person.user_id}
    for user_id in sorted(recipient for recipient in recipients if recipient not in (None, by.pk)):
        notify(user_id, message, record, comment=reason, kind=NotificationKind.CHANGE)


def notify(user_id, message, record, *, comment="", kind=NotificationKind.OUTCOME):
    """Tell ``user_id`` about ``record`` (``message`` is lazy: it is written in the office's language)."""
    if user_id is None:
        return None
    text = _office_text(message, record, comment=comment)
    return notifications.send(user_id, text, url=record.get_absolute_url(), kind=kind)


def _office_text(message, record, *, comment=""):
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message) % {"summary": record.summary(), "person": record.person.name}
    return f"{text} — {comment}" if comment else text
