"""Another organization's units, people and cycles are never visible: 404, never data."""

import pytest


@pytest.fixture
def mallory_client(client, mallory):
    client.force_login(mallory)
    return client


def test_mallory_gets_404_on_acmes_unit_page(mallory_client, tech):
    # globex has no TECH unit, so the code alone must not find acme's.
    assert mallory_client.get("/units/TECH/").status_code == 404


def test_mallory_gets_404_on_acmes_person_page(mallory_client, bob):
    assert mallory_client.get(f"/people/{bob.pk}/").status_code == 404


def test_mallory_cannot_edit_acmes_unit_person_or_cycle(mallory_client, tech, bob, q1):
    assert mallory_client.get("/manage/units/TECH/edit/").status_code == 404
    assert mallory_client.get(f"/manage/people/{bob.pk}/edit/").status_code == 404
    assert mallory_client.get(f"/manage/cycles/{q1.code}/edit/").status_code == 404


def test_an_acme_cycle_id_in_mallorys_session_is_ignored(mallory_client, q1):
    session = mallory_client.session
    session["cycle_id"] = q1.pk
    session.save()
    response = mallory_client.get("/")
    assert response.context["current_cycle"] is None
    assert q1.name not in response.content.decode()


def test_mallory_cannot_switch_to_an_acme_cycle(mallory_client, q1):
    response = mallory_client.post("/cycles/switch/", {"cycle_id": q1.pk})
    assert response.status_code == 404
    assert "cycle_id" not in mallory_client.session


def test_the_org_tree_shows_only_the_own_organization(mallory_client, tech, bob):
    html = mallory_client.get("/org/").content.decode()
    assert "技术中心" not in html and "Globex" in html
