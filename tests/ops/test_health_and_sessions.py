import datetime

from django.contrib.sessions.models import Session
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


def test_every_request_pushes_the_idle_expiry_forward(client, bob, settings):
    client.force_login(bob)
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(seconds=30))
    client.get("/")
    expiry = Session.objects.get().expire_date
    assert expiry > timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
