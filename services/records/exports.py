"""Record lists as Excel files: the filtered rows, with the list's (Chinese) column headers."""

from django.utils.translation import gettext as _

from branches.kernel.workbook import Book

MAX_EXPORT_ROWS = 100_000


def records_workbook(kind, records):
    """The records (a filtered queryset of ``kind``) as an .xlsx file's bytes, read in chunks."""
    book = Book()
    widths = [min(max(8, len(str(column.label)) * 2 + 2), 40) for column in kind.columns]
    sheet = book.sheet(kind.label_plural, widths=widths)
    sheet.header([column.label for column in kind.columns])
    rows = records if kind.prefetch else records.iterator(chunk_size=2000)
    for count, record in enumerate(rows):
        if count >= MAX_EXPORT_ROWS:
            sheet.row([_("Only the first %(count)s rows were exported; filter further.") % {"count": MAX_EXPORT_ROWS}])
            break
        sheet.row([column.value(record) for column in kind.columns])
    return book.content()
