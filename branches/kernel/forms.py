"""The one filter form of the pages that show a period: a year (a quarter of it), a branch.

Each page's filter bar is this form or a subclass that adds its own fields (a stage, a channel, a
text to search). :meth:`PeriodFilterForm.selected` always answers the same way: a dict of every
field's valid choice by name (None for a choice missing or invalid, which leaves the others in
force), the year this year unless the form offers every year, and the chosen ``period``.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.kernel.fields import BranchChoiceField
from branches.kernel.periods import Period
from branches.organisation.models import Branch

QUARTERS = [("", _("Whole year")), (1, _("Q1")), (2, _("Q2")), (3, _("Q3")), (4, _("Q4"))]


class PeriodFilterForm(forms.Form):
    """A year and a branch; ``all_years``: "All years" is a choice, and the default."""

    all_years = False

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    branch = BranchChoiceField(queryset=Branch.objects.all())

    def __init__(self, data=None, *args, years, branches=None, **kwargs):
        if data is not None and not self.all_years and not data.get("year"):
            # The page shows this year when none is chosen, and so must the year's select.
            data = data.copy()
            data["year"] = str(timezone.localdate().year)
        super().__init__(data, *args, **kwargs)
        every_year = [("", _("All years"))] if self.all_years else []
        self.fields["year"].choices = every_year + [(year, str(year)) for year in years]
        if not self.all_years:
            self.fields["year"].initial = timezone.localdate().year
        if branches is not None and "branch" in self.fields:
            self.fields["branch"].queryset = branches

    def selected(self):
        """The valid choices by field name; None for anything missing or invalid; and the period."""
        chosen = {name: None for name in self.fields}
        chosen["year"] = None if self.all_years else timezone.localdate().year
        if self.is_bound:
            self.is_valid()
            chosen.update({name: value for name, value in self.cleaned_data.items() if value not in (None, "", False)})
        year = chosen["year"]
        chosen["period"] = None if year is None else Period.quarter(year, chosen.get("quarter"))
        return chosen


class YearFilterForm(PeriodFilterForm):
    """A year alone."""

    branch = None


class QuarterFilterForm(YearFilterForm):
    """A year, or a quarter of it: the dashboard's period."""

    quarter = forms.TypedChoiceField(label=_("Period"), coerce=int, required=False, empty_value=None, choices=QUARTERS)
