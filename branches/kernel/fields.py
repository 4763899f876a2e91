"""Form fields shared by the apps' forms, and the one base of their model forms.

Every date a form takes is a :class:`DateField`, bounded to dates the app can compute with (a
far date is refused with a message, where 9999-12-31 plus a day overflowed into a server
error); every text a filter or search takes has a ``max_length``. ``tests/kernel/test_inputs.py``
walks every form and filter of the project and fails on a date or a text left unbounded.
"""

import datetime
import html
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

LARGEST_ID = 2**63 - 1
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)
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
    """A single choice whose options are joined as strings, each text escaped with the standard
    library's ``html.escape`` (which Django's ``escape`` wraps), rather than rendered one by one:
    a province's thousand branches are on every page with a branch filter, and for them
    ``format_html_join`` takes ten times as long, over 10 ms a page (docs/PERFORMANCE.md). With
    ``label_field``, a model choice reads its options as (id, that field) rows rather than as model
    instances: for models whose ``__str__`` is that field.
    """

    def __init__(self, attrs=None, choices=(), *, label_field=None):
        super().__init__(attrs, choices)
        self.label_field = label_field

    def options_to_render(self):
        choices = self.choices
        if self.label_field is None or not isinstance(choices, ModelChoiceIterator):
            yield from choices
            return
        if choices.field.empty_label is not None:
            yield "", choices.field.empty_label
        yield from choices.queryset.values_list("pk", self.label_field)

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(item) for item in self.format_value(value)}
        options = []
        for option, label in self.options_to_render():
            option = str(option)
            selected = " selected" if option in chosen else ""
            options.append(f'<option value="{html.escape(option)}"{selected}>{html.escape(str(label))}</option>')
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html("<select{}>{}</select>", flatatt(final_attrs), mark_safe("".join(options)))  # noqa: S308


class BranchChoiceField(forms.ModelChoiceField):
    """The party-branch filter of a page: "all branches", or one of those given."""

    widget = QuickSelect(label_field="name")

    def __init__(self, *, queryset, label=_("Party branch"), empty_label=_("All branches"), **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(queryset=queryset, label=label, empty_label=empty_label, **kwargs)


class DateInput(forms.DateInput):
    """The browser's date picker, with the date written as 2021-03-18."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateField(forms.DateField):
    """A date between 1900 and 2100; anything else is refused with a message."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", DateInput())
        super().__init__(**kwargs)
        message = _("Enter a date from %(earliest)s to %(latest)s.") % {
            "earliest": EARLIEST_DATE.isoformat(),
            "latest": LATEST_DATE.isoformat(),
        }
        self.validators += [MinValueValidator(EARLIEST_DATE, message), MaxValueValidator(LATEST_DATE, message)]


def formfield(db_field, **kwargs):
    """The form field of a model field: a date is a bounded :class:`DateField`."""
    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        kwargs.setdefault("form_class", DateField)
    return db_field.formfield(**kwargs)


class ModelFormMetaclass(forms.models.ModelFormMetaclass):
    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(formfield)
        return super().__new__(mcs, name, bases, attrs)


class ModelForm(forms.BaseModelForm, metaclass=ModelFormMetaclass):
    """The base of every model form of the apps: its dates are bounded (:func:`formfield`)."""


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return f"{person.name}（{person.branch.name}）"


class PeopleChoiceField(ManyChoiceField):
    def label_from_instance(self, person):
        return person.name
