"""`okrflow demo`: load the demo organization (星云科技) and print its logins."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from okrflow.demo import DEMO_LOGINS, DEMO_PASSWORD, DEMO_SLUG, load_demo
from okrflow.org.models import Organization


class Command(BaseCommand):
    help = "Load the demo organization. With --if-empty only on an install with no organization."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true",
                            help="Do nothing when the database already holds an organization.")
        parser.add_argument("--logins", action="store_true", help="Only print the demo logins.")

    def handle(self, *args, if_empty, logins, **options):
        if logins:
            return self._print_logins()
        if Organization.objects.filter(slug=DEMO_SLUG).exists():
            self.stdout.write(_("The demo organization is already loaded."))
            return
        if if_empty and Organization.objects.exists():
            self.stdout.write(_("The database already holds an organization; the demo was not loaded."))
            return
        org = load_demo()
        self.stdout.write(_("Loaded the demo organization {name}.").format(name=org.name))

    def _print_logins(self):
        if not Organization.objects.filter(slug=DEMO_SLUG).exists():
            return
        self.stdout.write(_("  Demo logins (password: {password}):").format(password=DEMO_PASSWORD))
        for email, who in DEMO_LOGINS:
            self.stdout.write(f"    {email:<28} {who}")
