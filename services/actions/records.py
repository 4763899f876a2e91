"""The review workflow's transitions, and the other multi-step actions on records.

Views, the demo seeder and tests all go through these functions: each runs in one transaction,
locks the record's row before reading its status (so two reviewers at once give one review),
checks who may do it, records who did it in the history, and tells the people concerned.
"""

import io

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps

from branches.models import Person
from branches.scope import scope_for
from services.models import Enterprise, Notification, RecordPhoto, ReviewStatus
from services.models.photos import MAX_PHOTOS_PER_RECORD, THUMBNAIL_SIZE


def may_log_for(user, person):
    """Staff log their own records; a branch's managers may log for its members."""
    scope = scope_for(user)
    return person.pk == scope.person_id or scope.can_manage_branch(person.branch_id)


def may_review(user, record):
    """The committee administrator and the managers of the record's branch, never for themselves."""
    scope = scope_for(user)
    return scope.can_manage_branch(record.branch_id) and record.person_id != scope.person_id


def may_edit(user, record):
    """The owner while the record is not approved; a reviewer at any time (with a reason once approved)."""
    scope = scope_for(user)
    if record.is_approved:
        return scope.can_manage_branch(record.branch_id)
    return record.person_id == scope.person_id or scope.can_manage_branch(record.branch_id)


@transaction.atomic
def submit(record, *, by, participants=None, photos=()):
    """Log a new record for ``record.person`` (by default the user); it waits for review."""
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
    _save_new_enterprise(record)
    record.full_clean(validate_constraints=False)
    record._history_user = by
    record.save()
    if participants is not None:
        record.participants.set(participants)
    attach_photos(record, photos, by=by)
    notify_reviewers(record, by=by, resubmitted=False)
    return record


@transaction.atomic
def update(record, *, by, reason="", participants=None, photos=()):
    """Save the changes made to ``record`` (an instance edited in memory, e.g. by a form).

    The owner corrects a waiting or returned record; a returned record goes back to review. An
    approved record stays approved and may be changed only by a reviewer, with a reason that
    the history keeps.
    """
    current = _locked(record)
    if not may_edit(by, current):
        if current.is_approved:
            raise PermissionDenied(_("This record is approved and locked."))
        raise PermissionDenied(_("You may not change this record."))
    reason = (reason or "").strip()
    if current.is_approved and not reason:
        raise ValidationError(_("Changing an approved record needs a reason."), code="reason_required")
    for field in ("person_id", "branch_id", "status", "submitted_at", "reviewed_by_id", "reviewed_at",
                  "review_comment"):
        setattr(record, field, getattr(current, field))
    resubmitted = current.is_returned
    if resubmitted:
        record.status = ReviewStatus.SUBMITTED
        record.submitted_at = timezone.now()
    _save_new_enterprise(record)
    record.full_clean(validate_constraints=False)
    record._history_user = by
    record._change_reason = reason
    record.save()
    if participants is not None:
        record.participants.set(participants)
    attach_photos(record, photos, by=by)
    if resubmitted:
        notify_reviewers(record, by=by, resubmitted=True)
    return record


@transaction.atomic
def approve(record, *, by, comment=""):
    """Approve a waiting record; from now on it counts in every figure."""
    record = _locked(record)
    _check_reviewable(record, by)
    record.status = ReviewStatus.APPROVED
    _mark_reviewed(record, by, comment)
    notify(record.person.user_id, gettext_lazy("Approved: %(summary)s"), record, comment=comment)
    return record


@transaction.atomic
def return_record(record, *, by, comment):
    """Send a waiting record back to its owner with a comment saying what to correct."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Say in the comment what needs correcting."), code="comment_required")
    record = _locked(record)
    _check_reviewable(record, by)
    record.status = ReviewStatus.RETURNED
    _mark_reviewed(record, by, comment)
    notify(
        record.person.user_id,
        gettext_lazy("Returned for correction: %(summary)s"),
        record,
        comment=comment,
    )
    return record


def review_many(records, *, by, decision, comment=""):
    """Approve or return several records; each one on its own, so one failure stops no other.

    Returns the number reviewed and the messages of those that could not be.
    """
    action = approve if decision == "approve" else return_record
    done, problems = 0, []
    for record in records:
        try:
            action(record, by=by, comment=comment)
        except (ValidationError, PermissionDenied) as error:
            message = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            problems.append(f"{record.summary()}: {message}")
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


def _check_reviewable(record, by):
    scope = scope_for(by)
    if not scope.can_manage_branch(record.branch_id):
        raise PermissionDenied(_("You may not review records of this branch."))
    if record.person_id == scope.person_id:
        raise PermissionDenied(_("You cannot review your own record."))
    if not record.is_waiting:
        raise ValidationError(
            _("This record is already %(status)s.") % {"status": record.get_status_display()},
            code="already_reviewed",
        )


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


def enterprise_for(credit_code, name):
    """The enterprise with this credit code, created with ``name`` when it is new."""
    credit_code = credit_code.strip().upper()
    enterprise = Enterprise.objects.filter(credit_code=credit_code).first()
    if enterprise is None:
        enterprise = Enterprise(credit_code=credit_code, name=name.strip())
        enterprise.full_clean()
        enterprise.save()
    return enterprise


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
    return list(
        Person.objects.filter(branch=branch_id, is_active=True, user__isnull=False)
        .exclude(branch_role="")
        .values_list("user_id", flat=True)
    )


def notify_reviewers(record, *, by, resubmitted):
    message = (
        gettext_lazy("Resubmitted by %(person)s: %(summary)s")
        if resubmitted
        else gettext_lazy("Waiting for your review, from %(person)s: %(summary)s")
    )
    for user_id in reviewer_user_ids(record.branch_id):
        if user_id != by.pk:
            notify(user_id, message, record)


def notify(user_id, message, record, *, comment=""):
    """Leave a notification in the app, written in the office's language (the message is lazy)."""
    if user_id is None:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message) % {"summary": record.summary(), "person": record.person.name}
        if comment:
            text = f"{text} — {comment}"
    return Notification.objects.create(
        recipient_id=user_id, message=text[:300], url=record.get_absolute_url()
    )
