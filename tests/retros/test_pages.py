"""The retrospective, next-cycle and closing pages: thin doors over okrflow/retros."""

import datetime

import pytest

from okrflow.okrs.models import KeyResult, Objective
from okrflow.retros.models import Improvement, Retrospective
from okrflow.retros.services import open_retro
from tests.okrs.factories import make_checkin, make_key_result, make_objective

RETRO = {"form": "retro", "went_well": "Shipped the pipeline", "went_badly": "", "causes": "Focus",
         "answer_obstacles": "Flaky tests", "version": ""}


def page(client, person, url, data=None):
    client.force_login(person)
    return client.post(url, data) if data is not None else client.get(url)


def test_the_unit_head_writes_the_retrospective_on_its_page(client, q1, alice):
    url = f"/cycles/{q1.code}/retros/units/TECH/"
    response = page(client, alice, url)
    assert response.status_code == 200
    assert "not blame" in response.content.decode()
    assert not Retrospective.objects.exists()  # reading starts nothing
    assert page(client, alice, url, RETRO).status_code == 302
    retro = Retrospective.objects.get()
    assert (retro.went_well, retro.answers.get().text) == ("Shipped the pipeline", "Flaky tests")


def test_a_member_reads_the_retrospective_and_cannot_post(client, q1, alice, bob):
    retro = open_retro(alice, q1, alice.unit)
    url = f"/cycles/{q1.code}/retros/units/TECH/"
    response = page(client, bob, url)
    assert response.status_code == 200 and 'id="retro-form"' not in response.content.decode()
    assert page(client, bob, url, RETRO).status_code == 403
    retro.refresh_from_db()
    assert retro.went_well == ""


@pytest.mark.parametrize("who", ["carol", "mallory"])
def test_others_do_not_find_the_retrospective(client, q1, alice, carol, mallory, who):
    open_retro(alice, q1, alice.unit)
    person = {"carol": carol, "mallory": mallory}[who]
    assert page(client, person, f"/cycles/{q1.code}/retros/units/TECH/").status_code == 404


def test_an_improvement_without_a_known_owner_is_shown_again_with_its_error(client, q1, alice):
    response = page(client, alice, f"/cycles/{q1.code}/retros/units/TECH/", {
        "form": "improvement", "improvement-text": "Weekly demo", "improvement-owner": "nobody@acme.test",
        "improvement-due_date": "2026-05-01"})
    assert response.status_code == 200
    assert "No one with this email works in your organization." in response.content.decode()
    assert not Improvement.objects.exists()


def test_improvements_become_action_items_from_the_page(client, q1, q2, alice, bob):
    url = f"/cycles/{q1.code}/retros/units/TECH/"
    page(client, alice, url, {"form": "improvement", "improvement-text": "Weekly demo",
                              "improvement-owner": bob.email, "improvement-due_date": "2026-05-01"})
    kr = make_key_result(make_objective(q2, owner=alice.unit))
    assert page(client, alice, url, {"form": "carry", "carry-key_result": kr.pk}).status_code == 302
    item = Improvement.objects.get()
    assert item.action_item.key_result == kr and item.action_item.due_date == datetime.date(2026, 5, 1)
    assert "Action item of" in page(client, alice, url).content.decode()


def test_the_management_retrospective_is_not_for_members(client, q1, admin, bob):
    assert page(client, admin, f"/cycles/{q1.code}/retros/management/").status_code == 200
    assert page(client, bob, f"/cycles/{q1.code}/retros/management/").status_code == 404


@pytest.fixture
def bobs(q1, bob):
    objective = make_objective(q1, owner=bob, title="Faster builds")
    kr = make_key_result(objective, start=0, target=100, title="Tests on CI")
    make_checkin(kr, 40)
    return objective


def test_the_wizard_continues_an_objective_and_carries_a_key_result_with_its_origin(client, q1, q2, bob,
                                                                                    bobs):
    kr = bobs.key_results.get()
    url = f"/cycles/{q1.code}/next/"
    response = page(client, bob, url)
    assert response.status_code == 200 and "Faster builds" in response.content.decode()
    assert page(client, bob, url, {"objective": bobs.pk, f"kr{kr.pk}-choice": "carry",
                                   f"kr{kr.pk}-reason": "Half the suites", f"kr{kr.pk}-target": ""}
                ).status_code == 302
    carried = KeyResult.objects.get(carried_from=kr)
    assert (carried.objective.status, carried.objective.continued_from, carried.start_value) == (
        "draft", bobs, 40)
    assert "Continued" in page(client, bob, url).content.decode()


def test_the_wizard_refuses_a_carry_without_a_reason_and_says_why(client, q1, q2, bob, bobs):
    kr = bobs.key_results.get()
    url = f"/cycles/{q1.code}/next/"
    response = page(client, bob, url, {"objective": bobs.pk, f"kr{kr.pk}-choice": "carry",
                                       f"kr{kr.pk}-reason": ""})
    assert response.status_code == 302
    assert "Say why" in client.get(response.url).content.decode()
    assert not Objective.objects.filter(cycle=q2).exists()


def test_the_wizard_does_not_continue_someone_elses_objective(client, q1, q2, carol, bobs):
    assert page(client, carol, f"/cycles/{q1.code}/next/", {"objective": bobs.pk}).status_code == 404
    assert not Objective.objects.filter(cycle=q2).exists()


def test_the_closing_page_closes_the_cycle_with_a_banner(client, q1, q2, admin, bobs):
    kr = bobs.key_results.get()
    url = f"/cycles/{q1.code}/close/"
    assert page(client, admin, url).status_code == 200
    response = page(client, admin, url, {"into": q2.code, f"kr{kr.pk}-outcome": "missed",
                                         f"kr{kr.pk}-reason": "", f"kr{kr.pk}-target": ""})
    assert response.status_code == 302
    q1.refresh_from_db()
    assert q1.closed_by == admin
    assert "Closed by Ada Admin on" in page(client, admin, f"/cycles/{q1.code}/next/").content.decode()


def test_members_cannot_close_a_cycle(client, q1, bob, bobs):
    assert page(client, bob, f"/cycles/{q1.code}/close/").status_code == 403
    assert page(client, bob, f"/cycles/{q1.code}/close/", {}).status_code == 403
    q1.refresh_from_db()
    assert q1.closed_at is None


def test_a_closed_cycles_objective_page_and_cycle_page_say_who_closed_it(client, q1, admin, bobs, bob):
    from okrflow.retros.closing import close_cycle

    close_cycle(admin, q1)
    for url in (f"/objectives/{bobs.pk}/", f"/cycles/{q1.code}/"):
        assert "Closed by Ada Admin on" in page(client, bob, url).content.decode(), url


def test_an_open_cycles_pages_have_no_closed_banner(client, q1, bob, bobs):
    for url in (f"/objectives/{bobs.pk}/", f"/cycles/{q1.code}/"):
        assert "Closed by" not in page(client, bob, url).content.decode(), url


def test_the_wizard_submitted_twice_carries_the_key_result_once(client, q1, q2, bob, bobs):
    kr = bobs.key_results.get()
    url = f"/cycles/{q1.code}/next/"
    posted = {"objective": bobs.pk, f"kr{kr.pk}-choice": "carry", f"kr{kr.pk}-reason": "Half the suites",
              f"kr{kr.pk}-target": ""}
    page(client, bob, url, posted)
    second = page(client, bob, url, posted)
    assert "is in the next cycle&#x27;s draft already" in client.get(second.url).content.decode()
    assert KeyResult.objects.filter(carried_from=kr).count() == 1
