"""Documents as files: `GET /reports/{name}?cycle=CODE[&unit=CODE|&person=EMAIL|&objective=REF]
&format=pdf|xlsx` — the same definitions, visibility and audit as the web and the CLI
(okrflow/reports/services.py), in the request's language."""

import tempfile
from typing import Literal

from django.http import FileResponse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema
from ninja.params import Path

from okrflow.api.errors import READ_ERRORS
from okrflow.errors import DomainError
from okrflow.reports import services
from okrflow.reports.render import CONTENT_TYPES

router = Router(tags=["reports"])


class ReportQuery(Schema):
    cycle: str = Field(..., min_length=1, max_length=40, description="The cycle's code.")
    unit: str | None = Field(None, max_length=40,
                             description="The unit's code (unit-card, kr-actions, diagram).")
    person: str | None = Field(None, max_length=254, description="The person's email (person-card, review).")
    objective: str | None = Field(None, max_length=64, description="The objective's reference (kr-actions).")
    format: Literal["pdf", "xlsx"] = "pdf"


@router.get("/reports/{name}", response={200: None, **READ_ERRORS},
            openapi_extra={"responses": {200: {"description": "The document as a file.", "content": {
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                CONTENT_TYPES["xlsx"]: {"schema": {"type": "string", "format": "binary"}}}}}})
def get_report(request, name: Path[str], query: Query[ReportQuery]):
    """One document as PDF or XLSX, with what the caller may see (a private objective of someone
    else is absent). 404 for an unknown report or a cycle, unit, person or objective that is not
    the caller's organization's (or not visible to them), naming the field. Heavy documents (the
    whole company's book or diagram) are prepared in the background on the web or by `okrflow
    report`: 400 `heavy_report` here."""
    actor = request.auth
    definition, params = services.resolve(actor, name, cycle=query.cycle, unit=query.unit,
                                          person=query.person, objective=query.objective)
    if definition.heavy(params):
        raise DomainError("heavy_report", _("This document covers too much to be made within a request: ask "
                                            "for it on the web, where it is prepared in the background, or "
                                            "with `okrflow report`."))
    # Closed by the response once sent (FileResponse closes its file); a refusal closes it here.
    stream = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        report = services.generate(actor, name, params, query.format, stream)
    except BaseException:
        stream.close()
        raise
    stream.seek(0)
    return FileResponse(stream, as_attachment=True, filename=services.filename_of(report, query.format),
                        content_type=CONTENT_TYPES[query.format])
