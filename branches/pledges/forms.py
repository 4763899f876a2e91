"""Forms of the pledges and brands."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.kernel.fields import ModelForm, PersonChoiceField
from branches.kernel.forms import PeriodFilterForm
from branches.people.models import Person
from branches.people.pickers import PARTY_MEMBERS_KEPT
from branches.pledges.models import BranchBrand, ServicePledge


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
        field_classes = {"person": PersonChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # a pledge stays its member's
            self.fields["person"].queryset = Person.objects.filter(pk=self.instance.person_id)
            self.fields["person"].disabled = True
        else:
            self.fields["person"].offer(PARTY_MEMBERS_KEPT, user)
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


class PledgeBoardForm(PeriodFilterForm):
    q = forms.CharField(label=_("Name, window or words"), max_length=40, required=False)
