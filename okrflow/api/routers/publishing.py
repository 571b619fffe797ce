"""Publishing a cycle: `POST /cycles/{code}/publish` (admins and the OKR champion). The digests
are queued to the task worker; nothing is sent inside the request."""

from ninja import Router, Schema, Status
from ninja.params import Path
from pydantic import StrictBool

from okrflow.api.errors import WRITE_ERRORS
from okrflow.api.routers.cycles import get_cycle_or_404
from okrflow.api.schemas import Code
from okrflow.publishing import services

router = Router(tags=["cycles"])


class PublishIn(Schema):
    only_agreed: StrictBool = False
    resend: StrictBool = False


class PublishOut(Schema):
    cycle: str
    published_at: str | None
    already_published: bool
    objectives_published: int
    left_as_drafts: int
    digests_queued: int
    message: str


@router.post("/cycles/{code}/publish", response={202: PublishOut, **WRITE_ERRORS})
def publish_cycle(request, code: Path[Code], payload: PublishIn = None):
    """Publish the cycle and queue every person's digest. 409 `unpublished_drafts` names the
    objectives not agreed yet (send `only_agreed` to publish the agreed ones and leave the rest
    unpublished, drafts and proposals as they are); publishing again queues nothing unless `resend`."""
    actor = request.auth
    payload = payload or PublishIn()
    result = services.publish_cycle(actor, get_cycle_or_404(actor, code), only_agreed=payload.only_agreed,
                                    resend=payload.resend)
    services.queue_digests(result, actor=actor)
    cycle = result.cycle
    return Status(202, {
        "cycle": cycle.code, "published_at": cycle.published_at.isoformat() if cycle.published_at else None,
        "already_published": result.already_published, "objectives_published": result.published,
        "left_as_drafts": result.left_as_drafts,
        "digests_queued": result.digests if result.round_key is not None else 0, "message": result.message})
