"""Form fields shared by the apps' forms, and the one base of their model forms.

Every date a form takes is a :class:`DateField`, bounded to dates the app can compute with (a
far date is refused with a message, where 9999-12-31 plus a day overflowed into a server
error); every text a filter or search takes has a ``max_length``. ``tests/kernel/test_inputs.py``
walks every form and filter of the project and fails on a date or a text left unbounded.

People are chosen with :class:`PersonChoiceField` and :class:`PeopleChoiceField`, whose choices come
from a rule of ``branches.kernel.pickers`` (a list on the page where few are offered, a search as
you type where many are).
"""

import datetime
import html
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from branches.kernel import pickers
from branches.kernel.queries import STAFF_NUMBER_PATTERN

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


# -- People pickers --------------------------------------------------------------------------------

#: Up to this many people offered, a picker is a list on the page (a select, or checkboxes); beyond
#: it, a search as you type (branches.kernel.pickers), whose text box takes staff numbers where
#: JavaScript is off.
LISTED_UP_TO = 100
#: The name of a picker's text box, after the field's own: staff numbers typed without JavaScript.
TYPED_SUFFIX = "_staff_number"
#: The most staff numbers one picker of several people takes at once.
MOST_TYPED = 50
STAFF_NUMBERS_SEPARATORS = re.compile(r"[\s,，、;；]+")


class TypedStaffNumber(str):
    """A staff number typed in a picker's text box (a page without JavaScript), not an id."""


def typed_staff_numbers(text):
    return [TypedStaffNumber(part) for part in STAFF_NUMBERS_SEPARATORS.split(str(text or "")) if part]


class PersonPicker(forms.Widget):
    """One person: a select when the rule offers few people (or the field names no rule), else a
    text box that searches as you type (static/js/person-picker.js) and, without JavaScript, takes a
    staff number. The list and the search name people alike (``pickers.person_label``); a chosen id
    that the field does not offer is never named on the page."""

    template_name = "kernel/person_picker.html"
    allow_multiple_selected = False

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = ()
        self.rule = None

    @property
    def use_fieldset(self):
        return self.allow_multiple_selected

    def value_from_datadict(self, data, files, name):
        typed = str(data.get(f"{name}{TYPED_SUFFIX}") or "").strip()
        if self.allow_multiple_selected:
            chosen = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
            if isinstance(chosen, (list, tuple)) or chosen is None:
                chosen = [*(chosen or []), *typed_staff_numbers(typed)]
            return chosen
        return TypedStaffNumber(typed) if typed else data.get(name)

    def value_omitted_from_data(self, data, files, name):
        if self.allow_multiple_selected:
            return False  # as checkboxes: none ticked sends nothing
        return name not in data and f"{name}{TYPED_SUFFIX}" not in data

    def render(self, name, value, attrs=None, renderer=None):
        return render_to_string(self.template_name, self.picker_context(name, value, attrs))

    def picker_context(self, name, value, attrs):
        attrs = self.build_attrs(self.attrs, attrs)
        classes = attrs.pop("class", "").split()
        element_id = attrs.pop("id", "") or f"id_{name}"
        disabled = bool(attrs.pop("disabled", False))
        attrs.pop("required", None)  # the forms are sent with novalidate; the field says what is missing
        ids, typed = self.chosen(value)
        field = getattr(self.choices, "field", None)
        queryset = self.choices.queryset
        people = queryset.select_related("branch").order_by("branch__number", "name", "pk")
        # Whether more are offered than a list holds: a few ids, unsorted, where sorting the rows
        # of a province's committee office would read 30,000 of them.
        searched = (
            not disabled
            and self.rule is not None
            and len(queryset.order_by().values_list("pk", flat=True)[: LISTED_UP_TO + 1]) > LISTED_UP_TO
        )
        context = {
            "name": name,
            "id": element_id,
            "typed_name": f"{name}{TYPED_SUFFIX}",
            "multiple": self.allow_multiple_selected,
            "disabled": disabled,
            "invalid": "is-invalid" in classes,
            "attrs": flatatt(attrs),
            "typed": " ".join(typed),
        }
        if not searched:
            listed = people.filter(pk__in=ids) if disabled else people
            empty_label = None if self.allow_multiple_selected or disabled or field is None else field.empty_label
            return {
                **context,
                "mode": "checkboxes" if self.allow_multiple_selected else "select",
                "empty_label": empty_label,
                "options": [(person.pk, picker_label(person), person.pk in ids) for person in listed],
            }
        chosen = list(people.filter(pk__in=ids)) if ids else []
        return {
            **context,
            "mode": "search",
            "url": reverse(pickers.SEARCH_URL_NAME, args=[self.rule.name]),
            "chosen": [(person.pk, picker_label(person)) for person in chosen],
            "longest_query": pickers.LONGEST_QUERY,
        }

    def chosen(self, value):
        """The ids chosen (whole numbers only) and the staff numbers typed, of a value as the
        form holds it."""
        items = value if isinstance(value, (list, tuple)) else [] if value is None else [value]
        typed = [item for item in items if isinstance(item, TypedStaffNumber)]
        ids = {whole_number(getattr(item, "pk", item)) for item in items if not isinstance(item, TypedStaffNumber)}
        ids.discard(None)
        return ids, typed


class PeoplePicker(PersonPicker):
    """Several people: checkboxes when the rule offers few, else the chosen ones as ticked boxes (to
    untick) and a text box that searches as you type, or takes staff numbers without JavaScript."""

    allow_multiple_selected = True


def picker_label(person):
    return pickers.person_label(person.name, person.branch.name)


def offered(rule, user, keeping):
    """The people of ``rule`` for ``user``, and those of ``keeping`` (people chosen before, who stay
    offered wherever they are now)."""
    people = rule.people(user)
    if keeping is None:
        return people
    return people.model.objects.filter(Q(pk__in=people.values("pk")) | Q(pk__in=keeping))


class OfferedPeople:
    """What both people fields share: choices given by a rule, and staff numbers typed."""

    def offer(self, rule, user, *, keeping=None):
        """Offer the people of ``rule`` (a ``pickers.PeopleRule``) for ``user``, and ``keeping``
        (a queryset or ids of people chosen before): the choices validation keeps to, and the
        search the picker runs."""
        self.queryset = offered(rule, user, keeping)
        self.widget.rule = rule

    def numbered(self, numbers):
        """The ids of the people offered with these staff numbers; a number not offered is refused
        as any choice that is not offered."""
        if len(numbers) > MOST_TYPED:
            raise ValidationError(_("Type at most %(count)s staff numbers at once.") % {"count": MOST_TYPED}, code="too_many")
        wanted = {number.upper() for number in numbers if STAFF_NUMBER_PATTERN.fullmatch(number)}
        found = {}
        if wanted:
            matches = Q()
            for number in wanted:
                matches |= Q(staff_number__iexact=number)
            found = {number.upper(): pk for number, pk in self.queryset.filter(matches).values_list("staff_number", "pk")}
        missing = [number for number in numbers if number.upper() not in found]
        if missing:
            raise ValidationError(
                _("Nobody with the staff number %(numbers)s can be chosen here.") % {"numbers": "、".join(number[:20] for number in missing[:5])},
                code="invalid_choice",
            )
        return [found[number.upper()] for number in numbers]


class PersonChoiceField(OfferedPeople, forms.ModelChoiceField):
    """One person. Given a rule (:meth:`offer`), a search as you type where many are offered."""

    widget = PersonPicker

    def label_from_instance(self, person):
        return picker_label(person)

    def to_python(self, value):
        if isinstance(value, TypedStaffNumber):
            value = self.numbered([value])[0]
        elif value not in self.empty_values and DIGITS.fullmatch(str(value)) and whole_number(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class PeopleChoiceField(OfferedPeople, ManyChoiceField):
    """Several people. Given a rule (:meth:`offer`), a search as you type where many are offered."""

    widget = PeoplePicker

    def label_from_instance(self, person):
        """A name alone: for a form that lists one branch's people with a widget of its own."""
        return person.name

    def clean(self, value):
        if isinstance(value, (list, tuple)):
            typed = [item for item in value if isinstance(item, TypedStaffNumber)]
            if typed:
                value = [item for item in value if not isinstance(item, TypedStaffNumber)] + self.numbered(typed)
        return super().clean(value)
