"""Validators for personal identifiers."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

ID_NUMBER_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_NUMBER_CHECK_CHARACTERS = "10X98765432"


def id_number_check_character(first_seventeen):
    total = sum(int(digit) * weight for digit, weight in zip(first_seventeen, ID_NUMBER_WEIGHTS))
    return ID_NUMBER_CHECK_CHARACTERS[total % 11]


def validate_id_number(value):
    """An 18-character resident identity number (GB 11643) with a valid birth date and check character."""
    value = (value or "").upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        raise ValidationError(
            _("An ID number has 17 digits followed by a digit or X."), code="id_number_format"
        )
    try:
        datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError(_("The ID number holds no valid birth date."), code="id_number_birth")
    if id_number_check_character(value[:17]) != value[17]:
        raise ValidationError(
            _("The ID number's check character is wrong; please check the number."),
            code="id_number_check",
        )


validate_mobile_phone = RegexValidator(
    r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$",
    _("Enter an 11-digit mobile number or a landline number with its area code."),
)
