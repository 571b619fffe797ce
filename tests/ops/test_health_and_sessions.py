import datetime

from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone


def test_healthz_answers_200_with_json_once_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_a_session_expires_after_it_has_been_idle(client, bob):
    client.force_login(bob)
    assert client.get("/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_request_pushes_the_idle_expiry_forward_once_the_last_push_is_old(client, bob, settings):
    settings.SESSION_TOUCH_SECONDS = 0
    client.force_login(bob)
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(seconds=30))
    client.get("/")
    expiry = Session.objects.get().expire_date
    assert expiry > timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_page_views_within_the_touch_interval_do_not_write_the_session(client, bob, settings):
    settings.SESSION_TOUCH_SECONDS = 300
    client.force_login(bob)  # logging in saved the session and counts as the first push
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
        client.get("/okrs/mine/")
    writes = [q["sql"] for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]
    assert writes == []


def test_the_session_still_ends_after_the_idle_time(client, bob, settings):
    settings.SESSION_TOUCH_SECONDS = 300
    client.force_login(bob)
    client.get("/")
    # The last push happened just now; two idle hours later the session is gone.
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get("/").status_code == 302
