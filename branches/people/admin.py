"""Django admin of people, their development steps and temporary passwords."""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from branches.kernel import personal
from branches.kernel.fields import ModelForm
from branches.kernel.rosters import RosterImportExportAdmin
from branches.people import actions
from branches.people.development import check_development_steps
from branches.people.models import DevelopmentStep, LargeText, Person, TemporaryPassword
from branches.people.resources import PersonResource


class DevelopmentStepFormSet(BaseInlineFormSet):
    """Checks the person's whole sequence of steps: those kept, changed and added, not deleted."""

    def clean(self):
        super().clean()
        steps = []
        for form in self.forms:
            if form.instance.pk is None and not form.has_changed():
                continue
            if self._should_delete_form(form):
                continue
            stage, date = form.cleaned_data.get("stage"), form.cleaned_data.get("date")
            if stage is None or date is None:
                return
            steps.append((stage, date))
        check_development_steps(steps, birth_date=self.instance.birth_date)


class DevelopmentStepInline(admin.TabularInline):
    model = DevelopmentStep
    formset = DevelopmentStepFormSet
    fields = ["stage", "date", "note", "recorded_by", "created_at"]
    readonly_fields = ["recorded_by", "created_at"]
    extra = 0


@admin.register(Person)
class PersonAdmin(RosterImportExportAdmin):
    resource_classes = [PersonResource]
    list_display = [
        "staff_number",
        "name",
        "branch",
        "group",
        "window",
        "political_status",
        "branch_role",
        "committee_role",
        "is_active",
    ]
    list_display_links = ["staff_number", "name"]
    list_select_related = ["branch", "group", "window"]
    list_filter = [
        "branch",
        "political_status",
        "branch_role",
        "committee_role",
        "is_section_chief",
        "is_active",
        "gender",
    ]
    search_fields = ["staff_number", "name", "user__username"]
    autocomplete_fields = ["user", "branch", "group", "window"]
    readonly_fields = ["created_at", "updated_at"]
    date_hierarchy = "created_at"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "staff_number",
                    "name",
                    "user",
                    "branch",
                    "group",
                    "window",
                    "title",
                    "is_section_chief",
                    "gender",
                    "photo",
                    "is_active",
                ]
            },
        ),
        (_("Party membership"), {"fields": ["political_status", "branch_role", "committee_role"]}),
        (_("Personal data"), {"fields": list(personal.PERSONAL_FIELDS)}),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]
    inlines = [DevelopmentStepInline]

    def get_fieldsets(self, request, obj=None):
        """The personal data only for those who may see it (branches.kernel.personal)."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not personal.hidden_fields(request.user, obj):
            return fieldsets
        return [(name, options) for name, options in fieldsets if options["fields"] != list(personal.PERSONAL_FIELDS)]

    def get_object(self, request, object_id, from_field=None):
        """On a save, lock the person, as record_development_step does, so that a step recorded
        elsewhere meanwhile cannot slip past the check of the whole sequence."""
        person = super().get_object(request, object_id, from_field)
        if person is not None and request.method == "POST":
            person = Person.objects.select_for_update().get(pk=person.pk)
        return person

    def save_formset(self, request, form, formset, change):
        if formset.model is DevelopmentStep:
            for step_form in formset.extra_forms:
                step_form.instance.recorded_by = request.user
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        actions.development_steps_changed(form.instance)


class DevelopmentStepForm(ModelForm):
    """A single step, checked against the person's other recorded steps."""

    class Meta:
        model = DevelopmentStep
        fields = ["person", "stage", "date", "note"]

    def clean(self):
        cleaned_data = super().clean()
        person = self.instance.person if self.instance.pk else cleaned_data.get("person")
        stage, date = cleaned_data.get("stage"), cleaned_data.get("date")
        if person is None or stage is None or date is None:
            return cleaned_data
        person = Person.objects.select_for_update().get(pk=person.pk)
        others = person.development_steps.exclude(pk=self.instance.pk)
        check_development_steps(
            [(step.stage, step.date) for step in others] + [(stage, date)], birth_date=person.birth_date
        )
        return cleaned_data


@admin.register(TemporaryPassword)
class TemporaryPasswordAdmin(SimpleHistoryAdmin):
    """Who was given a temporary password, by whom and when; set on the person's page in the app."""

    list_display = ["user", "set_by", "set_at"]
    list_select_related = ["user", "set_by"]
    readonly_fields = ["user", "set_by", "set_at"]

    def has_add_permission(self, request):
        return False


@admin.register(LargeText)
class LargeTextAdmin(admin.ModelAdmin):
    """Who reads the app in large text; each chooses it in the app's menu."""

    list_display = ["user", "chosen_at"]
    list_select_related = ["user"]
    readonly_fields = ["user", "chosen_at"]

    def has_add_permission(self, request):
        return False


@admin.register(DevelopmentStep)
class DevelopmentStepAdmin(SimpleHistoryAdmin):
    """Steps one at a time; deleting is only for a person's latest step, so no gap opens."""

    form = DevelopmentStepForm
    list_display = ["person", "person__branch", "stage", "date", "recorded_by"]
    list_select_related = ["person", "person__branch", "recorded_by"]
    list_filter = ["stage", "person__branch"]
    search_fields = ["person__name", "person__staff_number", "note"]
    autocomplete_fields = ["person"]
    date_hierarchy = "date"
    actions = None

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["recorded_by", "created_at"]
        return ["person", "recorded_by", "created_at"]

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.person.development_steps.filter(stage__gt=obj.stage).exists():
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
        actions.development_steps_changed(obj.person)
