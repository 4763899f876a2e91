"""Every choice field of the apps reads its labels from the dict kept per field (branches.models.base)
and shows what Django's own ``get_FOO_display()`` showed."""

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from branches.models import Lecture, LectureTheme, Person, PoliticalStatus


def _choice_fields():
    for model in apps.get_models():
        if model._meta.app_label in ("branches", "services") and not model.__name__.startswith("Historical"):
            for field in model._meta.concrete_fields:
                if field.choices:
                    yield model, field


def test_every_choice_field_of_the_apps_uses_the_kept_labels():
    fields = list(_choice_fields())
    assert len(fields) > 15
    for model, field in fields:
        name = f"get_{field.name}_display"
        method = next(vars(klass)[name] for klass in model.__mro__ if name in vars(klass))
        assert method.func.__qualname__ == "ChoiceLabelsModel._get_FIELD_display", (model, field)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_label_is_what_django_shows_in_each_language(language):
    with translation.override(language):
        for model, field in _choice_fields():
            for value in [value for value, _label in field.flatchoices] + ["no such value"]:
                instance = model(**{field.attname: value})
                assert getattr(instance, f"get_{field.name}_display")() == models.Model._get_FIELD_display(instance, field)


def test_a_label_follows_the_language_of_the_request():
    lecture, person = Lecture(theme=LectureTheme.POLITICAL_THEORY), Person(political_status=PoliticalStatus.FULL)
    with translation.override("en"):
        english = lecture.get_theme_display(), person.get_political_status_display()
    with translation.override("zh-hans"):
        chinese = lecture.get_theme_display(), person.get_political_status_display()
    assert english != chinese
    assert all(isinstance(label, str) for label in english + chinese)
