"""Objectives and key results. Reading goes through okrflow.okrs.access (what the reader may
see) and the read model okrflow.okrs.selectors (scores, grades, rights, set-wise), writing
through okrflow.okrs.services."""

from django.db import transaction
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
from okrflow.errors import AccessDenied, NotFound
from okrflow.okrs import access, scoring, selectors, services
from okrflow.okrs.models import KeyResult, Objective, ObjectiveStatus, Visibility, policy_for
from okrflow.org.models import normalize_email
from okrflow.org.reader import reader_of

router = Router(tags=["objectives"])
OBJECTIVE_COUNT_CAP = 10_000  # a list's count stops here (pagination.page_of)
IfMatch = Header(None, alias="If-Match", description="The ETag you read; a stale one gets 412.")


# ---- presenting ----------------------------------------------------------------------------------
# Scores, grades and rights come from the one read model (okrflow.okrs.selectors), so the API
# shows the web's numbers.

def fresh_objective(actor, objective_id, response: HttpResponse):
    """The objective with its key results, their scores and its own score and grade."""
    objective = selectors.objective_for(actor, objective_id)
    objective.key_results_list = objective.krs
    response["ETag"] = etag_of(objective)
    return objective


def kr_detail(actor, kr: KeyResult, response: HttpResponse | None = None):
    scores = list(selectors.scored_key_results(KeyResult.objects.filter(pk=kr.pk))
                  .values_list("score_value", flat=True))
    if not scores:  # deleted by a racing request since it was read
        raise NotFound()
    kr.score = scoring.tidy(scores[0])
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


# Writes run in one transaction with the read that builds their answer: the row the service
# locked stays locked until then, so a racing DELETE waits instead of turning a write that
# happened into a 404 (or a crash) while its answer is read.

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


# What ObjectiveOut reads of a listed objective and of its cycle, owner and category.
LISTED = ("pk", "organization_id", "ref", "title", "description", "cycle", "owner_unit", "owner_person",
          "category", "origin", "visibility", "status", "parent_objective_id", "parent_key_result_id",
          "version", "created_at", "updated_at", "cycle__code", "owner_unit__code", "owner_unit__name",
          "owner_unit__parent_id", "owner_person__email", "owner_person__name", "category__name")


def _page_rows(ids):
    """The page's objectives by their ids, which the reader's visibility chose a moment ago: not
    checked again (the condition cost ~2.5 ms of Python and SQL per page for a manager). Only
    what the list shows (LISTED): the whole rows of five tables cost ~3 ms to compile and read."""
    return (Objective.objects.filter(pk__in=ids)
            .select_related("cycle", "owner_unit", "owner_person", "category").only(*LISTED)
            .order_by("cycle_id", "id"))


@router.get("/objectives", response={200: ObjectivePage, 400: ErrorOut, **READ_ERRORS})
def list_objectives(request, filters: Query[ObjectiveFilter], page: Query[PageParams]):
    """The objectives you may see; filter by `cycle` (code), `owner` (company, unit:CODE or
    person:EMAIL) and `ref`. The page and its scores come from one query (the read model's
    with_scores), whatever the page size."""
    actor = request.auth
    # Ordered by cycle, then creation (id): a stable order for paging that the index
    # (organization, cycle, id) serves without sorting the cycle's objectives.
    def filtered(objectives):
        if filters.cycle:
            objectives = objectives.filter(cycle__code=filters.cycle)
        if filters.owner:
            objectives = objectives.filter(owner_filter(filters.owner))
        if filters.ref:
            objectives = objectives.filter(ref=filters.ref)
        return objectives

    objectives = filtered(access.visible_objectives(actor)).order_by("cycle_id", "id")
    # Everyone sees the public objectives: when they alone pass the cap, the reader's list is
    # not counted through the visibility condition (on PostgreSQL at 100,000 people that count
    # hashed every person for a member: ~50 ms of the list's p95 of 177 ms).
    public = None if reader_of(actor).everything else filtered(
        Objective.objects.for_org(actor.organization_id).filter(visibility=Visibility.PUBLIC))
    items, count = page_of(objectives, page, annotate=selectors.with_scores, count_cap=OBJECTIVE_COUNT_CAP,
                           rows=_page_rows, floor=public)
    policy = policy_for(actor.organization)
    for objective in items:
        objective.score = selectors.score_of(objective)
        objective.grade = scoring.grade(objective.score, policy)
    return {"items": items, "count": min(count, OBJECTIVE_COUNT_CAP),
            "count_capped": count > OBJECTIVE_COUNT_CAP}


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
@transaction.atomic
def create_objective(request, payload: ObjectiveIn, response: HttpResponse):
    actor = request.auth
    fields = payload.model_dump()
    if fields["owner"] is None:
        fields["owner"] = f"person:{actor.email}"
    # A new objective starts as a draft, in a published cycle too (okrflow/okrs/states.py).
    objective = services.create_objective(actor, actor.organization, status=ObjectiveStatus.DRAFT,
                                          **objective_changes(actor, fields))
    return Status(201, fresh_objective(actor, objective.pk, response))


@router.get("/objectives/{objective_id}", response={200: ObjectiveDetailOut, **READ_ERRORS},
            openapi_extra=documents_etag(200))
def get_objective(request, objective_id: Path[Id], response: HttpResponse):
    """An objective with its key results and scores; the ETag names its version."""
    return fresh_objective(request.auth, objective_id, response)


@router.patch("/objectives/{objective_id}", response={200: ObjectiveDetailOut, **GUARDED_WRITE_ERRORS},
              openapi_extra=documents_etag(200))
@transaction.atomic
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
@transaction.atomic
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
@transaction.atomic
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
