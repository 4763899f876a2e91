"""The problem loop's forms: they collect and check what the user typed; the transitions themselves
are the actions' (``services.problems.actions``), which the views call with the cleaned data."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms import BaseFormSet, formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.kernel.fields import (
    BranchChoiceField,
    DateField,
    DateInput,
    ManyChoiceField,
    ModelForm,
    PeopleChoiceField,
    PersonChoiceField,
)
from branches.kernel.scope import scope_for
from branches.organisation.models import Branch, Window
from branches.people.models import Person
from services.problems.models import (
    Measure,
    Problem,
    ProblemClass,
    ProblemSource,
    ProblemStatus,
)


class ProblemFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status"))] + ProblemStatus.choices
    )
    branch = BranchChoiceField(queryset=Branch.objects.all())
    source = forms.ChoiceField(
        label=_("Source"), required=False, choices=[("", _("Any source"))] + ProblemSource.choices
    )
    q = forms.CharField(label=_("Text"), required=False, max_length=50)
    # Set by the tabs above the filter bar; hidden in the bar, so that filtering keeps the tab.
    open = forms.BooleanField(label=_("Open only"), required=False, widget=forms.HiddenInput)
    overdue = forms.BooleanField(label=_("With an overdue measure"), required=False, widget=forms.HiddenInput)

    def filter(self, queryset, *, today):
        """Apply the filters that are valid; an invalid one is left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("branch"):
            queryset = queryset.filter(branch=data["branch"])
        if data.get("source"):
            queryset = queryset.filter(source=data["source"])
        if data.get("q"):
            text = data["q"].strip()
            queryset = queryset.filter(Q(title__icontains=text) | Q(description__icontains=text))
        if data.get("open"):
            queryset = queryset.open()
        if data.get("overdue"):
            # A subquery, not a join: the list's per-problem measure counts must stay as they are.
            queryset = queryset.filter(pk__in=Measure.objects.overdue(today).values("problem"))
        return queryset


class ProblemReportForm(ModelForm):
    class Meta:
        model = Problem
        fields = ["title", "source", "branch", "window", "found_on", "description"]
        widgets = {
            "source": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        person = scope_for(user).person
        self.fields["found_on"].widget = DateInput(attrs={"max": today.isoformat()})
        # A patrol's finding comes in through the patrol's own button, linked to it.
        self.fields["source"].choices = [
            choice for choice in ProblemSource.choices if choice[0] != ProblemSource.PATROL
        ]
        self.fields["branch"].queryset = Branch.objects.order_by("number")
        self.fields["branch"].help_text = _("The branch that must solve it.")
        self.fields["window"].queryset = Window.objects.filter(is_active=True).order_by("code")
        self.initial.setdefault("found_on", today)
        self.initial.setdefault("source", ProblemSource.WINDOW)
        if person is not None:
            self.initial.setdefault("branch", person.branch_id)
            if person.window_id:
                self.initial.setdefault("window", person.window_id)


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("How it was resolved"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    resolved_by = PersonChoiceField(
        label=_("Resolved by"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("Myself"),
        help_text=_("Whose fix it was, when you record it for a measure's owner."),
    )

    def __init__(self, *args, problem=None, may_choose=False, **kwargs):
        super().__init__(*args, **kwargs)
        if may_choose and problem is not None:
            owners = Person.objects.filter(measures_owned__problem=problem).distinct()
            self.fields["resolved_by"].queryset = owners.select_related("branch").order_by("name")
        else:
            del self.fields["resolved_by"]


class VerifyForm(forms.Form):
    problem_class = forms.ModelChoiceField(
        label=_("File under the problem class"),
        queryset=ProblemClass.objects.order_by("name"),
        required=False,
        empty_label=_("No class"),
    )
    new_class_name = forms.CharField(
        label=_("Or a new problem class"), max_length=100, required=False
    )
    new_class_rule = forms.CharField(
        label=_("Rule adopted for the new class"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("How this kind of problem is now solved for good."),
    )

    def clean(self):
        cleaned = super().clean()
        name = (cleaned.get("new_class_name") or "").strip()
        rule = (cleaned.get("new_class_rule") or "").strip()
        if name and cleaned.get("problem_class"):
            self.add_error("new_class_name", _("Choose an existing class or name a new one, not both."))
        elif name and not rule:
            self.add_error("new_class_rule", _("Say which rule the new class adopts."))
        elif rule and not name:
            self.add_error("new_class_name", _("Name the new class."))
        elif name and ProblemClass.objects.filter(name=name).exists():
            self.add_error("new_class_name", _("A problem class with this name already exists; choose it above."))
        cleaned["new_class_name"], cleaned["new_class_rule"] = name, rule
        return cleaned

    def problem_class_to_file(self):
        """The class chosen, or the new one (created now: call inside the verifying transaction)."""
        if self.cleaned_data["new_class_name"]:
            problem_class = ProblemClass(
                name=self.cleaned_data["new_class_name"],
                rule=self.cleaned_data["new_class_rule"],
                adopted_on=timezone.localdate(),
            )
            problem_class.full_clean()
            problem_class.save()
            return problem_class
        return self.cleaned_data["problem_class"]


class RoundTableForm(forms.Form):
    """A round-table of one branch: its people attend, its found or discussed problems are discussed."""

    date = DateField(label=_("Date"))
    title = forms.CharField(label=_("Title"), max_length=150)
    problems = ManyChoiceField(
        label=_("Problems discussed"), queryset=Problem.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    attendees = PeopleChoiceField(
        label=_("Attendees"), queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(label=_("Notes"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, branch, problems, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["date"].widget = DateInput(attrs={"max": today.isoformat()})
        self.initial.setdefault("date", today)
        self.initial.setdefault("title", _("Round-table of the service hall"))
        self.fields["problems"].queryset = problems
        self.fields["attendees"].queryset = Person.objects.filter(branch=branch, is_active=True).order_by(
            "-branch_role", "name"
        )

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return date


class MeasureForm(forms.Form):
    problem = forms.ModelChoiceField(label=_("Problem"), queryset=Problem.objects.none())
    description = forms.CharField(label=_("Measure"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Person.objects.none())
    deadline = DateField(label=_("Deadline"))

    def __init__(self, *args, problems, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem"].queryset = problems
        self.fields["owner"].queryset = owners


class BaseMeasureFormSet(BaseFormSet):
    def check_against(self, meeting_form):
        """Every measure is for a problem the meeting discusses and ends no earlier than it."""
        if not meeting_form.is_valid():
            return
        chosen = set(meeting_form.cleaned_data["problems"])
        date = meeting_form.cleaned_data["date"]
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("problem") and data["problem"] not in chosen:
                form.add_error("problem", _("Tick this problem above as discussed, or choose another."))
            if data.get("deadline") and data["deadline"] < date:
                form.add_error("deadline", _("A measure's deadline cannot be before the meeting."))

    def measures(self):
        fields = ("problem", "description", "owner", "deadline")
        return [
            tuple(form.cleaned_data[name] for name in fields)
            for form in self.forms
            if getattr(form, "cleaned_data", None)
        ]


MeasureFormSet = formset_factory(MeasureForm, formset=BaseMeasureFormSet, extra=2, max_num=20, validate_max=True)
