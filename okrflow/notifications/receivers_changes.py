"""After publishing (issue 9): whoever asked for a change of a published annual key result hears
whether it was approved or rejected, with the approver's comment (okrflow/events.py
`change_request_decided`, sent by okrflow/okrs/changes.py after the decision was committed).

Connected in NotificationsConfig.ready(). The notice links to the request's page, which shows
the old and new values side by side and the decision.
"""

from django.urls import reverse
from django.utils.translation import gettext

from okrflow.actors import is_system
from okrflow.notifications.models import NotificationKind
from okrflow.notifications.routing import speaking_to
from okrflow.notifications.services import notify


def tell_the_requester(sender, *, request, actor, approved, **payload) -> None:
    requester = request.requested_by
    if not is_system(actor) and requester.pk == actor.pk:
        return
    title_of_kr = request.new_title if approved else request.old_title  # its title now
    with speaking_to(requester):
        name = gettext("Someone") if is_system(actor) else actor.name
        if approved:
            title = gettext("{name} approved your change of “{key_result}”").format(
                name=name, key_result=title_of_kr)
        else:
            title = gettext("{name} rejected your change of “{key_result}”").format(
                name=name, key_result=title_of_kr)
    link = reverse("change_request", args=[request.pk])
    notify(requester, NotificationKind.CHANGE_REQUEST_DECIDED, title, request.decision_comment, link,
           actor=actor)
