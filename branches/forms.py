from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.models import (
    Branch,
    BranchBrand,
    DevelopmentStep,
    HallArea,
    HonourLevel,
    Lecture,
    LectureMaterial,
    LectureQuestion,
    Mentorship,
    PartyGroup,
    Person,
    PoliticalStatus,
    Rating,
    ServicePledge,
    SessionMethod,
    Window,
)
from branches.fields import BranchChoiceField, DateField, DateInput, ManyChoiceField, ModelForm, QuickSelect
from branches.kernel import personal
from branches.models.people import earliest_date_for
from branches.scope import scope_for


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


class BrandForm(ModelForm):
    """A branch's own sub-brand (一支部一品牌), kept by the branch's committee."""

    class Meta:
        model = BranchBrand
        fields = ["name", "slogan", "story", "logo"]
        widgets = {"story": forms.Textarea(attrs={"rows": 6})}


class PledgeForm(ModelForm):
    """A member's one-sentence service pledge, written by the branch's committee."""

    class Meta:
        model = ServicePledge
        fields = ["person", "year", "text", "displayed"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        members = Person.objects.manageable_by(user).party_members().filter(is_active=True)
        self.fields["person"].queryset = members.select_related("branch").order_by("branch__number", "name")
        if self.instance.pk:
            self.fields["person"].disabled = True
        self.fields["year"].initial = timezone.localdate().year
        self.fields["text"].widget.attrs["placeholder"] = _("For example: 微笑服务，一次办好")


class OwnPledgeForm(ModelForm):
    """A member writes their own pledge for this year."""

    class Meta:
        model = ServicePledge
        fields = ["text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs["placeholder"] = _("For example: 微笑服务，一次办好")


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


class YearBranchFilterForm(forms.Form):
    """A year and a branch, the filters most pages offer; subclasses add their own fields.

    Without a year chosen the page shows this year, or every year when ``all_years`` is set.
    """

    all_years = False

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    branch = BranchChoiceField(queryset=Branch.objects.all())

    def __init__(self, *args, years, branches=None, **kwargs):
        super().__init__(*args, **kwargs)
        every_year = [("", _("All years"))] if self.all_years else []
        self.fields["year"].choices = every_year + [(year, str(year)) for year in years]
        if branches is not None:
            self.fields["branch"].queryset = branches

    def selected(self):
        """The valid choices by field name; None for anything missing or invalid."""
        chosen = {name: None for name in self.fields}
        chosen["year"] = None if self.all_years else timezone.localdate().year
        if self.is_bound:
            self.is_valid()
            chosen.update({name: value for name, value in self.cleaned_data.items() if value})
        return chosen


class YearFilterForm(YearBranchFilterForm):
    branch = None


class DevelopmentPipelineForm(YearBranchFilterForm):
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


class HonourFilterForm(YearBranchFilterForm):
    all_years = True
    branch = None
    level = forms.ChoiceField(label=_("Level"), choices=[("", _("Every level")), *HonourLevel.choices], required=False)


class PledgeBoardForm(YearBranchFilterForm):
    q = forms.CharField(label=_("Name, window or words"), max_length=40, required=False)


# 传承 Pass on: lectures, mentor pairings.


def add_action_error(form, error):
    """Show a ValidationError raised by an action on the form: on its field if the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def attempt(form, action):
    """Run an action in one transaction; a refusal becomes errors on the form, nothing half-saved.

    Returns what the action returned, or None when it was refused.
    """
    try:
        with transaction.atomic():
            return action()
    except ValidationError as error:
        add_action_error(form, error)
        return None


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class LectureCalendarForm(forms.Form):
    """The year (and optionally the organising branch) of the lecture calendar."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    branch = BranchChoiceField(
        label=_("Organised by"), queryset=Branch.objects.order_by("number"), empty_label=_("All organisers")
    )

    def __init__(self, data=None, *args, years, **kwargs):
        # The calendar shows this year when none is chosen, and so must the year's select: its
        # first option is next year's (lectures are planned ahead).
        this_year = timezone.localdate().year
        if data is not None and not data.get("year"):
            data = data.copy()
            data["year"] = str(this_year)
        super().__init__(data, *args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]
        self.fields["year"].initial = this_year

    def selected(self):
        """(year, branch) chosen, or this year and every organiser when nothing valid was chosen."""
        if self.is_valid():
            return self.cleaned_data["year"] or timezone.localdate().year, self.cleaned_data["branch"]
        return timezone.localdate().year, None


class LectureForm(ModelForm):
    """A lecture as the organiser plans it. Branch managers organise for their own branch."""

    class Meta:
        model = Lecture
        fields = ["topic", "theme", "date", "starts_at", "ends_at", "place", "branch", "speakers", "summary"]
        widgets = {
            "date": DateInput(),
            "starts_at": TimeInput(),
            "ends_at": TimeInput(),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "speakers": forms.CheckboxSelectMultiple,
        }
        field_classes = {"speakers": ManyChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_for(user)
        branches = Branch.objects.order_by("number")
        if scope.manages_all:
            self.fields["branch"].empty_label = _("The whole party committee")
        else:
            branches = branches.filter(pk__in=scope.managed_branch_ids)
            self.fields["branch"].required = True
            self.fields["branch"].help_text = ""
            if len(scope.managed_branch_ids) == 1 and not self.instance.pk:
                self.initial["branch"] = next(iter(scope.managed_branch_ids))
        self.fields["branch"].queryset = branches
        speakers = Person.objects.visible_to(user).filter(is_active=True)
        if self.instance.pk:
            speakers = Person.objects.filter(
                Q(pk__in=speakers.values("pk")) | Q(pk__in=self.instance.speakers.values("pk"))
            )
        speakers = speakers.select_related("branch").order_by("branch__number", "name")
        self.fields["speakers"].queryset = speakers
        self.fields["speakers"].label_from_instance = lambda person: f"{person.name} · {person.branch.name}"
        self.fields["speakers"].help_text = _("The members who go up to the podium.")
        if not self.instance.pk:
            self.initial.setdefault("date", timezone.localdate())


class LectureRegisterForm(forms.Form):
    """The organiser ticks the people present; those already on the register are not offered."""

    people = ManyChoiceField(
        label=_("Present"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, lecture, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.branch = branch
        self.fields["people"].queryset = (
            Person.objects.filter(branch=branch, is_active=True)
            .exclude(lecture_attendances__lecture=lecture)
            .order_by("name")
        )


class LectureQuestionForm(ModelForm):
    """答疑惑: a question raised and the answer given, recorded by the organisers or a speaker."""

    class Meta:
        model = LectureQuestion
        fields = ["question", "asked_by", "answer", "answered_by"]
        widgets = {
            "question": forms.Textarea(attrs={"rows": 2}),
            "answer": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, lecture, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.lecture = lecture
        self.fields["answered_by"].queryset = lecture.speakers.order_by("name")
        self.fields["asked_by"].help_text = _("Optional: a name or a window.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answered_by") and not (cleaned.get("answer") or "").strip():
            self.add_error("answer", _("Write the answer, or leave “answered by” empty."))
        return cleaned


class LectureMaterialForm(ModelForm):
    class Meta:
        model = LectureMaterial
        fields = ["title", "file"]

    def __init__(self, *args, lecture, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.lecture = lecture
        self.fields["file"].help_text = _("PDF, Word, Excel, PowerPoint or an image.")


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "pattern": "[0-9]*",
                "autocomplete": "one-time-code",
                "placeholder": "000000",
                "class": "form-control form-control-lg text-center font-monospace fs-1",
            }
        ),
        help_text=_("The six digits shown in the lecture room."),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError(_("The check-in code has six digits."))
        return code


class LectureFeedbackForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Score"),
        coerce=int,
        choices=[(value, str(value)) for value in range(1, 6)],
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
        help_text=_("From 1 to 5; 5 is best."),
    )
    remark = forms.CharField(label=_("Remark"), max_length=300, required=False)


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

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        people = (
            Person.objects.manageable_by(user)
            .filter(is_active=True)
            .select_related("branch")
            .order_by("branch__number", "name")
        )
        for name in ("mentor", "mentee"):
            self.fields[name].queryset = people
            self.fields[name].label_from_instance = lambda person: f"{person.name} · {person.branch.name}"
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
