"""The interchange files: which files and columns exist, reading them as rows with their line
numbers, and writing them back (a folder of UTF-8 CSV files or one .xlsx workbook).

Rows are streamed both ways so that a million check-ins never sit in memory at once.
"""

import contextlib
import csv
import datetime
import zipfile
import zlib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.utils.exceptions import InvalidFileException

from okrflow.errors import DomainError
from okrflow.interchange import archives, formulas

# File name → columns, in the order they are written. Reading accepts extra columns (the
# export's scores) and refuses missing ones.
COLUMNS = {
    "units": ["code", "name", "parent_code", "head_email"],
    "people": ["email", "name", "unit_code", "manager_email", "role"],
    "cycles": ["code", "name", "kind", "start_date", "end_date", "parent_code"],
    "objectives": ["ref", "cycle_code", "owner", "title", "description", "parent_ref", "category",
                   "origin", "visibility"],
    "key_results": ["ref", "objective_ref", "title", "kind", "start_value", "target_value", "unit",
                    "weight", "owner_email", "due_date"],
    "checkins": ["kr_ref", "date", "value", "confidence", "note", "author_email"],
}
# Optional on reading, always written: an objective's status (draft, proposed, agreed; empty means
# agreed for a new objective; published and closed only for a cycle that already is).
EXPORT_EXTRA = {
    "objectives": ["status", "score", "grade"],
    "key_results": ["current_value", "score", "confidence"],
}


# What openpyxl raises on a damaged or hostile workbook, when it opens it or reads a sheet: broken
# or forbidden XML (entities, DTDs: openpyxl parses with defusedxml when it is installed), a
# missing part (KeyError), values of the wrong type, a damaged zip.
WORKBOOK_ERRORS = (ParseError, DefusedXmlException, InvalidFileException, KeyError, ValueError, TypeError,
                   zipfile.BadZipFile, zlib.error, EOFError)


class UnreadableFile(DomainError):
    """A file is not what its name says: not UTF-8 CSV, or not a readable workbook."""

    def __init__(self, message):
        super().__init__("unreadable_file", message)


def file_name(name: str) -> str:
    return name + ".csv"


def is_workbook(path) -> bool:
    return str(path).lower().endswith(".xlsx")


class Table:
    """One file's rows: `header` (the column names as written) and `rows()` yielding
    (line number, {column: text}); the header is line 1."""

    def __init__(self, name: str, header: list[str], rows_factory):
        self.name = name
        self.header = header
        self._rows_factory = rows_factory

    @property
    def file(self) -> str:
        return file_name(self.name)

    def missing_columns(self) -> list[str]:
        return [c for c in COLUMNS[self.name] if c not in self.header]

    def rows(self) -> Iterator[tuple[int, dict]]:
        return self._rows_factory()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return decimal_text(value)  # 1e-05 as "0.00001", 3.0 as "3"
    return str(value).strip()


@contextlib.contextmanager
def _csv_errors(file: str, reader=None):
    try:
        yield
    except UnicodeDecodeError:
        raise UnreadableFile(_("{file} is not UTF-8 text.").format(file=file)) from None
    except csv.Error as error:
        line = reader.line_num if reader is not None else 1
        raise UnreadableFile(_("{file}:{line}: not valid CSV: {error}").format(
            file=file, line=line, error=error)) from None


def _csv_table(name: str, path: Path) -> Table:
    # utf-8-sig drops a BOM when there is one (Excel writes it) and reads plain UTF-8 alike.
    with path.open(encoding="utf-8-sig", newline="") as handle, _csv_errors(file_name(name)):
        header = [h.strip() for h in next(csv.reader(handle), [])]
    width = len(header)

    def rows():
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            with _csv_errors(file_name(name), reader):
                next(reader, None)
                line = reader.line_num
                for cells in reader:
                    start, line = line + 1, reader.line_num
                    # The export quoted text that a spreadsheet would run as a formula: undo it exactly.
                    cells = [formulas.unescape(c) if c[:1] == "'" else c for c in cells]
                    if len(cells) < width:
                        cells += [""] * (width - len(cells))
                    if any(cells) and any(c.strip() for c in cells):
                        # Cells keep their spaces here; Row.raw strips them (a million rows are cheaper so).
                        yield start, dict(zip(header, cells, strict=False))  # extra cells are ignored

    return Table(name, header, rows)


def _not_a_workbook(label: str) -> str:
    return _("{path} is not a readable .xlsx workbook.").format(path=label)


@contextlib.contextmanager
def _workbook_errors(label: str):
    try:
        yield
    except WORKBOOK_ERRORS:
        raise UnreadableFile(_not_a_workbook(label)) from None


def _sheet_table(name: str, path: Path, sheet_name: str, label: str) -> Table:
    import openpyxl

    def open_sheet():
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        return book, book[sheet_name]

    with _workbook_errors(label):
        book, sheet = open_sheet()
        first = next(sheet.iter_rows(max_row=1, values_only=True), ())
        header = [_cell_text(h) for h in first]
        book.close()

    def rows():
        with _workbook_errors(label):
            book, sheet = open_sheet()
            try:
                for line, cells in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
                    texts = [_cell_text(c) for c in cells]
                    if any(texts):
                        yield line, {h: (texts[i] if i < len(texts) else "")
                                     for i, h in enumerate(header) if h}
            finally:
                book.close()

    return Table(name, header, rows)


def read_tables(path, label: str | None = None) -> dict[str, Table]:
    """The files found at `path` (a folder or an .xlsx workbook), by name; absent files are
    simply missing from the result. Raises FileNotFoundError when `path` does not exist, and
    UnreadableFile or UnsafeArchive (naming `label`, the file as the user knows it, never a
    server path) when a file cannot or must not be read: a workbook is checked before openpyxl
    opens it."""
    path = Path(path)
    label = label or str(path)
    if not path.exists():
        raise FileNotFoundError(path)
    if is_workbook(path):
        import openpyxl

        archives.check(path, label, _not_a_workbook(label))
        with _workbook_errors(label):
            book = openpyxl.load_workbook(path, read_only=True)
            sheets = list(book.sheetnames)
            book.close()
        found = {}
        for sheet in sheets:
            name = sheet.removesuffix(".csv")
            if name in COLUMNS:
                found[name] = _sheet_table(name, path, sheet, label)
        return found
    return {name: _csv_table(name, path / file_name(name))
            for name in COLUMNS if (path / file_name(name)).is_file()}


# --- writing -----------------------------------------------------------------------------------

def decimal_text(value) -> str:
    """12.5000 → "12.5", 3.0 → "3": no float noise, no trailing zeros, never "1E+1"."""
    if value is None:
        return ""
    if isinstance(value, float):
        value = Decimal(repr(value))
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _empty(_value) -> str:
    return ""


# The common types by exact type: a million rows are formatted, so no isinstance chains.
# Text is escaped so that no spreadsheet runs it as a formula (interchange/formulas.py).
_FORMATS = {str: formulas.escape, type(None): _empty, int: str, Decimal: decimal_text, float: decimal_text,
            datetime.date: datetime.date.isoformat}


def fast_cell_text(value) -> str:
    formatter = _FORMATS.get(type(value))
    return formatter(value) if formatter else csv_cell_text(value)


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (Decimal, float)):
        return decimal_text(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def csv_cell_text(value) -> str:
    text = cell_text(value)
    return formulas.escape(text) if isinstance(value, str) else text


class FolderWriter:
    """Writes each file as UTF-8 CSV (no BOM) into a folder."""

    def __init__(self, path):
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)

    def write(self, name: str, header: list[str], rows) -> int:
        count = 0
        with (self.path / file_name(name)).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for row in rows:
                writer.writerow([fast_cell_text(v) for v in row])
                count += 1
        return count

    def close(self) -> None:
        pass


# Excel holds 15 significant digits exactly; a longer number is written as text, so no digit is lost.
EXACT_DIGITS = 15


def _sheet_cell(sheet, value):
    """A number Excel holds exactly is a number cell; all text is a text cell, never a formula
    (openpyxl reads a string starting with "=" as one): its type is forced to string and a text
    that looks like a formula gets Excel's quote prefix, so it stays text when edited."""
    if isinstance(value, (int, Decimal, float)) and not isinstance(value, bool):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if number.is_finite() and len(number.normalize().as_tuple().digits) <= EXACT_DIGITS:
            return value
    text = cell_text(value)
    if not formulas.is_formula_like(text) and text not in ERROR_CODES:
        return text
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


class WorkbookWriter:
    """Writes each file as one sheet (named like the file) of an .xlsx workbook, streaming."""

    def __init__(self, path):
        import openpyxl

        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.book = openpyxl.Workbook(write_only=True)

    def write(self, name: str, header: list[str], rows) -> int:
        sheet = self.book.create_sheet(file_name(name))
        sheet.append(header)
        count = 0
        for row in rows:
            sheet.append([_sheet_cell(sheet, v) for v in row])
            count += 1
        return count

    def close(self) -> None:
        self.book.save(self.path)


def writer_for(path):
    return WorkbookWriter(path) if is_workbook(path) else FolderWriter(path)
