"""Keeping honours: the writes of the honours pages (and of the admin, which saves through the same
model rules). Who keeps an honour is who keeps its holder: the committee's, the committee
administrator; a branch's or one of its people's, that branch's managers too."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from branches.honours.models import Honour
from branches.kernel.scope import scope_for


def may_keep(user, honour):
    """Whether ``user`` may record ``honour`` as it stands (in memory) for its holder."""
    scope = scope_for(user)
    if scope.manages_all:
        return True
    branch_id = honour.branch_id or (honour.person.branch_id if honour.person_id else None)
    return honour.committee_id is None and branch_id is not None and scope.can_manage_branch(branch_id)


def _check(user, honour):
    kept_before = honour.pk is None or Honour.objects.manageable_by(user).filter(pk=honour.pk).exists()
    if not (kept_before and may_keep(user, honour)):
        raise PermissionDenied(_("You may not keep this honour."))


@transaction.atomic
def save_honour(honour, *, by):
    """Save ``honour`` (added or edited in memory); its history names ``by``."""
    _check(by, honour)
    honour.full_clean()
    honour._history_user = by
    honour.save()
    return honour


@transaction.atomic
def delete_honour(honour, *, by):
    """Remove an honour recorded by mistake; its history keeps what it was and who removed it."""
    _check(by, honour)
    honour._history_user = by
    honour.delete()
