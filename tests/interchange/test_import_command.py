"""`okrflow import` / `okrflow export` on the console: clear messages, non-zero exit, no traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.interchange import company
from tests.interchange.counting import row_counts

OKRFLOW = Path(sys.executable).parent / "okrflow"


def _bad_files():
    files = company.copy_files()
    files["people"][3][2] = "XYZ"
    files["checkins"][1][3] = "120"
    return files


@pytest.mark.django_db
def test_the_import_command_refuses_bad_files_with_every_message(tmp_path):
    before = row_counts()

    with pytest.raises(CommandError) as refused:
        call_command("import", str(company.write_folder(tmp_path / "bad", _bad_files())))

    message = str(refused.value)
    assert 'people.csv:4: unknown unit code "XYZ"' in message
    assert "checkins.csv:2: confidence:" in message
    assert row_counts() == before


@pytest.mark.django_db
def test_the_export_command_needs_an_organization_to_export(tmp_path):
    with pytest.raises(CommandError):
        call_command("export", str(tmp_path / "out"))


@pytest.mark.skipif(not OKRFLOW.exists(), reason="the okrflow console script is not installed")
def test_the_console_import_exits_non_zero_with_messages_and_no_traceback(tmp_path):
    env = {**os.environ, "OKRFLOW_DATA_DIR": str(tmp_path / "data"), "LANGUAGE_CODE": "en",
           "DATABASE_URL": "sqlite:///{}".format(tmp_path / "okrflow.sqlite3")}
    env.pop("DJANGO_SETTINGS_MODULE", None)

    def okrflow(*args):
        return subprocess.run([str(OKRFLOW), *args], env=env, capture_output=True, text=True, timeout=240)

    assert okrflow("migrate", "--noinput", "--verbosity", "0").returncode == 0

    bad = okrflow("import", str(company.write_folder(tmp_path / "bad", _bad_files())))
    good = okrflow("import", str(company.write_folder(tmp_path / "good")))

    assert bad.returncode != 0
    assert 'people.csv:4: unknown unit code "XYZ"' in bad.stderr
    assert "Traceback" not in bad.stderr + bad.stdout
    assert good.returncode == 0, good.stderr
    assert "checkins.csv: 12 created" in good.stdout
