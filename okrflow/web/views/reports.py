"""The documents on the web (okrflow/reports): `/reports/<name>/?cycle=…[&unit=…|&person=…|&objective=…]`
shows the printable page; a POST with `format=pdf|xlsx` downloads the file (a POST: the document
is audited, and a GET never writes) or, for a heavy document, queues a background job and sends
the reader to its page, which polls its progress and offers the file to the reader alone.
"""

import tempfile

from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from okrflow.errors import AccessDenied, DomainError, NotFound
from okrflow.reports import services
from okrflow.reports.models import ReportStatus
from okrflow.reports.render import CONTENT_TYPES
from okrflow.reports.render.html import page_context
from okrflow.web.current_cycle import current_cycle
from okrflow.web.views.guards import member_view

CODES = ("cycle", "unit", "person", "objective")


def _codes(request) -> dict:
    codes = {key: request.GET.get(key, "").strip() for key in CODES}
    if not codes["cycle"]:
        cycle = current_cycle(request)
        codes["cycle"] = cycle.code if cycle is not None else ""
    return codes


@require_http_methods(["GET", "POST"])
@member_view
def report_page(request, name):
    codes = _codes(request)
    query = urlencode({key: value for key, value in codes.items() if value})
    context = {"name": name, "query": query, "codes": codes, "error": None,
               "definition": services.definition_named(name)}
    try:
        return _answer(request, name, codes, context)
    except (NotFound, AccessDenied):
        raise
    except DomainError as error:
        # A missing scope, one the document does not take, a bad format: said on the page.
        context["error"] = error.message
        return render(request, "reports/report.html", context, status=400)


def _answer(request, name, codes, context):
    definition, params = services.resolve(request.user, name, **codes)
    heavy = definition.heavy(params)
    if request.method == "POST":
        fmt = services.check_format(request.POST.get("format", ""))
        if heavy:
            job = services.request_file(request.user, name, params, fmt)
            return redirect("report_file", job_id=job.pk)
        return _download(request.user, name, params, fmt)
    context["heavy"] = heavy
    context["back"] = _back(params)
    if heavy:  # a heavy document (the whole company) is not shown as one page: its files are
        context["recent"] = services.recent_files(request.user, name)
    else:
        context.update(page_context(services.build(request.user, name, params)))
    return render(request, "reports/report.html", context)


def _back(params):
    """The page the document is about (a person's, a unit's, an objective's), for the breadcrumb."""
    if params.person is not None:
        return params.person.name, reverse("person", args=[params.person.pk])
    if params.unit is not None:
        return params.unit.name, reverse("unit", args=[params.unit.code])
    if params.objective is not None:
        return params.objective.title, reverse("objective", args=[params.objective.pk])
    return None


def _download(actor, name, params, fmt):
    # Closed by the response once sent (FileResponse closes its file); a refusal closes it here.
    stream = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        report = services.generate(actor, name, params, fmt, stream)
    except BaseException:
        stream.close()
        raise
    stream.seek(0)
    return FileResponse(stream, as_attachment=True, filename=services.filename_of(report, fmt),
                        content_type=CONTENT_TYPES[fmt])


@require_GET
@member_view
def report_file(request, job_id):
    """A heavy document's job: its progress (htmx polls the fragment every 2 s) and, once done,
    the file. Only the person who asked sees it."""
    job = services.file_of(request.user, job_id)
    template = "reports/_file_status.html" if request.headers.get("HX-Request") else "reports/file.html"
    back = reverse("report", args=[job.name]) + "?" + urlencode(job.params)
    definition = services.document.definition(job.name)
    return render(request, template, {"job": job, "back": back, "done": job.status == ReportStatus.DONE,
                                      "title": definition.title if definition else job.name})


@require_GET
@member_view
def report_file_download(request, job_id):
    job = services.file_of(request.user, job_id)
    if job.status != ReportStatus.DONE or not job.file:
        raise NotFound()
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename,
                        content_type=CONTENT_TYPES.get(job.format, "application/octet-stream"))
