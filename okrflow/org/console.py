"""Pick the organization a console command works on."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from okrflow.org.models import Organization


def organization_for_command(slug: str | None) -> Organization:
    """--org SLUG, or the only organization of the install when it holds just one."""
    if slug:
        org = Organization.objects.filter(slug=slug).first()
        if org is None:
            raise CommandError(_('No organization "{slug}".').format(slug=slug))
        return org
    orgs = list(Organization.objects.all()[:2])
    if not orgs:
        raise CommandError(_("There is no organization yet: import one or run `okrflow demo`."))
    if len(orgs) > 1:
        raise CommandError(_("This install holds several organizations: name one with --org SLUG."))
    return orgs[0]
