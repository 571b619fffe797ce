"""Is this archive safe to open? The one home of the checks on an uploaded .zip or .xlsx.

An .xlsx workbook is a zip too. Both are checked BEFORE anything extracts them or openpyxl opens
them (issue 7: a 1.5 MB .zip whose units.csv expanded to 1.5 GiB, an .xlsx with 1.5 GiB of
whitespace in its sheet XML): the size of the central directory and the number of members (read
from the end record, before zipfile builds one object per member), each member's declared size,
compression ratio, method and name, and the total. Python's zipfile never returns more bytes than
a member declares (it stops there, and the CRC check then fails), so the declared sizes bound what
openpyxl reads; extracting the CSV files still counts the bytes actually written and stops past
the budget.

The limits are settings (`IMPORT_MAX_*`, see okrflow/settings.py for the measured sizes of a real
export they leave room for).
"""

import struct
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils.translation import gettext as _

from okrflow.errors import DomainError

CHUNK = 1024 * 1024
# Members smaller than this may compress as well as they like (a sheet of empty rows does).
RATIO_FLOOR = 1024 * 1024
# Bytes per member in the central directory, at most, for a sane archive (46 fixed + its name).
CENTRAL_ENTRY_BYTES = 46 + 1024
END_RECORD = struct.Struct("<4s4H2LH")  # APPNOTE 4.3.16, 22 bytes and the comment
END_SIGNATURE = b"PK\x05\x06"
METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
# What a damaged zip raises while it is read.
READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError)


class UnsafeArchive(DomainError):
    """The archive is not opened: too big, too many members, an odd name, or not a zip at all."""

    def __init__(self, message):
        super().__init__("unsafe_archive", message)


def _limits() -> tuple[int, int, int]:
    return (settings.IMPORT_MAX_MEMBERS, settings.IMPORT_MAX_UNCOMPRESSED_MB * 1024 * 1024,
            settings.IMPORT_MAX_RATIO)


def _too_big(display_name: str) -> UnsafeArchive:
    return UnsafeArchive(_("{archive} expands to more than {size} MB; nothing was opened.").format(
        archive=display_name, size=settings.IMPORT_MAX_UNCOMPRESSED_MB))


def _end_record(path: Path) -> tuple[int, int] | None:
    """(number of members, central directory size) from the zip's end record; None if none."""
    with path.open("rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(0, size - END_RECORD.size - 65535))
        tail = handle.read()
    at = tail.rfind(END_SIGNATURE)
    if at < 0 or len(tail) - at < END_RECORD.size:
        return None
    fields = END_RECORD.unpack_from(tail, at)
    return fields[4], fields[5]  # entries in total, size of the central directory


def _unsafe_name(name: str) -> bool:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return not parts or parts[0] == "/" or ".." in parts or ":" in parts[0]


def check(path, display_name: str, not_readable) -> list[zipfile.ZipInfo]:
    """The members of the zip at `path` once they pass every check; UnsafeArchive names the
    uploaded file (`display_name`), never the server's path. `not_readable` is the message for a
    file that is no zip at all."""
    max_members, max_bytes, max_ratio = _limits()
    path = Path(path)
    end = _end_record(path)
    if end is None:
        raise UnsafeArchive(not_readable)
    members, directory_size = end
    if members > max_members or directory_size > max_members * CENTRAL_ENTRY_BYTES:
        raise UnsafeArchive(_("{archive} holds more than {count} files; nothing was opened.").format(
            archive=display_name, count=max_members))
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except READ_ERRORS:
        raise UnsafeArchive(not_readable) from None
    if len(infos) > max_members:
        raise UnsafeArchive(_("{archive} holds more than {count} files; nothing was opened.").format(
            archive=display_name, count=max_members))
    total, names = 0, set()
    for info in infos:
        entry = {"archive": display_name, "entry": info.filename}
        if _unsafe_name(info.filename):
            raise UnsafeArchive(_('{archive}: the entry "{entry}" points outside the archive.').format(
                **entry))
        if info.filename in names:
            raise UnsafeArchive(_('{archive}: the entry "{entry}" appears twice.').format(**entry))
        names.add(info.filename)
        if info.flag_bits & 0x1 or info.compress_type not in METHODS:
            raise UnsafeArchive(_('{archive}: the entry "{entry}" is encrypted or compressed in a way '
                                  "okrflow does not read.").format(**entry))
        total += info.file_size
        if total > max_bytes or (info.file_size > RATIO_FLOOR
                                 and info.file_size > max_ratio * max(info.compress_size, 1)):
            raise _too_big(display_name)
    return infos


def extract_csv_files(path, folder: Path, display_name: str, wanted: set[str]) -> None:
    """The interchange CSV files of the zip at `path`, written into `folder` under their own
    names: entries named like one of `wanted` must lie at the top of the zip (not in a folder);
    other entries (a README, a Mac's __MACOSX folder) are ignored. Streams with a byte budget."""
    not_readable = _("{archive} is not a readable .zip archive.").format(archive=display_name)
    chosen = []
    for info in check(path, display_name, not_readable):
        name = PurePosixPath(info.filename.replace("\\", "/")).name
        if info.is_dir() or name not in wanted:
            continue
        if info.filename != name:
            raise UnsafeArchive(_('{archive}: "{entry}" lies in a folder; put the CSV files at the top '
                                  "of the zip.").format(archive=display_name, entry=info.filename))
        chosen.append(info)
    budget = _limits()[1]
    try:
        with zipfile.ZipFile(path) as archive:
            for info in chosen:
                # Only the fixed, known names are written, so nothing lands outside `folder`.
                with archive.open(info) as source, (folder / info.filename).open("wb") as target:
                    while chunk := source.read(CHUNK):
                        budget -= len(chunk)
                        if budget < 0:
                            raise _too_big(display_name)
                        target.write(chunk)
    except READ_ERRORS:
        raise UnsafeArchive(not_readable) from None
