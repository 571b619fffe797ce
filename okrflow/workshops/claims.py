"""Department claims (部门认领, seed 000's "department claim" step): a department claims a company
objective or key result of the meeting's cycle and breaks it down with 5W2H (what, why, who,
when, where, how, how much) into its own draft objective, aligned to what it claimed.

Who claims: the department's head (or a head above it), or whoever runs the meeting on the
department's behalf. The draft is written by okrflow/okrs/services.py (its access check: the
claimer must be allowed to write the department's objectives). Its origin is *negotiated*: the
department answers the company's "how can you help me reach my goal?" (DOMAIN.md §3's negotiated
mode), neither handed down nor proposed from below on its own. `what` becomes the draft's title,
the other six answers its description.
"""

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from okrflow.actors import is_system
from okrflow.audit import log as audit
from okrflow.errors import AccessDenied, DomainError, NotFound, locked
from okrflow.okrs import services as okrs
from okrflow.okrs.access import visibility_q
from okrflow.okrs.models import KeyResult, Objective, ObjectiveStatus, Origin, Visibility
from okrflow.org.models import Unit
from okrflow.org.reader import reader_of
from okrflow.workshops import access
from okrflow.workshops.log import record_event
from okrflow.workshops.models import Claim, Workshop
from okrflow.writes import checked_text

FIVE_W_TWO_H = ("what", "why", "who", "when", "where", "how", "how_much")
TITLE_LIMIT = 200
ANSWER_LIMIT = 2000
FIELDS = ["unit_id", "objective_id", "key_result_id", *FIVE_W_TWO_H, "draft_id"]


def may_claim_for(actor, workshop, unit) -> bool:
    """The unit's head or a head above it, or whoever runs the meeting."""
    if access.can_manage(actor, workshop):
        return True
    return unit.organization_id == actor.organization_id and reader_of(actor).manages_unit(unit)


def claimable_units(actor, workshop):
    """The departments `actor` may claim for in `workshop` (every unit but the company itself)."""
    units = Unit.objects.for_org(workshop.organization_id).filter(parent__isnull=False)
    if not access.can_manage(actor, workshop):
        units = units.filter(reader_of(actor).managed_units_q("path"))
    return units.order_by("path", "id")


def company_objectives(workshop, viewer=None):
    """The company's objectives of the meeting's cycle with their key results, as `viewer` (a
    person; None for a guest: the public ones) may see them."""
    if workshop.cycle_id is None:
        return Objective.objects.none()
    objectives = Objective.objects.for_org(workshop.organization_id).filter(
        cycle_id=workshop.cycle_id, owner_unit__parent__isnull=True)
    if viewer is None:
        objectives = objectives.filter(visibility=Visibility.PUBLIC)
    elif not is_system(viewer):
        objectives = objectives.filter(visibility_q(reader_of(viewer)))
    return (objectives.prefetch_related(Prefetch("key_results", KeyResult.objects.order_by("position", "id")))
            .order_by("position", "ref", "id"))


def _target(workshop, objective, key_result):
    """The claimed company objective (or the objective of the claimed key result) of the cycle."""
    if (objective is None) == (key_result is None):
        raise DomainError("claim_what", _("Claim one company objective or one key result."), field="target")
    if workshop.cycle_id is None:
        raise DomainError("cycle_required", _("Choose the meeting's cycle before departments claim."),
                          field="target")
    company = objective if objective is not None else key_result.objective
    if (company.organization_id != workshop.organization_id or company.cycle_id != workshop.cycle_id
            or company.owner_unit_id is None or company.owner_unit.parent_id is not None):
        raise DomainError("not_company_okr",
                          _("A department claims the company's objectives and key results of this "
                            "meeting's cycle."), field="target")
    return company


def _answers(values: dict) -> dict:
    unknown = set(values) - set(FIVE_W_TWO_H)
    if unknown:
        raise TypeError("unknown fields: {}".format(", ".join(sorted(unknown))))
    answers = {name: checked_text(values.get(name), field=name, limit=ANSWER_LIMIT) for name in FIVE_W_TWO_H}
    answers["what"] = checked_text(values.get("what"), field="what", limit=TITLE_LIMIT, required=True)
    return answers


def breakdown_text(answers: dict) -> str:
    """The draft's description: the six answers after `what`, one labelled line each."""
    lines = []
    for name in FIVE_W_TWO_H[1:]:
        if answers.get(name):
            label = str(Claim._meta.get_field(name).verbose_name)
            lines.append(gettext("{label}: {answer}").format(label=label[:1].upper() + label[1:],
                                                              answer=answers[name]))
    return "\n".join(lines)


@transaction.atomic
def claim(actor, workshop, *, unit, objective=None, key_result=None, **five_w_two_h) -> Claim:
    """`unit` claims `objective` or `key_result` and breaks it down: a Claim and the unit's draft."""
    if is_system(actor) or not (access.can_manage(actor, workshop) or access.seat_of(actor, workshop)):
        raise NotFound()  # the meeting is not the actor's
    workshop = locked(Workshop.objects.select_related("cycle"), pk=workshop.pk)
    if unit.organization_id != workshop.organization_id:
        raise NotFound()
    if unit.parent_id is None:
        raise DomainError("not_a_department", _("Choose a department: the company does not claim its own "
                                                "objectives."), field="unit")
    if not may_claim_for(actor, workshop, unit):
        raise AccessDenied(_("Only the department's head, or whoever runs the meeting, claims for it."))
    company = _target(workshop, objective, key_result)
    answers = _answers(five_w_two_h)
    taken = Claim.objects.filter(workshop=workshop, unit=unit, objective=objective, key_result=key_result)
    if taken.exists():
        raise DomainError("already_claimed", _("{unit} has already claimed this.").format(unit=unit.name),
                          field="target")
    draft = okrs.create_objective(
        actor, workshop.organization, cycle=workshop.cycle, title=answers["what"], owner_unit=unit,
        description=breakdown_text(answers), origin=Origin.NEGOTIATED, status=ObjectiveStatus.DRAFT,
        parent_objective=company if key_result is None else None, parent_key_result=key_result)
    seat = access.seat_of(actor, workshop)
    made = Claim.objects.create(organization_id=workshop.organization_id, workshop=workshop, unit=unit,
                                objective=objective, key_result=key_result, draft=draft, created_by=seat,
                                **answers)
    audit.record(made, "workshop_claim.create", actor=actor,
                 changes={k: [None, v] for k, v in audit.snapshot(made, FIELDS).items()})
    record_event(workshop, "claims", "claimed",
                 {"claim_id": made.pk, "unit_id": unit.pk, "objective_id": made.objective_id,
                  "key_result_id": made.key_result_id}, actor=seat)
    return made


@transaction.atomic
def withdraw(actor, claim_row: Claim) -> None:
    """Take a claim back, with its draft while it is still a draft (a proposed or agreed one
    stays: it has a life of its own in the Set step)."""
    claim_row = locked(Claim.objects.select_related("workshop", "unit", "draft"), pk=claim_row.pk)
    workshop = claim_row.workshop
    if is_system(actor) or actor.organization_id != workshop.organization_id:
        raise NotFound()
    if not may_claim_for(actor, workshop, claim_row.unit):
        raise AccessDenied()
    audit.record(claim_row, "workshop_claim.delete", actor=actor,
                 changes={k: [v, None] for k, v in audit.snapshot(claim_row, FIELDS).items()})
    record_event(workshop, "claims", "withdrawn", {"claim_id": claim_row.pk, "unit_id": claim_row.unit_id},
                 actor=access.seat_of(actor, workshop))
    draft = claim_row.draft
    claim_row.delete()
    if draft is not None and draft.status == ObjectiveStatus.DRAFT:
        okrs.delete_objective(actor, draft)


def claims_of(workshop):
    return (Claim.objects.filter(workshop=workshop)
            .select_related("unit", "objective", "key_result", "draft").order_by("unit__path", "id"))


def board(workshop, viewer=None) -> list[dict]:
    """The claim panel's rows: each company objective with its key results, and who claimed what."""
    by_target: dict = {}
    for row in claims_of(workshop):
        by_target.setdefault(("kr", row.key_result_id) if row.key_result_id else ("o", row.objective_id),
                             []).append(row)
    return [{"objective": objective, "claims": by_target.get(("o", objective.pk), []),
             "key_results": [{"key_result": kr, "claims": by_target.get(("kr", kr.pk), [])}
                             for kr in objective.key_results.all()]}
            for objective in company_objectives(workshop, viewer)]


def get_claim(workshop, claim_id) -> Claim:
    try:
        return Claim.objects.get(workshop=workshop, pk=int(claim_id))
    except (Claim.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None
