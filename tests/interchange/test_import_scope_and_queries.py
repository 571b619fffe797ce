# ruff: noqa: E501  (data rows read best one per line)
"""Which organization an import lands in, partial files, and a query count that does not grow
with the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrflow.actors import SYSTEM
from okrflow.checkins.models import CheckIn
from okrflow.interchange.loader import ImportRefused, import_folder
from okrflow.okrs.models import KeyResult
from okrflow.org.models import Organization
from tests.interchange import company

pytestmark = pytest.mark.django_db


def test_org_names_the_slug_of_a_new_organization(tmp_path):
    result = import_folder(company.write_folder(tmp_path / "in"), org_slug="xingchen", actor=SYSTEM)

    assert result.organization.slug == "xingchen"
    assert not Organization.objects.filter(slug="xc").exists()


def test_it_refuses_files_whose_root_differs_from_the_organization_root(tmp_path, org):
    with pytest.raises(ImportRefused) as refused:
        import_folder(company.write_folder(tmp_path / "in"), org_slug=org.slug, actor=SYSTEM)

    assert refused.value.messages == ['units.csv:2: the root unit is "ROOT" in this organization']


def test_partial_files_update_the_only_organization(tmp_path):
    import_folder(company.write_folder(tmp_path / "in"), actor=SYSTEM)
    files = {"checkins": [company.FILES["checkins"][0], ["KR3b", "2026-03-28", "7.5", "", "", ""]]}

    result = import_folder(company.write_folder(tmp_path / "more", files), actor=SYSTEM)

    assert result.created["checkins"] == 1
    assert KeyResult.objects.get(ref="KR3b").current_value == 7.5
    assert CheckIn.objects.count() == 13


def test_it_refuses_to_create_an_organization_without_units(tmp_path):
    files = {"checkins": company.FILES["checkins"]}

    with pytest.raises(ImportRefused) as refused:
        import_folder(company.write_folder(tmp_path / "in", files), org_slug="new", actor=SYSTEM)

    assert refused.value.messages[0].startswith("units.csv is needed")
    assert not Organization.objects.exists()


def _bigger(extra: int) -> dict:
    files = company.copy_files()
    for i in range(extra):
        files["people"].append([f"p{i}@xc.test", f"员工{i}", "TECH-FE", "li@xc.test", "member"])
        files["objectives"].append([f"P{i}", "2026Q1", f"person:p{i}@xc.test", f"目标{i}", "", "O2", "", "", ""])
        files["key_results"].append([f"PK{i}", f"P{i}", f"关键结果{i}", "", "0", "10", "", "", "", ""])
        files["checkins"].append([f"PK{i}", "2026-02-02", str(i % 10), "50", "", ""])
    return files


def _queries(folder) -> int:
    with CaptureQueriesContext(connection) as queries:
        import_folder(folder, actor=SYSTEM)
    # A large import also refreshes the planner's statistics: a fixed handful of ANALYZE
    # statements (tests/interchange/test_import_refreshes_statistics.py), not rows.
    return len([q for q in queries if not q["sql"].startswith("ANALYZE")])


def test_the_number_of_queries_does_not_grow_with_the_rows(tmp_path, org, other_org):
    small = _queries(company.write_folder(tmp_path / "small", _bigger(1)))
    big_org_files = _bigger(300)
    for rows in big_org_files.values():  # another company: other codes, emails and refs
        for row in rows[1:]:
            row[:] = ["YY" if cell == "XC" else cell.replace("xc.test", "yy.test") for cell in row]

    big = _queries(company.write_folder(tmp_path / "big", big_org_files))

    assert big == small
