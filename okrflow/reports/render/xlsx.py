"""A Report as an XLSX workbook: XlsxWriter in constant-memory mode (each row goes to disk as it is
written; a 200,000-row table stays near 20 MB), one sheet laid out top to bottom like the page.

- Every text is written with write_string and the workbook converts no string (no formulas, no
  URLs, no numbers): a title "=1+1", "+86…", "-…" or "@…" stays text — no formula injection.
- Numbers are numbers; SCORE cells are formatted 0.00; PERCENT values (0–100 in the Report) are
  written as fractions (70 → 0.7) with the format 0%, so Excel shows 70% and sums and averages
  them as percentages; DATE cells are dates (yyyy-mm-dd).
- The header row of the first table is frozen and repeated on every printed page; column widths
  follow Column.width (characters of Chinese text, two Excel units each).
- Merged columns (Column.merge): constant-memory mode writes a row once and cannot go back, so
  a run shows its value on its first row and leaves the cells below it blank (bordered, so the
  run still reads as one cell); filters and sorting keep working, which merged ranges would break.
- Headings, paragraphs, fields and signature lines are rows of the same sheet.
"""

import datetime
import re
from decimal import Decimal

import xlsxwriter
from django.utils.translation import gettext as _

from okrflow.reports.document import (
    DATE,
    NUMBER,
    PERCENT,
    SCORE,
    Fields,
    Heading,
    PageBreak,
    Paragraph,
    Signatures,
    Table,
)
from okrflow.reports.render.cells import spans

MAX_WIDTH = 80
_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def sheet_name(title: str) -> str:
    """A valid sheet name: at most 31 characters, none of []:*?/\\ ."""
    return (_SHEET_NAME.sub(" ", str(title)).strip().strip("'") or "Report")[:31]


class _Sheet:
    """The worksheet and its formats, with the next free row."""

    def __init__(self, stream, report):
        self.book = xlsxwriter.Workbook(stream, {
            "constant_memory": True, "in_memory": False, "strings_to_formulas": False,
            "strings_to_urls": False, "strings_to_numbers": False, "default_date_format": "yyyy-mm-dd"})
        self.sheet = self.book.add_worksheet(sheet_name(report.title))
        self.row = 0
        self.widths: dict[int, float] = {}
        self.breaks: list[int] = []
        self.frozen = False
        base = {"font_name": "Microsoft YaHei", "font_size": 10, "valign": "top"}
        add = self.book.add_format
        cell = {**base, "border": 1, "border_color": "#A6A6A6", "text_wrap": True}
        self.formats = {
            "title": add({**base, "bold": True, "font_size": 15}),
            "subtitle": add({**base, "font_color": "#595959"}),
            "heading1": add({**base, "bold": True, "font_size": 13}),
            "heading2": add({**base, "bold": True, "font_size": 11}),
            "heading3": add({**base, "bold": True}),
            "text": add(base),
            "label": add({**base, "font_color": "#595959"}),
            "field_number": add({**base, "num_format": "0.00", "align": "left"}),
            "caption": add({**base, "bold": True}),
            "header": add({**cell, "bold": True, "bg_color": "#DCE6F1", "valign": "vcenter"}),
            "cell": add(cell),
            NUMBER: add({**cell, "num_format": "General"}),
            SCORE: add({**cell, "num_format": "0.00"}),
            PERCENT: add({**cell, "num_format": "0%"}),
            DATE: add({**cell, "num_format": "yyyy-mm-dd"}),
        }

    def line(self, text, style="text", col=0) -> None:
        self.sheet.write_string(self.row, col, str(text), self.formats[style])
        self.row += 1

    def pairs(self, pairs) -> None:
        """Label/value rows: the label over the first two columns, the value over the next four
        (merged within the row, which constant-memory mode allows: a field's label is longer than
        the narrow first column of a table)."""
        for label, value in pairs:
            self.sheet.merge_range(self.row, 0, self.row, 1, str(label), self.formats["label"])
            if isinstance(value, float) and value != int(value):
                self.sheet.merge_range(self.row, 2, self.row, 5, None, self.formats["field_number"])
                self.sheet.write_number(self.row, 2, value, self.formats["field_number"])
            else:
                self.sheet.merge_range(self.row, 2, self.row, 5, None, self.formats["text"])
                self.value(2, value, None, self.formats["text"])
            self.row += 1

    def value(self, col, value, kind, style) -> None:
        write = self.sheet
        if value is None or value == "":
            write.write_blank(self.row, col, None, style)
        elif isinstance(value, bool) or not isinstance(value, int | float | Decimal | datetime.date):
            write.write_string(self.row, col, str(value), style)
        elif isinstance(value, datetime.date):
            write.write_datetime(self.row, col, value, self.formats[DATE])
        elif kind == PERCENT:
            write.write_number(self.row, col, float(value) / 100, style)
        else:
            write.write_number(self.row, col, float(value), style)

    def table(self, table) -> None:
        if table.caption:
            self.line(table.caption, "caption")
        for col, column in enumerate(table.columns):
            self.sheet.write_string(self.row, col, str(column.label), self.formats["header"])
            self.widths[col] = max(self.widths.get(col, 0), min(MAX_WIDTH, column.width * 2 + 1))
        if not self.frozen:
            self.sheet.freeze_panes(self.row + 1, 0)
            self.sheet.repeat_rows(self.row)
            self.frozen = True
        self.row += 1
        for row, merged in spans(table):
            for col, column in enumerate(table.columns):
                style = self.formats.get(column.kind, self.formats["cell"])
                if merged.get(column.key) == 0:
                    self.sheet.write_blank(self.row, col, None, style)
                else:
                    self.value(col, row.get(column.key), column.kind, style)
            self.row += 1
        self.row += 1

    def signatures(self, block) -> None:
        self.row += 1
        date = _("Date")
        for label in block.labels:
            self.sheet.write_string(self.row, 0, f"{label}:", self.formats["label"])
            self.sheet.write_string(self.row, 2, f"{date}:", self.formats["label"])
            self.row += 2

    def close(self, report) -> None:
        self.widths.setdefault(0, 16)
        self.widths.setdefault(1, 24)
        for col, width in self.widths.items():
            self.sheet.set_column(col, col, width)
        if report.landscape:
            self.sheet.set_landscape()
        self.sheet.set_paper(9)  # A4
        self.sheet.fit_to_pages(1, 0)
        if self.breaks:
            self.sheet.set_h_pagebreaks(self.breaks[:1023])  # Excel's limit
        self.book.close()


def write_xlsx(report, stream) -> None:
    """Write `report` as one sheet of an XLSX workbook to the binary `stream`."""
    out = _Sheet(stream, report)
    out.line(report.title, "title")
    if report.subtitle:
        out.line(report.subtitle, "subtitle")
    out.pairs(report.fields)
    out.row += 1
    for block in report.blocks:
        if isinstance(block, Heading):
            out.line(block.text, f"heading{max(1, min(3, block.level))}")
        elif isinstance(block, Paragraph):
            out.line(block.text)
        elif isinstance(block, Fields):
            out.pairs(block.pairs)
            out.row += 1
        elif isinstance(block, Table):
            out.table(block)
        elif isinstance(block, Signatures):
            out.signatures(block)
        elif isinstance(block, PageBreak):
            out.breaks.append(out.row)
    out.close(report)
