# ruff: noqa: E501  (one bad row per line reads best)
"""An import is all or nothing: every kind of bad row is refused with "file:line: message"
and nothing at all is stored."""

import pytest

from okrflow.actors import SYSTEM
from okrflow.interchange.loader import ImportRefused, import_folder
from okrflow.org.models import Person
from tests.interchange import company
from tests.interchange.counting import row_counts

pytestmark = pytest.mark.django_db


def _set(name, row, column, value):
    def change(files):
        files[name][row][column] = value
    return change


def _append(name, row):
    def change(files):
        files[name].append(row)
    return change


def _both(*changes):
    def change(files):
        for one in changes:
            one(files)
    return change


BAD_ROWS = {
    "unknown unit code": (_set("people", 3, 2, "XYZ"), 'people.csv:4: unknown unit code "XYZ"'),
    "unknown parent unit": (_set("units", 4, 2, "OPS"), 'units.csv:5: unknown unit code "OPS"'),
    "unknown manager": (_set("people", 3, 3, "nobody@xc.test"), 'people.csv:4: unknown email "nobody@xc.test"'),
    "manager loop": (_set("people", 1, 3, "zhang@xc.test"), 'people.csv:2: "wang@xc.test" manages themselves'),
    "confidence not whole": (_set("checkins", 1, 3, "50.5"),
                             "checkins.csv:2: confidence: Confidence is a whole number from 0 to 100."),
    "value with too many decimals": (_set("checkins", 1, 2, "1.123456"), "checkins.csv:2: value: Ensure"),
    "unknown head": (_set("units", 2, 3, "nobody@xc.test"), 'units.csv:3: unknown email "nobody@xc.test"'),
    "unknown cycle": (_set("objectives", 2, 1, "2030"), 'objectives.csv:3: unknown cycle code "2030"'),
    "unknown parent cycle": (_set("cycles", 2, 5, "2030"), 'cycles.csv:3: unknown cycle code "2030"'),
    "unknown parent ref": (_set("objectives", 3, 5, "O99"), 'objectives.csv:4: unknown parent ref "O99"'),
    "unknown objective ref": (_set("key_results", 1, 1, "O99"), 'key_results.csv:2: unknown objective ref "O99"'),
    "unknown key result ref": (_set("checkins", 1, 0, "KR99"), 'checkins.csv:2: unknown key result ref "KR99"'),
    "unknown check-in author": (_set("checkins", 4, 5, "x@xc.test"), 'checkins.csv:5: unknown email "x@xc.test"'),
    "unknown key result owner": (_set("key_results", 2, 8, "x@xc.test"),
                                 'key_results.csv:3: unknown email "x@xc.test"'),
    "bad cycle date": (_set("cycles", 2, 3, "2026-13-01"), "cycles.csv:3: start_date: Enter a date as YYYY-MM-DD."),
    "bad check-in date": (_set("checkins", 2, 1, "31/03/2026"), "checkins.csv:3: date: Enter a date as YYYY-MM-DD."),
    "bad due date": (_set("key_results", 3, 9, "soon"), "key_results.csv:4: due_date: Enter a date as YYYY-MM-DD."),
    "missing check-in date": (_set("checkins", 2, 1, ""), "checkins.csv:3: date: Enter a date as YYYY-MM-DD."),
    "target not a number": (_set("key_results", 1, 5, "五百"), "key_results.csv:2: target_value: Enter a number."),
    "value not a number": (_set("checkins", 3, 2, "abc"), "checkins.csv:4: value: Enter a number."),
    "weight not a number": (_set("key_results", 1, 7, "heavy"), "key_results.csv:2: weight: Enter a number."),
    "confidence above 100": (_set("checkins", 1, 3, "120"),
                             "checkins.csv:2: confidence: Confidence is a whole number from 0 to 100."),
    "confidence below 0": (_set("checkins", 1, 3, "-5"),
                           "checkins.csv:2: confidence: Confidence is a whole number from 0 to 100."),
    "unknown key result kind": (_set("key_results", 2, 3, "boolean"), 'key_results.csv:3: unknown kind "boolean"'),
    "unknown cycle kind": (_set("cycles", 1, 2, "yearly"), 'cycles.csv:2: unknown cycle kind "yearly"'),
    "unknown owner form": (_set("objectives", 1, 2, "team:TECH"), 'objectives.csv:2: unknown owner "team:TECH"'),
    "unknown owner unit": (_set("objectives", 2, 2, "unit:XYZ"), 'objectives.csv:3: unknown owner "unit:XYZ"'),
    "unknown owner person": (_set("objectives", 3, 2, "person:x@xc.test"),
                             'objectives.csv:4: unknown owner "person:x@xc.test"'),
    "unknown role": (_set("people", 2, 4, "boss"), 'people.csv:3: unknown role "boss"'),
    "unknown origin": (_set("objectives", 1, 7, "sideways"), 'objectives.csv:2: unknown origin "sideways"'),
    "unknown visibility": (_set("objectives", 1, 8, "secret"), 'objectives.csv:2: unknown visibility "secret"'),
    "negative weight": (_set("key_results", 1, 7, "-1"),
                        "key_results.csv:2: weight: The weight must be greater than zero."),
    "zero weight": (_set("key_results", 1, 7, "0"), "key_results.csv:2: weight: The weight must be greater than zero."),
    "unit loop": (_set("units", 2, 2, "TECH-FE"), 'units.csv:3: unit "TECH" lies inside itself'),
    "objective loop": (_set("objectives", 2, 5, "O3"), 'objectives.csv:3: objective "O2" supports itself'),
    "objective loop through a key result": (
        _both(_set("objectives", 1, 5, "KR3a"), _set("objectives", 1, 1, "2026Q1")),
        'objectives.csv:2: objective "O1" supports itself'),
    "duplicate objective ref": (_append("objectives", ["O6", "2026Q1", "company", "重复", "", "", "", "", ""]),
                                'objectives.csv:8: duplicate ref "O6"'),
    "duplicate key result ref": (_append("key_results", ["KR1a", "O1", "重复", "", "0", "1", "", "", "", ""]),
                                 'key_results.csv:11: duplicate ref "KR1a"'),
    "duplicate unit code": (_append("units", ["TECH", "技术中心二", "XC", ""]), 'units.csv:6: duplicate unit code "TECH"'),
    "duplicate cycle code": (_append("cycles", ["2026Q1", "again", "quarterly", "2026-01-01", "2026-03-31", ""]),
                             'cycles.csv:4: duplicate cycle code "2026Q1"'),
    "duplicate email in another case": (_append("people", ["LI@XC.test", "李娜", "TECH", "", "member"]),
                                        'people.csv:7: duplicate email "li@xc.test"'),
    "cycle ending before it starts": (_set("cycles", 2, 4, "2025-12-31"),
                                      "cycles.csv:3: A cycle cannot end before it starts."),
    "cycle outside its parent": (_set("cycles", 2, 4, "2027-03-31"),
                                 "cycles.csv:3: The cycle must lie inside its parent cycle"),
    "objective supporting a later cycle": (_set("objectives", 1, 5, "O5"),
                                           "objectives.csv:2: An objective can support only OKRs of its own cycle"),
    "two roots": (_set("units", 3, 2, ""), "units.csv:4: exactly one unit must have no parent"),
    "bad unit code": (_set("units", 4, 0, "前端"), "units.csv:5: code: Use 1-40 letters"),
    "bad email": (_set("people", 5, 0, "zhao-at-xc"), "people.csv:6: email: Enter a valid email address."),
    "missing name": (_set("people", 5, 1, ""), "people.csv:6: name: This field cannot be blank."),
    "title too long": (_set("objectives", 1, 3, "长" * 201), "objectives.csv:2: title: Ensure this value has at most"),
    "missing column": (_set("people", 0, 4, "rolle"), "people.csv:1: missing columns: role"),
}


def _refused(tmp_path, change) -> list[str]:
    files = company.copy_files()
    change(files)
    with pytest.raises(ImportRefused) as refused:
        import_folder(company.write_folder(tmp_path / "bad", files), actor=SYSTEM)
    return refused.value.messages


@pytest.mark.parametrize("change,expected", BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_it_refuses_a_bad_row_naming_file_and_line_and_stores_nothing(tmp_path, change, expected):
    before = row_counts()

    messages = _refused(tmp_path, change)

    assert any(m.startswith(expected) for m in messages), messages
    assert row_counts() == before


@pytest.mark.parametrize("change,expected", BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_it_refuses_a_bad_row_into_an_existing_organization_and_changes_nothing(tmp_path, change, expected):
    import_folder(company.write_folder(tmp_path / "good"), actor=SYSTEM)
    before = row_counts()

    messages = _refused(tmp_path, change)

    assert any(m.startswith(expected) for m in messages), messages
    assert row_counts() == before


def test_it_lists_every_problem_not_only_the_first(tmp_path):
    messages = _refused(tmp_path, _both(_set("people", 3, 2, "XYZ"), _set("checkins", 1, 3, "120"),
                                        _set("key_results", 1, 7, "0")))

    assert [m.split(":")[0] for m in messages] == ["people.csv", "key_results.csv", "checkins.csv"]


def test_it_stops_listing_at_a_sane_number_of_problems(tmp_path):
    rows = [["KR99", "2026-01-01", "1", "", "", ""]] * 500
    messages = _refused(tmp_path, lambda files: files["checkins"].extend(rows))

    assert 100 < len(messages) < 300
    assert messages[-1].startswith("Too many problems")


def test_line_numbers_count_lines_of_the_file_even_inside_multi_line_notes(tmp_path):
    def change(files):
        files["checkins"][1][4] = "第一行\n第二行"
        files["checkins"][3][2] = "abc"

    assert "checkins.csv:5: value: Enter a number." in _refused(tmp_path, change)


def test_a_changed_row_is_not_stored_when_another_row_is_bad(tmp_path):
    import_folder(company.write_folder(tmp_path / "good"), actor=SYSTEM)

    _refused(tmp_path, _both(_set("people", 3, 1, "新名字"), _set("checkins", 1, 3, "120")))

    assert Person.objects.get(email="zhang@xc.test").name == "张强"


def test_it_refuses_an_email_that_belongs_to_another_organization(tmp_path, mallory):
    before = row_counts()

    messages = _refused(tmp_path, _set("people", 5, 0, "mallory@globex.test"))

    assert messages == ['people.csv:6: "mallory@globex.test" belongs to someone in another organization']
    assert row_counts() == before


def test_it_refuses_a_path_that_does_not_exist(tmp_path):
    with pytest.raises(ImportRefused) as refused:
        import_folder(tmp_path / "nowhere", actor=SYSTEM)

    assert "No such file or folder" in refused.value.messages[0]


def test_it_refuses_a_file_that_is_not_utf8(tmp_path):
    folder = company.write_folder(tmp_path / "latin")
    (folder / "people.csv").write_bytes("email,name,unit_code,manager_email,role\nw@xc.test,Wéi,XC,,\n".encode("latin-1"))

    with pytest.raises(ImportRefused) as refused:
        import_folder(folder, actor=SYSTEM)

    assert refused.value.messages == ["people.csv is not UTF-8 text."]
