"""Form fields shared by the apps' forms."""

import re

from django import forms
from django.core.exceptions import ValidationError

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
