"""The honours list's filters, and the form of an honour."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.honours.models import Honour, HonourLevel
from branches.kernel.fields import ModelForm, PersonChoiceField, QuickSelect
from branches.kernel.forms import PeriodFilterForm
from branches.kernel.scope import scope_for
from branches.organisation.models import Branch, Committee
from branches.people.pickers import HONOUR_HOLDERS


class HonourFilterForm(PeriodFilterForm):
    all_years = True
    branch = None
    level = forms.ChoiceField(label=_("Level"), choices=[("", _("Every level")), *HonourLevel.choices], required=False)


HELD_BY = {
    "committee": _("The party committee"),
    "branch": _("A party branch"),
    "person": _("A person"),
}


class HonourForm(ModelForm):
    """An honour and who holds it: the committee (the committee administrator only), one of the
    branches the user keeps, or one of their people."""

    held_by = forms.ChoiceField(label=_("Held by"), widget=forms.RadioSelect)

    class Meta:
        model = Honour
        fields = ["year", "title", "level", "awarded_by", "branch", "person"]
        field_classes = {"person": PersonChoiceField}
        widgets = {"branch": QuickSelect(label_field="name")}

    field_order = ["year", "title", "level", "awarded_by", "held_by", "branch", "person"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        honour = self.instance
        kinds = ["committee", "branch", "person"] if scope_for(user).manages_all else ["branch", "person"]
        self.fields["held_by"].choices = [(kind, HELD_BY[kind]) for kind in kinds]
        held_by = "committee" if honour.committee_id else "person" if honour.person_id else "branch"
        self.initial.setdefault("held_by", held_by if held_by in kinds else kinds[0])
        branches = Branch.objects.manageable_by(user).order_by("number")
        self.fields["branch"].queryset = branches
        self.fields["branch"].help_text = _("When a branch holds the honour.")
        self.fields["person"].offer(HONOUR_HOLDERS, user, keeping=[honour.person_id] if honour.person_id else None)
        self.fields["person"].help_text = _("When a person holds the honour.")
        if not honour.pk:
            self.initial["year"] = timezone.localdate().year
            kept = list(branches.values_list("pk", flat=True)[:2])
            if len(kept) == 1:  # a branch's managers: their branch
                self.initial["branch"] = kept[0]

    def clean(self):
        """Only the holder chosen is kept: a branch or a person left filled in do not hold it."""
        cleaned = super().clean()
        held_by = cleaned.get("held_by")
        if held_by == "branch" and not cleaned.get("branch"):
            self.add_error("branch", _("Choose the branch that holds the honour."))
        if held_by == "person" and not cleaned.get("person"):
            self.add_error("person", _("Choose the person who holds the honour."))
        if held_by != "branch":
            cleaned["branch"] = None
        if held_by != "person":
            cleaned["person"] = None
        if held_by == "committee":
            self.instance.committee = self.instance.committee or Committee.objects.order_by("pk").first()
        else:
            self.instance.committee = None
        return cleaned
