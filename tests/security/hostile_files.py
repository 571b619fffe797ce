"""Hostile upload files of issue 7, built small and quickly in a test's folder.

The bombs are written without compressing their 1.5 GiB: after a full flush deflate starts
afresh, so one compressed chunk of zeros (or spaces) is repeated as often as needed; only the
CRC is computed over the whole run (about a second).
"""

import io
import warnings
import zipfile
import zlib
from pathlib import Path

import openpyxl

GIB = 1024 ** 3
CHUNK = 8 * 1024 * 1024
UNITS_HEADER = b"code,name,parent_code,head_email\n"


def _deflated_run(prefix: bytes, byte: bytes, size: int, suffix: bytes) -> tuple[bytes, int, int]:
    """(raw deflate data, CRC-32, uncompressed size) of prefix + byte × size + suffix."""
    chunk = byte * CHUNK
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.compress(suffix) + compressor.flush()
    count = size // CHUNK
    crc = zlib.crc32(prefix)
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(suffix, crc)
    return head + block * count + tail, crc, len(prefix) + count * CHUNK + len(suffix)


def _write_raw(archive: zipfile.ZipFile, name: str, data: bytes, crc: int, size: int,
               declared_size: int | None = None) -> None:
    """Add a member whose deflate data is already made (zipfile has no public way to)."""
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.CRC, info.compress_size = crc, len(data)
    info.file_size = size if declared_size is None else declared_size
    info.header_offset = archive.fp.tell()
    archive.fp.write(info.FileHeader())
    archive.fp.write(data)
    archive.filelist.append(info)
    archive.NameToInfo[name] = info
    archive.start_dir = archive.fp.tell()


def zip_bomb(path: Path, *, declared_size: int | None = None) -> Path:
    """A ~1.5 MB .zip whose units.csv expands to 1.5 GiB of zeros (issue 7 item 4)."""
    data, crc, size = _deflated_run(UNITS_HEADER, b"0", int(1.5 * GIB), b"\n")
    with zipfile.ZipFile(path, "w") as archive:
        _write_raw(archive, "units.csv", data, crc, size, declared_size)
    return path


def small_zip_bomb(path: Path) -> Path:
    """200 MB of zeros that declare 1 KB: a zip lying about its size."""
    data, crc, size = _deflated_run(UNITS_HEADER, b"0", 200 * 1024 * 1024, b"\n")
    with zipfile.ZipFile(path, "w") as archive:
        _write_raw(archive, "units.csv", data, crc, size, declared_size=1024)
    return path


def workbook_bytes() -> bytes:
    """A tiny, valid interchange workbook (one units sheet)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "units.csv"
    sheet.append(["code", "name", "parent_code", "head_email"])
    sheet.append(["ACME", "Acme", "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


def workbook_with(path: Path, replace: dict[str, bytes | None]) -> Path:
    """The tiny workbook with some parts replaced (None: left out)."""
    with zipfile.ZipFile(io.BytesIO(workbook_bytes())) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = replace.get(info.filename, source.read(info))
            if content is not None:
                target.writestr(info.filename, content)
    return path


def xlsx_bomb(path: Path) -> Path:
    """A ~1.5 MB .xlsx holding 1.5 GiB of whitespace inside <sheetData> (issue 7 item 10)."""
    with zipfile.ZipFile(io.BytesIO(workbook_bytes())) as source:
        sheet = source.read(SHEET)
        others = [(info.filename, source.read(info)) for info in source.infolist() if info.filename != SHEET]
    head, _sep, rest = sheet.partition(b"<sheetData>")
    data, crc, size = _deflated_run(head + b"<sheetData>", b" ", int(1.5 * GIB), rest)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in others:
            archive.writestr(name, content)
        _write_raw(archive, SHEET, data, crc, size)
    return path


BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                             for i in range(1, 10))
                  + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                  + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
                  + b"</sheetData></worksheet>")
EXTERNAL_ENTITY = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                   b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                   b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
                   b"</sheetData></worksheet>")
BROKEN_XML = b'<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1"'


def zip_of(path: Path, members: list[tuple[str, bytes]]) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns about a duplicate name
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in members:
                archive.writestr(name, content)
    return path
