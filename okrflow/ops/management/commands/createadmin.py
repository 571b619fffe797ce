"""`okrflow createadmin EMAIL`: an administrator for an organization."""

import getpass
import os

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from okrflow.actors import SYSTEM
from okrflow.errors import DomainError
from okrflow.org.console import organization_for_command
from okrflow.org.models import Person, Role
from okrflow.org.services import create_person, set_password, update_person


class Command(BaseCommand):
    help = ("Create an organization administrator (or promote an existing person). The password "
            "comes from OKRFLOW_ADMIN_PASSWORD or is asked for on the terminal.")

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="")
        parser.add_argument("--org", dest="org_slug", default=None)
        parser.add_argument("--superuser", action="store_true",
                            help="Install-wide operator: sees every organization in the Django admin.")

    def handle(self, *args, email, name, org_slug, superuser, **options):
        org = organization_for_command(org_slug)
        password = os.environ.get("OKRFLOW_ADMIN_PASSWORD") or self._ask_password()
        try:
            person = Person.objects.for_org(org).filter(email=email.strip().lower()).first()
            if person is None:
                person = create_person(SYSTEM, org, email=email, name=name or email.split("@")[0],
                                       unit=org.root_unit(), role=Role.ADMIN, password=password,
                                       is_staff=True)
            else:
                update_person(SYSTEM, person, role=Role.ADMIN, is_staff=True)
                set_password(SYSTEM, person, password)
            if superuser:
                Person.objects.filter(pk=person.pk).update(is_superuser=True)
        except DomainError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(_("Administrator {email} is ready in {org}.").format(email=person.email, org=org))

    def _ask_password(self) -> str:
        if not os.isatty(0):
            raise CommandError(_("Set OKRFLOW_ADMIN_PASSWORD or run this on a terminal."))
        first = getpass.getpass(_("Password: "))
        if first != getpass.getpass(_("Password (again): ")):
            raise CommandError(_("The passwords do not match."))
        return first
