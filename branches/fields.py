"""Form fields shared by the apps' forms."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

LARGEST_ID = 2**63 - 1
DIGITS = re.compile(r"[0-9]+")


def whole_number(text):
    """``text`` as an id or a count: ASCII digits only (``"²".isdigit()`` is true, and ``int()``
    refuses it), at most what a database column holds; None for anything else."""
    text = str(text or "")
    if DIGITS.fullmatch(text) and int(text) <= LARGEST_ID:
        return int(text)
    return None


class ManyChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several objects that refuses an id no database column can hold.

    Django checks the submitted ids only when it queries them, and SQLite cannot bind an integer
    of more than 64 bits: it raises instead of finding nothing. Such an id is refused here as any
    other id that is not among the choices.
    """

    def _check_values(self, value):
        for pk in value:
            if DIGITS.fullmatch(str(pk)) and whole_number(pk) is None:
                raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk})
        return super()._check_values(value)


class QuickSelect(forms.Select):
    """A single choice written out in Python.

    Django renders every <option> through a template: 25–50 ms for the thousand branches of a
    province, on every page with a branch filter. This writes the same markup in about a tenth.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(item) for item in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option, " selected" if str(option) in chosen else "", label)
                for option, label in self.choices
            ),
        )
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)


class BranchChoiceField(forms.ModelChoiceField):
    """The party-branch filter of a page: "all branches", or one of those given."""

    widget = QuickSelect

    def __init__(self, *, queryset, label=_("Party branch"), empty_label=_("All branches"), **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(queryset=queryset, label=label, empty_label=empty_label, **kwargs)
