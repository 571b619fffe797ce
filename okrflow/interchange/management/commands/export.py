"""`okrflow export PATH [--org SLUG]`: write a folder of CSV files or an .xlsx workbook."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from okrflow.interchange.export import export_folder
from okrflow.org.console import organization_for_command


class Command(BaseCommand):
    help = "Export an organization to interchange files, with scores and grades."

    def add_arguments(self, parser):
        parser.add_argument("path", help="A folder, or a file name ending in .xlsx.")
        parser.add_argument("--org", dest="org_slug", default=None)

    def handle(self, *args, path, org_slug, **options):
        org = organization_for_command(org_slug)
        try:
            counts = export_folder(org, path)
        except OSError as error:
            message = _("Could not write {path}: {error}").format(path=path, error=error.strerror)
            raise CommandError(message) from None
        for name, count in counts.items():
            self.stdout.write(_("{file}: {count} rows").format(file=name + ".csv", count=count))
