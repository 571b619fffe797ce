"""Batch writes for the importer: parsed records → rows, matched by code, email and ref.

Each file costs a few queries: one to read what exists, multi-row INSERTs for the new rows,
multi-row UPDATEs for the changed ones and one to read back the new ids. Trees (units,
people by manager, cycles, objectives by alignment) are written level by level so that every
parent has its id before its children are written: no second pass to link them.
"""

from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db.models import Max
from django.utils.translation import gettext as _

from okrflow.checkins.models import CheckIn
from okrflow.cycles import phases
from okrflow.cycles.models import Cycle
from okrflow.errors import DomainError
from okrflow.interchange.batch import CHUNK, insert_many, insert_values, update_many
from okrflow.interchange.parsing import checkin_records
from okrflow.interchange.progress import with_progress
from okrflow.interchange.tables import COLUMNS
from okrflow.okrs.models import Category, KeyResult, Objective, ObjectiveStatus
from okrflow.okrs.services import check_can_add_key_result
from okrflow.org import tree
from okrflow.org.models import Person, Unit


@dataclass
class Ids:
    """Ids by the files' keys, filled as rows are written."""

    units: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)
    cycles: dict = field(default_factory=dict)
    objectives: dict = field(default_factory=dict)
    key_results: dict = field(default_factory=dict)
    changed_key_results: set = field(default_factory=set)


class Tally:
    """Which keys of one file were created or updated; the rest are unchanged."""

    def __init__(self, name: str, result):
        self.name, self.result = name, result
        self.created, self.updated, self.seen = set(), set(), set()

    def close(self) -> None:
        self.updated -= self.created
        self.result.created[self.name] += len(self.created)
        self.result.updated[self.name] += len(self.updated)
        self.result.unchanged[self.name] += len(self.seen - self.created - self.updated)


class Table:
    """What one model already holds in the organization: {key: {"id", field: value}}."""

    def __init__(self, model, org, key: str, fields: list[str]):
        self.model, self.org, self.key = model, org, key
        self.rows = {row[key]: row for row in model.objects.for_org(org).values("id", key, *fields)}

    def ids(self) -> dict:
        return dict(self.model.objects.for_org(self.org).values_list(self.key, "id"))

    def upsert(self, rows, tally: Tally, *, bump_version=False, on_create=None) -> None:
        """rows: (key, {attname: value}), all naming the same fields. Creates what is missing
        (plus `on_create(values)` for new rows), updates what differs."""
        new, changed = {}, []
        for key, values in rows:
            tally.seen.add(key)
            stored = self.rows.get(key)
            if stored is None:
                extra = on_create(values) if on_create else {}
                new[key] = {"organization_id": self.org.pk, **values, **extra}
                tally.created.add(key)
            elif any(stored.get(name) != value for name, value in values.items()):
                changed.append((stored["id"], values))
                stored.update(values)
                tally.updated.add(key)
        insert_many(self.model, list(new.values()))
        update_many(self.model, changed, bump_version=bump_version)
        if new:
            ids = self.ids()
            for key, values in new.items():
                self.rows[key] = {"id": ids[key], **values}


def _depths(records, key, parent_key) -> list[list]:
    """Records grouped by how many of their ancestors are in the same file (roots first)."""
    parent_of = {key(r): parent_key(r) for r in records}
    levels = {}
    for record in records:
        ancestors = [a for a in tree.walk_up(key(record), parent_of) if a in parent_of]
        levels.setdefault(len(ancestors), []).append(record)
    return [levels[depth] for depth in sorted(levels)]


def _write_units(org, parsed, ids: Ids, tally: Tally) -> Table:
    units = Table(Unit, org, "code", ["name", "parent_id", "head_id"])
    for level in _depths(parsed.units, lambda u: u.code, lambda u: u.parent_code or None):
        ids.units = {code: row["id"] for code, row in units.rows.items()}
        units.upsert([(u.code, {"code": u.code, "name": u.name, "parent_id": ids.units.get(u.parent_code)})
                      for u in level], tally)
    ids.units = {code: row["id"] for code, row in units.rows.items()}
    return units


def _write_people(org, parsed, ids: Ids, tally: Tally) -> None:
    people = Table(Person, org, "email", ["name", "unit_id", "role", "manager_id"])
    # People sign in after a password reset or once an admin sets a password.
    password = make_password(None)
    for level in _depths(parsed.people, lambda p: p.email, lambda p: p.manager_email or None):
        ids.people = {email: row["id"] for email, row in people.rows.items()}
        people.upsert([(p.email, {"email": p.email, "name": p.name, "unit_id": ids.units.get(p.unit_code),
                                  "role": p.role, "manager_id": ids.people.get(p.manager_email)})
                       for p in level], tally, on_create=lambda _values: {"password": password})
    ids.people = {email: row["id"] for email, row in people.rows.items()}


def _write_cycles(org, parsed, ids: Ids, tally: Tally) -> None:
    cycles = Table(Cycle, org, "code", ["name", "kind", "start_date", "end_date", "parent_id"])
    for level in _depths(parsed.cycles, lambda c: c.code, lambda c: c.parent_code):
        ids.cycles = {code: row["id"] for code, row in cycles.rows.items()}
        cycles.upsert([(c.code, {"code": c.code, "name": c.name, "kind": c.kind, "start_date": c.start_date,
                                 "end_date": c.end_date, "parent_id": ids.cycles.get(c.parent_code)})
                       for c in level], tally)
    ids.cycles = {code: row["id"] for code, row in cycles.rows.items()}


def _category_ids(org, parsed) -> dict:
    """{name: id} of the organization's categories, the new ones added after those it has, in the
    order in which objectives.csv first names them (the order of the objective system diagram,
    which admins may change later: okrflow/okrs/categories.py). Stored ones keep their place."""
    stored = Category.objects.for_org(org)
    existing = set(stored.values_list("name", flat=True))
    new = [name for name in dict.fromkeys(o.category for o in parsed.objectives if o.category)
           if name not in existing]
    if new:
        after = (stored.aggregate(last=Max("position"))["last"] + 1) if existing else 0
        insert_many(Category, [{"organization_id": org.pk, "name": name, "position": after + i}
                               for i, name in enumerate(new)])
    return dict(stored.values_list("name", "id"))


def _objective_values(o, ids: Ids, categories: dict, stored: dict | None, open_published: set) -> dict:
    person = o.owner_kind == "person"
    on_objective = o.parent_ref in ids.objectives
    # No status in the file: a new objective is agreed (the file is the record of what was
    # agreed), a stored one keeps its state. Agreed in a cycle already published: published, the
    # Set step's rule (phases.state_on_arrival). A stored agreed objective whose content the file
    # changes stays agreed, unlike a person's edit (okrs/services.py sends that back to draft):
    # the file is the organization's record of what was agreed, not a proposal.
    status = o.status or (stored["status"] if stored else ObjectiveStatus.AGREED)
    cycle_id = ids.cycles[o.cycle_code]
    status = phases.state_on_arrival(status, cycle_published=cycle_id in open_published, cycle_closed=False)
    return {"ref": o.ref, "cycle_id": cycle_id, "status": status,
            "owner_unit_id": None if person else ids.units[o.owner_key],
            "owner_person_id": ids.people[o.owner_key] if person else None,
            "title": o.title, "description": o.description, "category_id": categories.get(o.category),
            "origin": o.origin, "visibility": o.visibility,
            "parent_objective_id": ids.objectives[o.parent_ref] if o.parent_ref and on_objective else None,
            "parent_key_result_id": ids.key_results.get(o.parent_ref) if not on_objective else None}


def _key_result_values(k, ids: Ids, position: int) -> dict:
    return {"ref": k.ref, "objective_id": ids.objectives[k.objective_ref], "title": k.title, "kind": k.kind,
            "start_value": k.start_value, "target_value": k.target_value, "unit": k.unit,
            "weight": k.weight, "owner_id": ids.people.get(k.owner_email), "due_date": k.due_date,
            "position": position}


def _gate(problems, record, status: str, values: dict, stored: dict | None, *, key_result=False) -> bool:
    """The one gate every door calls (okrflow/cycles/phases.py), over a row of the file against
    the stored row: False (and a file:line problem) when the objective's state locks the change."""
    try:
        if stored is None:
            if key_result:
                check_can_add_key_result(status)
            return True
        changed = {name for name, value in values.items() if stored.get(name) != value}
        if not key_result and "status" in changed and stored["status"] in (phases.PUBLISHED, phases.CLOSED):
            raise DomainError("locked", _('status "{status}": a published objective keeps its state '
                                          'until its cycle closes').format(status=values["status"]))
        phases.check_unlocked(status, changed - {"status"}, key_result=key_result)
    except DomainError as error:
        problems.add(record.file, record.line, error.message)
        return False
    return True


def _write_okrs(org, parsed, ids: Ids, tallies: dict, problems) -> None:
    """Objectives level by level down the alignment tree, each level's key results right
    after it, so that every parent (objective or key result) exists before its children.
    A row the gate refuses is not written (the caller then refuses the whole import)."""
    objectives = Table(Objective, org, "ref", [
        "cycle_id", "owner_unit_id", "owner_person_id", "title", "description", "category_id", "origin",
        "visibility", "parent_objective_id", "parent_key_result_id", "status"])
    key_results = Table(KeyResult, org, "ref", [
        "objective_id", "title", "kind", "start_value", "target_value", "unit", "weight", "owner_id",
        "due_date", "position"])
    ids.objectives = {ref: row["id"] for ref, row in objectives.rows.items()}
    ids.key_results = {ref: row["id"] for ref, row in key_results.rows.items()}
    # What locks a key result is its objective's state as stored before this import.
    stored_status = {row["id"]: row["status"] for row in objectives.rows.values()}
    categories = _category_ids(org, parsed)
    open_published = set(Cycle.objects.for_org(org).filter(closed_at=None).exclude(published_at=None)
                         .values_list("id", flat=True))
    kr_objective = {k.ref: k.objective_ref for k in parsed.key_results}
    krs_of = {}
    for k in parsed.key_results:
        krs_of.setdefault(k.objective_ref, []).append(k)

    def parent_objective(o):
        return kr_objective.get(o.parent_ref, o.parent_ref) or None

    for level in _depths(parsed.objectives, lambda o: o.ref, parent_objective):
        rows = []
        for o in level:
            stored = objectives.rows.get(o.ref)
            values = _objective_values(o, ids, categories, stored, open_published)
            if _gate(problems, o, stored["status"] if stored else values["status"], values, stored):
                rows.append((o.ref, values))
        objectives.upsert(rows, tallies["objectives"], bump_version=True)
        ids.objectives = {ref: row["id"] for ref, row in objectives.rows.items()}
        level_krs = [(k, position) for o in level for position, k in enumerate(krs_of.pop(o.ref, []))]
        _write_key_results(key_results, level_krs, ids, tallies["key_results"], stored_status, problems)
    # Key results of objectives stored earlier and not in objectives.csv.
    rest = [(k, position) for ks in krs_of.values() for position, k in enumerate(ks)]
    _write_key_results(key_results, rest, ids, tallies["key_results"], stored_status, problems)


def _write_key_results(key_results: Table, level_krs, ids: Ids, tally: Tally, stored_status: dict,
                       problems) -> None:
    before = set(tally.updated)
    rows = []
    for k, position in level_krs:
        if k.objective_ref not in ids.objectives:  # its objective's row was refused
            continue
        values = _key_result_values(k, ids, position)
        stored = key_results.rows.get(k.ref)
        # A stored key result moved to another objective answers to the objective it leaves too;
        # the key results of an objective new in this import are open.
        objective_ids = {values["objective_id"]} | ({stored["objective_id"]} if stored else set())
        statuses = {stored_status.get(pk, phases.DRAFT) for pk in objective_ids}
        if all(_gate(problems, k, status, values, stored, key_result=True) for status in statuses):
            rows.append((k.ref, values))
    # A new key result stands at its start value until its first check-in.
    key_results.upsert(rows, tally, bump_version=True,
                       on_create=lambda values: {"current_value": values["start_value"]})
    ids.key_results = {ref: row["id"] for ref, row in key_results.rows.items()}
    ids.changed_key_results |= {ids.key_results[ref] for ref in tally.updated - before}


def write_structure(org, parsed, result, problems, new_units: set = frozenset()) -> Ids:
    """`new_units`: codes of units created just before (the root of a new organization),
    counted as created even though their rows existed when the files were compared."""
    ids = Ids()
    tallies = {name: Tally(name, result) for name in COLUMNS if name != "checkins"}
    tallies["units"].created |= set(new_units)
    units = _write_units(org, parsed, ids, tallies["units"])
    _write_people(org, parsed, ids, tallies["people"])
    # Heads are people, who need their units first.
    heads = [(u.code, {"head_id": ids.people.get(u.head_email)}) for u in parsed.units]
    units.upsert(heads, tallies["units"])
    # The rows were written around the services: derive the tree paths for the whole organization.
    tree.rebuild_paths(org.pk)
    _write_cycles(org, parsed, ids, tallies["cycles"])
    _write_okrs(org, parsed, ids, tallies, problems)
    for tally in tallies.values():
        tally.close()
    return ids


def _stored_checkins(org) -> set:
    rows = CheckIn.objects.for_org(org).values_list(
        "key_result_id", "date", "value", "confidence", "note", "author_id").iterator(chunk_size=CHUNK)
    return set(rows)


CHECKIN_COLUMNS = ["organization_id", "key_result_id", "date", "value", "confidence", "note", "author_id"]


def write_checkins(org, table, parsed, ids: Ids, problems, result) -> set:
    """Streams the check-ins into the database in batches; returns the key results touched.
    A row identical to a stored check-in is not added again."""
    stored = _stored_checkins(org)
    touched, batch = set(), []
    kr_ids, people_ids = ids.key_results, ids.people
    records = checkin_records(table, problems, parsed.kr_refs, parsed.emails)
    for record in with_progress(records, "checkins.csv"):
        kr_id, author_id = kr_ids[record.kr_ref], people_ids.get(record.author_email)
        row = (org.pk, kr_id, record.date, record.value, record.confidence, record.note, author_id)
        if stored and row[1:] in stored:
            result.unchanged["checkins"] += 1
            continue
        if problems:  # the import is refused anyway: only keep reading for more problems
            continue
        batch.append(row)
        touched.add(kr_id)
        if len(batch) >= CHUNK:
            insert_values(CheckIn, CHECKIN_COLUMNS, batch)
            result.created["checkins"] += len(batch)
            batch = []
    insert_values(CheckIn, CHECKIN_COLUMNS, batch)
    result.created["checkins"] += len(batch)
    return touched
