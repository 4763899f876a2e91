"""The form that issues a hall display: the screen's name (its token is made, never typed)."""

from django import forms

from branches.display.models import HallDisplay
from branches.kernel.fields import ModelForm


class IssueDisplayForm(ModelForm):
    class Meta:
        model = HallDisplay
        fields = ["name"]
        widgets = {"name": forms.TextInput(attrs={"autocomplete": "off"})}
