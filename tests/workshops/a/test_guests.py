"""Guests join one meeting with its code and a name, and see that meeting only: another meeting
and every ordinary page are closed to them; a meeting's guests are capped."""

import asyncio

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from okrflow.workshops import guests, scheduling
from okrflow.workshops.models import Event, Participant
from okrflow.workshops.seats import GUEST_SESSION_KEY


@pytest.fixture
def meeting(schedule, bob):
    return schedule("cocreation", participants=[bob], guests_allowed=True)


def join(client, workshop, name="访客小王"):
    return client.post(f"/join/{workshop.join_code}/", {"name": name})


def test_a_guest_joins_with_a_name_and_lands_in_the_room(client, meeting):
    response = join(client, meeting)
    assert response.status_code == 302
    assert response["Location"] == reverse("workshop_room", args=[meeting.pk])
    seat = Participant.objects.get(workshop=meeting, person__isnull=True)
    assert seat.guest_name == "访客小王" and len(seat.guest_key) >= 40
    assert client.session[GUEST_SESSION_KEY] == {str(meeting.pk): seat.guest_key}
    assert Event.objects.filter(workshop=meeting, kind="guest_joined", actor=seat).exists()
    assert client.get(reverse("workshop_room", args=[meeting.pk])).status_code == 200


def test_the_code_is_typed_in_any_case_with_spaces(client, meeting):
    code = meeting.join_code
    response = client.post("/join/", {"code": f" {code[:4].lower()} {code[4:]} "})
    assert response.status_code == 302 and response["Location"] == f"/join/{code}/"


def test_a_browser_that_already_has_a_seat_gets_it_back(client, meeting):
    join(client, meeting)
    again = client.get(f"/join/{meeting.join_code}/")
    assert again.status_code == 302
    assert Participant.objects.filter(workshop=meeting, person__isnull=True).count() == 1


@pytest.mark.parametrize("case", ["wrong code", "guests not allowed", "cancelled"])
def test_a_closed_door_is_404_and_stores_nothing(client, schedule, admin, meeting, case):
    if case == "guests not allowed":
        meeting = schedule("standup")
    elif case == "cancelled":
        scheduling.cancel(admin, meeting)
    code = "ZZZZ9999" if case == "wrong code" else meeting.join_code
    before = Participant.objects.count()
    assert client.get(f"/join/{code}/").status_code == 404
    assert client.post(f"/join/{code}/", {"name": "x"}).status_code == 404
    assert Participant.objects.count() == before
    assert client.post("/join/", {"code": code}).status_code == 200  # the form says no such meeting


def test_a_guest_without_a_name_is_asked_again(client, meeting):
    response = join(client, meeting, name="   ")
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Participant.objects.filter(workshop=meeting, person__isnull=True).exists()


def test_a_meeting_has_room_for_a_limited_number_of_guests(client, settings, meeting):
    settings.OKRFLOW_WORKSHOP_MAX_GUESTS = 1
    guests.join_as_guest(meeting, "第一位")
    response = join(client, meeting, "第二位")
    assert response.status_code == 200
    assert "This meeting has no room for more guests (1)." in response.content.decode()
    assert Participant.objects.filter(workshop=meeting, person__isnull=True).count() == 1


def test_a_guest_gets_404_for_another_meeting(client, schedule, meeting):
    other = schedule("standup", guests_allowed=True)
    join(client, meeting)
    for name in ("workshop_room", "workshop_screen", "workshop_talk_panel"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404
    assert client.get(f"/workshops/{other.pk}/materials/1/").status_code == 404


def _patterns(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and not asyncio.iscoroutinefunction(entry.callback):
            # The live stream (async, brief B2) has its own matrix rows; through the test client it
            # runs in another thread, which on PostgreSQL closes the test's connection.
            yield prefix + str(entry.pattern), entry.name


OPEN_DOORS = {"login", "join", "join_meeting", "healthz", "switch_language", "javascript-catalog"}


def _sweep(client, ids):
    """GET every page of the site with these ids; the paths that answered 200."""
    opened = []
    for route, name in _patterns():
        if route.startswith(("admin/", "api/", "static/")) or "<path:" in route or name in OPEN_DOORS:
            continue
        path = "/" + route
        for key, value in ids.items():
            for converter in ("int", "str", "slug"):
                path = path.replace(f"<{converter}:{key}>", str(value))
        if "<" in path or "^" in path:
            continue
        if client.get(path).status_code == 200:
            opened.append(path)
    return opened


def test_a_guest_opens_no_page_of_another_meeting_nor_any_ordinary_page(client, schedule, meeting, bob):
    """Every GET page of the site, with another meeting's id (and bob's, a unit's, ...): nothing
    answers 200 to the guest; of their own meeting, only the room's doors open, never its members'
    pages (the meeting's page, its calendar file, the sign-in screen)."""
    other = schedule("standup", guests_allowed=True)
    join(client, meeting)
    ids = {
        "pk": other.pk,
        "person_id": bob.pk,
        "seat_id": 1,
        "item_id": 1,
        "material_id": 1,
        "code": "X",
        "unit_code": "TECH",
        "slug": "next",
        "action": "next",
    }
    assert _sweep(client, ids) == []
    for name in ("workshop_detail", "workshop_edit", "workshop_ics", "workshop_sign_in_screen"):
        response = client.get(reverse(name, args=[meeting.pk]))
        assert response.status_code == 302 and response["Location"].startswith("/login/"), name


def test_a_double_tapped_join_gives_one_seat(client, meeting):
    """Two taps of one browser race: the second arrives before the first's answer stored the key
    in the session. They must find one seat, not deal a ghost seat into a group."""
    join(client, meeting)
    session = client.session
    session[GUEST_SESSION_KEY] = {}   # the second tap's session, read before the first one saved
    session.save()
    join(client, meeting)
    assert Participant.objects.filter(workshop=meeting, person__isnull=True).count() == 1


def test_two_browsers_get_two_seats(client, meeting):
    from django.test import Client

    join(client, meeting, name="访客甲")
    join(Client(), meeting, name="访客乙")
    assert Participant.objects.filter(workshop=meeting, person__isnull=True).count() == 2
