"""OKR cycles (周期), named by code. Writes go through the cycle services."""

from ninja import Query, Router, Status
from ninja.params import Path

from okrflow.api.errors import READ_ERRORS, WRITE_ERRORS
from okrflow.api.pagination import PageParams, page_of
from okrflow.api.references import cycle_named, set_fields
from okrflow.api.schemas import Code, CycleIn, CycleOut, CyclePage, CyclePatch
from okrflow.cycles import services
from okrflow.cycles.models import Cycle
from okrflow.errors import NotFound

router = Router(tags=["cycles"])


def cycles_of(actor):
    return Cycle.objects.for_org(actor.organization).select_related("parent")


def get_cycle_or_404(actor, code) -> Cycle:
    cycle = cycles_of(actor).filter(code=code).first()
    if cycle is None:
        raise NotFound()
    return cycle


@router.get("/cycles", response={200: CyclePage, **READ_ERRORS})
def list_cycles(request, page: Query[PageParams]):
    items, count = page_of(cycles_of(request.auth), page)
    return {"items": items, "count": count}


@router.get("/cycles/{code}", response={200: CycleOut, **READ_ERRORS})
def get_cycle(request, code: Path[Code]):
    return get_cycle_or_404(request.auth, code)


@router.post("/cycles", response={201: CycleOut, **WRITE_ERRORS})
def create_cycle(request, payload: CycleIn):
    actor = request.auth
    fields = payload.model_dump()
    fields["parent"] = cycle_named(actor, fields["parent"], field="parent", kind="parent_cycle")
    cycle = services.create_cycle(actor, actor.organization, **fields)
    return Status(201, get_cycle_or_404(actor, cycle.code))


@router.patch("/cycles/{code}", response={200: CycleOut, **WRITE_ERRORS})
def update_cycle(request, code: Path[Code], payload: CyclePatch):
    actor = request.auth
    cycle = get_cycle_or_404(actor, code)
    changes = set_fields(payload, nullable={"parent"})
    if "parent" in changes:
        changes["parent"] = cycle_named(actor, changes["parent"], field="parent", kind="parent_cycle")
    cycle = services.update_cycle(actor, cycle, **changes)
    return get_cycle_or_404(actor, cycle.code)
