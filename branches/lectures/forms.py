"""Forms of the lecture pages: planning, the register, questions and answers, materials, check-in,
feedback, the calendar's filters."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.kernel.fields import (
    BranchChoiceField,
    DateInput,
    ManyChoiceField,
    ModelForm,
    PeopleChoiceField,
)
from branches.kernel.forms import PeriodFilterForm
from branches.kernel.scope import scope_for
from branches.lectures.models import Lecture, LectureMaterial, LectureQuestion
from branches.organisation.models import Branch
from branches.people.models import Person
from branches.people.pickers import PEOPLE_SEEN


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class LectureCalendarForm(PeriodFilterForm):
    """The year of the lecture calendar (its first choice is next year's: lectures are planned
    ahead) and optionally the organising branch."""

    branch = BranchChoiceField(
        label=_("Organised by"), queryset=Branch.objects.order_by("number"), empty_label=_("All organisers")
    )


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
        }
        field_classes = {"speakers": PeopleChoiceField}

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
        # The speakers as they stand stay offered, wherever they are now.
        keeping = self.instance.speakers.values("pk") if self.instance.pk else None
        self.fields["speakers"].offer(PEOPLE_SEEN, user, keeping=keeping)
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
        speakers = lecture.speakers.all()
        if self.instance.answered_by_id:  # who answered stays offered, a speaker no longer
            speakers = Person.objects.filter(Q(pk__in=speakers.values("pk")) | Q(pk=self.instance.answered_by_id))
        self.fields["answered_by"].queryset = speakers.order_by("name")
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
