"""Failed logins are throttled on the email as login matches it, per account and per address."""

import pytest
from django.conf import settings

from tests.factories import PASSWORD, make_person

WRONG = "wrong-password"


def _login(client, email, password, address="127.0.0.1"):
    return client.post("/login/", {"username": email, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def dev4(org, tech):
    return make_person(org, email="dev4@acme.test", unit=tech)


def test_failures_typed_in_any_case_count_against_one_account(client, dev4):
    for spelling in ("dev4@acme.test", "DEV4@ACME.TEST", "Dev4@Acme.test"):
        for _ in range(4):
            _login(client, spelling, WRONG)
    response = _login(client, "dEV4@acme.test", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_with_surrounding_spaces_count_against_the_account(client, dev4):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _login(client, "  dev4@acme.test ", WRONG)
    assert _login(client, "dev4@acme.test", PASSWORD).status_code == 429


def test_guessing_across_accounts_from_one_address_locks_that_address(client, alice):
    assert settings.LOGIN_FAILURE_LIMIT_PER_IP > settings.LOGIN_FAILURE_LIMIT
    # Two guesses per account stay far below the account limit; the address pays for them all.
    for n in range(settings.LOGIN_FAILURE_LIMIT_PER_IP):
        _login(client, f"guess{n // 2}@acme.test", WRONG, address="203.0.113.7")
    response = _login(client, alice.email, PASSWORD, address="203.0.113.7")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_an_address_lock_does_not_reach_other_addresses(client, alice):
    for n in range(settings.LOGIN_FAILURE_LIMIT_PER_IP):
        _login(client, f"guess{n // 2}@acme.test", WRONG, address="203.0.113.7")
    assert _login(client, alice.email, PASSWORD, address="198.51.100.20").status_code == 302


def test_colleagues_typos_on_a_shared_address_stay_below_the_address_ceiling(client, alice, bob, carol):
    for person in (bob, carol):
        for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
            assert _login(client, person.email, WRONG).status_code == 200
    assert _login(client, alice.email, PASSWORD).status_code == 302


def test_a_colleagues_login_does_not_forgive_another_accounts_failures(client, alice, bob):
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        _login(client, bob.email, WRONG)
    assert _login(client, alice.email, PASSWORD).status_code == 302
    client.post("/logout/")
    _login(client, bob.email, WRONG)
    assert _login(client, bob.email, PASSWORD).status_code == 429


def test_a_successful_login_forgives_the_accounts_own_failures(client, bob):
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        _login(client, bob.email, WRONG)
    assert _login(client, bob.email, PASSWORD).status_code == 302
    client.post("/logout/")
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        _login(client, bob.email, WRONG)
    assert _login(client, bob.email, PASSWORD).status_code == 302


def _guess_across_accounts(client, **headers):
    for n in range(settings.LOGIN_FAILURE_LIMIT_PER_IP):
        client.post("/login/", {"username": f"guess{n // 2}@acme.test", "password": WRONG},
                    REMOTE_ADDR="10.0.0.1", **headers)


def test_behind_a_proxy_the_address_limit_counts_the_forwarded_client(client, alice, settings):
    settings.BEHIND_PROXY = True
    _guess_across_accounts(client, HTTP_X_FORWARDED_FOR="203.0.113.7")
    # Everyone reaches okrflow from the proxy's 10.0.0.1: only the guessing client is locked.
    colleague = client.post("/login/", {"username": alice.email, "password": PASSWORD},
                            REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert colleague.status_code == 302


def test_behind_a_proxy_a_forged_forwarded_entry_does_not_dodge_the_address_limit(
        client, alice, settings):
    settings.BEHIND_PROXY = True
    for n in range(settings.LOGIN_FAILURE_LIMIT_PER_IP):
        # The client sends its own X-Forwarded-For; the proxy appends the real address.
        client.post("/login/", {"username": f"guess{n // 2}@acme.test", "password": WRONG},
                    REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.7")
    response = client.post("/login/", {"username": alice.email, "password": PASSWORD},
                           REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert response.status_code == 429


def test_a_malformed_forwarded_address_falls_back_to_the_peer(client, alice, settings):
    settings.BEHIND_PROXY = True
    response = client.post("/login/", {"username": alice.email, "password": WRONG},
                           REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="not-an-address")
    assert response.status_code == 200
