"""The cycle switcher: default is today's quarter, the choice is kept in the session."""

import datetime

from django.utils import timezone

from tests.factories import make_cycle


def test_the_default_is_the_quarter_containing_today(client, org, bob, year, q1):
    today = timezone.localdate()
    quarter = make_cycle(org, code="NOW", kind="quarterly", start=today - datetime.timedelta(days=5),
                         end=today + datetime.timedelta(days=5))
    client.force_login(bob)
    assert client.get("/").context["current_cycle"] == quarter


def test_without_a_current_quarter_the_latest_cycle_is_shown(client, org, bob, year, q1):
    client.force_login(bob)
    # 2026 and 2026Q1 both start on 2026-01-01; the quarter was created later.
    assert client.get("/").context["current_cycle"] == q1


def test_choosing_a_cycle_keeps_it_for_the_following_pages(client, bob, year, q1):
    client.force_login(bob)
    response = client.post("/cycles/switch/", {"cycle_id": year.pk, "next": "/org/"})
    assert response.status_code == 302 and response["Location"] == "/org/"
    assert client.session["cycle_id"] == year.pk
    assert client.get("/cycles/").context["current_cycle"] == year


def test_the_switcher_refuses_to_redirect_to_another_site(client, bob, year):
    client.force_login(bob)
    response = client.post("/cycles/switch/", {"cycle_id": year.pk, "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_every_page_offers_the_org_cycles_in_the_switcher(client, bob, year, q1):
    client.force_login(bob)
    html = client.get("/org/").content.decode()
    assert f'name="cycle_id" value="{year.pk}"' in html and f'name="cycle_id" value="{q1.pk}"' in html
