"""Calendar invitations: the attachment parses back with icalendar, keeps its UID, raises its
SEQUENCE with every update, cancels with METHOD:CANCEL; each person's mail in their language,
sent after commit through the real SMTP server; a failed send stays in the outbox."""

import datetime

import icalendar
import pytest
from django.core import mail

from okrflow.workshops import invitations, scheduling
from okrflow.workshops.invitation_tasks import send_invitations_task
from okrflow.workshops.models import Invitation, InvitationStatus


def calendar_of(message):
    """The parsed text/calendar part of a received message (email.message.EmailMessage)."""
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert part.get_param("method") in ("REQUEST", "CANCEL")
    return icalendar.Calendar.from_ical(part.get_content())


def event_of(cal):
    (event,) = cal.walk("VEVENT")
    return event


def by_recipient(inbox):
    return {m["To"]: m for m in inbox.messages}


def test_the_invitation_parses_back_with_icalendar(schedule, bob, soon):
    workshop = schedule("standup", participants=[bob], place="三楼")
    cal = icalendar.Calendar.from_ical(invitations.calendar(workshop, person=bob))
    event = event_of(cal)
    assert str(cal["method"]) == "REQUEST"
    assert str(event["uid"]) == invitations.uid_of(workshop)
    assert int(event["sequence"]) == 0
    assert event.decoded("dtstart") == soon
    assert event.decoded("dtend") == soon + datetime.timedelta(minutes=15)  # the stand-up's agenda
    assert str(event["summary"]) == "Q3 团队共创"
    assert str(event["location"]) == "三楼"
    assert str(event["attendee"]) == "mailto:bob@acme.test"
    assert event["attendee"].params["ROLE"] == "REQ-PARTICIPANT"
    assert str(event["organizer"]) == "mailto:admin@acme.test"


def test_invitations_updates_and_cancellation_reach_a_real_smtp_server(
    smtp_server, schedule, admin, bob, django_capture_on_commit_callbacks, soon
):
    bob.language = "zh-hans"
    bob.save(update_fields=["language"])
    workshop = schedule("standup", participants=[bob])
    first = by_recipient(smtp_server)
    assert set(first) == {"admin@acme.test", "bob@acme.test"}
    assert first["admin@acme.test"]["Subject"] == "[okrflow] Invitation: Q3 团队共创"
    uid = str(event_of(calendar_of(first["bob@acme.test"]))["uid"])

    smtp_server.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.reschedule(
            admin, workshop, title=workshop.title, starts_at=soon + datetime.timedelta(hours=1)
        )
    update = event_of(calendar_of(by_recipient(smtp_server)["admin@acme.test"]))
    assert (str(update["uid"]), int(update["sequence"])) == (uid, 1)
    assert update.decoded("dtstart") == soon + datetime.timedelta(hours=1)

    smtp_server.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.cancel(admin, workshop)
    cancelled = calendar_of(by_recipient(smtp_server)["bob@acme.test"])
    assert str(cancelled["method"]) == "CANCEL"
    event = event_of(cancelled)
    assert (str(event["uid"]), int(event["sequence"]), str(event["status"])) == (uid, 2, "CANCELLED")
    assert set(Invitation.objects.filter(workshop=workshop).values_list("status", flat=True)) == {"sent"}


def test_each_person_gets_the_mail_in_their_language(schedule, bob, admin):
    bob.language = "zh-hans"
    bob.save(update_fields=["language"])
    schedule("standup", participants=[bob])
    english = [m for m in mail.outbox if m.to == ["admin@acme.test"]][0]
    assert "Hello Ada Admin," in english.body
    assert "When:" in english.body
    chinese = [m for m in mail.outbox if m.to == ["bob@acme.test"]][0]
    assert "Bob 李" in chinese.body
    # Written inside speaking_to(bob): the date in Chinese form (Django's own zh-hans formats; the
    # frame's sentences come with the lead's merge of the catalogue).
    assert "年" in chinese.body and "年" not in english.body


def test_nothing_is_sent_inside_the_request(schedule, bob, templates, admin, soon):
    mail.outbox.clear()
    scheduling.schedule(
        admin, templates["standup"], title="站会", starts_at=soon, facilitator=admin, participants=[bob]
    )
    assert mail.outbox == []  # not committed: the job never ran
    assert Invitation.objects.filter(status=InvitationStatus.PENDING).count() == 2


def test_a_failed_send_stays_in_the_outbox_and_is_sent_again(
    settings, schedule, bob, admin, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1
    workshop = schedule("standup", participants=[bob])
    rows = Invitation.objects.filter(workshop=workshop)
    assert set(rows.values_list("status", flat=True)) == {InvitationStatus.FAILED}
    assert all(row.last_error for row in rows)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        assert invitations.resend_failed(workshop) == 2
    assert set(rows.values_list("status", flat=True)) == {InvitationStatus.SENT}


def test_running_the_job_twice_sends_nothing_twice(schedule, bob):
    workshop = schedule("standup", participants=[bob])
    sent = len(mail.outbox)
    assert send_invitations_task.call(workshop.pk) == 0
    assert len(mail.outbox) == sent


def test_an_unsent_older_version_is_superseded(schedule, admin, bob, soon, templates):
    workshop = scheduling.schedule(
        admin, templates["standup"], title="站会", starts_at=soon, facilitator=admin, participants=[bob]
    )
    scheduling.reschedule(admin, workshop, title="站会", starts_at=soon + datetime.timedelta(hours=1))
    rows = list(Invitation.objects.filter(workshop=workshop, person=bob).order_by("sequence"))
    assert [(r.sequence, r.status) for r in rows] == [(0, "superseded"), (1, "pending")]


def test_a_removed_person_gets_a_cancellation_for_their_calendar(
    schedule, admin, bob, django_capture_on_commit_callbacks
):
    workshop = schedule("standup", participants=[bob])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.remove_participant(admin, workshop.participants.get(person=bob))
    (message,) = mail.outbox
    assert message.to == ["bob@acme.test"]
    (part,) = message.attachments
    cal = icalendar.Calendar.from_ical(part.get_payload(decode=True))
    assert str(cal["method"]) == "CANCEL"
    assert "You are no longer invited" in message.body


@pytest.mark.parametrize("who", ["bob", "carol"])
def test_the_download_link_serves_the_calendar_to_those_who_see_the_meeting(
    client, schedule, bob, carol, who, request
):
    workshop = schedule("standup", participants=[bob])
    client.force_login(request.getfixturevalue(who))
    response = client.get(f"/workshops/{workshop.pk}/invitation.ics")
    if who == "carol":
        assert response.status_code == 404
        return
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    assert str(cal["method"]) == "PUBLISH"
    assert str(event_of(cal)["uid"]) == invitations.uid_of(workshop)
