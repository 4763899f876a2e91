"""The short forms staff fill in on their phones, one per record kind, and the review forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.kernel.fields import (
    BranchChoiceField,
    DateField,
    DateInput,
    ManyChoiceField,
    ModelForm,
)
from branches.kernel.queries import code_is, text_contains
from branches.kernel.scope import scope_for
from branches.kernel.uploads import IMAGES
from branches.organisation.models import Branch
from branches.people.models import Person
from services.enterprises.forms import EnterpriseFields
from services.patrols.selectors import zones_to_patrol
from services.records.models import (
    Beneficiary,
    Patrol,
    PracticalDeed,
    ReviewStatus,
    ServiceActivity,
    ServiceRecord,
)
from services.records.photos import MAX_PHOTOS_PER_RECORD


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos at once, each checked by the upload policy for images."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", MultiplePhotoInput(attrs={"accept": IMAGES.accept, "multiple": True})
        )
        super().__init__(required=False, **kwargs)

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data if isinstance(data, (list, tuple)) else [data]) if upload]
        if len(uploads) > MAX_PHOTOS_PER_RECORD:
            raise ValidationError(
                _("Attach at most %(limit)s photos."), params={"limit": MAX_PHOTOS_PER_RECORD}
            )
        cleaned = [super(PhotosField, self).clean(upload, initial) for upload in uploads]
        for upload in cleaned:
            IMAGES.check(upload)
        return cleaned


class RecordForm(ModelForm):
    """What every record form shares: the date (today by default, never in the future), photos.

    ``person`` is whose record it is (the logged-in staff member when logging); choices such as
    zones and participants come from that person.
    """

    photos = PhotosField(label=_("Photos"), help_text=_("Optional; JPEG, PNG or WebP, up to 5 MB each."))

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        today = timezone.localdate()
        self.fields["date"].widget = DateInput(attrs={"max": today.isoformat()})
        if not self.instance.pk:
            self.initial["date"] = today
        for field in self.fields.values():
            # Radio buttons need no "---------" choice. Model choices are left alone: setting
            # their ``choices`` would freeze every row of the model (CheckboxSelectMultiple is a
            # RadioSelect) and hide the narrower queryset a subclass sets, e.g. the participants.
            # An optional choice (the service's reason) says "none of these" instead.
            if isinstance(field.widget, forms.RadioSelect) and not isinstance(field, forms.ModelChoiceField):
                field.choices = [
                    (value, label) if value != "" else ("", _("None of these"))
                    for value, label in field.choices
                    if value != "" or not field.required
                ]
        if self.instance.is_approved:
            self.fields["change_reason"] = forms.CharField(
                label=_("Reason for the change"),
                max_length=200,
                help_text=_("This record is approved; the reason is kept in its history."),
            )


class ServiceRecordForm(EnterpriseFields, RecordForm):
    class Meta:
        model = ServiceRecord
        fields = ["kind", "date", "hours", "persons_sent", "reason", "served_name", "description", "notes"]
        widgets = {
            "kind": forms.RadioSelect,
            "reason": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 2}),
            "hours": forms.NumberInput(attrs={"step": "0.5", "min": "0.5", "max": "16", "inputmode": "decimal"}),
            "persons_sent": forms.NumberInput(attrs={"min": "1", "max": "50", "inputmode": "numeric"}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    field_order = [
        "kind", "date", "enterprise_code", "enterprise_name", "served_name", "description", "hours",
        "persons_sent", "reason", "notes", "photos",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial_enterprise(self.instance)
        if not self.instance.pk:
            self.initial["hours"] = 1
        self.fields["served_name"].help_text = _("Who was served, when it was not an enterprise.")

    def clean(self):
        cleaned = super().clean()
        self.resolve_enterprise(required=False)
        if self.instance.enterprise is None and not (cleaned.get("served_name") or "").strip():
            if "enterprise_code" not in self.errors and "enterprise_name" not in self.errors:
                raise ValidationError(_("Enter the enterprise's credit code or the name of the person served."))
        return cleaned


class PracticalDeedForm(EnterpriseFields, RecordForm):
    class Meta:
        model = PracticalDeed
        fields = ["beneficiary", "date", "beneficiary_name", "description", "result"]
        widgets = {
            "beneficiary": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    field_order = [
        "beneficiary", "date", "beneficiary_name", "enterprise_code", "enterprise_name",
        "description", "result", "photos",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial_enterprise(self.instance)
        if not self.instance.pk:
            self.initial["beneficiary"] = Beneficiary.MASSES

    def clean(self):
        cleaned = super().clean()
        self.resolve_enterprise(required=cleaned.get("beneficiary") == Beneficiary.ENTERPRISE)
        if cleaned.get("beneficiary") == Beneficiary.MASSES:
            self.instance.enterprise = None
        return cleaned


class ServiceActivityForm(RecordForm):
    class Meta:
        model = ServiceActivity
        fields = [
            "kind", "date", "title", "place", "participants", "people_reached",
            "enterprises_reached", "description",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "participants": forms.CheckboxSelectMultiple,
            "people_reached": forms.NumberInput(attrs={"min": "0", "inputmode": "numeric"}),
            "enterprises_reached": forms.NumberInput(attrs={"min": "0", "inputmode": "numeric"}),
            "description": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"participants": ManyChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = Person.objects.filter(
            branch=self.person.branch_id, is_active=True
        ).order_by("-political_status", "name")
        if not self.instance.pk:
            self.initial["participants"] = [self.person.pk]


class PatrolForm(RecordForm):
    class Meta:
        model = Patrol
        fields = ["date", "zone", "found_problem", "findings"]
        widgets = {"findings": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zones = zones_to_patrol(self.person.pk, timezone.localdate(), also=self.instance.zone_id)
        self.fields["zone"].queryset = zones.order_by("name")
        self.fields["zone"].empty_label = None
        if not self.instance.pk:
            self.initial["findings"] = "正常"

    def clean(self):
        cleaned = super().clean()
        self.instance.person = self.person
        return cleaned


class ReviewForm(forms.Form):
    """Approve or return one record or several.

    One record's form carries the version of the record the reviewer saw (``version``); the
    queue's checkboxes carry each record's own.
    """

    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("return", _("Return for correction"))]
    )
    version = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comment"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when returning: say what needs correcting."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "return" and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", _("Say in the comment what needs correcting."))
        return cleaned


class RecordFilterForm(forms.Form):
    """Filters of the review queue and the record lists: one form for every kind."""

    kind = forms.ChoiceField(label=_("Kind"), required=False)
    subkind = forms.ChoiceField(label=_("Type"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status"))] + ReviewStatus.choices
    )
    branch = BranchChoiceField(queryset=Branch.objects.none(), empty_label="---------")
    q = forms.CharField(label=_("Staff member"), required=False, max_length=40)
    date_from = DateField(label=_("From"), required=False)
    date_to = DateField(label=_("To"), required=False)

    def __init__(self, *args, user, kinds=None, subkind_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds:
            self.fields["kind"].choices = [("", _("Every kind"))] + [(k.slug, k.label) for k in kinds]
        else:
            del self.fields["kind"]
        if subkind_choices:
            self.fields["subkind"].choices = [("", _("Any"))] + list(subkind_choices)
        else:
            del self.fields["subkind"]
        branches = Branch.objects.visible_to(user)
        if scope_for(user).sees_all:
            self.fields["branch"].queryset = branches
        else:
            del self.fields["branch"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def filter(self, queryset, *, subkind_field=""):
        """Apply the filters that are valid to one kind's queryset; an invalid one is left out."""
        self.is_valid()
        data = self.cleaned_data
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("branch"):
            queryset = queryset.filter(branch=data["branch"])
        if data.get("q"):
            text = data["q"].strip()
            queryset = queryset.filter(text_contains("person__name", text) | code_is("person__staff_number", text))
        if data.get("date_from"):
            queryset = queryset.filter(date__gte=data["date_from"])
        if data.get("date_to"):
            queryset = queryset.filter(date__lte=data["date_to"])
        if subkind_field and data.get("subkind"):
            value = data["subkind"]
            if value in ("true", "false"):
                value = value == "true"
            queryset = queryset.filter(**{subkind_field: value})
        return queryset
