"""The honours list's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from branches.honours.models import HonourLevel
from branches.kernel.forms import PeriodFilterForm


class HonourFilterForm(PeriodFilterForm):
    all_years = True
    branch = None
    level = forms.ChoiceField(label=_("Level"), choices=[("", _("Every level")), *HonourLevel.choices], required=False)
