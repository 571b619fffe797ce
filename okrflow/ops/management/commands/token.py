"""`okrflow token create EMAIL` / `okrflow token revoke HINT`: API tokens."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from okrflow.actors import SYSTEM
from okrflow.errors import DomainError
from okrflow.org.models import ApiToken, Person, normalize_email
from okrflow.org.services import issue_token, revoke_token


class Command(BaseCommand):
    help = "Create or revoke API tokens. `create` prints the new token on its last line."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="New token for a person (shown once).")
        create.add_argument("email")
        create.add_argument("--name", default="")
        revoke = sub.add_parser("revoke", help="Revoke a token by its first characters.")
        revoke.add_argument("hint")
        sub.add_parser("list", help="List tokens (never their secret).")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except DomainError as error:
            raise CommandError(str(error)) from None

    def _create(self, email, name, **_options):
        person = Person.objects.filter(email=normalize_email(email)).first()
        if person is None:
            raise CommandError(_('No person with the email "{email}".').format(email=email))
        token, key = issue_token(SYSTEM, person, name=name)
        self.stderr.write(_("Token for {person} created. Store it now: it is not shown again.").format(
            person=person.email))
        self.stdout.write(key)

    def _revoke(self, hint, **_options):
        tokens = list(ApiToken.objects.filter(hint__startswith=hint, revoked_at__isnull=True)[:2])
        if len(tokens) != 1:
            raise CommandError(_("Name exactly one active token by its first characters."))
        revoke_token(SYSTEM, tokens[0])
        self.stdout.write(_("Token revoked."))

    def _list(self, **_options):
        for token in ApiToken.objects.select_related("person").order_by("person__email", "created_at"):
            state = _("revoked") if token.revoked_at else _("active")
            self.stdout.write(f"{token.hint}…  {token.person.email}  {token.name}  {state}")
