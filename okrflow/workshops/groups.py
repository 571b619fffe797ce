"""Random groups of 5–7 with a leader each (seed 001: 随机分组,每组5~7人,选取1名作为组长).

Only the room's participants are grouped — observers (the CEO watches the groups) and the
facilitator are not. The facilitator forms the groups and reshuffles them on request; a reshuffle
is refused once a group has sorted cards into columns (the columns are the group's work and
would be lost). The split itself is the pure `cocreation_rules.split_into_groups`.
"""

import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from okrflow.audit.log import record
from okrflow.errors import DomainError, locked
from okrflow.workshops.access import require_manage
from okrflow.workshops.cocreation_rules import split_into_groups
from okrflow.workshops.log import record_event
from okrflow.workshops.models import Card, Column, Group, Participant, Role, Workshop


def groupable(workshop):
    """The seats that take part in groups: participants, persons and guests alike."""
    return Participant.objects.filter(workshop=workshop, role=Role.PARTICIPANT)


def form_groups(actor, workshop, *, seed=None) -> list[Group]:
    """(Re)deal the participants into random groups, each with one leader. `seed` makes the deal
    repeatable (tests); without it a fresh random seed is drawn."""
    require_manage(actor, workshop)
    with transaction.atomic():
        workshop = locked(Workshop.objects.all(), pk=workshop.pk)
        if Column.objects.filter(workshop=workshop, group__isnull=False).exists():
            raise DomainError("groups_in_use", _(
                "The groups have already sorted cards into columns; a reshuffle would lose their work."))
        seats = list(groupable(workshop).order_by("id"))
        dealt = split_into_groups(seats, workshop.group_min, workshop.group_max,
                                  seed=secrets.randbits(64) if seed is None else seed)
        reshuffle = Group.objects.filter(workshop=workshop).exists()
        Participant.objects.filter(workshop=workshop).update(group=None, is_leader=False)
        Group.objects.filter(workshop=workshop).delete()
        groups = Group.objects.bulk_create([
            Group(organization_id=workshop.organization_id, workshop=workshop, number=number)
            for number in range(1, len(dealt) + 1)])
        for group, members in zip(groups, dealt, strict=True):
            Participant.objects.filter(pk__in=[seat.pk for seat in members]).update(group=group)
            Participant.objects.filter(pk=members[0].pk).update(is_leader=True)
        # A card travels with its author: the pick goes to the author's new leader.
        for group, members in zip(groups, dealt, strict=True):
            authors = [seat.pk for seat in members]
            Card.objects.filter(workshop=workshop, author__in=authors).update(group=group)
        sizes = [len(members) for members in dealt]
        record_event(workshop, "groups", "groups_reshuffled" if reshuffle else "groups_formed",
                     {"groups": len(groups), "sizes": sizes})
        record(workshop, "workshop.groups_formed", actor=actor, changes={"groups": [None, sizes]})
    return groups


def set_leader(actor, seat: Participant) -> None:
    """Make `seat` its group's leader instead of the one dealt (the facilitator's call)."""
    workshop = seat.workshop
    require_manage(actor, workshop)
    with transaction.atomic():
        seat = locked(Participant.objects.filter(workshop=workshop), pk=seat.pk)
        if seat.group_id is None:
            raise DomainError("not_in_group", _("{name} is in no group.").format(name=seat.display_name))
        Participant.objects.filter(group_id=seat.group_id).update(is_leader=False)
        Participant.objects.filter(pk=seat.pk).update(is_leader=True)
        record_event(workshop, "groups", "leader_set", {"group": seat.group_id, "participant": seat.pk})
        record(workshop, "workshop.leader_set", actor=actor, changes={"leader": [None, seat.pk]})


def groups_with_members(workshop) -> list[Group]:
    """The groups in order, each with `.people` (leader first) — two queries."""
    groups = list(Group.objects.filter(workshop=workshop).order_by("number"))
    by_group = {group.pk: group for group in groups}
    for group in groups:
        group.people = []
    seats = (Participant.objects.filter(workshop=workshop, group__isnull=False)
             .select_related("person").order_by("-is_leader", "id"))
    for seat in seats:
        by_group[seat.group_id].people.append(seat)
    return groups


def ungrouped(workshop):
    return groupable(workshop).filter(group__isnull=True).select_related("person")
