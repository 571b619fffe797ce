"""Everyone changes their own password from the person menu (issue 7, item 17)."""

from okrflow.audit.models import AuditEntry
from okrflow.org.models import Person
from tests.factories import PASSWORD

URL = "/account/password/"
NEW = "a-brand-new-passphrase-51"


def change(client, old=PASSWORD, new1=NEW, new2=NEW):
    return client.post(URL, {"old_password": old, "new_password1": new1, "new_password2": new2})


def test_the_person_menu_offers_to_change_the_password(client, bob):
    client.force_login(bob)
    assert f'href="{URL}"' in client.get("/").content.decode()


def test_a_member_changes_their_password_and_stays_logged_in(client, bob):
    client.force_login(bob)
    response = change(client)
    assert response.status_code == 302 and response["Location"] == f"/people/{bob.pk}/"
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Your password was changed." in page.content.decode()
    bob.refresh_from_db()
    assert bob.check_password(NEW)
    entry = AuditEntry.objects.get(action="person.set_password", object_id=str(bob.pk))
    assert entry.actor == bob


def test_the_new_password_logs_in_and_the_old_one_no_longer_does(client, bob):
    client.force_login(bob)
    change(client)
    client.logout()
    assert client.post("/login/", {"username": bob.email, "password": PASSWORD}).status_code == 200
    assert client.post("/login/", {"username": bob.email, "password": NEW}).status_code == 302


def test_a_wrong_current_password_changes_nothing(client, bob):
    client.force_login(bob)
    response = change(client, old="not-my-password")
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    assert Person.objects.get(pk=bob.pk).check_password(PASSWORD)


def test_the_password_rules_apply(client, bob):
    client.force_login(bob)
    for weak in ["short", "1234567890123", "password123"]:
        response = change(client, new1=weak, new2=weak)
        assert response.status_code == 200, weak
        assert response.context["form"].errors["new_password2"], weak
    assert Person.objects.get(pk=bob.pk).check_password(PASSWORD)
    assert not AuditEntry.objects.filter(action="person.set_password").exists()


def test_the_new_password_must_be_typed_twice_alike(client, bob):
    client.force_login(bob)
    response = change(client, new2=NEW + "x")
    assert response.status_code == 200
    assert "The two password fields didn" in response.content.decode()
    assert Person.objects.get(pk=bob.pk).check_password(PASSWORD)


def test_an_anonymous_visitor_is_sent_to_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/login/")
