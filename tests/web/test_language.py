"""The language switch: the browser's cookie and the person's saved choice."""

import pytest


@pytest.fixture
def chinese_by_default(settings):
    settings.LANGUAGE_CODE = "zh-hans"


def test_switching_language_saves_it_on_the_person_and_serves_english(client, bob, chinese_by_default):
    client.force_login(bob)
    assert '<html lang="zh-hans">' in client.get("/").content.decode()
    response = client.post("/language/", {"language": "en", "next": "/org/"})
    assert response.status_code == 302 and response["Location"] == "/org/"
    bob.refresh_from_db()
    assert bob.language == "en"
    page = client.get("/org/")
    assert '<html lang="en">' in page.content.decode()
    assert "Organization" in page.content.decode()


def test_the_saved_language_follows_the_person_to_a_new_browser(client, bob, chinese_by_default):
    bob.language = "en"
    bob.save(update_fields=["language"])
    client.force_login(bob)
    assert '<html lang="en">' in client.get("/").content.decode()


def test_switching_language_is_audited_like_any_profile_change(client, bob):
    from okrflow.audit.log import history

    client.force_login(bob)
    client.post("/language/", {"language": "zh-hans", "next": "/"})
    assert [e.action for e in history(bob)] == ["person.update"]


def test_an_unknown_language_changes_nothing(client, bob):
    client.force_login(bob)
    client.post("/language/", {"language": "xx", "next": "/"})
    bob.refresh_from_db()
    assert bob.language == ""


def test_the_login_page_switches_language_without_an_account(client, db, chinese_by_default):
    response = client.post("/language/", {"language": "en", "next": "/login/"})
    assert response.status_code == 302
    assert '<html lang="en">' in client.get("/login/").content.decode()
