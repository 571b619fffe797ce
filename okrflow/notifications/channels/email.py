"""Email through Django's mail (the SMTP server configured by EMAIL_URL), in the recipient's
language: the message text was stored in it, and the frame (greeting, footer) is rendered in it."""

import smtplib

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from okrflow.notifications.channels import ChannelError
from okrflow.notifications.routing import absolute_link, speaking_to

# Kinds whose mail a higher app writes itself, richer than the notice's stored text (the published
# cycle's digest: okrflow/publishing/digest.py), registered from that app's AppConfig.ready():
# {kind: renderer(notification) -> (subject, text, html)}. Sending, retries and the attempt log
# stay here and in delivery.py, the same for every kind.
RENDERERS: dict = {}
# Kinds whose mail carries files a higher app makes when the mail is sent (the weekly company
# report's PDF: okrflow/reports/schedules.py): {kind: attach(notification) -> [(filename, bytes,
# mimetype)]}. A file that cannot be made is a ChannelError, retried like a failed send.
ATTACHERS: dict = {}


def register_renderer(kind, renderer) -> None:
    RENDERERS[kind] = renderer


def register_attachments(kind, attach) -> None:
    ATTACHERS[kind] = attach


def render(notification) -> tuple[str, str]:
    """(subject, body) of the email for a notification."""
    recipient = notification.recipient
    context = {"notification": notification, "recipient": recipient,
               "link": absolute_link(notification.link)}
    with speaking_to(recipient):
        subject = render_to_string("notifications/email/subject.txt", context)
        body = render_to_string("notifications/email/body.txt", context)
    return " ".join(subject.split()), body


def send(notification) -> None:
    renderer = RENDERERS.get(notification.kind)
    subject, body, html = renderer(notification) if renderer else (*render(notification), "")
    # Auto-Submitted keeps out-of-office replies from answering a robot (RFC 3834).
    message = EmailMultiAlternatives(subject, body, to=[notification.recipient.email],
                                     headers={"Auto-Submitted": "auto-generated"})
    if html:
        message.attach_alternative(html, "text/html")
    attach = ATTACHERS.get(notification.kind)
    for filename, content, mimetype in attach(notification) if attach else ():
        message.attach(filename, content, mimetype)
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        raise ChannelError(f"{type(error).__name__}: {error}") from None
