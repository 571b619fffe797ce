"""`import_folder`: files → the organization, all or nothing.

The one place allowed to write around the per-row services, for speed: it enforces the same
rules (okrflow/interchange/parsing.py uses the model validators and cycles.rules.check_cycle),
writes in batches inside one transaction (a few queries per file, never one per row) and
records ONE audit entry that summarizes the import.
"""

import contextlib
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from okrflow.actors import require_actor
from okrflow.audit import log
from okrflow.checkins.services import refresh_current_values
from okrflow.errors import DomainError
from okrflow.interchange import archives, writing
from okrflow.interchange.cells import Problems, TooManyProblems
from okrflow.interchange.parsing import Known, checkin_records, parse_structure
from okrflow.interchange.tables import COLUMNS, UnreadableFile, file_name, read_tables
from okrflow.okrs.models import KeyResult, Objective
from okrflow.org.models import Organization, Person, Unit
from okrflow.org.services import check_admins_remain, create_organization, has_active_admin

EMAIL_CHUNK = 2000


class ImportRefused(DomainError):
    """The files have problems; nothing was stored. `messages` lists them, each "file:line: …"."""

    def __init__(self, messages: list[str]):
        super().__init__("import_refused", "\n".join(str(m) for m in messages))
        self.messages = [str(m) for m in messages]


@dataclass
class ImportResult:
    """Rows created, updated and unchanged per file name (units, people, …)."""

    organization: Organization
    created: dict = field(default_factory=lambda: dict.fromkeys(COLUMNS, 0))
    updated: dict = field(default_factory=lambda: dict.fromkeys(COLUMNS, 0))
    unchanged: dict = field(default_factory=lambda: dict.fromkeys(COLUMNS, 0))

    @property
    def changed(self) -> bool:
        return any(self.created.values()) or any(self.updated.values())

    def summary(self) -> dict:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


def _root_row(tables) -> tuple[str, str] | None:
    units = tables.get("units")
    if units is None or units.missing_columns():
        return None
    for _line, cells in units.rows():
        if not cells.get("parent_code", "").strip():
            return cells.get("code", "").strip(), cells.get("name", "").strip()
    return None


def _organization(org_slug, root) -> tuple[Organization | None, str]:
    """The organization the files update (None when it is new) and the slug to create it with."""
    if org_slug:
        return Organization.objects.filter(slug=org_slug).first(), org_slug
    if root is None:
        orgs = list(Organization.objects.all()[:2])
        if len(orgs) != 1:
            raise ImportRefused([_("units.csv is needed to create an organization, or name one with --org.")])
        return orgs[0], orgs[0].slug
    slug = slugify(root[0])
    org = Organization.objects.filter(slug=slug).first()
    if org is None:
        orgs = list(Organization.objects.all()[:2])
        if len(orgs) == 1 and Unit.objects.for_org(orgs[0]).filter(parent=None, code=root[0]).exists():
            org = orgs[0]
    return org, slug


def load_known(org: Organization | None) -> Known:
    """What the organization holds, keyed as the files name it: a handful of queries."""
    known = Known()
    if org is None:
        return known
    known.unit_parents = dict(Unit.objects.for_org(org).values_list("code", "parent__code"))
    known.root_code = next((code for code, parent in known.unit_parents.items() if parent is None), None)
    known.managers = dict(Person.objects.for_org(org).values_list("email", "manager__email"))
    known.emails = set(known.managers)
    from types import SimpleNamespace

    from okrflow.cycles.models import Cycle

    known.cycles = {
        code: SimpleNamespace(kind=kind, start_date=start, end_date=end, parent=parent)
        for code, kind, start, end, parent in Cycle.objects.for_org(org).values_list(
            "code", "kind", "start_date", "end_date", "parent__code")}
    known.objectives = {
        ref: (cycle, parent or via_kr)
        for ref, cycle, parent, via_kr in Objective.objects.for_org(org).values_list(
            "ref", "cycle__code", "parent_objective__ref", "parent_key_result__objective__ref")}
    known.kr_objectives = dict(KeyResult.objects.for_org(org).values_list("ref", "objective__ref"))
    stamps = Cycle.objects.for_org(org).exclude(published_at=None, closed_at=None).values_list(
        "code", "closed_at")
    for code, closed_at in stamps:
        known.published_cycles.add(code)
        if closed_at is not None:
            known.closed_cycles.add(code)
    return known


def _check_emails_free(parsed, org, problems: Problems) -> None:
    """Emails are logins, unique across the install: another organization's are refused."""
    by_email = {p.email: p for p in parsed.people}
    emails = sorted(by_email)
    for start in range(0, len(emails), EMAIL_CHUNK):
        taken = Person.objects.filter(email__in=emails[start:start + EMAIL_CHUNK])
        if org is not None:
            taken = taken.exclude(organization=org)
        taken_people = (by_email[email] for email in taken.values_list("email", flat=True))
        for person in sorted(taken_people, key=lambda p: p.line):
            problems.add(person.file, person.line,
                         _('"{email}" belongs to someone in another organization').format(email=person.email))


def _read(path, org_slug, label: str):
    """Tables, organization, slug and the parsed structure; raises ImportRefused on problems."""
    try:
        tables = read_tables(path, label)
        root = _root_row(tables)
    except FileNotFoundError:
        raise ImportRefused([_("No such file or folder: {path}").format(path=label)]) from None
    if not tables:
        raise ImportRefused([_("No interchange files found in {path}.").format(path=label)])
    org, slug = _organization(org_slug, root)
    if org is None and root is None:
        raise ImportRefused([_("units.csv is needed to create an organization, or name one with --org.")])
    return tables, org, slug, root


def _parse_all(tables, org, problems: Problems):
    parsed = parse_structure(tables, load_known(org), problems)
    _check_emails_free(parsed, org, problems)
    return parsed


def _refuse_after_checking_checkins(tables, parsed, problems: Problems):
    """The structure has problems: still read the check-ins so that all problems are listed."""
    try:
        for _record in checkin_records(tables.get("checkins"), problems, parsed.kr_refs, parsed.emails):
            pass
    except TooManyProblems:
        pass
    raise ImportRefused(problems.messages)


def is_zip(path) -> bool:
    return str(path).lower().endswith(".zip")


def import_folder(path, org_slug: str | None = None, *, actor, label: str | None = None) -> ImportResult:
    """Import a folder of CSV files, an .xlsx workbook or a .zip of CSV files; all or nothing.

    Raises ImportRefused (a DomainError listing every problem as "file:line: message") and
    stores nothing when any row is bad. `label` is how messages name the file (the uploaded
    file's name rather than the server's temporary path); by default the path itself.
    An archive is checked before it is opened (okrflow/interchange/archives.py); a zip is
    extracted into a temporary folder that is removed on every way out. `actor` is the person
    who imports (the web passes the administrator) or okrflow.actors.SYSTEM (the CLI).
    """
    require_actor(actor)
    label = label or str(path)
    try:
        if is_zip(path) and Path(path).is_file():
            with tempfile.TemporaryDirectory(prefix="okrflow-import-") as folder:
                archives.extract_csv_files(path, Path(folder), label, {file_name(name) for name in COLUMNS})
                return _import(folder, org_slug, actor, label)
        return _import(path, org_slug, actor, label)
    except (archives.UnsafeArchive, UnreadableFile) as error:
        raise ImportRefused([error.message]) from None


@contextlib.contextmanager
def _roomy_sqlite_cache():
    """SQLite's default page cache (2 MB) makes index inserts of a million check-ins re-read
    pages again and again; 256 MB for the import's connection, restored afterwards."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _import(path, org_slug, actor, label: str) -> ImportResult:
    tables, org, slug, root = _read(path, org_slug, label)
    problems = Problems()
    try:
        parsed = _parse_all(tables, org, problems)
    except TooManyProblems:
        raise ImportRefused(problems.messages) from None
    if problems:
        _refuse_after_checking_checkins(tables, parsed, problems)
    with _roomy_sqlite_cache(), transaction.atomic():
        is_new = org is None
        if is_new:
            org = create_organization(slug=slug, name=root[1], root_code=root[0], root_name=root[1])
        result = ImportResult(organization=org)
        had_admin = not is_new and has_active_admin(org)
        # The root unit came with the organization, yet it is new from the files.
        ids = writing.write_structure(org, parsed, result, problems,
                                      new_units={root[0]} if is_new else set())
        if problems:  # the gate refused a locked change (okrflow/cycles/phases.py)
            raise ImportRefused(problems.messages)  # rolls the whole transaction back
        try:
            check_admins_remain(org, had_admin)  # the same rule as every other door
        except DomainError as error:
            raise ImportRefused([f"people.csv: {error.message}"]) from None
        try:
            touched = writing.write_checkins(org, tables.get("checkins"), parsed, ids, problems, result)
        except TooManyProblems:
            touched = None
        if problems:
            raise ImportRefused(problems.messages)  # rolls the whole transaction back
        refresh_current_values(touched | ids.changed_key_results)
        if result.changed:
            log.record(org, "organization.import", actor=actor, organization=org,
                       changes={"import": [None, result.summary()]})
    if sum(result.created.values()) + sum(result.updated.values()) >= PLANNER_STATISTICS_AFTER:
        refresh_planner_statistics()
    return result


# A bulk import changes the tables' shape at once: without fresh statistics SQLite's planner picks
# the organization index (it also serves the sort) over a person's or a unit's own index and reads
# every objective of the organization for one person's page. PostgreSQL's autovacuum gets there
# too, but only later.
PLANNER_STATISTICS_AFTER = 1000
ANALYZED_TABLES = ("org_unit", "org_person", "okrs_objective", "okrs_keyresult", "checkins_checkin")


def refresh_planner_statistics() -> None:
    """Let the database's query planner know the tables' new sizes (after the import committed)."""
    with connection.cursor() as cursor:
        for table in ANALYZED_TABLES:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
