"""The annual report as files: a Word document laid out like an official report, an Excel workbook."""

import copy
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from branches.kernel import figures
from branches.kernel.workbook import Book
from services.records.models import PracticalDeed, ServiceRecord
from torchbearer.reports.report import BRANCH_SHEET_KEYS, branch_rows, labels, rows


def shown(value, unit=""):
    return "—" if value is None else f"{value}{unit}"


def report_title(report):
    branch = report.get("branch_name")
    return _("%(year)s brand report: results") % {"year": report["year"]} + (f" · {branch}" if branch else "")


def word_document(report, previous):
    """An A4 report: title, a table of this year's figures beside last year's, the honours."""
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(12)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(report_title(report))
    run.bold, run.font.size = True, Pt(20)
    issuer = document.add_paragraph(report["committee"])
    issuer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _figures_table(document, report, previous)
    heading = document.add_paragraph(_("Honours"))
    heading._p.style = "Heading2"
    note = document.add_paragraph(_("Figures count approved records only."))
    _bullets_before(note, report["honours"] or ["—"])
    dated = document.add_paragraph(f"{report['committee']}\n{timezone.localdate():%Y-%m-%d}")
    dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


COLUMN_WIDTHS = (Mm(90), Mm(40), Mm(40))
TEXT = qn("w:t")


def _figures_table(document, report, previous):
    """The figures, this year's beside last year's, in a "Table Grid" table.

    python-docx adds a row by looking up the table's grid and placing each cell's elements among
    their siblings, and makes each cell's run alike: costly even for the figures' 17 rows
    (docs/PERFORMANCE.md). The header and one figure row are made by python-docx; each figure's
    row is a copy of that one (lxml's deepcopy) with its three texts set. Styles are set by their
    ids ("TableGrid", "Heading2", "ListBullet" in python-docx's blank document): one looked up by
    name reads every style of the document, at every lookup.
    """
    table = document.add_table(rows=2, cols=3)
    table._tbl.tblStyle_val = "TableGrid"
    header, template = table.rows
    for row in (header, template):
        cells = row.cells
        for cell, width in zip(cells, COLUMN_WIDTHS):
            cell.width = width
        for cell in cells[1:]:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for cell, text in zip(header.cells, [_("Figure"), str(report["year"]), str(previous["year"])]):
        cell.paragraphs[0].add_run(text).bold = True
    for cell in template.cells:
        cell.paragraphs[0]._p.add_r().add_t("")
    template = template._tr
    for label, unit, value, before in rows(report, previous):
        row = copy.deepcopy(template)
        texts = [str(label), shown(value, unit), shown(before, unit)]
        for text_element, text in zip(row.iter(TEXT), texts):
            text_element.text = text
        template.addprevious(row)
    template.getparent().remove(template)


CONTROL_CHARACTERS = frozenset("\t\n\r")


def _bullets_before(paragraph, lines):
    """One "List Bullet" paragraph per line, before ``paragraph``.

    python-docx places every element it adds by looking among its siblings for each kind of
    element that must come after it, and looks a style given by name up among all the document's
    styles (here set by its id instead, as in :func:`_figures_table`): a bullet paragraph made
    by python-docx is too slow for the 300 honours of a province (docs/PERFORMANCE.md). It makes
    one bullet with an empty run; each line is a copy of it (lxml's deepcopy) with the line as
    the run's text, spaces kept. A line holding a line break or a tab has its run's text written
    by python-docx instead, which is slower but makes them Word's own elements.
    """
    template = paragraph.insert_paragraph_before()._p
    template.style = "ListBullet"
    template.add_r().add_t("").set(qn("xml:space"), "preserve")
    for line in lines:
        bullet = copy.deepcopy(template)
        text_element = next(bullet.iter(TEXT))
        if CONTROL_CHARACTERS.isdisjoint(line):
            text_element.text = line
        else:
            text_element.getparent().text = line
        template.addprevious(bullet)
    template.getparent().remove(template)


def workbook(report, previous, *, branch=None):
    """The figures on the first sheet; then, for one branch, the approved records behind them, and
    for the whole committee the figures of each branch (a province's records of a year, half a
    million rows, are for the record lists' filtered exports)."""
    book = Book()
    sheet = book.sheet(_("Figures"), widths=[40])
    sheet.title(report_title(report))
    sheet.header([_("Figure"), report["year"], previous["year"]])
    for label, unit, value, before in rows(report, previous):
        sheet.row([f"{label}{f'（{unit}）' if unit else ''}", _cell(value), _cell(before)])
    if branch is None:
        _branches_sheet(book, report["year"])
    else:
        _records_sheets(book, report["year"], branch)
    return book.content()


def _branches_sheet(book, year):
    """Every branch's figures side by side, the registry's labels as headers."""
    sheet = book.sheet(_("By branch"), widths=[24])
    sheet.header([_("Party branch"), *[figures.get(key).label for key in BRANCH_SHEET_KEYS]])
    for name, values in branch_rows(year):
        sheet.row([name, *[_cell(value) for value in values]])


def _records_sheets(book, year, branch):
    """The branch's approved records of the year, read as rows of values: a branch's year holds
    thousands, and as model instances with their people, branches and enterprises they took
    longer to make than the workbook took to write."""
    kinds = labels(ServiceRecord, "kind")
    _records_sheet(
        book,
        _("Service records"),
        ServiceRecord.objects.approved().in_year(year).filter(branch=branch),
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
        PracticalDeed.objects.approved().in_year(year).filter(branch=branch),
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
