"""Who may see, change and check in on which OKRs (issue 3), for web, API, export and mail alike.

Seeing: every public objective of one's own organization (transparency, CEO to intern). A private
objective is seen by its owner (the owning person; for a unit's objective the people of that unit),
by the owner's managers up the chain, by the heads of the owning unit and of the units above it,
by the owners of its key results, and by admins and the OKR champion.

Changing: people change their own OKRs; managers those of their reports (anyone below them in the
manager chain) and of their units (the units they head and every unit below, and the people in
them); admins and the OKR champion change everything.

The system actor (okrflow.actors.SYSTEM: importer, demo, commands) may do everything; a forgotten
actor (None) is a TypeError.
"""

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Value

from okrflow.actors import is_system
from okrflow.errors import NotFound
from okrflow.okrs.models import KeyResult, Objective, Visibility
from okrflow.org.reader import reader_of

# What a single-object rights check reads of the owners (their paths): load these with the object.
OWNER_RELATIONS = ("owner_unit", "owner_person", "owner_person__unit")


def visibility_q(reader, prefix: str = "") -> Q:
    """The objectives `reader` may see, as one SQL condition (no id lists). `prefix` reaches the
    objective through a relation ("objective__" for key results), so the condition joins along
    the foreign key instead of testing membership in a subquery of every visible objective."""
    if reader.everything:
        return Q()
    return reader.once(("visibility_q", prefix), lambda: _visibility_q(reader, prefix))


def _visibility_q(reader, prefix: str) -> Q:
    objective_id = OuterRef(prefix[:-2] + "_id" if prefix else "pk")
    owns_a_kr = Exists(KeyResult.objects.filter(objective_id=objective_id, owner_id=reader.pk))
    condition = (Q(**{f"{prefix}visibility": Visibility.PUBLIC})
                 | Q(**{f"{prefix}owner_person_id": reader.pk})
                 | reader.managed_people_q(f"{prefix}owner_person__")
                 | reader.managed_units_q(f"{prefix}owner_unit__path") | owns_a_kr)
    if reader.unit_id:
        condition |= Q(**{f"{prefix}owner_unit_id": reader.unit_id})
    return condition


def editable_q(reader) -> Q:
    """The objectives `reader` may change, as one SQL condition."""
    if reader.everything:
        return Q()
    return (Q(owner_person_id=reader.pk) | reader.managed_people_q("owner_person__")
            | reader.managed_units_q("owner_unit__path"))


def with_rights(objectives, person):
    """Objectives annotated with `can_edit` for the reader, in the same query."""
    reader = reader_of(person)
    if reader.everything:
        return objectives.annotate(can_edit=Value(True, output_field=BooleanField()))
    return objectives.annotate(can_edit=ExpressionWrapper(editable_q(reader), output_field=BooleanField()))


def visible_objectives(person):
    """A queryset of the objectives of `person`'s organization that `person` may see."""
    reader = reader_of(person)
    # Built once per reader (so once per request) and cloned for each use: chaining never
    # changes the kept queryset, and .all() hands out a fresh one that is never evaluated here.
    return reader.once("visible_objectives", lambda: Objective.objects.for_org(person.organization_id)
                       .filter(visibility_q(reader))).all()


def own_objectives(person):
    """One's own objectives and one's unit's: visible to oneself by visibility_q's own and unit
    cases whatever their visibility, so a read of them needs no visibility condition (My OKRs)."""
    owned = Q(owner_person_id=person.pk)
    if person.unit_id:
        owned |= Q(owner_unit_id=person.unit_id)
    return Objective.objects.for_org(person.organization_id).filter(owned)


def editable_objectives(person):
    """A queryset of the objectives `person` may change."""
    return Objective.objects.for_org(person.organization_id).filter(editable_q(reader_of(person)))


def visible_key_results(person):
    """A queryset of the key results whose objective `person` may see."""
    return KeyResult.objects.for_org(person.organization_id).filter(
        visibility_q(reader_of(person), "objective__"))


def _plainly_visible(reader, objective) -> bool:
    """The cases of visibility_q decided by the objective's own columns: everything for admins and
    the champion, public, one's own, one's unit's (the rest needs the owner's paths)."""
    return (reader.everything or objective.visibility == Visibility.PUBLIC
            or objective.owner_person_id == reader.pk
            or (reader.unit_id is not None and objective.owner_unit_id == reader.unit_id))


def visible_among(person, ids, fields=("pk", "ref", "title")) -> dict:
    """{pk: objective} for the objectives among `ids` that `person` may see (visibility_q's
    answers), each read with only `fields`. The plain cases (public, one's own, one's unit's;
    admins and the champion see all) are decided over a narrow read of the rows; only the others
    go through the SQL condition, whose compiling cost more than the rest of a page's read of a
    few linked objectives' titles."""
    reader = reader_of(person)
    rows = (Objective.objects.for_org(person.organization_id).filter(pk__in=ids).order_by()
            .only(*fields, "visibility", "owner_person_id", "owner_unit_id"))
    found, undecided = {}, []
    for row in rows:
        if _plainly_visible(reader, row):
            found[row.pk] = row
        else:
            undecided.append(row)
    if undecided:
        others = set(visible_objectives(person).filter(pk__in=[row.pk for row in undecided])
                     .order_by().values_list("pk", flat=True))
        found.update((row.pk, row) for row in undecided if row.pk in others)
    return found


def can_see_objective(person, objective) -> bool:
    """visibility_q for one loaded objective, with no query: the same answers (a test keeps them
    equal). For a page of one objective, where compiling the SQL condition cost more than the
    rest of the read. Reads the owner's paths (load OWNER_RELATIONS) and, for a private objective
    not otherwise decided, its key results' owners (prefetch them to spare the query)."""
    if is_system(person):
        return True
    if person.organization_id != objective.organization_id:
        return False
    reader = reader_of(person)
    if _plainly_visible(reader, objective):
        return True
    if objective.owner_person_id and reader.manages_person(objective.owner_person):
        return True
    if objective.owner_unit_id and reader.manages_unit(objective.owner_unit):
        return True
    return any(kr.owner_id == person.pk for kr in objective.key_results.all())


def can_edit_objective(person, objective) -> bool:
    """Own OKRs; a manager's reports' and units' OKRs; admins and the OKR champion all.

    Reads the owner's paths: load the objective with OWNER_RELATIONS to spare the queries."""
    if is_system(person):
        return True
    if person.organization_id != objective.organization_id:
        return False
    reader = reader_of(person)
    if reader.everything or objective.owner_person_id == person.pk:
        return True
    if objective.owner_person_id:
        return reader.manages_person(objective.owner_person)
    return reader.manages_unit(objective.owner_unit)


def can_check_in(person, kr) -> bool:
    """The KR's owner, the objective's owner, their managers and unit heads, admins, champion."""
    if is_system(person):
        return True
    if person.organization_id != kr.organization_id:
        return False
    if kr.owner_id and reader_of(person).covers_person(kr.owner):
        return True
    return can_edit_objective(person, kr.objective)


def valid_id(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise NotFound() from None
    if not 0 < number < 2**63:  # outside any database's id range: surely not ours
        raise NotFound()
    return number


def get_objective(person, objective_id) -> tuple[Objective, bool]:
    """The objective if `person` may see it, and whether they may change it; else NotFound."""
    objective = (visible_objectives(person).select_related(*OWNER_RELATIONS, "cycle")
                 .filter(pk=valid_id(objective_id)).first())
    if objective is None:
        raise NotFound()
    return objective, can_edit_objective(person, objective)


def get_key_result(person, kr_id) -> tuple[KeyResult, bool]:
    """The key result if `person` may see its objective, and whether they may change it."""
    kr = (visible_key_results(person).filter(pk=valid_id(kr_id))
          .select_related(*(f"objective__{name}" for name in OWNER_RELATIONS), "owner", "owner__unit")
          .first())
    if kr is None:
        raise NotFound()
    return kr, can_edit_objective(person, kr.objective)


class Rights:
    """What the reader may do, for many objectives, with no query per object.

    The same answers as can_edit_objective / can_check_in (a test keeps them equal); the owners'
    paths must be loaded with the objects (OWNER_RELATIONS, and the key result's owner__unit).
    """

    def __init__(self, person):
        self.person = person
        self.reader = reader_of(person)
        self.everything = self.reader.everything

    def can_edit(self, objective) -> bool:
        return can_edit_objective(self.person, objective)

    def can_check_in(self, kr, objective) -> bool:
        if kr.owner_id and self.reader.covers_person(kr.owner):
            return True
        return self.can_edit(objective)
