"""Reading generated files back: the PDF's text (pdftotext, poppler) and the XLSX's cells (openpyxl)."""

import io
import subprocess

import openpyxl


def pdf_text(data: bytes) -> str:
    assert data[:5] == b"%PDF-", data[:40]
    done = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True,
                          timeout=60)
    return done.stdout.decode("utf-8")


def pdf_pages(data: bytes) -> int:
    done = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True, timeout=60)
    line = next(x for x in done.stdout.decode().splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def flat(text: str) -> str:
    """The text without spaces or line ends (pdftotext breaks long Chinese lines in table cells)."""
    return "".join(text.split())


def xlsx_cells(data: bytes) -> list[list]:
    """Every row of the workbook's first sheet as a list of (value, number format, data type)."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    return [[(c.value, c.number_format, c.data_type) for c in row] for row in sheet.iter_rows()]


def xlsx_values(data: bytes) -> list[list]:
    return [[value for value, _format, _type in row] for row in xlsx_cells(data)]
