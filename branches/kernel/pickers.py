"""Who a people picker offers, and the search as you type behind it: one rule for both.

A form that lets its user choose people (a zone's holder, a lecture's speakers, a project's team)
names a :class:`PeopleRule`. The form's field takes its choices from the rule
(``PersonChoiceField.offer``), so that validation refuses anyone the rule does not offer; the
search endpoint (``branches:person-search``) applies the very same rule, by its name, for the
user who types. Neither can offer someone the user does not see: :meth:`PeopleRule.people` always
ends in ``visible_to(user)``. A province's committee office chooses among 30,000 people, which no
list on a page can hold; the search answers at most :data:`RESULTS` of them, with their name, branch
and staff number and nothing personal (``branches.kernel.personal``).
"""

from branches.kernel.queries import code_is, text_contains

#: The most people one search answers: enough to find someone by a part of their name.
RESULTS = 20
#: The search endpoint (branches.people.views.person_search), its one argument the name of a rule.
SEARCH_URL_NAME = "branches:person-search"
#: The longest text searched for: a name has at most 40 characters, a staff number 20.
LONGEST_QUERY = 40

_rules = {}


class PeopleRule:
    """The people a picker offers a user: ``choose(user)``, a queryset of ``Person``, registered
    by ``name`` for the search endpoint."""

    def __init__(self, name, choose):
        if name in _rules:
            raise ValueError(f"two people rules are named {name!r}")
        self.name = name
        self.choose = choose
        _rules[name] = self

    def __repr__(self):
        return f"PeopleRule({self.name!r})"

    def people(self, user):
        """Whom the rule offers ``user``: never beyond whom the user sees."""
        return self.choose(user).visible_to(user)


def rule_named(name):
    """The rule registered as ``name``, or None."""
    return _rules.get(name)


def person_label(name, branch_name):
    """How a picker names a person: the same in the list on the page and in the search's answer."""
    return f"{name}（{branch_name}）"


def search(rule, user, text):
    """At most :data:`RESULTS` people of ``rule`` for ``user`` whose name contains ``text`` or whose
    staff number is ``text``, each as ``{"id", "label", "staff_number"}``, in one query.

    A text that no name or staff number can hold (empty, too long, a NUL character) finds nobody
    without asking the database.
    """
    text = (text or "").strip()
    if not text or len(text) > LONGEST_QUERY or "\x00" in text:
        return []
    found = (
        rule.people(user)
        .filter(text_contains("name", text) | code_is("staff_number", text))
        .order_by("name", "pk")
        .values_list("pk", "name", "branch__name", "staff_number")[:RESULTS]
    )
    return [
        {"id": pk, "label": person_label(name, branch_name), "staff_number": staff_number}
        for pk, name, branch_name, staff_number in found
    ]
