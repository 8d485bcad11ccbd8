"""The Word report (``exemplar report --docx``), written with python-docx in the house style.

The house style is that of the company's reports (党政机关公文格式, GB/T 9704): A4 with
margins 37 / 35 / 28 / 26 mm, the title in 二号 方正小标宋简体 centred, part headings
in 三号 黑体, body text in 三号 仿宋_GB2312 with a two-character first-line indent on a
fixed 28-point line, tables in 四号 仿宋 with 黑体 headers, and the page number
「— 1 —」 in 四号 宋体 at the foot. Word and WPS substitute a font they lack, as they do
for the company's own documents. The file is written atomically like the exports.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..site.report import Table
from ..site.report_document import ReportDocument
from .atomic import write_atomic

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.text.paragraph import Paragraph


@dataclass(frozen=True, slots=True)
class HouseStyle:
    """Fonts (East Asian, then Latin), sizes in points and page margins in millimetres."""

    title_font: str = "方正小标宋简体"
    heading_font: str = "黑体"
    body_font: str = "仿宋_GB2312"
    table_font: str = "仿宋_GB2312"
    page_number_font: str = "宋体"
    latin_font: str = "Times New Roman"
    title_size: float = 22  # 二号
    body_size: float = 16  # 三号
    table_size: float = 14  # 四号
    line_spacing: float = 28
    margins_mm: tuple[float, float, float, float] = (37, 35, 28, 26)  # top, bottom, left, right


HOUSE_STYLE = HouseStyle()


def write_docx(path: Path, document: ReportDocument, style: HouseStyle = HOUSE_STYLE) -> None:
    """Write ``document`` to ``path`` as a .docx file."""
    import docx

    book = docx.Document()
    _page(book, style)
    _base_style(book, style)
    book.core_properties.title = document.title
    book.core_properties.author = document.author
    book.core_properties.language = "zh-CN"

    _text(book.add_paragraph(), document.title, style.title_font, style.title_size, centre=True, bold=False)
    _text(book.add_paragraph(), document.subtitle, style.body_font, style.body_size, centre=True)
    for part in document.parts:
        _text(book.add_paragraph(), part.heading, style.heading_font, style.body_size, indent=True)
        for text in part.paragraphs:
            _text(book.add_paragraph(), text, style.body_font, style.body_size, indent=True)
        for table in part.tables:
            _table(book, table, style)
    dated = book.add_paragraph()
    _text(dated, document.dated, style.body_font, style.body_size)
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    write_atomic(path, lambda temp: book.save(str(temp)))


def _page(book: DocxDocument, style: HouseStyle) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    section = book.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    top, bottom, left, right = style.margins_mm
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _text(footer, "— ", style.page_number_font, style.table_size)
    _page_field(footer, style)
    _text(footer, " —", style.page_number_font, style.table_size)


def _page_field(paragraph: Paragraph, style: HouseStyle) -> None:
    """A PAGE field, so Word and WPS number the pages themselves."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind, instruction in (("begin", None), (None, " PAGE "), ("end", None)):
        run = paragraph.add_run()
        _fonts(run, style.page_number_font, style.latin_font, style.table_size)
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = instruction
        run._r.append(element)


def _base_style(book: DocxDocument, style: HouseStyle) -> None:
    from docx.shared import Pt

    normal: Any = book.styles["Normal"]
    normal.font.name = style.latin_font
    normal.font.size = Pt(style.body_size)
    _east_asian(normal.element, style.body_font)
    normal.paragraph_format.line_spacing = Pt(style.line_spacing)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)


def _east_asian(element: Any, font: str) -> None:
    """Set the East Asian font of a style's or a run's properties (python-docx sets only Latin)."""
    from docx.oxml.ns import qn

    properties = element.get_or_add_rPr()
    fonts = properties.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), font)


def _fonts(run: Any, east_asian: str, latin: str, size: float, bold: bool = False) -> None:
    from docx.shared import Pt

    run.font.name = latin
    run.font.size = Pt(size)
    run.font.bold = bold
    _east_asian(run._r, east_asian)


def _text(paragraph: Paragraph, text: str, font: str, size: float, *, centre: bool = False,
          indent: bool = False, bold: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    run = paragraph.add_run(text)
    _fonts(run, font, HOUSE_STYLE.latin_font, size, bold)
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)


def _table(book: DocxDocument, table: Table, style: HouseStyle) -> None:
    """A titled table: the title as a centred line in 黑体, then a grid with a header row."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    caption = book.add_paragraph()
    caption.paragraph_format.space_before = Pt(6)
    _text(caption, table.title, style.heading_font, style.table_size, centre=True)
    grid = book.add_table(rows=1, cols=len(table.headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, header in zip(grid.rows[0].cells, table.headers, strict=True):
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _text(paragraph, header, style.heading_font, style.table_size)
        paragraph.paragraph_format.line_spacing = 1.0
    for row in table.rows:
        cells = grid.add_row().cells
        for i, (cell, value) in enumerate(zip(cells, row.cells, strict=True)):
            paragraph = cell.paragraphs[0]
            text = ("　" * row.depth if i == 0 else "") + str(value)
            _text(paragraph, text, style.table_font, style.table_size)
            paragraph.paragraph_format.line_spacing = 1.0
            if table.numeric[i]:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    book.add_paragraph()
