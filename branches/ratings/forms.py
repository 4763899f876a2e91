"""Forms of the 党员示范岗 rating pages."""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from branches.kernel.fields import DateInput, ModelForm, PeopleChoiceField, formfield
from branches.kernel.forms import PeriodFilterForm
from branches.people.models import Person
from branches.people.pickers import PARTY_MEMBERS_SEEN
from branches.ratings.models import Nomination, RatingCriterion, RatingRound


class RatingRoundForm(ModelForm):
    raters = PeopleChoiceField(
        label=_("Raters"),
        queryset=Person.objects.none(),
        help_text=_("Appointed raters; a rater never scores a nominee of their own branch."),
    )

    class Meta:
        model = RatingRound
        fields = ["title", "starts_on", "ends_on", "quota_per_branch", "description"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["raters"].offer(PARTY_MEMBERS_SEEN, user)
        if self.instance.pk:
            self.fields["raters"].initial = [rater.person_id for rater in self.instance.raters.all()]

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The period cannot end before it starts."))
        return cleaned


class BaseCriterionFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        if not kept:
            raise forms.ValidationError(_("Add at least one criterion."))
        names = [form.cleaned_data["name"] for form in kept]
        if len(names) != len(set(names)):
            raise forms.ValidationError(_("Each criterion needs its own name."))


CriterionFormSet = inlineformset_factory(
    RatingRound,
    RatingCriterion,
    formset=BaseCriterionFormSet,
    fields=["name", "weight"],
    extra=3,
    can_delete=True,
    formfield_callback=formfield,
)


class NominationForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Member"), queryset=Person.objects.none())
    post = forms.CharField(label=_("Post or window"), max_length=100)
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, rating_round, branch_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (
            Person.objects.party_members()
            .filter(branch__in=branch_ids, is_active=True)
            .exclude(pk__in=Nomination.objects.filter(round=rating_round).values("person"))
            .select_related("window")
        )
        self.fields["person"].label_from_instance = (
            lambda person: f"{person.name} · {person.window}" if person.window_id else person.name
        )


class WallFilterForm(PeriodFilterForm):
    """The wall shows every published round unless a year, a round or a branch is chosen."""

    all_years = True

    round = forms.ModelChoiceField(
        label=_("Rating round"), queryset=RatingRound.objects.published(), required=False, empty_label=_("All rounds")
    )
