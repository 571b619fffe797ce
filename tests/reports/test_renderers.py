"""The renderers read a Report once and write what it says: user strings print literally (no
Typst markup, no spreadsheet formula), numbers stay numbers with their formats, merged columns
become one cell, long tables repeat their header row on every page, pages are numbered in the
reader's language — and a 29-page Chinese key-result table typesets in well under a second."""

import datetime
import io
import subprocess
import time

import pytest
from django.utils import translation

from okrflow.reports.document import (
    DATE,
    GRADE,
    NUMBER,
    PERCENT,
    SCORE,
    Column,
    Fields,
    Heading,
    PageBreak,
    Paragraph,
    Report,
    Signatures,
    Table,
)
from okrflow.reports.render import render
from okrflow.reports.render.html import page_context
from okrflow.reports.render.pdf import lit
from tests.reports.files import flat, pdf_pages, pdf_text, xlsx_cells

NASTY = 'O #1 *粗体* $x$ [链接] \\n <tag> @人 "引号" // 注释 #import "x.typ"'
COLUMNS = [Column("category", "业务类别", width=6, merge=True),
           Column("objective", "目标“O”", width=12, merge=True), Column("kr", "KR关键结果", width=20),
           Column("weight", "权重", NUMBER, 4),
           Column("score", "得分", SCORE, 4), Column("confidence", "信心", PERCENT, 4),
           Column("due", "截止", DATE, 6), Column("grade", "等级", GRADE, 4)]


def rows(count=3, consumed=None):
    """Rows as a generator (a renderer may read them once); `consumed` counts the reads."""
    for number in range(count):
        if consumed is not None:
            consumed.append(number)
        kr = f"关键结果 {number}：年度营业收入从 8000 万元增长到 1.2 亿元，签约标杆客户从 5 家增加到 15 家"
        yield {"category": "自有平台" if number < 2 else "外部平台", "objective": f"目标 {number // 2}",
               "kr": "=1+1" if number == 0 else kr, "weight": 2, "score": 0.7, "confidence": 65,
               "due": datetime.date(2026, 12, 31), "grade": "良好"}


def report(**overrides):
    blocks = [Heading("第一章 " + NASTY), Paragraph(NASTY),
              Fields([("负责人", NASTY), ("得分", 0.633333)]), Table(COLUMNS, rows(), caption="表一"),
              PageBreak(), Signatures(["本人签字", "直接上级签字"])]
    values = {"name": "test", "title": NASTY, "subtitle": "星云科技 · 2026 第四季度",
              "fields": [("周期", "2026-Q4")], "blocks": (b for b in blocks), "filename": "test"}
    return Report(**{**values, **overrides})


def rendered(fmt, value) -> bytes:
    stream = io.BytesIO()
    render(value, fmt, stream)
    return stream.getvalue()


def test_a_typst_string_literal_escapes_only_what_a_string_needs():
    assert lit('a\\b"c\nd') == '"a\\\\b\\"c\\nd"'
    assert lit("#*$[]<@") == '"#*$[]<@"'


def test_the_pdf_prints_every_user_string_as_written(settings):
    text = pdf_text(rendered("pdf", report()))
    for needle in (NASTY, "第一章 " + NASTY, "=1+1", "0.63"):
        assert flat(needle) in flat(text), needle
    assert "本人签字" in text and "Page 1 of 2" in text


def test_the_pdf_merges_the_category_and_objective_cells_once_per_run():
    text = pdf_text(rendered("pdf", report()))
    assert text.count("自有平台") == 1 and text.count("外部平台") == 1 and text.count("目标 0") == 1


def test_a_long_chinese_table_breaks_across_pages_with_its_header_on_each_and_page_numbers(
        tmp_path, settings):
    long = Report(name="long", title="关键成果表", blocks=[Table(COLUMNS, rows(560))], landscape=False)
    with translation.override("zh-hans"):
        started = time.perf_counter()
        data = rendered("pdf", long)
        seconds = time.perf_counter() - started
    pages = pdf_pages(data)
    text = pdf_text(data)
    assert pages >= 29
    assert text.count("业务类别") == pages            # the header row on every page
    assert f"第 {pages} 页 / 共 {pages} 页" in text
    assert seconds < 5, seconds      # ~0.3 s warm here; the first PDF of a process also loads the fonts


def test_the_pdf_has_a_table_of_contents_and_a_landscape_page_when_asked():
    value = report(toc=True, landscape=True,
                   blocks=[Heading("第一章 公司"), PageBreak(), Heading("第二章 部门")])
    data = rendered("pdf", value)
    text = pdf_text(data)
    assert "Contents" in text and text.index("第二章 部门") < text.index("Page 1 of")
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout.decode()
    width, height = (float(v) for v in info.split("Page size:")[1].split("pts")[0].split(" x "))
    assert width > height


def test_the_xlsx_keeps_strings_as_text_numbers_as_numbers_and_formats_them():
    cells = xlsx_cells(rendered("xlsx", report()))
    flat_cells = [cell for row in cells for cell in row if cell[0] is not None]
    by_value = {value: (fmt, kind) for value, fmt, kind in flat_cells}
    assert by_value["=1+1"] == ("General", "s")                         # no formula injection
    assert by_value[NASTY][1] == "s"
    header = next(index for index, row in enumerate(cells) if row[0][0] == "业务类别")
    first = cells[header + 1]
    assert [c[0] for c in first[:3]] == ["自有平台", "目标 0", "=1+1"]
    assert first[3][0] == 2 and first[3][2] == "n"                      # weight: a number
    assert (first[4][0], first[4][1]) == (0.7, "0.00")                  # score
    assert (first[5][0], first[5][1]) == (0.65, "0%")                   # 65 % as a fraction
    assert first[6][0] == datetime.datetime(2026, 12, 31) and first[6][1] == "yyyy-mm-dd"
    second = cells[header + 2]
    assert second[0][0] is None and second[1][0] is None                # the run's value on its first row
    assert cells[header + 3][0][0] == "外部平台"


def test_the_xlsx_freezes_the_header_row_and_sizes_columns_for_chinese_text():
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(rendered("xlsx", report())))
    sheet = book.worksheets[0]
    header = next(row[0].row for row in sheet.iter_rows() if row[0].value == "业务类别")
    assert sheet.freeze_panes == f"A{header + 1}"
    assert sheet.column_dimensions["C"].width >= 40                     # 20 Chinese characters
    assert sheet.cell(header, 1).font.b


def test_the_html_blocks_merge_with_rowspans_and_format_by_kind():
    context = page_context(report())
    blocks = list(context["blocks"])
    table = next(b for b in blocks if b["kind"] == "table")
    body = list(table["rows"])
    assert [cell.rowspan for cell in body[0][:2]] == [2, 2] and len(body[1]) == len(COLUMNS) - 2
    assert body[0][5].text == "65%" and body[0][4].text == "0.70" and body[0][6].text == "2026-12-31"


def test_each_renderer_reads_the_rows_once():
    for fmt in ("pdf", "xlsx"):
        consumed = []
        rendered(fmt, Report(name="once", title="一次", blocks=[Table(COLUMNS, rows(5, consumed))]))
        assert consumed == [0, 1, 2, 3, 4], fmt


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_an_empty_report_still_renders(fmt):
    assert rendered(fmt, Report(name="empty", title="空", blocks=[Table(COLUMNS, iter(()))]))
