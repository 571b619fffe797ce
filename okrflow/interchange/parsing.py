"""Files → typed records, or problems naming file and line. Pure: no database access.

`Known` describes what the organization already holds (the loader reads it in a few queries),
so that a file may name units, people, cycles, objectives and key results stored earlier.
Check-ins are parsed lazily (`checkin_records`) so that a million of them stream through.
"""

import datetime
import re
import types
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from okrflow.checkins.models import CheckIn
from okrflow.checkins.rules import check_checkin_date
from okrflow.checkins.rules import today as checkin_today
from okrflow.cycles.models import Cycle, CycleKind
from okrflow.cycles.rules import check_cycle, check_sane_date
from okrflow.errors import DomainError
from okrflow.interchange.cells import Problems, Row
from okrflow.interchange.tables import Table
from okrflow.okrs.models import (
    Category,
    KeyResult,
    KeyResultKind,
    Objective,
    ObjectiveStatus,
    Origin,
    Visibility,
)
from okrflow.org import tree
from okrflow.org.models import Person, Role, Unit

UNKNOWN_ROLE = gettext_lazy('unknown role "{value}"')
UNKNOWN_CYCLE_KIND = gettext_lazy('unknown cycle kind "{value}"')
UNKNOWN_ORIGIN = gettext_lazy('unknown origin "{value}"')
UNKNOWN_VISIBILITY = gettext_lazy('unknown visibility "{value}"')
UNKNOWN_KIND = gettext_lazy('unknown kind "{value}"')
UNKNOWN_STATUS = gettext_lazy('unknown status "{value}": use draft, proposed or agreed')


@dataclass
class Known:
    """What the organization holds already, keyed as the files name things."""

    root_code: str | None = None
    unit_parents: dict = field(default_factory=dict)  # code → parent code (None for the root)
    emails: set = field(default_factory=set)
    managers: dict = field(default_factory=dict)  # email → manager's email (None at the top)
    cycles: dict = field(default_factory=dict)  # code → SimpleNamespace(kind, start_date, end_date, parent)
    objectives: dict = field(default_factory=dict)  # ref → (cycle code, parent objective ref or None)
    kr_objectives: dict = field(default_factory=dict)  # key result ref → objective ref
    published_cycles: set = field(default_factory=set)  # codes of cycles published (or closed)
    closed_cycles: set = field(default_factory=set)


@dataclass
class Parsed:
    units: list = field(default_factory=list)
    people: list = field(default_factory=list)
    cycles: list = field(default_factory=list)
    objectives: list = field(default_factory=list)
    key_results: list = field(default_factory=list)
    root: object = None


def _record(**values):
    return types.SimpleNamespace(**values)


# C0 control characters and DEL are refused in every imported text: a NUL cannot be stored in
# PostgreSQL, the others are invisible and break what they are shown or sent in. Tab and line
# breaks are ordinary text (a note may span lines); a tab or carriage return that opens a cell
# is the formula-escaping's matter (interchange/formulas.py).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _report_control_characters(row: Row) -> None:
    for column, text in row.cells.items():
        found = CONTROL_CHARACTERS.search(text)
        if found:
            row.report("{column}: {message}".format(column=column, message=_(
                "the control character {code} is not allowed").format(code=f"U+{ord(found[0]):04X}")))


def _rows(table: Table | None, problems: Problems) -> Iterator[Row]:
    if table is None:
        return
    missing = table.missing_columns()
    if missing:
        problems.add(table.file, 1, _("missing columns: {columns}").format(columns=", ".join(missing)))
        return
    search = CONTROL_CHARACTERS.search
    for line, cells in table.rows():
        row = Row(problems, table.file, line, cells)
        if search("".join(cells.values())):  # one search per row: a million check-ins stay cheap
            _report_control_characters(row)
        yield row


def _first_of_each(rows: Iterator[Row], key, what) -> Iterator[Row]:
    """Rows whose key was not seen before; a repeated key is a problem (what: its message)."""
    seen = set()
    for row in rows:
        value = key(row)
        if value and value in seen:
            row.report(what.format(value=value))
            continue
        seen.add(value)
        yield row


# --- units and people ------------------------------------------------------------------------

def _parse_units(table, problems, known: Known, parsed: Parsed) -> None:
    rows = _first_of_each(_rows(table, problems), lambda r: r.raw("code"), _('duplicate unit code "{value}"'))
    for row in rows:
        unit = _record(line=row.line, file=row.file, code=row.text("code", Unit), name=row.text("name", Unit),
                       parent_code=row.raw("parent_code"), head_email=row.email("head_email"))
        parsed.units.append(unit)
    if table is None or not parsed.units:
        return
    roots = [u for u in parsed.units if not u.parent_code]
    if len(roots) != 1:
        problems.add(table.file, (roots[1] if len(roots) > 1 else parsed.units[0]).line,
                     _("exactly one unit must have no parent: the root, which names the organization"))
        return
    parsed.root = roots[0]
    if known.root_code and parsed.root.code != known.root_code:
        problems.add(table.file, parsed.root.line,
                     _('the root unit is "{code}" in this organization').format(code=known.root_code))


def _check_units(problems, known: Known, parsed: Parsed, emails: set) -> None:
    parent_of = dict(known.unit_parents)
    parent_of.update({u.code: u.parent_code or None for u in parsed.units})
    for unit in parsed.units:
        if unit.parent_code and unit.parent_code not in parent_of:
            problems.add(unit.file, unit.line, _('unknown unit code "{code}"').format(code=unit.parent_code))
        elif tree.in_loop(unit.code, parent_of):
            problems.add(unit.file, unit.line, _(
                'unit "{code}" lies inside itself (a loop of parent units)').format(code=unit.code))
        if unit.head_email and unit.head_email not in emails:
            problems.add(unit.file, unit.line, _('unknown email "{email}"').format(email=unit.head_email))


def _parse_people(table, problems, parsed: Parsed) -> None:
    rows = _first_of_each(_rows(table, problems), lambda r: r.email("email"), _('duplicate email "{value}"'))
    for row in rows:
        parsed.people.append(_record(
            line=row.line, file=row.file, email=row.text("email", Person).lower(),
            name=row.text("name", Person), unit_code=row.raw("unit_code"),
            manager_email=row.email("manager_email"),
            role=row.choice("role", Role, Role.MEMBER, UNKNOWN_ROLE)))


def _check_people(problems, parsed: Parsed, unit_codes: set, emails: set, known: Known) -> None:
    # The stored chain counts too: a loop may run through people the files do not name.
    managers = dict(known.managers)
    managers.update({p.email: p.manager_email or None for p in parsed.people})
    for person in parsed.people:
        if person.unit_code and person.unit_code not in unit_codes:
            problems.add(person.file, person.line,
                         _('unknown unit code "{code}"').format(code=person.unit_code))
        if person.manager_email and person.manager_email not in emails:
            problems.add(person.file, person.line,
                         _('unknown email "{email}"').format(email=person.manager_email))
        elif tree.in_loop(person.email, managers):
            problems.add(person.file, person.line, _(
                '"{email}" manages themselves (a loop of managers)').format(email=person.email))


# --- cycles ----------------------------------------------------------------------------------

def _parse_cycles(table, problems, known: Known, parsed: Parsed) -> None:
    rows = _first_of_each(_rows(table, problems), lambda r: r.raw("code"),
                          _('duplicate cycle code "{value}"'))
    for row in rows:
        parsed.cycles.append(_record(
            line=row.line, file=row.file, code=row.text("code", Cycle), name=row.text("name", Cycle),
            kind=row.choice("kind", CycleKind, "", UNKNOWN_CYCLE_KIND),
            start_date=row.date("start_date", required=True), end_date=row.date("end_date", required=True),
            parent_code=row.raw("parent_code") or None, ok=row.ok))
    shapes = dict(known.cycles)
    shapes.update({c.code: types.SimpleNamespace(kind=c.kind, start_date=c.start_date, end_date=c.end_date,
                                                 parent=c.parent_code) for c in parsed.cycles})
    parent_of = {code: shape.parent for code, shape in shapes.items()}
    for cycle in parsed.cycles:
        parent = shapes.get(cycle.parent_code) if cycle.parent_code else None
        if cycle.parent_code and parent is None:
            problems.add(cycle.file, cycle.line,
                         _('unknown cycle code "{code}"').format(code=cycle.parent_code))
        elif tree.in_loop(cycle.code, parent_of):
            problems.add(cycle.file, cycle.line, _(
                'cycle "{code}" lies inside itself (a loop of parent cycles)').format(code=cycle.code))
        elif cycle.ok and (parent is None or (parent.start_date and parent.end_date
                                              and parent.kind in CycleKind.values)):
            try:
                check_cycle(kind=cycle.kind, start_date=cycle.start_date, end_date=cycle.end_date,
                            parent=parent)
            except DomainError as error:
                problems.add(cycle.file, cycle.line, error.message)
    known_codes = set(shapes)
    parsed.cycle_parents = {code: parent_of[code] for code in known_codes}


# --- objectives and key results --------------------------------------------------------------

def _owner(row: Row, root_code, unit_codes: set, emails: set):
    """("unit", code) or ("person", email) from company / unit:CODE / person:EMAIL."""
    owner = row.raw("owner")
    kind, _sep, key = owner.partition(":")
    if owner == "company" and root_code:
        return "unit", root_code
    if kind == "unit" and key in unit_codes:
        return "unit", key
    if kind == "person" and key.lower() in emails:
        return "person", key.lower()
    row.report(_('unknown owner "{owner}": use company, unit:CODE or person:EMAIL').format(owner=owner))
    return None, None


def _status(row: Row, cycle_code: str, known: Known) -> str:
    """The optional status column: draft, proposed or agreed (empty: agreed for a new objective,
    unchanged for a stored one — returned as ""). "published" and "closed" only describe a cycle
    that already is so: publishing is the cycle's step (okrflow publish), not the file's."""
    status = row.raw("status") and row.choice("status", ObjectiveStatus, "", UNKNOWN_STATUS)
    if status == ObjectiveStatus.PUBLISHED and cycle_code not in known.published_cycles:
        row.report(_('status "published": cycle "{code}" is not published; publish the cycle instead '
                     '(okrflow publish)').format(code=cycle_code))
    if status == ObjectiveStatus.CLOSED and cycle_code not in known.closed_cycles:
        row.report(_('status "closed": cycle "{code}" is not closed').format(code=cycle_code))
    return status


def _parse_objectives(table, problems, parsed: Parsed, root_code, unit_codes, emails, cycle_codes,
                      known: Known) -> None:
    rows = _first_of_each(_rows(table, problems), lambda r: r.raw("ref"), _('duplicate ref "{value}"'))
    for row in rows:
        cycle_code = row.raw("cycle_code")
        if cycle_code not in cycle_codes:
            row.report(_('unknown cycle code "{code}"').format(code=cycle_code))
        owner_kind, owner_key = _owner(row, root_code, unit_codes, emails)
        parsed.objectives.append(_record(
            line=row.line, file=row.file, ref=row.text("ref", Objective), cycle_code=cycle_code,
            owner_kind=owner_kind, owner_key=owner_key, title=row.text("title", Objective),
            description=row.raw("description"), parent_ref=row.raw("parent_ref"),
            category=row.text("category", Category, "name") if row.raw("category") else "",
            origin=row.choice("origin", Origin, Origin.TOP_DOWN, UNKNOWN_ORIGIN),
            visibility=row.choice("visibility", Visibility, Visibility.PUBLIC,
                                  UNKNOWN_VISIBILITY),
            status=_status(row, cycle_code, known)))


def _parse_key_results(table, problems, parsed: Parsed, objective_refs: set, emails: set) -> None:
    rows = _first_of_each(_rows(table, problems), lambda r: r.raw("ref"), _('duplicate ref "{value}"'))
    for row in rows:
        objective_ref = row.raw("objective_ref")
        if objective_ref not in objective_refs:
            row.report(_('unknown objective ref "{ref}"').format(ref=objective_ref))
        kind = row.choice("kind", KeyResultKind, KeyResultKind.NUMBER, UNKNOWN_KIND)
        if kind == KeyResultKind.MILESTONE:  # done or not, like the services: from 0 to 1
            start, target = Decimal(0), Decimal(1)
        else:
            start = row.number("start_value", KeyResult, default=Decimal(0))
            target = row.number("target_value", KeyResult)
        weight = row.number("weight", KeyResult, default=Decimal(1))
        if weight is not None and weight <= 0:
            row.report("weight: {message}".format(message=_("The weight must be greater than zero.")))
        owner_email = row.email("owner_email")
        if owner_email and owner_email not in emails:
            row.report(_('unknown email "{email}"').format(email=owner_email))
        parsed.key_results.append(_record(
            line=row.line, file=row.file, ref=row.text("ref", KeyResult), objective_ref=objective_ref,
            title=row.text("title", KeyResult), kind=kind, start_value=start, target_value=target,
            unit=row.text("unit", KeyResult), weight=weight, owner_email=owner_email,
            due_date=_planning_date(row, "due_date")))


def _planning_date(row: Row, column: str):
    """An optional date under the rule of planning dates (cycles/rules.py::check_sane_date)."""
    day = row.date(column, required=False)
    try:
        check_sane_date(day, column)
    except DomainError as error:
        row.report(f"{column}: {error.message}")
    return day


def _check_alignment(problems, known: Known, parsed: Parsed, kr_objectives: dict) -> None:
    """Parents exist, lie in the same cycle or one containing it, and never form a loop."""
    placed = dict(known.objectives)
    placed.update({o.ref: (o.cycle_code, None) for o in parsed.objectives})
    for objective in parsed.objectives:
        ref = objective.parent_ref
        parent = ref if ref in placed else kr_objectives.get(ref)
        if ref and parent is None:
            problems.add(objective.file, objective.line, _('unknown parent ref "{ref}"').format(ref=ref))
        placed[objective.ref] = (objective.cycle_code, parent)
    parent_of = {ref: parent for ref, (_cycle, parent) in placed.items()}
    for objective in parsed.objectives:
        parent = parent_of[objective.ref]
        if parent is None:
            continue
        if tree.in_loop(objective.ref, parent_of):
            problems.add(objective.file, objective.line,
                         _('objective "{ref}" supports itself (an alignment loop)').format(ref=objective.ref))
        elif parent in placed and placed[parent][0] not in _ancestors(objective.cycle_code,
                                                                       parsed.cycle_parents):
            problems.add(objective.file, objective.line, _(
                "An objective can support only OKRs of its own cycle or of a cycle that contains it."))


def _ancestors(code, parent_of) -> set:
    found = set()
    while code is not None and code not in found:
        found.add(code)
        code = parent_of.get(code)
    return found


def parse_structure(tables: dict, known: Known, problems: Problems) -> Parsed:
    """Everything but the check-ins, read and checked against itself and `known`."""
    parsed = Parsed()
    _parse_units(tables.get("units"), problems, known, parsed)
    _parse_people(tables.get("people"), problems, parsed)
    root_code = parsed.root.code if parsed.root else known.root_code
    unit_codes = set(known.unit_parents) | {u.code for u in parsed.units}
    emails = known.emails | {p.email for p in parsed.people}
    _check_units(problems, known, parsed, emails)
    _check_people(problems, parsed, unit_codes, emails, known)
    _parse_cycles(tables.get("cycles"), problems, known, parsed)
    _parse_objectives(tables.get("objectives"), problems, parsed, root_code, unit_codes, emails,
                      set(parsed.cycle_parents), known)
    objective_refs = set(known.objectives) | {o.ref for o in parsed.objectives}
    _parse_key_results(tables.get("key_results"), problems, parsed, objective_refs, emails)
    kr_objectives = dict(known.kr_objectives)
    kr_objectives.update({k.ref: k.objective_ref for k in parsed.key_results})
    _check_alignment(problems, known, parsed, kr_objectives)
    parsed.emails, parsed.kr_refs = emails, _kr_cycle_dates(known, parsed, kr_objectives)
    return parsed


def _kr_cycle_dates(known: Known, parsed: Parsed, kr_objectives: dict) -> dict:
    """{key result ref: (cycle start, cycle end)} for the check-in date rule; None where the
    cycle is unknown or undated (that problem is reported where the cycle is named)."""
    cycle_dates = {code: (c.start_date, c.end_date) for code, c in known.cycles.items()}
    cycle_dates.update({c.code: (c.start_date, c.end_date) for c in parsed.cycles})
    objective_cycles = {ref: cycle for ref, (cycle, _parent) in known.objectives.items()}
    objective_cycles.update({o.ref: o.cycle_code for o in parsed.objectives})
    dates = {}
    for kr_ref, objective_ref in kr_objectives.items():
        start_end = cycle_dates.get(objective_cycles.get(objective_ref))
        dates[kr_ref] = start_end if start_end and None not in start_end else None
    return dates


def _date_problem(day, cycle_dates, today):
    """The check-in date rule's refusal for this row (None when the date may stand)."""
    if day is None or cycle_dates is None:
        return None
    try:
        check_checkin_date(day, cycle_start=cycle_dates[0], cycle_end=cycle_dates[1], today=today)
    except DomainError as error:
        return error
    return None


def _fast_checkin(cells: dict, kr_refs: dict, emails: set, digits: tuple, today):
    """The common, well-formed row read with plain conversions (a million rows must be cheap);
    None sends the row to the careful path, which also explains what is wrong."""
    try:
        day = datetime.date.fromisoformat(cells["date"])
        value = Decimal(cells["value"])
        confidence = int(cells["confidence"]) if cells["confidence"] else None
    except (ValueError, ArithmeticError, KeyError):
        return None
    _sign, value_digits, exponent = value.as_tuple()
    whole_digits, places = digits
    if (not isinstance(exponent, int) or -exponent > places or len(value_digits) + exponent > whole_digits
            or (confidence is not None and not 0 <= confidence <= 100) or cells["kr_ref"] not in kr_refs):
        return None
    author_email = cells.get("author_email", "").strip().lower()
    if (author_email and author_email not in emails) or _date_problem(day, kr_refs[cells["kr_ref"]], today):
        return None
    return _record(kr_ref=cells["kr_ref"], date=day, value=value, confidence=confidence,
                   note=cells.get("note", "").strip(), author_email=author_email)


def checkin_records(table: Table | None, problems: Problems, kr_refs: dict, emails: set) -> Iterator:
    """The check-ins, one typed record at a time; bad rows are reported and skipped.
    `kr_refs` maps each known key result ref to its cycle's dates (parse_structure)."""
    value_field = CheckIn._meta.get_field("value")
    digits = (value_field.max_digits - value_field.decimal_places, value_field.decimal_places)
    today = checkin_today()
    for row in _rows(table, problems):
        record = _fast_checkin(row.cells, kr_refs, emails, digits, today)
        if record is not None:
            yield record
            continue
        kr_ref = row.raw("kr_ref")
        if kr_ref not in kr_refs:
            row.report(_('unknown key result ref "{ref}"').format(ref=kr_ref))
        author_email = row.email("author_email")
        if author_email and author_email not in emails:
            row.report(_('unknown email "{email}"').format(email=author_email))
        record = _record(line=row.line, kr_ref=kr_ref, date=row.date("date", required=True),
                         value=row.number("value", CheckIn), confidence=row.confidence(),
                         note=row.raw("note"), author_email=author_email)
        refusal = _date_problem(record.date, kr_refs.get(kr_ref), today)
        if refusal is not None:
            row.report(f"date: {refusal.message}")
        if row.ok:
            yield record
