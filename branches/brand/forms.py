"""The brand's texts and its practices, as the committee office edits them on one page."""

from django import forms
from django.forms import inlineformset_factory

from branches.brand.models import Brand, BrandPractice
from branches.kernel.fields import ModelForm, formfield

MOST_PRACTICES = 10  # numbered （一） to （十） in the report, as the seed numbers them


class PartyBrandForm(ModelForm):
    class Meta:
        model = Brand
        fields = [
            "name", "started_on", "introduction", "logo", "logo_meaning",
            "lead_meaning", "pass_on_meaning", "dedicate_meaning", "serve_meaning",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": rows})
            for name, rows in [
                ("introduction", 5), ("logo_meaning", 5), ("lead_meaning", 3),
                ("pass_on_meaning", 3), ("dedicate_meaning", 3), ("serve_meaning", 3),
            ]
        }


PracticeFormSet = inlineformset_factory(
    Brand,
    BrandPractice,
    fields=["ordering", "pillar", "title", "text"],
    widgets={"text": forms.Textarea(attrs={"rows": 6})},
    extra=1,
    max_num=MOST_PRACTICES,
    validate_max=True,
    can_delete=True,
    formfield_callback=formfield,
)
