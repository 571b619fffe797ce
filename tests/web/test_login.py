"""Logging in and out, and throttling repeated failures for one account (django-axes)."""

from tests.factories import PASSWORD


def _login(client, email, password):
    return client.post("/login/", {"username": email, "password": password})


def test_the_login_page_has_labelled_email_and_password_fields(client, db):
    html = client.get("/login/").content.decode()
    assert '<label class="form-label" for="id_username">Email' in html
    assert 'for="id_password"' in html and 'autocomplete="current-password"' in html


def test_a_person_logs_in_by_email_in_any_case(client, bob):
    response = _login(client, "BOB@acme.TEST", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"


def test_a_wrong_password_shows_an_error_and_keeps_the_login_page(client, bob):
    response = _login(client, bob.email, "wrong-password")
    assert response.status_code == 200
    assert "Please enter a correct" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_sixth_failed_attempt_shows_the_locked_out_page(client, bob):
    # Axes locks the account when the fifth failure is recorded (AXES_FAILURE_LIMIT = 5).
    for _ in range(4):
        assert _login(client, bob.email, "wrong-password").status_code == 200
    _login(client, bob.email, "wrong-password")
    response = _login(client, bob.email, "wrong-password")
    assert response.status_code == 429
    assert "Too many failed sign-in attempts for this account or from this network." in response.text


def test_a_locked_account_is_refused_even_with_the_right_password(client, bob):
    for _ in range(6):
        _login(client, bob.email, "wrong-password")
    response = _login(client, bob.email, PASSWORD)
    assert "Too many failed sign-in attempts for this account or from this network." in response.text
    assert "_auth_user_id" not in client.session


def test_a_locked_account_does_not_lock_out_colleagues(client, bob, alice):
    for _ in range(6):
        _login(client, bob.email, "wrong-password")
    assert _login(client, alice.email, PASSWORD).status_code == 302


def test_logging_out_takes_a_post_and_ends_the_session(client, bob):
    client.force_login(bob)
    response = client.post("/logout/")
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert client.get("/").status_code == 302


def test_the_login_page_names_the_product_not_the_host(client, db):
    html = client.get("/login/").content.decode()
    assert "· okrflow</title>" in html and "testserver" not in html
