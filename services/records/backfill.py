"""Back-fill from Excel: the office's 2019–2021 sheets of service records, practical deeds, themed
party days and patrols, imported by a branch's managers (or the committee office) as approved
records. (Over 400 lines: the file's columns, the checks of its rows and their writing are one
pipeline, read top to bottom; each part alone would only import the others.)

It runs on the one import pipeline (``branches.kernel.imports``): a template per kind, the upload,
a preview with every wrong row and column, and on confirmation every row or none, in one
transaction. The column headers (工号, 姓名, 日期 …) and the written forms of the choices (上门服务,
为群众, 是/否) are a data format shared with the office's sheets, never translated.

Every row is checked by the rules of the log forms, not by rules of its own: the cells become the
data of the kind's own form (``services.records.forms``: bounded dates, choices, lengths, the
credit code, the model's ``full_clean()``, the participants and zones a person may name), whose
errors are reported under the column they came from; who may log for whom (``actions.may_log_for``),
who may approve (``actions.may_review``) and the hours of a day (``actions.check_hours_of_day``)
are asked of the review workflow. What only a file adds is checked here: a row that repeats a
record already in the app or an earlier row of the file.

Imported records are approved by the importer. Their person is never the importer: the
workflow's rule that a reviewer is never one of a record's authors refuses those rows (another
manager of the branch or the committee office imports them). They are logged by nobody in the app
(``submitted_by`` is empty: the import only copies the office's sheet), and each one's history
names the import and the importer.

They are written in batches (a few thousand rows in seconds) rather than one save at a time, so
the keepers that a save would fire (``torchbearer.caches``: the tallies and the members' last
active dates) are called here, once, for the cells and people the file touches.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from branches.kernel.imports import (
    ImportReport,
    RowReport,
    instructions_workbook,
    row_message,
    shown_value,
)
from branches.kernel.rosters import NO, ChoiceWidget, DateCellWidget, YesNoWidget
from branches.kernel.scope import scope_for
from branches.kernel.uploads import SPREADSHEETS, PolicyFormField
from branches.kernel.validators import credit_code_check_character
from branches.kernel.workbook import cell_value, check_columns, read_rows
from branches.organisation.models import ResponsibilityZone
from branches.people.models import Person
from services.enterprises.actions import enterprise_for
from services.records import actions, activity_dates, tallies
from services.records.kinds import KINDS, LONGEST_CELL
from services.records.models import (
    ActivityKind,
    Beneficiary,
    ReviewStatus,
    ServiceActivity,
    ServiceKind,
    ServiceReason,
    ServiceRecord,
)

# The file waits in the session between the preview and the confirmation; each row goes through
# its kind's form twice (preview, then import): 1 to 4 ms a row and pass, the forms' own queries
# (a patrol's zone, a themed day's participants) the most of it (docs/PERFORMANCE.md).
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 3000
BATCH = 500
LONGEST_ECHO = 30  # a cell's value quoted in a message

STAFF_NUMBER = "工号"
NAME = "姓名"
DATE = "日期"
PARTICIPANT_SEPARATORS = re.compile(r"[、,，;；\s]+")
_EXAMPLE_CODE_BODY = "91330212MA2H3N7K4"
EXAMPLE_CREDIT_CODE = _EXAMPLE_CODE_BODY + credit_code_check_character(_EXAMPLE_CODE_BODY)


def may_backfill(user):
    """A branch's managers for their branch, the committee administrator for every branch."""
    return scope_for(user).is_manager


# -- The columns of each kind -------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """What a cell may need to be read: the row's person and their responsibility zones."""

    person: object
    zones: dict  # (member id, zone name) -> [zone ids]


def text(value, row):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return shown_value(value)
    return str(value)


def day(value, row):
    return DateCellWidget().clean(value).isoformat()


def choice(choices):
    """A choice by its Simplified Chinese label or stored value (every one shorter than a quoted
    cell, so that the message quoting a wrong one quotes it shortened)."""
    widget = ChoiceWidget(choices)
    return lambda value, row: widget.clean(echo(value))


def yes_or_no(value, row):
    return YesNoWidget().clean(value)


def staff_numbers(value, row):
    """Staff numbers (each shorter than a quoted cell: the form's message quotes a refused one)."""
    return [echo(number) for number in PARTICIPANT_SEPARATORS.split(str(value)) if number]


def zone_of_the_person(value, row):
    """The zone of the row's person by its name; the form then checks it is theirs to patrol."""
    name = str(value)
    found = row.zones.get((row.person.pk, name), [])
    if len(found) == 1:
        return found[0]
    if found:
        raise ValueError(_("%(person)s has several responsibility zones named “%(zone)s”.") % {"person": row.person.name, "zone": echo(name)})
    raise ValueError(_("%(person)s has no responsibility zone named “%(zone)s”.") % {"person": row.person.name, "zone": echo(name)})


def only_the_person(row):
    return [row.person.staff_number]


def model_default(model, name):
    """An empty cell of a field with a default (persons sent: 1) means the model's default."""
    default = model._meta.get_field(name).get_default()
    return lambda row: default


@dataclass(frozen=True)
class Column:
    """One column of a kind's sheet: the form field it fills and what the template says of it."""

    header: str
    field: str  # the form field it fills; "" for the person's columns
    help_text: object
    example: object = ""
    required: bool = False
    read: object = text  # (cell value, Row) -> form data; ValueError with the message when unreadable
    blank: object = None  # Row -> form data of an empty cell; None leaves the field empty
    allowed: tuple = ()

    def allowed_values(self):
        return "、".join(self.allowed)


def choice_column(header, field, choices, help_text, example, *, required=True):
    return Column(header, field, help_text, example, required, read=choice(choices),
                  allowed=tuple(ChoiceWidget(choices).allowed_values()))


PERSON_COLUMNS = [
    Column(STAFF_NUMBER, "", gettext_lazy("Staff number of the person whose record it is; a member of a branch you manage."), "S00123", True),
    Column(NAME, "", gettext_lazy("The person's name, as a check of the staff number."), "张三", True),
    Column(DATE, "date", gettext_lazy("A date cell, or text such as 2020-05-12; not in the future."), datetime.date(2020, 5, 12), True, read=day),
]
ENTERPRISE_COLUMNS = [
    Column("统一社会信用代码", "enterprise_code", gettext_lazy("The enterprise's 18-character unified social credit code, typed as text."), EXAMPLE_CREDIT_CODE),
    Column("企业名称", "enterprise_name", gettext_lazy("The enterprise's name; needed only for an enterprise new to the app."), "宁波某某科技有限公司"),
]

COLUMNS = {
    "service": [
        *PERSON_COLUMNS,
        choice_column("服务类型", "kind", ServiceKind, gettext_lazy("The kind of service."), "上门服务"),
        Column("时长（小时）", "hours", gettext_lazy("Hours spent, 0.5 to 16."), 2, True),
        Column("派出人次", "persons_sent", gettext_lazy("How many staff went; empty means 1."), 1,
               blank=model_default(ServiceRecord, "persons_sent")),
        *ENTERPRISE_COLUMNS,
        Column("服务对象", "served_name", gettext_lazy("Who was served, when it was not an enterprise."), "张大爷"),
        choice_column("事由", "reason", ServiceReason, gettext_lazy("Only when one of the 三特 applies; otherwise empty."),
                      "", required=False),
        Column("服务内容", "description", gettext_lazy("What was done."), "上门帮助办理营业执照变更"),
        Column("备注", "notes", gettext_lazy("Notes."), ""),
    ],
    "deed": [
        *PERSON_COLUMNS,
        choice_column("办实事对象", "beneficiary", Beneficiary, gettext_lazy("For the masses or for an enterprise."), "为企业"),
        Column("受益人", "beneficiary_name", gettext_lazy("The person or group helped, when it was not an enterprise."), ""),
        *ENTERPRISE_COLUMNS,
        Column("实事内容", "description", gettext_lazy("What was done."), "协助企业申报技改补助", True),
        Column("成效", "result", gettext_lazy("The result."), "获补助20万元"),
    ],
    "activity": [
        *PERSON_COLUMNS,
        choice_column("活动类型", "kind", ActivityKind, gettext_lazy("The kind of themed party day."), "政入社区"),
        Column("活动主题", "title", gettext_lazy("The title of the day."), "政务服务进社区", True),
        Column("地点", "place", gettext_lazy("Where it took place."), "锦屏街道", True),
        Column("参加人员工号", "participants",
               gettext_lazy("Staff numbers of the participants of the same branch, separated by 、 or commas; empty means the person of the row alone."),
               "S00123、S00124", read=staff_numbers, blank=only_the_person),
        Column("服务群众人数", "people_reached", gettext_lazy("People reached; empty means 0."), 40,
               blank=model_default(ServiceActivity, "people_reached")),
        Column("服务企业数", "enterprises_reached", gettext_lazy("Enterprises reached; empty means 0."), 0,
               blank=model_default(ServiceActivity, "enterprises_reached")),
        Column("活动内容", "description", gettext_lazy("What was done."), "现场解答社保、医保办理问题"),
    ],
    "patrol": [
        *PERSON_COLUMNS,
        Column("责任区", "zone", gettext_lazy("The name of the person's responsibility zone."), "商事登记责任区", True, read=zone_of_the_person),
        Column("发现问题", "found_problem", gettext_lazy("Whether the patrol found a problem; empty means no."), NO,
               read=yes_or_no, allowed=tuple(YesNoWidget().allowed_values())),
        Column("巡查情况", "findings", gettext_lazy("What was seen; 正常 when all was well."), "正常", True),
    ],
}

# What makes a row the same record as another: its person, date and these (paths of the record).
SAME_RECORD = {
    "service": ("kind", "enterprise__credit_code", "served_name"),
    "deed": ("beneficiary", "enterprise__credit_code", "beneficiary_name", "description"),
    "activity": ("kind", "title"),
    "patrol": ("zone",),
}


def headers(kind):
    return [column.header for column in COLUMNS[kind]]


def echo(value):
    """A cell's value quoted in a message: a 10,000-character cell is not repeated whole."""
    return Truncator(str(value)).chars(LONGEST_ECHO)


# -- Reading ------------------------------------------------------------------------------------


@dataclass
class BackfillSheet:
    """An uploaded sheet: its kind, its file's name and bytes, and its non-empty rows with their
    Excel row numbers."""

    kind: str
    file_name: str
    data: bytes
    rows: list  # [(number, {header: value})]


def read_sheet(data, details):
    """Read the first sheet of an .xlsx file; ValidationError with a message for the user."""
    kind = details["kind"]
    rows = read_rows(data)
    if not rows:
        raise ValidationError(_("The sheet is empty."), code="empty")
    found = [None if value is None else str(value) for value in map(cell_value, rows[0])]
    check_columns(found, headers(kind))
    positions = {header: found.index(header) for header in headers(kind)}
    parsed = []
    for number, values in enumerate(rows[1:], start=2):
        values = [cell_value(value) for value in values]
        row = {header: values[index] if index < len(values) else None for header, index in positions.items()}
        if all(value is None for value in row.values()):
            continue
        parsed.append((number, row))
        if len(parsed) > MAX_ROWS:
            message = _("The sheet has more than %(limit)s rows; split it into smaller files.")
            raise ValidationError(message % {"limit": MAX_ROWS}, code="too_many_rows")
    if not parsed:
        raise ValidationError(_("The sheet has no rows below the header row."), code="no_rows")
    return BackfillSheet(kind=kind, file_name=details.get("file_name", ""), data=data, rows=parsed)


# -- Checking -------------------------------------------------------------------------------------


@dataclass
class Checked:
    """A row that passed its form: the record to write and its participants (a themed day's)."""

    line: RowReport
    record: object
    participants: list


def check(sheet, *, by, lock=False):
    """Every row checked: the report (each row new, or its errors) and the rows to write.

    With ``lock``, for the import, the people of the file are locked before anything is read, so
    that the day's hours and the duplicates are counted after any other import of theirs.
    """
    kind = KINDS[sheet.kind]
    columns = COLUMNS[sheet.kind]
    report = ImportReport(kind=sheet.kind, columns=headers(sheet.kind))
    people = _people(sheet, lock=lock)
    zones = _zones(people.values()) if sheet.kind == "patrol" else {}
    checked = []
    for number, cells in sheet.rows:
        line = RowReport(number=number, status="new", values=[_shown(cells[column.header]) for column in columns], errors=[])
        report.rows.append(line)
        row = _checked_row(kind, columns, cells, line, by=by, people=people, zones=zones)
        if row is not None:
            checked.append(row)
    _refuse_duplicates(sheet.kind, [row for row in checked if not row.line.errors])
    if kind.model is ServiceRecord:
        _refuse_too_many_hours([row for row in checked if not row.line.errors])
    for line in report.rows:
        if line.errors:
            line.status = "invalid"
            report.errors.extend(line.errors)
    return report, [row for row in checked if not row.line.errors]


def _shown(value):
    shown = shown_value(value)
    return shown if len(shown) <= LONGEST_CELL else Truncator(shown).chars(LONGEST_CELL)


def _people(sheet, *, lock):
    """The people the file names by staff number, of any branch (who may be named is asked of
    the workflow, row by row); locked, in the order of their ids, for the import."""
    numbers = sorted({str(cells[STAFF_NUMBER]) for _number, cells in sheet.rows if cells[STAFF_NUMBER] is not None})
    people = {}
    for start in range(0, len(numbers), BATCH):
        found = Person.objects.filter(staff_number__in=numbers[start:start + BATCH]).order_by("pk")
        if lock:
            found = found.select_for_update(of=("self",))
        people.update((person.staff_number, person) for person in found)
    return people


def _zones(people):
    zones = defaultdict(list)
    ids = sorted(person.pk for person in people)
    for start in range(0, len(ids), BATCH):
        for pk, member_id, name in ResponsibilityZone.objects.filter(member__in=ids[start:start + BATCH]).values_list("pk", "member_id", "name"):
            zones[(member_id, name)].append(pk)
    return zones


def _error(line, header, message):
    line.errors.append(row_message(line.number, header, message))


def _checked_row(kind, columns, cells, line, *, by, people, zones):
    """One row through the workflow's rules and its kind's form; None when it cannot be built."""
    person = _person(cells, line, by=by, people=people)
    if person is None:
        return None
    row = Row(person=person, zones=zones)
    data, unread = {}, set()
    for column in columns:
        if not column.field:
            continue
        value = cells[column.header]
        try:
            read = column.read(value, row) if value is not None else (column.blank(row) if column.blank else None)
        except ValueError as error:
            _error(line, column.header, str(error))
            unread.add(column.field)
            continue
        if read is not None:
            data[column.field] = read
    record = kind.model(person=person)
    # The model's check constraints are left to the database, as actions.submit leaves them: the
    # fields' validators and clean() say the same in the user's words, and each constraint checked
    # is a query, two thirds of a row's time.
    record.full_clean = partial(kind.model.full_clean, record, validate_constraints=False)
    form = kind.form_class(data, instance=record, person=person)
    if "participants" in form.fields:
        # The participants are named by staff number; the form's own choices (its branch's people
        # in post) decide who may be one, and its message then names the staff number refused.
        # Unordered: the order is for the form's checkboxes, and sorting took half a row's time.
        participants = form.fields["participants"]
        participants.to_field_name = "staff_number"
        participants.queryset = participants.queryset.order_by()
    if not form.is_valid():
        header_of = {column.field: column.header for column in columns}
        for field, messages in form.errors.items():
            if field in unread:
                continue  # the cell's own message says it
            for message in messages:
                _error(line, header_of.get(field) if field != NON_FIELD_ERRORS else None, message)
        return None
    record = form.instance
    record.branch_id = person.branch_id
    record.submitted_by = None
    if not actions.may_review(by, record):
        _error(line, STAFF_NUMBER, _(
            "This is your own record, and a reviewer is never a record's author: another manager of "
            "the branch or the committee office imports it."
        ))
        return None
    if line.errors:
        return None
    return Checked(line=line, record=record, participants=list(form.cleaned_data.get("participants") or []))


def _person(cells, line, *, by, people):
    """The row's person: a staff number of the people the user may log for, with their name."""
    number, name = cells[STAFF_NUMBER], cells[NAME]
    if number is None:
        _error(line, STAFF_NUMBER, _("This column is required."))
        return None
    person = people.get(str(number))
    if person is None or not actions.may_log_for(by, person):
        _error(line, STAFF_NUMBER, _("No one with the staff number “%(number)s” is in a branch you manage.") % {"number": echo(number)})
        return None
    if name is None:
        _error(line, NAME, _("This column is required."))
        return None
    if str(name) != person.name:
        _error(line, NAME, _("Staff number %(number)s is %(name)s, not “%(given)s”.") % {
            "number": person.staff_number, "name": person.name, "given": echo(name),
        })
        return None
    return person


def _same_record(record, paths):
    values = [record.person_id, record.date]
    for path in paths:
        if path == "enterprise__credit_code":
            values.append(record.enterprise.credit_code if record.enterprise is not None else None)
        elif path == "zone":
            values.append(record.zone_id)
        else:
            values.append(getattr(record, path))
    return tuple(values)


def _refuse_duplicates(slug, rows):
    """A row that repeats a record in the app (of any status) or an earlier row is an error, not
    skipped: two visits to one enterprise on one day may both be real, and the importer decides
    (remove the row, or tell the two apart) rather than have the import guess."""
    if not rows:
        return
    model, paths = KINDS[slug].model, SAME_RECORD[slug]
    person_ids = sorted({row.record.person_id for row in rows})
    dates = [row.record.date for row in rows]
    existing = set()
    for start in range(0, len(person_ids), BATCH):
        recorded = model.objects.filter(person__in=person_ids[start:start + BATCH], date__gte=min(dates), date__lte=max(dates))
        existing.update(recorded.values_list("person", "date", *paths).order_by())
    seen = {}
    label = KINDS[slug].label
    for row in rows:
        key = _same_record(row.record, paths)
        if key in existing:
            _error(row.line, None, _(
                "The same %(kind)s of %(name)s on %(date)s is already recorded in the app; remove this row."
            ) % {"kind": label, "name": row.record.person.name, "date": row.record.date.isoformat()})
        elif key in seen:
            _error(row.line, None, _("The same %(kind)s is already on row %(row)s.") % {"kind": label, "row": seen[key]})
        else:
            seen[key] = row.line.number


def _refuse_too_many_hours(rows):
    """The workflow's ceiling of a person's service hours in a day (``actions.check_hours_of_day``),
    counting the records in the app (waiting or approved, as when logging) and the file's earlier
    rows: two queries for the whole file rather than two a row."""
    if not rows:
        return
    person_ids = sorted({row.record.person_id for row in rows})
    dates = [row.record.date for row in rows]
    recorded = defaultdict(Decimal)
    for start in range(0, len(person_ids), BATCH):
        sums = (
            ServiceRecord.objects.filter(
                person__in=person_ids[start:start + BATCH], date__gte=min(dates), date__lte=max(dates), status__in=actions.LOGGED
            )
            .values("person", "date")
            .annotate(hours=Sum("hours"))
            .order_by()
        )
        recorded.update(((item["person"], item["date"]), item["hours"]) for item in sums)
    header_of = {column.field: column.header for column in COLUMNS["service"]}
    for row in rows:
        key = (row.record.person_id, row.record.date)
        try:
            actions.check_hours_of_day(row.record, recorded[key])
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    _error(row.line, header_of.get(field), message)
        else:
            recorded[key] += Decimal(row.record.hours)


def preview(sheet, *, by):
    """A dry run: what the import would do, row by row; nothing is written."""
    return check(sheet, by=by)[0]


# -- Writing --------------------------------------------------------------------------------------


def apply(sheet, *, by):
    """Import every row, approved by ``by``, or, if any row is refused, none.

    The rows are checked again inside the transaction (the data may have changed since the
    preview), then written in batches with their history; the tallies and the members' last
    active dates are brought up to date for the cells and people the file touched.
    """
    if not may_backfill(by):
        raise PermissionDenied
    with transaction.atomic():
        report, rows = check(sheet, by=by, lock=True)
        if not report.is_valid:
            return report
        try:
            with transaction.atomic():
                _write(sheet, rows, by=by)
        except IntegrityError:
            report.errors.append(_("Another import wrote some of these records meanwhile; nothing was imported."))
    return report


def _write(sheet, rows, *, by):
    kind = KINDS[sheet.kind]
    now = timezone.now()
    comment, reason = _import_texts(sheet.file_name, by)
    enterprises = {}
    records = []
    for row in rows:
        record = row.record
        enterprise = getattr(record, "enterprise", None) if hasattr(record, "enterprise_id") else None
        if enterprise is not None and enterprise.pk is None:  # new here: saved once for the file
            if enterprise.credit_code not in enterprises:
                enterprises[enterprise.credit_code] = enterprise_for(enterprise.credit_code, enterprise.name)
            record.enterprise = enterprises[enterprise.credit_code]
        record.status = ReviewStatus.APPROVED
        record.submitted_at = now
        record.reviewed_by = by
        record.reviewed_at = now
        record.review_comment = comment
        records.append(record)
    bulk_create_with_history(records, kind.model, batch_size=BATCH, default_user=by, default_change_reason=reason)
    people = {record.person_id for record in records}
    if kind.model is ServiceActivity:
        through = ServiceActivity.participants.through
        links = [through(serviceactivity_id=row.record.pk, person_id=person.pk) for row in rows for person in row.participants]
        through.objects.bulk_create(links, batch_size=BATCH)
        people.update(link.person_id for link in links)
    tallies.refresh(tallies.counted(record) for record in records)
    activity_dates.refresh(people)


def _import_texts(file_name, by):
    """The review comment and the history's reason of every imported record, in the office's
    language (the history keeps at most 100 characters of a reason)."""
    person = scope_for(by).person
    who = person.name if person is not None else by.get_username()
    with translation.override(settings.LANGUAGE_CODE):
        comment = _("Imported from Excel: %(file)s") % {"file": file_name}
        reason = _("Imported from Excel: %(file)s, by %(user)s") % {"file": Truncator(file_name).chars(40), "user": who}
    return comment, Truncator(reason).chars(100)


# -- The template and the upload form ----------------------------------------------------------------


def template_workbook(slug):
    """An empty sheet with the header row, and an instructions sheet: each column, whether it is
    required, what it takes, its allowed values and an example."""
    rows = [
        [column.header, _("Yes") if column.required else _("No"), str(column.help_text), column.allowed_values(), column.example]
        for column in COLUMNS[slug]
    ]
    return instructions_workbook(str(KINDS[slug].label_plural), headers(slug), rows)


class BackfillUploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("The file holds"), widget=forms.RadioSelect)
    file = PolicyFormField(label=gettext_lazy("Excel file (.xlsx)"), policy=SPREADSHEETS, max_bytes=MAX_UPLOAD_BYTES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(slug, kind.label_plural) for slug, kind in KINDS.items()]

    def clean(self):
        cleaned_data = super().clean()
        upload, kind = cleaned_data.get("file"), cleaned_data.get("kind")
        if upload is None or kind is None:
            return cleaned_data
        details = {"kind": kind, "file_name": Truncator(upload.name).chars(60)}
        try:
            cleaned_data["parsed"] = read_sheet(upload.read(), details)
        except ValidationError as error:
            self.add_error("file", error)
        cleaned_data["details"] = details
        return cleaned_data
