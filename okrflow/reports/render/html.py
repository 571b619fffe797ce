"""A Report as an HTML page: the blocks turned into what the template
(okrflow/reports/templates/reports/report.html) shows — cells as text by their column's kind,
rowspans for merged columns, alignment — read once, in order, while the template renders.

Django's autoescaping does the escaping: every value reaches the template as plain text.
"""

from dataclasses import dataclass

from okrflow.reports.document import Fields, Heading, PageBreak, Paragraph, Signatures, Table
from okrflow.reports.render.cells import numeric, shown, spans


@dataclass(frozen=True)
class Cell:
    text: str
    rowspan: int = 1
    numeric: bool = False


def _rows(table):
    for row, merged in spans(table):
        cells = []
        for column in table.columns:
            span = merged.get(column.key)
            if span == 0:
                continue
            cells.append(Cell(shown(row.get(column.key), column.kind), span or 1, numeric(column.kind)))
        yield cells


def _block(block) -> dict:
    if isinstance(block, Heading):
        return {"kind": "heading", "text": block.text, "level": max(1, min(3, block.level)) + 1,
                "anchor": block.anchor}
    if isinstance(block, Paragraph):
        return {"kind": "paragraph", "text": block.text}
    if isinstance(block, Fields):
        return {"kind": "fields", "pairs": [(label, shown(value, "text")) for label, value in block.pairs]}
    if isinstance(block, Table):
        total = sum(max(1, c.width) for c in block.columns) or 1
        columns = [{"label": c.label, "numeric": numeric(c.kind),
                    "share": round(100 * max(1, c.width) / total, 1)} for c in block.columns]
        return {"kind": "table", "caption": block.caption, "columns": columns, "rows": _rows(block)}
    if isinstance(block, Signatures):
        return {"kind": "signatures", "labels": block.labels}
    if isinstance(block, PageBreak):
        return {"kind": "pagebreak"}
    raise TypeError(f"not a report block: {block!r}")


def page_context(report) -> dict:
    """What the report template needs: the report's header and its blocks, converted lazily. With
    a table of contents the blocks are listed first (the contents come before them on the page;
    the tables' rows stay lazy), and each level-1 heading gets an anchor."""
    blocks = (_block(block) for block in report.blocks)
    toc = []
    if report.toc:
        blocks = list(blocks)
        for number, block in enumerate(b for b in blocks if b["kind"] == "heading" and b["level"] == 2):
            block["anchor"] = block["anchor"] or f"chapter-{number + 1}"
            toc.append(block)
    return {
        "report": report,
        "fields": [(label, shown(value, "text")) for label, value in report.fields],
        "blocks": blocks,
        "toc": toc,
    }
