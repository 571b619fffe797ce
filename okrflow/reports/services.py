"""Generating a document, the same for every door (CLI, API, web, the background job).

- `resolve(actor, name, cycle=…, unit=…, person=…, objective=…)` — the definition and its
  ReportParams from the codes a person types (cycle CODE, unit CODE, person EMAIL, objective
  REF), through the scoped getters: anything unknown in the actor's organization, or not
  visible to them, is NotFound naming the field, in the reader's language.
- `generate(actor, name, params, fmt, stream)` — builds the Report through the definition (which
  reads through the actor's visibility), renders it as PDF or XLSX to the binary stream, and
  writes one audit entry ("report.generate") for the generated document.
- `console_actor(organization)` — the console's reader (the system actor, seeing everything) bound
  to the organization the command works on.
- Heavy documents on the web: `request_file` queues a ReportFile and its job — or answers the
  owner's file of the same document still queued or running, and refuses past MOST_OPEN_FILES
  open ones; `run_file` (the job) claims it (one worker only), builds it as its owner may see it,
  with progress, and stores the file; `purge_files` (every scheduler tick) deletes the files, and
  their rows, older than KEEP_FILES.
"""

import dataclasses
import datetime
import tempfile
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from okrflow.actors import SystemActor
from okrflow.audit import log
from okrflow.cycles.models import Cycle
from okrflow.errors import DomainError, NotFound
from okrflow.okrs.access import visible_objectives
from okrflow.org.models import Person, Unit, normalize_email
from okrflow.org.reader import _CACHE as _READER_CACHE
from okrflow.org.reader import Reader
from okrflow.reports import document
from okrflow.reports.models import ReportFile, ReportStatus
from okrflow.reports.render import FORMATS, render

# The scopes a request may name, by the words a reader reads (the codes stay the fields' names).
SCOPE_NAMES = {"unit": pgettext_lazy("report scope", "unit"),
               "person": pgettext_lazy("report scope", "person"),
               "objective": pgettext_lazy("report scope", "objective")}


@dataclasses.dataclass(frozen=True)
class ConsoleActor(SystemActor):
    """The system actor of a console command, bound to the organization it works on (the
    readers of okrflow/okrs need an organization; the system sees all of it)."""

    organization: Any = None
    organization_id: Any = None

    def __post_init__(self):
        # Its own reader (okrflow/org/reader.py::reader_of): what a reader keeps is per organization.
        object.__setattr__(self, _READER_CACHE, Reader(person=self, everything=True, manager_path="",
                                                       headed_paths=()))


def console_actor(organization) -> ConsoleActor:
    return ConsoleActor(organization=organization, organization_id=organization.pk)


def definition_named(name: str) -> document.Definition:
    found = document.definition(name or "")
    if found is None:
        raise NotFound(_('There is no report named "{name}".').format(name=name))
    return found


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise DomainError("bad_format", _("Choose the format pdf or xlsx."), field="format")
    return fmt


def _missing(field: str, message) -> NotFound:
    error = NotFound(message)
    error.field = field
    return error


def _cycle_coded(actor, code) -> Cycle:
    if not code:
        raise DomainError("required", _("Name the cycle by its code."), field="cycle")
    cycle = (Cycle.objects.for_org(actor.organization_id).select_related("organization")
             .filter(code=code).first())
    if cycle is None:
        raise _missing("cycle", _('No cycle with the code "{code}".').format(code=code))
    return cycle


def _unit(actor, code) -> Unit:
    unit = (Unit.objects.for_org(actor.organization_id).select_related("head").filter(code=code).first())
    if unit is None:
        raise _missing("unit", _('No unit with the code "{code}".').format(code=code))
    return unit


def _person(actor, email) -> Person:
    person = (Person.objects.for_org(actor.organization_id).select_related("unit", "manager")
              .filter(email=normalize_email(email)).first())
    if person is None:
        raise _missing("person", _('No person with the email "{email}".').format(email=email))
    return person


def _objective(actor, ref):
    objective = (visible_objectives(actor).select_related("owner_unit", "owner_person", "cycle")
                 .filter(ref=ref).first())
    if objective is None:
        raise _missing("objective", _('No objective "{ref}" that you may see.').format(ref=ref))
    return objective


def resolve(actor, name: str, *, cycle=None, unit=None, person=None, objective=None, progress=None):
    """(definition, ReportParams) from the codes of a request or a command line (see the module)."""
    definition = definition_named(name)
    given = {"unit": unit or None, "person": person or None, "objective": objective or None}
    for scope, value in given.items():
        if value is not None and scope not in definition.scopes:
            message = _("This report takes no {field}.").format(field=SCOPE_NAMES[scope])
            raise DomainError("bad_scope", message, field=scope)
    # Whether a scope is needed is the definition's to say (a card needs its person; the diagram
    # without a unit is the whole company's): it raises DomainError("required", …, field=…).
    params = document.ReportParams(
        cycle=_cycle_coded(actor, cycle),
        unit=_unit(actor, unit) if given["unit"] else None,
        person=_person(actor, person) if given["person"] else None,
        objective=_objective(actor, objective) if given["objective"] else None,
        progress=progress)
    return definition, params


def codes_of(params) -> dict:
    """The codes of resolved params (what a ReportFile keeps, what the audit records)."""
    codes = {"cycle": params.cycle.code}
    if params.unit is not None:
        codes["unit"] = params.unit.code
    if params.person is not None:
        codes["person"] = params.person.email
    if params.objective is not None:
        codes["objective"] = params.objective.ref
    return codes


def build(actor, name: str, params) -> document.Report:
    """The Report of `name` as `actor` may see it (the HTML page renders it without auditing:
    showing a page is a read; the files are what leaves the system)."""
    return definition_named(name).build(actor, params)


def generate(actor, name: str, params, fmt: str, stream) -> document.Report:
    """Build the document, render it to `stream` and audit it; returns the Report (its filename)."""
    check_format(fmt)
    report = build(actor, name, params)
    render(report, fmt, stream)
    log.record(params.cycle, "report.generate", actor=actor, organization=params.cycle.organization,
               changes={key: [None, value] for key, value in
                        {"report": name, "format": fmt, **codes_of(params)}.items()})
    return report


def filename_of(report, fmt: str) -> str:
    return f"{report.filename or report.name}.{fmt}"


# --- heavy documents: a job, its progress and the file ---------------------------------------

MOST_OPEN_FILES = 3                      # queued or running files of one person at a time
STALE_AFTER = datetime.timedelta(hours=6)  # an open file this old was lost with its worker
KEEP_FILES = datetime.timedelta(days=7)   # generated files are deleted after this
PURGE_BATCH = 500                        # files deleted per scheduler tick at most


def _open_files(actor):
    since = timezone.now() - STALE_AFTER
    return ReportFile.objects.for_org(actor.organization_id).filter(
        owner_id=actor.pk, status__in=(ReportStatus.QUEUED, ReportStatus.RUNNING), created__gte=since)


def request_file(actor, name: str, params, fmt: str) -> ReportFile:
    """Queue a heavy document for `actor` (a person): the job starts after the commit. The same
    document (name, codes, format) already queued or running for them is answered instead of a
    new one; more than MOST_OPEN_FILES open files are refused."""
    check_format(fmt)
    from okrflow.reports.tasks import generate_file_task

    codes = codes_of(params)
    with transaction.atomic():
        # The owner's row serialises their requests (two racing clicks make one file).
        Person.objects.select_for_update().filter(pk=actor.pk).values_list("pk").first()
        open_files = list(_open_files(actor).order_by("created", "pk"))
        for job in open_files:
            if (job.name, job.format, job.params) == (name, fmt, codes):
                return job
        if len(open_files) >= MOST_OPEN_FILES:
            raise DomainError("too_many_files", _(
                "You have {count} documents being made already. Ask for another one when one of them "
                "is ready.").format(count=len(open_files)))
        job = ReportFile.objects.create(organization_id=actor.organization_id, owner=actor, name=name,
                                        params=codes, format=fmt,
                                        language=translation.get_language() or "zh-hans")
        transaction.on_commit(lambda: generate_file_task.enqueue(job.pk))
    return job


def purge_files(now=None) -> int:
    """Delete the generated files older than KEEP_FILES, their stored file with them (the
    scheduler's tick runs it: PURGE_BATCH at a time, the rest at the next tick); returns how many."""
    now = now or timezone.now()
    old = list(ReportFile.objects.filter(created__lt=now - KEEP_FILES).order_by("created", "pk")
               .only("pk", "file")[:PURGE_BATCH])
    for job in old:
        if job.file:
            job.file.delete(save=False)
    ReportFile.objects.filter(pk__in=[job.pk for job in old]).delete()
    return len(old)


def _progress_of(job):
    last = {"percent": -1}

    def report(percent: int) -> None:
        if percent != last["percent"]:
            last["percent"] = percent
            ReportFile.objects.filter(pk=job.pk).update(progress=percent)

    return report


def run_file(job_id: int) -> str:
    """The job: build the document as its owner may see it and store the file. A refusal (the
    owner may no longer see what they asked for) or a failure is kept on the row, for the page."""
    # The claim: one worker turns it from queued to running; any other one finds it taken.
    claimed = ReportFile.objects.filter(pk=job_id, status=ReportStatus.QUEUED).update(
        status=ReportStatus.RUNNING, progress=0)
    job = ReportFile.objects.select_related("owner", "owner__organization").filter(pk=job_id).first()
    if not claimed or job is None:
        return job.status if job is not None else ""
    with translation.override(job.language):
        try:
            _definition, params = resolve(job.owner, job.name, progress=_progress_of(job), **job.params)
            with tempfile.TemporaryFile() as stream:
                report = generate(job.owner, job.name, params, job.format, stream)
                stream.seek(0)
                job.filename = filename_of(report, job.format)
                job.file.save(f"{job.organization_id}/{job.pk}-{job.filename}", File(stream), save=False)
        except DomainError as error:
            job.status, job.error = ReportStatus.FAILED, str(error.message)
        except Exception:
            # A bug: the page must not poll "running" for ever; the worker logs the traceback.
            _finish(job, ReportStatus.FAILED, _("Something went wrong while making the document."))
            raise
        else:
            job.status, job.progress = ReportStatus.DONE, 100
    _finish(job, job.status, job.error)
    return job.status


def _finish(job, status, error) -> None:
    job.status, job.error, job.finished = status, str(error or ""), timezone.now()
    job.save(update_fields=["status", "progress", "file", "filename", "error", "finished"])


def recent_files(actor, name: str, limit: int = 5) -> list:
    """The actor's latest generated files of one document (the heavy document's page lists them)."""
    return list(ReportFile.objects.for_org(actor.organization_id).filter(owner_id=actor.pk, name=name)
                .order_by("-created", "-pk")[:limit])


def file_of(actor, job_id) -> ReportFile:
    """One of the actor's own generated files; anyone else's (or none) is NotFound."""
    job = ReportFile.objects.for_org(actor.organization_id).filter(pk=job_id, owner_id=actor.pk).first()
    if job is None:
        raise NotFound()
    return job
