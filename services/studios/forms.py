"""The forms of a studio's cases and firsts, kept by the studio's managers."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.kernel.fields import ModelForm
from services.enterprises.forms import EnterpriseFields
from services.studios.models import Case, CaseKind, StudioMilestone


class CaseForm(EnterpriseFields, ModelForm):
    """A difficult case or an investment project the studio takes on; the enterprise (if any) by
    its credit code. Closing it: the status, the date and the outcome."""

    class Meta:
        model = Case
        fields = ["kind", "title", "description", "opened_on", "status", "closed_on", "outcome"]
        widgets = {
            "kind": forms.RadioSelect,
            "status": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
        }

    field_order = [
        "kind", "title", "enterprise_code", "enterprise_name", "description", "opened_on", "status", "closed_on", "outcome",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise_code"].help_text = _("Optional: the enterprise the case is for.")
        self.fields["closed_on"].help_text = _("For a closed case.")
        self.fields["outcome"].help_text = _("What was achieved, in a sentence or two.")
        self.fields["kind"].choices = CaseKind.choices  # a case is of one kind: no empty choice
        self.initial_enterprise(self.instance)
        if not self.instance.pk:
            self.initial["opened_on"] = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        self.resolve_enterprise(required=False)
        return cleaned


class MilestoneForm(ModelForm):
    """A dated first the studio achieved (the city's first all-online licence, say)."""

    class Meta:
        model = StudioMilestone
        fields = ["date", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].help_text = _("For example: 全市首张全程电子化营业执照")

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("A first is recorded once it is achieved: the date cannot be in the future."))
        return date
