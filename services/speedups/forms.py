"""Forms of the investment projects and joint items."""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from branches.kernel.fields import (
    DateInput,
    ModelForm,
    PeopleChoiceField,
    PersonChoiceField,
    formfield,
)
from branches.kernel.forms import YearFilterForm
from branches.people.pickers import PEOPLE_KEPT, SECTION_CHIEFS_KEPT
from services.enterprises.forms import EnterpriseFields
from services.speedups.models import InvestmentProject, JointItem, ProjectMilestone

DAYS_WIDGET = forms.NumberInput(attrs={"step": "0.5", "min": "0", "inputmode": "decimal"})


class ProjectForm(EnterpriseFields, ModelForm):
    class Meta:
        model = InvestmentProject
        fields = ["name", "team_leader", "team", "started_on", "approved_on", "baseline_days", "actual_days"]
        widgets = {"baseline_days": DAYS_WIDGET, "actual_days": DAYS_WIDGET}
        field_classes = {"team_leader": PersonChoiceField, "team": PeopleChoiceField}

    field_order = [
        "name", "enterprise_code", "enterprise_name", "team_leader", "team", "started_on", "approved_on",
        "baseline_days", "actual_days",
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The team as it stands stays offered, wherever its people are now.
        project = self.instance if self.instance.pk else None
        self.fields["team_leader"].offer(
            SECTION_CHIEFS_KEPT, user, keeping=[project.team_leader_id] if project else None
        )
        self.fields["team_leader"].help_text = _("A party member who is a section chief.")
        self.fields["team"].offer(PEOPLE_KEPT, user, keeping=project.team.values("pk") if project else None)
        for name in ("started_on", "approved_on"):
            self.fields[name].widget = DateInput()
        self.fields["baseline_days"].help_text = _("Working days the approval took before the team handled it.")
        self.fields["actual_days"].help_text = _("Filled in once the project is approved.")
        self.initial_enterprise(self.instance)

    def clean(self):
        cleaned = super().clean()
        self.resolve_enterprise(required=True)
        return cleaned


MilestoneFormSet = inlineformset_factory(
    InvestmentProject,
    ProjectMilestone,
    fields=["date", "title"],
    widgets={"date": DateInput()},
    extra=2,
    can_delete=True,
    max_num=50,
    formfield_callback=formfield,
)


class JointItemForm(ModelForm):
    class Meta:
        model = JointItem
        fields = ["name", "departments", "launched_on", "baseline_days", "current_days"]
        widgets = {"launched_on": DateInput(), "baseline_days": DAYS_WIDGET, "current_days": DAYS_WIDGET}


class ProjectFilterForm(YearFilterForm):
    """Every year unless one is chosen (the year the projects were approved), and a text."""

    all_years = True
    q = forms.CharField(label=_("Project or enterprise"), required=False, max_length=50)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].label = _("Year approved")


class JointItemFilterForm(forms.Form):
    q = forms.CharField(label=_("Item or department"), required=False, max_length=50)
