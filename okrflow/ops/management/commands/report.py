"""`okrflow report NAME --cycle CODE [--unit CODE | --person EMAIL | --objective REF] [--org SLUG]
--output FILE.pdf|FILE.xlsx`: one document (okrflow/reports) as a file."""

import os
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from okrflow.errors import DomainError
from okrflow.org.console import organization_for_command
from okrflow.reports import document, services


def _progress_bar(description: str):
    """A tqdm bar from 0 to 100 on a terminal, else nothing: (callback, close)."""
    if not sys.stdout.isatty():
        return None, lambda: None
    from tqdm import tqdm

    bar = tqdm(total=100, desc=description, unit="%", leave=False)

    def advance(percent: int) -> None:
        bar.update(percent - bar.n)

    return advance, bar.close


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class Command(BaseCommand):
    help = (
        "Write one document of a cycle — diagram, kr-actions, unit-card, person-card, review, book — "
        "as PDF or XLSX (the format follows the file's extension). The console sees every objective "
        "of the organization. Nothing is left behind when it fails (exit code non-zero)."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="The document: " + ", ".join(d.name for d in document.definitions()))
        parser.add_argument("--cycle", required=True, help="The cycle's code, e.g. 2026-Q4.")
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument("--unit", help="The unit's code (unit-card, kr-actions, diagram).")
        scope.add_argument("--person", help="The person's email (person-card, review).")
        scope.add_argument("--objective", help="The objective's reference (kr-actions).")
        parser.add_argument("--org", default=None,
                            help="The organization's short name; optional when the install holds one.")
        parser.add_argument("--output", required=True, help="The file to write: FILE.pdf or FILE.xlsx.")
        parser.add_argument("--language", choices=[code for code, _name in settings.LANGUAGES], default=None,
                            help=f"The document's language (default: {settings.LANGUAGE_CODE}).")

    def handle(self, *args, name, cycle, unit, person, objective, org, output, language, **options):
        with translation.override(language or settings.LANGUAGE_CODE):
            self._write(name, cycle, unit, person, objective, org, Path(output))

    def _write(self, name, cycle, unit, person, objective, org, output: Path):
        fmt = output.suffix.lower().lstrip(".")
        if fmt not in ("pdf", "xlsx"):
            raise CommandError(_("The output file must end in .pdf or .xlsx."))
        if not output.parent.is_dir():
            raise CommandError(_("There is no folder {folder}.").format(folder=output.parent))
        actor = services.console_actor(organization_for_command(org))
        try:
            definition, params = services.resolve(actor, name, cycle=cycle, unit=unit, person=person,
                                                  objective=objective)
        except DomainError as error:
            raise CommandError(error.message) from None
        advance, close = (None, lambda: None)
        if definition.heavy(params):
            advance, close = _progress_bar(str(definition.title))
            params = document.ReportParams(cycle=params.cycle, unit=params.unit, person=params.person,
                                           objective=params.objective, progress=advance)
        # Written next to the target and renamed at the end: a failure leaves no file behind.
        partial = None
        try:
            handle, partial = tempfile.mkstemp(prefix=".okrflow-report-", suffix="." + fmt, dir=output.parent)
            with os.fdopen(handle, "wb") as stream:
                services.generate(actor, name, params, fmt, stream)
            os.chmod(partial, 0o666 & ~_umask())   # as any file the user writes (mkstemp's is 0600)
            os.replace(partial, output)
        except DomainError as error:
            raise CommandError(error.message) from None
        except OSError as error:
            raise CommandError(_("Could not write {path}: {error}").format(
                path=output, error=error.strerror or error)) from None
        finally:
            close()
            if partial is not None and os.path.exists(partial):
                os.unlink(partial)
        self.stdout.write(_("{title}: written to {path}.").format(title=definition.title, path=output))
