"""Request bodies over the cap are refused by their declared length, before the CSRF check
reads (and spools) them; the import page has its own, larger cap."""

import pytest
from django.test import Client

from okrflow.web.views.transfer import MAX_UPLOAD_BYTES

KIB = 1024


@pytest.fixture
def small_caps(settings):
    settings.OKRFLOW_MAX_BODY_BYTES = 4 * KIB
    settings.OKRFLOW_MAX_IMPORT_BODY_BYTES = 64 * KIB


def _post(client, path, size, **extra):
    return client.generic("POST", path, b"x" * size, content_type="application/octet-stream", **extra)


def test_an_anonymous_post_over_the_cap_is_refused_before_the_csrf_check(db, small_caps):
    client = Client(enforce_csrf_checks=True)
    response = _post(client, "/login/", 5 * KIB)
    assert response.status_code == 413  # not 403: the CSRF check never read the body
    assert "The request is too large" in response.content.decode()


def test_a_post_within_the_cap_goes_on_to_the_csrf_check(db, small_caps):
    client = Client(enforce_csrf_checks=True)
    assert _post(client, "/login/", 3 * KIB).status_code == 403


def test_the_api_refuses_an_oversized_body_in_its_json_shape(db, small_caps):
    response = _post(Client(), "/api/v1/objectives", 5 * KIB)
    assert response.status_code == 413
    body = response.json()
    assert body["code"] == "request_too_large" and body["field"] is None
    assert "at most" in body["message"]


def test_the_import_page_takes_a_body_beyond_the_general_cap(admin, client, small_caps):
    client.force_login(admin)
    assert _post(client, "/manage/import-export/", 8 * KIB).status_code != 413


def test_the_import_page_refuses_a_body_beyond_its_own_cap(admin, client, small_caps):
    client.force_login(admin)
    assert _post(client, "/manage/import-export/", 65 * KIB).status_code == 413


def test_a_body_without_a_length_is_refused_rather_than_silently_dropped(db):
    response = Client().generic("POST", "/login/", b"", CONTENT_LENGTH="",
                                HTTP_TRANSFER_ENCODING="chunked")
    assert response.status_code == 411
    assert "Content-Length" in response.content.decode()


def test_the_default_caps_leave_room_for_an_import_upload_and_ten_megabytes_elsewhere(settings):
    assert settings.OKRFLOW_MAX_IMPORT_BODY_BYTES > MAX_UPLOAD_BYTES
    assert settings.OKRFLOW_MAX_BODY_BYTES == 10 * KIB * KIB
