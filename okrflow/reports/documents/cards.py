"""`person-card` and `unit-card` — the personal and department OKR cards (个人OKR目标和关键成果卡,
部门OKR目标和关键成果卡), two of the forms HR publishes in the seed's steps (../shared/seeds/003:
《部门OKR目标和关键成果卡》、《个人OKR目标和关键成果卡》), signed by the owner and the manager.

One card: the owner, their unit and manager, the cycle and the owner's score; then one table of
the owner's objectives of the cycle, each with its alignment to the level above, its score and its
key results (weight, start, target and current value, score, grade, and the confidence of the last
check-in) — the objective's cells merged over its key results, as the seed's forms lay out an
objective and its key results; then the signature lines of the owner and the manager with a date.

Everything is read through the reader's visibility (okrflow/okrs/selectors.py, the one scoring
rule): a private objective the reader may not see is absent, and an objective aligned to one the
reader may not see says so without its title. A fixed number of queries for any card.
"""

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from okrflow.errors import DomainError, NotFound
from okrflow.okrs import scoring
from okrflow.okrs.access import visible_among
from okrflow.okrs.models import KeyResult, Objective, policy_for
from okrflow.okrs.selectors import objectives_for, owner_score
from okrflow.reports.document import (
    GRADE,
    NUMBER,
    PERCENT,
    SCORE,
    TEXT,
    Column,
    Definition,
    Paragraph,
    Report,
    ReportParams,
    Signatures,
    Table,
    register,
)
from okrflow.reports.documents.wording import grade_label


def _columns(with_owner: bool) -> list[Column]:
    columns = [
        Column("number", _("#"), NUMBER, width=3, merge=True),
        Column("objective", _("Objective (O)"), TEXT, width=13, merge=True),
        Column("aligned", _("Aligned to"), TEXT, width=10, merge=True),
        Column("objective_score", _("O score"), SCORE, width=5, merge=True),
        Column("kr", _("Key result (KR)"), TEXT, width=17),
    ]
    if with_owner:
        columns.append(Column("kr_owner", _("KR owner"), TEXT, width=4))
    columns += [
        Column("weight", _("Weight"), NUMBER, width=3),
        Column("start", _("Start value"), NUMBER, width=4),
        Column("target", _("Target value"), NUMBER, width=4),
        Column("current", _("Current value"), NUMBER, width=4),
        Column("unit", _("Unit of measure"), TEXT, width=5),
        Column("score", _("Score"), SCORE, width=3),
        Column("grade", _("Grade"), GRADE, width=4),
        Column("confidence", _("Confidence"), PERCENT, width=6),
    ]
    return columns


def _alignments(reader, objectives) -> dict:
    """{objective pk: the text of what it is aligned to}: the parent objective's or key result's
    reference and title when the reader may see it, a neutral note when not. Two narrow queries."""
    parent_krs = {kr.pk: kr for kr in KeyResult.objects.filter(
        pk__in={o.parent_key_result_id for o in objectives if o.parent_key_result_id})
        .only("pk", "ref", "title", "objective_id").order_by()}
    wanted = {o.parent_objective_id for o in objectives if o.parent_objective_id}
    wanted |= {kr.objective_id for kr in parent_krs.values()}
    seen = visible_among(reader, wanted) if wanted else {}
    hidden = _("Aligned to an objective you cannot see")
    texts = {}
    for objective in objectives:
        if objective.parent_objective_id:
            parent = seen.get(objective.parent_objective_id)
            texts[objective.pk] = f"O {parent.ref} {parent.title}" if parent else hidden
        elif objective.parent_key_result_id:
            kr = parent_krs.get(objective.parent_key_result_id)
            texts[objective.pk] = (f"KR {kr.ref} {kr.title}" if kr is not None and kr.objective_id in seen
                                   else hidden)
    return texts


def _number(value):
    return None if value is None else float(value)


def _rows(objectives, aligned, with_owner: bool):
    for number, objective in enumerate(objectives, start=1):
        common = {"number": number, "objective": objective.title, "aligned": aligned.get(objective.pk, ""),
                  "objective_score": objective.score}
        if not objective.krs:
            yield {**common, "kr": _("No key results yet.")}
        for kr in objective.krs:
            yield {**common, "kr": kr.title, "kr_owner": kr.owner.name if with_owner and kr.owner_id else "",
                   "weight": _number(kr.weight), "start": _number(kr.start_value),
                   "target": _number(kr.target_value), "current": _number(kr.current_value),
                   "unit": kr.unit, "score": kr.score, "grade": grade_label(kr.grade),
                   "confidence": kr.confidence}


def _card(reader, cycle, objectives, *, name, title, fields, score, signatures, filename,
          with_owner) -> Report:
    policy = policy_for(cycle.organization_id)
    period = f"{cycle.name} ({cycle.start_date.isoformat()} – {cycle.end_date.isoformat()})"
    fields = [*fields, (_("Cycle"), period), (_("OKR score"), score),
              (_("Grade"), grade_label(scoring.grade(score, policy)))]
    blocks = []
    if objectives:
        rows = _rows(objectives, _alignments(reader, objectives), with_owner)
        blocks.append(Table(_columns(with_owner), rows))
    else:
        blocks.append(Paragraph(_("No objectives in this cycle that you may see.")))
    blocks.append(Paragraph(_("Score: 0.00–1.00 by the one scoring rule (key results weighted); confidence: "
                              "the last check-in's, 0–100%.")))
    blocks.append(Signatures(signatures))
    return Report(name=name, title=title, subtitle=f"{cycle.organization.name} · {cycle.name}",
                  fields=fields, blocks=blocks, landscape=True, filename=filename)


def _cycle_objectives(cycle):
    return Objective.objects.for_org(cycle.organization_id).filter(cycle=cycle)


def build_person_card(reader, params: ReportParams) -> Report:
    person, cycle = params.person, params.cycle
    if person is None:
        raise DomainError("required", _("Name the person whose card it is."), field="person")
    if person.organization_id != cycle.organization_id:
        raise NotFound()
    objectives = objectives_for(reader, _cycle_objectives(cycle).filter(owner_person=person))
    objectives.sort(key=lambda o: (o.position, o.pk))
    fields = [(_("Full name"), person.name), (_("Job title"), person.title or person.get_role_display()),
              (_("Department"), person.unit.name if person.unit_id else ""),
              (_("Direct manager"), person.manager.name if person.manager_id else "")]
    return _card(reader, cycle, objectives, name="person-card", title=_("Personal OKR card"), fields=fields,
                 score=owner_score(cycle, person=person),
                 signatures=[_("Owner's signature"), _("Manager's signature")],
                 filename=f"person-card-{slugify(cycle.code) or cycle.pk}-{person.pk}", with_owner=False)


def build_unit_card(reader, params: ReportParams) -> Report:
    unit, cycle = params.unit, params.cycle
    if unit is None:
        raise DomainError("required", _("Name the unit whose card it is."), field="unit")
    if unit.organization_id != cycle.organization_id:
        raise NotFound()
    objectives = objectives_for(reader, _cycle_objectives(cycle).filter(owner_unit=unit))
    objectives.sort(key=lambda o: (o.position, o.pk))
    parent = unit.parent if unit.parent_id else None
    manager = parent.head if parent is not None and parent.head_id else None
    fields = [(_("Department"), unit.name), (_("Head of department"), unit.head.name if unit.head_id else ""),
              (_("Parent department"), parent.name if parent else ""),
              (_("Direct manager"), manager.name if manager else "")]
    return _card(reader, cycle, objectives, name="unit-card", title=_("Unit OKR card"), fields=fields,
                 score=owner_score(cycle, unit=unit),
                 signatures=[_("Head of department's signature"), _("Manager's signature")],
                 filename=f"unit-card-{slugify(cycle.code) or cycle.pk}-{slugify(unit.code) or unit.pk}",
                 with_owner=True)


PERSON_CARD = register(Definition(name="person-card", title=gettext_lazy("Personal OKR card"),
                                  scopes=("person",), build=build_person_card))
UNIT_CARD = register(Definition(name="unit-card", title=gettext_lazy("Unit OKR card"),
                                scopes=("unit",), build=build_unit_card))
