"""Who may see and change what: the one place that turns a user into a scope.

Every page gets its querysets through ``Model.objects.visible_to(user)`` (read) or
``Model.objects.manageable_by(user)`` (write), both built on :func:`scope_for`, and fetches single
objects with :func:`get_object_for_user`, which answers 404 for anything outside the scope, so
an ID guessed in a URL never reaches another branch's data.
"""

from dataclasses import dataclass, field
from enum import Enum

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _


class BranchRole(models.TextChoices):
    """A person's role in their branch's committee (a field of ``Person``), which scoping reads."""

    NONE = "", _("None")
    SECRETARY = "secretary", _("Branch secretary")
    DEPUTY = "deputy", _("Deputy secretary")
    COMMITTEE = "committee", _("Branch committee member")


class CommitteeRole(models.TextChoices):
    """A person's role in the party committee's office (a field of ``Person``), which scoping reads."""

    NONE = "", _("None")
    ADMIN = "admin", _("Committee administrator")
    MEMBER = "member", _("Committee member")


class Role(Enum):
    """The highest role a user holds, used for landing pages and labels."""

    COMMITTEE_ADMIN = _("Committee administrator")
    COMMITTEE_MEMBER = _("Committee member")
    SECRETARY = _("Branch secretary")
    BRANCH_COMMITTEE = _("Branch committee member")
    GROUP_LEADER = _("Group leader")
    STAFF = _("Staff")
    NONE = _("No role")

    @property
    def label(self):
        return self.value


@dataclass(frozen=True)
class Scope:
    role: Role
    person: object = None
    sees_all: bool = False
    manages_all: bool = False
    managed_branch_ids: frozenset = field(default_factory=frozenset)
    secretary_branch_ids: frozenset = field(default_factory=frozenset)
    visible_branch_ids: frozenset = field(default_factory=frozenset)
    led_group_ids: frozenset = field(default_factory=frozenset)
    # The members of the groups the user leads: records are found by their person's index, where
    # a join through the person's group made PostgreSQL read every record of a province.
    led_member_ids: frozenset = field(default_factory=frozenset)

    @property
    def person_id(self):
        return self.person.pk if self.person else None

    @property
    def is_committee(self):
        return self.sees_all

    @property
    def is_manager(self):
        return self.manages_all or bool(self.managed_branch_ids)

    @property
    def sees_development_pipeline(self):
        """Names and dates of people in development: the committee office and branch committees."""
        return self.sees_all or self.is_manager

    def sees_branch(self, branch_id):
        """Whether the user sees the rows of ``branch_id``: the rule of :meth:`ScopedQuerySet.visible_q`,
        for an object already in hand (whether to link a person's page, say)."""
        return self.sees_all or branch_id in self.visible_branch_ids

    def can_manage_branch(self, branch_id):
        return self.manages_all or branch_id in self.managed_branch_ids


ANONYMOUS_SCOPE = Scope(role=Role.NONE)


def scope_for(user):
    """The user's scope, computed once per request and kept on the user object."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS_SCOPE
    cached = getattr(user, "_torchbearer_scope", None)
    if cached is not None:
        return cached
    scope = _build_scope(user)
    user._torchbearer_scope = scope
    return scope


def _build_scope(user):
    # the models are looked up, not imported: they use this module's querysets and roles
    Person, PartyGroup = apps.get_model("branches", "Person"), apps.get_model("branches", "PartyGroup")  # noqa: N806

    person = Person.objects.filter(user=user).select_related("branch").first()
    if user.is_superuser or (person and person.committee_role == CommitteeRole.ADMIN):
        return Scope(role=Role.COMMITTEE_ADMIN, person=person, sees_all=True, manages_all=True)
    if person is None:
        return ANONYMOUS_SCOPE
    if person.committee_role == CommitteeRole.MEMBER:
        return Scope(role=Role.COMMITTEE_MEMBER, person=person, sees_all=True)

    led_group_ids = frozenset(PartyGroup.objects.filter(leader=person).values_list("pk", flat=True))
    led_member_ids = (
        frozenset(Person.objects.filter(group__in=led_group_ids).values_list("pk", flat=True)) if led_group_ids else frozenset()
    )
    managed = frozenset([person.branch_id]) if person.branch_role else frozenset()
    secretary = (
        frozenset([person.branch_id]) if person.branch_role == BranchRole.SECRETARY else frozenset()
    )
    if person.branch_role == BranchRole.SECRETARY:
        role = Role.SECRETARY
    elif person.branch_role:
        role = Role.BRANCH_COMMITTEE
    elif led_group_ids:
        role = Role.GROUP_LEADER
    else:
        role = Role.STAFF
    return Scope(
        role=role,
        person=person,
        managed_branch_ids=managed,
        secretary_branch_ids=secretary,
        visible_branch_ids=frozenset([person.branch_id]),
        led_group_ids=led_group_ids,
        led_member_ids=led_member_ids,
    )


class ScopedQuerySet(models.QuerySet):
    """A queryset whose rows belong to a branch, reached through ``branch_path``.

    Reading: the committee office sees every branch, everyone else their own branch.
    Writing: the committee administrator every branch, a branch's secretary and branch committee
    their own branch. Subclasses with finer rules (own records only, say) override the ``*_q``
    methods; nothing else filters by hand.
    """

    branch_path = "branch"

    def visible_to(self, user):
        scope = scope_for(user)
        if scope.sees_all:
            return self
        return self.filter(self.visible_q(scope))

    def manageable_by(self, user):
        scope = scope_for(user)
        if scope.manages_all:
            return self
        return self.filter(self.manageable_q(scope))

    def visible_q(self, scope):
        return Q(**{f"{self.branch_path}__in": scope.visible_branch_ids})

    def manageable_q(self, scope):
        return Q(**{f"{self.branch_path}__in": scope.managed_branch_ids})


def get_object_for_user(queryset_or_model, user, *, manage=False, **lookup):
    """Fetch one object within the user's scope.

    Outside what the user may see: 404, so that guessed IDs reveal nothing. Visible but not the
    user's to change (``manage=True``): 403.
    """
    queryset = queryset_or_model
    if isinstance(queryset_or_model, type) and issubclass(queryset_or_model, models.Model):
        queryset = queryset_or_model.objects.all()
    obj = get_object_or_404(queryset.visible_to(user), **lookup)
    if manage and not queryset.manageable_by(user).filter(pk=obj.pk).exists():
        raise PermissionDenied
    return obj
