"""The brand report as files: the Word document (``torchbearer.reports.word``) and the Excel
workbook: the results table, then the branches side by side or one branch's records."""

from django.utils.translation import gettext as _

from branches.kernel import figures
from branches.kernel.periods import Period
from branches.kernel.workbook import Book
from services.records.models import PracticalDeed, ServiceRecord
from torchbearer.reports import word
from torchbearer.reports.report import (
    BRANCH_SHEET_KEYS,
    branch_rows,
    labels,
    results_table,
    shown,
    span,
    span_label,
)

__all__ = ["shown", "word_document", "workbook"]


def word_document(brand_report):
    return word.document(brand_report)


def report_title(report):
    """The workbook's title: the year's or the span's results (and the branch)."""
    branch = report.get("branch_name")
    period = span_label(report["from"], report["to"]) if "years" in report else report["year"]
    return _("%(year)s brand report: results") % {"year": period} + (f" · {branch}" if branch else "")


def workbook(report, previous=None, *, branch=None):
    """The results table on the first sheet (a year beside the year before, or a span's total
    beside each of its years, with how the total is counted); then, for one branch, the approved
    records behind them, and for the whole committee the figures of each branch (a province's
    records of a year, half a million rows, are for the record lists' filtered exports)."""
    book = Book()
    sheet = book.sheet(_("Figures"), widths=[40])
    sheet.title(report_title(report))
    table = results_table(report, previous)
    spans = "years" in report
    sheet.header([_("Figure"), *table.headings, *([_("How the total is counted")] if spans else [])])
    for row in table.rows:
        cells = [with_unit(row), *[_cell(value) for value in row.values]]
        sheet.row(cells + ([row.note or _("the years' sum")] if spans else []))
    period = span(report["from"], report["to"]) if spans else Period.year(report["year"])
    if branch is None:
        _branches_sheet(book, period)
    else:
        _records_sheets(book, period, branch)
    return book.content()


def _branches_sheet(book, period):
    """Every branch's figures side by side, the registry's labels as headers."""
    sheet = book.sheet(_("By branch"), widths=[24])
    sheet.header([_("Party branch"), *[with_unit(figures.get(key)) for key in BRANCH_SHEET_KEYS]])
    for name, values in branch_rows(period):
        sheet.row([name, *[_cell(value) for value in values]])


def _records_sheets(book, period, branch):
    """The branch's approved records of the period, read as rows of values: a branch's year holds
    thousands, and as model instances with their people, branches and enterprises they took
    longer to make than the workbook took to write."""
    dated = {"date__range": (period.start, period.end)}
    kinds = labels(ServiceRecord, "kind")
    _records_sheet(
        book,
        _("Service records"),
        ServiceRecord.objects.approved().filter(branch=branch, **dated),
        [_("Date"), _("Staff member"), _("Party branch"), _("Kind of service"), _("Served"), _("Hours"), _("Persons sent")],
        ["date", "person__name", "branch__name", "kind", "enterprise__name", "served_name", "hours", "persons_sent"],
        lambda date, person, branch, kind, enterprise, name, hours, sent: [
            date, person, branch, kinds.get(kind, kind), name if enterprise is None else enterprise, hours, sent
        ],
    )
    done_for = labels(PracticalDeed, "beneficiary")
    _records_sheet(
        book,
        _("Practical deeds"),
        PracticalDeed.objects.approved().filter(branch=branch, **dated),
        [_("Date"), _("Staff member"), _("Party branch"), _("Done for"), _("What was done")],
        ["date", "person__name", "branch__name", "beneficiary", "description"],
        lambda date, person, branch, beneficiary, description: [date, person, branch, done_for.get(beneficiary, beneficiary), description],
    )


def _records_sheet(book, title, records, headers, columns, row):
    sheet = book.sheet(title)
    sheet.header(headers)
    for values in records.order_by("date", "pk").values_list(*columns).iterator(chunk_size=2000):
        sheet.row([_cell(value) for value in row(*values)])


def _cell(value):
    if value is None:
        return "—"
    return value


def with_unit(figure):
    """A figure's label as a column or row heading: "服务时长（小时）"."""
    return f"{figure.label}（{figure.unit}）" if figure.unit else str(figure.label)
