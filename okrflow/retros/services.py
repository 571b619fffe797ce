"""Every write to retrospectives and their improvements, and carrying improvements into the next
cycle as action items (through the meetings app's service, so its rules and audit apply).

Each function checks access (okrflow/retros/access.py), validates (DomainError, nothing stored),
runs in one transaction and writes an audit entry.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okrflow.actors import person_of
from okrflow.audit import log
from okrflow.cycles import pilots
from okrflow.cycles.rules import check_sane_date
from okrflow.errors import AccessDenied, DomainError, NotFound, locked, require_current
from okrflow.meetings.actions import create_action_item
from okrflow.okrs import rules
from okrflow.org.models import Unit
from okrflow.retros import access
from okrflow.retros.models import Improvement, Prompt, RetroAnswer, RetroKind, Retrospective
from okrflow.writes import checked_text

RETRO_FIELDS = ["cycle_id", "kind", "unit_id", "went_well", "went_badly", "causes"]
TEXT_FIELDS = ("went_well", "went_badly", "causes")
IMPROVEMENT_FIELDS = ["text", "owner_id", "due_date", "action_item_id"]


def _retro_query(cycle, unit):
    found = Retrospective.objects.for_org(cycle.organization).filter(cycle=cycle)
    return found.filter(unit=unit) if unit is not None else found.filter(kind=RetroKind.MANAGEMENT)


def _check_covered(cycle, unit) -> None:
    """A pilot cycle's retrospectives are its pilot units' (and the management's)."""
    if unit is not None and pilots.is_pilot(cycle) and not (
            Unit.objects.filter(pk=unit.pk).filter(pilots.units_q(cycle)).exists()):
        raise DomainError("not_in_pilot", _("This cycle is a pilot for other units: this unit has no "
                                            "retrospective in it."), field="unit")


def retro_of(actor, cycle, unit=None):
    """(the retrospective or None when not started yet, whether `actor` may edit it); NotFound
    when the actor may not read it."""
    if unit is not None and unit.organization_id != cycle.organization_id:
        raise NotFound()
    may_edit = access.require_read(actor, cycle, unit)
    return _retro_query(cycle, unit).select_related("unit", "cycle").first(), may_edit


@transaction.atomic
def open_retro(actor, cycle, unit=None) -> Retrospective:
    """The unit's (or, with no unit, the management's) retrospective of `cycle`, started when
    there is none yet."""
    retro, may_edit = retro_of(actor, cycle, unit)
    if retro is not None:
        return retro
    if not may_edit:
        raise AccessDenied()
    _check_covered(cycle, unit)
    retro = Retrospective(organization=cycle.organization, cycle=cycle, unit=unit,
                          kind=RetroKind.DEPARTMENT if unit is not None else RetroKind.MANAGEMENT,
                          created_by=person_of(actor))
    try:
        with transaction.atomic():
            retro.save()
    except IntegrityError:  # a racing request started it first
        return _retro_query(cycle, unit).get()
    log.record(retro, "retrospective.create", actor=actor,
               changes={k: [None, v] for k, v in log.snapshot(retro, RETRO_FIELDS).items()})
    return retro


def _require_edit(actor, retro) -> None:
    if not access.can_edit(actor, retro.cycle, retro.unit):
        if not access.can_read(actor, retro.cycle, retro.unit):
            raise NotFound()
        raise AccessDenied()


def _text(value, field, limit=20000) -> str:
    return checked_text(value, field=field, limit=limit)


@transaction.atomic
def update_retro(actor, retro: Retrospective, *, expected_version=None, answers=None,
                 **texts) -> Retrospective:
    """Change what went well, what did not, the causes (`texts`) and the answers to the prompts
    (`answers`: {prompt: text}); an empty answer removes it."""
    unknown = set(texts) - set(TEXT_FIELDS)
    if unknown:
        raise TypeError("cannot change {}".format(", ".join(sorted(unknown))))
    _require_edit(actor, retro)
    retro = locked(Retrospective.objects.select_related("cycle", "unit"), pk=retro.pk,
                   organization=retro.organization_id)
    require_current(retro, expected_version)
    answers = dict(answers or {})
    bad = set(answers) - set(Prompt.values)
    if bad:
        raise DomainError("bad_prompt", _("Unknown prompt: {names}.").format(names=", ".join(sorted(bad))),
                          field="answers")
    before = log.snapshot(retro, RETRO_FIELDS)
    for field, value in texts.items():
        setattr(retro, field, _text(value, field))
    cleaned = {prompt: _text(text, prompt) for prompt, text in answers.items()}
    stored = {a.prompt: a for a in retro.answers.all()}
    answer_changes = {}
    for prompt, text in cleaned.items():
        old = stored.get(prompt)
        if (old.text if old else "") == text:
            continue
        answer_changes[f"answer.{prompt}"] = [old.text if old else None, text or None]
        if old and not text:
            old.delete()
        elif old:
            old.text = text
            old.save(update_fields=["text"])
        else:
            RetroAnswer.objects.create(organization=retro.organization, retrospective=retro,
                                       prompt=prompt, text=text)
    changes = {**log.diff(before, log.snapshot(retro, RETRO_FIELDS)), **answer_changes}
    if not changes:
        return retro
    retro.version += 1
    retro.updated_at = timezone.now()
    retro.save(update_fields=[*TEXT_FIELDS, "version", "updated_at"])
    log.record(retro, "retrospective.update", actor=actor, changes=changes)
    return retro


@transaction.atomic
def add_improvement(actor, retro: Retrospective, *, text, owner, due_date) -> Improvement:
    """A concrete improvement with its owner (a person of the organization) and its due date."""
    _require_edit(actor, retro)
    text = _text(text, "text", limit=200)
    if not text:
        raise DomainError("text_required", _("Say what will be improved."), field="text")
    if owner is None:
        raise DomainError("owner_required", _("Choose who owns this improvement."), field="owner")
    rules.check_same_org(retro, owner, "owner")
    due_date = rules.as_date(due_date, "due_date")
    if due_date is None:
        raise DomainError("due_date_required", _("Give the improvement a due date."), field="due_date")
    check_sane_date(due_date, "due_date")
    item = Improvement.objects.create(
        organization=retro.organization, retrospective=retro, text=text, owner=owner, due_date=due_date,
        position=Improvement.objects.filter(retrospective=retro).count())
    log.record(item, "improvement.create", actor=actor,
               changes={k: [None, v] for k, v in log.snapshot(item, IMPROVEMENT_FIELDS).items()})
    return item


@transaction.atomic
def delete_improvement(actor, item: Improvement) -> None:
    item = locked(Improvement.objects.select_related("retrospective__cycle", "retrospective__unit"),
                  pk=item.pk, organization=item.organization_id)
    _require_edit(actor, item.retrospective)
    if item.action_item_id is not None:
        raise DomainError("carried", _("This improvement is already an action item of the next cycle; "
                                       "change it there."))
    log.record(item, "improvement.delete", actor=actor,
               changes={k: [v, None] for k, v in log.snapshot(item, IMPROVEMENT_FIELDS).items()})
    item.delete()


def check_later_cycle(cycle, later) -> None:
    """`later` is a cycle of the same organization that starts after `cycle` starts."""
    if (later is None or later.organization_id != cycle.organization_id
            or later.start_date <= cycle.start_date):
        raise DomainError("not_next_cycle", _("Choose a cycle that comes after {cycle}.").format(cycle=cycle),
                          field="next_cycle")


@transaction.atomic
def carry_improvements(actor, retro: Retrospective, *, key_result) -> list:
    """Each improvement not carried yet becomes an action item of `key_result` (a key result of a
    later cycle), owned and due as the improvement, linked back. Returns the new action items."""
    _require_edit(actor, retro)
    if key_result is None or key_result.organization_id != retro.organization_id:
        raise DomainError("key_result_required",
                          _("Choose the key result of the next cycle that the improvements serve."),
                          field="key_result")
    check_later_cycle(retro.cycle, key_result.objective.cycle)
    pending = list(Improvement.objects.select_for_update(of=("self",))
                   .filter(retrospective=retro, action_item__isnull=True).select_related("owner"))
    why = _("An improvement from the retrospective of {cycle}.").format(cycle=retro.cycle)
    created = []
    for item in pending:
        action = create_action_item(actor, key_result, title=item.text, owner=item.owner,
                                    due_date=item.due_date, why=str(why))
        item.action_item = action
        item.save(update_fields=["action_item"])
        log.record(item, "improvement.carry", actor=actor, changes={"action_item_id": [None, action.pk]})
        created.append(action)
    return created
