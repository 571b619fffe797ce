"""Celebrate (庆祝): the recipient of kudos hears about it (okrflow/events.py `kudos_given`).

Connected in NotificationsConfig.ready(); runs after the kudos was committed.
"""

from django.urls import reverse
from django.utils.translation import gettext

from okrflow.notifications.models import NotificationKind
from okrflow.notifications.routing import speaking_to
from okrflow.notifications.services import notify


def notify_kudos_recipient(sender, *, kudos, actor, **payload) -> None:
    """The recipient, in their language, with a link to the objective the kudos is for."""
    recipient = kudos.recipient
    with speaking_to(recipient):
        title = gettext("{name} gave you kudos").format(name=actor.name)
    link = reverse("objective", args=[kudos.objective_id])
    notify(recipient, NotificationKind.KUDOS, title, kudos.message, link, actor=actor)
