"""What every renderer shares: a value shown by its column's kind, and the runs of merged cells.

Merged columns (Column.merge) form one cell over consecutive rows with equal values, nested from
left to right as the objective system diagram lays them out: a run of the second merged column
never crosses a boundary of the first. The runs are found a group at a time — the rows that share
the first merged column's value — so a streamed table is buffered one group at most, never whole.

A group is also bounded in rows (`limit`, GROUP_ROWS unless told): a run of the first merged column
longer than that (the diagram's category: tens of thousands of rows for a whole company) is cut into
consecutive groups, at the boundary of the shallowest merged column that has one in the buffer
(between two objectives rather than inside one), and the runs cut show their value again at the top
of the next group, as they would after a page break.
"""

import datetime
from decimal import Decimal

from django.utils import formats

from okrflow.reports.document import DATE, NUMBER, PERCENT, SCORE


def shown(value, kind: str) -> str:
    """The value as text for HTML and PDF: scores with two decimals, percentages with a sign,
    dates in the active language's short format, numbers without trailing zeros."""
    if value is None or value == "":
        return ""
    if kind == SCORE and isinstance(value, int | float | Decimal):
        return f"{float(value):.2f}"
    if kind == PERCENT and isinstance(value, int | float | Decimal):
        return f"{float(value):.0f}%"
    if kind == DATE and isinstance(value, datetime.date):
        return formats.date_format(value, "Y-m-d")
    if kind != NUMBER and isinstance(value, float) and value != int(value):
        return f"{value:.2f}"  # a score or a mean in a field or a text cell: two decimals
    if kind == NUMBER or isinstance(value, int | float | Decimal):
        return number_text(value)
    return str(value)


def number_text(value) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10000 else str(value)
    number = Decimal(str(value))
    text = format(number.normalize(), "f") if number == number.to_integral() else format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def numeric(kind: str) -> bool:
    """Columns aligned to the right (numbers, scores, percentages)."""
    return kind in (NUMBER, SCORE, PERCENT)


GROUP_ROWS = 500   # rows of one group held at most (the XLSX and the HTML page; the PDF asks fewer)


def spans(table, limit: int = GROUP_ROWS):
    """(row, {column key: rowspan}) for each row of `table`, in order: rowspan n > 0 on the first
    row of a run of a merged column, 0 on the rows it covers; unmerged columns have no entry.
    Iterates the rows once and holds one group (at most `limit` rows) at a time."""
    for group in span_groups(table, limit):
        yield from group


def span_groups(table, limit: int = GROUP_ROWS):
    """The rows of `table` as consecutive groups of (row, rowspans), each at most `limit` rows, no
    run crossing from one group into the next (see the module)."""
    merged = [c.key for c in table.columns if c.merge]
    if not merged:
        group = []
        for row in table.rows:
            group.append((row, {}))
            if len(group) >= limit:
                yield group
                group = []
        if group:
            yield group
        return
    first = merged[0]
    group = []
    for row in table.rows:
        if group and row.get(first) != group[0].get(first):
            yield list(_group_spans(group, merged))
            group = []
        group.append(row)
        if len(group) > limit:
            cut = _cut(group, merged)
            yield list(_group_spans(group[:cut], merged))
            group = group[cut:]
    if group:
        yield list(_group_spans(group, merged))


def _cut(rows, merged) -> int:
    """Where to cut an overlong group: the last boundary of the shallowest merged column that has
    one (an objective's first row), else before the last row."""
    for depth in range(1, len(merged)):
        keys = merged[:depth + 1]
        for index in range(len(rows) - 1, 0, -1):
            if any(rows[index].get(k) != rows[index - 1].get(k) for k in keys):
                return index
    return len(rows) - 1


def _group_spans(rows, merged):
    marks = [{} for _row in rows]
    for depth, key in enumerate(merged):
        start = 0
        for index in range(1, len(rows) + 1):
            if index < len(rows) and all(rows[index].get(k) == rows[start].get(k)
                                         for k in merged[:depth + 1]):
                continue
            marks[start][key] = index - start
            for covered in range(start + 1, index):
                marks[covered][key] = 0
            start = index
    return zip(rows, marks, strict=True)
