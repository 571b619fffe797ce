"""What notifications does when something happens elsewhere (okrflow/events.py).

Connected in NotificationsConfig.ready() (each with a dispatch_uid, so it can be disconnected by
it). Receivers run after the write has committed, outside
its transaction: each notice is its own small write through services.notify.
"""

from django.urls import reverse
from django.utils.translation import gettext

from okrflow.actors import is_system
from okrflow.notifications.models import NotificationKind
from okrflow.notifications.routing import speaking_to
from okrflow.notifications.services import notify


def notify_mention(comment, person, actor, objective) -> None:
    """The mention notice, in the recipient's language, linking to the objective's page (where
    the objective's, its key results', check-ins' and tasks' comments are shown)."""
    with speaking_to(person):
        name = gettext("Someone") if is_system(actor) else actor.name
        title = gettext("{name} mentioned you").format(name=name)
        body = comment.body[:500]
    link = reverse("objective", args=[objective.pk])
    notify(person, NotificationKind.MENTION, title, body, link, actor=actor)


def notify_the_mentioned(sender, *, comment, objective, actor, mentioned, **payload) -> None:
    """Everyone a new comment mentions (already limited to people who may see its item)."""
    for person in mentioned:
        notify_mention(comment, person, actor, objective)
