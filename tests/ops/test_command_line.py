"""The `okrflow` console script, run as a real process where that is the behaviour."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from okrflow.demo import DEMO_LOGINS, DEMO_SLUG
from okrflow.org.models import ApiToken, Organization, Person

OKRFLOW = str(Path(sys.executable).with_name("okrflow"))


# Variables tests/settings.py sets for the test process; a real install has none of them.
TEST_ONLY_ENV = {"DJANGO_SETTINGS_MODULE", "HTTPS", "OKRFLOW_PLAIN_STATIC", "SECRET_KEY", "DEBUG",
                 "DJANGO_ALLOW_ASYNC_UNSAFE", "LANGUAGE_CODE"}


def clean_env(extra=None) -> dict:
    return {k: v for k, v in os.environ.items() if k not in TEST_ONLY_ENV} | (extra or {})


def run_okrflow(*args, env=None, timeout=60):
    full_env = clean_env(env)
    return subprocess.run([OKRFLOW, *args], capture_output=True, text=True, env=full_env,
                          timeout=timeout)


def production_env(tmp_path, **extra):
    return {"DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "okr.example.com",
            "OKRFLOW_DATA_DIR": str(tmp_path), **extra}


def test_the_deploy_check_passes_under_production_settings(tmp_path):
    result = run_okrflow("check", "--deploy", "--fail-level", "WARNING",
                         env=production_env(tmp_path, OKRFLOW_BASE_URL="https://okr.example.com"))
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_warns_when_the_base_url_is_not_set(tmp_path):
    result = run_okrflow("check", "--deploy", "--fail-level", "WARNING",
                         env=production_env(tmp_path, LANGUAGE_CODE="en"))
    assert result.returncode != 0
    assert "okrflow.W001" in result.stderr and "OKRFLOW_BASE_URL is not set" in result.stderr


def test_the_deploy_check_fails_when_debug_is_left_on(tmp_path):
    result = run_okrflow("check", "--deploy", "--fail-level", "WARNING",
                         env=production_env(tmp_path, DEBUG="true"))
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_production_settings_send_hsts_and_a_content_security_policy(db, client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/healthz", secure=True)
    assert "max-age=31536000" in response["Strict-Transport-Security"]
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_without_secret_key_a_random_one_is_kept_in_the_data_folder(tmp_path):
    env = {"OKRFLOW_DATA_DIR": str(tmp_path), "SECRET_KEY": ""}
    show_key = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = run_okrflow("shell", "-c", show_key, env=env)
    second = run_okrflow("shell", "-c", show_key, env=env)
    assert first.returncode == 0, first.stderr
    assert len(first.stdout.strip()) >= 50
    assert first.stdout == second.stdout
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_runs_a_production_server_that_answers_healthz(tmp_path):
    env = production_env(tmp_path, HTTPS="false", ALLOWED_HOSTS="127.0.0.1",
                         DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert run_okrflow("migrate", "--noinput", "-v0", env=env).returncode == 0
    port = _free_port()
    full_env = clean_env(env)
    server = subprocess.Popen([OKRFLOW, "serve", "--port", str(port), "--workers", "1"], env=full_env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        body = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    body = response.read().decode()
                    break
            except OSError:
                time.sleep(0.2)
        assert body is not None, "the server never answered"
        assert '"status": "ok"' in body
        # An oversized body is refused by its declared length, before any of it is sent.
        assert _raw_post(port, "Content-Length: 50000000").startswith(b"HTTP/1.1 413")
        assert _raw_post(port, "Transfer-Encoding: chunked").startswith(b"HTTP/1.1 411")
    finally:
        server.terminate()
        server.wait(timeout=20)
    output = server.stdout.read()
    assert b"gunicorn" in output.lower()
    assert b"OKRFLOW_BASE_URL" in output  # production_env sets none: serve says so at start


def _raw_post(port: int, length_header: str) -> bytes:
    """The status line and headers gunicorn answers a POST of /login/ whose body never comes."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"POST /login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n{length_header}\r\n"
                     "Content-Type: application/x-www-form-urlencoded\r\n\r\n".encode())
        return sock.recv(4096)


def test_token_create_prints_a_working_token_on_its_last_line(bob, capsys):
    call_command("token", "create", "BOB@acme.test")
    key = capsys.readouterr().out.strip().splitlines()[-1]
    token = ApiToken.objects.get(key_hash=ApiToken.hash_key(key))
    assert token.person == bob
    assert token.hint == key[:8]


def test_token_create_names_an_unknown_email_clearly(db):
    with pytest.raises(CommandError, match="nobody@nowhere.test"):
        call_command("token", "create", "nobody@nowhere.test")


def test_token_revoke_stops_a_token(bob, capsys):
    call_command("token", "create", "bob@acme.test")
    key = capsys.readouterr().out.strip().splitlines()[-1]
    call_command("token", "revoke", key[:8])
    assert ApiToken.objects.get(key_hash=ApiToken.hash_key(key)).revoked_at is not None


def test_createadmin_makes_an_administrator_who_can_log_in(org, monkeypatch, client):
    monkeypatch.setenv("OKRFLOW_ADMIN_PASSWORD", "a-long-admin-secret-77")
    call_command("createadmin", "Boss@Acme.test", "--name", "Boss")
    boss = Person.objects.get(email="boss@acme.test")
    assert boss.role == "admin" and boss.is_staff and not boss.is_superuser
    assert boss.check_password("a-long-admin-secret-77")


def test_createadmin_refuses_a_weak_password(org, monkeypatch):
    monkeypatch.setenv("OKRFLOW_ADMIN_PASSWORD", "12345678")
    with pytest.raises(CommandError):
        call_command("createadmin", "weak@acme.test")
    assert not Person.objects.filter(email="weak@acme.test").exists()


def test_commands_that_need_an_organization_say_which_when_there_are_several(org, other_org):
    with pytest.raises(CommandError, match="--org"):
        call_command("createadmin", "x@acme.test")


def test_demo_loads_the_company_of_the_guides_once(db, capsys):
    call_command("demo", "--if-empty")
    call_command("demo", "--if-empty")
    org = Organization.objects.get(slug=DEMO_SLUG)
    assert Organization.objects.count() == 1
    names = set(org.root_unit().children.values_list("name", flat=True))
    assert {"总经办", "技术中心", "项目中心", "销售部", "财务部"} <= names
    assert org.mission and org.vision  # the leadership step starts from them: the book shows them
    assert Person.objects.for_org(org).count() >= 40
    for email, _who in DEMO_LOGINS:
        assert Person.objects.for_org(org).filter(email=email, is_active=True).exists()


def test_demo_is_not_loaded_over_another_organization(org, capsys):
    call_command("demo", "--if-empty")
    assert not Organization.objects.filter(slug=DEMO_SLUG).exists()


def test_the_worker_command_is_installed():
    result = run_okrflow("worker", "--help", env={"OKRFLOW_DATA_DIR": "/tmp"})
    assert result.returncode == 0
    assert "background jobs" in result.stdout


def test_the_demo_has_aligned_okrs_with_weeks_of_check_ins(db):
    import datetime

    from okrflow.checkins.models import CheckIn
    from okrflow.demo import load_demo
    from okrflow.okrs.models import Objective
    from okrflow.okrs.scoring import objective_scores

    org = load_demo(today=datetime.date(2026, 11, 24))
    quarter = Objective.objects.for_org(org).filter(cycle__code="2026-Q4")
    assert quarter.count() >= 10
    assert quarter.filter(parent_objective__isnull=True, parent_key_result__isnull=True).count() <= 2
    weeks = CheckIn.objects.for_org(org).dates("date", "week")
    assert len(weeks) >= 7
    scores = objective_scores(quarter)
    assert all(score is not None and 0 < score < 1 for score in scores.values())
    drop = CheckIn.objects.for_org(org).filter(key_result__ref="XY-Q4-KR1", confidence=40).get()
    assert drop.note  # the demo's one big confidence drop is explained


def test_token_list_shows_tokens_but_never_their_secret(bob, capsys):
    call_command("token", "create", "bob@acme.test", "--name", "CI")
    key = capsys.readouterr().out.strip().splitlines()[-1]
    call_command("token", "list")
    listing = capsys.readouterr().out
    assert "bob@acme.test" in listing and key[:8] in listing
    assert key not in listing
