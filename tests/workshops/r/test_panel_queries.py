"""Every live event makes each of the room's ~60 screens fetch its panel again, so a panel's
queries must not grow with the participants, cards, columns or votes of the room: the same
number for a room twice as big, at every co-creation step, for the projector, a member and a
guest."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from okrflow.workshops import cocreation, groups, voting
from okrflow.workshops.models import Stage
from okrflow.workshops.seats import RoomActor, remember_guest
from tests.factories import make_person
from tests.workshops.c.conftest import make_workshop, seat, set_stage

PANELS = ("workshop_cocreation_panel", "workshop_vote_panel", "workshop_groups_panel", "workshop_talk_panel",
          "workshop_claim_panel", "workshop_room_agenda", "workshop_room_state")
IDEAS = ("提升客户满意度到九十分", "缩短交付周期到两周以内")


def _room_of(org, alice, tech, size, stage):
    """A live co-creation with `size` people and a guest, two cards (one picked) each, grouped;
    from sorting on, two columns a group holding cards and everyone's votes; at the plenary the
    groups' columns merged into one."""
    workshop = make_workshop(org, alice)
    seats = [seat(workshop, make_person(org, email=f"r{size}-{n}@acme.test", name=f"参与者{n}", unit=tech))
             for n in range(size)]
    guest = seat(workshop, guest_name="访客", guest_key=f"r-guest-{size}")
    seats.append(guest)
    groups.form_groups(alice, workshop, seed=7)
    for one in seats:
        one.refresh_from_db()
        cocreation.add_card(one, IDEAS[0])
        cocreation.pick_card(one, cocreation.add_card(one, IDEAS[1]))
    set_stage(workshop, stage)
    if stage in (Stage.SORT, Stage.PLENARY):
        facilitator = RoomActor(workshop=workshop, seat=None, person=alice, can_manage=True)
        for group in workshop.groups.all():
            columns = [cocreation.add_column(facilitator, group, word) for word in ("交付", "客户")]
            for n, card in enumerate(workshop.cards.filter(group=group).order_by("id")):
                cocreation.move_card(facilitator, card, columns[n % 2])
        for one in seats:
            for column in workshop.columns.all()[:2]:
                voting.cast_vote(one, column)
        voting.reveal_votes(alice, workshop)
        if stage == Stage.PLENARY:
            plenary = cocreation.add_column(facilitator, None, "合并")
            for column in workshop.columns.filter(group__isnull=False):
                cocreation.merge_column(alice, column, plenary)
    return workshop, seats[0].person, guest


def _counts(client, workshop, who):
    if who == "guest":
        client.logout()
        session = client.session
        remember_guest(session, workshop.pk, workshop.participants.get(person__isnull=True).guest_key)
        session.save()
    else:
        client.force_login(who)
    counts = {}
    for name in PANELS:
        url = reverse(name, args=[workshop.pk]) + ("?screen=1" if who != "guest" else "")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(queries)
    return counts


@pytest.mark.parametrize("stage", [Stage.WRITE, Stage.SHARE, Stage.SORT, Stage.PLENARY])
def test_a_panels_queries_do_not_grow_with_the_room(client, org, alice, tech, stage):
    small, small_member, _ = _room_of(org, alice, tech, 6, stage)
    big, big_member, _ = _room_of(org, alice, tech, 12, stage)
    for small_who, big_who in ((alice, alice), (small_member, big_member), ("guest", "guest")):
        assert _counts(client, small, small_who) == _counts(client, big, big_who), (stage, str(small_who))
