"""Validators of identifiers: a person's ID number and phone, an enterprise's credit code."""

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

# GB 32100-2015: the 31 characters of the code, valued 0..30 in this order.
CREDIT_CODE_CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_character(first_seventeen):
    total = sum(
        CREDIT_CODE_CHARACTERS.index(character) * weight
        for character, weight in zip(first_seventeen, CREDIT_CODE_WEIGHTS)
    )
    return CREDIT_CODE_CHARACTERS[(31 - total % 31) % 31]


def validate_credit_code(value):
    """An 18-character unified social credit code (统一社会信用代码) with a valid check character."""
    value = (value or "").upper()
    if not re.fullmatch(f"[{CREDIT_CODE_CHARACTERS}]{{18}}", value):
        raise ValidationError(
            _(
                "A unified social credit code has 18 characters: digits and capital letters "
                "other than I, O, S, V and Z."
            ),
            code="credit_code_format",
        )
    if credit_code_check_character(value[:17]) != value[17]:
        raise ValidationError(
            _("The credit code's check character is wrong; please check the code."),
            code="credit_code_check",
        )
