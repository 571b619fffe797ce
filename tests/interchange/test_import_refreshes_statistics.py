"""A large import leaves the query planner fresh statistics, so one person's page is read through
that person's index and not through the whole organization's."""

import pytest
from django.db import connection

from okrflow.actors import SYSTEM
from okrflow.interchange import loader
from tests.interchange.company import write_folder


def analyzed(table: str) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if not cursor.fetchone()[0]:
                return False
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
            return cursor.fetchone()[0] > 0
        cursor.execute("SELECT count(*) FROM pg_statistic s JOIN pg_class c ON c.oid = s.starelid "
                       "WHERE c.relname = %s", [table])
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True)
def test_a_large_import_refreshes_the_planner_statistics(tmp_path, monkeypatch):
    monkeypatch.setattr(loader, "PLANNER_STATISTICS_AFTER", 1)  # the test company is small
    loader.import_folder(write_folder(tmp_path / "files"), actor=SYSTEM)
    assert all(analyzed(table) for table in loader.ANALYZED_TABLES)


@pytest.mark.django_db(transaction=True)
def test_a_small_import_leaves_the_statistics_alone(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(loader, "refresh_planner_statistics", lambda: calls.append(1))
    loader.import_folder(write_folder(tmp_path / "files"), actor=SYSTEM)
    assert calls == []
