"""Keeping each lecture's attendance and feedback counts: from the register and the scores.

The 传承 page sums a year's attendances and scores. Counted from the rows, that reads the
registers and scores of every lecture of the year (370,000 and 180,000 rows at province scale;
docs/PERFORMANCE.md); summed from the lectures, it reads the year's lectures alone.

A new attendance or score adds itself to its lecture's counts, in the same transaction: the
UPDATE adds to the row as it stands, after any other check-in's addition committed, so two
check-ins at once both count. A row changed or deleted has its lecture's counts counted again
from the rows, after the lecture's row is locked; so has a lecture saved whole (an edit writes
back the counts it was loaded with). Rows written in bulk (the register, the dataset generator,
a restore) are counted by :func:`refresh` or :func:`rebuild`.
"""

from django.db import transaction
from django.db.models import F, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save, pre_save

from branches.kernel.queries import count_of
from branches.lectures.models import Lecture, LectureAttendance, LectureFeedback


def _counts():
    attendances = LectureAttendance.objects.filter(lecture=OuterRef("pk"))
    feedback = LectureFeedback.objects.filter(lecture=OuterRef("pk"))
    total = feedback.order_by().values("lecture").annotate(total=Sum("score")).values("total")
    return {
        "attendance_count": count_of(attendances),
        "feedback_count": count_of(feedback),
        "feedback_total": Coalesce(Subquery(total), 0),
    }


def refresh(lecture_ids):
    """Count the lectures' attendances and scores again (their rows locked first)."""
    lecture_ids = sorted({pk for pk in lecture_ids if pk is not None})
    if not lecture_ids:
        return
    with transaction.atomic():
        lectures = Lecture.objects.filter(pk__in=lecture_ids)
        list(lectures.select_for_update(no_key=True).order_by("pk").values_list("pk", flat=True))
        lectures.update(**_counts())


def rebuild():
    """Count every lecture's attendances and scores again (after a bulk load or a restore)."""
    Lecture.objects.update(**_counts())


def _remember_lecture(sender, instance, raw=False, **kwargs):
    """The lecture an existing row belonged to, which loses it if the row moves to another."""
    before = None
    if not raw and instance.pk is not None:
        before = sender.objects.filter(pk=instance.pk).values_list("lecture_id", flat=True).first()
    instance._lecture_before = before


def _saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if not created:
        refresh([instance.lecture_id, getattr(instance, "_lecture_before", None)])
    elif sender is LectureAttendance:
        Lecture.objects.filter(pk=instance.lecture_id).update(attendance_count=F("attendance_count") + 1)
    else:
        Lecture.objects.filter(pk=instance.lecture_id).update(
            feedback_count=F("feedback_count") + 1, feedback_total=F("feedback_total") + instance.score
        )


def _deleted(sender, instance, **kwargs):
    refresh([instance.lecture_id])


def _lecture_saved(sender, instance, created, raw=False, **kwargs):
    """A lecture saved whole writes the counts it was loaded with, which a check-in since then
    has made old: count again."""
    if not created and not raw:
        refresh([instance.pk])


def connect():
    """Called once the apps are ready (torchbearer.caches)."""
    for model in (LectureAttendance, LectureFeedback):
        name = model.__name__
        pre_save.connect(_remember_lecture, sender=model, dispatch_uid=f"lecture-counts-before-{name}")
        post_save.connect(_saved, sender=model, dispatch_uid=f"lecture-counts-saved-{name}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"lecture-counts-deleted-{name}")
    post_save.connect(_lecture_saved, sender=Lecture, dispatch_uid="lecture-counts-lecture-saved")
