"""`okrflow lint --cycle CODE [--org SLUG] [--format text|json]`: the OKR rules check."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from okrflow.checkins.facts import checkin_facts
from okrflow.cycles.models import Cycle
from okrflow.okrs.lint import lint_cycle
from okrflow.org.console import organization_for_command


class Command(BaseCommand):
    help = (
        "Check a cycle's OKRs against the OKR rules (too many objectives, vague key results, missing "
        "owners, alignment, due dates, bottom-up share, unexplained confidence drops). Findings are "
        "the output, not a failure: the exit code is 0 whenever the check ran, and non-zero only "
        "when it could not run (unknown cycle or organization)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cycle", required=True, help="The cycle's code, e.g. 2026-Q1.")
        parser.add_argument("--org", default=None,
                            help="The organization's short name; optional when the install holds one.")
        parser.add_argument("--format", choices=["text", "json"], default="text",
                            help='"json" prints a list of {"code", "severity", "ref", "message"}.')

    def handle(self, *args, cycle, org, format, **options):
        organization = organization_for_command(org)
        found = Cycle.objects.for_org(organization).filter(code=cycle).first()
        if found is None:
            raise CommandError(_('No cycle with the code "{code}".').format(code=cycle))
        findings = lint_cycle(found, checkin_facts(found))
        if format == "json":
            self.stdout.write(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
            return
        for finding in findings:
            self.stdout.write(f"{finding.severity:<8} {finding.code:<28} {finding.ref:<24} {finding.message}")
        if not findings:
            self.stdout.write(_("No findings in cycle {code}.").format(code=found.code))
            return
        self.stdout.write(ngettext("{count} finding in cycle {code}.", "{count} findings in cycle {code}.",
                                   len(findings)).format(count=len(findings), code=found.code))
