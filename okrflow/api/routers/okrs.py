"""Objectives and key results. Reading goes through okrflow.okrs.access (what the reader may
see), writing through okrflow.okrs.services; scores come from okrflow.okrs.scoring, set-wise."""

from django.db.models import Q
from django.http import HttpResponse
from ninja import Header, Query, Router, Schema, Status
from ninja.params import Path

from okrflow.api.errors import GUARDED_WRITE_ERRORS, READ_ERRORS, WRITE_ERRORS, ErrorOut
from okrflow.api.etags import documents_etag, etag_of, expected_version
from okrflow.api.okr_schemas import (
    KeyResultDetailOut,
    KeyResultIn,
    KeyResultPatch,
    ObjectiveDetailOut,
    ObjectiveIn,
    ObjectivePage,
    ObjectivePatch,
)
from okrflow.api.pagination import PageParams, page_of
from okrflow.api.references import (
    category_named,
    cycle_named,
    owner_named,
    owner_parts,
    parent_key_result_numbered,
    parent_objective_numbered,
    person_numbered,
    set_fields,
)
from okrflow.api.schemas import Id
from okrflow.errors import AccessDenied
from okrflow.okrs import access, scoring, services
from okrflow.okrs.models import KeyResult, Objective, policy_for
from okrflow.org.models import normalize_email

router = Router(tags=["objectives"])
IfMatch = Header(None, alias="If-Match", description="The ETag you read; a stale one gets 412.")


# ---- presenting ----------------------------------------------------------------------------------

def with_kr_score(kr: KeyResult) -> KeyResult:
    kr.score = scoring.kr_score(kr.start_value, kr.target_value, kr.current_value)
    return kr


def objective_detail(actor, objective, can_edit: bool):
    """The objective with its key results, their scores and its own score and grade."""
    key_results = [with_kr_score(kr) for kr in
                   KeyResult.objects.for_org(actor.organization).filter(objective=objective)
                   .select_related("owner")]
    objective.score = scoring.objective_score((kr.weight, kr.score) for kr in key_results)
    objective.grade = scoring.grade(objective.score, policy_for(actor.organization))
    objective.key_results_list = key_results
    objective.can_edit = can_edit
    return objective


def fresh_objective(actor, objective_id, response: HttpResponse):
    objective, can_edit = access.get_objective(actor, objective_id)
    response["ETag"] = etag_of(objective)
    return objective_detail(actor, objective, can_edit)


def kr_detail(actor, kr: KeyResult, response: HttpResponse | None = None):
    kr = with_kr_score(kr)
    kr.can_edit = access.can_edit_objective(actor, kr.objective)
    kr.can_check_in = access.can_check_in(actor, kr)
    if response is not None:
        response["ETag"] = etag_of(kr)
    return kr


def editable_objective(actor, objective_id):
    objective, can_edit = access.get_objective(actor, objective_id)
    if not can_edit:
        raise AccessDenied()
    return objective


def editable_key_result(actor, kr_id):
    kr, can_edit = access.get_key_result(actor, kr_id)
    if not can_edit:
        raise AccessDenied()
    return kr


# ---- objectives ----------------------------------------------------------------------------------

class ObjectiveFilter(Schema):
    cycle: str | None = None
    owner: str | None = None
    ref: str | None = None


def owner_filter(spec: str) -> Q:
    kind, name = owner_parts(spec)
    if kind == "company":
        return Q(owner_unit__isnull=False, owner_unit__parent__isnull=True)
    if kind == "unit":
        return Q(owner_unit__code=name)
    return Q(owner_person__email=normalize_email(name))


@router.get("/objectives", response={200: ObjectivePage, 400: ErrorOut, **READ_ERRORS})
def list_objectives(request, filters: Query[ObjectiveFilter], page: Query[PageParams]):
    """The objectives you may see; filter by `cycle` (code), `owner` (company, unit:CODE or
    person:EMAIL) and `ref`. Scores for the whole page come from one query."""
    actor = request.auth
    objectives = access.visible_objectives(actor).select_related(
        "cycle", "owner_unit", "owner_person", "category")
    if filters.cycle:
        objectives = objectives.filter(cycle__code=filters.cycle)
    if filters.owner:
        objectives = objectives.filter(owner_filter(filters.owner))
    if filters.ref:
        objectives = objectives.filter(ref=filters.ref)
    items, count = page_of(objectives, page)
    scores = scoring.objective_scores(Objective.objects.filter(pk__in=[o.pk for o in items]))
    policy = policy_for(actor.organization)
    for objective in items:
        objective.score = scores.get(objective.pk)
        objective.grade = scoring.grade(objective.score, policy)
    return {"items": items, "count": count}


def objective_changes(actor, fields: dict) -> dict:
    """Body names (codes, owner, category, parent ids) as the service's keyword arguments."""
    changes = dict(fields)
    if "cycle" in changes:
        changes["cycle"] = cycle_named(actor, changes["cycle"], field="cycle")
    if "owner" in changes:
        changes.update(owner_named(actor, changes.pop("owner")))
    if "category" in changes:
        changes["category"] = category_named(actor, changes["category"])
    if "parent_objective_id" in changes:
        changes["parent_objective"] = parent_objective_numbered(
            actor, changes.pop("parent_objective_id"), field="parent_objective_id")
    if "parent_key_result_id" in changes:
        changes["parent_key_result"] = parent_key_result_numbered(
            actor, changes.pop("parent_key_result_id"), field="parent_key_result_id")
    return changes


@router.post("/objectives", response={201: ObjectiveDetailOut, **WRITE_ERRORS},
             openapi_extra=documents_etag(201))
def create_objective(request, payload: ObjectiveIn, response: HttpResponse):
    actor = request.auth
    fields = payload.model_dump()
    if fields["owner"] is None:
        fields["owner"] = f"person:{actor.email}"
    objective = services.create_objective(actor, actor.organization, **objective_changes(actor, fields))
    return Status(201, fresh_objective(actor, objective.pk, response))


@router.get("/objectives/{objective_id}", response={200: ObjectiveDetailOut, **READ_ERRORS},
            openapi_extra=documents_etag(200))
def get_objective(request, objective_id: Path[Id], response: HttpResponse):
    """An objective with its key results and scores; the ETag names its version."""
    return fresh_objective(request.auth, objective_id, response)


@router.patch("/objectives/{objective_id}", response={200: ObjectiveDetailOut, **GUARDED_WRITE_ERRORS},
              openapi_extra=documents_etag(200))
def update_objective(request, objective_id: Path[Id], payload: ObjectivePatch, response: HttpResponse,
                     if_match: str | None = IfMatch):
    actor = request.auth
    objective = editable_objective(actor, objective_id)
    changes = objective_changes(actor, set_fields(
        payload, nullable={"category", "parent_objective_id", "parent_key_result_id"}))
    services.update_objective(actor, objective, expected_version=expected_version(if_match), **changes)
    return fresh_objective(actor, objective_id, response)


@router.delete("/objectives/{objective_id}", response={204: None, **GUARDED_WRITE_ERRORS})
def delete_objective(request, objective_id: Path[Id], if_match: str | None = IfMatch):
    """Deletes the objective with its key results and check-ins."""
    actor = request.auth
    objective = editable_objective(actor, objective_id)
    services.delete_objective(actor, objective, expected_version=expected_version(if_match))
    return Status(204, None)


# ---- key results ---------------------------------------------------------------------------------

def key_result_changes(actor, fields: dict) -> dict:
    changes = dict(fields)
    if "owner_id" in changes:
        changes["owner"] = person_numbered(actor, changes.pop("owner_id"), field="owner_id", kind="owner")
    return changes


@router.post("/objectives/{objective_id}/key-results", tags=["key results"],
             response={201: KeyResultDetailOut, **WRITE_ERRORS}, openapi_extra=documents_etag(201))
def create_key_result(request, objective_id: Path[Id], payload: KeyResultIn, response: HttpResponse):
    actor = request.auth
    objective = editable_objective(actor, objective_id)
    kr = services.create_key_result(actor, objective, **key_result_changes(actor, payload.model_dump()))
    kr, _can_edit = access.get_key_result(actor, kr.pk)
    return Status(201, kr_detail(actor, kr, response))


@router.get("/key-results/{kr_id}", tags=["key results"], response={200: KeyResultDetailOut, **READ_ERRORS},
            openapi_extra=documents_etag(200))
def get_key_result(request, kr_id: Path[Id], response: HttpResponse):
    kr, _can_edit = access.get_key_result(request.auth, kr_id)
    return kr_detail(request.auth, kr, response)


@router.patch("/key-results/{kr_id}", tags=["key results"],
              response={200: KeyResultDetailOut, **GUARDED_WRITE_ERRORS}, openapi_extra=documents_etag(200))
def update_key_result(request, kr_id: Path[Id], payload: KeyResultPatch, response: HttpResponse,
                      if_match: str | None = IfMatch):
    actor = request.auth
    kr = editable_key_result(actor, kr_id)
    changes = key_result_changes(actor, set_fields(payload, nullable={"owner_id", "due_date"}))
    services.update_key_result(actor, kr, expected_version=expected_version(if_match), **changes)
    kr, _can_edit = access.get_key_result(actor, kr_id)
    return kr_detail(actor, kr, response)


@router.delete("/key-results/{kr_id}", tags=["key results"], response={204: None, **GUARDED_WRITE_ERRORS})
def delete_key_result(request, kr_id: Path[Id], if_match: str | None = IfMatch):
    actor = request.auth
    kr = editable_key_result(actor, kr_id)
    services.delete_key_result(actor, kr, expected_version=expected_version(if_match))
    return Status(204, None)
