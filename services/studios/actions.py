"""Keeping a studio's cases and firsts: the writes of the pages where the studio's managers do it
(the committee administrator, the managers of the leader's branch)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from services.enterprises.actions import enterprise_for
from services.studios.models import Studio


def _check(user, studio_id):
    if not Studio.objects.manageable_by(user).filter(pk=studio_id).exists():
        raise PermissionDenied(_("You may not keep this studio's cases and firsts."))


@transaction.atomic
def save_case(case, *, by):
    """Save ``case`` (added or edited in memory); an enterprise named by its credit code for the
    first time is saved with it."""
    _check(by, case.studio_id)
    if case.enterprise is not None and case.enterprise.pk is None:
        case.enterprise = enterprise_for(case.enterprise.credit_code, case.enterprise.name)
    case.full_clean()
    case._history_user = by
    case.save()
    return case


@transaction.atomic
def save_milestone(milestone, *, by):
    """Save a first the studio achieved (added or edited in memory)."""
    _check(by, milestone.studio_id)
    milestone.full_clean()
    milestone._history_user = by
    milestone.save()
    return milestone


@transaction.atomic
def delete_milestone(milestone, *, by):
    """Remove a first recorded by mistake; its history keeps what it was and who removed it."""
    _check(by, milestone.studio_id)
    milestone._history_user = by
    milestone.delete()
