"""Record lists as Excel files: the filtered rows, with the list's (Chinese) column headers."""

import datetime
import io
import re
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_EXPORT_ROWS = 100_000


def sheet_title(text):
    """Excel refuses some characters in sheet names and more than 31 of them."""
    return re.sub(r"[\[\]:*?/\\]", "、", str(text))[:31]


def records_workbook(kind, records):
    """The records (a filtered queryset of ``kind``) as an .xlsx file's bytes, read in chunks."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title(kind.label_plural))
    widths = [max(8, len(str(column.label)) * 2 + 2) for column in kind.columns]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width, 40)
    sheet.append(bold_row(sheet, [column.label for column in kind.columns]))
    rows = records if kind.prefetch else records.iterator(chunk_size=2000)
    for count, record in enumerate(rows):
        if count >= MAX_EXPORT_ROWS:
            sheet.append([_("Only the first %(count)s rows were exported; filter further.") % {"count": MAX_EXPORT_ROWS}])
            break
        sheet.append([_value(column.value(record)) for column in kind.columns])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def styled(sheet, value, font):
    """A cell of a write-only sheet with its font."""
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font
    return cell


def bold_row(sheet, values):
    """A header row of a write-only sheet: the values (lazy labels made text) in bold."""
    bold = Font(bold=True)
    return [styled(sheet, value if isinstance(value, int) else str(value), bold) for value in values]


def _value(value):
    if isinstance(value, (int, float, Decimal, datetime.date)):
        return value
    return str(value)


def xlsx_response(content, file_name):
    return HttpResponse(
        content,
        content_type=XLSX_CONTENT_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{file_name}"'},
    )
