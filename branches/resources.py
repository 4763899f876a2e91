"""The roster in Excel: people and windows in and out, with the office's Chinese column headers.

The column headers (工号, 姓名 …) and the written forms of yes/no (是/否) are a data format shared
with the office's own spreadsheets, not UI text: they are never translated. Choices (政治面貌,
性别, 业务条线) are written with their Simplified Chinese labels whatever the user's language, so
an export always reads back in.

An import runs twice: a dry run for the preview, then the real run inside one transaction that
writes every row or none. Every row goes through the model's ``full_clean()``.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

import tablib
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader
from import_export.results import RowResult

from branches.models import (
    Branch,
    BusinessLine,
    Gender,
    HallArea,
    PartyGroup,
    Person,
    PoliticalStatus,
    Window,
)
from branches.kernel import personal
from branches.kernel.uploads import SPREADSHEETS, PolicyFormField
from branches.kernel.workbook import Book, cell_value, check_columns, read_rows
from branches.scope import scope_for

YES = "是"
NO = "否"
BRANCH_NUMBER_COLUMN = "支部编号"

# The upload is kept in the session between the preview and the confirmation. Every row goes
# through full_clean() twice (preview, then import) at some 15 ms a row, hence the row limit.
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000
MAX_COLUMNS = 60


class RosterKind(models.TextChoices):
    PEOPLE = "people", gettext_lazy("People")
    WINDOWS = "windows", gettext_lazy("Windows")


def may_import(user, kind):
    """People: the committee administrator, or a branch secretary for their own branch.
    Windows: the committee administrator only."""
    scope = scope_for(user)
    if kind == RosterKind.WINDOWS:
        return scope.manages_all
    return scope.manages_all or bool(scope.secretary_branch_ids)


def importable_kinds(user):
    return [kind for kind in RosterKind if may_import(user, kind)]


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
            branch = row.get(BRANCH_NUMBER_COLUMN)
            raise ValueError(self.message % {"value": value, "branch": branch})
        return matches[0]

    def render(self, value, obj=None, **kwargs):
        return None if value is None else getattr(value, self.field_name)


class GroupWidget(LookupWidget):
    """A party group by its name within the branch named on the same row."""

    def __init__(self, queryset, message):
        super().__init__(queryset.select_related("branch"), "name", message)

    def key_of(self, group):
        return (str(group.branch.number), group.name)

    def key_in_row(self, value, row):
        return (str(row.get(BRANCH_NUMBER_COLUMN)), str(value))


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


def row_message(number, column, text):
    if column is None:
        return _("Row %(row)s: %(message)s") % {"row": number, "message": text}
    return _("Row %(row)s, column “%(column)s”: %(message)s") % {
        "row": number,
        "column": column,
        "message": text,
    }


class PersonResource(RosterResource):
    staff_number = RosterField(
        "staff_number",
        "工号",
        help_text=gettext_lazy("Identifies the person: a known staff number updates that person."),
        example="S00123",
        required=True,
    )
    name = RosterField(
        "name", "姓名", help_text=gettext_lazy("Full name."), example="张三", required=True
    )
    branch = RosterField(
        "branch",
        BRANCH_NUMBER_COLUMN,
        help_text=gettext_lazy("Number of the party branch: 1 for the first party branch."),
        example=1,
        required=True,
    )
    group = RosterField(
        "group",
        "党小组",
        help_text=gettext_lazy("Name of a party group of that branch."),
        example="一件事党小组",
    )
    window = RosterField(
        "window",
        "窗口编号",
        help_text=gettext_lazy("Code of the window the person works at."),
        example="A-01",
    )
    title = RosterField("title", "职务", help_text=gettext_lazy("Job title."), example="科员")
    is_section_chief = RosterField(
        "is_section_chief",
        "科长",
        YesNoWidget(),
        help_text=gettext_lazy("Whether the person is a section chief; blank means no."),
        example=NO,
        default=False,
    )
    gender = RosterField(
        "gender", "性别", ChoiceWidget(Gender), help_text=gettext_lazy("Gender."), example="女", default=""
    )
    political_status = RosterField(
        "political_status",
        "政治面貌",
        ChoiceWidget(PoliticalStatus),
        help_text=gettext_lazy("Political status."),
        example="正式党员",
        required=True,
    )
    phone = RosterField(
        "phone", "手机号码", help_text=gettext_lazy("11-digit mobile number."), example="13800000000"
    )
    id_number = RosterField(
        "id_number", "身份证号", help_text=gettext_lazy("18-character ID number, typed as text.")
    )
    birth_date = RosterField(
        "birth_date",
        "出生日期",
        DateCellWidget(),
        help_text=gettext_lazy("A date; it must match the ID number."),
        example=date(1990, 1, 31),
    )

    class Meta:
        model = Person
        fields = (
            "staff_number",
            "name",
            "branch",
            "group",
            "window",
            "title",
            "is_section_chief",
            "gender",
            "political_status",
            "phone",
            "id_number",
            "birth_date",
        )
        import_id_fields = ("staff_number",)

    def __init__(self, *, user):
        super().__init__(user=user)
        branches = Branch.objects.manageable_by(user)
        self.fields["branch"].widget = LookupWidget(
            branches,
            "number",
            gettext_lazy("There is no party branch number %(value)s that you may import people into."),
        )
        self.fields["group"].widget = GroupWidget(
            PartyGroup.objects.filter(branch__in=branches),
            gettext_lazy("Party branch %(branch)s has no party group named “%(value)s”."),
        )
        self.fields["window"].widget = LookupWidget(
            Window.objects.all(), "code", gettext_lazy("There is no window with the code %(value)s.")
        )

    def get_queryset(self):
        return Person.objects.manageable_by(self.user).select_related("branch", "group", "window")

    def export_field(self, column, instance, **kwargs):
        if column.attribute in personal.hidden_fields(self.user, instance):
            return None
        return super().export_field(column, instance, **kwargs)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        """A personal column is written only by someone who may see it (a branch's secretary, the
        committee office); for anyone else it is left as it was."""
        if field.attribute in personal.hidden_fields(self.user, instance):
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)


class WindowResource(RosterResource):
    code = RosterField(
        "code",
        "窗口编号",
        help_text=gettext_lazy("Identifies the window: a known code updates that window."),
        example="A-01",
        required=True,
    )
    name = RosterField(
        "name",
        "窗口名称",
        help_text=gettext_lazy("Name of the window."),
        example="商事登记综合窗口",
        required=True,
    )
    business_line = RosterField(
        "business_line",
        "业务条线",
        ChoiceWidget(BusinessLine),
        help_text=gettext_lazy("Business line."),
        example="不动产登记",
        required=True,
    )
    area = RosterField(
        "area", "区域编号", help_text=gettext_lazy("Code of the hall area."), example="A", required=True
    )
    covering_branch = RosterField(
        "covering_branch",
        "覆盖支部编号",
        help_text=gettext_lazy("Number of the party branch built on this window."),
        example=1,
    )
    is_active = RosterField(
        "is_active",
        "在用",
        YesNoWidget(),
        help_text=gettext_lazy("Whether the window is in service; blank means yes."),
        example=YES,
        default=True,
    )

    class Meta:
        model = Window
        fields = ("code", "name", "business_line", "area", "covering_branch", "is_active")
        import_id_fields = ("code",)

    def __init__(self, *, user):
        super().__init__(user=user)
        self.fields["area"].widget = LookupWidget(
            HallArea.objects.all(),
            "code",
            gettext_lazy("There is no hall area with the code %(value)s."),
        )
        self.fields["covering_branch"].widget = LookupWidget(
            Branch.objects.manageable_by(user),
            "number",
            gettext_lazy("There is no party branch number %(value)s."),
        )

    def get_queryset(self):
        return Window.objects.manageable_by(self.user).select_related("area", "covering_branch")


RESOURCES = {RosterKind.PEOPLE: PersonResource, RosterKind.WINDOWS: WindowResource}


@dataclass
class RosterFile:
    """An uploaded sheet: its bytes, its rows as a dataset and the Excel number of each row."""

    kind: str
    data: bytes
    dataset: tablib.Dataset
    row_numbers: list


def read_roster(data, kind):
    """Read the first sheet of an .xlsx file; raise ValidationError with a message for the user."""
    rows = read_rows(data, max_columns=MAX_COLUMNS)
    if not rows:
        raise ValidationError(_("The sheet is empty."), code="empty")
    headers = [None if value is None else str(value) for value in map(cell_value, rows[0])]
    check_columns(headers, RESOURCES[kind].column_names())
    dataset = tablib.Dataset(headers=headers)
    row_numbers = []
    for number, values in enumerate(rows[1:], start=2):
        values = [cell_value(value) for value in values][: len(headers)]
        if all(value is None for value in values):
            continue
        dataset.append(values + [None] * (len(headers) - len(values)))
        row_numbers.append(number)
    if not row_numbers:
        raise ValidationError(_("The sheet has no rows below the header row."), code="no_rows")
    if len(row_numbers) > MAX_ROWS:
        message = _("The sheet has more than %(limit)s rows; split it into smaller files.")
        raise ValidationError(message % {"limit": MAX_ROWS}, code="too_many_rows")
    return RosterFile(kind=kind, data=data, dataset=dataset, row_numbers=row_numbers)


@dataclass
class RowReport:
    number: int
    status: str
    values: list
    errors: list


@dataclass
class ImportReport:
    kind: str
    columns: list
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def is_valid(self):
        return not self.errors

    @property
    def counts(self):
        return Counter(row.status for row in self.rows)


ROW_STATUS = {
    RowResult.IMPORT_TYPE_NEW: "new",
    RowResult.IMPORT_TYPE_UPDATE: "update",
    RowResult.IMPORT_TYPE_SKIP: "unchanged",
}


def preview_import(roster, *, user):
    """A dry run: what the import would do, row by row; nothing is written."""
    return _run_import(roster, user=user, dry_run=True)


def apply_import(roster, *, user):
    """Import every row or, if any row is invalid, none."""
    with transaction.atomic():
        report = _run_import(roster, user=user, dry_run=False)
        if not report.is_valid:
            transaction.set_rollback(True)
    return report


def _run_import(roster, *, user, dry_run):
    resource = RESOURCES[roster.kind](user=user)
    result = resource.import_data(
        roster.dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True
    )
    columns = [column for column in roster.dataset.headers if column in resource.column_names()]
    positions = [roster.dataset.headers.index(column) for column in columns]
    report = ImportReport(kind=roster.kind, columns=columns)
    report.errors = [
        _("The file could not be imported: %(error)s") % {"error": error.error}
        for error in result.base_errors
    ]
    for number, values, row_result in zip(roster.row_numbers, roster.dataset, result.rows):
        messages = resource.row_messages(number, row_result)
        report.rows.append(
            RowReport(
                number=number,
                status="invalid" if messages else ROW_STATUS.get(row_result.import_type, "invalid"),
                values=[_display(values[position]) for position in positions],
                errors=messages,
            )
        )
        report.errors.extend(messages)
    return report


def _display(value):
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def template_workbook(kind, *, user):
    """An empty sheet with the header row, and an instructions sheet with an example per column."""
    resource = RESOURCES[kind](user=user)
    rows = []
    for roster_field in resource.fields.values():
        allowed = getattr(roster_field.widget, "allowed_values", None)
        rows.append(
            [
                roster_field.column_name,
                _("Yes") if roster_field.required else _("No"),
                str(roster_field.help_text),
                "、".join(allowed()) if allowed else "",
                roster_field.example,
            ]
        )
    return instructions_workbook(str(RosterKind(kind).label), resource.column_names(), rows)


def instructions_workbook(title, columns, rows):
    """An import's template: an empty sheet with the header row, and an instructions sheet with
    what each column takes and an example."""
    book = Book()
    book.sheet(title, headers=columns)
    instructions = book.sheet(
        _("Instructions"), headers=[_("Column"), _("Required"), _("What to enter"), _("Allowed values"), _("Example")]
    )
    for row in rows:
        instructions.row(row)
    return book.content()


def export_people(queryset, *, user):
    """The people of ``queryset`` as an .xlsx file that reads back in; personal data only where
    the user may see it. ``queryset`` should select_related branch, group and window."""
    dataset = PersonResource(user=user).export(queryset)
    book = Book()
    sheet = book.sheet(_("People"), headers=dataset.headers)
    for values in dataset:
        sheet.row(values)
    return book.content()


class RosterUploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("The file holds"), widget=forms.RadioSelect)
    file = PolicyFormField(label=gettext_lazy("Excel file (.xlsx)"), policy=SPREADSHEETS, max_bytes=MAX_UPLOAD_BYTES)

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in kinds]
        self.fields["kind"].initial = kinds[0].value

    def clean(self):
        cleaned_data = super().clean()
        upload = cleaned_data.get("file")
        kind = cleaned_data.get("kind")
        if upload is None or kind is None:
            return cleaned_data
        try:
            cleaned_data["roster"] = read_roster(upload.read(), kind)
        except ValidationError as error:
            self.add_error("file", error)
        return cleaned_data
