"""The apps' abstract base model."""

import functools

from django.db import models
from django.utils.encoding import force_str


@functools.cache
def choice_labels(field):
    """``{value: label}`` of a choice field, the labels lazy (translated when shown); built once."""
    return dict(field.flatchoices)


class ChoiceLabelsModel(models.Model):
    """Django's model, with ``get_FOO_display()`` read from a dict built once per field.

    Django builds that dict from the field's choices at every call, 30 µs: a list of seventy
    lectures or thirty people showing a choice's label per line spent 1–2 ms on it. The choices
    here are fixed in the code (``TextChoices``, ``IntegerChoices``); the labels stay lazy, and
    are translated at each call into the language of the request.
    """

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return force_str(choice_labels(field).get(value, value), strings_only=True)
