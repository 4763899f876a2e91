"""The roster in Excel: people and windows in and out, with the office's Chinese column headers.

The column headers (工号, 姓名 …) and the written forms of yes/no (是/否) are a data format shared
with the office's own spreadsheets, not UI text: they are never translated. Choices (政治面貌,
性别, 业务条线) are written with their Simplified Chinese labels whatever the user's language, so
an export always reads back in.

An import runs twice: a dry run for the preview, then the real run inside one transaction that
writes every row or none. Every row goes through the model's ``full_clean()``.
"""

from dataclasses import dataclass
from datetime import date

import tablib
from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.kernel import personal
from branches.kernel.imports import (
    ImportReport,
    RowReport,
    instructions_workbook,
    shown_value,
)
from branches.kernel.rosters import (
    NO,
    ROW_STATUS,
    ChoiceWidget,
    DateCellWidget,
    LookupWidget,
    RosterField,
    RosterResource,
    YesNoWidget,
)
from branches.kernel.scope import scope_for
from branches.kernel.uploads import SPREADSHEETS, PolicyFormField
from branches.kernel.workbook import Book, cell_value, check_columns, read_rows
from branches.organisation.models import Branch, PartyGroup, Window
from branches.organisation.resources import WindowResource
from branches.people.models import Gender, Person, PoliticalStatus

BRANCH_NUMBER_COLUMN = "支部编号"

# The upload is kept in the session between the preview and the confirmation. Every row goes
# through full_clean() twice (preview, then import), which is costly per row: hence the row limit
# (docs/PERFORMANCE.md).
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


class GroupWidget(LookupWidget):
    """A party group by its name within the branch named on the same row."""

    def __init__(self, queryset, message):
        super().__init__(queryset.select_related("branch"), "name", message)

    def key_of(self, group):
        return (str(group.branch.number), group.name)

    def key_in_row(self, value, row):
        return (str(row.get(BRANCH_NUMBER_COLUMN)), str(value))

    def message_params(self, value, row):
        return {"value": value, "branch": row.get(BRANCH_NUMBER_COLUMN)}


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
                values=[shown_value(values[position]) for position in positions],
                errors=messages,
            )
        )
        report.errors.extend(messages)
    return report


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
            cleaned_data["parsed"] = read_roster(upload.read(), kind)
        except ValidationError as error:
            self.add_error("file", error)
        cleaned_data["details"] = {"kind": kind}
        return cleaned_data
