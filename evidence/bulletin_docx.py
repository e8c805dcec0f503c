"""The bulletin as a Word document (.docx), the format county offices circulate."""

from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from evidence import bulletin_text as text
from evidence.bulletin import Bulletin

FONT = "Noto Sans CJK SC"


def chinese_font(document: Document) -> None:
    """Set the East Asian font of the Normal style so Word shows the Chinese text."""
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(11)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)


def add_table(document: Document, rows: list[list[str]]) -> None:
    table = document.add_table(rows=0, cols=len(rows[0]))
    table.style = "Table Grid"
    for n, values in enumerate(rows):
        cells = table.add_row().cells
        for cell, value in zip(cells, values):
            cell.text = value
            if n == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True


def bulletin_docx(bulletin: Bulletin, map_png: bytes) -> bytes:
    """Return the .docx bytes of `bulletin` with the county map."""
    document = Document()
    chinese_font(document)
    heading = document.add_heading(text.title(bulletin), level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(text.summary(bulletin))
    document.add_heading("一、乡镇排名及变化", level=2)
    add_table(document, text.ranking_rows(bulletin))
    document.add_heading("二、星级变化的村", level=2)
    for line in text.star_change_lines(bulletin):
        document.add_paragraph(line, style="List Bullet")
    document.add_heading("三、逾期未整改问题", level=2)
    rows = text.overdue_rows(bulletin)
    if len(rows) > 1:
        add_table(document, rows)
    else:
        document.add_paragraph("本期无逾期未整改问题。")
    document.add_heading("四、督导覆盖情况", level=2)
    add_table(document, text.coverage_rows(bulletin))
    document.add_heading("五、全县星级分布图", level=2)
    document.add_picture(BytesIO(map_png), width=Cm(15))
    document.add_paragraph(
        "注：村界为示意，非测绘成果；数据来源：内黄县五星支部创建地图服务。"
    )
    out = BytesIO()
    document.save(out)
    return out.getvalue()
