"""The rosters' side of the import pipeline (``branches.kernel.imports``): django-import-export
resources whose every row goes through the model's ``full_clean()``, the widgets that read the
office's Chinese cells (是/否, choice labels, dates, codes), and the admin's import and export.
"""

from datetime import date, datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.admin import ImportExportModelAdmin
from import_export.forms import ExportForm
from import_export.instance_loaders import CachedInstanceLoader
from import_export.results import RowResult
from simple_history.admin import SimpleHistoryAdmin

from branches.kernel.imports import row_message
from branches.kernel.scope import scope_for
from branches.kernel.workbook import ExcelFormat


class RosterImportExportAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    """Import and export through the roster's resources, which work within the user's scope.

    The export writes every column of the roster, so that it reads back in; the plain export
    form also never builds a resource without the user, as the column-picking form does.
    """

    export_form_class = ExportForm
    formats = [ExcelFormat]  # every workbook is written and read by branches.kernel.workbook

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {"user": request.user}


YES = "是"


NO = "否"


def chinese_label(choice):
    with translation.override("zh-hans"):
        return str(choice.label)


class YesNoWidget(widgets.Widget):
    """是/否 (also 1/0 and true/false); blank is left to the field's default."""

    YES_VALUES = {YES, "1", "true"}
    NO_VALUES = {NO, "0", "false"}

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return None
        text = str(value).lower()
        if text in self.YES_VALUES:
            return True
        if text in self.NO_VALUES:
            return False
        raise ValueError(_("Write %(yes)s or %(no)s.") % {"yes": YES, "no": NO})

    def render(self, value, obj=None, **kwargs):
        return YES if value else NO

    def allowed_values(self):
        return [YES, NO]


class ChoiceWidget(widgets.Widget):
    """A choice by its Simplified Chinese label (as the office writes it) or by its stored value."""

    def __init__(self, choices):
        super().__init__()
        self.choices = choices

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return None
        text = str(value)
        for choice in self.choices:
            if text in (chinese_label(choice), str(choice.value)):
                return choice.value
        raise ValueError(
            _("“%(value)s” is not one of: %(choices)s.")
            % {"value": text, "choices": "、".join(self.allowed_values())}
        )

    def render(self, value, obj=None, **kwargs):
        if value in (None, ""):
            return None
        return chinese_label(self.choices(value))

    def allowed_values(self):
        return [chinese_label(choice) for choice in self.choices]


class DateCellWidget(widgets.Widget):
    """A date cell, or a date written as text the way people type it."""

    FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        for date_format in self.FORMATS:
            try:
                return datetime.strptime(str(value), date_format).date()
            except ValueError:
                continue
        raise ValueError(_("Write the date as 1990-01-31."))

    def render(self, value, obj=None, **kwargs):
        return value


class LookupWidget(widgets.Widget):
    """A related object named by one of its fields (a number, a code), out of ``queryset``.

    The queryset is read once per import, so a file of any length costs one query here.
    """

    def __init__(self, queryset, field_name, message):
        super().__init__()
        self.queryset = queryset
        self.field_name = field_name
        self.message = message
        self._objects = None

    def key_of(self, obj):
        return str(getattr(obj, self.field_name))

    def key_in_row(self, value, row):
        return str(value)

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return None
        if self._objects is None:
            self._objects = {}
            for obj in self.queryset:
                self._objects.setdefault(self.key_of(obj), []).append(obj)
        matches = self._objects.get(self.key_in_row(value, row), [])
        if len(matches) != 1:
            raise ValueError(self.message % self.message_params(value, row))
        return matches[0]

    def message_params(self, value, row):
        return {"value": value}

    def render(self, value, obj=None, **kwargs):
        return None if value is None else getattr(value, self.field_name)


class RosterField(fields.Field):
    """A column of the roster, with what the template's instructions sheet says about it."""

    def __init__(
        self, attribute, column_name, widget=None, *, help_text, example=None, required=False, **kwargs
    ):
        widget = widget or widgets.CharWidget()
        super().__init__(attribute=attribute, column_name=column_name, widget=widget, **kwargs)
        self.help_text = help_text
        self.example = example
        self.required = required


class RosterResource(resources.ModelResource):
    """What both rosters share: the user's scope, full_clean() on every row, and row reporting."""

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True
        use_transactions = True
        instance_loader_class = CachedInstanceLoader

    def __init__(self, *, user):
        super().__init__()
        self.user = user
        self.scope = scope_for(user)
        self.seen_ids = set()

    @classmethod
    def column_names(cls):
        return [roster_field.column_name for roster_field in cls.fields.values()]

    def before_import_row(self, row, **kwargs):
        """The same person or window twice in one file is a mistake, not an update."""
        id_field = self.fields[self.get_import_id_fields()[0]]
        value = id_field.clean(row)
        if value and value in self.seen_ids:
            message = _("“%(value)s” is already on an earlier row of the file.") % {"value": value}
            raise ValidationError({id_field.attribute: message})
        self.seen_ids.add(value)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """An unchanged row is reported as such, but checked like every other row."""
        skip = super().skip_row(instance, original, row, import_validation_errors)
        if skip:
            self.validate_instance(instance, import_validation_errors)
        return skip

    def column_of(self, attribute):
        for roster_field in self.fields.values():
            if roster_field.attribute == attribute:
                return roster_field.column_name
        return None

    def row_messages(self, number, row_result):
        """Each problem of one row as "Row N, column “…”: message" (N as Excel numbers rows)."""
        result = []
        error = row_result.validation_error
        if error is not None:
            if hasattr(error, "error_dict"):
                error_dict = error.message_dict
            else:
                error_dict = {NON_FIELD_ERRORS: error.messages}
            for attribute, texts in error_dict.items():
                column = self.column_of(attribute)
                for text in texts:
                    result.append(row_message(number, column, text))
        for row_error in row_result.errors:
            result.append(row_message(number, None, row_error.error))
        return result


ROW_STATUS = {
    RowResult.IMPORT_TYPE_NEW: "new",
    RowResult.IMPORT_TYPE_UPDATE: "update",
    RowResult.IMPORT_TYPE_SKIP: "unchanged",
}
