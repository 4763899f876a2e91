"""Who sees a person's personal data (phone, ID number, birth date): the one rule.

The person, the secretary of their branch and the committee office; nobody else, whatever page,
form, export or admin screen they open. Every one of those asks :func:`may_see` (or
:func:`hidden_fields`); ``tests/kernel/test_personal.py`` opens every page as every role and
fails where a personal value reaches someone this rule does not name.
"""

from branches.kernel.scope import scope_for

PERSONAL_FIELDS = ("phone", "id_number", "birth_date")


def may_see(viewer, person):
    """Whether ``viewer`` (a user) may see and change ``person``'s personal data."""
    scope = scope_for(viewer)
    return (
        scope.sees_all
        or (scope.person_id is not None and person.pk == scope.person_id)
        or person.branch_id in scope.secretary_branch_ids
    )


def hidden_fields(viewer, person):
    """The personal fields ``viewer`` may not see of ``person`` (all of them, or none)."""
    return () if may_see(viewer, person) else PERSONAL_FIELDS
