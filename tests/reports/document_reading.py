"""Reading a Report back as data in tests: its blocks (a generator is consumed once) and each
table's rows, so a test can say what a document holds before any renderer writes it."""

from okrflow.reports.document import Fields, Heading, Paragraph, Signatures, Table


def blocks_of(report) -> list:
    """The report's blocks with every table's rows turned into a list (consumed once)."""
    blocks = list(report.blocks)
    for block in blocks:
        if isinstance(block, Table):
            block.rows = list(block.rows)
    return blocks


def headings(blocks, level=None) -> list:
    return [(b.level, b.text, b.anchor) for b in blocks
            if isinstance(b, Heading) and (level is None or b.level == level)]


def rows(blocks) -> list:
    return [row for b in blocks if isinstance(b, Table) for row in b.rows]


def texts(blocks) -> str:
    """Every text a reader would see, one per line (headings, paragraphs, fields, cells)."""
    lines = []
    for block in blocks:
        if isinstance(block, Heading | Paragraph):
            lines.append(block.text)
        elif isinstance(block, Fields):
            lines += [f"{label}: {value}" for label, value in block.pairs]
        elif isinstance(block, Signatures):
            lines += block.labels
        elif isinstance(block, Table):
            lines += [" | ".join(str(v) for v in row.values() if v is not None) for row in block.rows]
    return "\n".join(lines)
