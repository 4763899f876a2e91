"""Small display helpers shared by the templates."""

from django import forms, template
from django.forms.models import ModelChoiceIterator

from branches.kernel.fields import QuickSelect

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """The current query string with some parameters replaced (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.filter
def bootstrap(bound_field):
    """Render a form field's widget with Bootstrap's class for its kind.

    A plain single choice is written by QuickSelect (the same markup, without a template per
    option): the filter bars hold several on every list page.
    """
    widget = bound_field.field.widget
    if isinstance(widget, (forms.Select, forms.SelectMultiple)):
        css = "form-select"
    elif isinstance(widget, (forms.CheckboxInput,)):
        css = "form-check-input"
    else:
        css = "form-control"
    if bound_field.errors:
        css += " is-invalid"
    if type(widget) is forms.Select and not _has_groups(widget.choices):
        return bound_field.as_widget(widget=QuickSelect(attrs=widget.attrs, choices=widget.choices), attrs={"class": css})
    return bound_field.as_widget(attrs={"class": css})


def _has_groups(choices):
    """Whether the choices hold option groups (which QuickSelect does not write); a model's never do."""
    if isinstance(choices, ModelChoiceIterator):
        return False
    return any(isinstance(label, (list, tuple)) for _value, label in choices)


@register.filter(expects_localtime=True)
def strftime(value, format_string):
    """A date or time in a numeric format (``"%Y-%m-%d"``), in the current time zone; empty for none.

    Django's ``date`` filter goes through its own formatter for every date, which adds up over
    the dates of a list page (docs/PERFORMANCE.md). Month and weekday names, which need
    translating, stay with ``date``.
    """
    if value in (None, ""):
        return ""
    try:
        return value.strftime(format_string)
    except AttributeError:
        return ""


@register.filter
def masked(value, visible):
    """Show personal data in full only to those who may see it; others get a mask."""
    if value in (None, ""):
        return "—"
    if visible:
        return value
    text = str(value)
    if len(text) <= 4:
        return "*" * len(text)
    return f"{text[:3]}{'*' * (len(text) - 5)}{text[-2:]}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


def record_kind(record):
    """The registry entry (label, icon) of a record's kind."""
    from services.records.kinds import KINDS

    return KINDS[record.slug]


@register.filter
def dash(value):
    """A dash for a missing value, but a real zero stays 0."""
    return "—" if value is None or value == "" else value
