"""Import and export in the web UI: administrators only, pinned to their own organization."""

import datetime
import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from okrflow.okrs.models import Objective
from okrflow.org.models import Person, Unit
from tests.okrs.factories import make_checkin, make_key_result, make_objective


@pytest.fixture
def okrs(q1, alice, bob):
    objective = make_objective(q1, owner=alice, title="让研发交付又快又稳", ref="TECH-O1")
    kr = make_key_result(objective, start=0, target=10, title="完成 10 次发布", ref="TECH-KR1", owner=bob)
    make_checkin(kr, 5, date=datetime.date(2026, 2, 1), confidence=70, author=bob)
    return objective


def export(client) -> bytes:
    response = client.get("/manage/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="acme-okrflow-')
    return b"".join(response.streaming_content)


def upload(client, name, content):
    return client.post("/manage/import-export/", {"file": SimpleUploadedFile(name, content)})


def zip_of(files: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_an_admin_downloads_a_workbook_with_scores(client, admin, okrs):
    client.force_login(admin)
    workbook = openpyxl.load_workbook(io.BytesIO(export(client)))
    assert {"units", "people", "cycles", "objectives", "key_results", "checkins"} <= {
        name.removesuffix(".csv") for name in workbook.sheetnames}
    sheet = workbook[next(n for n in workbook.sheetnames if n.startswith("objectives"))]
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, [cell.value for cell in sheet[2]], strict=False))
    assert row["ref"] == "TECH-O1"
    assert float(row["score"]) == 0.5
    assert row["grade"] == "fair"


def test_importing_the_exported_workbook_again_changes_nothing(client, admin, okrs):
    client.force_login(admin)
    response = upload(client, "acme.xlsx", export(client))
    assert response.status_code == 200
    assert "Nothing changed" in response.text


def test_a_bad_row_is_refused_with_its_file_and_line_and_nothing_is_stored(client, admin, tech):
    client.force_login(admin)
    people = ("email,name,unit_code,manager_email,role\n"
              "new@acme.test,New,TECH,,member\n"
              "x@acme.test,X,NOPE,,member\n")
    response = upload(client, "files.zip", zip_of({"people.csv": people}))
    assert "people.csv:3" in response.text
    assert "Nothing was stored" in response.text
    assert not Person.objects.filter(email="new@acme.test").exists()


def test_a_good_zip_adds_people(client, admin, tech):
    client.force_login(admin)
    people = "email,name,unit_code,manager_email,role\nnew@acme.test,新人,TECH,,member\n"
    response = upload(client, "files.zip", zip_of({"people.csv": people}))
    assert "Imported." in response.text
    assert Person.objects.get(email="new@acme.test").organization == admin.organization


def test_names_outside_the_folder_in_a_zip_are_refused(client, admin, tech, tmp_path):
    client.force_login(admin)
    people = "email,name,unit_code,manager_email,role\nzip@acme.test,Zip,TECH,,member\n"
    response = upload(client, "files.zip", zip_of({"../../people.csv": people, "../evil.sh": "rm -rf /"}))
    assert 'files.zip: the entry &quot;../../people.csv&quot; points outside the archive.' in response.text
    assert not Person.objects.filter(email="zip@acme.test").exists()


def test_another_organization_cannot_import_our_people(client, admin, okrs, mallory, other_org):
    client.force_login(admin)
    workbook = export(client)
    client.force_login(mallory)
    response = upload(client, "acme.xlsx", workbook)
    assert "Nothing was stored" in response.text
    assert not Objective.objects.for_org(other_org).exists()
    assert not Unit.objects.for_org(other_org).filter(code="TECH").exists()


def test_only_files_of_the_right_kind_are_accepted(client, admin):
    client.force_login(admin)
    response = upload(client, "notes.txt", b"hello")
    assert "Choose an .xlsx workbook" in response.text


@pytest.mark.parametrize("url", ["/manage/import-export/", "/manage/export.xlsx"])
def test_members_may_not_import_or_export(client, bob, url):
    client.force_login(bob)
    assert client.get(url).status_code == 403
