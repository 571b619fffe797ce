"""A big PDF is typeset in pieces of bounded size and joined (okrflow/reports/render/pdf.py): the
rows come out all and in order, a table cut between pieces repeats its header, a merged run cut
there shows its value again, the page numbers run on across the pieces, the book's contents point
at the pages where its chapters start, and the memory of a long report stays that of one piece.
Small documents stay one compile with "Page N of M". Merged runs are buffered a bounded group at a
time, and a short merged cell keeps its rows on one page."""

import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.utils import translation

from okrflow.reports.document import NUMBER, TEXT, Column, Heading, PageBreak, Paragraph, Report, Table
from okrflow.reports.documents import diagram
from okrflow.reports.render import pdf, render
from okrflow.reports.render.cells import span_groups, spans
from tests.reports.files import flat, pdf_pages, pdf_text

COLUMNS = [Column("category", "业务类别", TEXT, width=6, merge=True),
           Column("objective", "目标", TEXT, width=12, merge=True),
           Column("no", "序号", NUMBER, width=4), Column("kr", "关键结果", TEXT, width=20)]


def rows(count, per_category=10_000):
    for number in range(count):
        yield {"category": f"类别{number // per_category}", "objective": f"目标{number // 4}",
               "no": number, "kr": f"行{number:05d}"}


def rendered(value) -> bytes:
    stream = io.BytesIO()
    with translation.override("en"):
        render(value, "pdf", stream)
    return stream.getvalue()


def page_text(data: bytes, page: int) -> str:
    done = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-", "-"], input=data,
                          capture_output=True, check=True, timeout=60)
    return done.stdout.decode("utf-8")


@pytest.fixture
def small_pieces(monkeypatch):
    monkeypatch.setattr(pdf, "PIECE_ROWS", 60)
    monkeypatch.setattr(pdf, "PDF_GROUP_ROWS", 20)
    pdf.LAST_RUN.clear()


def test_a_long_table_in_pieces_keeps_every_row_in_order_and_repeats_its_header(small_pieces):
    data = rendered(Report(name="t", title="长表", blocks=[Table(COLUMNS, rows(300))]))
    assert pdf.LAST_RUN["pieces"] >= 5
    text = flat(pdf_text(data))
    found = [text.index(f"行{number:05d}") for number in range(300)]
    assert found == sorted(found)                                  # every row, in order
    assert text.count("关键结果") == pdf_pages(data)               # the header on every page
    assert text.count("类别0") >= pdf.LAST_RUN["pieces"]           # the cut run shows its value again


def test_page_numbers_run_on_across_the_pieces_without_a_total(small_pieces):
    data = rendered(Report(name="t", title="长表", blocks=[Table(COLUMNS, rows(300))]))
    pages = pdf_pages(data)
    assert pdf.LAST_RUN["pieces"] > 1 and pages > pdf.LAST_RUN["pieces"]
    for page in range(1, pages + 1):
        footer = page_text(data, page)
        assert f"Page {page}\n" in footer and " of " not in footer, (page, footer)


def test_the_contents_of_a_book_in_pieces_point_at_the_pages_where_its_chapters_start(small_pieces):
    def blocks():
        for chapter in range(4):
            if chapter:
                yield PageBreak()
            yield Heading(f"第{chapter}章", level=1)
            yield Paragraph("说明")
            yield Table(COLUMNS, rows(70 + 40 * chapter))
    data = rendered(Report(name="book", title="书", blocks=blocks(), toc=True))
    assert pdf.LAST_RUN["pieces"] >= 4
    contents = page_text(data, 1)
    assert "Contents" in contents and "Page i" in contents
    front = 1   # the cover and the contents fit one page here
    numbers = {}
    for line in map(flat, contents.splitlines()):
        name = next((f"第{c}章" for c in range(4) if line.startswith(f"第{c}章")), None)
        if name:
            numbers[name] = int(line[len(name):].strip("."))
    assert list(numbers) == [f"第{c}章" for c in range(4)]
    for name, number in numbers.items():
        page = page_text(data, front + number)
        assert flat(page).startswith("书" + name) and f"Page {number}\n" in page, (name, number, page)
    assert numbers["第0章"] == 1 and numbers["第3章"] > numbers["第2章"] + 1


def test_a_small_document_stays_one_compile_with_the_total_in_its_footer():
    pdf.LAST_RUN.clear()
    data = rendered(Report(name="card", title="卡", blocks=[Table(COLUMNS, rows(10))]))
    assert "Page 1 of 1" in pdf_text(data) and not pdf.LAST_RUN


def test_a_short_merged_cell_keeps_its_rows_on_one_page_and_a_long_one_may_break():
    columns = COLUMNS[:2]
    short = pdf._row(columns, {"category": "甲", "objective": "乙"}, {"category": 40, "objective": 3})
    assert "rowspan: 3, breakable: false" in short and "rowspan: 40)" in short


def test_a_long_run_of_the_first_merged_column_is_buffered_a_bounded_group_at_a_time():
    table = Table(COLUMNS, rows(1000))
    groups = list(span_groups(table, limit=50))
    assert all(len(group) <= 50 for group in groups) and sum(map(len, groups)) == 1000
    for group in groups:   # cut between two objectives, the category shown again on top
        first_row, first_spans = group[0]
        assert first_spans["category"] == len(group) and first_row["no"] % 4 == 0
        assert sum(span for _row, marks in group for span in [marks["objective"]]) == len(group)
    assert [row["no"] for row, _marks in spans(Table(COLUMNS, rows(1000)), limit=50)] == list(range(1000))


PROBE = textwrap.dedent("""
    import io, json, resource, sys
    import django
    django.setup()
    from okrflow.reports.document import NUMBER, TEXT, Column, Report, Table
    from okrflow.reports.render import pdf, render
    pdf.PIECE_ROWS, pdf.WORKER_RSS_KB = 400, 150_000
    columns = [Column("category", "类别", TEXT, 6, merge=True),
               Column("objective", "目标", TEXT, 12, merge=True), Column("kr", "关键结果", TEXT, 24),
               Column("no", "序号", NUMBER, 4)]
    count = int(sys.argv[1])
    def rows():
        for n in range(count):
            yield {"category": "自有平台", "objective": f"目标 {n // 6} 提升平台用户留存", "no": n,
                   "kr": f"关键结果 {n}：月活跃用户从 {n} 万增长到 {2 * n} 万，次日留存率达到百分之四十"}
    out = io.BytesIO()
    render(Report(name="x", title="长表", blocks=[Table(columns, rows())]), "pdf", out)
    print(json.dumps({"self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                      "worker": pdf.LAST_RUN["worker_peak_kb"], "pieces": pdf.LAST_RUN["pieces"],
                      "bytes": len(out.getvalue())}))
""")


def _probe(count: int) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE, str(count)], capture_output=True, text=True,
                          check=True, timeout=300, cwd=Path(__file__).resolve().parents[2])
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_memory_of_a_long_pdf_stays_that_of_one_piece():
    small, large = _probe(800), _probe(4000)
    assert large["pieces"] >= 5 * small["pieces"] - 1 and large["bytes"] > 3 * small["bytes"]
    # Five times the rows, not five times the memory: the report's process holds one piece at most,
    # and the compiling child, replaced past its bound (150 MB here), one piece over it.
    assert large["self"] < small["self"] + 60_000, (small, large)
    assert large["worker"] < 150_000 + 60_000, (small, large)


def test_a_merged_cell_reaching_a_page_end_prints_its_title_where_it_starts():
    with translation.override("en"):
        columns = diagram.columns()

    def rows():   # the diagram's layout: objectives over key results over outputs, long titles
        for o in range(50):
            title = f"O{o:02d}：" + "提升自有平台用户的留存率与活跃度并建立增长体系" * (1 + o % 3)
            objective = diagram.Spanned(title, o)
            head = {"no": 1, "category": "自有平台", "objective": objective, "owner": "张三", "score": 0.5,
                    "grade": "良好", "kr_score": 0.3, "state": None}
            for k in range(1 + o % 3):
                kr = diagram.Spanned(f"K{o:02d}{k}：月活跃用户从一百万增长到两百万" * (1 + k % 2), (o, k))
                for a in range(max(1, o % 4)):
                    yield {**head, "kr": kr, "output": f"A{o:02d}{k}{a} 完成首页改版" if o % 4 else None}
    data = rendered(Report(name="t", title="跨页", blocks=[Table(columns, rows())], landscape=True))
    pages = pdf_pages(data)
    assert pages > 3
    for page in range(1, pages + 1):   # a key result's first output sits beside the key result
        text = flat(page_text(data, page))
        for o in range(50):
            for k in range(3):
                if f"A{o:02d}{k}0" in text:
                    assert f"K{o:02d}{k}" in text, (page, o, k)


def test_the_html_page_keeps_a_line_end_inside_a_cell():
    from okrflow.reports.render.html import page_context

    report = Report(name="t", title="t", blocks=[Table(COLUMNS[3:], [{"kr": "标题\n说明"}])])
    table = next(iter(page_context(report)["blocks"]))
    assert [cell.text for row in table["rows"] for cell in row] == ["标题\n说明"]
    css = Path(__file__).resolve().parents[2] / "okrflow/reports/static/reports/report.css"
    assert any(".report-table td" in line and "white-space: pre-line" in line
               for line in css.read_text().splitlines())
