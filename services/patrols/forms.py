"""The patrol plan's filter: a month of a year, and a branch."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.kernel.forms import PeriodFilterForm

MONTHS = [(month, _("Month %(month)s") % {"month": month}) for month in range(1, 13)]


class PatrolPlanForm(PeriodFilterForm):
    month = forms.TypedChoiceField(label=_("Month"), coerce=int, required=False, empty_value=None, choices=MONTHS)

    def __init__(self, data, *args, **kwargs):
        if not data.get("month"):
            data = data.copy()
            data["month"] = str(timezone.localdate().month)
        super().__init__(data, *args, **kwargs)
        self.fields["branch"].empty_label = None  # the plan is always one branch's
