"""Check-ins of a key result: read by everyone who sees it, written by okrflow.checkins.services
(which decides who may check in). The key result's score changes with the check-in."""

from django.db import transaction
from ninja import Query, Router, Status
from ninja.params import Path

from okrflow.api.errors import READ_ERRORS, WRITE_ERRORS
from okrflow.api.okr_schemas import CheckInCreatedOut, CheckInIn, CheckInPage
from okrflow.api.pagination import PageParams, page_of
from okrflow.api.routers.okrs import kr_detail
from okrflow.api.schemas import Id
from okrflow.checkins import services
from okrflow.checkins.models import CheckIn
from okrflow.okrs import access

router = Router(tags=["check-ins"])


@router.get("/key-results/{kr_id}/check-ins", response={200: CheckInPage, **READ_ERRORS})
def list_checkins(request, kr_id: Path[Id], page: Query[PageParams]):
    """Newest first (by date, then by the order recorded)."""
    kr, _can_edit = access.get_key_result(request.auth, kr_id)
    checkins = (CheckIn.objects.for_org(request.auth.organization).filter(key_result=kr)
                .select_related("author").order_by("-date", "-id"))
    items, count = page_of(checkins, page)
    return {"items": items, "count": count}


@router.post("/key-results/{kr_id}/check-ins", response={201: CheckInCreatedOut, **WRITE_ERRORS})
@transaction.atomic
def create_checkin(request, kr_id: Path[Id], payload: CheckInIn):
    """Record a reading; the answer holds the key result with its new score."""
    # One transaction with the read that builds the answer (as in routers/okrs.py): the key
    # result stays locked until the answer is built, so a racing DELETE cannot slip between.
    actor = request.auth
    kr, _can_edit = access.get_key_result(actor, kr_id)
    checkin = services.record_checkin(actor, kr, **payload.model_dump())
    kr, _can_edit = access.get_key_result(actor, kr_id)
    return Status(201, {"check_in": checkin, "key_result": kr_detail(actor, kr)})
