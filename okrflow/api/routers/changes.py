"""Change requests of published annual key results (okrflow/okrs/changes.py): the owner asks,
the manager or an admin decides. The service checks who may and what is allowed."""

from datetime import datetime

from ninja import Field, Router, Schema, Status
from ninja.params import Path

from okrflow.api.errors import WRITE_ERRORS
from okrflow.api.okr_schemas import Value
from okrflow.api.schemas import Id
from okrflow.errors import NotFound
from okrflow.okrs import access, changes
from okrflow.okrs.models import KeyResultChangeRequest

router = Router(tags=["change requests"])


class ChangeRequestIn(Schema):
    new_title: str | None = Field(None, max_length=200, description="Default: the title as it is.")
    new_target: Value | None = Field(None, description="Default: the target as it is.")
    reason: str = Field(max_length=5000, description="Why the key result should change (required).")


class DecisionIn(Schema):
    approve: bool
    comment: str = Field("", max_length=5000, description="Required when rejecting.")


class ChangeRequestOut(Schema):
    id: int
    key_result_id: int
    state: str = Field(description="pending, approved or rejected")
    old_title: str
    new_title: str
    old_target: float
    new_target: float
    reason: str
    requested_by_id: int
    created_at: datetime
    decided_by_id: int | None = None
    decided_at: datetime | None = None
    decision_comment: str = ""


@router.post("/key-results/{kr_id}/change-requests", response={201: ChangeRequestOut, **WRITE_ERRORS})
def request_change(request, kr_id: Path[Id], payload: ChangeRequestIn):
    """Ask for a new title and/or target of a published annual key result (its owner or the
    objective's owner); one pending request per key result."""
    kr, _can_edit = access.get_key_result(request.auth, kr_id)
    return Status(201, changes.request_change(request.auth, kr, **payload.model_dump()))


@router.post("/change-requests/{request_id}/decision", response={200: ChangeRequestOut, **WRITE_ERRORS})
def decide(request, request_id: Path[Id], payload: DecisionIn):
    """Approve (the key result takes the new values, with the diff and the reason in its history)
    or reject (with a comment): the objective owner's manager or an admin."""
    actor = request.auth
    change = KeyResultChangeRequest.objects.for_org(actor.organization_id).filter(pk=request_id).first()
    if change is None:
        raise NotFound()
    access.get_key_result(actor, change.key_result_id)  # 404 for a key result one may not see
    return changes.decide(actor, change, approve=payload.approve, comment=payload.comment)
