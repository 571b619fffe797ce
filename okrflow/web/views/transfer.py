"""Import and export of the interchange files in the web UI, for administrators.

The same functions as `okrflow import` / `okrflow export` (okrflow/interchange); an upload is
pinned to the administrator's own organization, so files can never reach another one.
"""

import tempfile
from pathlib import Path

from django import forms
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from okrflow.interchange.export import export_folder
from okrflow.interchange.loader import ImportRefused, import_folder
from okrflow.interchange.tables import COLUMNS
from okrflow.web.views.guards import member_view, require_permission

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Workbook or zip file"),
        help_text=gettext_lazy("An .xlsx workbook with one sheet per file, or a .zip of the CSV files."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in (".xlsx", ".zip"):
            raise forms.ValidationError(_("Choose an .xlsx workbook or a .zip of CSV files."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 200 MB."))
        return upload


def _save(upload, folder: Path) -> Path:
    """The upload, written into the temporary folder under a fixed name (never the name the
    browser sent); import_folder checks the archive before anything opens it."""
    target = folder / ("upload" + Path(upload.name).suffix.lower())
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return target


@member_view
def transfer(request):
    require_permission(request.user.is_org_admin)
    result, problems = None, []
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        # Removed on every way out, an error included; messages name the upload, not this folder.
        with tempfile.TemporaryDirectory(prefix="okrflow-import-") as tmp:
            try:
                result = import_folder(_save(upload, Path(tmp)), request.user.organization.slug,
                                       actor=request.user, label=Path(upload.name).name)
            except ImportRefused as refused:
                problems = refused.messages
    return render(request, "web/manage/transfer.html", {
        "form": form, "result": result, "problems": problems, "files": list(COLUMNS),
    })


@member_view
def export_workbook(request):
    require_permission(request.user.is_org_admin)
    org = request.user.organization
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", prefix="okrflow-export-")  # noqa: SIM115
    export_folder(org, handle.name)
    handle.seek(0)
    name = f"{org.slug}-okrflow-{timezone.localdate():%Y%m%d}.xlsx"
    # FileResponse closes (and so deletes) the temporary file once it has been sent.
    return FileResponse(handle, as_attachment=True, filename=name)
