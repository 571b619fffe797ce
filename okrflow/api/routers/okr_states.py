"""The Set step over the API: submit, send back, accept and confirm an objective
(okrflow/okrs/states.py). A transition the objective's state does not allow is 409 ("bad_transition");
someone who may see the objective but not act on it gets 403, anyone else 404."""

from django.db import transaction
from django.http import HttpResponse
from ninja import Field, Router, Schema
from ninja.params import Path

from okrflow.api.errors import GUARDED_WRITE_ERRORS
from okrflow.api.etags import documents_etag, expected_version
from okrflow.api.okr_schemas import ObjectiveDetailOut
from okrflow.api.routers.okrs import IfMatch, fresh_objective
from okrflow.api.schemas import Id
from okrflow.okrs import access, states

router = Router(tags=["objectives"])


class CommentIn(Schema):
    comment: str = Field("", max_length=states.MAX_COMMENT)


class ReasonIn(Schema):
    comment: str = Field(min_length=1, max_length=states.MAX_COMMENT,
                         description="Why it goes back: the owner reads it on the objective's page.")


def _transition(request, objective_id, response, if_match, act):
    actor = request.auth
    objective, _can_edit = access.get_objective(actor, objective_id)  # NotFound when not visible
    act(actor, objective, expected_version(if_match))
    return fresh_objective(actor, objective_id, response)


STATE_RESPONSES = {"response": {200: ObjectiveDetailOut, **GUARDED_WRITE_ERRORS},
                   "openapi_extra": documents_etag(200)}


@router.post("/objectives/{objective_id}/propose", **STATE_RESPONSES)
@transaction.atomic
def propose(request, objective_id: Path[Id], payload: CommentIn, response: HttpResponse,
            if_match: str | None = IfMatch):
    """draft → proposed: the owner (or whoever may edit it) submits it to the other side."""
    return _transition(request, objective_id, response, if_match, lambda actor, objective, version:
                       states.propose(actor, objective, comment=payload.comment, expected_version=version))


@router.post("/objectives/{objective_id}/send-back", **STATE_RESPONSES)
@transaction.atomic
def send_back(request, objective_id: Path[Id], payload: ReasonIn, response: HttpResponse,
              if_match: str | None = IfMatch):
    """proposed or agreed → draft, with the reason (required); every acceptance is cleared."""
    return _transition(request, objective_id, response, if_match, lambda actor, objective, version:
                       states.send_back(actor, objective, comment=payload.comment, expected_version=version))


@router.post("/objectives/{objective_id}/accept", **STATE_RESPONSES)
@transaction.atomic
def accept(request, objective_id: Path[Id], response: HttpResponse, if_match: str | None = IfMatch):
    """Your side's acceptance (the owner side or the manager side); agreed with the last one."""
    return _transition(request, objective_id, response, if_match, lambda actor, objective, version:
                       states.accept(actor, objective, expected_version=version))


@router.post("/objectives/{objective_id}/confirm", **STATE_RESPONSES)
@transaction.atomic
def confirm(request, objective_id: Path[Id], response: HttpResponse, if_match: str | None = IfMatch):
    """The company head confirms a department's proposed objective."""
    return _transition(request, objective_id, response, if_match, lambda actor, objective, version:
                       states.confirm(actor, objective, expected_version=version))
