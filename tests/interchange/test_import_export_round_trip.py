"""Import a company from files, export it with scores, import again: nothing changes."""

import pytest
from django.core.management import call_command

from okrflow.actors import SYSTEM
from okrflow.audit.models import AuditEntry
from okrflow.checkins.models import CheckIn
from okrflow.interchange.export import export_folder
from okrflow.interchange.loader import import_folder
from okrflow.interchange.tables import WorkbookWriter, read_tables
from okrflow.okrs.models import KeyResult, Objective
from okrflow.org.models import Organization, Person, Unit
from tests.interchange import company
from tests.interchange.counting import row_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def folder(tmp_path):
    return company.write_folder(tmp_path / "in")


def test_it_creates_the_organization_named_by_the_root_unit(folder):
    result = import_folder(folder, actor=SYSTEM)

    org = Organization.objects.get(slug="xc")
    assert result.organization == org and org.name == "星辰科技"
    assert Unit.objects.for_org(org).get(parent=None).code == "XC"
    assert result.created == {"units": 4, "people": 5, "cycles": 2, "objectives": 6, "key_results": 9,
                              "checkins": 12}
    li = Person.objects.get(email="li@xc.test")
    assert li.manager.email == "wang@xc.test" and li.unit.code == "TECH" and li.role == "manager"
    assert Unit.objects.get(code="TECH").head == li
    assert not li.has_usable_password()


def test_a_new_organization_whose_root_unit_has_a_head_counts_every_unit_as_created(folder):
    # units.csv names the root's head: the root, made with the organization, is then written
    # once more; it was counted "updated" and the summary printed "-1 unchanged" (issue 7).
    result = import_folder(folder, actor=SYSTEM)

    summary = result.summary()
    units = (summary["created"]["units"], summary["updated"]["units"], summary["unchanged"]["units"])
    assert units == (4, 0, 0)
    assert min(summary["unchanged"].values()) == 0


def test_it_links_objectives_to_their_parent_objective_or_key_result(folder):
    import_folder(folder, actor=SYSTEM)

    assert Objective.objects.get(ref="O2").parent_key_result.ref == "KR1a"
    assert Objective.objects.get(ref="O3").parent_objective.ref == "O2"
    assert Objective.objects.get(ref="O4").owner_unit.code == "SALES"
    assert Objective.objects.get(ref="O1").category.name == "自有平台"


def test_it_keeps_the_latest_check_in_as_the_current_value(folder):
    import_folder(folder, actor=SYSTEM)

    kr = KeyResult.objects.get(ref="KR4a")
    assert (kr.current_value, kr.confidence, str(kr.last_checkin_date)) == (250000, 40, "2026-03-01")
    assert KeyResult.objects.get(ref="KR1a").current_value == 300


def test_the_export_gives_exactly_the_hand_computed_scores_and_grades(folder, tmp_path):
    org = import_folder(folder, actor=SYSTEM).organization

    export_folder(org, tmp_path / "out")

    files = company.read_folder(tmp_path / "out")
    assert {r["ref"]: (r["score"], r["grade"]) for r in files["objectives"]} == company.OBJECTIVE_SCORES
    key_results = {r["ref"]: r for r in files["key_results"]}
    assert {ref: r["score"] for ref, r in key_results.items()} == company.KR_SCORES
    for ref, (current, confidence) in company.KR_CURRENT.items():
        assert (key_results[ref]["current_value"], key_results[ref]["confidence"]) == (current, confidence)


def test_the_export_writes_numbers_without_noise_and_empty_cells_as_empty(folder, tmp_path):
    org = import_folder(folder, actor=SYSTEM).organization

    export_folder(org, tmp_path / "out")

    files = company.read_folder(tmp_path / "out")
    kr2b = next(r for r in files["key_results"] if r["ref"] == "KR2b")
    assert (kr2b["start_value"], kr2b["weight"], kr2b["due_date"]) == ("90", "1", "")
    checkin = next(r for r in files["checkins"] if r["kr_ref"] == "KR2b")
    assert (checkin["value"], checkin["confidence"], checkin["author_email"]) == ("94.5", "", "")
    assert {r["ref"]: r["owner"] for r in files["objectives"]}["O6"] == "company"


def test_a_second_import_changes_nothing(folder):
    import_folder(folder, actor=SYSTEM)
    before = row_counts()
    versions = dict(KeyResult.objects.values_list("ref", "version"))

    result = import_folder(folder, actor=SYSTEM)

    assert not result.changed
    assert result.unchanged == {"units": 4, "people": 5, "cycles": 2, "objectives": 6, "key_results": 9,
                                "checkins": 12}
    assert row_counts() == before
    assert dict(KeyResult.objects.values_list("ref", "version")) == versions


def test_an_import_writes_one_audit_entry_and_a_repeat_writes_none(folder):
    import_folder(folder, actor=SYSTEM)
    entries = AuditEntry.objects.filter(action="organization.import")
    assert entries.count() == 1
    assert entries.get().changes["import"][1]["created"]["checkins"] == 12

    import_folder(folder, actor=SYSTEM)

    assert entries.count() == 1


def test_the_export_reads_back_in_and_changes_nothing(folder, tmp_path):
    org = import_folder(folder, actor=SYSTEM).organization
    export_folder(org, tmp_path / "out")

    result = import_folder(tmp_path / "out", actor=SYSTEM)

    assert result.organization == org and not result.changed


def test_export_import_export_gives_the_same_files(folder, tmp_path):
    org = import_folder(folder, actor=SYSTEM).organization
    export_folder(org, tmp_path / "out")

    import_folder(tmp_path / "out", actor=SYSTEM)
    export_folder(org, tmp_path / "again")

    assert company.read_folder(tmp_path / "out") == company.read_folder(tmp_path / "again")


def test_an_xlsx_workbook_round_trips(folder, tmp_path):
    org = import_folder(folder, actor=SYSTEM).organization
    workbook = tmp_path / "company.xlsx"
    export_folder(org, workbook)

    assert not import_folder(workbook, actor=SYSTEM).changed
    objectives = read_tables(workbook)["objectives"]
    scores = {row["ref"]: (row["score"], row["grade"]) for _line, row in objectives.rows()}
    assert scores == company.OBJECTIVE_SCORES


def test_a_workbook_creates_an_organization(tmp_path):
    workbook = tmp_path / "company.xlsx"
    writer = WorkbookWriter(workbook)
    for name, rows in company.FILES.items():
        writer.write(name, rows[0], rows[1:])
    writer.close()

    result = import_folder(workbook, actor=SYSTEM)

    assert result.created["checkins"] == 12
    assert KeyResult.objects.get(ref="KR2a").current_value == 350


def test_a_byte_order_mark_is_accepted(tmp_path):
    result = import_folder(company.write_folder(tmp_path / "bom", bom=True), actor=SYSTEM)

    assert result.created["units"] == 4
    assert Unit.objects.filter(code="XC").exists()


def test_changed_rows_are_updated_by_code_email_and_ref(folder, tmp_path):
    import_folder(folder, actor=SYSTEM)
    files = company.copy_files()
    files["people"][3][1] = "张强强"
    files["key_results"][6][5] = "20"   # KR3b's target 10 → 20
    files["checkins"].append(["KR3b", "2026-03-25", "5", "40", "", "zhang@xc.test"])

    result = import_folder(company.write_folder(tmp_path / "changed", files), actor=SYSTEM)

    assert (result.updated["people"], result.updated["key_results"], result.created["checkins"]) == (1, 1, 1)
    assert Person.objects.get(email="zhang@xc.test").name == "张强强"
    assert KeyResult.objects.get(ref="KR3b").current_value == 5
    assert CheckIn.objects.count() == 13


def test_the_commands_import_and_export(folder, tmp_path, capsys):
    call_command("import", str(folder))
    call_command("export", str(tmp_path / "out"))

    out = capsys.readouterr().out
    assert "checkins.csv: 12 created, 0 updated, 0 unchanged" in out
    assert (tmp_path / "out" / "objectives.csv").exists()
