"""What every renderer shares: a value shown by its column's kind, and the runs of merged cells.

Merged columns (Column.merge) form one cell over consecutive rows with equal values, nested from
left to right as the objective system diagram lays them out: a run of the second merged column
never crosses a boundary of the first. The runs are found a group at a time — the rows that share
the first merged column's value — so a streamed table is buffered one group at most, never whole.
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


def spans(table):
    """(row, {column key: rowspan}) for each row of `table`, in order: rowspan n > 0 on the first
    row of a run of a merged column, 0 on the rows it covers; unmerged columns have no entry.
    Iterates the rows once and holds one group (a run of the first merged column) at a time."""
    merged = [c.key for c in table.columns if c.merge]
    if not merged:
        for row in table.rows:
            yield row, {}
        return
    first = merged[0]
    group = []
    for row in table.rows:
        if group and row.get(first) != group[0].get(first):
            yield from _group_spans(group, merged)
            group = []
        group.append(row)
    if group:
        yield from _group_spans(group, merged)


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
