"""The Set step's buttons on the objective page: submit to the manager, send back with a reason,
accept, confirm as company head (okrflow/okrs/states.py decides; this only asks and reports)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from okrflow.errors import DomainError, NotFound
from okrflow.okrs import access, states
from okrflow.web.views.guards import member_view

DONE = {
    "propose": _("Submitted to the manager."),
    "send-back": _("Sent back to draft with your reason."),
    "accept": _("Accepted."),
    "confirm": _("Confirmed."),
}


def _act(action, actor, objective, post):
    version = post.get("version") or None
    if action == "propose":
        return states.propose(actor, objective, comment=post.get("comment", ""), expected_version=version)
    if action == "send-back":
        return states.send_back(actor, objective, comment=post.get("comment", ""), expected_version=version)
    if action == "accept":
        return states.accept(actor, objective, expected_version=version)
    return states.confirm(actor, objective, expected_version=version)


@member_view
@require_POST
def objective_transition(request, objective_id, action):
    if action not in DONE:
        raise NotFound()
    objective, _can_edit = access.get_objective(request.user, objective_id)  # 404 when not visible
    try:
        _act(action, request.user, objective, request.POST)
    except DomainError as error:
        if error.status in (403, 404):  # member_view's 403 / 404 pages
            raise
        messages.error(request, error.message)
    else:
        messages.success(request, DONE[action])
    return redirect("objective", objective.pk)
