"""Forms of the mentoring pages."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.kernel.fields import DateField, DateInput, ModelForm, PersonChoiceField
from branches.mentoring.models import Mentorship, Rating, SessionMethod
from branches.people.pickers import PEOPLE_KEPT


class MentorshipForm(ModelForm):
    """A pairing set up by the secretary or branch committee of the mentee's branch."""

    class Meta:
        model = Mentorship
        fields = [
            "mentor",
            "mentee",
            "kind",
            "covers_political_thought",
            "covers_window_business",
            "covers_service_level",
            "teaches_at_window",
            "practises_in_project",
            "goals",
            "starts_on",
            "planned_end",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "goals": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DateInput(),
            "planned_end": DateInput(),
        }
        field_classes = {"mentor": PersonChoiceField, "mentee": PersonChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("mentor", "mentee"):
            self.fields[name].offer(PEOPLE_KEPT, user)
        self.fields["kind"].choices = [choice for choice in self.fields["kind"].choices if choice[0]]
        if not self.instance.pk:
            self.initial.setdefault("starts_on", timezone.localdate())


class MentoringSessionForm(forms.Form):
    date = DateField(label=_("Date"))
    method = forms.ChoiceField(label=_("Method"), choices=SessionMethod.choices, widget=forms.RadioSelect)
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=Decimal("0.5"),
        max_value=Decimal("8"),
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5", "min": "0.5", "max": "8", "inputmode": "decimal"}),
    )
    content = forms.CharField(
        label=_("What you worked on"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, mentorship, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["date"].widget.attrs.update(
            {"max": today.isoformat(), "min": mentorship.starts_on.isoformat()}
        )
        self.initial.setdefault("date", today)
        self.initial.setdefault("hours", 1)
        methods = []
        if mentorship.teaches_at_window:
            methods.append(SessionMethod.TEACH)
        if mentorship.practises_in_project:
            methods.append(SessionMethod.PRACTISE)
        if methods:
            self.fields["method"].choices = [(method.value, method.label) for method in methods]
            self.initial.setdefault("method", methods[0])


class MentorshipEvaluationForm(forms.Form):
    text = forms.CharField(label=_("Evaluation"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    rating = forms.ChoiceField(label=_("Rating"), choices=Rating.choices, widget=forms.RadioSelect)


class MentorshipEndForm(forms.Form):
    reason = forms.CharField(label=_("Why the pairing ends early"), max_length=300)
