"""The hall map's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from branches.kernel.fields import BranchChoiceField, QuickSelect
from branches.organisation.models import Branch, HallArea


class CoverageFilterForm(forms.Form):
    """The hall map's filters: one approval area, one covering branch."""

    area = forms.ModelChoiceField(
        label=_("Hall area"),
        queryset=HallArea.objects.all(),
        required=False,
        empty_label=_("All areas"),
        widget=QuickSelect(label_field="name"),  # a province's hall has 200 areas
    )
    branch = BranchChoiceField(label=_("Covering branch"), queryset=Branch.objects.all())

    def selected(self):
        """(area, branch); an invalid choice counts as no choice, the other stays in force."""
        if not self.is_bound:
            return None, None
        self.is_valid()
        return self.cleaned_data.get("area"), self.cleaned_data.get("branch")
