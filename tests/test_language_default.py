"""okrflow is Chinese first: without a choice, people see zh-Hans."""

import os
import subprocess
import sys
from pathlib import Path


def test_the_default_language_of_an_install_is_simplified_chinese(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "LANGUAGE_CODE"}} | {
        "OKRFLOW_DATA_DIR": str(tmp_path)
    }
    okrflow = str(Path(sys.executable).with_name("okrflow"))
    result = subprocess.run(
        [okrflow, "shell", "-c", "from django.conf import settings; print(settings.LANGUAGE_CODE)"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.stdout.strip().splitlines()[-1] == "zh-hans", result.stderr


def test_the_login_page_speaks_chinese_by_default(client, db, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    response = client.get("/login/")
    assert 'lang="zh-hans"' in response.text
    assert "登录" in response.text


def test_a_browser_asking_for_english_gets_english(client, db, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Log in" in response.text
