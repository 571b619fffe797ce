"""Hostile uploads (issue 7 items 4, 9, 10, 12): every one refused with its message within a few
seconds, through the web import page and `okrflow import` alike, nothing stored, no temporary
folder left, the server's paths never shown, and the importing process's memory bounded.

The bombs are the issue's: 1.5 MB files expanding to 1.5 GiB. The time bound (10 s) only guards
against a hang; each refusal takes well under a second once the file is built.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from okrflow.actors import SYSTEM
from okrflow.interchange.loader import ImportRefused, import_folder
from okrflow.org.models import Person
from tests.interchange import company
from tests.interchange.counting import row_counts
from tests.security import hostile_files as hostile

SECONDS = 10
# The bound on the importing process's peak memory growth for a bomb (its file is 1.5 MB; the
# issue saw 3.1 GB). Measured growth is a few MB: the archive is refused before it is read.
MEMORY_GROWTH_MB = 200
BIG = "expands to more than 1024 MB; nothing was opened."
NOT_A_ZIP = "is not a readable .zip archive."
NOT_A_WORKBOOK = "is not a readable .xlsx workbook."
PEOPLE = b"email,name,unit_code,manager_email,role\n"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def bombs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bombs")
    return {"zip": hostile.zip_bomb(folder / "bomb.zip"),
            "xlsx": hostile.xlsx_bomb(folder / "bomb.xlsx"),
            "lying zip": hostile.small_zip_bomb(folder / "lying.zip")}


def _build(case: str, tmp_path: Path, bombs) -> Path:
    if case in bombs:
        return bombs[case]
    workbook_parts = {"billion laughs": {hostile.SHEET: hostile.BILLION_LAUGHS},
                      "external entity": {hostile.SHEET: hostile.EXTERNAL_ENTITY},
                      "broken xml": {hostile.SHEET: hostile.BROKEN_XML},
                      "entity in workbook.xml": {"xl/workbook.xml": hostile.BILLION_LAUGHS},
                      "missing workbook part": {"xl/workbook.xml": None}}
    if case in workbook_parts:
        return hostile.workbook_with(tmp_path / "hostile.xlsx", workbook_parts[case])
    zips = {"nul byte": [("people.csv", PEOPLE + b"nul@acme.test,Nu\x00ll,,,member\n")],
            "escape character": [("people.csv", PEOPLE + b"esc@acme.test,Esc\x1b[31m,,,member\n")],
            "invalid utf-8": [("people.csv", PEOPLE + "w@acme.test,Wéi,,,member\n".encode("latin-1"))],
            "duplicate name": [("people.csv", PEOPLE + b"a@acme.test,A,,,member\n"),
                               ("people.csv", PEOPLE + b"b@acme.test,B,,,member\n")],
            "name in a folder": [("export/people.csv", PEOPLE + b"a@acme.test,A,,,member\n")],
            "absolute name": [("/etc/people.csv", PEOPLE + b"a@acme.test,A,,,member\n")],
            "too many members": [(f"notes/{n}.txt", b"x") for n in range(201)]}
    if case in zips:
        return hostile.zip_of(tmp_path / "hostile.zip", zips[case])
    if case == "bzip2 member":
        with zipfile.ZipFile(tmp_path / "hostile.zip", "w", zipfile.ZIP_BZIP2) as archive:
            archive.writestr("people.csv", PEOPLE)
        return tmp_path / "hostile.zip"
    raw = {"empty zip": ("hostile.zip", b""), "empty xlsx": ("hostile.xlsx", b""),
           "text named .zip": ("hostile.zip", b"just some text, not an archive\n" * 10),
           "text named .xlsx": ("hostile.xlsx", b"<html>not a workbook</html>\n" * 10)}
    name, content = raw[case]
    (tmp_path / name).write_bytes(content)
    return tmp_path / name


# case → the message (after the file's name where one is named)
CASES = {
    "zip": BIG,
    "xlsx": BIG,
    "lying zip": NOT_A_ZIP,
    "billion laughs": NOT_A_WORKBOOK,
    "external entity": NOT_A_WORKBOOK,
    "broken xml": NOT_A_WORKBOOK,
    "entity in workbook.xml": NOT_A_WORKBOOK,
    "missing workbook part": NOT_A_WORKBOOK,
    "nul byte": "people.csv:2: name: the control character U+0000 is not allowed",
    "escape character": "people.csv:2: name: the control character U+001B is not allowed",
    "invalid utf-8": "people.csv is not UTF-8 text.",
    "duplicate name": 'the entry "people.csv" appears twice.',
    "name in a folder": '"export/people.csv" lies in a folder; put the CSV files at the top of the zip.',
    "absolute name": 'the entry "/etc/people.csv" points outside the archive.',
    "too many members": "holds more than 200 files; nothing was opened.",
    "bzip2 member": 'the entry "people.csv" is encrypted or compressed in a way okrflow does not read.',
    "empty zip": NOT_A_ZIP,
    "empty xlsx": NOT_A_WORKBOOK,
    "text named .zip": NOT_A_ZIP,
    "text named .xlsx": NOT_A_WORKBOOK,
}
# Django's file field refuses an empty upload before the importer sees it.
EMPTY = "The submitted file is empty."
WEB_CASES = {**CASES, "empty zip": EMPTY, "empty xlsx": EMPTY}


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """Temporary files (the importer's folder, Django's spooled upload) go to a folder of this
    test's own, so that what is left behind is seen exactly, whatever else runs beside it."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.mark.parametrize("case", list(WEB_CASES))
def test_a_hostile_upload_is_refused_on_the_web_page(case, client, admin, tech, tmp_path, bombs, private_tmp):
    path = _build(case, tmp_path, bombs)
    client.force_login(admin)
    before = row_counts()
    name = "hostile" + path.suffix

    started = time.monotonic()
    response = client.post("/manage/import-export/",
                           {"file": SimpleUploadedFile(name, path.read_bytes())})
    seconds = time.monotonic() - started

    assert response.status_code == 200
    text = response.content.decode().replace("&quot;", '"')
    assert WEB_CASES[case] in text
    assert seconds < SECONDS
    assert row_counts() == before
    assert list(private_tmp.iterdir()) == []
    assert "okrflow-import-" not in text and str(tmp_path) not in text


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_file_is_refused_by_the_import_command(case, org, tmp_path, bombs, private_tmp):
    path = _build(case, tmp_path, bombs)
    before = row_counts()

    started = time.monotonic()
    with pytest.raises(CommandError) as refused:
        call_command("import", str(path), org_slug="acme")
    seconds = time.monotonic() - started

    assert CASES[case] in str(refused.value)
    assert str(refused.value).startswith("Nothing was imported:")
    assert seconds < SECONDS
    assert row_counts() == before
    assert list(private_tmp.iterdir()) == []


def test_refusals_name_the_uploaded_file_not_the_server_path(db, tmp_path):
    path = hostile.zip_of(tmp_path / "upload.zip", [("export/people.csv", PEOPLE)])

    with pytest.raises(ImportRefused) as refused:
        import_folder(path, label="my files.zip", actor=SYSTEM)

    assert refused.value.messages == [
        'my files.zip: "export/people.csv" lies in a folder; put the CSV files at the top of the zip.']


def test_entries_that_are_not_interchange_files_are_ignored(client, admin, tech, tmp_path):
    path = hostile.zip_of(tmp_path / "files.zip", [
        ("people.csv", PEOPLE + b"zip@acme.test,Zip,TECH,,member\n"),
        ("README.txt", b"exported on Monday"), ("__MACOSX/._people.csv", b"\x00\x05\x16\x07")])
    client.force_login(admin)

    response = client.post("/manage/import-export/",
                           {"file": SimpleUploadedFile("files.zip", path.read_bytes())})

    assert "Imported." in response.text
    assert Person.objects.get(email="zip@acme.test").name == "Zip"


def test_a_tab_and_line_breaks_are_ordinary_text(org, tmp_path):
    path = hostile.zip_of(tmp_path / "files.zip", [
        ("people.csv", PEOPLE + b'tab@acme.test,"Tab\tand\r\nlines",,,member\n')])

    import_folder(path, "acme", actor=SYSTEM)

    assert Person.objects.get(email="tab@acme.test").name == "Tab\tand\r\nlines"


def test_a_control_character_in_a_checkin_note_is_refused(db, tmp_path):
    files = company.copy_files()
    files["checkins"][3][4] = "done\x07"
    folder = company.write_folder(tmp_path / "bell", files)

    with pytest.raises(ImportRefused) as refused:
        import_folder(folder, actor=SYSTEM)

    assert refused.value.messages == ["checkins.csv:4: note: the control character U+0007 is not allowed"]


def test_openpyxl_parses_workbooks_with_defused_xml():
    import openpyxl

    assert openpyxl.DEFUSEDXML is True  # defusedxml is installed (requirements.txt) and not turned off


CHILD = """
import json, os, resource, sys, time
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
import django
django.setup()
import openpyxl  # loaded before the baseline: its import is not the bomb's cost
from django.utils import translation
from okrflow.actors import SYSTEM
from okrflow.interchange.loader import ImportRefused, import_folder
translation.activate("en")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.monotonic()
try:
    import_folder(sys.argv[1], "acme", actor=SYSTEM)
    messages = []
except ImportRefused as refused:
    messages = refused.messages
print(json.dumps({"growth_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before,
                  "seconds": time.monotonic() - started, "messages": messages}))
"""


@pytest.mark.parametrize("case", ["zip", "xlsx", "lying zip"])
def test_a_bomb_leaves_the_importing_process_memory_bounded(case, bombs, tmp_path):
    env = {**os.environ, "OKRFLOW_DATA_DIR": str(tmp_path / "data")}
    child = subprocess.run([sys.executable, "-c", CHILD, str(bombs[case])], capture_output=True, text=True,
                           timeout=60, env=env, cwd=Path(__file__).resolve().parents[2])
    assert child.returncode == 0, child.stderr
    report = json.loads(child.stdout.strip().splitlines()[-1])

    assert report["messages"] and CASES[case] in report["messages"][0]
    assert report["growth_kb"] < MEMORY_GROWTH_MB * 1024, report
    assert report["seconds"] < SECONDS


def test_the_limits_are_settings_an_operator_can_change(db, settings, tmp_path):
    workbook = tmp_path / "small.xlsx"
    workbook.write_bytes(hostile.workbook_bytes())
    settings.IMPORT_MAX_MEMBERS = 3

    with pytest.raises(ImportRefused) as refused:
        import_folder(workbook, label="small.xlsx", actor=SYSTEM)

    assert refused.value.messages == ["small.xlsx holds more than 3 files; nothing was opened."]
