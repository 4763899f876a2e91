from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.models import DevelopmentStep, PartyGroup, Person, Window


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PersonForm(forms.ModelForm):
    """What a secretary keeps up to date about a member of their branch."""

    class Meta:
        model = Person
        fields = [
            "name",
            "title",
            "group",
            "window",
            "is_section_chief",
            "gender",
            "phone",
            "id_number",
            "birth_date",
            "photo",
            "is_active",
        ]
        widgets = {"birth_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = PartyGroup.objects.filter(branch=self.instance.branch_id)
        self.fields["window"].queryset = Window.objects.filter(is_active=True).select_related("area")
        self.fields["photo"].widget = forms.ClearableFileInput(attrs={"accept": "image/*"})


class DevelopmentStepForm(forms.Form):
    stage = forms.TypedChoiceField(label=_("stage"), choices=DevelopmentStep.STAGES, coerce=int)
    date = forms.DateField(label=_("date"), widget=DateInput())
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        next_stage = person.political_status + 1
        self.fields["stage"].choices = [
            choice for choice in DevelopmentStep.STAGES if choice[0] == next_stage
        ]
        self.fields["date"].initial = timezone.localdate()

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("A development step cannot be dated in the future."))
        return date
