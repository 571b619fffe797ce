"""The renderers of a Report (okrflow/reports/document.py): HTML for screen and print, PDF (Typst)
and XLSX (XlsxWriter). Each consumes the Report once — its blocks and each table's rows are
iterated a single time, so they may be generators — and none of them reads the database.

`render(report, fmt, stream)` writes PDF or XLSX bytes to a binary stream; the HTML page is a
Django template fed by okrflow.reports.render.html.page_context.
"""

FORMATS = ("pdf", "xlsx")

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def render(report, fmt: str, stream) -> None:
    """Write `report` as `fmt` ("pdf" or "xlsx") to the binary `stream`."""
    if fmt == "pdf":
        from okrflow.reports.render.pdf import write_pdf

        write_pdf(report, stream)
    elif fmt == "xlsx":
        from okrflow.reports.render.xlsx import write_xlsx

        write_xlsx(report, stream)
    else:
        raise ValueError(f"unknown report format {fmt!r}")
