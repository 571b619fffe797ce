"""The Set step's notices (okrflow/okrs/states.py → okrflow/events.py): the manager side hears of
a proposal, the owner of a send-back (with the reason) and of the agreement. Each notice is in its
recipient's language and links to the objective; nobody is told of their own action."""

from django.urls import reverse
from django.utils.translation import gettext

from okrflow.actors import is_system
from okrflow.notifications.models import NotificationKind
from okrflow.notifications.routing import speaking_to
from okrflow.notifications.services import notify


def owner_of(objective):
    """The person who speaks for the objective: its owner, or the owning unit's head."""
    return objective.owner_person or objective.owner_unit.head


def manager_of(objective):
    """Who accepts on the manager side: the owner's manager (or their unit's head), or the
    parent unit's head for a unit's objective; None for the company's."""
    person = objective.owner_person
    if person is not None:
        head = person.unit.head if person.unit_id else None
        return person.manager or (head if head and head.pk != person.pk else None)
    parent = objective.owner_unit.parent
    return parent.head if parent is not None else None


def _tell(person, kind, actor, objective, title, body="") -> None:
    if person is None or (not is_system(actor) and person.pk == actor.pk):
        return
    link = reverse("objective", args=[objective.pk])
    notify(person, kind, title, body, link, actor=actor)


def _name(actor) -> str:
    return gettext("Someone") if is_system(actor) else actor.name


def tell_the_manager_of_a_proposal(sender, *, objective, actor, comment="", **payload) -> None:
    manager = manager_of(objective)
    if manager is None:
        return
    with speaking_to(manager):
        title = gettext("{name} submitted an objective for your agreement: {title}").format(
            name=_name(actor), title=objective.title)
    _tell(manager, NotificationKind.OBJECTIVE_PROPOSED, actor, objective, title, comment[:500])


def tell_the_owner_it_was_sent_back(sender, *, objective, actor, comment="", **payload) -> None:
    owner = owner_of(objective)
    if owner is None:
        return
    with speaking_to(owner):
        title = gettext("{name} sent your objective back: {title}").format(
            name=_name(actor), title=objective.title)
    _tell(owner, NotificationKind.OBJECTIVE_SENT_BACK, actor, objective, title, comment[:500])


def tell_the_owner_it_was_agreed(sender, *, objective, actor, **payload) -> None:
    owner = owner_of(objective)
    if owner is None:
        return
    with speaking_to(owner):
        title = gettext("Your objective is agreed: {title}").format(title=objective.title)
    _tell(owner, NotificationKind.OBJECTIVE_AGREED, actor, objective, title)
