"""`okrflow import PATH [--org SLUG]`: load a folder of CSV files, an .xlsx workbook or a .zip of
CSV files (checked before it is opened: okrflow/interchange/archives.py)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from okrflow.actors import SYSTEM
from okrflow.interchange.loader import ImportRefused, import_folder


class Command(BaseCommand):
    help = ("Import an organization from interchange files (a folder of CSV files, an .xlsx workbook "
            "or a .zip of CSV files).")

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--org", dest="org_slug", default=None,
                            help="The organization to create or update (default: the root unit's code).")

    def handle(self, *args, path, org_slug, **options):
        try:
            result = import_folder(path, org_slug, actor=SYSTEM)
        except ImportRefused as refused:
            raise CommandError("\n".join(
                [_("Nothing was imported:"), *refused.messages])) from None
        for name in result.created:
            self.stdout.write(_("{file}: {created} created, {updated} updated, {unchanged} unchanged").format(
                file=name + ".csv", created=result.created[name], updated=result.updated[name],
                unchanged=result.unchanged[name]))
        self.stdout.write(_('Imported into "{slug}".').format(slug=result.organization.slug))
