"""Satisfaction tallies from Excel: the template, the reader, the preview and the all-or-none import.

The column headers (月份, 窗口编号, 渠道, 好评, 中评, 差评) and the channel names (移动端, PC端,
自助端, 大厅) are the data format of the office's evaluation spreadsheets, not UI text: they are
never translated. A row with an empty 窗口编号 is a tally of the hall as a whole.

A row is identified by its month, window and channel: a known one updates that tally. The file is
checked twice, for the preview and again inside the import's transaction, which writes every
row or none.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from branches.kernel.imports import (
    ImportReport,
    RowReport,
    instructions_workbook,
    row_message,
)
from branches.kernel.uploads import SPREADSHEETS, PolicyFormField
from branches.kernel.workbook import cell_value, check_columns, read_rows
from branches.organisation.models import Window
from services.satisfaction import sums as tallies
from services.satisfaction.models import Channel, SatisfactionTally

MONTH = "月份"
WINDOW = "窗口编号"
CHANNEL = "渠道"
POSITIVE = "好评"
NEUTRAL = "中评"
NEGATIVE = "差评"
COLUMNS = [MONTH, WINDOW, CHANNEL, POSITIVE, NEUTRAL, NEGATIVE]
COUNT_COLUMNS = {POSITIVE: "positive", NEUTRAL: "neutral", NEGATIVE: "negative"}
COLUMN_OF_FIELD = {"month": MONTH, "window": WINDOW, "channel": CHANNEL, **{v: k for k, v in COUNT_COLUMNS.items()}}

CHANNEL_NAMES = {
    "移动端": Channel.MOBILE,
    "PC端": Channel.PC,
    "自助端": Channel.SELF_SERVICE,
    "大厅": Channel.HALL,
}
CHANNEL_LABELS = {value: name for name, value in CHANNEL_NAMES.items()}

# A year of a large hall: some 400 windows × 4 channels × 12 months.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MONTH_FORMATS = ("%Y-%m", "%Y/%m", "%Y.%m", "%Y年%m月", "%Y%m", "%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日")


@dataclass
class TallySheet:
    """An uploaded sheet: its bytes and its non-empty rows with their Excel row numbers."""

    data: bytes
    rows: list  # [(number, {column: value})]


def read_tallies(data):
    """Read the first sheet of an .xlsx file; raise ValidationError with a message for the user."""
    rows = read_rows(data)
    if not rows:
        raise ValidationError(_("The sheet is empty."), code="empty")
    headers = [None if value is None else str(value) for value in map(cell_value, rows[0])]
    check_columns(headers, COLUMNS)
    positions = {column: headers.index(column) for column in COLUMNS}
    parsed = []
    for number, values in enumerate(rows[1:], start=2):
        values = [cell_value(value) for value in values]
        row = {column: values[index] if index < len(values) else None for column, index in positions.items()}
        if all(value is None for value in row.values()):
            continue
        parsed.append((number, row))
    if not parsed:
        raise ValidationError(_("The sheet has no rows below the header row."), code="no_rows")
    if len(parsed) > MAX_ROWS:
        message = _("The sheet has more than %(limit)s rows; split it into smaller files.")
        raise ValidationError(message % {"limit": MAX_ROWS}, code="too_many_rows")
    return TallySheet(data=data, rows=parsed)


def parse_month(value):
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.replace(day=1)
    for month_format in MONTH_FORMATS:
        try:
            return datetime.datetime.strptime(str(value), month_format).date().replace(day=1)
        except ValueError:
            continue
    raise ValueError(_("Write the month as 2021-01."))


def parse_count(value):
    if value is None:
        return 0
    if isinstance(value, bool):
        raise ValueError(_("Enter a whole number of 0 or more."))
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValueError(_("Enter a whole number of 0 or more.")) from None
    if number < 0:
        raise ValueError(_("Enter a whole number of 0 or more."))
    return number


def parse_channel(value):
    text = str(value).strip()
    for name, channel in CHANNEL_NAMES.items():
        if text.upper() in (name.upper(), channel.value.upper()):
            return channel.value
    raise ValueError(
        _("“%(value)s” is not one of: %(choices)s.") % {"value": text, "choices": "、".join(CHANNEL_NAMES)}
    )


def check_tallies(sheet, *, lock=False):
    """Every row checked: what it would do (new, update, unchanged) or what is wrong with it; and
    the tallies to write, by row number. The file's existing tallies are read at once (and
    locked, for the import)."""
    report = ImportReport(kind="satisfaction", columns=list(COLUMNS))
    windows = {window.code: window for window in Window.objects.only("pk", "code", "name")}
    this_month = timezone.localdate().replace(day=1)
    parsed = []
    for number, row in sheet.rows:
        line = RowReport(number=number, status="invalid", values=[_display(row[column]) for column in COLUMNS], errors=[])
        values, errors = _parse_row(row, windows, this_month)
        line.errors = [row_message(number, column, text) for column, text in errors]
        parsed.append((line, values))
        report.rows.append(line)
    existing_tallies = SatisfactionTally.objects.filter(month__in={values["month"] for _line, values in parsed if "month" in values})
    if lock:
        existing_tallies = existing_tallies.order_by().select_for_update(of=("self",))
    existing = {(tally.month, tally.window_id, tally.channel): tally for tally in existing_tallies}
    seen, to_write = {}, {}
    for line, values in parsed:
        if line.errors:
            continue
        key = (values["month"], values["window"].pk if values["window"] else None, values["channel"])
        if key in seen:
            text = _("This month, window and channel are already on row %(row)s.") % {"row": seen[key]}
            line.errors.append(row_message(line.number, None, text))
            continue
        seen[key] = line.number
        tally = _tally_for(line, values, existing.get(key))
        if tally is not None:
            to_write[line.number] = tally
    for line in report.rows:
        if line.errors:
            line.status = "invalid"
            report.errors.extend(line.errors)
    return report, to_write


def _parse_row(row, windows, this_month):
    """A row's values by field, and its errors as (column, text) pairs."""
    values, errors = {}, []
    if row[MONTH] is None:
        errors.append((MONTH, _("This column is required.")))
    else:
        try:
            values["month"] = parse_month(row[MONTH])
        except ValueError as error:
            errors.append((MONTH, str(error)))
        else:
            if values["month"] > this_month:
                errors.append((MONTH, _("The month cannot be in the future.")))
    code = row[WINDOW]
    if code is None:
        values["window"] = None
    elif str(code).upper() in windows:
        values["window"] = windows[str(code).upper()]
    else:
        errors.append((WINDOW, _("There is no window with the code %(value)s.") % {"value": code}))
    if row[CHANNEL] is None:
        errors.append((CHANNEL, _("This column is required.")))
    else:
        try:
            values["channel"] = parse_channel(row[CHANNEL])
        except ValueError as error:
            errors.append((CHANNEL, str(error)))
    for column, name in COUNT_COLUMNS.items():
        try:
            values[name] = parse_count(row[column])
        except ValueError as error:
            errors.append((column, str(error)))
    return values, errors


def _tally_for(line, values, tally):
    """The tally the row writes (``tally``, the one recorded, changed; or a new one) and the row's
    status; None, with the row's errors, when the model refuses it."""
    counts = {name: values[name] for name in COUNT_COLUMNS.values()}
    if tally is None:
        tally = SatisfactionTally(month=values["month"], window=values["window"], channel=values["channel"])
        line.status = "new"
    elif all(getattr(tally, name) == count for name, count in counts.items()):
        line.status = "unchanged"
    else:
        line.status = "update"
    for name, count in counts.items():
        setattr(tally, name, count)
    try:
        tally.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        line.status = "invalid"
        for name, texts in error.message_dict.items():
            column = None if name == NON_FIELD_ERRORS else COLUMN_OF_FIELD.get(name)
            line.errors.extend(row_message(line.number, column, text) for text in texts)
        return None
    return tally


def preview_tallies(sheet):
    """A dry run: what the import would do, row by row; nothing is written."""
    return check_tallies(sheet)[0]


def apply_tallies(sheet, *, by):
    """Import every row or, if any row is invalid, none; the audit history names ``by``."""
    with transaction.atomic():
        report, to_write = check_tallies(sheet, lock=True)
        if not report.is_valid:
            return report
        new = [to_write[row.number] for row in report.rows if row.status == "new"]
        changed = [to_write[row.number] for row in report.rows if row.status == "update"]
        try:
            with transaction.atomic():
                bulk_create_with_history(new, SatisfactionTally, batch_size=500, default_user=by)
                bulk_update_with_history(
                    changed, SatisfactionTally, ["positive", "neutral", "negative"], batch_size=500, default_user=by
                )
                tallies.refresh_satisfaction({(tally.month, tally.window_id) for tally in [*new, *changed]})
        except IntegrityError:
            report.errors.append(_("Another import wrote some of these tallies meanwhile; nothing was imported."))
    return report


def _display(value):
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m")
    return "" if value is None else str(value)


INSTRUCTIONS = [
    (MONTH, True, gettext_lazy("The month: a date cell or text such as 2021-01."), "", "2021-01"),
    (WINDOW, False, gettext_lazy("Code of the window; leave it empty for the hall as a whole."), "", "A-01"),
    (CHANNEL, True, gettext_lazy("The channel the evaluations came through."), "、".join(CHANNEL_NAMES), "移动端"),
    (POSITIVE, False, gettext_lazy("Number of positive evaluations; empty means 0."), "", 1200),
    (NEUTRAL, False, gettext_lazy("Number of neutral evaluations; empty means 0."), "", 3),
    (NEGATIVE, False, gettext_lazy("Number of negative evaluations; empty means 0."), "", 1),
]


def template_workbook():
    """An empty sheet with the header row, and an instructions sheet with an example per column."""
    rows = [
        [column, _("Yes") if required else _("No"), str(help_text), allowed, example]
        for column, required, help_text, allowed, example in INSTRUCTIONS
    ]
    return instructions_workbook(_("Satisfaction"), COLUMNS, rows)


class TallyUploadForm(forms.Form):
    file = PolicyFormField(label=gettext_lazy("Excel file (.xlsx)"), policy=SPREADSHEETS, max_bytes=MAX_UPLOAD_BYTES)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.cleaned_data["parsed"] = read_tallies(upload.read())
        self.cleaned_data["details"] = {}
        return upload
