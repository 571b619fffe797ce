"""The co-creation panels: per actor (another's card text never in my panel while writing), a
refused card's message under the field with what was typed kept, votes hidden until revealed."""

import pytest
from django.urls import reverse

from okrflow.workshops import cocreation, voting
from okrflow.workshops.models import Card, Column, Event, Group, Stage, Vote
from okrflow.workshops.seats import remember_guest

from .conftest import set_stage

SECRET = "缩短交付周期到两周以内"


def panel(client, workshop, screen=False):
    url = reverse("workshop_cocreation_panel", args=[workshop.pk]) + ("?screen=1" if screen else "")
    return client.get(url)


def test_another_participants_card_text_is_never_in_my_panel_while_writing(client, workshop, alice, bob,
                                                                           bobs_seat, guest_seat):
    cocreation.add_card(guest_seat, SECRET)
    mine = cocreation.add_card(bobs_seat, "提升客户满意度到九十分")
    client.force_login(bob)
    page = panel(client, workshop).content.decode()
    assert mine.text in page and SECRET not in page
    assert 'Cards the room has written: <b data-cc-shown="cards">2</b>' in page
    client.force_login(alice)
    screen = panel(client, workshop, screen=True).content.decode()
    assert SECRET not in screen and mine.text not in screen


def test_a_guest_writes_a_card_from_the_phone(client, workshop, guest_seat):
    session = client.session
    remember_guest(session, workshop.pk, guest_seat.guest_key)
    session.save()
    url = reverse("workshop_cocreation_panel", args=[workshop.pk])
    response = client.post(url, {"action": "add_card", "text": SECRET})
    assert response.status_code == 200
    assert Card.objects.get().text == SECRET
    assert "data-cc-clear" in response.content.decode()


def test_a_refused_card_shows_the_limit_under_the_field_and_keeps_the_text(client, workshop, bob, bobs_seat):
    client.force_login(bob)
    too_long = "把客户满意度从七十分提升到九十分以上并且保持一整年"
    response = client.post(reverse("workshop_cocreation_panel", args=[workshop.pk]),
                           {"action": "add_card", "text": too_long})
    page = response.content.decode()
    assert response.status_code == 200
    assert "A card has at most 20 characters; this one has 25." in page
    assert too_long in page and "is-invalid" in page
    assert Card.objects.count() == 0


def test_a_refused_edit_shows_the_limit_under_the_cards_own_editor_and_keeps_the_card(client, workshop, bob,
                                                                                     bobs_seat):
    card = cocreation.add_card(bobs_seat, "提升客户满意度到九十分")
    client.force_login(bob)
    too_long = "把客户满意度从七十分提升到九十分以上并且保持一整年"
    response = client.post(reverse("workshop_cocreation_panel", args=[workshop.pk]),
                           {"action": "edit_card", "card": card.pk, "text": too_long})
    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="cc-edit-{card.pk}-error"' in page and "this one has 25" in page
    assert 'id="cc-draft-error"' not in page               # not under the new card's field
    assert "is-editing" in page and too_long in page        # the editor stays open with the text
    assert Card.objects.get().text == "提升客户满意度到九十分"


def test_a_saved_edit_tells_the_browser_to_drop_the_cards_draft(client, workshop, bob, bobs_seat):
    card = cocreation.add_card(bobs_seat, "提升客户满意度到九十分")
    client.force_login(bob)
    response = client.post(reverse("workshop_cocreation_panel", args=[workshop.pk]),
                           {"action": "edit_card", "card": card.pk, "text": "客户满意度提升到九十五分"})
    assert f'data-cc-clear="card-{card.pk}"' in response.content.decode()
    assert Card.objects.get().text == "客户满意度提升到九十五分"


def test_a_participant_cannot_move_the_stage_on(client, workshop, bob, bobs_seat):
    client.force_login(bob)
    response = client.post(reverse("workshop_cocreation_panel", args=[workshop.pk]),
                           {"action": "stage", "stage": "sort"})
    assert response.status_code == 403
    workshop.current_item.refresh_from_db()
    assert workshop.current_item.stage == Stage.WRITE


def test_someone_without_a_seat_gets_404(client, workshop, carol):
    client.force_login(carol)
    for name in ("workshop_cocreation_panel", "workshop_vote_panel", "workshop_groups_panel"):
        assert client.get(reverse(name, args=[workshop.pk])).status_code == 404


def test_the_vote_panel_hides_totals_until_revealed(client, workshop, alice, bob, bobs_seat):
    set_stage(workshop, Stage.SORT)
    column = Column.objects.create(organization=workshop.organization, workshop=workshop,
                                   agenda_item=workshop.current_item, keyword="交付")
    client.force_login(bob)
    url = reverse("workshop_vote_panel", args=[workshop.pk])
    page = client.post(url, {"action": "vote", "column": column.pk}).content.decode()
    assert Vote.objects.count() == 1 and "4 votes left" in page
    client.force_login(alice)
    assert "cc-vote__total" not in client.get(url + "?screen=1").content.decode()
    client.post(url, {"action": "reveal", "revealed": "1"})
    assert 'cc-vote__total" aria-label="Total">1<' in client.get(url + "?screen=1").content.decode()
    workshop.refresh_from_db()
    assert voting.totals(workshop) == {column.pk: 1}


def test_the_facilitator_forms_the_groups_from_the_panel(client, workshop, alice, bob, bobs_seat):
    from .conftest import guests

    guests(workshop, 9)
    client.force_login(bob)
    url = reverse("workshop_groups_panel", args=[workshop.pk])
    assert client.post(url, {"action": "form"}).status_code == 403
    client.force_login(alice)
    page = client.post(url, {"action": "form"}).content.decode()
    assert Group.objects.filter(workshop=workshop).count() == 2
    assert "Reshuffle" in page


@pytest.mark.parametrize("stage", [Stage.SHARE, Stage.SORT, Stage.PLENARY])
def test_every_stage_renders_for_the_facilitator_and_a_participant(client, workshop, alice, bob, bobs_seat,
                                                                   stage):
    cocreation.add_card(bobs_seat, SECRET)
    set_stage(workshop, stage)
    for who in (alice, bob):
        client.force_login(who)
        assert panel(client, workshop).status_code == 200
        assert panel(client, workshop, screen=True).status_code == 200


def test_the_panels_name_what_their_script_needs_to_follow_counts_from_the_events(client, workshop, alice,
                                                                                    bob, bobs_seat):
    """The writers' counts, the room's total, the voters' dots: what cocreation.js updates from the
    events' payloads instead of a fetch (tests/browser/test_cocreation.py watches it happen)."""
    cocreation.add_card(bobs_seat, SECRET)
    client.force_login(alice)
    page = panel(client, workshop, screen=True).content.decode()
    assert 'data-cc-stage="write"' in page and f'data-cc-item="{workshop.current_item_id}"' in page
    assert f'data-cc-writer="{bobs_seat.pk}" data-cc-count="1"' in page
    assert 'Cards the room has written: <b data-cc-shown="cards">1</b>' in page
    as_of = Event.objects.filter(workshop=workshop).latest("id").id       # where the log stood
    assert f'data-cc-asof="{as_of}"' in page and 'data-cc-others="0"' in page
    set_stage(workshop, Stage.SORT)
    column = Column.objects.create(organization=workshop.organization, workshop=workshop,
                                   agenda_item=workshop.current_item, keyword="交付")
    voting.cast_vote(bobs_seat, column)
    client.force_login(bob)
    page = client.get(reverse("workshop_vote_panel", args=[workshop.pk])).content.decode()
    assert f'data-cc-seat="{bobs_seat.pk}"' in page and 'data-cc-revealed="0"' in page
    assert f'data-cc-spent="{{&quot;{bobs_seat.pk}&quot;:1}}"' in page
    assert 'Votes cast: <b data-cc-shown="votes">1</b>.' in page
