"""The weekly company report: an organization's chosen people get the company dashboard's
summary every week on the chosen weekday — the key figures in the mail's body, the `summary`
document as a PDF attached — each in their own language.

- `set_schedule(actor, organization, recipients=…, weekday=…, enabled=…)` — admins and the OKR
  champion (the people who run the process: org.access.can_manage_cycles); recipients named by
  email, all of them active people of the organization or nothing is stored; audited.
- `send_due(now)` — run by every scheduler tick (registered in ReportsConfig.ready with
  notifications.scheduler.register_tick_job): on the weekday, from SEND_HOUR local time, it
  queues the job `send_report_task`, which reads the company's figures once (a 10,000-person
  company's take the better part of a minute), keeps them on the schedule and sends one notice
  per recipient through notifications.notify (preferences, in-app centre, the mail's delivery,
  retries and attempt log), once per week (the once-only key names the schedule, the cycle and
  the day; nobody who had one of the week's keys gets another).
- `attachments(notification)` — registered with the mail channel: when the mail is sent, the
  summary PDF is built as the recipient (okrflow/reports/services.py build: their visibility) in
  their language, from the figures the body was written from. The sending is audited once per
  recipient, by the system naming the recipient, when their notice is made (not per attempt).
"""

import datetime
import io

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from okrflow.actors import SYSTEM
from okrflow.audit import log
from okrflow.cycles.models import Cycle
from okrflow.cycles.rules import default_cycle
from okrflow.errors import DomainError
from okrflow.notifications.channels import ChannelError
from okrflow.notifications.models import NotificationKind, Weekday
from okrflow.notifications.routing import opted_out, speaking_to
from okrflow.notifications.services import notify
from okrflow.org.access import can_manage_cycles, require
from okrflow.org.models import Person, normalize_email
from okrflow.reports.document import ReportParams
from okrflow.reports.documents import summary
from okrflow.reports.documents.wording import grade_label, score_text
from okrflow.reports.models import ReportSchedule
from okrflow.reports.render import render

KIND = NotificationKind.SCHEDULED_REPORT
SEND_HOUR = 8            # local time (TIME_ZONE) from which the day's mail goes out
MOST_RECIPIENTS = 50
CLAIM = datetime.timedelta(hours=1)   # a sending job still claiming after this has died
DASHBOARD_LINK = "/dashboard/"   # the company dashboard (web: "dashboard"; reports sits below web)


# --- the setting ----------------------------------------------------------------------------

def schedule_of(organization) -> ReportSchedule | None:
    return ReportSchedule.objects.for_org(organization).prefetch_related("recipients").first()


def _recipients(organization, emails) -> list:
    wanted = []
    for email in emails:
        email = normalize_email(email.strip())
        if email and email not in wanted:
            wanted.append(email)
    if len(wanted) > MOST_RECIPIENTS:
        raise DomainError("too_many", _("Choose at most {count} recipients.").format(count=MOST_RECIPIENTS),
                          field="recipients")
    people = Person.objects.for_org(organization).filter(email__in=wanted, is_active=True)
    found = {person.email: person for person in people}
    unknown = [email for email in wanted if email not in found]
    if unknown:
        message = _("No active person of the organization has the email {emails}.")
        raise DomainError("unknown_recipient", message.format(emails=", ".join(unknown)), field="recipients")
    return [found[email] for email in wanted]


def set_schedule(actor, organization, *, recipients, weekday, enabled: bool) -> ReportSchedule:
    """Who gets the weekly report and on which weekday (`recipients`: emails)."""
    require(can_manage_cycles(actor) and actor.organization_id == organization.pk)
    if weekday not in Weekday.values:
        raise DomainError("bad_weekday", _("Choose a weekday."), field="weekday")
    people = _recipients(organization, recipients)
    if enabled and not people:
        raise DomainError("no_recipients", _("Name at least one recipient to send the report to."),
                          field="recipients")
    with transaction.atomic():
        schedule, created = ReportSchedule.objects.select_for_update().get_or_create(
            organization=organization, defaults={"weekday": weekday, "enabled": enabled})
        before = {"weekday": schedule.weekday, "enabled": schedule.enabled,
                  "recipients": sorted(schedule.recipients.values_list("email", flat=True))}
        after = {"weekday": weekday, "enabled": enabled, "recipients": sorted(p.email for p in people)}
        changes = {key: [before[key], after[key]] for key in after if before[key] != after[key] or created}
        schedule.weekday, schedule.enabled = weekday, enabled
        schedule.save(update_fields=["weekday", "enabled"])
        schedule.recipients.set(people)
        if changes:
            log.record(schedule, "report_schedule.update", actor=actor, changes=changes)
    return schedule


# --- sending --------------------------------------------------------------------------------

def reported_cycle(organization, today) -> Cycle | None:
    """The cycle the pages show by default (okrflow/cycles/rules.py default_cycle: the quarterly
    cycle containing today, else the cycle that starts last): one rule for both."""
    return default_cycle(list(Cycle.objects.for_org(organization)), today)


def dedupe_key(schedule, cycle, day) -> str:
    """The report of one schedule, cycle and day; `attachments` reads the cycle and the day back
    from it (send_due sends one a week: it skips whoever had one of this week's keys)."""
    return f"report:{schedule.pk}:{cycle.pk}:{day.isoformat()}"


def _message(cycle, found):
    title = _("Weekly company report: {cycle}").format(cycle=cycle.name)
    lines = [f"{label}: {value}" for label, value in summary.key_figures(found)]
    for row in found["departments"]:
        lines.append(_("- {department}: {score} ({grade})").format(
            department=row["name"], score=score_text(row["score"]), grade=grade_label(row["grade"]) or "—"))
    lines.append(_("The report is attached as a PDF."))
    return title, "\n".join(lines)


def _this_weeks_keys(schedule, cycle, today) -> list:
    monday = today - datetime.timedelta(days=today.weekday())
    return [dedupe_key(schedule, cycle, monday + datetime.timedelta(days=n)) for n in range(7)]


def _waiting(schedule, cycle, today):
    """The active recipients without this week's report who did not turn it off (else every
    tick of the day would queue the job again for them)."""
    return (schedule.recipients.filter(is_active=True)
            .exclude(pk__in=opted_out(schedule.organization_id, KIND))
            .exclude(notifications__dedupe_key__in=_this_weeks_keys(schedule, cycle, today)))


def send_due(now=None) -> int:
    """The tick's part: queue the week's report of every enabled schedule whose day has come and
    whose recipients are waiting for it (see the module); returns how many were queued. The job
    reads the whole company's figures, so it runs in the worker, never in the tick; a claim keeps
    the next ticks from queueing it again while it runs (taken again after CLAIM if it died)."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < SEND_HOUR:
        return 0
    today = local.date()
    queued = 0
    for schedule in (ReportSchedule.objects.filter(enabled=True, weekday=today.weekday())
                     .select_related("organization")):
        cycle = reported_cycle(schedule.organization, today)
        if cycle is None or not _waiting(schedule, cycle, today).exists():
            continue
        free = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM)
        if not ReportSchedule.objects.filter(free, pk=schedule.pk).update(claimed_at=now):
            continue
        send_report_task.enqueue(schedule.pk, today.isoformat())
        queued += 1
    return queued


def send_report(schedule_id: int, today: datetime.date) -> int:
    """The job: read the figures once, keep them on the schedule (each recipient's PDF is made
    from them) and notify every waiting recipient in their language; returns how many."""
    try:
        return _send_report(schedule_id, today)
    finally:
        ReportSchedule.objects.filter(pk=schedule_id).update(claimed_at=None)


def _send_report(schedule_id: int, today: datetime.date) -> int:
    schedule = (ReportSchedule.objects.select_related("organization")
                .filter(pk=schedule_id, enabled=True).first())
    if schedule is None:
        return 0
    cycle = reported_cycle(schedule.organization, today)
    people = list(_waiting(schedule, cycle, today)) if cycle is not None else []
    if not people:
        return 0
    found = summary.figures(cycle, today)
    ReportSchedule.objects.filter(pk=schedule.pk).update(figures=found)
    key, sent = dedupe_key(schedule, cycle, today), 0
    for person in people:
        with speaking_to(person):
            title, body = _message(cycle, found)
        with transaction.atomic():
            notice = notify(person, KIND, title, body, DASHBOARD_LINK, dedupe_key=key, actor=SYSTEM)
            if notice is not None:
                _audit_sent(cycle, person)
        sent += notice is not None
    return sent


def _audit_sent(cycle, person) -> None:
    """The week's document sent to one recipient, audited once — by the system, naming the
    recipient — when their notice is made; its PDF, made when the mail goes out (each retry
    again), is not audited again (`attachments`)."""
    log.record(cycle, "report.generate", actor=SYSTEM, organization=cycle.organization,
               changes={"report": [None, "summary"], "format": [None, "pdf"], "cycle": [None, cycle.code],
                        "recipient": [None, person.email]})


@task()
def send_report_task(schedule_id: int, today: str) -> int:
    return send_report(schedule_id, datetime.date.fromisoformat(today))


def attachments(notification) -> list:
    """[(filename, PDF bytes, mimetype)]: the summary as the recipient sees it, in their language."""
    from okrflow.reports import services

    try:
        _report, schedule_id, cycle_id, day = notification.dedupe_key.split(":")
        day = datetime.date.fromisoformat(day)
    except ValueError:
        return []
    recipient = notification.recipient
    cycle = Cycle.objects.for_org(recipient.organization_id).select_related("organization").filter(
        pk=cycle_id).first()
    if cycle is None:
        raise ChannelError("the report's cycle was deleted", permanent=True)
    stored = (ReportSchedule.objects.for_org(recipient.organization_id).filter(pk=schedule_id)
              .values_list("figures", flat=True).first() or {})
    found = stored if (stored.get("cycle_id"), stored.get("today")) == (cycle.pk, day.isoformat()) else None
    stream = io.BytesIO()
    with speaking_to(recipient), summary.as_of(day, found):
        # Made as the recipient may see it, not audited here: _audit_sent did, once per notice.
        report = services.build(recipient, "summary", ReportParams(cycle=cycle))
        render(report, "pdf", stream)
    return [(services.filename_of(report, "pdf"), stream.getvalue(), "application/pdf")]
