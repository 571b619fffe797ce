"""Calendar mail for meetings: an email in each person's language with an iCalendar attachment
(RFC 5545/5546, the `icalendar` package) that calendar clients apply.

One stable UID per meeting; SEQUENCE is `Workshop.ics_sequence`, raised by every change a
calendar shows (scheduling.py), so a client replaces the older version. METHOD:REQUEST invites
and updates, METHOD:CANCEL cancels (the whole meeting, or one person taken off it).

The mail is never sent inside the request: the services write `Invitation` rows (the outbox) in
their transaction and a background job (tasks.send_invitations_task, run by `okrflow worker`)
sends them after commit, claiming each row with one conditional UPDATE so two workers never send
the same one. A failed send stays in the outbox with its error for the meeting's page.
"""

import datetime
import logging
import smtplib
from email.mime.text import MIMEText
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from okrflow.notifications.routing import absolute_link, speaking_to
from okrflow.workshops.models import Invitation, InvitationStatus, Participant, Role, State

# The meeting's fields a calendar shows: a change to one of them is an update (new SEQUENCE).
CALENDAR_FIELDS = frozenset({"title", "starts_at", "place", "video_link", "description"})
PRODID = "-//okrflow//meetings//EN"
logger = logging.getLogger(__name__)
ROLES = {Role.FACILITATOR: "CHAIR", Role.PARTICIPANT: "REQ-PARTICIPANT", Role.OBSERVER: "OPT-PARTICIPANT"}


def invitees(workshop):
    """The seats that get calendar mail: people, not guests (who have no address)."""
    return list(Participant.objects.filter(workshop=workshop, person__isnull=False).select_related("person"))


def uid_of(workshop) -> str:
    host = urlsplit(getattr(settings, "OKRFLOW_BASE_URL", "") or "").hostname or "okrflow.local"
    created = int(workshop.created_at.timestamp())
    return f"okrflow-meeting-{workshop.organization_id}-{workshop.pk}-{created}@{host}"


def detail_link(workshop) -> str:
    return absolute_link(reverse("workshop_detail", args=[workshop.pk]))


# --- the outbox -------------------------------------------------------------------------------------


def queue(workshop, seats, *, cancellation=False) -> list[Invitation]:
    """Write one outbox row per person among `seats` at the meeting's current SEQUENCE (call it
    inside the service's transaction); their unsent older rows are superseded. The job that sends
    them is queued after commit."""
    seats = [s for s in seats if s.person_id is not None]
    if not seats:
        return []
    Invitation.objects.filter(
        workshop=workshop, person_id__in=[s.person_id for s in seats], status=InvitationStatus.PENDING
    ).update(status=InvitationStatus.SUPERSEDED)
    rows = Invitation.objects.bulk_create(
        [
            Invitation(
                organization_id=workshop.organization_id,
                workshop=workshop,
                participant=seat,
                person_id=seat.person_id,
                sequence=workshop.ics_sequence,
                is_cancellation=cancellation,
            )
            for seat in seats
        ]
    )
    _send_after_commit(workshop.pk)
    return rows


def mail_removed(workshop, seat) -> Invitation:
    """A cancellation for one person taken off the meeting (the seat is deleted afterwards; the
    row keeps the person)."""
    (row,) = queue(workshop, [seat], cancellation=True)
    return row


def _send_after_commit(workshop_id) -> None:
    from okrflow.workshops.invitation_tasks import send_invitations_task

    transaction.on_commit(lambda: send_invitations_task.enqueue(workshop_id))


def status_by_person(workshop) -> dict:
    """{person id: the latest Invitation} for the meeting's page (one query)."""
    latest = {}
    for row in Invitation.objects.filter(workshop=workshop).order_by("person_id", "-sequence", "-id"):
        latest.setdefault(row.person_id, row)
    return latest


@transaction.atomic
def resend_failed(workshop) -> int:
    """Put the meeting's failed invitations back in the outbox (the facilitator's "send again")."""
    count = Invitation.objects.filter(workshop=workshop, status=InvitationStatus.FAILED).update(
        status=InvitationStatus.PENDING
    )
    if count:
        _send_after_commit(workshop.pk)
    return count


def send_pending(workshop_id, *, now=None) -> int:
    """Send the meeting's pending invitations, each claimed first; returns how many were sent."""
    sent = 0
    for pk in list(
        Invitation.objects.filter(workshop_id=workshop_id, status=InvitationStatus.PENDING)
        .order_by("id")
        .values_list("pk", flat=True)
    ):
        if not Invitation.objects.filter(pk=pk, status=InvitationStatus.PENDING).update(
            status=InvitationStatus.SENDING
        ):
            continue
        row = Invitation.objects.select_related("workshop__facilitator", "person", "participant").get(pk=pk)
        row.attempts += 1
        try:
            message(row).send()
        except (smtplib.SMTPException, OSError) as error:
            row.status, row.last_error = InvitationStatus.FAILED, f"{type(error).__name__}: {error}"[:2000]
        except Exception as error:
            # The last line of defence of the outbox: a row that cannot be written stays visible as
            # failed (with the error) instead of "sending" forever; the job goes on with the others.
            logger.exception("invitation %s could not be sent", pk)
            row.status, row.last_error = InvitationStatus.FAILED, f"{type(error).__name__}: {error}"[:2000]
        else:
            row.status, row.sent_at, row.last_error = InvitationStatus.SENT, now or timezone.now(), ""
            sent += 1
        row.save(update_fields=["status", "attempts", "sent_at", "last_error"])
    return sent


# --- the calendar -----------------------------------------------------------------------------------


def _when(workshop, items=None):
    from okrflow.workshops.scheduling import planned_end

    return workshop.starts_at, planned_end(workshop, items)


def calendar(workshop, *, method="REQUEST", person=None, role=Role.PARTICIPANT, cancelled=None) -> bytes:
    """The meeting as an iCalendar object: METHOD:REQUEST (or CANCEL) addressed to `person`, or
    METHOD:PUBLISH without attendees for the download link."""
    items = list(workshop.items.all())
    start, end = _when(workshop, items)
    cancelled = workshop.state == State.CANCELLED if cancelled is None else cancelled
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", method)
    event = icalendar.Event()
    event.add("uid", uid_of(workshop))
    event.add("sequence", workshop.ics_sequence)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", start.astimezone(datetime.UTC))
    event.add("dtend", end.astimezone(datetime.UTC))
    event.add("summary", workshop.title)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    location = " · ".join(x for x in (workshop.place, workshop.video_link) if x)
    if location:
        event.add("location", location)
    link = detail_link(workshop)
    event.add("url", link)
    event.add("description", "\n".join(x for x in (workshop.description, link) if x))
    facilitator = workshop.facilitator
    organizer = icalendar.vCalAddress(f"mailto:{facilitator.email}")
    organizer.params["cn"] = icalendar.vText(facilitator.name)
    event.add("organizer", organizer)
    if person is not None:
        attendee = icalendar.vCalAddress(f"mailto:{person.email}")
        attendee.params.update(
            {
                "cn": icalendar.vText(person.name),
                "role": icalendar.vText(ROLES[role]),
                "partstat": icalendar.vText("NEEDS-ACTION"),
                "rsvp": icalendar.vText("FALSE"),
            }
        )
        event.add("attendee", attendee)
    cal.add_component(event)
    return cal.to_ical()


def message(row) -> EmailMultiAlternatives:
    """The mail of one outbox row, in its person's language, with the calendar attached."""
    workshop, person = row.workshop, row.person
    role = row.participant.role if row.participant_id else Role.PARTICIPANT
    method = "CANCEL" if row.is_cancellation else "REQUEST"
    with speaking_to(person):
        start, end = _when(workshop)
        context = {
            "workshop": workshop,
            "person": person,
            "row": row,
            "link": detail_link(workshop),
            "starts_at": timezone.localtime(start),
            "ends_at": timezone.localtime(end),
            "update": row.sequence > 0 and not row.is_cancellation,
            "whole_meeting_cancelled": workshop.state == State.CANCELLED,
        }
        subject = " ".join(render_to_string("workshops/invitation/subject.txt", context).split())
        body = render_to_string("workshops/invitation/body.txt", context)
    ics = calendar(workshop, method=method, person=person, role=role, cancelled=row.is_cancellation)
    mail = EmailMultiAlternatives(
        subject, body, to=[person.email], headers={"Auto-Submitted": "auto-generated"}
    )
    part = MIMEText(ics.decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="invite.ics")
    mail.attach(part)
    return mail
