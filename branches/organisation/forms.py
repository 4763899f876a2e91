"""The hall map's filters; the forms of a branch's responsibility zones and party groups."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.kernel.fields import (
    BranchChoiceField,
    ManyChoiceField,
    ModelForm,
    PeopleChoiceField,
    PersonChoiceField,
    QuickSelect,
)
from branches.organisation.models import (
    Branch,
    HallArea,
    PartyGroup,
    ResponsibilityZone,
    Window,
)
from branches.people.models import Person
from branches.people.pickers import PARTY_MEMBERS_KEPT


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


class ZoneForm(ModelForm):
    """A party member's responsibility zone, kept by their branch's committee."""

    class Meta:
        model = ResponsibilityZone
        fields = ["member", "name", "windows", "description", "starts_on", "ends_on"]
        widgets = {"windows": forms.CheckboxSelectMultiple, "description": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"member": PersonChoiceField, "windows": ManyChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A zone keeps its holder (the next holder gets a zone of their own, so that the
            # patrols stay the holder's), even one who has left or moved: the zone can still end.
            self.fields["member"].queryset = Person.objects.filter(pk=self.instance.member_id)
            self.fields["member"].disabled = True
        else:
            self.fields["member"].offer(PARTY_MEMBERS_KEPT, user)
        windows = Window.objects.manageable_by(user).filter(is_active=True)
        if self.instance.pk:  # a window the zone holds stays offered, whoever covers it now
            windows = windows | self.instance.windows.all()
        self.fields["windows"].queryset = windows.distinct().order_by("code")
        if not self.initial.get("starts_on"):
            self.initial["starts_on"] = timezone.localdate()


class PartyGroupForm(ModelForm):
    """A party group of a branch, its leader and its members, kept by the branch's committee."""

    members = PeopleChoiceField(
        label=_("Members"), queryset=Person.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A person belongs to one group: choosing them here moves them from their group."),
    )

    class Meta:
        model = PartyGroup
        fields = ["branch", "name", "kind", "serves", "leader"]
        field_classes = {"leader": PersonChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        branches = list(Branch.objects.manageable_by(user).order_by("number"))
        self.fields["branch"].queryset = Branch.objects.filter(pk__in=[branch.pk for branch in branches])
        branch = self.instance.branch if self.instance.pk else (branches[0] if len(branches) == 1 else None)
        if self.instance.pk:
            self.fields["branch"].disabled = True
            self.initial["members"] = list(self.instance.members.values_list("pk", flat=True))
        elif branch is not None and self.initial.get("branch") is None:
            # A new group's initial branch is None (model_to_dict of the unsaved group): one who
            # keeps a single branch finds it chosen.
            self.initial["branch"] = branch.pk
        # The people offered are the branch's: the committee office, which keeps every branch,
        # names a new group's branch first and its leader and members once it is saved.
        people = Person.objects.filter(branch=branch, is_active=True) if branch else Person.objects.none()
        self.fields["members"].queryset = people.select_related("branch", "group").order_by("name")
        leaders = people.party_members()
        if self.instance.leader_id:  # a leader who has left stays chosen until someone replaces them
            leaders = leaders | Person.objects.filter(pk=self.instance.leader_id)
        self.fields["leader"].queryset = leaders.select_related("branch").order_by("name")
        if branch is None:
            self.fields["leader"].help_text = self.fields["members"].help_text = _(
                "Chosen once the group is saved, among its branch's people."
            )

    def clean(self):
        cleaned = super().clean()
        branch = self.instance.branch if self.instance.pk else cleaned.get("branch")
        strangers = [person.name for person in cleaned.get("members") or () if branch and person.branch_id != branch.pk]
        if strangers:
            message = _("Members must belong to the group's branch: %(names)s.") % {"names": "、".join(strangers)}
            self.add_error("members", message)
        return cleaned
