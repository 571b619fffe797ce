"""The importer is a door like any other: a published objective's or key result's locked field
changed in a re-import is refused with "file:line: …" and nothing is stored; the optional status
column of objectives.csv (draft, proposed, agreed; published and closed only for a cycle that
already is) round-trips through the export."""

import pytest
from django.utils import timezone

from okrflow.actors import SYSTEM
from okrflow.cycles.models import Cycle
from okrflow.interchange.export import export_folder
from okrflow.interchange.loader import ImportRefused, import_folder
from okrflow.okrs.models import KeyResult, Objective, ObjectiveStatus
from tests.interchange import company
from tests.interchange.counting import row_counts

pytestmark = pytest.mark.django_db


def with_status(files, statuses: dict):
    """objectives.csv with a status column, `statuses` by ref (others empty)."""
    rows = files["objectives"]
    rows[0] = [*rows[0], "status"]
    for row in rows[1:]:
        row.append(statuses.get(row[0], ""))
    return files


@pytest.fixture
def published_q1(tmp_path):
    """The company imported, its quarter 2026Q1 published with its objectives."""
    org = import_folder(company.write_folder(tmp_path / "good"), actor=SYSTEM).organization
    Cycle.objects.filter(organization=org, code="2026Q1").update(published_at=timezone.now())
    Objective.objects.filter(organization=org, cycle__code="2026Q1").update(status=ObjectiveStatus.PUBLISHED)
    return org


def refused(tmp_path, files) -> list[str]:
    before = row_counts()
    versions = sorted(Objective.objects.values_list("ref", "version", "title", "status"))
    with pytest.raises(ImportRefused) as error:
        import_folder(company.write_folder(tmp_path / "bad", files), actor=SYSTEM)
    assert row_counts() == before
    assert sorted(Objective.objects.values_list("ref", "version", "title", "status")) == versions
    return error.value.messages


def test_a_published_objectives_new_title_is_refused_naming_file_and_line(published_q1, tmp_path):
    files = company.copy_files()
    files["objectives"][2][3] = "换一个标题"  # O2, in the published quarter
    files["objectives"][1][3] = "年度目标可以改"  # O1, in the annual cycle (not published): fine
    messages = refused(tmp_path, files)
    assert messages == ["objectives.csv:3: This objective is published: its title, description, owner "
                        "and parent are locked until the cycle closes."]
    assert Objective.objects.get(ref="O1").title == "成为行业领先的协作平台"


def test_a_published_key_results_new_target_is_refused(published_q1, tmp_path):
    files = company.copy_files()
    files["key_results"][3][5] = "150"  # KR2a of O2
    assert refused(tmp_path, files) == [
        "key_results.csv:4: This key result is published: its title, kind, start, target and weight are "
        "locked until the cycle closes."]
    assert KeyResult.objects.get(ref="KR2a").target_value == 200


def test_a_new_key_result_for_a_published_objective_is_refused(published_q1, tmp_path):
    files = company.copy_files()
    files["key_results"].append(["KR2c", "O2", "新增一个关键结果", "number", "0", "3", "", "1", "", ""])
    messages = refused(tmp_path, files)
    assert messages == ["key_results.csv:11: This objective is published: no key result can be added "
                        "until the cycle closes."]


def test_a_file_cannot_change_a_published_objectives_status(published_q1, tmp_path):
    messages = refused(tmp_path, with_status(company.copy_files(), {"O2": "draft"}))
    assert messages[0].startswith('objectives.csv:3: status "draft": a published objective keeps its state')


def test_a_published_objectives_unlocked_fields_still_import(published_q1, tmp_path):
    files = company.copy_files()
    files["objectives"][2][8] = "private"  # O2's visibility
    import_folder(company.write_folder(tmp_path / "ok", files), actor=SYSTEM)
    assert Objective.objects.get(ref="O2").visibility == "private"


def test_the_status_column_sets_drafts_and_proposals_and_defaults_to_agreed(tmp_path):
    files = with_status(company.copy_files(), {"O3": "draft", "O5": "proposed"})
    import_folder(company.write_folder(tmp_path / "in", files), actor=SYSTEM)
    assert dict(Objective.objects.values_list("ref", "status")) == {
        "O1": "agreed", "O2": "agreed", "O3": "draft", "O4": "agreed", "O5": "proposed", "O6": "agreed"}


@pytest.mark.parametrize(("status", "expected"), [
    ("published", 'objectives.csv:3: status "published": cycle "2026Q1" is not published'),
    ("closed", 'objectives.csv:3: status "closed": cycle "2026Q1" is not closed'),
    ("active", 'objectives.csv:3: unknown status "active": use draft, proposed or agreed')])
def test_a_status_the_cycle_does_not_allow_is_refused(tmp_path, status, expected):
    before = row_counts()
    files = with_status(company.copy_files(), {"O2": status})
    with pytest.raises(ImportRefused) as error:
        import_folder(company.write_folder(tmp_path / "bad", files), actor=SYSTEM)
    assert any(m.startswith(expected) for m in error.value.messages), error.value.messages
    assert row_counts() == before


def test_a_published_cycle_round_trips_with_its_status_column(published_q1, tmp_path):
    export_folder(published_q1, tmp_path / "out")
    exported = company.read_folder(tmp_path / "out")["objectives"]
    assert {row["ref"]: row["status"] for row in exported}["O2"] == "published"
    result = import_folder(tmp_path / "out", actor=SYSTEM)
    assert not result.changed


@pytest.mark.parametrize("status", ["", "agreed"])
def test_an_objective_agreed_by_the_file_in_a_published_cycle_is_published(published_q1, tmp_path, status):
    files = with_status(company.copy_files(), {"O7": status})
    files["objectives"].append(["O7", "2026Q1", "unit:SALES", "新市场", "", "", "", "bottom_up", "public",
                                status])
    import_folder(company.write_folder(tmp_path / "in", files), actor=SYSTEM)
    statuses = dict(Objective.objects.values_list("ref", "status"))
    assert statuses["O7"] == ObjectiveStatus.PUBLISHED
    assert statuses["O1"] == ObjectiveStatus.AGREED  # the annual cycle is not published


def test_a_file_changing_an_agreed_objective_keeps_it_agreed(tmp_path):
    """The file is the organization's record of what was agreed (interchange/writing.py)."""
    import_folder(company.write_folder(tmp_path / "first"), actor=SYSTEM)
    files = company.copy_files()
    files["objectives"][2][3] = "换一个标题"  # O2, agreed
    import_folder(company.write_folder(tmp_path / "second", files), actor=SYSTEM)
    assert Objective.objects.filter(ref="O2").values_list("title", "status").get() == (
        "换一个标题", ObjectiveStatus.AGREED)
