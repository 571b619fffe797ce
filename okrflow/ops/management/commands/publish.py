"""`okrflow publish --cycle CODE [--org SLUG] [--resend] [--only-agreed]`: publish a cycle and
deliver every person's digest before returning (a progress bar on a terminal)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from okrflow.actors import SYSTEM
from okrflow.cycles.models import Cycle
from okrflow.errors import DomainError
from okrflow.interchange.progress import with_progress
from okrflow.notifications import delivery
from okrflow.notifications.models import DeliveryStatus
from okrflow.org.console import organization_for_command
from okrflow.publishing import digest, services


class Command(BaseCommand):
    help = (
        "Publish a cycle: its agreed objectives become published (locked) and every active person "
        "gets one digest by email, delivered before the command returns. Refused (non-zero exit) "
        "while objectives are drafts or proposed, unless --only-agreed. Publishing again sends "
        "nothing unless --resend."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cycle", required=True, help="The cycle's code, e.g. 2026Q1.")
        parser.add_argument("--org", default=None,
                            help="The organization's short name; optional when the install holds one.")
        parser.add_argument("--resend", action="store_true", help="Send every digest again.")
        parser.add_argument("--only-agreed", action="store_true",
                            help="Publish the agreed objectives; leave drafts and proposals unpublished.")

    def handle(self, *args, cycle, org, resend, only_agreed, **options):
        organization = organization_for_command(org)
        found = Cycle.objects.for_org(organization).filter(code=cycle).first()
        if found is None:
            raise CommandError(_('No cycle with the code "{code}".').format(code=cycle))
        try:
            result = services.publish_cycle(SYSTEM, found, only_agreed=only_agreed, resend=resend)
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(result.message)
        if result.round_key is None:
            return
        sent = failed = 0
        created = digest.create_digests(result.cycle, actor=SYSTEM, round_key=result.round_key, enqueue=False)
        mails = (item for chunk in created for item in chunk)
        for item in with_progress(mails, _("Sending digests"), total=result.digests):
            if delivery.deliver(item.pk) == DeliveryStatus.SENT:
                sent += 1
            else:
                failed += 1
        self.stdout.write(_("Digests sent: {sent}; failed: {failed}.").format(sent=sent, failed=failed))
        if failed:
            self.stdout.write(_("Failed digests are retried by the worker (okrflow worker) and logged "
                                "with every delivery."))
