"""Forms of the people pages: a person, a development step, the pipeline's filters."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.kernel import personal
from branches.kernel.fields import DateField, DateInput, ModelForm
from branches.kernel.forms import PeriodFilterForm
from branches.organisation.models import PartyGroup, Window
from branches.people.development import earliest_date_for
from branches.people.models import DevelopmentStep, Person, PoliticalStatus


class PersonForm(ModelForm):
    """What a branch's managers keep up to date about a member; the personal data only for those
    who may see it (branches.kernel.personal)."""

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

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for name in personal.hidden_fields(user, self.instance):
            del self.fields[name]
        self.fields["group"].queryset = PartyGroup.objects.filter(branch=self.instance.branch_id)
        self.fields["window"].queryset = Window.objects.filter(is_active=True).select_related("area")


class DevelopmentStepForm(forms.Form):
    stage = forms.TypedChoiceField(label=_("stage"), choices=DevelopmentStep.STAGES, coerce=int)
    date = DateField(label=_("date"))
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        next_stage = person.political_status + 1
        self.fields["stage"].choices = [
            choice for choice in DevelopmentStep.STAGES if choice[0] == next_stage
        ]
        self.fields["date"].initial = timezone.localdate()
        self.earliest = earliest_date_for(next_stage, {step.stage: step.date for step in person.development_steps.all()})

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("A development step cannot be dated in the future."))
        return date


class DevelopmentPipelineForm(PeriodFilterForm):
    """The pipeline's filters: the year of the funnel, and which people in development to list."""

    stage = forms.TypedChoiceField(
        label=_("Stage"),
        choices=[("", _("Every stage"))]
        + [(value, label) for value, label in DevelopmentStep.STAGES if value < PoliticalStatus.FULL],
        coerce=int,
        empty_value=None,
        required=False,
    )
    due = forms.BooleanField(label=_("Due for the next step only"), required=False)
