"""The room's state for each persona (okrflow/workshops/room.py and its JSON door), joining,
"ready", and the two screens."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from okrflow.audit.models import AuditEntry
from okrflow.errors import DomainError
from okrflow.workshops import room, timer
from okrflow.workshops.models import Event, Participant, State
from okrflow.workshops.seats import GUEST_SESSION_KEY, remember_guest, room_actor
from tests.workshops.b1.conftest import items_of


def state_url(workshop):
    return reverse("workshop_room_state", args=[workshop.pk])


def guest_client(client, workshop, seat):
    session = client.session
    session[GUEST_SESSION_KEY] = {str(workshop.pk): seat.guest_key}
    session.save()
    return client


def test_a_participant_gets_the_agenda_the_clock_and_their_own_seat(client, workshop, alice, bob, bobs_seat):
    timer.start_meeting(alice, workshop)
    client.force_login(bob)
    state = client.get(state_url(workshop)).json()
    first = items_of(workshop)[0]
    assert state["workshop"]["state"] == "live"
    assert state["current"]["id"] == first.pk and state["current"]["title"] == "背景介绍"
    assert 595 <= state["agenda"]["remaining"] <= 600
    assert [item["title"] for item in state["agenda"]["items"]] == ["背景介绍", "年度目标", "茶歇"]
    assert state["seat"] == {"id": bobs_seat.pk, "name": "Bob 李", "role": "participant",
                             "role_label": "Participant", "is_guest": False, "is_ready": False,
                             "joined": False, "group": None, "is_leader": False}
    assert state["can_manage"] is False
    server_time = datetime.datetime.fromisoformat(state["server_time"])
    assert abs((server_time - timezone.now()).total_seconds()) < 5
    assert state["panel_url"] == reverse("workshop_talk_panel", args=[workshop.pk])


def test_the_facilitator_without_a_seat_gets_the_state_and_may_manage(client, workshop, alice):
    client.force_login(alice)
    state = client.get(state_url(workshop)).json()
    assert (state["seat"], state["can_manage"], state["current"]) == (None, True, None)
    assert state["participants"] == {"total": 0, "present": 0, "ready": 0}


def test_a_guest_gets_their_own_seat(client, workshop, guest_seat):
    state = guest_client(client, workshop, guest_seat).get(state_url(workshop)).json()
    seat = state["seat"]
    assert (seat["name"], seat["is_guest"], state["can_manage"]) == ("访客小周", True, False)


def test_a_guest_key_opens_only_its_own_meeting(client, org, alice, workshop, guest_seat):
    from tests.workshops.b1.conftest import make_workshop

    other = make_workshop(org, alice)
    guest_client(client, workshop, guest_seat)
    session = client.session
    session[GUEST_SESSION_KEY] = {str(other.pk): guest_seat.guest_key}
    session.save()
    assert client.get(state_url(other)).status_code == 404


@pytest.mark.parametrize("persona", ["carol", "mallory"])
def test_a_member_without_a_seat_and_another_organization_get_404(client, workshop, request, persona):
    client.force_login(request.getfixturevalue(persona))
    for name in ("workshop_room_state", "workshop_room", "workshop_screen", "workshop_room_agenda",
                 "workshop_talk_panel"):
        assert client.get(reverse(name, args=[workshop.pk])).status_code == 404, name


def test_anyone_without_a_login_or_a_guest_key_gets_404(client, workshop):
    assert client.get(state_url(workshop)).status_code == 404
    assert client.get(reverse("workshop_room", args=[workshop.pk])).status_code == 404


def test_the_counts_say_how_many_joined_and_are_ready(workshop, alice, bobs_seat, guest_seat, bob):
    timer.start_meeting(alice, workshop)
    bobs_room = room_actor(bob, None, workshop.pk)
    room.join_room(bobs_room)
    room.set_ready(bobs_room, True)
    assert room.participant_counts(workshop) == {"total": 2, "present": 1, "ready": 1}


def test_joining_stamps_the_seat_once(workshop, bob, bobs_seat):
    actor = room_actor(bob, None, workshop.pk)
    room.join_room(actor)
    first = Participant.objects.get(pk=bobs_seat.pk).joined_at
    events, audits = Event.objects.count(), AuditEntry.objects.count()
    room.join_room(room_actor(bob, None, workshop.pk))
    assert Participant.objects.get(pk=bobs_seat.pk).joined_at == first is not None
    assert (Event.objects.count(), AuditEntry.objects.count()) == (events, audits)
    assert Event.objects.filter(topic="participants", kind="joined").count() == 1


def test_the_room_page_posts_its_join_and_a_get_stores_nothing(client, workshop, bob, bobs_seat):
    client.force_login(bob)
    page = client.get(reverse("workshop_room", args=[workshop.pk]))
    assert page.status_code == 200
    join = reverse("workshop_room_join", args=[workshop.pk])
    assert join in page.content.decode()
    assert Participant.objects.get(pk=bobs_seat.pk).joined_at is None
    assert client.post(join).status_code == 204
    assert Participant.objects.get(pk=bobs_seat.pk).joined_at is not None


def test_ready_is_flagged_and_taken_back_by_the_participant(client, workshop, alice, bob, bobs_seat):
    timer.start_meeting(alice, workshop)
    client.force_login(bob)
    url = reverse("workshop_ready", args=[workshop.pk])
    response = client.post(url, {"ready": "1"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "is-ready" in response.content.decode()
    assert Participant.objects.get(pk=bobs_seat.pk).is_ready
    client.post(url, {"ready": "0"})
    assert not Participant.objects.get(pk=bobs_seat.pk).is_ready
    assert list(Event.objects.filter(topic="participants").values_list("payload__ready", flat=True)) == [
        True, False]


def test_a_guest_flags_ready_and_only_the_event_log_names_them(client, workshop, alice, guest_seat):
    timer.start_meeting(alice, workshop)
    audits = AuditEntry.objects.count()
    guest = guest_client(client, workshop, guest_seat)
    guest.post(reverse("workshop_ready", args=[workshop.pk]), {"ready": "1"})
    assert Participant.objects.get(pk=guest_seat.pk).is_ready
    assert Event.objects.latest("id").actor_id == guest_seat.pk
    assert AuditEntry.objects.count() == audits


def test_ready_before_the_meeting_runs_is_refused_and_stores_nothing(client, workshop, bob, bobs_seat):
    client.force_login(bob)
    events = Event.objects.count()
    response = client.post(reverse("workshop_ready", args=[workshop.pk]), {"ready": "1"},
                           headers={"HX-Request": "true"})
    assert "is not running" in response.content.decode()
    assert not Participant.objects.get(pk=bobs_seat.pk).is_ready and Event.objects.count() == events


def test_a_manager_without_a_seat_cannot_flag_ready(workshop, alice):
    timer.start_meeting(alice, workshop)
    with pytest.raises(DomainError, match="no seat"):
        room.set_ready(room_actor(alice, None, workshop.pk), True)


def test_the_facilitator_presses_next_on_the_screen(client, workshop, alice):
    timer.start_meeting(alice, workshop)
    client.force_login(alice)
    version = type(workshop).objects.get(pk=workshop.pk).version
    response = client.post(reverse("workshop_timer", args=[workshop.pk, "next"]), {"version": version},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "年度目标" in response.content.decode()
    assert type(workshop).objects.get(pk=workshop.pk).current_item_id == items_of(workshop)[1].pk


def test_a_refused_control_comes_back_with_its_message_and_a_stale_one_too(client, workshop, alice):
    client.force_login(alice)
    url = reverse("workshop_timer", args=[workshop.pk, "pause"])
    response = client.post(url, headers={"HX-Request": "true"})
    assert "has not started yet" in response.content.decode()
    timer.start_meeting(alice, workshop)
    response = client.post(reverse("workshop_timer", args=[workshop.pk, "next"]), {"version": "1"},
                           headers={"HX-Request": "true"})
    assert "changed by someone else" in response.content.decode()
    assert type(workshop).objects.get(pk=workshop.pk).current_item_id == items_of(workshop)[0].pk


def test_a_participant_and_a_guest_cannot_press_the_controls(client, workshop, alice, bob, bobs_seat,
                                                              guest_seat):
    timer.start_meeting(alice, workshop)
    client.force_login(bob)
    url = reverse("workshop_timer", args=[workshop.pk, "next"])
    assert client.post(url).status_code == 403
    client.logout()
    assert guest_client(client, workshop, guest_seat).post(url).status_code == 403
    assert type(workshop).objects.get(pk=workshop.pk).current_item_id == items_of(workshop)[0].pk


def test_an_unknown_control_is_404(client, workshop, alice):
    client.force_login(alice)
    assert client.post(reverse("workshop_timer", args=[workshop.pk, "rewind"])).status_code == 404


def test_the_screen_shows_the_countdown_the_plan_and_the_controls_to_the_facilitator(client, workshop, alice):
    timer.start_meeting(alice, workshop)
    client.force_login(alice)
    html = client.get(reverse("workshop_screen", args=[workshop.pk])).content.decode()
    assert 'data-countdown' in html and ('10:00' in html or '09:59' in html)
    for control in ("pause", "extend", "skip", "next", "end"):
        assert f'data-control="{control}"' in html, control
    assert "Ends about" in html


def test_the_screen_has_no_controls_for_a_participant(client, workshop, alice, bob, bobs_seat):
    timer.start_meeting(alice, workshop)
    client.force_login(bob)
    html = client.get(reverse("workshop_screen", args=[workshop.pk])).content.decode()
    assert "data-countdown" in html and "data-control=" not in html


def test_the_talk_panel_shows_the_guiding_questions(client, workshop, alice, bob, bobs_seat):
    timer.start_meeting(alice, workshop)
    client.force_login(bob)
    html = client.get(reverse("workshop_talk_panel", args=[workshop.pk]) + "?screen=1").content.decode()
    assert "KR 真的关键吗？" in html and "主持人" in html and "背景介绍" in html


def test_a_method_whose_panel_is_not_served_falls_back_to_the_talk_panel(workshop):
    from okrflow.web.views.workshop_room import panel_url

    url = panel_url(workshop.pk, {"method": "some_future_method"}, screen=True)
    assert url == reverse("workshop_talk_panel", args=[workshop.pk]) + "?screen=1"


def test_every_method_s_panel_is_served(workshop):
    from okrflow.web.views.workshop_room import PANELS, panel_url

    for method, name in PANELS.items():
        assert panel_url(workshop.pk, {"method": method}, screen=False) == reverse(name, args=[workshop.pk])


def test_a_person_s_room_links_back_to_the_meeting_page_and_a_guest_s_does_not(
        client, workshop, bob, bobs_seat, guest_seat):
    back = f'href="{reverse("workshop_detail", args=[workshop.pk])}"'
    client.force_login(bob)
    assert back in client.get(reverse("workshop_room", args=[workshop.pk])).content.decode()
    guest = Client()
    session = guest.session
    remember_guest(session, workshop.pk, guest_seat.guest_key)
    session.save()
    assert back not in guest.get(reverse("workshop_room", args=[workshop.pk])).content.decode()


def test_an_ended_meeting_says_so(client, workshop, alice):
    timer.start_meeting(alice, workshop)
    timer.end_meeting(alice, workshop)
    client.force_login(alice)
    state = client.get(state_url(workshop)).json()
    assert (state["workshop"]["state"], state["current"]) == (State.ENDED, None)
    page = client.get(reverse("workshop_room", args=[workshop.pk])).content.decode()
    assert "The meeting has ended" in page
