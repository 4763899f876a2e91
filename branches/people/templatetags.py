"""A person's name, linked to their page only where the viewer may open it."""

from django import template
from django.utils.html import conditional_escape, format_html

from branches.kernel.paths import object_path
from branches.kernel.scope import scope_for

register = template.Library()


@register.simple_tag(takes_context=True)
def person_link(context, person=None, *, pk=None, name=None, branch_id=None):
    """``{% person_link person %}``, or ``{% person_link pk=… name=… branch_id=… %}`` for a row
    of values: the name, as a link when the person's page would open for the viewer (another
    branch's staff member would get "not found")."""
    if person is not None:
        pk, name, branch_id = person.pk, person.name, person.branch_id
    if scope_for(context["request"].user).sees_branch(branch_id):
        return format_html('<a href="{}">{}</a>', object_path("branches:person-detail", pk), name)
    return conditional_escape(name)
