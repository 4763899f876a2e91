"""The brand report as a Word file the office edits: real headings (一、品牌介绍, 二、主要做法,
三、创建成效), paragraphs, one results table, the logo and a few photos, small.

The document follows :class:`torchbearer.reports.brand_report.BrandReport`, as the page does.
Styles are set by their ids ("Heading1", "TableGrid", "ListBullet" in python-docx's blank
document): a style looked up by name reads every style of the document, at every lookup
(docs/PERFORMANCE.md); table rows and bullets are copies of one made by python-docx, for the same
reason.
"""

import copy
import io
import re

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from PIL import Image

from torchbearer.reports.report import shown

TEXT = qn("w:t")
CONTROL_CHARACTERS = frozenset("\t\n\r")
#: What XML 1.0 (so a .docx) cannot hold: control characters other than tab and line breaks.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
PHOTOS_IN_WORD = 4
LOGO_WIDTH, PHOTO_WIDTH = Mm(30), Mm(75)
PICTURE_PIXELS = 480  # the longest side of a picture embedded: small, and sharp enough in print
TEXT_WIDTH = 170  # mm: A4 less 20 mm margins


def document(brand_report):
    """The report as a .docx file's bytes."""
    word = Document()
    section = word.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(20)
    style = word.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(12)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "SimSun")
    title = word.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(text(brand_report.title + (f" · {brand_report.branch_name}" if brand_report.branch_name else "")))
    run.bold, run.font.size = True, Pt(20)
    issuer = word.add_paragraph(text(brand_report.committee))
    issuer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if brand_report.branch_name:
        word.add_paragraph(text(branch_note(brand_report.branch_name)))
    _the_brand(word, brand_report.brand)
    _practices(word, brand_report)
    _results(word, brand_report)
    output = io.BytesIO()
    word.save(output)
    return output.getvalue()


def branch_note(branch_name):
    return _(
        "The report of %(branch)s: its own figures and examples; figures held for the whole office only are marked so."
    ) % {"branch": branch_name}


def text(value):
    """Every text the document holds goes through here: a character XML cannot hold (a record's
    description may carry one, typed or pasted) becomes "�" rather than
    breaking the whole file."""
    return NOT_IN_XML.sub("\N{REPLACEMENT CHARACTER}", str(value))


def heading(word, words, level):
    paragraph = word.add_paragraph(text(words))
    paragraph._p.style = f"Heading{level}"
    return paragraph


def paragraphs(word, kept):
    """A text kept in the app, a Word paragraph per line."""
    for line in (kept or "").splitlines():
        if line.strip():
            word.add_paragraph(text(line.strip()))


def _the_brand(word, brand):
    """一、品牌介绍: the brand, its logo and what it means, the four pillars."""
    heading(word, _("1. The brand"), 1)
    if brand is None:
        word.add_paragraph(_("The brand's texts are not written yet: the committee office writes them on the brand page."))
        return
    paragraphs(word, brand.introduction)
    logo = picture(brand.logo)
    if logo is not None:
        word.add_picture(logo, width=LOGO_WIDTH)
        word.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if brand.logo_meaning:
        heading(word, _("What the logo means"), 2)
        paragraphs(word, brand.logo_meaning)
    heading(word, _("The four pillars"), 2)
    for pillar, meaning in brand.pillar_meanings():
        paragraph = word.add_paragraph()
        paragraph.add_run(text(f"{pillar.label}：")).bold = True
        paragraph.add_run(text(meaning or _("Not written yet.")))


def _practices(word, brand_report):
    """二、主要做法: each pillar's practices, its figures of the period, its named examples; photos."""
    heading(word, _("2. Main practices"), 1)
    for section in brand_report.pillars:
        heading(word, section.pillar.label, 2)
        for number, practice in section.practices:
            heading(word, f"{number}{practice.title}", 3)
            paragraphs(word, practice.text)
        figures = word.add_paragraph()
        figures.add_run(text(_("Figures of %(period)s") % {"period": brand_report.period_label} + "：")).bold = True
        figures.add_run(text("；".join(f"{figure.label} {figure.shown}" for figure in section.figures)))
        for named in section.examples:
            paragraph = word.add_paragraph()
            paragraph.add_run(text(f"{named.title}：")).bold = True
            items = "、".join(f"{item.name}（{item.detail}）" if item.detail else item.name for item in named.items)
            paragraph.add_run(text(items + (_("and %(count)s more") % {"count": named.more} if named.more else "")))
    embedded = [(found, picture(found.photo.thumbnail or found.photo.image)) for found in brand_report.photos[:PHOTOS_IN_WORD]]
    embedded = [(found, image) for found, image in embedded if image is not None]
    if embedded:
        heading(word, _("Photos"), 2)
        for found, image in embedded:
            word.add_picture(image, width=PHOTO_WIDTH)
            caption = word.add_paragraph(text(found.caption))
            caption._p.style = "Caption"


def _results(word, brand_report):
    """三、创建成效: the results table, its notes, the honours, the date."""
    heading(word, _("3. Results"), 1)
    _figures_table(word, brand_report.table)
    for row in brand_report.table.rows:
        if row.note:
            word.add_paragraph(text(f"{row.label}：{row.note}"))
    word.add_paragraph(_("Figures count approved records only."))
    if brand_report.since is not None:
        heading(word, _("Since the brand began (%(day)s)") % {"day": brand_report.since.isoformat()}, 2)
        word.add_paragraph(text("；".join(f"{figure.label} {figure.shown}" for figure in brand_report.since_the_start)))
    heading(word, _("Honours"), 2)
    dated = word.add_paragraph(text(f"{brand_report.committee}\n{timezone.localdate():%Y-%m-%d}"))
    _bullets_before(dated, brand_report.honours or ["—"])
    dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def column_widths(columns):
    """The label's width and each value's: a year beside the year before as before (90, 40, 40
    mm); a span's columns share what the label leaves."""
    if columns <= 2:
        return [Mm(90)] + [Mm(40)] * columns
    label = 50
    return [Mm(label)] + [Mm((TEXT_WIDTH - label) / columns)] * columns


def _figures_table(word, table_data):
    """The results in a "Table Grid" table: a header, then each figure's row.

    python-docx adds a row by looking up the table's grid and placing each cell's elements among
    their siblings, and makes each cell's run alike: costly even for the figures' 18 rows
    (docs/PERFORMANCE.md). The header and one figure row are made by python-docx; each figure's
    row is a copy of that one (lxml's deepcopy) with its texts set.
    """
    columns = len(table_data.headings)
    table = word.add_table(rows=2, cols=1 + columns)
    table._tbl.tblStyle_val = "TableGrid"
    header, template = table.rows
    widths = column_widths(columns)
    for row in (header, template):
        cells = row.cells
        for cell, width in zip(cells, widths):
            cell.width = width
        for cell in cells[1:]:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for cell, heading_text in zip(header.cells, [_("Figure"), *table_data.headings]):
        cell.paragraphs[0].add_run(text(heading_text)).bold = True
    for cell in template.cells:
        cell.paragraphs[0]._p.add_r().add_t("")
    template = template._tr
    for row_data in table_data.rows:
        row = copy.deepcopy(template)
        texts = [text(row_data.label), *[text(shown(value, row_data.unit)) for value in row_data.values]]
        for text_element, value_text in zip(row.iter(TEXT), texts):
            text_element.text = value_text
        template.addprevious(row)
    template.getparent().remove(template)


def _bullets_before(paragraph, lines):
    """One "List Bullet" paragraph per line, before ``paragraph``.

    python-docx places every element it adds by looking among its siblings for each kind of
    element that must come after it: a bullet paragraph made by python-docx is too slow for the
    300 honours of a province (docs/PERFORMANCE.md). It makes one bullet with an empty run; each
    line is a copy of it (lxml's deepcopy) with the line as the run's text, spaces kept. A line
    holding a line break or a tab has its run's text written by python-docx instead, which is
    slower but makes them Word's own elements.
    """
    template = paragraph.insert_paragraph_before()._p
    template.style = "ListBullet"
    template.add_r().add_t("").set(qn("xml:space"), "preserve")
    for line in map(text, lines):
        bullet = copy.deepcopy(template)
        text_element = next(bullet.iter(TEXT))
        if CONTROL_CHARACTERS.isdisjoint(line):
            text_element.text = line
        else:
            text_element.getparent().text = line
        template.addprevious(bullet)
    template.getparent().remove(template)


def picture(stored):
    """A stored image made small (at most :data:`PICTURE_PIXELS` a side) for the document, or None
    for none or one that cannot be read: a picture missing from the disk leaves the report
    without it rather than without the report."""
    if not stored:
        return None
    try:
        with stored.open("rb") as source, Image.open(source) as image:
            image.thumbnail((PICTURE_PIXELS, PICTURE_PIXELS))
            small = io.BytesIO()
            if image.mode in ("RGBA", "LA", "P"):  # a logo's transparency kept
                image.save(small, format="PNG")
            else:
                image.convert("RGB").save(small, format="JPEG", quality=85)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    small.seek(0)
    return small
