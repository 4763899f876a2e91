"""The labels of choice fields as rows of values show them (branches.kernel.models.choice_labels,
for the report's honours, a record's history, exports): what Django's ``get_FOO_display()`` shows."""

import pytest
from django.apps import apps
from django.utils import translation

from branches.kernel.models import choice_labels
from branches.lectures.models import Lecture, LectureTheme
from branches.people.models import Person, PoliticalStatus


def _choice_fields():
    for model in apps.get_models():
        if model._meta.app_label in ("branches", "services") and not model.__name__.startswith("Historical"):
            for field in model._meta.concrete_fields:
                if field.choices:
                    yield model, field


def test_every_choice_field_of_the_apps_has_its_kept_labels():
    fields = list(_choice_fields())
    assert len(fields) > 15
    for _model, field in fields:
        assert set(choice_labels(field)) == {value for value, _label in field.flatchoices}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_kept_label_is_what_django_shows_in_each_language(language):
    with translation.override(language):
        for model, field in _choice_fields():
            for value in [value for value, _label in field.flatchoices]:
                instance = model(**{field.attname: value})
                assert str(choice_labels(field)[value]) == getattr(instance, f"get_{field.name}_display")()


def test_a_label_follows_the_language_of_the_request():
    lecture, person = Lecture(theme=LectureTheme.POLITICAL_THEORY), Person(political_status=PoliticalStatus.FULL)
    with translation.override("en"):
        english = lecture.get_theme_display(), person.get_political_status_display()
    with translation.override("zh-hans"):
        chinese = lecture.get_theme_display(), person.get_political_status_display()
    assert english != chinese
    assert all(isinstance(label, str) for label in english + chinese)
