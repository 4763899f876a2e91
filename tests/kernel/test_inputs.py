"""Every date and every text a form or a filter of the project takes is bounded (branches.kernel.fields):
a far date or a 100,000-character search is refused with a message, never a server error. This
walks every form and filter class of the project and fails on one that takes either unbounded."""

import importlib
import pkgutil

import django_filters
import pytest
from django import forms

import branches
import services
import torchbearer
from branches.kernel.fields import DateField

PACKAGES = (branches, services, torchbearer)


def project_modules():
    for package in PACKAGES:
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            yield importlib.import_module(info.name)


def project_classes(base):
    found = {}
    for module in project_modules():
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, base) and value.__module__.split(".")[0] in ("branches", "services", "torchbearer"):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return found


FORMS = project_classes(forms.BaseForm)
FILTERS = project_classes(django_filters.FilterSet)


def test_the_walk_finds_the_forms_and_filters():
    assert len(FORMS) > 30 and len(FILTERS) >= 2


@pytest.mark.parametrize("name", sorted(FORMS))
def test_every_date_and_text_of_a_form_is_bounded(name):
    unbounded = []
    for field_name, field in FORMS[name].base_fields.items():
        if isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField) and not isinstance(field, DateField):
            unbounded.append(f"{field_name}: a date without bounds (use branches.kernel.fields.DateField)")
        if isinstance(field, forms.CharField) and field.max_length is None:
            unbounded.append(f"{field_name}: a text without max_length")
    assert unbounded == []


@pytest.mark.parametrize("name", sorted(FILTERS))
def test_every_text_of_a_filter_is_bounded(name):
    unbounded = [
        field_name
        for field_name, field in FILTERS[name].base_filters.items()
        if isinstance(field, django_filters.CharFilter) and "max_length" not in field.extra
    ]
    assert unbounded == []
