"""Keeping ``Person.stage_since``: the date of the step that brought a person to their stage.

The development pipeline lists the people on the way into the party, the longest at the latest
stage first. Read from the steps, that joined a province's 111,000 steps to its 5,000 people in
development and sorted them all to show 30 (docs/PERFORMANCE.md); stored on the person, it is
one index scan.

It is worked out again from the steps whenever a step is saved or deleted and whenever the
person is saved (their stage may have changed), in the same transaction. Rows written in bulk
(the dataset generator, a restore) are worked out by :func:`rebuild`.
"""

from django.db.models import OuterRef, Subquery
from django.db.models.signals import post_delete, post_save

from branches.people.models import DevelopmentStep, Person


def _stage_date():
    steps = DevelopmentStep.objects.filter(person=OuterRef("pk"), stage=OuterRef("political_status"))
    return Subquery(steps.values("date")[:1])


def refresh(person_ids):
    Person.objects.filter(pk__in=list(person_ids)).update(stage_since=_stage_date())


def rebuild():
    Person.objects.update(stage_since=_stage_date())


def _step_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh([instance.person_id])


def _person_saved(sender, instance, raw=False, created=False, **kwargs):
    # A person just added has no steps yet: their date is the None they were saved with.
    if not raw and not (created and instance.stage_since is None):
        refresh([instance.pk])


def connect():
    """Called once the apps are ready (torchbearer.caches)."""
    post_save.connect(_step_changed, sender=DevelopmentStep, dispatch_uid="stage-date-step-saved")
    post_delete.connect(_step_changed, sender=DevelopmentStep, dispatch_uid="stage-date-step-deleted")
    post_save.connect(_person_saved, sender=Person, dispatch_uid="stage-date-person-saved")
