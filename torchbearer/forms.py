from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.fields import BranchChoiceField
from branches.models import Branch


class PillarFilterForm(forms.Form):
    """Year and branch, the two filters every pillar page offers."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    branch = BranchChoiceField(queryset=Branch.objects.all())

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]

    def selected(self):
        """(year, branch) chosen, or this year and every branch when nothing valid was chosen."""
        if self.is_valid():
            return self.cleaned_data["year"] or timezone.localdate().year, self.cleaned_data["branch"]
        return timezone.localdate().year, None


class DashboardPeriodForm(forms.Form):
    """The dashboard's period: a year, or one quarter of it."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    quarter = forms.TypedChoiceField(
        label=_("Period"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("Whole year")), (1, _("Q1")), (2, _("Q2")), (3, _("Q3")), (4, _("Q4"))],
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]

    def selected(self):
        """(year, quarter) chosen; this year and the whole year when nothing valid was chosen."""
        if self.is_valid():
            return self.cleaned_data["year"] or timezone.localdate().year, self.cleaned_data["quarter"]
        return timezone.localdate().year, None
