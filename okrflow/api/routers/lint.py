"""The OKR rules check of a cycle (okrflow.okrs.lint), as the reader may see it."""

from ninja import Router
from ninja.params import Path

from okrflow.api.errors import READ_ERRORS
from okrflow.api.okr_schemas import FindingList
from okrflow.api.routers.cycles import get_cycle_or_404
from okrflow.api.schemas import Code
from okrflow.checkins.facts import checkin_facts
from okrflow.okrs.access import visible_objectives
from okrflow.okrs.lint import lint_cycle
from okrflow.okrs.models import KeyResult, Objective

router = Router(tags=["cycles"])


def hidden_refs(actor, cycle) -> set:
    """Refs of the cycle's objectives (and their key results) the reader may not see."""
    if actor.runs_okr_process:
        return set()
    hidden = Objective.objects.for_org(actor.organization).filter(cycle=cycle).exclude(
        pk__in=visible_objectives(actor).values("pk"))
    return (set(hidden.values_list("ref", flat=True))
            | set(KeyResult.objects.filter(objective__in=hidden).values_list("ref", flat=True)))


@router.get("/cycles/{code}/lint", response={200: FindingList, **READ_ERRORS})
def lint(request, code: Path[Code]):
    """Findings of the OKR rules check for the cycle, in the request's language; findings about
    private OKRs the reader may not see are left out."""
    cycle = get_cycle_or_404(request.auth, code)
    hidden = hidden_refs(request.auth, cycle)
    findings = [f.as_dict() for f in lint_cycle(cycle, checkin_facts(cycle)) if f.ref not in hidden]
    return {"items": findings, "count": len(findings)}
