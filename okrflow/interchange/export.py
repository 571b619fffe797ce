"""`export_folder`: the organization → the interchange files, with scores and grades.

Scores come from the read model (okrflow/okrs/selectors.py): objectives and key results are
scored by the one SQL rule inside the streaming query itself, and rows stream out in chunks so
memory stays flat.
"""

from django.db import connection

from okrflow.checkins.models import CheckIn
from okrflow.cycles.models import Cycle
from okrflow.interchange.progress import with_progress
from okrflow.interchange.tables import COLUMNS, EXPORT_EXTRA, writer_for
from okrflow.okrs import scoring, selectors
from okrflow.okrs.models import KeyResult, Objective, policy_for
from okrflow.org.models import Person, Unit

CHUNK = 5000


def _stream(queryset, *fields):
    return queryset.order_by("id").values_list(*fields).iterator(chunk_size=CHUNK)


def _units(org):
    return _stream(Unit.objects.for_org(org), "code", "name", "parent__code", "head__email")


def _people(org):
    return _stream(Person.objects.for_org(org), "email", "name", "unit__code", "manager__email", "role")


def _cycles(org):
    return _stream(Cycle.objects.for_org(org), "code", "name", "kind", "start_date", "end_date",
                   "parent__code")


def _owner(unit_code, unit_is_root, person_email) -> str:
    if person_email:
        return "person:" + person_email
    return "company" if unit_is_root else "unit:" + unit_code


def _objectives(org):
    policy = policy_for(org)
    rows = _stream(selectors.with_scores(Objective.objects.for_org(org)), "ref", "cycle__code",
                   "owner_unit__code", "owner_unit__parent_id", "owner_person__email", "title", "description",
                   "parent_objective__ref", "parent_key_result__ref", "category__name", "origin",
                   "visibility", "status", "weighted", "weight_sum")
    for (ref, cycle, unit, unit_parent, person, title, description, parent_objective, parent_kr,
         category, origin, visibility, status, weighted, weight_sum) in rows:
        score = scoring.ratio(weighted, weight_sum)
        yield (ref, cycle, _owner(unit, unit_parent is None, person), title, description,
               parent_objective or parent_kr, category, origin, visibility, status,
               score, scoring.grade(score, policy))


def _key_results(org):
    rows = _stream(selectors.scored_key_results(KeyResult.objects.for_org(org)),
                   "ref", "objective__ref", "title", "kind", "start_value", "target_value", "unit", "weight",
                   "owner__email", "due_date", "current_value", "score_value", "confidence")
    for *columns, score, confidence in rows:
        yield (*columns, scoring.tidy(score), confidence)


def _checkins(org):
    # Refs and emails from two small maps rather than two joins on a million rows.
    refs = dict(KeyResult.objects.for_org(org).values_list("id", "ref"))
    emails = dict(Person.objects.for_org(org).values_list("id", "email"))
    rows = CheckIn.objects.for_org(org).order_by("key_result_id", "date", "id").values_list(
        "key_result_id", "date", "value", "confidence", "note", "author_id")
    for kr_id, day, value, confidence, note, author_id in with_progress(_raw(rows), "checkins.csv"):
        yield refs[kr_id], day, value, confidence, note, emails.get(author_id)


def _raw(queryset):
    """The query's rows as the driver returns them, in chunks: for a million check-ins the ORM's
    per-value converters cost more than the query. The writer formats every type the drivers
    return (a date as text on SQLite, a number as float on SQLite or Decimal on PostgreSQL)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(CHUNK):
            yield from rows


SOURCES = {"units": _units, "people": _people, "cycles": _cycles, "objectives": _objectives,
           "key_results": _key_results, "checkins": _checkins}


def export_folder(org, path, files=None) -> dict:
    """Write the organization to `path`: a folder of CSV files, or a workbook when it ends in
    .xlsx; `files` (names such as "objectives") limits it to some files. Returns the rows
    written per file name."""
    writer = writer_for(path)
    counts = {}
    for name, rows in SOURCES.items():
        if files is None or name in files:
            counts[name] = writer.write(name, COLUMNS[name] + EXPORT_EXTRA.get(name, []), rows(org))
    writer.close()
    return counts
